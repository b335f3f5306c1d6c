// A Gaussian process with a Matern-5/2 ARD kernel, a signal variance and a Gaussian noise
// variance, on inputs in the unit cube and standardized outputs (zero prior mean).
//
// Hyperparameters travel packed as theta = [log lengthscale_1..D, log signal variance,
// log noise variance], the variables the marginal-likelihood fit optimizes.
#pragma once

#include <Eigen/Core>

#include <cmath>

namespace amsbayes {

using Eigen::MatrixXd;
using Eigen::VectorXd;

// Matern-5/2 as a function of the scaled distance r: k = s2 (1 + sqrt5 r + 5/3 r^2) e^{-sqrt5 r}.
struct Matern52 {
  static constexpr double sqrt5 = 2.2360679774997896964;
  static double value(double r, double s2) {
    const double a = sqrt5 * r;
    return s2 * (1 + a + a * a / 3) * std::exp(-a);
  }
  // (dk/dr) / r, finite at r = 0: -5/3 s2 (1 + sqrt5 r) e^{-sqrt5 r}.
  static double derivative_over_r(double r, double s2) {
    const double a = sqrt5 * r;
    return -5.0 / 3.0 * s2 * (1 + a) * std::exp(-a);
  }
};

// Squared distances between the columns of A (D x n) and B (D x m): an n x m matrix.
MatrixXd squared_distances(const MatrixXd& A, const MatrixXd& B);

// The GP conditioned on data under fixed hyperparameters: a Cholesky factor of
// K + noise I that grows one point at a time in O(n^2), and targets that can be replaced
// (re-standardized) in O(n^2) without refactorizing.
class Posterior {
 public:
  Posterior() = default;
  // theta as described above; dim = D.
  explicit Posterior(const VectorXd& theta);

  int dim() const { return static_cast<int>(inv_lengthscale_.size()); }
  int size() const { return static_cast<int>(y_.size()); }
  double signal_variance() const { return signal_; }
  double noise_variance() const { return noise_ + jitter_; }
  const VectorXd& theta() const { return theta_; }

  // Conditions on X (D x n, one point per column) and targets y. Escalates a diagonal jitter
  // until the Cholesky factorization succeeds.
  void reset(const MatrixXd& X, const VectorXd& y);
  // Adds one observation (x in the unit cube, target y) in O(n^2).
  void append(const VectorXd& x, double y);
  // Replaces the targets of the points already held.
  void set_targets(const VectorXd& y);
  const VectorXd& targets() const { return y_; }

  // Latent (noise-free) mean and variance at x; gradients w.r.t. x when the pointers are set.
  void predict(const VectorXd& x, double& mean, double& variance, VectorXd* d_mean = nullptr,
               VectorXd* d_variance = nullptr) const;
  // Mean and variance at the columns of Z (D x m).
  void predict_batch(const MatrixXd& Z, VectorXd& mean, VectorXd& variance) const;

 private:
  void refactorize();
  void solve_alpha();

  VectorXd theta_, inv_lengthscale_;
  double signal_ = 1, noise_ = 1e-6, jitter_ = 0;
  MatrixXd Xs_;  // inputs divided by the lengthscales, D x n
  MatrixXd L_;   // lower Cholesky factor of K + (noise + jitter) I
  VectorXd y_, alpha_;
};

}  // namespace amsbayes
