// naive_bayes: Gaussian naive Bayes classifier.
//
// Each class has a weighted mean and variance per feature; every variance is increased by
// var_smoothing times the largest feature variance of the whole training set (as
// scikit-learn), which keeps constant columns and tiny classes from producing infinite
// densities. Posteriors are normalized with log-sum-exp, so far-away points still get
// probabilities that sum to one instead of 0/0.
#include <ams/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <string>
#include <vector>

namespace {

constexpr uint32_t kPayloadVersion = 1;
constexpr double kLog2Pi = 1.8378770664093454836;

std::string format_number(double v) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%g", v);
  return buf;
}

class NaiveBayes final : public ams::Model {
 public:
  static constexpr const char* name = "naive_bayes";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Gaussian naive Bayes classifier";
  static constexpr uint32_t capabilities =
      AMS_MODEL_CLASSIFICATION | AMS_MODEL_PROBA | AMS_MODEL_WEIGHTS | AMS_MODEL_SAVE;

  explicit NaiveBayes(ams::Context ctx) : ams::Model(ctx) {
    var_smoothing_ = ctx.get_double("var_smoothing", 1e-9);
    if (!(var_smoothing_ >= 0) || !std::isfinite(var_smoothing_))
      ctx.option_error("var_smoothing", "must be a finite number >= 0, got " + format_number(var_smoothing_));
    const int64_t n = ctx.array_size("priors");
    double sum = 0;
    for (int64_t c = 0; c < n; ++c) {
      const std::string path = "priors[" + std::to_string(c) + "]";
      const double p = ctx.get_double(path, -1.0);
      if (!(p >= 0) || !std::isfinite(p))
        ctx.option_error(path, "must be a finite number >= 0 (a class prior), got " + format_number(p));
      priors_.push_back(p);
      sum += p;
    }
    if (n > 0 && std::abs(sum - 1.0) > 1e-8)
      ctx.option_error("priors", "must sum to 1, but they sum to " + format_number(sum));
  }

