// The classification metrics of this library. Labels are class indices 0..n_classes-1;
// every metric honours sample weights.
#pragma once

#include <ams/plugin.hpp>

namespace ams_metrics {

struct Accuracy : ams::Metric {
  static constexpr const char* name = "accuracy";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Fraction of correct predictions (weighted)";
  static constexpr int32_t direction = AMS_MAXIMIZE;
  static constexpr uint32_t flags = AMS_METRIC_CLASSIFICATION;
  using ams::Metric::Metric;
  double score(const ams_metric_input& in) const override;
};

// Mean of per-class recall over the classes present in y_true (scikit-learn's definition).
struct BalancedAccuracy : ams::Metric {
  static constexpr const char* name = "balanced_accuracy";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Mean recall over the classes present in y_true";
  static constexpr int32_t direction = AMS_MAXIMIZE;
  static constexpr uint32_t flags = AMS_METRIC_CLASSIFICATION;
  using ams::Metric::Metric;
  double score(const ams_metric_input& in) const override;
};

// Unweighted mean of per-class F1 over the classes seen in y_true or y_pred; a class with no
// true and no predicted samples is not counted, one with F1's denominator 0 counts as 0.
struct F1Macro : ams::Metric {
  static constexpr const char* name = "f1_macro";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Macro-averaged F1 score over the classes seen";
  static constexpr int32_t direction = AMS_MAXIMIZE;
  static constexpr uint32_t flags = AMS_METRIC_CLASSIFICATION;
  using ams::Metric::Metric;
  double score(const ams_metric_input& in) const override;
};

// Cross-entropy of the predicted probabilities: clipped to [1e-15, 1 - 1e-15], each row
// renormalized to sum 1, weighted mean of -log p(true class).
struct LogLoss : ams::Metric {
  static constexpr const char* name = "log_loss";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Cross-entropy of predicted class probabilities";
  static constexpr int32_t direction = AMS_MINIMIZE;
  static constexpr uint32_t flags = AMS_METRIC_CLASSIFICATION | AMS_METRIC_NEEDS_PROBA;
  using ams::Metric::Metric;
  double score(const ams_metric_input& in) const override;
};

// Area under the ROC curve. Binary: the score is P(class 1). Multiclass: one-vs-rest AUC per
// class present in y_true, unweighted mean. Tied scores count one half (average ranks).
struct RocAuc : ams::Metric {
  static constexpr const char* name = "roc_auc";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Area under the ROC curve (multiclass: one-vs-rest macro)";
  static constexpr int32_t direction = AMS_MAXIMIZE;
  static constexpr uint32_t flags = AMS_METRIC_CLASSIFICATION | AMS_METRIC_NEEDS_PROBA;
  using ams::Metric::Metric;
  double score(const ams_metric_input& in) const override;
};

}  // namespace ams_metrics
