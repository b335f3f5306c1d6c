// logistic_regression: multinomial (softmax) logistic regression with an L2, L1 or elastic-net
// penalty, fitted on internally standardized inputs by L-BFGS (L2) or accelerated proximal
// gradient (L1, elastic net).
//
// The penalty 1/C applies to the coefficients of the standardized features, so C means the
// same thing whatever the units of the columns (unlike scikit-learn, which penalizes raw
// coefficients). The fitted coefficients are mapped back to raw feature units, so prediction
// needs no standardization step.
#include <ams/plugin.hpp>

#include "lbfgs.hpp"
#include "proximal_gradient.hpp"
#include "softmax_objective.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using namespace amslr;

constexpr uint32_t kPayloadVersion = 1;

// Shortest readable form of an option value for messages ("0.5", "-1", "1e-09").
std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

class LogisticRegression final : public ams::Model {
 public:
  static constexpr const char* name = "logistic_regression";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Multinomial logistic regression with L2, L1 or elastic-net penalty (standardized inputs)";
  static constexpr uint32_t capabilities =
      AMS_MODEL_CLASSIFICATION | AMS_MODEL_PROBA | AMS_MODEL_WEIGHTS | AMS_MODEL_SAVE;

  explicit LogisticRegression(ams::Context ctx) : ams::Model(ctx) {
    C_ = ctx.get_double("C", 1.0);
    if (!(C_ > 0) || !std::isfinite(C_))
      ctx.option_error("C", "must be a finite number > 0 (the penalty is 1/C), got " + format_number(C_));
    const std::string penalty = ctx.get_choice("penalty", "l2", {"l2", "l1", "elasticnet"});
    l1_ratio_ = penalty == "l1" ? 1.0 : 0.0;
    if (penalty == "elasticnet") l1_ratio_ = ctx.get_double_in("l1_ratio", 0.5, 0.0, 1.0);
    fit_intercept_ = ctx.get_bool("fit_intercept", true);
    class_weight_ = ctx.get_choice("class_weight", "none", {"none", "balanced"});
    max_iter_ = static_cast<int>(ctx.get_int_in("max_iter", 100, 1, 1000000));
    tol_ = ctx.get_double("tol", 1e-4);
    if (!(tol_ > 0) || !std::isfinite(tol_))
      ctx.option_error("tol", "must be a finite number > 0, got " + format_number(tol_));
  }

