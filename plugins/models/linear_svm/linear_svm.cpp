// linear_svm: L2-regularized linear support vector classifier, one-vs-rest for more than two
// classes, fitted by dual coordinate descent (dual_coordinate_descent.hpp, as LIBLINEAR).
//
// Inputs are standardized internally (weighted mean and standard deviation), so C means the
// same thing whatever the units of the columns; the coefficients are mapped back to raw units
// and predict does no preprocessing. As in LIBLINEAR, the intercept is the weight of a constant
// feature (intercept_scaling) and is therefore lightly penalized. Per-row cost is
// C * sample weight * class weight.
#include <ams/plugin.hpp>

#include "dual_coordinate_descent.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

using namespace amssvm;

constexpr uint32_t kPayloadVersion = 1;

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

class LinearSvm final : public ams::Model {
 public:
  static constexpr const char* name = "linear_svm";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Linear SVM classifier (hinge or squared hinge, L2, dual coordinate descent, one-vs-rest)";
  static constexpr uint32_t capabilities = AMS_MODEL_CLASSIFICATION | AMS_MODEL_WEIGHTS | AMS_MODEL_SAVE;

  explicit LinearSvm(ams::Context ctx) : ams::Model(ctx) {
    C_ = ctx.get_double("C", 1.0);
    if (!(C_ > 0) || !std::isfinite(C_))
      ctx.option_error("C", "must be a finite number > 0 (the penalty is 1/C), got " + format_number(C_));
    loss_ = ctx.get_choice("loss", "squared_hinge", {"squared_hinge", "hinge"}) == "hinge" ? Loss::hinge
                                                                                          : Loss::squared_hinge;
    fit_intercept_ = ctx.get_bool("fit_intercept", true);
    intercept_scaling_ = ctx.get_double("intercept_scaling", 1.0);
    if (!(intercept_scaling_ > 0) || !std::isfinite(intercept_scaling_))
      ctx.option_error("intercept_scaling",
                       "must be a finite number > 0, got " + format_number(intercept_scaling_));
    class_weight_ = ctx.get_choice("class_weight", "none", {"none", "balanced"});
    max_iter_ = static_cast<int>(ctx.get_int_in("max_iter", 1000, 1, 100000000));
    tol_ = ctx.get_double("tol", 1e-3);
    if (!(tol_ > 0) || !std::isfinite(tol_))
      ctx.option_error("tol", "must be a finite number > 0, got " + format_number(tol_));
  }

  void fit(const ams::DataView& train, const ams::DataView*) override {
    if (train.task() != AMS_TASK_CLASSIFICATION)
      throw ams::Error("linear_svm does classification only; this data set is a regression task "
                       "(use ridge, lasso or elastic_net instead)",
                       AMS_ERR_UNSUPPORTED);
    if (!train.has_y()) throw ams::Error("linear_svm needs targets (y) to fit", AMS_ERR_INVALID);
    const int k = train.n_classes();
    if (k < 2) throw ams::Error("linear_svm needs at least two classes, got " + std::to_string(k), AMS_ERR_INVALID);
    const auto n = static_cast<size_t>(train.n_rows()), d = static_cast<size_t>(train.n_features());
    if (n < 1) throw ams::Error("linear_svm cannot fit on an empty data set", AMS_ERR_INVALID);

    std::vector<int> label(n);
    std::vector<double> weight(n);
    std::vector<double> count(static_cast<size_t>(k), 0.0);
    for (size_t i = 0; i < n; ++i) {
      const double v = train.y(static_cast<int64_t>(i));
      if (!(v >= 0 && v < k) || v != std::floor(v))
        throw ams::Error("linear_svm: the target of row " + std::to_string(i) + " is " + format_number(v) +
                             ", not a class index in [0, " + std::to_string(k) + ")",
                         AMS_ERR_INVALID);
      label[i] = static_cast<int>(v);
      weight[i] = train.weight(static_cast<int64_t>(i));
      if (!(weight[i] >= 0) || !std::isfinite(weight[i]))
        throw ams::Error("linear_svm: sample weight of row " + std::to_string(i) + " must be finite and >= 0",
                         AMS_ERR_INVALID);
      count[static_cast<size_t>(label[i])] += 1;
    }
    if (class_weight_ == "balanced") {
      const auto present =
          static_cast<double>(std::count_if(count.begin(), count.end(), [](double c) { return c > 0; }));
      for (size_t i = 0; i < n; ++i)
        weight[i] *= static_cast<double>(n) / (present * count[static_cast<size_t>(label[i])]);
    }
    double total = 0;
    for (double w : weight) total += w;
    if (!(total > 0)) throw ams::Error("linear_svm: the sample weights sum to zero", AMS_ERR_INVALID);

    // Standardized copy with the bias column appended.
    std::vector<double> mean(d, 0.0), scale(d, 1.0);
    for (size_t i = 0; i < n; ++i) {
      const double* r = train.row(static_cast<int64_t>(i));
      for (size_t j = 0; j < d; ++j) {
        if (!std::isfinite(r[j]))
          throw ams::Error("linear_svm needs finite inputs: X contains NaN or infinity (impute missing values first)",
                           AMS_ERR_INVALID);
        mean[j] += weight[i] * r[j] / total;
      }
    }
    for (size_t j = 0; j < d; ++j) {
      // Without an intercept columns are only scaled (by their root mean square): centring
      // would smuggle an intercept into the model.
      const double centre = fit_intercept_ ? mean[j] : 0.0;
      double var = 0;
      for (size_t i = 0; i < n; ++i) {
        const double t = train.x(static_cast<int64_t>(i), static_cast<int64_t>(j)) - centre;
        var += weight[i] * t * t / total;
      }
      const double sd = std::sqrt(var);
      scale[j] = sd > 1e-12 * std::max(1.0, std::abs(mean[j])) ? sd : 1.0;
      mean[j] = centre;
    }
    const size_t dz = d + (fit_intercept_ ? 1 : 0);
    std::vector<double> Z(n * dz);
    for (size_t i = 0; i < n; ++i) {
      const double* r = train.row(static_cast<int64_t>(i));
      for (size_t j = 0; j < d; ++j) Z[i * dz + j] = (r[j] - mean[j]) / scale[j];
      if (fit_intercept_) Z[i * dz + d] = intercept_scaling_;
    }

    const int problems = k == 2 ? 1 : k;
    n_features_ = static_cast<int32_t>(d);
    n_classes_ = k;
    coef_.assign(static_cast<size_t>(problems) * d, 0.0);
    intercept_.assign(static_cast<size_t>(problems), 0.0);
    std::vector<double> y(n), cost(n), w;
    int not_converged = 0;
    for (int c = 0; c < problems; ++c) {
      const int positive = k == 2 ? 1 : c;
      for (size_t i = 0; i < n; ++i) {
        y[i] = label[i] == positive ? 1.0 : -1.0;
        cost[i] = C_ * weight[i];
      }
      DcdOptions opt;
      opt.loss = loss_;
      opt.max_iter = max_iter_;
      opt.tol = tol_;
      opt.seed = ctx_.seed() + static_cast<uint64_t>(c);
      const DcdResult r = dual_coordinate_descent(Z, n, dz, y, cost, opt, w);
      if (!r.converged) ++not_converged;
      if (ctx_.cancelled()) throw ams::Stop();
      // Back to raw units: w.((x - m) / s) + b s_b = (w / s).x + (b s_b - (w / s).m).
      double b = fit_intercept_ ? w[d] * intercept_scaling_ : 0.0;
      for (size_t j = 0; j < d; ++j) {
        const double raw = w[j] / scale[j];
        coef_[static_cast<size_t>(c) * d + j] = raw;
        b -= raw * mean[j];
      }
      intercept_[static_cast<size_t>(c)] = b;
    }
    if (not_converged > 0)
      ctx_.log(AMS_LOG_WARNING, "linear_svm: " + std::to_string(not_converged) + " of " + std::to_string(problems) +
                                    " binary problems did not converge in max_iter = " + std::to_string(max_iter_) +
                                    " passes; increase max_iter or tol, or decrease C");
    fitted_ = true;
  }

