// Fitting the GP hyperparameters: maximum a posteriori under weak priors, i.e. the log
// marginal likelihood plus log priors, maximized with analytic gradients by box L-BFGS from
// the previous optimum and a few random starts.
#pragma once

#include "gp.hpp"

#include <random>

namespace amsbayes {

// Priors and bounds, in log space, for inputs in the unit cube and standardized outputs.
struct HyperPrior {
  // Lengthscales: l ~ LogNormal(mu, sigma) with mu = sqrt(2) + log(D)/2, sigma = sqrt(3), the
  // dimension-scaled prior of Hvarfner et al. (2024) that BoTorch uses by default. Its density
  // is taken in lengthscale space, as BoTorch's MAP fit does, which puts the mode at
  // exp(mu - sigma^2) (about 0.5 for D = 6) and keeps small designs from overfitting.
  double lengthscale_sigma = 1.7320508075688772;
  double log_lengthscale_min = std::log(0.01), log_lengthscale_max = std::log(100.0);
  // Signal variance (outputs are standardized, so about 1): log s2 ~ Normal(0, 1).
  double signal_mu = 0, signal_sigma = 1;
  double log_signal_min = std::log(0.05), log_signal_max = std::log(20.0);
  // Noise variance: log n ~ Normal(log 1e-3, 2), floored so K stays well conditioned.
  double noise_mu = std::log(1e-3), noise_sigma = 2;
  double log_noise_min = std::log(1e-6), log_noise_max = std::log(1.0);

  double lengthscale_mu(int dim) const { return std::sqrt(2.0) + 0.5 * std::log(double(dim)); }
  VectorXd lower(int dim) const;
  VectorXd upper(int dim) const;
  // The priors' modes, a neutral starting point.
  VectorXd center(int dim) const;
};

// Scratch matrices of one likelihood evaluation, kept across the evaluations of a fit so the
// n x n buffers are allocated once (fresh multi-hundred-kilobyte allocations are mmapped and
// page-faulted in again on every call, which cost more than the arithmetic).
struct LikelihoodWorkspace {
  MatrixXd Xs, K, Kf, G, W, XsM;
};

// Negative log marginal likelihood minus the log prior at theta for data X (D x n) and y,
// with its gradient written into grad when given. +infinity when K cannot be factorized.
double negative_log_posterior(const MatrixXd& X, const VectorXd& y, const VectorXd& theta,
                              const HyperPrior& prior, VectorXd* grad,
                              LikelihoodWorkspace* workspace = nullptr);

// The log marginal likelihood alone (no prior), for tests and diagnostics.
double log_marginal_likelihood(const MatrixXd& X, const VectorXd& y, const VectorXd& theta,
                               VectorXd* grad, LikelihoodWorkspace* workspace = nullptr);

struct FitOptions {
  int random_restarts = 1;
  int max_iterations = 60;
};

// MAP hyperparameters, from warm_start (when its size fits) or else the priors' centre, and
// from random_restarts draws around the centre; the best optimum wins.
VectorXd fit_hyperparameters(const MatrixXd& X, const VectorXd& y, const VectorXd* warm_start,
                             const HyperPrior& prior, const FitOptions& options,
                             std::mt19937_64& rng);

}  // namespace amsbayes
