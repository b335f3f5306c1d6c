#include "regression_metrics.hpp"

#include <cmath>
#include <string>

namespace ams_metrics {

namespace {

// Checks the input once: finite values, weights >= 0 with a positive sum.
struct Checked {
  const ams_metric_input& in;
  Checked(const ams_metric_input& input, const char* metric) : in(input) {
    auto fail = [&](const std::string& what) {
      throw ams::Error(std::string(metric) + ": " + what, AMS_ERR_INVALID);
    };
    if (in.n <= 0) fail("no predictions to score (n = " + std::to_string(in.n) + ")");
    if (!in.y_true || !in.y_pred) fail("y_true and y_pred are both required");
    double total = 0;
    for (int64_t i = 0; i < in.n; ++i) {
      if (!std::isfinite(in.y_true[i]))
        fail("y_true[" + std::to_string(i) + "] is not a finite number");
      if (!std::isfinite(in.y_pred[i]))
        fail("y_pred[" + std::to_string(i) + "] = " + std::to_string(in.y_pred[i]) +
             " is not a finite number (the model diverged?)");
      double w = weight(i);
      if (!std::isfinite(w) || w < 0)
        fail("sample weight " + std::to_string(w) + " in row " + std::to_string(i) +
             " is not a finite number >= 0");
      total += w;
    }
    if (!(total > 0)) fail("the sample weights sum to 0");
  }
  double weight(int64_t i) const { return in.sample_weight ? in.sample_weight[i] : 1.0; }
  double error(int64_t i) const { return in.y_pred[i] - in.y_true[i]; }

  template <class F>
  double weighted_mean(F&& f) const {
    double sum = 0, total = 0;
    for (int64_t i = 0; i < in.n; ++i) {
      sum += weight(i) * f(i);
      total += weight(i);
    }
    return sum / total;
  }
};

double mse(const Checked& c) {
  return c.weighted_mean([&](int64_t i) { return c.error(i) * c.error(i); });
}

}  // namespace

double MeanSquaredError::score(const ams_metric_input& in) const { return mse(Checked(in, name)); }

double RootMeanSquaredError::score(const ams_metric_input& in) const {
  return std::sqrt(mse(Checked(in, name)));
}

double MeanAbsoluteError::score(const ams_metric_input& in) const {
  Checked c(in, name);
  return c.weighted_mean([&](int64_t i) { return std::abs(c.error(i)); });
}

double R2::score(const ams_metric_input& in) const {
  Checked c(in, name);
  double mean = c.weighted_mean([&](int64_t i) { return in.y_true[i]; });
  double ss_res = 0, ss_tot = 0;
  for (int64_t i = 0; i < in.n; ++i) {
    ss_res += c.weight(i) * c.error(i) * c.error(i);
    double d = in.y_true[i] - mean;
    ss_tot += c.weight(i) * d * d;
  }
  if (ss_tot == 0) return ss_res == 0 ? 1.0 : 0.0;
  return 1 - ss_res / ss_tot;
}

}  // namespace ams_metrics