  void fit(const ams::DataView& train, const ams::DataView*) override {
    if (train.task() != AMS_TASK_CLASSIFICATION)
      throw ams::Error("logistic_regression does classification only; this data set is a regression task "
                       "(use ridge, knn or random_forest instead)",
                       AMS_ERR_UNSUPPORTED);
    if (!train.has_y()) throw ams::Error("logistic_regression needs targets (y) to fit", AMS_ERR_INVALID);
    const int k = train.n_classes();
    if (k < 2) throw ams::Error("logistic_regression needs at least two classes, got " + std::to_string(k), AMS_ERR_INVALID);
    const Eigen::Index n = train.n_rows(), d = train.n_features();
    if (n < 1) throw ams::Error("logistic_regression cannot fit on an empty data set", AMS_ERR_INVALID);

    RowMatrix X(n, d);
    std::vector<int> y(static_cast<size_t>(n));
    Eigen::VectorXd w(n);
    for (Eigen::Index i = 0; i < n; ++i) {
      const double v = train.y(i);
      if (!(v >= 0 && v < k) || v != std::floor(v))
        throw ams::Error("logistic_regression: the target of row " + std::to_string(i) + " is " + std::to_string(v) +
                             ", not a class index in [0, " + std::to_string(k) + ")",
                         AMS_ERR_INVALID);
      y[static_cast<size_t>(i)] = static_cast<int>(v);
      w[i] = train.weight(i);
      if (!(w[i] >= 0) || !std::isfinite(w[i]))
        throw ams::Error("sample weight of row " + std::to_string(i) + " must be finite and >= 0", AMS_ERR_INVALID);
      const double* r = train.row(i);
      for (Eigen::Index j = 0; j < d; ++j) X(i, j) = r[j];
    }
    if (!X.allFinite())
      throw ams::Error("logistic_regression needs finite inputs: X contains NaN or infinity "
                       "(impute missing values first)", AMS_ERR_INVALID);
    if (class_weight_ == "balanced") {
      std::vector<double> count(static_cast<size_t>(k), 0.0);
      for (int c : y) count[static_cast<size_t>(c)] += 1;
      const auto present = static_cast<double>(std::count_if(count.begin(), count.end(), [](double c) { return c > 0; }));
      for (Eigen::Index i = 0; i < n; ++i)
        w[i] *= static_cast<double>(n) / (present * count[static_cast<size_t>(y[static_cast<size_t>(i)])]);
    }
    const double total_weight = w.sum();
    if (!(total_weight > 0)) throw ams::Error("logistic_regression: the sample weights sum to zero", AMS_ERR_INVALID);

    // Standardize with weighted moments. Without an intercept the columns are only scaled:
    // centring would smuggle an intercept into the model.
    Eigen::RowVectorXd mean = Eigen::RowVectorXd::Zero(d), scale = Eigen::RowVectorXd::Ones(d);
    const Eigen::RowVectorXd wmean = (w.transpose() * X) / total_weight;
    for (Eigen::Index j = 0; j < d; ++j) {
      const double var = (w.array() * (X.col(j).array() - wmean[j]).square()).sum() / total_weight;
      const double sd = std::sqrt(var);
      if (fit_intercept_) mean[j] = wmean[j];
      scale[j] = sd > 1e-12 * std::max(1.0, std::abs(wmean[j])) ? sd : 1.0;
      if (!fit_intercept_) {
        // Scale by the root mean square instead, so a constant column keeps a sensible size.
        const double rms = std::sqrt((w.array() * X.col(j).array().square()).sum() / total_weight);
        scale[j] = rms > 0 ? rms : 1.0;
      }
    }
    X.rowwise() -= mean;
    X.array().rowwise() /= scale.array();

    // The penalty (1 / C) (l1_ratio ||W||_1 + 0.5 (1 - l1_ratio) ||W||^2): the smooth objective
    // carries the L2 share, so its C is C / (1 - l1_ratio) (infinite, i.e. no L2, for pure L1).
    const double l2_C = l1_ratio_ < 1 ? C_ / (1 - l1_ratio_) : std::numeric_limits<double>::infinity();
    SoftmaxObjective objective(X, y, w, k, l2_C, fit_intercept_);
    Eigen::VectorXd theta = Eigen::VectorXd::Zero(objective.n_params());
    int iterations = 0;
    bool converged = false;
    if (l1_ratio_ == 0) {
      LbfgsOptions opt;
      opt.max_iter = max_iter_;
      opt.gtol = tol_;
      const LbfgsResult r = minimize_lbfgs(objective, theta, opt);
      iterations = r.iterations;
      converged = r.converged;
    } else {
      // Same normalization as the smooth part: l1_ratio / (C S), intercepts unpenalized.
      Eigen::VectorXd l1 = Eigen::VectorXd::Zero(objective.n_params());
      l1.head(k * d).setConstant(l1_ratio_ / (C_ * total_weight));
      ProximalOptions opt;
      opt.max_iter = max_iter_;
      opt.gtol = tol_;
      const ProximalResult r = minimize_proximal(objective, theta, l1, opt);
      iterations = r.iterations;
      converged = r.converged;
    }
    if (!converged)
      ctx_.log(AMS_LOG_WARNING, std::string("logistic_regression: ") + (l1_ratio_ == 0 ? "L-BFGS" : "proximal gradient") +
                                    " did not converge in max_iter = " + std::to_string(max_iter_) +
                                    " iterations; increase max_iter or tol");

    // Back to raw units: z = W ((x - m) / s) + b = (W / s) x + (b - (W / s) m).
    n_features_ = static_cast<int32_t>(d);
    n_classes_ = k;
    coef_.assign(static_cast<size_t>(k * d), 0.0);
    intercept_.assign(static_cast<size_t>(k), 0.0);
    for (int c = 0; c < k; ++c) {
      double b = fit_intercept_ ? theta[k * d + c] : 0.0;
      for (Eigen::Index j = 0; j < d; ++j) {
        const double raw = theta[c * d + j] / scale[j];
        coef_[static_cast<size_t>(c * d + j)] = raw;
        b -= raw * mean[j];
      }
      intercept_[static_cast<size_t>(c)] = b;
    }
    iterations_ = iterations;
    fitted_ = true;
  }

