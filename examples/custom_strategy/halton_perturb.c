/*
 * halton_perturb — an amsearch search strategy written in plain C99 against the SDK alone.
 *
 * It starts with a seeded quasi-random design (a Halton sequence, shifted per dimension by a
 * seeded random offset so different seeds give different but equally even designs), then
 * searches around the best trial seen so far: each new trial changes a few coordinates of the
 * incumbent by a random amount that shrinks when no improvement comes, and grows back (a
 * restart) once it has become tiny.
 *
 * It respects everything an ams_space says: float/int/categorical/bool types, bounds, log
 * scales, steps, and conditional parameters (a parameter is active only when its parent is
 * active and takes one of the parent values; inactive parameters are NaN). It accepts results
 * of trials it never proposed (resume, warm start), and answers AMS_EXHAUSTED once the
 * study has asked for max_trials trials, when that option is set.
 *
 * Options ([strategy] table of the pipeline):
 *   max_trials     integer >= 1, optional: propose no more than this many trials in total
 *   startup_trials integer >= 0, default 8: quasi-random trials before searching locally
 *   radius         number in (0, 1], default 0.25: initial perturbation, as a share of each
 *                  parameter's (log-)range
 *   patience       integer >= 1, default 4: non-improving results before the radius halves
 *
 * Thread rules (ams.h): the host calls one strategy object from one thread at a time, so the
 * object needs no locking. Several trials may be in flight: ask may come again before tell.
 */
#include <ams/ams.h>

#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

static const ams_host_api* host;

/* ---- Random numbers: splitmix64, small and good enough for proposals -------------------- */

static uint64_t next_u64(uint64_t* state) {
  uint64_t z = (*state += 0x9E3779B97F4A7C15ull);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
  return z ^ (z >> 31);
}

/* Uniform in [0, 1). */
static double next_unit(uint64_t* state) { return (double)(next_u64(state) >> 11) * 0x1.0p-53; }

/* Standard normal, by Box-Muller. */
static double next_normal(uint64_t* state) {
  double u = 1.0 - next_unit(state); /* (0, 1]: log(u) is finite */
  double v = next_unit(state);
  return sqrt(-2.0 * log(u)) * cos(6.283185307179586 * v);
}

/* ---- The Halton sequence ---------------------------------------------------------------- */

static const int primes[] = {2,  3,  5,  7,  11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53,
                             59, 61, 67, 71, 73, 79, 83, 89, 97, 101, 103, 107, 109, 113};
#define N_PRIMES ((int32_t)(sizeof primes / sizeof primes[0]))

/* The radical inverse of index in the given base: the index-th Halton coordinate. */
static double radical_inverse(uint64_t index, int base) {
  double result = 0.0, f = 1.0 / base;
  while (index > 0) {
    result += f * (double)(index % (uint64_t)base);
    index /= (uint64_t)base;
    f /= base;
  }
  return result;
}

/* ---- Mapping between a parameter's values and the unit interval ------------------------- */

static int uses_log(const ams_param* p) {
  return p->log && p->low > 0 && (p->type == AMS_PARAM_FLOAT || p->type == AMS_PARAM_INT);
}

/* Snaps v to the grid low, low + step, ... and into [low, high]. */
static double snap(const ams_param* p, double v) {
  double step = p->step;
  if (p->type == AMS_PARAM_INT && step <= 0) step = 1;
  if (step > 0) {
    double k = floor((v - p->low) / step + 0.5);
    double top = floor((p->high - p->low) / step + 1e-9);
    if (k < 0) k = 0;
    if (k > top) k = top;
    v = p->low + k * step;
  }
  if (v < p->low) v = p->low;
  if (v > p->high) v = p->high;
  return v;
}

/* A parameter value for a point u in [0, 1]. */
static double from_unit(const ams_param* p, double u) {
  if (u < 0) u = 0;
  if (u > 1) u = 1;
  switch (p->type) {
    case AMS_PARAM_CATEGORICAL: {
      int32_t n = p->n_choices > 0 ? p->n_choices : (int32_t)p->high + 1;
      int32_t k = (int32_t)(u * n);
      return (double)(k < n ? k : n - 1);
    }
    case AMS_PARAM_BOOL:
      return u < 0.5 ? 0.0 : 1.0;
    case AMS_PARAM_INT: {
      /* Each integer owns an equal share of the (log-)range: widen by half a unit. */
      double lo = p->low - 0.5, hi = p->high + 0.5;
      if (uses_log(p)) {
        lo = log(p->low > 0.5 ? p->low - 0.5 : p->low);
        hi = log(p->high + 0.5);
        return snap(p, exp(lo + u * (hi - lo)));
      }
      return snap(p, lo + u * (hi - lo));
    }
    default:
      if (uses_log(p)) return snap(p, exp(log(p->low) + u * (log(p->high) - log(p->low))));
      return snap(p, p->low + u * (p->high - p->low));
  }
}

