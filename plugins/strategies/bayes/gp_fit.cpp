#include "gp_fit.hpp"

#include "box_lbfgs.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <limits>

namespace amsbayes {

namespace {

constexpr double kLog2Pi = 1.8378770664093453;

// -0.5 (x - mu)^2 / sigma^2 and its derivative.
double log_normal_density(double x, double mu, double sigma, double* d) {
  const double z = (x - mu) / sigma;
  if (d) *d = -z / sigma;
  return -0.5 * z * z;
}

}  // namespace

VectorXd HyperPrior::lower(int dim) const {
  VectorXd v(dim + 2);
  v.head(dim).setConstant(log_lengthscale_min);
  v[dim] = log_signal_min;
  v[dim + 1] = log_noise_min;
  return v;
}

VectorXd HyperPrior::upper(int dim) const {
  VectorXd v(dim + 2);
  v.head(dim).setConstant(log_lengthscale_max);
  v[dim] = log_signal_max;
  v[dim + 1] = log_noise_max;
  return v;
}

VectorXd HyperPrior::center(int dim) const {
  VectorXd v(dim + 2);
  v.head(dim).setConstant(
      std::clamp(lengthscale_mu(dim) - lengthscale_sigma * lengthscale_sigma,
                 log_lengthscale_min, log_lengthscale_max));
  v[dim] = signal_mu;
  v[dim + 1] = std::clamp(noise_mu, log_noise_min, log_noise_max);
  return v;
}

double log_marginal_likelihood(const MatrixXd& X, const VectorXd& y, const VectorXd& theta,
                               VectorXd* grad, LikelihoodWorkspace* workspace) {
  LikelihoodWorkspace local;
  LikelihoodWorkspace& w = workspace ? *workspace : local;
  const Eigen::Index D = X.rows(), n = X.cols();
  const VectorXd inv_l = (-theta.head(D)).array().exp();
  const double s2 = std::exp(theta[D]);
  const double noise = std::exp(theta[D + 1]);
  w.Xs.noalias() = inv_l.asDiagonal() * X;
  const VectorXd x2 = w.Xs.colwise().squaredNorm().transpose();
  w.K.resize(n, n);
  w.K.noalias() = w.Xs.transpose() * w.Xs;
  // One exponential per pair (the kernel and its lengthscale derivative share it), upper
  // triangle only. Kf = kernel, G = -(dk/dr)/r = s2 5/3 (1 + sqrt5 r) e^{-sqrt5 r}.
  w.Kf.resize(n, n);
  w.G.resize(n, n);
  for (Eigen::Index j = 0; j < n; ++j)
    for (Eigen::Index i = 0; i <= j; ++i) {
      const double r = std::sqrt(std::max(0.0, x2[i] + x2[j] - 2 * w.K(i, j)));
      const double a = Matern52::sqrt5 * r;
      const double e = s2 * std::exp(-a);
      w.Kf(i, j) = w.Kf(j, i) = e * (1 + a + a * a / 3);
      w.G(i, j) = w.G(j, i) = e * (1 + a) * (5.0 / 3.0);
    }
  w.K = w.Kf;
  w.K.diagonal().array() += noise;
  // Factorized in place: no n x n allocation per likelihood evaluation.
  Eigen::LLT<Eigen::Ref<MatrixXd>> llt(w.K);
  if (llt.info() != Eigen::Success) return -std::numeric_limits<double>::infinity();
  const VectorXd alpha = llt.solve(y);
  const double log_det = 2.0 * w.K.diagonal().array().log().sum();
  const double lml = -0.5 * y.dot(alpha) - 0.5 * log_det - 0.5 * double(n) * kLog2Pi;
  if (grad) {
    // d lml / d theta_j = 0.5 tr(W dK/dtheta_j) with W = alpha alpha' - K^{-1}.
    w.W.setIdentity(n, n);
    llt.solveInPlace(w.W);
    w.W = alpha * alpha.transpose() - w.W;
    grad->resize(D + 2);
    (*grad)[D] = 0.5 * w.W.cwiseProduct(w.Kf).sum();
    (*grad)[D + 1] = 0.5 * noise * w.W.trace();
    // dK_ij/dlog l_d = s2 5/3 (1 + sqrt5 r) e^{-sqrt5 r} (xs_id - xs_jd)^2 =: M_ij (..)^2, and
    // sum_ij W_ij M_ij (a_i - a_j)^2 = 2 (a^2)' (WM) 1 - 2 a' (WM) a for symmetric WM.
    w.G.array() *= w.W.array();  // G becomes M = W .* G
    const VectorXd row_sums = w.G.rowwise().sum();
    w.XsM.noalias() = w.Xs * w.G;  // D x n
    for (Eigen::Index d = 0; d < D; ++d) {
      const double quad = w.XsM.row(d).dot(w.Xs.row(d));
      const double lin = w.Xs.row(d).cwiseAbs2().dot(row_sums.transpose());
      (*grad)[d] = lin - quad;  // 0.5 * (2 lin - 2 quad)
    }
  }
  return lml;
}

double negative_log_posterior(const MatrixXd& X, const VectorXd& y, const VectorXd& theta,
                              const HyperPrior& prior, VectorXd* grad,
                              LikelihoodWorkspace* workspace) {
  const int D = static_cast<int>(X.rows());
  const double lml = log_marginal_likelihood(X, y, theta, grad, workspace);
  if (!std::isfinite(lml)) return std::numeric_limits<double>::infinity();
  double log_prior = 0, d = 0;
  const double mu_l = prior.lengthscale_mu(D);
  for (int i = 0; i < D; ++i) {
    // Density in l-space: the extra -log l is the missing Jacobian of theta = log l.
    log_prior += log_normal_density(theta[i], mu_l, prior.lengthscale_sigma, &d) - theta[i];
    if (grad) (*grad)[i] += d - 1;
  }
  log_prior += log_normal_density(theta[D], prior.signal_mu, prior.signal_sigma, &d);
  if (grad) (*grad)[D] += d;
  log_prior += log_normal_density(theta[D + 1], prior.noise_mu, prior.noise_sigma, &d);
  if (grad) {
    (*grad)[D + 1] += d;
    *grad = -*grad;
  }
  return -(lml + log_prior);
}

VectorXd fit_hyperparameters(const MatrixXd& X, const VectorXd& y, const VectorXd* warm_start,
                             const HyperPrior& prior, const FitOptions& options,
                             std::mt19937_64& rng) {
  const int D = static_cast<int>(X.rows());
  const VectorXd lo = prior.lower(D), hi = prior.upper(D);
  std::vector<VectorXd> starts;
  // A warm start (the previous optimum) is almost always near the new one; the prior's
  // centre is the neutral start of a first fit. Random restarts guard against both being
  // caught in a poor local optimum.
  if (warm_start && warm_start->size() == D + 2) starts.push_back(*warm_start);
  else starts.push_back(prior.center(D));
  std::normal_distribution<double> normal(0.0, 1.0);
  for (int k = 0; k < options.random_restarts; ++k) {
    VectorXd t = prior.center(D);
    for (int i = 0; i < D; ++i) t[i] += normal(rng);
    t[D] += 0.5 * normal(rng);
    t[D + 1] += normal(rng);
    starts.push_back(t.cwiseMax(lo).cwiseMin(hi));
  }
  LikelihoodWorkspace workspace;  // shared by every evaluation of this fit
  const Objective f = [&](const VectorXd& t, VectorXd& g) {
    return negative_log_posterior(X, y, t, prior, &g, &workspace);
  };
  BoxLbfgsOptions lbfgs;
  lbfgs.max_iterations = options.max_iterations;
  lbfgs.gradient_tolerance = 1e-5;
  lbfgs.value_tolerance = 1e-9;
  VectorXd best = starts.front();
  double best_value = std::numeric_limits<double>::infinity();
  for (const VectorXd& s : starts) {
    const BoxLbfgsResult r = minimize_in_box(f, s, lo, hi, lbfgs);
    if (r.value < best_value) {
      best_value = r.value;
      best = r.x;
    }
  }
  return best;
}

}  // namespace amsbayes
