// A plugin written with the C++ helpers (plugin.hpp): what the helpers emit must pass the
// registry's checks, and exceptions must come back as statuses with their messages.
#include <ams/plugin.hpp>

namespace {

// Proposes the lower bound of every active parameter, then exhausts.
struct LowStrategy : ams::Strategy {
  static constexpr const char* name = "abi_cpp_low";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Test: proposes every lower bound once";
  using ams::Strategy::Strategy;

  void start(const ams_space& space) override { space_ = &space; }
  ams_status ask(int64_t number, double* values, double* budget) override {
    if (number > 0) return AMS_EXHAUSTED;
    for (int32_t i = 0; i < space_->n_params; ++i)
      values[i] = space_->params[i]->parent >= 0 ? std::nan("") : space_->params[i]->low;
    *budget = 1.0;
    return AMS_OK;
  }
  void tell(const ams_trial_result&) override {}

 private:
  const ams_space* space_ = nullptr;
};

// Refuses to fit with a C++ exception, which the helpers turn into AMS_ERR_UNSUPPORTED.
struct PickyModel : ams::Model {
  static constexpr const char* name = "abi_cpp_picky";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Test: throws from fit";
  static constexpr uint32_t capabilities = AMS_MODEL_REGRESSION;
  using ams::Model::Model;

  void fit(const ams::DataView& train, const ams::DataView*) override {
    throw ams::Error("cannot learn from " + std::to_string(train.n_rows()) + " rows",
                     AMS_ERR_UNSUPPORTED);
  }
  void predict(const ams::DataView&, double*) override {}
};

}  // namespace

AMS_PLUGIN("org.amsearch.test.cpp_plugin", "1.0.0", "amsearch tests",
           ams::strategy<LowStrategy>(), ams::model<PickyModel>())
