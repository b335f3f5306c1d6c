// A test-only objective shaped like training a model: a loss curve over `epochs` epochs,
// loss(e) = floor + exp(-rate * (e + 1)), reported after every epoch; the final loss is the
// value. A trial with a high floor or a slow rate is behind from the first epochs on, so a
// pruner can stop it early. Stops as soon as the host says so (the trial is pruned), except
// after the last epoch.
#include <ams/plugin.hpp>

#include <cmath>

namespace {

struct LearningCurve : ams::Objective {
  static constexpr const char* name = "learning_curve";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Test objective: a loss curve reported per epoch";
  static constexpr int32_t direction = AMS_MINIMIZE;

  explicit LearningCurve(ams::Context ctx) : ams::Objective(ctx) {
    epochs_ = ctx.get_int_in("epochs", 10, 1, 1000);
  }

  double evaluate(const ams::Context& trial_ctx, const ams_trial&) override {
    const double rate = trial_ctx.get_double("rate", 0.5);
    const double floor = trial_ctx.get_double("floor", 0.0);
    double loss = 0;
    for (int64_t epoch = 0; epoch < epochs_; ++epoch) {
      loss = floor + std::exp(-rate * static_cast<double>(epoch + 1));
      // A stop at the last epoch comes too late to save anything: the trial is complete.
      if (trial_ctx.report(epoch, loss) && epoch + 1 < epochs_) throw ams::Stop();
    }
    return loss;
  }

 private:
  int64_t epochs_ = 10;
};

}  // namespace

AMS_PLUGIN("org.amsearch.tests.learning_curve", "1.0.0", "amsearch tests",
           ams::objective<LearningCurve>())