  void predict(const ams::DataView& data, double* out) override {
    if (!fitted_) throw ams::Error("linear_svm: predict called before fit", AMS_ERR_INVALID);
    if (data.n_features() != n_features_)
      throw ams::Error("linear_svm was fitted on " + std::to_string(n_features_) + " features but got " +
                           std::to_string(data.n_features()),
                       AMS_ERR_INVALID);
    const size_t problems = intercept_.size(), d = static_cast<size_t>(n_features_);
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      const double* x = data.row(i);
      double best = -std::numeric_limits<double>::infinity();
      size_t best_class = 0;
      for (size_t c = 0; c < problems; ++c) {
        double s = intercept_[c];
        for (size_t j = 0; j < d; ++j) s += coef_[c * d + j] * x[j];
        if (problems == 1) {
          best_class = s > 0 ? 1 : 0;
        } else if (s > best) {
          best = s;
          best_class = c;
        }
      }
      out[i] = static_cast<double>(best_class);
    }
  }

  void save(ams::Writer& w) const override {
    if (!fitted_) throw ams::Error("linear_svm: save called before fit", AMS_ERR_INVALID);
    w.pod(kPayloadVersion);
    w.pod(n_features_);
    w.pod(n_classes_);
    w.vec(coef_);
    w.vec(intercept_);
  }

  void load(ams::Reader& r) override {
    const auto v = r.pod<uint32_t>();
    if (v != kPayloadVersion)
      throw ams::Error("linear_svm: saved payload version " + std::to_string(v) +
                           " is not supported (this build reads version " + std::to_string(kPayloadVersion) + ")",
                       AMS_ERR_FORMAT);
    const auto d = r.pod<int32_t>();
    const auto k = r.pod<int32_t>();
    auto coef = r.vec<double>();
    auto intercept = r.vec<double>();
    const size_t problems = k == 2 ? 1 : static_cast<size_t>(k);
    if (d < 0 || k < 2 || intercept.size() != problems || coef.size() != problems * static_cast<size_t>(d))
      throw ams::Error("linear_svm: the saved model is corrupt (inconsistent shapes)", AMS_ERR_FORMAT);
    n_features_ = d;
    n_classes_ = k;
    coef_ = std::move(coef);
    intercept_ = std::move(intercept);
    fitted_ = true;
  }

 private:
  double C_ = 1.0;
  Loss loss_ = Loss::squared_hinge;
  bool fit_intercept_ = true;
  double intercept_scaling_ = 1.0;
  std::string class_weight_ = "none";
  int max_iter_ = 1000;
  double tol_ = 1e-3;

  bool fitted_ = false;
  int32_t n_features_ = 0;
  int32_t n_classes_ = 0;
  std::vector<double> coef_;       // one row per binary problem (1 for two classes, else k), raw units
  std::vector<double> intercept_;  // one per binary problem
};

}  // namespace

AMS_PLUGIN("org.amsearch.linear_svm", "1.0.0", "amsearch", ams::model<LinearSvm>())
