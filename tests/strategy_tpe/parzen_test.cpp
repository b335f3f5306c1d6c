// The Parzen estimator's log densities against Optuna 3.1's formulas computed the plain way
// (every kernel summed in long double, no skipping, no fast exp): bandwidths from the sorted
// neighbours with the prior's centre and the bounds (univariate) or Scott-like (multivariate),
// magic clip, prior kernel, truncated normals whose log density omits the scale term.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <random>
#include <vector>

#include "common.hpp"
#include "normal.hpp"
#include "parzen.hpp"

namespace {

using Kernels = std::vector<std::vector<double>>;  // [dim][kernel]

long double phi_cdf(long double z) { return 0.5L * std::erfc(-z / std::sqrt(2.0L)); }
// Phi(b) - Phi(a), from the upper tails above zero so that it does not cancel there.
long double gauss_mass(long double a, long double b) {
  return a > 0 ? phi_cdf(-a) - phi_cdf(-b) : phi_cdf(b) - phi_cdf(a);
}

// Optuna's _calculate_numerical_params for one dimension, univariate rule, prior included.
void optuna_univariate(const std::vector<double>& obs, double lo, double hi,
                       std::vector<double>& mus, std::vector<double>& sigmas) {
  const double width = hi - lo;
  mus = obs;
  mus.push_back(0.5 * (lo + hi));
  std::vector<size_t> order(mus.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) { return mus[a] < mus[b]; });
  std::vector<double> with_ends{lo};
  for (size_t i : order) with_ends.push_back(mus[i]);
  with_ends.push_back(hi);
  const size_t m = mus.size();
  std::vector<double> sorted_sigma(m);
  for (size_t i = 0; i < m; ++i)
    sorted_sigma[i] =
        std::max(with_ends[i + 1] - with_ends[i], with_ends[i + 2] - with_ends[i + 1]);
  if (with_ends.size() >= 4) {
    sorted_sigma[0] = with_ends[2] - with_ends[1];
    sorted_sigma[m - 1] = with_ends[m] - with_ends[m - 1];
  }
  sigmas.assign(m, 0);
  for (size_t i = 0; i < m; ++i) sigmas[order[i]] = sorted_sigma[i];
  const double min_sigma = width / std::min(100.0, 1.0 + double(m));
  for (double& s : sigmas) s = std::clamp(s, min_sigma, width);
  sigmas[m - 1] = width;
}

// log of sum_j w_j prod_d exp(-z^2 / 2) / (sqrt(2 pi) (Phi(b) - Phi(a))), weights normalised.
double reference_log_pdf(const Kernels& mus, const Kernels& sigmas, const std::vector<double>& w,
                         const std::vector<std::pair<double, double>>& bounds,
                         const double* x) {
  long double total = std::accumulate(w.begin(), w.end(), 0.0L), sum = 0;
  for (size_t j = 0; j < w.size(); ++j) {
    long double term = w[j] / total;
    for (size_t d = 0; d < mus.size(); ++d) {
      const long double s = sigmas[d][j], mu = mus[d][j];
      const long double z = (x[d] - mu) / s;
      const long double mass = gauss_mass((bounds[d].first - mu) / s, (bounds[d].second - mu) / s);
      term *= std::exp(-0.5L * z * z) / (std::sqrt(2 * M_PIl) * mass);
    }
    sum += term;
  }
  return double(std::log(sum));
}

// Observations crowded around one point (as a converging search leaves them) plus a spread.
std::vector<double> crowded(std::mt19937_64& rng, int n, double lo, double hi) {
  std::normal_distribution<double> near(lo + 0.3 * (hi - lo), 0.02 * (hi - lo));
  std::uniform_real_distribution<double> any(lo, hi);
  std::vector<double> v;
  for (int i = 0; i < n; ++i) v.push_back(std::clamp(i % 3 ? near(rng) : any(rng), lo, hi));
  return v;
}

// Optuna's default_weights: a ramp from 1/n for all but the newest 25.
std::vector<double> ramp_weights(int n) {
  std::vector<double> w(size_t(n), 1.0);
  const int ramp = n - 25;
  for (int i = 0; i < ramp; ++i)
    w[size_t(i)] = ramp == 1 ? 1.0 / n : 1.0 / n + (1.0 - 1.0 / n) * i / double(ramp - 1);
  return w;
}

