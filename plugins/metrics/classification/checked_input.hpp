// Validates an ams_metric_input for classification once, so each metric reads labels, weights
// and probabilities without re-checking them. Bad input throws ams::Error naming the row.
#pragma once

#include <ams/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

namespace ams_metrics {

class CheckedInput {
 public:
  CheckedInput(const ams_metric_input& in, const char* metric, bool needs_pred, bool needs_proba)
      : in_(in), metric_(metric) {
    if (in.n <= 0) fail("no predictions to score (n = " + std::to_string(in.n) + ")");
    if (!in.y_true) fail("y_true is missing");
    n_classes_ = in.n_classes;
    if (n_classes_ <= 0) {
      // Not given: the largest label seen decides, as for a plain label array.
      for (int64_t i = 0; i < in.n; ++i) n_classes_ = std::max(n_classes_, label_value(in.y_true[i], "y_true", i) + 1);
      if (needs_pred && in.y_pred)
        for (int64_t i = 0; i < in.n; ++i) n_classes_ = std::max(n_classes_, label_value(in.y_pred[i], "y_pred", i) + 1);
    }
    labels_true_.resize(static_cast<size_t>(in.n));
    for (int64_t i = 0; i < in.n; ++i) labels_true_[static_cast<size_t>(i)] = label(in.y_true[i], "y_true", i);
    if (needs_pred) {
      if (!in.y_pred) fail("y_pred is missing");
      labels_pred_.resize(static_cast<size_t>(in.n));
      for (int64_t i = 0; i < in.n; ++i) labels_pred_[static_cast<size_t>(i)] = label(in.y_pred[i], "y_pred", i);
    }
    if (needs_proba) {
      if (!in.proba)
        fail("needs class probabilities, but none were given (the model must support predict_proba)");
      if (n_classes_ < 2) fail("needs at least 2 classes, got n_classes = " + std::to_string(n_classes_));
      for (int64_t i = 0; i < in.n * n_classes_; ++i) {
        double p = in.proba[i];
        if (!std::isfinite(p) || p < 0)
          fail("probability " + std::to_string(p) + " of class " + std::to_string(i % n_classes_) +
               " in row " + std::to_string(i / n_classes_) + " is not a finite number >= 0");
      }
    }
    if (in.sample_weight) {
      double total = 0;
      for (int64_t i = 0; i < in.n; ++i) {
        double w = in.sample_weight[i];
        if (!std::isfinite(w) || w < 0)
          fail("sample weight " + std::to_string(w) + " in row " + std::to_string(i) +
               " is not a finite number >= 0");
        total += w;
      }
      if (!(total > 0)) fail("the sample weights sum to 0");
    }
  }

  int64_t n() const { return in_.n; }
  int32_t n_classes() const { return n_classes_; }
  int32_t truth(int64_t i) const { return labels_true_[static_cast<size_t>(i)]; }
  int32_t pred(int64_t i) const { return labels_pred_[static_cast<size_t>(i)]; }
  double weight(int64_t i) const { return in_.sample_weight ? in_.sample_weight[i] : 1.0; }
  double proba(int64_t i, int32_t c) const { return in_.proba[i * n_classes_ + c]; }

  [[noreturn]] void fail(const std::string& what) const {
    throw ams::Error(std::string(metric_) + ": " + what, AMS_ERR_INVALID);
  }

 private:
  int32_t label_value(double v, const char* array, int64_t row) const {
    if (!(v >= 0) || v != std::floor(v) || v > 1e9)
      fail(std::string(array) + "[" + std::to_string(row) + "] = " + std::to_string(v) +
           " is not a class index (an integer >= 0)");
    return static_cast<int32_t>(v);
  }
  int32_t label(double v, const char* array, int64_t row) const {
    int32_t c = label_value(v, array, row);
    if (c >= n_classes_)
      fail(std::string(array) + "[" + std::to_string(row) + "] = " + std::to_string(c) +
           " is not a class index below n_classes = " + std::to_string(n_classes_));
    return c;
  }

  const ams_metric_input& in_;
  const char* metric_;
  int32_t n_classes_ = 0;
  std::vector<int32_t> labels_true_, labels_pred_;
};

}  // namespace ams_metrics
