// A test-only model: predicts the most frequent class (or the mean), and fails at fit when its
// parameter `x` is below `fail_below` — the shape of a real model that breaks for some
// hyperparameter values. Lets the tests check that failed trials are recorded and the study
// goes on.
#include <ams/plugin.hpp>

#include <map>

namespace {

struct FlakyModel : ams::Model {
  static constexpr const char* name = "flaky_model";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Test model: a constant predictor that fails for x < fail_below";
  static constexpr uint32_t capabilities =
      AMS_MODEL_CLASSIFICATION | AMS_MODEL_REGRESSION | AMS_MODEL_SAVE;

  explicit FlakyModel(ams::Context ctx) : ams::Model(ctx) {
    x_ = ctx.get_double("x", 1.0);
    fail_below_ = ctx.get_double("fail_below", 0.0);
  }
  void fit(const ams::DataView& train, const ams::DataView*) override {
    if (x_ < fail_below_)
      throw ams::Error("flaky_model: x = " + std::to_string(x_) + " is below " +
                       std::to_string(fail_below_), AMS_ERR_INVALID);
    if (train.is_classification()) {
      std::map<double, int64_t> counts;
      for (int64_t i = 0; i < train.n_rows(); ++i) ++counts[train.y(i)];
      int64_t best = -1;
      for (const auto& [label, count] : counts)
        if (count > best) best = count, prediction_ = label;
    } else {
      double sum = 0;
      for (int64_t i = 0; i < train.n_rows(); ++i) sum += train.y(i);
      prediction_ = train.n_rows() ? sum / static_cast<double>(train.n_rows()) : 0.0;
    }
  }
  void predict(const ams::DataView& data, double* out) override {
    for (int64_t i = 0; i < data.n_rows(); ++i) out[i] = prediction_;
  }
  void save(ams::Writer& w) const override { w.pod(prediction_); }
  void load(ams::Reader& r) override { prediction_ = r.pod<double>(); }

 private:
  double x_ = 1, fail_below_ = 0, prediction_ = 0;
};

}  // namespace

AMS_PLUGIN("org.amsearch.tests.flaky_model", "1.0.0", "amsearch tests", ams::model<FlakyModel>())