/* The point in [0, 1] a value came from (the centre of its cell for discrete types). */
static double to_unit(const ams_param* p, double v) {
  double lo, hi;
  switch (p->type) {
    case AMS_PARAM_CATEGORICAL: {
      int32_t n = p->n_choices > 0 ? p->n_choices : (int32_t)p->high + 1;
      return (v + 0.5) / n;
    }
    case AMS_PARAM_BOOL:
      return v != 0 ? 0.75 : 0.25;
    case AMS_PARAM_INT:
      lo = p->low - 0.5;
      hi = p->high + 0.5;
      if (uses_log(p)) {
        lo = log(p->low > 0.5 ? p->low - 0.5 : p->low);
        hi = log(p->high + 0.5);
        v = log(v);
      }
      break;
    default:
      lo = p->low;
      hi = p->high;
      if (uses_log(p)) {
        lo = log(lo);
        hi = log(hi);
        v = log(v);
      }
  }
  return hi > lo ? (v - lo) / (hi - lo) : 0.5;
}

/* Whether parameter i is active given the values already chosen for its parents. */
static int is_active(const ams_space* space, const double* values, int32_t i) {
  const ams_param* p = space->params[i];
  double parent_value;
  int32_t k;
  if (p->parent < 0) return 1;
  parent_value = values[p->parent];
  if (isnan(parent_value)) return 0;
  for (k = 0; k < p->n_parent_values; ++k)
    if (p->parent_values[k] == parent_value) return 1;
  return 0;
}

/* ---- The strategy object ---------------------------------------------------------------- */

typedef struct halton_perturb {
  ams_context* ctx;
  const ams_space* space;
  int64_t max_trials; /* 0: unlimited */
  int64_t startup_trials;
  double initial_radius;
  int64_t patience;

  uint64_t rng;
  double* shift;      /* per-dimension offset of the Halton design */
  double* best;       /* the incumbent's values, valid when has_best */
  double best_value;
  int has_best;
  double radius;
  int64_t stale;      /* results since the last improvement */
  int64_t told;       /* complete results seen, asked or not */
} halton_perturb;

static void* create(ams_context* ctx) {
  halton_perturb* s = (halton_perturb*)calloc(1, sizeof *s);
  ams_status st;
  int bad = 0;
  if (!s) {
    host->set_error(ctx, "out of memory");
    return NULL;
  }
  s->ctx = ctx;
  s->startup_trials = 8;
  s->initial_radius = 0.25;
  s->patience = 4;

  /* Presets stay when an option is absent; AMS_ERR_TYPE means the value has the wrong type.
   * Every option is checked so that one run reports every mistake at once. */
  st = host->get_int(ctx, "max_trials", &s->max_trials);
  if (st == AMS_ERR_TYPE || (st == AMS_OK && s->max_trials < 1))
    bad |= host->option_error(ctx, "max_trials", "must be an integer >= 1") != AMS_OK;
  st = host->get_int(ctx, "startup_trials", &s->startup_trials);
  if (st == AMS_ERR_TYPE || s->startup_trials < 0)
    bad |= host->option_error(ctx, "startup_trials", "must be an integer >= 0") != AMS_OK;
  st = host->get_double(ctx, "radius", &s->initial_radius);
  if (st == AMS_ERR_TYPE || !(s->initial_radius > 0 && s->initial_radius <= 1))
    bad |= host->option_error(ctx, "radius", "must be a number in (0, 1]") != AMS_OK;
  st = host->get_int(ctx, "patience", &s->patience);
  if (st == AMS_ERR_TYPE || s->patience < 1)
    bad |= host->option_error(ctx, "patience", "must be an integer >= 1") != AMS_OK;
  if (bad) {
    free(s);
    return NULL;
  }
  s->rng = host->seed(ctx);
  s->radius = s->initial_radius;
  return s;
}

static void destroy(void* self) {
  halton_perturb* s = (halton_perturb*)self;
  free(s->shift);
  free(s->best);
  free(s);
}

static ams_status start(void* self, const ams_space* space) {
  halton_perturb* s = (halton_perturb*)self;
  int32_t i, n = space->n_params;
  s->space = space;
  s->shift = (double*)calloc((size_t)(n > 0 ? n : 1), sizeof(double));
  s->best = (double*)calloc((size_t)(n > 0 ? n : 1), sizeof(double));
  if (!s->shift || !s->best) {
    host->set_error(s->ctx, "out of memory");
    return AMS_ERR_NO_MEMORY;
  }
  for (i = 0; i < n; ++i) s->shift[i] = next_unit(&s->rng);
  return AMS_OK;
}

/* The number-th point of the shifted Halton design, mapped onto the space. */
static void design_point(halton_perturb* s, int64_t number, double* values) {
  int32_t i;
  for (i = 0; i < s->space->n_params; ++i) {
    double u;
    if (!is_active(s->space, values, i)) {
      values[i] = NAN;
      continue;
    }
    /* Index + 1: the sequence's first point (all zeros) would sit on every lower bound. */
    u = i < N_PRIMES ? radical_inverse((uint64_t)number + 1, primes[i]) : next_unit(&s->rng);
    u += s->shift[i];
    values[i] = from_unit(s->space->params[i], u - floor(u));
  }
}

