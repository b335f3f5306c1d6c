#include "output_transform.hpp"

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace amsbayes {

namespace {

constexpr double kLikelihoodRatio99 = 6.635;  // chi-square(1) quantile at 0.99

Eigen::VectorXd standardized(const Eigen::VectorXd& y) {
  const double n = double(y.size());
  const double mean = y.mean();
  const double sd = std::sqrt((y.array() - mean).square().sum() / n);
  return (y.array() - mean) / (sd > 0 && std::isfinite(sd) ? sd : 1.0);
}

// Profile log-likelihood of lambda: the Gaussian log-likelihood of the transformed values at
// their MLE variance plus the log Jacobian of the transform.
double yeo_johnson_log_likelihood(const Eigen::VectorXd& y, double lambda) {
  const Eigen::Index n = y.size();
  Eigen::VectorXd t(n);
  double log_jacobian = 0;
  for (Eigen::Index i = 0; i < n; ++i) {
    t[i] = yeo_johnson(y[i], lambda);
    log_jacobian += std::copysign(1.0, y[i]) * std::log1p(std::abs(y[i]));
  }
  const double var = (t.array() - t.mean()).square().sum() / double(n);
  if (!(var > 0) || !std::isfinite(var)) return -std::numeric_limits<double>::infinity();
  return -0.5 * double(n) * std::log(var) + (lambda - 1) * log_jacobian;
}

}  // namespace

OutputTransform output_transform_from_name(const std::string& name) {
  if (name == "none") return OutputTransform::None;
  if (name == "power") return OutputTransform::Power;
  throw std::invalid_argument("unknown output transform '" + name + "'");
}

double yeo_johnson(double y, double lambda) {
  constexpr double eps = 1e-8;
  if (y >= 0) {
    if (std::abs(lambda) < eps) return std::log1p(y);
    // ((1 + y)^lambda - 1) / lambda, through expm1 so it stays accurate near lambda = 0.
    return std::expm1(lambda * std::log1p(y)) / lambda;
  }
  const double mu = 2 - lambda;
  if (std::abs(mu) < eps) return -std::log1p(-y);
  return -std::expm1(mu * std::log1p(-y)) / mu;
}

double yeo_johnson_lambda(const Eigen::VectorXd& y, double lambda_min, double lambda_max) {
  // The profile likelihood is smooth and (in practice) unimodal in lambda: a coarse grid
  // brackets the maximum, golden-section search polishes it.
  const int grid = 24;
  double best = 1, best_ll = -std::numeric_limits<double>::infinity();
  const double step = (lambda_max - lambda_min) / grid;
  for (int k = 0; k <= grid; ++k) {
    const double lambda = lambda_min + k * step;
    const double ll = yeo_johnson_log_likelihood(y, lambda);
    if (ll > best_ll) {
      best_ll = ll;
      best = lambda;
    }
  }
  double a = std::max(lambda_min, best - step), b = std::min(lambda_max, best + step);
  const double ratio = 0.5 * (std::sqrt(5.0) - 1);
  double c = b - ratio * (b - a), d = a + ratio * (b - a);
  double fc = yeo_johnson_log_likelihood(y, c), fd = yeo_johnson_log_likelihood(y, d);
  for (int it = 0; it < 40 && b - a > 1e-6; ++it) {
    if (fc > fd) {
      b = d, d = c, fd = fc;
      c = b - ratio * (b - a);
      fc = yeo_johnson_log_likelihood(y, c);
    } else {
      a = c, c = d, fc = fd;
      d = a + ratio * (b - a);
      fd = yeo_johnson_log_likelihood(y, d);
    }
  }
  const double polished = 0.5 * (a + b);
  return yeo_johnson_log_likelihood(y, polished) >= best_ll ? polished : best;
}

Eigen::VectorXd transform_outputs(const Eigen::VectorXd& y, OutputTransform kind) {
  const Eigen::Index n = y.size();
  if (n == 0) return y;
  switch (kind) {
    case OutputTransform::None:
      return standardized(y);
    case OutputTransform::Power: {
      // Distances above the best value, in standard deviations: every input is >= 0, so the
      // transform is concave for lambda <= 1. It compresses the bad tail but never stretches
      // the best few values into outliers (which would make the GP a spike at the incumbent).
      const double sd = std::sqrt((y.array() - y.mean()).square().sum() / double(n));
      const Eigen::VectorXd s = (y.array() - y.minCoeff()) / (sd > 0 && std::isfinite(sd) ? sd : 1.0);
      const double lambda = yeo_johnson_lambda(s, -3.0, 1.0);
      // Warp only when the data ask for it: a likelihood-ratio test of lambda against the
      // identity (lambda = 1) at the 1% level (chi-square, one degree of freedom). Mildly
      // skewed values keep their plain scale.
      const double gain = yeo_johnson_log_likelihood(s, lambda) - yeo_johnson_log_likelihood(s, 1.0);
      if (!(2 * gain > kLikelihoodRatio99)) return standardized(y);
      Eigen::VectorXd t(n);
      for (Eigen::Index i = 0; i < n; ++i) t[i] = yeo_johnson(s[i], lambda);
      return standardized(t);
    }
  }
  return standardized(y);
}

}  // namespace amsbayes