TEST(TpeParzen, OneDimensionDensityIsOptunasFormula) {
  const double lo = -5.12, hi = 5.12;
  FloatSpace fs({{lo, hi}});
  const tpe::Space space = fs.make();
  std::mt19937_64 rng(7);
  for (int n : {0, 1, 2, 3, 10, 60, 400, 2000}) {
    std::vector<double> obs = crowded(rng, n, lo, hi);
    std::sort(obs.begin(), obs.end());  // the estimator takes one dimension sorted
    std::vector<double> weights = ramp_weights(n);
    tpe::Mixture mixture;
    const int32_t dim = 0;
    mixture.build(space, &dim, 1, obs.data(), weights.data(), n, tpe::EstimatorOptions{});

    Kernels mus(1), sigmas(1);
    optuna_univariate(obs, lo, hi, mus[0], sigmas[0]);
    std::vector<double> w = weights;
    w.push_back(1.0);  // the prior

    std::vector<double> xs;
    for (int i = 0; i <= 200; ++i) xs.push_back(lo + (hi - lo) * i / 200.0);
    for (int i = 0; i < 50; ++i) xs.push_back(lo + 0.3 * (hi - lo) + 0.001 * (i - 25));
    std::vector<double> got(xs.size());
    mixture.log_pdf(xs.data(), int32_t(xs.size()), got.data());
    for (size_t i = 0; i < xs.size(); ++i)
      ASSERT_NEAR(got[i], reference_log_pdf(mus, sigmas, w, {{lo, hi}}, &xs[i]), 1e-9)
          << "n = " << n << ", x = " << xs[i];
  }
}

TEST(TpeParzen, JointDensityIsOptunasMultivariateFormula) {
  const std::vector<std::pair<double, double>> bounds{{0, 1}, {-5, 10}, {-32.768, 32.768}};
  FloatSpace fs(bounds);
  const tpe::Space space = fs.make();
  const int32_t dims[] = {0, 1, 2};
  const int k = 3;
  std::mt19937_64 rng(11);
  for (int n : {0, 1, 5, 40, 300}) {
    std::vector<double> rows;
    Kernels cols(k);
    for (int d = 0; d < k; ++d) cols[size_t(d)] = crowded(rng, n, bounds[d].first, bounds[d].second);
    for (int j = 0; j < n; ++j)
      for (int d = 0; d < k; ++d) rows.push_back(cols[size_t(d)][size_t(j)]);
    std::vector<double> weights = ramp_weights(n);
    tpe::EstimatorOptions options;
    options.multivariate = true;
    tpe::Mixture mixture;
    mixture.build(space, dims, k, rows.data(), weights.data(), n, options);

    Kernels mus(k), sigmas(k);
    for (int d = 0; d < k; ++d) {
      const double width = bounds[d].second - bounds[d].first;
      mus[size_t(d)] = cols[size_t(d)];
      mus[size_t(d)].push_back(0.5 * (bounds[d].first + bounds[d].second));
      const double s = 0.2 * std::pow(double(std::max(n, 1)), -1.0 / (k + 4)) * width;
      const double min_sigma = width / std::min(100.0, 2.0 + n);
      sigmas[size_t(d)].assign(size_t(n), std::clamp(s, min_sigma, width));
      sigmas[size_t(d)].push_back(width);
    }
    std::vector<double> w = weights;
    w.push_back(1.0);

    std::vector<double> xs;
    std::uniform_real_distribution<double> u(0, 1);
    for (int i = 0; i < 100; ++i)
      for (int d = 0; d < k; ++d) {
        // Half the points near the crowd, where the kernels matter most.
        double t = i % 2 ? 0.3 + 0.05 * (u(rng) - 0.5) : u(rng);
        xs.push_back(bounds[d].first + t * (bounds[d].second - bounds[d].first));
      }
    std::vector<double> got(100);
    mixture.log_pdf(xs.data(), 100, got.data());
    for (int i = 0; i < 100; ++i)
      ASSERT_NEAR(got[size_t(i)], reference_log_pdf(mus, sigmas, w, bounds, &xs[size_t(i) * k]),
                  1e-9)
          << "n = " << n << ", point " << i;
  }
}

// Samples come from the mixture: with every observation at one point and tiny bandwidths, all
// but the prior's share (1 / (n + 1) of the draws) land next to it.
TEST(TpeParzen, SamplesFollowTheKernels) {
  FloatSpace fs({{0, 100}});
  const tpe::Space space = fs.make();
  const int n = 99;
  std::vector<double> obs(size_t(n), 42.0), weights(size_t(n), 1.0);
  tpe::Mixture mixture;
  const int32_t dim = 0;
  mixture.build(space, &dim, 1, obs.data(), weights.data(), n, tpe::EstimatorOptions{});
  tpe::Rng rng(3);
  std::vector<double> x(20000);
  mixture.sample(rng, int32_t(x.size()), x.data());
  // The observed kernels' bandwidth is clipped to 100 / 100 = 1: within 5 of 42 unless drawn
  // from the prior (probability 1 / 100, and even then 10% of the time within 5).
  const auto near = std::count_if(x.begin(), x.end(), [](double v) { return std::abs(v - 42) < 5; });
  EXPECT_GT(double(near) / double(x.size()), 0.985);
  EXPECT_LT(double(near) / double(x.size()), 0.995);
}

}  // namespace

