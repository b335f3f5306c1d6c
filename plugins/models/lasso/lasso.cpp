// lasso and elastic_net: L1 (and L2) penalized least squares by cyclic coordinate descent.
//
// The objective is scikit-learn's, with the squared error averaged over the sample weights:
//
//   (1 / (2 S)) sum_i w_i (y_i - x_i b - c)^2 + alpha l1_ratio ||b||_1 + 0.5 alpha (1 - l1_ratio) ||b||^2
//
// With an intercept, X and y are centred by their weighted means so c is not penalized. With
// `standardize`, the penalty applies to the coefficients of unit-variance columns instead
// (as glmnet); the fitted coefficients are always mapped back to raw units, so predict does no
// preprocessing. Rows are scaled by sqrt(w_i / S), which turns the weighted problem into the
// plain one coordinate_descent.hpp solves.
#include <ams/plugin.hpp>

#include "coordinate_descent.hpp"

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace {

using namespace amslasso;

constexpr uint32_t kPayloadVersion = 1;

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

class PenalizedLeastSquares : public ams::Model {
 public:
  static constexpr uint32_t capabilities = AMS_MODEL_REGRESSION | AMS_MODEL_WEIGHTS | AMS_MODEL_SAVE;

  // fixed_l1_ratio >= 0 fixes the mix (lasso); a negative value reads the `l1_ratio` option.
  PenalizedLeastSquares(ams::Context ctx, const char* model_name, double fixed_l1_ratio)
      : ams::Model(ctx), name_(model_name) {
    alpha_ = ctx.get_double("alpha", 1.0);
    if (!(alpha_ >= 0) || !std::isfinite(alpha_))
      ctx.option_error("alpha", "must be a finite number >= 0, got " + format_number(alpha_));
    l1_ratio_ = fixed_l1_ratio >= 0 ? fixed_l1_ratio : ctx.get_double_in("l1_ratio", 0.5, 0.0, 1.0);
    fit_intercept_ = ctx.get_bool("fit_intercept", true);
    standardize_ = ctx.get_bool("standardize", false);
    max_iter_ = static_cast<int>(ctx.get_int_in("max_iter", 1000, 1, 100000000));
    tol_ = ctx.get_double("tol", 1e-4);
    if (!(tol_ > 0) || !std::isfinite(tol_))
      ctx.option_error("tol", "must be a finite number > 0, got " + format_number(tol_));
  }

  void fit(const ams::DataView& train, const ams::DataView*) override {
    if (train.task() != AMS_TASK_REGRESSION)
      throw ams::Error(name_ + " does regression only; this data set is a classification task "
                               "(use logistic_regression, linear_svm or naive_bayes instead)",
                       AMS_ERR_UNSUPPORTED);
    if (!train.has_y()) throw ams::Error(name_ + " needs targets (y) to fit", AMS_ERR_INVALID);
    const Eigen::Index n = train.n_rows(), d = train.n_features();
    if (n < 1) throw ams::Error(name_ + " cannot fit on an empty data set", AMS_ERR_INVALID);

    Eigen::MatrixXd X(n, d);
    Eigen::VectorXd y(n), w(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      w[i] = train.weight(i);
      if (!(w[i] >= 0) || !std::isfinite(w[i]))
        throw ams::Error(name_ + ": sample weight of row " + std::to_string(i) + " must be finite and >= 0",
                         AMS_ERR_INVALID);
      y[i] = train.y(i);
      const double* r = train.row(i);
      for (Eigen::Index j = 0; j < d; ++j) X(i, j) = r[j];
    }
    if (!X.allFinite() || !y.allFinite())
      throw ams::Error(name_ + " needs finite inputs: X or y contains NaN or infinity (impute missing values first)",
                       AMS_ERR_INVALID);
    const double total = w.sum();
    if (!(total > 0)) throw ams::Error(name_ + ": the sample weights sum to zero", AMS_ERR_INVALID);

    Eigen::RowVectorXd x_mean = Eigen::RowVectorXd::Zero(d), scale = Eigen::RowVectorXd::Ones(d);
    double y_mean = 0;
    if (fit_intercept_) {
      x_mean = (w.transpose() * X) / total;
      y_mean = w.dot(y) / total;
      X.rowwise() -= x_mean;
      y.array() -= y_mean;
    }
    if (standardize_) {
      // After centring this is the weighted standard deviation; without an intercept it is
      // the root mean square, since centring would smuggle an intercept in.
      for (Eigen::Index j = 0; j < d; ++j) {
        const double s = std::sqrt((w.array() * X.col(j).array().square()).sum() / total);
        scale[j] = s > 1e-12 * std::max(1.0, std::abs(x_mean[j])) ? s : 1.0;
      }
      X.array().rowwise() /= scale.array();
    }
    const Eigen::VectorXd root_w = (w / total).cwiseSqrt();
    X.array().colwise() *= root_w.array();
    y.array() *= root_w.array();

    CdOptions opt;
    opt.l1 = alpha_ * l1_ratio_;
    opt.l2 = alpha_ * (1 - l1_ratio_);
    opt.max_iter = max_iter_;
    opt.tol = tol_;
    Eigen::VectorXd b = Eigen::VectorXd::Zero(d);
    const CdResult r = coordinate_descent(X, y, b, opt);
    if (!r.converged)
      ctx_.log(AMS_LOG_WARNING, name_ + ": coordinate descent did not converge in max_iter = " +
                                    std::to_string(max_iter_) + " iterations (duality gap " +
                                    format_number(r.gap) + "); increase max_iter or tol, or set standardize = true");

    coef_.assign(static_cast<size_t>(d), 0.0);
    intercept_ = y_mean;
    for (Eigen::Index j = 0; j < d; ++j) {
      coef_[static_cast<size_t>(j)] = b[j] / scale[j];
      intercept_ -= coef_[static_cast<size_t>(j)] * x_mean[j];
    }
    if (!fit_intercept_) intercept_ = 0;
    fitted_ = true;
  }

  void predict(const ams::DataView& data, double* out) override {
    if (!fitted_) throw ams::Error(name_ + ": predict called before fit", AMS_ERR_INVALID);
    if (data.n_features() != static_cast<int64_t>(coef_.size()))
      throw ams::Error(name_ + " was fitted on " + std::to_string(coef_.size()) + " features but got " +
                           std::to_string(data.n_features()),
                       AMS_ERR_INVALID);
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      const double* r = data.row(i);
      double s = intercept_;
      for (size_t j = 0; j < coef_.size(); ++j) s += r[j] * coef_[j];
      out[i] = s;
    }
  }

  void save(ams::Writer& w) const override {
    if (!fitted_) throw ams::Error(name_ + ": save called before fit", AMS_ERR_INVALID);
    w.pod(kPayloadVersion);
    w.pod(alpha_);
    w.pod(l1_ratio_);
    w.pod(intercept_);
    w.vec(coef_);
  }

  void load(ams::Reader& r) override {
    const auto v = r.pod<uint32_t>();
    if (v != kPayloadVersion)
      throw ams::Error(name_ + ": saved payload version " + std::to_string(v) +
                           " is not supported (this build reads version " + std::to_string(kPayloadVersion) + ")",
                       AMS_ERR_FORMAT);
    const double alpha = r.pod<double>(), l1_ratio = r.pod<double>(), intercept = r.pod<double>();
    auto coef = r.vec<double>();
    if (!std::isfinite(intercept) || !(l1_ratio >= 0 && l1_ratio <= 1))
      throw ams::Error(name_ + ": the saved model is corrupt", AMS_ERR_FORMAT);
    alpha_ = alpha;
    l1_ratio_ = l1_ratio;
    intercept_ = intercept;
    coef_ = std::move(coef);
    fitted_ = true;
  }

 private:
  std::string name_;
  double alpha_ = 1.0;
  double l1_ratio_ = 1.0;
  bool fit_intercept_ = true;
  bool standardize_ = false;
  int max_iter_ = 1000;
  double tol_ = 1e-4;

  bool fitted_ = false;
  double intercept_ = 0;
  std::vector<double> coef_;  // raw feature units
};

class Lasso final : public PenalizedLeastSquares {
 public:
  static constexpr const char* name = "lasso";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Lasso regression (L1 least squares, coordinate descent)";
  explicit Lasso(ams::Context ctx) : PenalizedLeastSquares(ctx, name, 1.0) {}
};

class ElasticNet final : public PenalizedLeastSquares {
 public:
  static constexpr const char* name = "elastic_net";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Elastic net regression (L1 + L2 least squares, coordinate descent)";
  explicit ElasticNet(ams::Context ctx) : PenalizedLeastSquares(ctx, name, -1.0) {}
};

}  // namespace

AMS_PLUGIN("org.amsearch.lasso", "1.0.0", "amsearch", ams::model<Lasso>(), ams::model<ElasticNet>())
