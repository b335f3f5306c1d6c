#include "parzen.hpp"

#include <algorithm>
#include <cmath>

#include "fast_exp.hpp"
#include "normal.hpp"

namespace tpe {
namespace {
// Kernels whose (upper bound of) log term falls this far below the largest one change the sum
// by less than n * e^-40, far below double precision for any realistic n: they are skipped.
constexpr double kNegligible = 40.0;
constexpr double kSqrt2Pi = 2.50662827463100050242;

// Phi(b) - Phi(a) for a <= 0 <= b (a kernel centred in its support, so at least 0.38 as the
// bandwidth is at most the support's width): tails beyond 9 standard deviations (< 1e-19)
// are dropped, the others come from the table (absolute error 1e-12, relative 3e-12 here).
double support_mass(double a, double b) {
  if (a > 0 || b < 0) return std::exp(log_normal_mass(a, b));
  return 1.0 - ((a > -9 ? NormalCdfTable::lower(a) : 0.0) +
                (b < 9 ? NormalCdfTable::lower(-b) : 0.0));
}
}  // namespace

void Mixture::build(const Space& space, const int32_t* dims, int32_t k, const double* obs,
                    const double* weights, int32_t n, const EstimatorOptions& options) {
  k_ = k;
  n_kernels_ = n + 1;
  prior_weight_ = options.prior_weight;
  parts_.resize(size_t(k));
  weight_.resize(size_t(n_kernels_));
  cumulative_.resize(size_t(n_kernels_));
  double total = options.prior_weight;
  for (int32_t j = 0; j < n; ++j) total += weights[j];
  double running = 0;
  for (int32_t j = 0; j < n_kernels_; ++j) {
    weight_[size_t(j)] = (j < n ? weights[j] : options.prior_weight) / total;
    running += weight_[size_t(j)];
    cumulative_[size_t(j)] = running;
  }
  // One continuous dimension is the common case (univariate TPE) and the costly one: its
  // density is a plain weighted sum of Gaussians, evaluated with linear coefficients and no
  // logarithm per kernel. Everything else works in log space.
  linear_ =
      k == 1 && !space.dims[size_t(dims[0])].categorical && space.dims[size_t(dims[0])].step <= 0;
  for (int32_t d = 0; d < k; ++d) {
    Part& part = parts_[size_t(d)];
    part.dim = &space.dims[size_t(dims[d])];
    part.categorical = part.dim->categorical;
    part.discrete = !part.categorical && part.dim->step > 0;
    if (part.categorical)
      build_categorical(part, obs + d, k, n);
    else
      build_numeric(part, obs + d, k, n, k, options);
  }
  if (linear_)
    build_blocks();
  else
    build_constants();
}

// Each kernel's log weight plus the log normalisers of its continuous parts, from the product
// of the linear factors: one logarithm per kernel instead of one per kernel and dimension
// (the factors are between ~1 and 2.6 for equal-height kernels; the product is rescaled
// whenever it leaves a safe range, so normalised kernels on huge ranges cannot overflow).
void Mixture::build_constants() {
  const size_t m = size_t(n_kernels_);
  int32_t n_continuous = 0;
  for (const Part& part : parts_) n_continuous += !part.categorical && !part.discrete;
  constant_.resize(m);
  for (size_t j = 0; j < m; ++j) {
    double product = weight_[j], logs = 0;
    for (const Part& part : parts_) {
      if (part.categorical || part.discrete) continue;
      product *= part.factor[j];
      if (!(product > 1e-200 && product < 1e200)) {
        logs += std::log(product);
        product = 1;
      }
    }
    constant_[j] = logs + std::log(product) - n_continuous * kLogSqrt2Pi;
  }
}

void Mixture::build_blocks() {
  const Part& part = parts_[0];
  const int32_t n = n_kernels_ - 1;  // the prior kernel (last) is always summed
  blocks_.clear();
  for (int32_t b = 0; b < n; b += kBlock) {
    const int32_t e = std::min(n, b + kBlock);
    Block block{part.mu[size_t(b)], part.mu[size_t(b)], 0.0, 0.0};
    double widest = 0, coef = 0;
    for (int32_t j = b; j < e; ++j) {
      block.lo = std::min(block.lo, part.mu[size_t(j)]);
      block.hi = std::max(block.hi, part.mu[size_t(j)]);
      widest = std::max(widest, part.sigma[size_t(j)]);
      coef += part.coef[size_t(j)];
    }
    // A point mass (inv_sigma 0) is never far: an infinite widest bandwidth keeps it summed.
    block.inv_widest = widest > 0 && part.inv_sigma[size_t(b)] > 0 ? 1.0 / widest : 0.0;
    block.log_coef = std::log(std::max(coef, 1e-300));
    blocks_.push_back(block);
  }
}

void Mixture::build_numeric(Part& part, const double* obs, int32_t stride, int32_t n, int32_t k,
                            const EstimatorOptions& options) {
  const Dim& dim = *part.dim;
  const double lo = dim.support_low(), hi = dim.support_high(), width = dim.width();
  const double prior_mu = 0.5 * (dim.low + dim.high);
  const size_t m = size_t(n) + 1;
  if (!(width > 0)) {
    // Bounds that leave one value: a point mass, log density 0 wherever it is asked.
    part.mu.assign(m, dim.low);
    part.sigma.assign(m, 1.0);
    part.inv_sigma.assign(m, 0.0);
    part.log_norm.assign(part.discrete ? m : 0, 0.0);
    part.factor.assign(linear_ || part.discrete ? 0 : m, kSqrt2Pi);  // cancels the 1/sqrt(2 pi)
    part.coef.assign(weight_.begin(), weight_.end());
    return;
  }
  part.mu.resize(m);
  part.sigma.resize(m);
  for (int32_t j = 0; j < n; ++j) part.mu[size_t(j)] = obs[size_t(j) * size_t(stride)];
  part.mu[size_t(n)] = prior_mu;

  if (options.multivariate) {
    double s = 0.2 * std::pow(double(std::max(n, 1)), -1.0 / (k + 4)) * width;
    std::fill(part.sigma.begin(), part.sigma.end(), s);
  } else {
    // Distance to the farther neighbour among the sorted observations and the prior's centre,
    // with the support's ends as outer neighbours. The rows arrive sorted, so the prior is
    // merged in at its place instead of sorting.
    int32_t pos =
        int32_t(std::lower_bound(part.mu.begin(), part.mu.begin() + n, prior_mu) - part.mu.begin());
    auto sorted_at = [&](int32_t i) -> double {  // i in [-1, m]: with the ends
      if (i < 0) return lo;
      if (i >= int32_t(m)) return hi;
      if (i < pos) return part.mu[size_t(i)];
      if (i == pos) return prior_mu;
      return part.mu[size_t(i - 1)];
    };
    for (int32_t i = 0; i < int32_t(m); ++i) {
      double left = sorted_at(i) - sorted_at(i - 1), right = sorted_at(i + 1) - sorted_at(i);
      double s = std::max(left, right);
      if (!options.consider_endpoints && m >= 2) {
        if (i == 0) s = right;
        if (i == int32_t(m) - 1) s = left;
      }
      if (i == pos) continue;  // the prior's own bandwidth is the whole range
      part.sigma[size_t(i < pos ? i : i - 1)] = s;
    }
  }
  const double min_sigma = width / std::min(100.0, 2.0 + n), max_sigma = width;
  for (int32_t j = 0; j < n; ++j)
    part.sigma[size_t(j)] = std::clamp(part.sigma[size_t(j)], min_sigma, max_sigma);
  part.sigma[size_t(n)] = width;

  part.inv_sigma.resize(m);
  part.log_norm.resize(part.discrete ? m : 0);
  part.factor.resize(linear_ || part.discrete ? 0 : m);
  part.coef.resize(linear_ ? m : 0);
  part.log_cell.resize(part.discrete ? m : 0);
  for (size_t j = 0; j < m; ++j) {
    double s = part.sigma[j], inv = 1.0 / s;
    part.inv_sigma[j] = inv;
    const double z_mass = support_mass((lo - part.mu[j]) * inv, (hi - part.mu[j]) * inv);
    // Heights: a true density peaks at 1 / sigma; equal heights keep the peak independent of
    // the bandwidth (see EstimatorOptions::normalized_kernels).
    const double height = options.normalized_kernels ? inv : 1.0;
    if (linear_) {
      part.coef[j] = weight_[j] * height / (z_mass * kSqrt2Pi);
    } else if (part.discrete) {
      part.log_norm[j] = -std::log(z_mass);
      part.log_cell[j] = std::log(dim.step * inv) - kLogSqrt2Pi;
    } else {
      // Folded into the kernel's constant by build(): one logarithm per kernel, not per part.
      part.factor[j] = height / z_mass;
    }
  }
}

void Mixture::build_categorical(Part& part, const double* obs, int32_t stride, int32_t n) {
  const int32_t c = part.dim->n_choices;
  part.choice.resize(size_t(n) + 1);
  for (int32_t j = 0; j < n; ++j) part.choice[size_t(j)] = int32_t(obs[size_t(j) * size_t(stride)]);
  part.choice[size_t(n)] = -1;
  // Each observed kernel: prior_weight / n_kernels on every choice plus 1 on its own, normalised.
  const double base = prior_weight_ / double(n + 1);
  const double row = c * base + 1.0;
  part.log_hit = std::log((base + 1.0) / row);
  part.log_miss = std::log(base / row);
  part.log_uniform = -std::log(double(c));
  part.hit_share = 1.0 / row;
}

double Mixture::bound_discrete(const Part& part, int32_t j, double x) const {
  size_t i = size_t(j);
  double t = std::max(0.0, std::abs(x - part.mu[i]) - 0.5 * part.dim->step) * part.inv_sigma[i];
  return part.log_norm[i] + std::min(0.0, part.log_cell[i] - 0.5 * t * t);
}

double Mixture::exact_discrete(const Part& part, int32_t j, double x) const {
  size_t i = size_t(j);
  double half = 0.5 * part.dim->step, inv = part.inv_sigma[i];
  return part.log_norm[i] +
         log_normal_mass((x - half - part.mu[i]) * inv, (x + half - part.mu[i]) * inv);
}

void Mixture::sample(Rng& rng, int32_t n, double* out) const {
  for (int32_t i = 0; i < n; ++i) {
    double u = rng.uniform() * cumulative_.back();
    size_t j =
        size_t(std::upper_bound(cumulative_.begin(), cumulative_.end(), u) - cumulative_.begin());
    j = std::min(j, cumulative_.size() - 1);
    for (int32_t d = 0; d < k_; ++d) {
      const Part& part = parts_[size_t(d)];
      double& x = out[size_t(i) * size_t(k_) + size_t(d)];
      if (part.categorical) {
        int32_t c = part.dim->n_choices;
        if (part.choice[j] >= 0 && rng.uniform() < part.hit_share)
          x = part.choice[j];
        else
          x = double(rng.below(c));
        continue;
      }
      const Dim& dim = *part.dim;
      double mu = part.mu[j], s = part.sigma[j];
      double z = truncated_normal((dim.support_low() - mu) / s, (dim.support_high() - mu) / s,
                                  rng.uniform());
      x = dim.snap(mu + s * z);
    }
  }
}

// The two loops that carry the cost of an ask at thousands of trials; compiled for AVX2 too
// where the CPU has it (picked at load time), plain SSE2 otherwise.
#if defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__) && \
    !defined(__SANITIZE_ADDRESS__)
#define TPE_HOT __attribute__((target_clones("avx2,fma", "default")))
#else
#define TPE_HOT
#endif

// acc = base - z^2 / 2 (base: the kernel constants, or the terms of earlier parts).
TPE_HOT static void add_gaussian_terms(double* acc, const double* base, const double* mu,
                                       const double* inv, size_t m, double x) {
  for (size_t j = 0; j < m; ++j) {
    const double z = (x - mu[j]) * inv[j];
    acc[j] = base[j] - 0.5 * z * z;
  }
}

// The exponentials go through a buffer: a floating-point sum cannot be reordered into vector
// lanes by the compiler, a map can; the sum then runs on four independent accumulators.
static double sum4(const double* v, size_t m) {
  double s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  size_t j = 0;
  for (; j + 4 <= m; j += 4) {
    s0 += v[j];
    s1 += v[j + 1];
    s2 += v[j + 2];
    s3 += v[j + 3];
  }
  for (; j < m; ++j) s0 += v[j];
  return (s0 + s1) + (s2 + s3);
}

// sum_j coef_j exp(-z_j^2 / 2): the density of one continuous dimension. Exponents stop at
// -600, not -700: times a small coefficient, e^-700 would be a subnormal number, and
// arithmetic on those is many times slower.
TPE_HOT static double gaussian_sum(const double* coef, const double* mu, const double* inv,
                                   size_t m, double x, double* tmp) {
  for (size_t j = 0; j < m; ++j) {
    const double z = (x - mu[j]) * inv[j];
    const double e = -0.5 * z * z;
    tmp[j] = e > -600.0 ? e : -600.0;
  }
  for (size_t j = 0; j < m; ++j) tmp[j] = coef[j] * exp_nonpositive(tmp[j]);
  return sum4(tmp, m);
}

// Terms below e^-700 become e^-700: harmless next to the prior kernel's term.
TPE_HOT static void exp_below(const double* acc, size_t m, double top, double* out) {
  for (size_t j = 0; j < m; ++j) {
    const double x = acc[j] - top;
    out[j] = x > -700.0 ? x : -700.0;
  }
  for (size_t j = 0; j < m; ++j) out[j] = exp_nonpositive(out[j]);
}

// The density of one continuous dimension at x: the prior kernel, plus every block of observed
// kernels that can matter next to it. Inside the support the prior's term is at least
// coef * e^-1/8 (its bandwidth is the support's width), so skipping blocks bounded below
// e^-40 of it, n_blocks of them at most, changes the sum by a relative 1e-17 * n_blocks.
double Mixture::linear_density(double x) {
  const Part& part = parts_[0];
  const size_t prior = size_t(n_kernels_) - 1;
  const double zp = (x - part.mu[prior]) * part.inv_sigma[prior];
  const double prior_term = part.coef[prior] * std::exp(-0.5 * zp * zp);
  const double cut = std::log(std::max(prior_term, 1e-300)) - kNegligible -
                     std::log(double(std::max<size_t>(blocks_.size(), 1)));
  double sum = prior_term;
  size_t run_begin = 0, run_end = 0;  // consecutive blocks to sum go through one call
  auto flush = [&] {
    if (run_end > run_begin)
      sum += gaussian_sum(part.coef.data() + run_begin, part.mu.data() + run_begin,
                          part.inv_sigma.data() + run_begin, run_end - run_begin, x,
                          scratch_.data());
  };
  for (size_t b = 0; b < blocks_.size(); ++b) {
    const Block& block = blocks_[b];
    const double gap = std::max({0.0, block.lo - x, x - block.hi}) * block.inv_widest;
    if (block.log_coef - 0.5 * gap * gap < cut) continue;
    const size_t begin = b * size_t(kBlock), end = std::min(prior, begin + size_t(kBlock));
    if (begin != run_end) {
      flush();
      run_begin = begin;
    }
    run_end = end;
  }
  flush();
  return sum;
}

void Mixture::log_pdf(const double* x, int32_t n, double* out) {
  const size_t m = size_t(n_kernels_);
  acc_.resize(m);
  scratch_.resize(m);
  if (linear_) {
    // The prior kernel alone keeps the sum above ~1e-3 / range inside the support, so
    // the floor only guards against inputs far outside it.
    for (int32_t i = 0; i < n; ++i) out[i] = std::log(std::max(linear_density(x[i]), 1e-300));
    return;
  }
  bool any_discrete = false;
  // Every kernel's log term is at most its constant (weight and continuous normalisers) plus
  // each other part's largest log term, so this is a safe reference for the sum without a
  // pass to find the maximum; the prior kernel keeps the sum far from underflow (checked
  // below anyway).
  double ceiling = *std::max_element(constant_.begin(), constant_.end());
  for (const Part& part : parts_) {
    any_discrete |= part.discrete;
    if (part.categorical)
      ceiling += std::max(part.log_hit, part.log_uniform);
    else if (part.discrete)
      ceiling += *std::max_element(part.log_norm.begin(), part.log_norm.end());
  }
  for (int32_t i = 0; i < n; ++i) {
    const double* xi = x + size_t(i) * size_t(k_);
    // The first part starts from the kernel constants, later ones from the running sum.
    const double* from = constant_.data();
    for (int32_t d = 0; d < k_; ++d) {
      const Part& part = parts_[size_t(d)];
      const double v = xi[d];
      double* acc = acc_.data();
      if ((part.categorical || part.discrete) && from != acc) {
        std::copy(constant_.begin(), constant_.end(), acc_.begin());
        from = acc;
      }
      if (part.categorical) {
        const int32_t c = int32_t(v);
        for (size_t j = 0; j < m; ++j)
          acc[j] += part.choice[j] == c ? part.log_hit
                                        : (part.choice[j] < 0 ? part.log_uniform : part.log_miss);
      } else if (part.discrete) {
        for (size_t j = 0; j < m; ++j) acc[j] += bound_discrete(part, int32_t(j), v);
      } else {
        add_gaussian_terms(acc, from, part.mu.data(), part.inv_sigma.data(), m, v);
        from = acc;
      }
    }
    if (!any_discrete) {
      exp_below(acc_.data(), m, ceiling, scratch_.data());
      const double sum = sum4(scratch_.data(), m);
      if (sum > 1e-250) {
        out[i] = ceiling + std::log(sum);
        continue;
      }
    }
    // Exact path: the maximum as reference, kernels far below it skipped, and for grid
    // dimensions the bounds replaced by exact cell masses where the kernel matters.
    double top = *std::max_element(acc_.begin(), acc_.end());
    const double floor = top - kNegligible;
    size_t kept = 0;
    for (size_t j = 0; j < m; ++j) {
      if (acc_[j] <= floor) continue;
      double v = acc_[j];
      for (int32_t d = 0; d < k_; ++d) {
        const Part& part = parts_[size_t(d)];
        if (!part.discrete) continue;
        v += exact_discrete(part, int32_t(j), xi[d]) - bound_discrete(part, int32_t(j), xi[d]);
      }
      scratch_[kept++] = v;
    }
    top = *std::max_element(scratch_.begin(), scratch_.begin() + long(kept));
    double sum = 0;
    for (size_t j = 0; j < kept; ++j) sum += std::exp(scratch_[j] - top);
    out[i] = top + std::log(sum);
  }
}

}  // namespace tpe
