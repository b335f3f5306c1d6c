#include "gaussian.hpp"

#include <algorithm>
#include <cmath>

#include "normal.hpp"

namespace cmaes {

Gaussian::Gaussian(const Eigen::VectorXd& mean, double sigma, int32_t lambda,
                   std::vector<const std::vector<double>*> thresholds)
    : n_(int32_t(mean.size())),
      lambda_(lambda),
      mu_(lambda / 2),
      mean_(mean),
      sigma_(sigma),
      thresholds_(std::move(thresholds)) {
  const double n = n_;
  // Hansen's weights for all lambda samples: positive for the best mu (recombination),
  // negative for the rest (active covariance update, shrinking towards bad directions).
  Eigen::VectorXd raw(lambda_);
  for (int32_t i = 0; i < lambda_; ++i) raw[i] = std::log((lambda_ + 1) / 2.0) - std::log(i + 1.0);
  const Eigen::VectorXd pos = raw.head(mu_), neg = raw.tail(lambda_ - mu_);
  mu_eff_ = pos.sum() * pos.sum() / pos.squaredNorm();
  const double mu_eff_neg = neg.size() > 0 ? neg.sum() * neg.sum() / neg.squaredNorm() : 0.0;
  c_sigma_ = (mu_eff_ + 2) / (n + mu_eff_ + 5);
  d_sigma_ = 1 + 2 * std::max(0.0, std::sqrt((mu_eff_ - 1) / (n + 1)) - 1) + c_sigma_;
  c_c_ = (4 + mu_eff_ / n) / (n + 4 + 2 * mu_eff_ / n);
  c_1_ = 2 / ((n + 1.3) * (n + 1.3) + mu_eff_);
  c_mu_ = std::min(1 - c_1_, 2 * (mu_eff_ - 2 + 1 / mu_eff_) / ((n + 2) * (n + 2) + mu_eff_));
  const double alpha_mu = 1 + c_1_ / c_mu_;
  const double alpha_mu_eff = 1 + 2 * mu_eff_neg / (mu_eff_ + 2);
  const double alpha_pos_def = (1 - c_1_ - c_mu_) / (n * c_mu_);
  const double neg_scale = std::min({alpha_mu, alpha_mu_eff, alpha_pos_def});
  weights_ = raw;
  weights_.head(mu_) /= pos.sum();
  if (neg.size() > 0) weights_.tail(lambda_ - mu_) *= neg_scale / -neg.sum();
  chi_n_ = std::sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  margin_ = 1.0 / (n * lambda_);
  p_sigma_ = Eigen::VectorXd::Zero(n_);
  p_c_ = Eigen::VectorXd::Zero(n_);
  scale_a_ = Eigen::VectorXd::Ones(n_);
  C_ = Eigen::MatrixXd::Identity(n_, n_);
  B_ = Eigen::MatrixXd::Identity(n_, n_);
  D_ = Eigen::VectorXd::Ones(n_);
  z_.resize(n_);
  y_.resize(n_);
  apply_margin();
}

void Gaussian::sample(Rng& rng, Eigen::VectorXd& x) {
  x.resize(n_);
  for (int attempt = 0; attempt < 100; ++attempt) {
    for (int32_t i = 0; i < n_; ++i) z_[i] = rng.normal();
    y_.noalias() = B_ * D_.cwiseProduct(z_);
    x = mean_ + sigma_ * scale_a_.cwiseProduct(y_);
    if (inside(x)) return;
  }
  // Clipped: the update then learns from the point that was evaluated.
  for (int32_t i = 0; i < n_; ++i)
    if (!has_margin(i)) x[i] = std::clamp(x[i], 0.0, 1.0);
}

bool Gaussian::inside(const Eigen::VectorXd& x) const {
  // A discrete coordinate beyond [0, 1] just decodes to its end cell, and the margin may well
  // put the mean there; only continuous coordinates must stay inside.
  for (int32_t i = 0; i < n_; ++i)
    if (!has_margin(i) && !(x[i] >= 0 && x[i] <= 1)) return false;
  return true;
}

void Gaussian::update(const std::vector<const Eigen::VectorXd*>& ranked) {
  ++generation_;
  const Eigen::VectorXd inv_scale = (sigma_ * scale_a_).cwiseInverse();
  Eigen::MatrixXd ys(n_, lambda_);
  for (int32_t i = 0; i < lambda_; ++i)
    ys.col(i) = (*ranked[size_t(i)] - mean_).cwiseProduct(inv_scale);
  const Eigen::VectorXd y_w = ys.leftCols(mu_) * weights_.head(mu_);
  mean_ += sigma_ * scale_a_.cwiseProduct(y_w);

  // C^(-1/2) y_w = B D^-1 B' y_w
  const Eigen::VectorXd c_inv_sqrt_y = B_ * (B_.transpose() * y_w).cwiseQuotient(D_);
  p_sigma_ =
      (1 - c_sigma_) * p_sigma_ + std::sqrt(c_sigma_ * (2 - c_sigma_) * mu_eff_) * c_inv_sqrt_y;
  const double ps_norm = p_sigma_.norm();
  const bool h_sigma = ps_norm / std::sqrt(1 - std::pow(1 - c_sigma_, 2.0 * double(generation_))) <
                       (1.4 + 2.0 / (n_ + 1)) * chi_n_;
  p_c_ = (1 - c_c_) * p_c_ + (h_sigma ? std::sqrt(c_c_ * (2 - c_c_) * mu_eff_) : 0.0) * y_w;
  const double delta = (1 - (h_sigma ? 1.0 : 0.0)) * c_c_ * (2 - c_c_);
  // Negative weights act on directions rescaled to length sqrt(n) under C, which keeps C
  // positive definite (Hansen 2016, eq. 46).
  Eigen::VectorXd w_circ = weights_;
  for (int32_t i = mu_; i < lambda_; ++i) {
    const Eigen::VectorXd c_inv_sqrt_yi = B_ * (B_.transpose() * ys.col(i)).cwiseQuotient(D_);
    w_circ[i] *= n_ / std::max(c_inv_sqrt_yi.squaredNorm(), 1e-300);
  }
  const Eigen::MatrixXd rank_mu = ys * w_circ.asDiagonal() * ys.transpose();
  C_ = (1 + c_1_ * delta - c_1_ - c_mu_ * weights_.sum()) * C_ + c_1_ * p_c_ * p_c_.transpose() +
       c_mu_ * rank_mu;
  sigma_ *= std::exp(std::min(1.0, (c_sigma_ / d_sigma_) * (ps_norm / chi_n_ - 1)));

  // The eigendecomposition costs O(n^3); Hansen's lazy schedule keeps it below O(n^2) per sample.
  if (double(generation_ - decomposed_at_) > 1.0 / ((c_1_ + c_mu_) * n_ * 10)) decompose();
  apply_margin();
}

void Gaussian::decompose() {
  decomposed_at_ = generation_;
  C_ = 0.5 * (C_ + C_.transpose());
  Eigen::SelfAdjointEigenSolver<Eigen::MatrixXd> eig(C_);
  if (eig.info() != Eigen::Success) return;
  B_ = eig.eigenvectors();
  D_ = eig.eigenvalues().cwiseMax(1e-300).cwiseSqrt();
}

void Gaussian::apply_margin() {
  const double ci = normal_quantile(1 - margin_);
  for (int32_t j = 0; j < n_; ++j) {
    if (!has_margin(j)) continue;
    const std::vector<double>* thr = thresholds_[size_t(j)];
    const int64_t last = int64_t(thr->size()) - 1;
    const int64_t k = std::lower_bound(thr->begin(), thr->end(), mean_[j]) - thr->begin();
    const double low = (*thr)[size_t(k == 0 ? 0 : k - 1)];
    const double up = (*thr)[size_t(std::min(k, last))];
    const double c_jj = std::sqrt(C_(j, j));
    const double scale = sigma_ * scale_a_[j] * c_jj;
    double low_p = normal_cdf((low - mean_[j]) / scale);
    double up_p = normal_upper((up - mean_[j]) / scale);
    const double mid_p = 1 - low_p - up_p;
    if (std::max(low_p, up_p) > 0.5) {
      // An end cell: keep the probability of crossing its one boundary at least margin.
      if (std::min(low_p, up_p) < margin_)
        mean_[j] = up + (mean_[j] > up ? 1.0 : -1.0) * scale * ci;
      continue;
    }
    // An inner cell: raise each side's probability to margin / 2, taking the mass from the
    // sides in proportion, then solve for the mean and scaling giving those probabilities.
    const double half = margin_ / 2;
    low_p = std::max(low_p, half);
    up_p = std::max(up_p, half);
    const double excess = 1 - low_p - up_p - mid_p;
    const double denom = low_p + mid_p + up_p - 3 * half;
    double new_low = low_p + excess * (low_p - half) / denom;
    double new_up = up_p + excess * (up_p - half) / denom;
    new_low = std::clamp(new_low, 1e-10, 0.5 - 1e-10);
    new_up = std::clamp(new_up, 1e-10, 0.5 - 1e-10);
    const double chi_low = normal_quantile(1 - new_low), chi_up = normal_quantile(1 - new_up);
    scale_a_[j] = (up - low) / ((chi_low + chi_up) * sigma_ * c_jj);
    mean_[j] = (low * chi_up + up * chi_low) / (chi_low + chi_up);
  }
}

const char* Gaussian::degenerate() const {
  const double max_d = D_.maxCoeff(), min_d = D_.minCoeff();
  if (!(min_d > 0) || max_d * max_d > 1e14 * min_d * min_d) return "ill-conditioned covariance";
  bool tiny = true;
  for (int32_t i = 0; i < n_; ++i) {
    const double s = sigma_ * scale_a_[i];
    tiny &= s * std::sqrt(C_(i, i)) < 1e-11 && s * std::abs(p_c_[i]) < 1e-11;
  }
  if (tiny) return "step size below tolx";
  if (!std::isfinite(sigma_) || sigma_ * max_d > 1e4) return "step size diverged";
  return "";
}

}  // namespace cmaes