  void fit(const ams::DataView& train, const ams::DataView*) override {
    if (train.task() != AMS_TASK_CLASSIFICATION)
      throw ams::Error("naive_bayes does classification only; this data set is a regression task "
                       "(use ridge, lasso or elastic_net instead)",
                       AMS_ERR_UNSUPPORTED);
    if (!train.has_y()) throw ams::Error("naive_bayes needs targets (y) to fit", AMS_ERR_INVALID);
    const int k = train.n_classes();
    if (k < 2) throw ams::Error("naive_bayes needs at least two classes, got " + std::to_string(k), AMS_ERR_INVALID);
    if (!priors_.empty() && priors_.size() != static_cast<size_t>(k))
      throw ams::Error("naive_bayes: `priors` has " + std::to_string(priors_.size()) +
                           " entries but the data set has " + std::to_string(k) + " classes",
                       AMS_ERR_INVALID);
    const int64_t n = train.n_rows();
    const auto d = static_cast<size_t>(train.n_features());
    if (n < 1) throw ams::Error("naive_bayes cannot fit on an empty data set", AMS_ERR_INVALID);

    const auto ks = static_cast<size_t>(k);
    std::vector<double> class_weight(ks, 0.0), mean(ks * d, 0.0), var(ks * d, 0.0);
    std::vector<double> all_mean(d, 0.0), all_var(d, 0.0);
    std::vector<int> label(static_cast<size_t>(n));
    double total = 0;
    // Pass 1: weighted means (per class and overall).
    for (int64_t i = 0; i < n; ++i) {
      const double v = train.y(i), w = train.weight(i);
      if (!(v >= 0 && v < k) || v != std::floor(v))
        throw ams::Error("naive_bayes: the target of row " + std::to_string(i) + " is " + format_number(v) +
                             ", not a class index in [0, " + std::to_string(k) + ")",
                         AMS_ERR_INVALID);
      if (!(w >= 0) || !std::isfinite(w))
        throw ams::Error("naive_bayes: sample weight of row " + std::to_string(i) + " must be finite and >= 0",
                         AMS_ERR_INVALID);
      const auto c = static_cast<size_t>(v);
      label[static_cast<size_t>(i)] = static_cast<int>(c);
      class_weight[c] += w;
      total += w;
      const double* r = train.row(i);
      for (size_t j = 0; j < d; ++j) {
        if (!std::isfinite(r[j]))
          throw ams::Error("naive_bayes needs finite inputs: X contains NaN or infinity (impute missing values first)",
                           AMS_ERR_INVALID);
        mean[c * d + j] += w * r[j];
        all_mean[j] += w * r[j];
      }
    }
    if (!(total > 0)) throw ams::Error("naive_bayes: the sample weights sum to zero", AMS_ERR_INVALID);
    for (size_t j = 0; j < d; ++j) all_mean[j] /= total;
    for (size_t c = 0; c < ks; ++c)
      if (class_weight[c] > 0)
        for (size_t j = 0; j < d; ++j) mean[c * d + j] /= class_weight[c];
    // Pass 2: weighted variances around those means (two passes: no cancellation).
    for (int64_t i = 0; i < n; ++i) {
      const double w = train.weight(i);
      const auto c = static_cast<size_t>(label[static_cast<size_t>(i)]);
      const double* r = train.row(i);
      for (size_t j = 0; j < d; ++j) {
        const double t = r[j] - mean[c * d + j], u = r[j] - all_mean[j];
        var[c * d + j] += w * t * t;
        all_var[j] += w * u * u;
      }
    }
    double max_var = 0;
    for (size_t j = 0; j < d; ++j) max_var = std::max(max_var, all_var[j] / total);
    double epsilon = var_smoothing_ * max_var;
    if (!(epsilon > 0)) epsilon = std::numeric_limits<double>::min();  // all columns constant or no smoothing

    n_features_ = static_cast<int32_t>(d);
    n_classes_ = k;
    mean_ = std::move(mean);
    var_.assign(ks * d, 0.0);
    log_prior_.assign(ks, -std::numeric_limits<double>::infinity());
    log_norm_.assign(ks, 0.0);
    int missing_with_prior = 0;
    for (size_t c = 0; c < ks; ++c) {
      const bool present = class_weight[c] > 0;
      const double prior = priors_.empty() ? class_weight[c] / total : priors_[c];
      // A class absent from this training set has no density: it cannot be predicted.
      if (present && prior > 0) log_prior_[c] = std::log(prior);
      if (!present && prior > 0) ++missing_with_prior;
      double log_det = 0;
      for (size_t j = 0; j < d; ++j) {
        const double v = (present ? var[c * d + j] / class_weight[c] : 0.0) + epsilon;
        var_[c * d + j] = v;
        log_det += std::log(v);
      }
      log_norm_[c] = -0.5 * (static_cast<double>(d) * kLog2Pi + log_det);
    }
    if (std::all_of(log_prior_.begin(), log_prior_.end(), [](double v) { return std::isinf(v); }))
      throw ams::Error("naive_bayes: every class with training rows has a prior of 0, so no class can be predicted; "
                       "fix `priors`",
                       AMS_ERR_INVALID);
    if (missing_with_prior > 0 && !priors_.empty())
      ctx_.log(AMS_LOG_WARNING, "naive_bayes: " + std::to_string(missing_with_prior) +
                                    " classes with a prior > 0 have no training rows and will never be predicted");
    fitted_ = true;
  }

