// The GP pieces: marginal-likelihood gradients, posterior gradients, incremental Cholesky,
// the box L-BFGS, and that fitting finds what the data say.
#include "box_lbfgs.hpp"
#include "gp.hpp"
#include "gp_fit.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <random>

namespace amsbayes {
namespace {

MatrixXd random_inputs(int D, int n, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(0.0, 1.0);
  MatrixXd X(D, n);
  for (int j = 0; j < n; ++j)
    for (int d = 0; d < D; ++d) X(d, j) = u(rng);
  return X;
}

VectorXd smooth_targets(const MatrixXd& X) {
  VectorXd y(X.cols());
  const Eigen::Index second = std::min<Eigen::Index>(1, X.rows() - 1);
  for (Eigen::Index j = 0; j < X.cols(); ++j)
    y[j] = std::sin(3 * X(0, j)) + 0.5 * std::cos(5 * X(second, j)) + X.col(j).squaredNorm();
  return (y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean());
}

VectorXd theta_of(int D, std::mt19937_64& rng) {
  std::uniform_real_distribution<double> u(-1.5, 0.5);
  VectorXd t(D + 2);
  for (int d = 0; d < D; ++d) t[d] = u(rng);
  t[D] = 0.3;
  t[D + 1] = std::log(1e-2);
  return t;
}

TEST(GaussianProcess, MarginalLikelihoodGradientMatchesFiniteDifferences) {
  std::mt19937_64 rng(7);
  for (int D : {1, 3, 6}) {
    const MatrixXd X = random_inputs(D, 25, rng);
    const VectorXd y = smooth_targets(X);
    const VectorXd theta = theta_of(D, rng);
    VectorXd grad;
    log_marginal_likelihood(X, y, theta, &grad);
    for (int i = 0; i < D + 2; ++i) {
      const double h = 1e-5;
      VectorXd tp = theta, tm = theta;
      tp[i] += h;
      tm[i] -= h;
      const double fd = (log_marginal_likelihood(X, y, tp, nullptr) -
                         log_marginal_likelihood(X, y, tm, nullptr)) / (2 * h);
      EXPECT_NEAR(grad[i], fd, 1e-5 * std::max(1.0, std::abs(fd))) << "D=" << D << " i=" << i;
    }
  }
}

TEST(GaussianProcess, PosteriorObjectiveGradientIncludesPriors) {
  std::mt19937_64 rng(8);
  const int D = 4;
  const MatrixXd X = random_inputs(D, 20, rng);
  const VectorXd y = smooth_targets(X);
  const VectorXd theta = theta_of(D, rng);
  HyperPrior prior;
  VectorXd grad;
  negative_log_posterior(X, y, theta, prior, &grad);
  for (int i = 0; i < D + 2; ++i) {
    const double h = 1e-5;
    VectorXd tp = theta, tm = theta;
    tp[i] += h;
    tm[i] -= h;
    const double fd = (negative_log_posterior(X, y, tp, prior, nullptr) -
                       negative_log_posterior(X, y, tm, prior, nullptr)) / (2 * h);
    EXPECT_NEAR(grad[i], fd, 1e-5 * std::max(1.0, std::abs(fd))) << "i=" << i;
  }
}

TEST(GaussianProcess, PredictionGradientsMatchFiniteDifferences) {
  std::mt19937_64 rng(9);
  const int D = 5;
  const MatrixXd X = random_inputs(D, 30, rng);
  Posterior gp(theta_of(D, rng));
  gp.reset(X, smooth_targets(X));
  const MatrixXd probes = random_inputs(D, 5, rng);
  for (Eigen::Index p = 0; p < probes.cols(); ++p) {
    const VectorXd x = probes.col(p);
    double m, v;
    VectorXd dm, dv;
    gp.predict(x, m, v, &dm, &dv);
    for (int d = 0; d < D; ++d) {
      const double h = 1e-6;
      VectorXd xp = x, xm = x;
      xp[d] += h;
      xm[d] -= h;
      double mp, vp, mm, vm;
      gp.predict(xp, mp, vp);
      gp.predict(xm, mm, vm);
      EXPECT_NEAR(dm[d], (mp - mm) / (2 * h), 1e-5 * std::max(1.0, std::abs(dm[d])));
      EXPECT_NEAR(dv[d], (vp - vm) / (2 * h), 1e-5 * std::max(1.0, std::abs(dv[d])));
    }
  }
}

TEST(GaussianProcess, IncrementalUpdatesMatchAFullFactorization) {
  std::mt19937_64 rng(10);
  const int D = 3;
  const MatrixXd X = random_inputs(D, 40, rng);
  const VectorXd y = smooth_targets(X);
  const VectorXd theta = theta_of(D, rng);
  Posterior full(theta), grown(theta);
  full.reset(X, y);
  grown.reset(X.leftCols(10), y.head(10));
  for (int j = 10; j < 40; ++j) grown.append(X.col(j), y[j]);
  const MatrixXd probes = random_inputs(D, 20, rng);
  VectorXd m1, v1, m2, v2;
  full.predict_batch(probes, m1, v1);
  grown.predict_batch(probes, m2, v2);
  EXPECT_LT((m1 - m2).cwiseAbs().maxCoeff(), 1e-8);
  EXPECT_LT((v1 - v2).cwiseAbs().maxCoeff(), 1e-8);
  // Batch and single-point predictions agree.
  double m, v;
  full.predict(probes.col(3), m, v);
  EXPECT_NEAR(m, m1[3], 1e-10);
  EXPECT_NEAR(v, v1[3], 1e-10);
}

TEST(GaussianProcess, DuplicatedInputsAreHandledByJitter) {
  const int D = 2;
  MatrixXd X(D, 6);
  X << 0.1, 0.1, 0.1, 0.5, 0.5, 0.9,  //
      0.2, 0.2, 0.2, 0.5, 0.5, 0.3;
  VectorXd y(6);
  y << 1, 1.01, 0.99, -1, -1, 0.5;
  VectorXd theta(D + 2);
  theta << std::log(0.3), std::log(0.3), 0.0, std::log(1e-12);  // essentially no noise
  Posterior gp(theta);
  gp.reset(X, y);
  double m, v;
  gp.predict(X.col(3), m, v);
  EXPECT_NEAR(m, -1, 1e-3);
  EXPECT_TRUE(std::isfinite(v));
}

TEST(GaussianProcess, FitLengthensTheLengthscaleOfAnIrrelevantInput) {
  std::mt19937_64 rng(11);
  const int D = 3;
  MatrixXd X = random_inputs(D, 40, rng);
  VectorXd y(40);
  for (int j = 0; j < 40; ++j) y[j] = std::sin(6 * X(0, j)) + std::cos(4 * X(1, j));  // ignores x2
  y = (y.array() - y.mean()) / std::sqrt((y.array() - y.mean()).square().mean());
  HyperPrior prior;
  const VectorXd theta = fit_hyperparameters(X, y, nullptr, prior, FitOptions{}, rng);
  EXPECT_GT(theta[2], theta[0] + 1.0);
  EXPECT_GT(theta[2], theta[1] + 1.0);
  // Noise-free data: the fitted noise stays small.
  EXPECT_LT(std::exp(theta[D + 1]), 1e-2);
  // And the fit is a (local) optimum: better than the prior's centre.
  EXPECT_LT(negative_log_posterior(X, y, theta, prior, nullptr),
            negative_log_posterior(X, y, prior.center(D), prior, nullptr));
}

TEST(BoxLbfgs, FindsTheConstrainedMinimumOfRosenbrock) {
  const Objective rosenbrock = [](const VectorXd& x, VectorXd& g) {
    const double a = 1 - x[0], b = x[1] - x[0] * x[0];
    g[0] = -2 * a - 400 * x[0] * b;
    g[1] = 200 * b;
    return a * a + 100 * b * b;
  };
  BoxLbfgsOptions options;
  options.max_iterations = 500;
  options.gradient_tolerance = 1e-9;
  options.value_tolerance = 0;
  VectorXd lo(2), hi(2), x0(2);
  lo << -2, -2;
  hi << 2, 2;
  x0 << -1.5, 1.8;
  BoxLbfgsResult free_run = minimize_in_box(rosenbrock, x0, lo, hi, options);
  EXPECT_NEAR(free_run.x[0], 1, 1e-4);
  EXPECT_NEAR(free_run.x[1], 1, 1e-4);
  // With x0 <= 0.5 the minimum sits on the bound: x = (0.5, 0.25).
  hi << 0.5, 2;
  BoxLbfgsResult bounded = minimize_in_box(rosenbrock, x0, lo, hi, options);
  EXPECT_NEAR(bounded.x[0], 0.5, 1e-6);
  EXPECT_NEAR(bounded.x[1], 0.25, 1e-4);
}

}  // namespace
}  // namespace amsbayes
