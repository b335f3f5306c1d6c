/* A plugin written in plain C99, as a vendor without C++ would write one: a strategy that
 * sweeps every numeric parameter from its low to its high bound in max_trials even steps, and
 * a weighted mean-absolute-error metric. init and deinit log, so tests can see when the host
 * calls them. */
#include <ams/ams.h>

#include <math.h>
#include <stdlib.h>

static const ams_host_api* host;

typedef struct sweep {
  ams_context* ctx;
  const ams_space* space;
  int64_t max_trials;
  int64_t told;
} sweep;

static void* sweep_create(ams_context* ctx) {
  sweep* s = (sweep*)calloc(1, sizeof *s);
  if (!s) {
    host->set_error(ctx, "out of memory");
    return NULL;
  }
  s->ctx = ctx;
  s->max_trials = 3;
  if (host->get_int(ctx, "max_trials", &s->max_trials) == AMS_ERR_TYPE || s->max_trials < 1) {
    host->option_error(ctx, "max_trials", "must be a positive integer");
    free(s);
    return NULL;
  }
  return s;
}

static void sweep_destroy(void* self) { free(self); }

static ams_status sweep_start(void* self, const ams_space* space) {
  ((sweep*)self)->space = space;
  return AMS_OK;
}

static ams_status sweep_ask(void* self, int64_t number, double* values, double* budget) {
  sweep* s = (sweep*)self;
  int32_t i;
  double t;
  if (number >= s->max_trials) return AMS_EXHAUSTED;
  t = (double)(number + 1) / (double)(s->max_trials + 1);
  for (i = 0; i < s->space->n_params; ++i) {
    const ams_param* p = s->space->params[i];
    values[i] = p->parent >= 0 ? NAN : p->low + (p->high - p->low) * t;
  }
  *budget = 1.0;
  return AMS_OK;
}

static ams_status sweep_tell(void* self, const ams_trial_result* result) {
  if (result->state == AMS_TRIAL_COMPLETE) ((sweep*)self)->told++;
  return AMS_OK;
}

static const ams_strategy_vtable sweep_vtable = {
    sizeof(ams_strategy_vtable), sweep_start, sweep_ask, sweep_tell, NULL};

static const ams_component sweep_component = {
    sizeof(ams_component), AMS_KIND_STRATEGY, "abi_c_sweep", "1.0.0",
    "Test: sweeps numeric parameters evenly", sweep_create, sweep_destroy, &sweep_vtable, NULL};

static int metric_token;

static void* mae_create(ams_context* ctx) {
  (void)ctx;
  return &metric_token;
}

static void mae_destroy(void* self) { (void)self; }

static ams_status mae_score(void* self, const ams_metric_input* in, double* out) {
  double sum = 0, weights = 0;
  int64_t i;
  (void)self;
  for (i = 0; i < in->n; ++i) {
    double w = in->sample_weight ? in->sample_weight[i] : 1.0;
    sum += w * fabs(in->y_true[i] - in->y_pred[i]);
    weights += w;
  }
  *out = weights > 0 ? sum / weights : NAN;
  return AMS_OK;
}

static const ams_metric_vtable mae_vtable = {sizeof(ams_metric_vtable), AMS_MINIMIZE,
                                             AMS_METRIC_REGRESSION, mae_score};

static const ams_component mae_component = {
    sizeof(ams_component), AMS_KIND_METRIC, "abi_c_mae", "1.0.0",
    "Test: weighted mean absolute error", mae_create, mae_destroy, &mae_vtable, NULL};

static ams_status plugin_init(const ams_host_api* api, const char* path) {
  (void)path;
  host = api;
  host->log(NULL, AMS_LOG_INFO, "abi_c_plugin: init");
  return AMS_OK;
}

static void plugin_deinit(void) { host->log(NULL, AMS_LOG_INFO, "abi_c_plugin: deinit"); }

static const ams_component* const components[] = {&sweep_component, &mae_component};

AMS_PLUGIN_ENTRY {
  static const ams_plugin_entry entry = {sizeof(ams_plugin_entry), AMS_ABI_MAJOR, AMS_ABI_MINOR,
                                         "org.amsearch.test.c_plugin", "1.0.0", "amsearch tests",
                                         plugin_init, plugin_deinit, 2, components};
  return &entry;
}
