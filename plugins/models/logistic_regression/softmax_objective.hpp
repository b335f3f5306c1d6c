// The L2-penalized multinomial logistic loss and its gradient.
//
//   L(W, b) = (1 / S) sum_i w_i [logsumexp(z_i) - z_i[y_i]] + (lambda / 2) ||W||^2,
//   z_i = W x_i + b,  S = sum_i w_i,  lambda = 1 / (C S)
//
// which has the same minimizer as scikit-learn's C * sum(loss) + ||W||^2 / 2 but stays of
// order 1 whatever the number of rows, so one gradient tolerance fits every data set.
// Parameters are packed as W (K x d, row-major) followed by b (K), b only with an intercept.
#pragma once

#include <Eigen/Dense>

#include <cmath>
#include <vector>

namespace amslr {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

// Row-wise softmax of z in place, returning each row's log-sum-exp (stable: shifts by the max).
inline Eigen::VectorXd softmax_rows(RowMatrix& z) {
  Eigen::VectorXd lse(z.rows());
  for (Eigen::Index i = 0; i < z.rows(); ++i) {
    auto row = z.row(i);
    const double m = row.maxCoeff();
    row.array() = (row.array() - m).exp();
    const double s = row.sum();
    row /= s;
    lse[i] = m + std::log(s);
  }
  return lse;
}

class SoftmaxObjective {
 public:
  // X: n x d (already standardized), y: class indices, w: row weights (> 0 sum).
  SoftmaxObjective(const RowMatrix& X, const std::vector<int>& y, const Eigen::VectorXd& w, int n_classes,
                   double C, bool fit_intercept)
      : X_(X), y_(y), w_(w), k_(n_classes), intercept_(fit_intercept) {
    total_weight_ = w.sum();
    lambda_ = 1.0 / (C * total_weight_);
  }

  Eigen::Index n_params() const { return k_ * X_.cols() + (intercept_ ? k_ : 0); }

  double operator()(const Eigen::VectorXd& theta, Eigen::VectorXd& grad) const {
    const Eigen::Index d = X_.cols(), n = X_.rows();
    Eigen::Map<const RowMatrix> W(theta.data(), k_, d);
    RowMatrix z = X_ * W.transpose();
    if (intercept_) z.rowwise() += theta.tail(k_).transpose();
    double loss = 0;
    for (Eigen::Index i = 0; i < n; ++i) loss += w_[i] * (-z(i, y_[static_cast<size_t>(i)]));
    const Eigen::VectorXd lse = softmax_rows(z);  // z now holds probabilities
    loss += w_.dot(lse);
    loss /= total_weight_;
    // Residuals (p - onehot) scaled by w_i / S.
    for (Eigen::Index i = 0; i < n; ++i) z(i, y_[static_cast<size_t>(i)]) -= 1.0;
    z.array().colwise() *= (w_ / total_weight_).array();
    grad.resize(n_params());
    Eigen::Map<RowMatrix> GW(grad.data(), k_, d);
    GW.noalias() = z.transpose() * X_;
    GW += lambda_ * W;
    if (intercept_) grad.tail(k_) = z.colwise().sum().transpose();
    return loss + 0.5 * lambda_ * W.squaredNorm();
  }

 private:
  const RowMatrix& X_;
  const std::vector<int>& y_;
  const Eigen::VectorXd& w_;
  int k_;
  bool intercept_;
  double total_weight_ = 0;
  double lambda_ = 0;
};

}  // namespace amslr
