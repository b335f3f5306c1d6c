// ridge: L2-penalized least squares, solved exactly from the (weighted) normal equations.
//
// With an intercept, X and y are centred by their weighted means first, so the intercept is
// not penalized (as in scikit-learn) and the system stays well conditioned. The system
// (Xc' W Xc + alpha I) w = Xc' W yc is symmetric positive semidefinite; LDLT with pivoting
// also copes with alpha = 0 and collinear columns, where plain Cholesky would fail.
#include <ams/plugin.hpp>

#include <Eigen/Dense>

#include <cmath>
#include <string>
#include <vector>

namespace {

constexpr uint32_t kPayloadVersion = 1;

// Shortest readable form of an option value for messages ("0.5", "-1", "1e-09").
std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

class Ridge final : public ams::Model {
 public:
  static constexpr const char* name = "ridge";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Ridge regression (L2 least squares, exact solve of the normal equations)";
  static constexpr uint32_t capabilities =
      AMS_MODEL_REGRESSION | AMS_MODEL_WEIGHTS | AMS_MODEL_SAVE;

  explicit Ridge(ams::Context ctx) : ams::Model(ctx) {
    alpha_ = ctx.get_double("alpha", 1.0);
    if (!(alpha_ >= 0) || !std::isfinite(alpha_))
      ctx.option_error("alpha", "must be a finite number >= 0, got " + format_number(alpha_));
    fit_intercept_ = ctx.get_bool("fit_intercept", true);
  }

  void fit(const ams::DataView& train, const ams::DataView*) override {
    if (train.task() != AMS_TASK_REGRESSION)
      throw ams::Error("ridge does regression only; this data set is a classification task "
                       "(use logistic_regression, knn or random_forest instead)",
                       AMS_ERR_UNSUPPORTED);
    if (!train.has_y()) throw ams::Error("ridge needs targets (y) to fit", AMS_ERR_INVALID);
    const int64_t n = train.n_rows(), d = train.n_features();
    if (n < 1) throw ams::Error("ridge cannot fit on an empty data set", AMS_ERR_INVALID);

    Eigen::VectorXd w(n), y(n);
    Eigen::MatrixXd X(n, d);
    double total_weight = 0;
    for (int64_t i = 0; i < n; ++i) {
      w[i] = train.weight(i);
      if (!(w[i] >= 0) || !std::isfinite(w[i]))
        throw ams::Error("sample weight of row " + std::to_string(i) +
                             " must be finite and >= 0", AMS_ERR_INVALID);
      total_weight += w[i];
      y[i] = train.y(i);
      const double* r = train.row(i);
      for (int64_t j = 0; j < d; ++j) X(i, j) = r[j];
    }
    if (!X.allFinite() || !y.allFinite())
      throw ams::Error("ridge needs finite inputs: X or y contains NaN or infinity "
                       "(impute missing values first)", AMS_ERR_INVALID);
    if (!(total_weight > 0)) throw ams::Error("the sample weights sum to zero", AMS_ERR_INVALID);

    Eigen::RowVectorXd x_mean = Eigen::RowVectorXd::Zero(d);
    double y_mean = 0;
    if (fit_intercept_) {
      x_mean = (w.transpose() * X) / total_weight;
      y_mean = w.dot(y) / total_weight;
      X.rowwise() -= x_mean;
      y.array() -= y_mean;
    }
    // Scale rows by sqrt(w) so that X'X below is X' W X.
    const Eigen::VectorXd sw = w.cwiseSqrt();
    X.array().colwise() *= sw.array();
    y.array() *= sw.array();

    Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(d, d);
    gram.selfadjointView<Eigen::Lower>().rankUpdate(X.transpose());
    gram = gram.selfadjointView<Eigen::Lower>();
    gram.diagonal().array() += alpha_;
    const Eigen::VectorXd rhs = X.transpose() * y;
    Eigen::LDLT<Eigen::MatrixXd> ldlt(gram);
    if (ldlt.info() != Eigen::Success)
      throw ams::Error("ridge: the normal equations could not be factorized; "
                       "increase alpha", AMS_ERR_INVALID);
    Eigen::VectorXd coef = ldlt.solve(rhs);
    if (!coef.allFinite())
      throw ams::Error("ridge: the normal equations are singular (collinear or constant "
                       "features with alpha = 0); set alpha > 0", AMS_ERR_INVALID);
    coef_.assign(coef.data(), coef.data() + d);
    intercept_ = fit_intercept_ ? y_mean - x_mean.dot(coef) : 0.0;
    fitted_ = true;
  }

  void predict(const ams::DataView& data, double* out) override {
    require_fitted(data);
    const size_t d = coef_.size();
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      const double* r = data.row(i);
      double s = intercept_;
      for (size_t j = 0; j < d; ++j) s += r[j] * coef_[j];
      out[i] = s;
    }
  }

  void save(ams::Writer& w) const override {
    if (!fitted_) throw ams::Error("ridge: save called before fit", AMS_ERR_INVALID);
    w.pod(kPayloadVersion);
    w.pod<uint8_t>(fit_intercept_);
    w.pod(alpha_);
    w.pod(intercept_);
    w.vec(coef_);
  }

  void load(ams::Reader& r) override {
    const auto v = r.pod<uint32_t>();
    if (v != kPayloadVersion)
      throw ams::Error("ridge: saved payload version " + std::to_string(v) +
                           " is not supported (this build reads version " +
                           std::to_string(kPayloadVersion) + ")", AMS_ERR_FORMAT);
    fit_intercept_ = r.pod<uint8_t>() != 0;
    alpha_ = r.pod<double>();
    intercept_ = r.pod<double>();
    coef_ = r.vec<double>();
    fitted_ = true;
  }

 private:
  void require_fitted(const ams::DataView& data) const {
    if (!fitted_) throw ams::Error("ridge: predict called before fit", AMS_ERR_INVALID);
    if (data.n_features() != static_cast<int64_t>(coef_.size()))
      throw ams::Error("ridge was fitted on " + std::to_string(coef_.size()) +
                           " features but got " + std::to_string(data.n_features()),
                       AMS_ERR_INVALID);
  }

  double alpha_ = 1.0;
  bool fit_intercept_ = true;
  bool fitted_ = false;
  double intercept_ = 0;
  std::vector<double> coef_;
};

}  // namespace

AMS_PLUGIN("org.amsearch.ridge", "1.0.0", "amsearch", ams::model<Ridge>())
