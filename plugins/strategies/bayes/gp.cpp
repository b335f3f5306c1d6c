#include "gp.hpp"

#include <Eigen/Cholesky>
#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <stdexcept>

namespace amsbayes {

MatrixXd squared_distances(const MatrixXd& A, const MatrixXd& B) {
  const VectorXd a2 = A.colwise().squaredNorm().transpose();
  const VectorXd b2 = B.colwise().squaredNorm().transpose();
  MatrixXd d = -2.0 * (A.transpose() * B);
  d.colwise() += a2;
  d.rowwise() += b2.transpose();
  return d.cwiseMax(0.0);
}

Posterior::Posterior(const VectorXd& theta) : theta_(theta) {
  const Eigen::Index D = theta.size() - 2;
  if (D < 1) throw std::invalid_argument("GP hyperparameters need at least one lengthscale");
  inv_lengthscale_ = (-theta.head(D)).array().exp();
  signal_ = std::exp(theta[D]);
  noise_ = std::exp(theta[D + 1]);
  Xs_.resize(D, 0);
}

void Posterior::reset(const MatrixXd& X, const VectorXd& y) {
  Xs_ = inv_lengthscale_.asDiagonal() * X;
  y_ = y;
  refactorize();
}

void Posterior::refactorize() {
  const Eigen::Index n = Xs_.cols();
  MatrixXd K = squared_distances(Xs_, Xs_).cwiseSqrt().unaryExpr(
      [this](double r) { return Matern52::value(r, signal_); });
  // Jitter escalation: duplicated or near-duplicated inputs make K singular when the noise
  // is tiny; a growing diagonal nudge restores positive definiteness at a known cost.
  for (jitter_ = 0;; jitter_ = jitter_ == 0 ? 1e-10 * signal_ : jitter_ * 10) {
    MatrixXd A = K;
    A.diagonal().array() += noise_ + jitter_;
    Eigen::LLT<MatrixXd> llt(A);
    if (llt.info() == Eigen::Success) {
      L_ = llt.matrixL();
      break;
    }
    if (jitter_ > signal_) throw std::runtime_error("the GP kernel matrix is not positive definite");
  }
  if (n == 0) L_.resize(0, 0);
  solve_alpha();
}

void Posterior::solve_alpha() {
  alpha_ = y_;
  if (alpha_.size() == 0) return;
  L_.triangularView<Eigen::Lower>().solveInPlace(alpha_);
  L_.transpose().triangularView<Eigen::Upper>().solveInPlace(alpha_);
}

void Posterior::set_targets(const VectorXd& y) {
  if (y.size() != y_.size()) throw std::invalid_argument("set_targets: wrong number of targets");
  y_ = y;
  solve_alpha();
}

void Posterior::append(const VectorXd& x, double y) {
  const Eigen::Index n = Xs_.cols();
  const VectorXd xs = inv_lengthscale_.cwiseProduct(x);
  VectorXd k(n);
  for (Eigen::Index i = 0; i < n; ++i) k[i] = Matern52::value((Xs_.col(i) - xs).norm(), signal_);
  VectorXd l = k;
  if (n > 0) L_.triangularView<Eigen::Lower>().solveInPlace(l);
  const double d2 = signal_ + noise_ + jitter_ - l.squaredNorm();
  Xs_.conservativeResize(Eigen::NoChange, n + 1);
  Xs_.col(n) = xs;
  y_.conservativeResize(n + 1);
  y_[n] = y;
  if (!(d2 > 1e-12 * signal_)) {  // lost positive definiteness: rebuild with more jitter
    refactorize();
    return;
  }
  L_.conservativeResize(n + 1, n + 1);
  L_.row(n).head(n) = l.transpose();
  L_.col(n).head(n).setZero();
  L_(n, n) = std::sqrt(d2);
  solve_alpha();
}

void Posterior::predict(const VectorXd& x, double& mean, double& variance, VectorXd* d_mean,
                        VectorXd* d_variance) const {
  const Eigen::Index n = Xs_.cols();
  const Eigen::Index D = Xs_.rows();
  const VectorXd xs = inv_lengthscale_.cwiseProduct(x);
  MatrixXd diff = (-Xs_).colwise() + xs;  // D x n: xs - xs_i
  VectorXd k(n), g(n);
  for (Eigen::Index i = 0; i < n; ++i) {
    const double r = diff.col(i).norm();
    k[i] = Matern52::value(r, signal_);
    g[i] = Matern52::derivative_over_r(r, signal_);
  }
  mean = k.dot(alpha_);
  VectorXd v = k;
  if (n > 0) {
    L_.triangularView<Eigen::Lower>().solveInPlace(v);
  }
  variance = signal_ - v.squaredNorm();
  const bool floored = variance < 1e-12 * signal_;
  if (floored) variance = 1e-12 * signal_;
  // dk_i/dx_d = g_i (xs_d - xs_id) / l_d.
  if (d_mean) *d_mean = inv_lengthscale_.cwiseProduct(diff * g.cwiseProduct(alpha_));
  if (d_variance) {
    if (floored || n == 0) {
      d_variance->setZero(D);
    } else {
      L_.transpose().triangularView<Eigen::Upper>().solveInPlace(v);  // v = K^{-1} k
      *d_variance = -2.0 * inv_lengthscale_.cwiseProduct(diff * g.cwiseProduct(v));
    }
  }
}

void Posterior::predict_batch(const MatrixXd& Z, VectorXd& mean, VectorXd& variance) const {
  const Eigen::Index m = Z.cols(), n = Xs_.cols();
  mean.resize(m);
  variance.resize(m);
  if (n == 0) {
    mean.setZero();
    variance.setConstant(signal_);
    return;
  }
  // Column blocks of the n x m cross-kernel, so the block being solved stays in cache and no
  // multi-megabyte temporaries are allocated (and page-faulted in) per proposal.
  constexpr Eigen::Index kBlock = 64;
  const VectorXd x2 = Xs_.colwise().squaredNorm().transpose();
  MatrixXd K(n, std::min(kBlock, m));
  for (Eigen::Index start = 0; start < m; start += kBlock) {
    const Eigen::Index w = std::min(kBlock, m - start);
    const MatrixXd Zs = inv_lengthscale_.asDiagonal() * Z.middleCols(start, w);
    auto block = K.leftCols(w);
    block.noalias() = Xs_.transpose() * Zs;
    for (Eigen::Index j = 0; j < w; ++j) {
      const double z2 = Zs.col(j).squaredNorm();
      for (Eigen::Index i = 0; i < n; ++i) {
        const double d2 = std::max(0.0, x2[i] + z2 - 2 * block(i, j));
        block(i, j) = Matern52::value(std::sqrt(d2), signal_);
      }
    }
    mean.segment(start, w).noalias() = block.transpose() * alpha_;
    L_.triangularView<Eigen::Lower>().solveInPlace(block);
    variance.segment(start, w) =
        (signal_ - block.colwise().squaredNorm().transpose().array()).max(1e-12 * signal_);
  }
}

}  // namespace amsbayes
