// Regression metrics: errors between y_true and y_pred, weighted by sample_weight when given.
#pragma once

#include <ams/plugin.hpp>

namespace ams_metrics {

struct MeanSquaredError : ams::Metric {
  static constexpr const char* name = "mse";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Mean squared error (weighted)";
  static constexpr int32_t direction = AMS_MINIMIZE;
  static constexpr uint32_t flags = AMS_METRIC_REGRESSION;
  using ams::Metric::Metric;
  double score(const ams_metric_input& in) const override;
};

struct RootMeanSquaredError : ams::Metric {
  static constexpr const char* name = "rmse";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Root of the mean squared error (weighted)";
  static constexpr int32_t direction = AMS_MINIMIZE;
  static constexpr uint32_t flags = AMS_METRIC_REGRESSION;
  using ams::Metric::Metric;
  double score(const ams_metric_input& in) const override;
};

struct MeanAbsoluteError : ams::Metric {
  static constexpr const char* name = "mae";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Mean absolute error (weighted)";
  static constexpr int32_t direction = AMS_MINIMIZE;
  static constexpr uint32_t flags = AMS_METRIC_REGRESSION;
  using ams::Metric::Metric;
  double score(const ams_metric_input& in) const override;
};

// Coefficient of determination 1 - SS_res / SS_tot around the weighted mean of y_true. When
// y_true is constant, 1 for perfect predictions and 0 otherwise (scikit-learn's finite form).
struct R2 : ams::Metric {
  static constexpr const char* name = "r2";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Coefficient of determination R^2 (weighted)";
  static constexpr int32_t direction = AMS_MAXIMIZE;
  static constexpr uint32_t flags = AMS_METRIC_REGRESSION;
  using ams::Metric::Metric;
  double score(const ams_metric_input& in) const override;
};

}  // namespace ams_metrics