namespace {

// The interpolated table the kernels' support masses use, against the erfc-based CDF.
TEST(TpeNormal, CdfTableMatchesErfc) {
  double worst = 0;
  for (int i = 0; i <= 90000; ++i) {
    const double z = -9.0 + i * 1e-4;
    worst = std::max(worst, std::abs(tpe::NormalCdfTable::lower(z) - tpe::normal_cdf(z)));
  }
  EXPECT_LT(worst, 1e-12);
}

}  // namespace

namespace {

// A stepped parameter: Optuna's cell masses, each kernel's mass on [x - q/2, x + q/2] divided
// by its mass on the support [low - q/2, high + q/2].
// The prior's centre (4.75) is off the grid: an observation equal to it would make the order
// of the two, and so their neighbour bandwidths, a matter of sort stability (unspecified in
// numpy's argsort too).
TEST(TpeParzen, SteppedDensityIsOptunasCellMass) {
  const double low = 0, high = 9.5, q = 0.5;
  FloatSpace fs({{low, high}}, q);
  const tpe::Space space = fs.make();
  const double lo = low - q / 2, hi = high + q / 2;
  std::mt19937_64 rng(13);
  for (int n : {1, 4, 30, 200}) {
    std::vector<double> obs = crowded(rng, n, low, high);
    for (double& v : obs) v = low + std::round((v - low) / q) * q;
    std::sort(obs.begin(), obs.end());
    std::vector<double> weights = ramp_weights(n);
    tpe::Mixture mixture;
    const int32_t dim = 0;
    mixture.build(space, &dim, 1, obs.data(), weights.data(), n, tpe::EstimatorOptions{});
    std::vector<double> mus, sigmas;
    optuna_univariate(obs, lo, hi, mus, sigmas);
    std::vector<double> w = weights;
    w.push_back(1.0);
    const long double total = std::accumulate(w.begin(), w.end(), 0.0L);
    for (int c = 0; c <= 19; ++c) {
      const double x = low + c * q;
      long double sum = 0;
      for (size_t j = 0; j < w.size(); ++j) {
        const long double s = sigmas[j], mu = mus[j];
        const long double cell = gauss_mass((x - q / 2 - mu) / s, (x + q / 2 - mu) / s);
        const long double support = gauss_mass((lo - mu) / s, (hi - mu) / s);
        sum += w[j] / total * cell / support;
      }
      double got = 0;
      mixture.log_pdf(&x, 1, &got);
      ASSERT_NEAR(got, double(std::log(sum)), 1e-9) << "n = " << n << ", x = " << x;
    }
  }
}

// A categorical parameter: each observed kernel puts prior_weight / (n + 1) on every choice and
// 1 more on its own, normalised; the prior kernel is uniform.
TEST(TpeParzen, CategoricalDensityIsOptunasSmoothedCounts) {
  const char* choices[] = {"a", "b", "c", "d"};
  ams_param p{};
  p.struct_size = sizeof(ams_param);
  p.name = "c";
  p.type = AMS_PARAM_CATEGORICAL;
  p.high = 3;
  p.n_choices = 4;
  p.choices = choices;
  p.parent = -1;
  const ams_param* params[] = {&p};
  ams_space raw{sizeof(ams_space), 1, params};
  const tpe::Space space(raw);
  for (int n : {0, 1, 7, 60}) {
    std::vector<double> obs, weights = ramp_weights(n);
    for (int j = 0; j < n; ++j) obs.push_back(double((j * j + j / 3) % 4));
    tpe::Mixture mixture;
    const int32_t dim = 0;
    mixture.build(space, &dim, 1, obs.data(), weights.data(), n, tpe::EstimatorOptions{});
    const double total = std::accumulate(weights.begin(), weights.end(), 0.0) + 1.0;
    const double base = 1.0 / (n + 1);
    for (int c = 0; c < 4; ++c) {
      double expected = 1.0 / total * 0.25;  // the prior kernel
      for (int j = 0; j < n; ++j)
        expected += weights[size_t(j)] / total * ((obs[size_t(j)] == c ? 1.0 : 0.0) + base) /
                    (1.0 + 4 * base);
      const double x = c;
      double got = 0;
      mixture.log_pdf(&x, 1, &got);
      ASSERT_NEAR(got, std::log(expected), 1e-12) << "n = " << n << ", choice " << c;
    }
  }
}

}  // namespace