  void predict(const ams::DataView& data, double* out) override {
    check_input(data);
    std::vector<double> z(static_cast<size_t>(n_classes_));
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      joint_log_likelihood(data.row(i), z.data());
      out[i] = static_cast<double>(std::max_element(z.begin(), z.end()) - z.begin());
    }
  }

  void predict_proba(const ams::DataView& data, double* out) override {
    check_input(data);
    if (data.n_classes() != n_classes_)
      throw ams::Error("naive_bayes was fitted with " + std::to_string(n_classes_) +
                           " classes but predict_proba was asked for " + std::to_string(data.n_classes()),
                       AMS_ERR_INVALID);
    for (int64_t i = 0; i < data.n_rows(); ++i) {
      double* p = out + i * n_classes_;
      joint_log_likelihood(data.row(i), p);
      const double m = *std::max_element(p, p + n_classes_);
      double s = 0;
      for (int c = 0; c < n_classes_; ++c) s += (p[c] = std::exp(p[c] - m));
      for (int c = 0; c < n_classes_; ++c) p[c] /= s;
    }
  }

  void save(ams::Writer& w) const override {
    if (!fitted_) throw ams::Error("naive_bayes: save called before fit", AMS_ERR_INVALID);
    w.pod(kPayloadVersion);
    w.pod(n_features_);
    w.pod(n_classes_);
    w.vec(log_prior_);
    w.vec(mean_);
    w.vec(var_);
  }

  void load(ams::Reader& r) override {
    const auto v = r.pod<uint32_t>();
    if (v != kPayloadVersion)
      throw ams::Error("naive_bayes: saved payload version " + std::to_string(v) +
                           " is not supported (this build reads version " + std::to_string(kPayloadVersion) + ")",
                       AMS_ERR_FORMAT);
    const auto d = r.pod<int32_t>();
    const auto k = r.pod<int32_t>();
    auto log_prior = r.vec<double>();
    auto mean = r.vec<double>();
    auto var = r.vec<double>();
    const size_t cells = static_cast<size_t>(std::max(k, 0)) * static_cast<size_t>(std::max(d, 0));
    if (d < 0 || k < 2 || log_prior.size() != static_cast<size_t>(k) || mean.size() != cells || var.size() != cells ||
        !std::all_of(var.begin(), var.end(), [](double x) { return x > 0 && std::isfinite(x); }))
      throw ams::Error("naive_bayes: the saved model is corrupt (inconsistent shapes or variances)", AMS_ERR_FORMAT);
    n_features_ = d;
    n_classes_ = k;
    log_prior_ = std::move(log_prior);
    mean_ = std::move(mean);
    var_ = std::move(var);
    // The normalizing constants follow from the variances; recomputed rather than trusted.
    log_norm_.assign(static_cast<size_t>(k), 0.0);
    for (size_t c = 0; c < static_cast<size_t>(k); ++c) {
      double log_det = 0;
      for (size_t j = 0; j < static_cast<size_t>(d); ++j) log_det += std::log(var_[c * static_cast<size_t>(d) + j]);
      log_norm_[c] = -0.5 * (static_cast<double>(d) * kLog2Pi + log_det);
    }
    fitted_ = true;
  }

 private:
  void check_input(const ams::DataView& data) const {
    if (!fitted_) throw ams::Error("naive_bayes: predict called before fit", AMS_ERR_INVALID);
    if (data.n_features() != n_features_)
      throw ams::Error("naive_bayes was fitted on " + std::to_string(n_features_) + " features but got " +
                           std::to_string(data.n_features()),
                       AMS_ERR_INVALID);
  }

  // log P(c) + log p(x | c) for every class; -inf for classes that cannot occur.
  void joint_log_likelihood(const double* x, double* out) const {
    const auto d = static_cast<size_t>(n_features_);
    for (size_t c = 0; c < static_cast<size_t>(n_classes_); ++c) {
      if (std::isinf(log_prior_[c])) {
        out[c] = -std::numeric_limits<double>::infinity();
        continue;
      }
      double q = 0;
      for (size_t j = 0; j < d; ++j) {
        const double t = x[j] - mean_[c * d + j];
        q += t * t / var_[c * d + j];
      }
      out[c] = log_prior_[c] + log_norm_[c] - 0.5 * q;
    }
  }

  double var_smoothing_ = 1e-9;
  std::vector<double> priors_;  // empty: estimated from the data

  bool fitted_ = false;
  int32_t n_features_ = 0;
  int32_t n_classes_ = 0;
  std::vector<double> log_prior_;  // per class
  std::vector<double> log_norm_;   // per class: -0.5 (d log 2 pi + sum log var)
  std::vector<double> mean_, var_;  // n_classes x n_features
};

}  // namespace

AMS_PLUGIN("org.amsearch.naive_bayes", "1.0.0", "amsearch", ams::model<NaiveBayes>())
