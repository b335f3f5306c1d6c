// The Gaussian search distribution of CMA-ES (Hansen, "The CMA Evolution Strategy: A Tutorial",
// 2016): weighted recombination of the best half, cumulative step-size adaptation, rank-one and
// rank-mu covariance updates with negative weights for the worse half (active CMA, as the
// tutorial's default), eigendecomposition every few generations.
//
// Discrete coordinates get the margin correction of CMA-ES with Margin (Hamano et al., GECCO
// 2022): after each update, the mean and a diagonal scaling A of the discrete coordinates are
// moved so that the probability of leaving the current grid cell on either side stays at least
// margin / 2 (margin / 1 at the ends of the grid). Samples are x = m + sigma * A * y with
// y ~ N(0, C); the update sees y, so A never disturbs the adaptation of C and sigma.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "rng.hpp"

namespace cmaes {

class Gaussian {
 public:
  // thresholds[i]: cell boundaries of coordinate i when it is discrete, else empty.
  Gaussian(const Eigen::VectorXd& mean, double sigma, int32_t lambda,
           std::vector<const std::vector<double>*> thresholds);

  int32_t lambda() const { return lambda_; }
  int32_t dim() const { return n_; }
  const Eigen::VectorXd& mean() const { return mean_; }

  // One latent sample, its continuous coordinates inside [0, 1]: resampled up to 100 times,
  // then clipped.
  void sample(Rng& rng, Eigen::VectorXd& x);
  // Updates from the generation's samples, best first (lambda of them).
  void update(const std::vector<const Eigen::VectorXd*>& ranked);
  // Why the distribution cannot make progress any more ("" while it can).
  const char* degenerate() const;

 private:
  void decompose();
  void apply_margin();
  bool has_margin(int32_t i) const {
    return thresholds_[size_t(i)] && !thresholds_[size_t(i)]->empty();
  }
  bool inside(const Eigen::VectorXd& x) const;

  int32_t n_, lambda_, mu_;
  Eigen::VectorXd weights_;
  double mu_eff_, c_sigma_, d_sigma_, c_c_, c_1_, c_mu_, chi_n_;
  Eigen::VectorXd mean_, p_sigma_, p_c_, scale_a_;
  Eigen::MatrixXd C_, B_;
  Eigen::VectorXd D_;
  double sigma_;
  int64_t generation_ = 0, decomposed_at_ = 0;
  double margin_;
  std::vector<const std::vector<double>*> thresholds_;
  Eigen::VectorXd z_, y_;
};

}  // namespace cmaes