/* The incumbent with a few coordinates moved. */
static void perturbed_point(halton_perturb* s, double* values) {
  const ams_space* space = s->space;
  int32_t i, n = space->n_params;
  /* Each coordinate moves with probability 2/n, and one chosen at random always does: small,
   * local steps that still mix dimensions, as in coordinate-wise pattern search. */
  double p_move = n > 2 ? 2.0 / n : 1.0;
  int32_t forced = -1, n_active = 0;
  for (i = 0; i < n; ++i) n_active += !isnan(s->best[i]);
  if (n_active > 0) {
    /* The k-th parameter active in the incumbent: moving an inactive one changes nothing. */
    int32_t k = (int32_t)(next_u64(&s->rng) % (uint64_t)n_active);
    for (i = 0; i < n && forced < 0; ++i)
      if (!isnan(s->best[i]) && k-- == 0) forced = i;
  }
  for (i = 0; i < n; ++i) {
    const ams_param* p = space->params[i];
    int move;
    if (!is_active(space, values, i)) {
      values[i] = NAN;
      continue;
    }
    move = i == forced || next_unit(&s->rng) < p_move;
    if (isnan(s->best[i])) {
      /* Active now, inactive in the incumbent (its parent moved): start anywhere. */
      values[i] = from_unit(p, next_unit(&s->rng));
    } else if (!move) {
      values[i] = s->best[i];
    } else if (p->type == AMS_PARAM_CATEGORICAL || p->type == AMS_PARAM_BOOL) {
      /* No notion of distance: switch to another choice; unless this is the coordinate that
       * must move, only with a chance that shrinks with the radius. */
      int32_t n_values = p->type == AMS_PARAM_BOOL ? 2 : (int32_t)p->high + 1;
      values[i] = s->best[i];
      if (n_values > 1 && (i == forced || next_unit(&s->rng) < 2 * s->radius)) {
        int32_t k = (int32_t)(next_unit(&s->rng) * (n_values - 1)); /* 0 .. n_values-2 */
        values[i] = (double)(k >= (int32_t)s->best[i] ? k + 1 : k);
      }
    } else {
      double u = to_unit(p, s->best[i]) + s->radius * next_normal(&s->rng);
      /* Reflect at the bounds, so the edges are not sampled more than the inside. */
      u = fabs(u);
      u = 1.0 - fabs(1.0 - fmod(u, 2.0));
      values[i] = from_unit(p, u);
    }
  }
}

static ams_status ask(void* self, int64_t number, double* values, double* budget) {
  halton_perturb* s = (halton_perturb*)self;
  if (s->max_trials > 0 && number >= s->max_trials) return AMS_EXHAUSTED;
  if (!s->has_best || s->told < s->startup_trials)
    design_point(s, number, values);
  else
    perturbed_point(s, values);
  *budget = 1.0;
  return AMS_OK;
}

static ams_status tell(void* self, const ams_trial_result* result) {
  halton_perturb* s = (halton_perturb*)self;
  int32_t i;
  /* Pruned and failed trials say nothing reliable about their point. */
  if (result->state != AMS_TRIAL_COMPLETE || isnan(result->value)) return AMS_OK;
  if (result->trial.n_params != s->space->n_params) {
    host->set_error(s->ctx, "told a trial whose parameter count does not match the space");
    return AMS_ERR_INVALID;
  }
  s->told++;
  if (!s->has_best || result->value < s->best_value) {
    for (i = 0; i < s->space->n_params; ++i) s->best[i] = result->trial.values[i];
    s->best_value = result->value;
    s->has_best = 1;
    s->stale = 0;
    return AMS_OK;
  }
  if (++s->stale >= s->patience) {
    s->stale = 0;
    s->radius *= 0.5;
    if (s->radius < 0.01) s->radius = s->initial_radius; /* converged here: look wider */
  }
  return AMS_OK;
}

/* ---- Descriptors ------------------------------------------------------------------------ */

static const ams_strategy_vtable vtable = {
    sizeof(ams_strategy_vtable), start, ask, tell, NULL /* never prunes */};

static const ams_component component = {
    sizeof(ams_component),
    AMS_KIND_STRATEGY,
    "halton_perturb",
    "1.0.0",
    "Seeded Halton design, then perturbations of the best trial with a shrinking radius",
    create,
    destroy,
    &vtable,
    NULL};

static const ams_component* const components[] = {&component};

static ams_status init(const ams_host_api* api, const char* plugin_path) {
  (void)plugin_path;
  if (api->abi_major != AMS_ABI_MAJOR) return AMS_ERR_UNSUPPORTED;
  host = api;
  return AMS_OK;
}

AMS_PLUGIN_ENTRY {
  static const ams_plugin_entry entry = {sizeof(ams_plugin_entry),
                                         AMS_ABI_MAJOR,
                                         AMS_ABI_MINOR,
                                         "org.example.halton_perturb",
                                         "1.0.0",
                                         "Example Inc.",
                                         init,
                                         NULL,
                                         1,
                                         components};
  return &entry;
}