  void predict(const ams::DataView& data, double* out) override {
    check_input(data);
    std::vector<double> z(static_cast<size_t>(n_classes_));
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      scores(data.row(i), z.data());
      out[i] = static_cast<double>(std::max_element(z.begin(), z.end()) - z.begin());
    }
  }

  void predict_proba(const ams::DataView& data, double* out) override {
    check_input(data);
    if (data.n_classes() != n_classes_)
      throw ams::Error("logistic_regression was fitted with " + std::to_string(n_classes_) +
                           " classes but predict_proba was asked for " + std::to_string(data.n_classes()),
                       AMS_ERR_INVALID);
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      double* p = out + i * n_classes_;
      scores(data.row(i), p);
      const double m = *std::max_element(p, p + n_classes_);
      double s = 0;
      for (int c = 0; c < n_classes_; ++c) s += (p[c] = std::exp(p[c] - m));
      for (int c = 0; c < n_classes_; ++c) p[c] /= s;
    }
  }

  void save(ams::Writer& w) const override {
    if (!fitted_) throw ams::Error("logistic_regression: save called before fit", AMS_ERR_INVALID);
    w.pod(kPayloadVersion);
    w.pod(n_features_);
    w.pod(n_classes_);
    w.vec(coef_);
    w.vec(intercept_);
  }

  void load(ams::Reader& r) override {
    const auto v = r.pod<uint32_t>();
    if (v != kPayloadVersion)
      throw ams::Error("logistic_regression: saved payload version " + std::to_string(v) +
                           " is not supported (this build reads version " + std::to_string(kPayloadVersion) + ")",
                       AMS_ERR_FORMAT);
    const auto d = r.pod<int32_t>();
    const auto k = r.pod<int32_t>();
    auto coef = r.vec<double>();
    auto intercept = r.vec<double>();
    if (d < 0 || k < 2 || coef.size() != static_cast<size_t>(d) * static_cast<size_t>(k) ||
        intercept.size() != static_cast<size_t>(k))
      throw ams::Error("logistic_regression: the saved model is corrupt (inconsistent shapes)", AMS_ERR_FORMAT);
    n_features_ = d;
    n_classes_ = k;
    coef_ = std::move(coef);
    intercept_ = std::move(intercept);
    fitted_ = true;
  }

 private:
  void check_input(const ams::DataView& data) const {
    if (!fitted_) throw ams::Error("logistic_regression: predict called before fit", AMS_ERR_INVALID);
    if (data.n_features() != n_features_)
      throw ams::Error("logistic_regression was fitted on " + std::to_string(n_features_) + " features but got " +
                           std::to_string(data.n_features()),
                       AMS_ERR_INVALID);
  }

  void scores(const double* x, double* z) const {
    for (int c = 0; c < n_classes_; ++c) {
      const double* wc = &coef_[static_cast<size_t>(c) * static_cast<size_t>(n_features_)];
      double s = intercept_[static_cast<size_t>(c)];
      for (int32_t j = 0; j < n_features_; ++j) s += wc[j] * x[j];
      z[c] = s;
    }
  }

  double C_ = 1.0;
  double l1_ratio_ = 0.0;  // 0: L2 only, 1: L1 only
  bool fit_intercept_ = true;
  std::string class_weight_ = "none";
  int max_iter_ = 100;
  double tol_ = 1e-4;

  bool fitted_ = false;
  int32_t n_features_ = 0;
  int32_t n_classes_ = 0;
  int iterations_ = 0;
  std::vector<double> coef_;       // n_classes x n_features, raw units
  std::vector<double> intercept_;  // n_classes
};

}  // namespace

AMS_PLUGIN("org.amsearch.logistic_regression", "1.0.0", "amsearch", ams::model<LogisticRegression>())
