// Metrics computed from predicted labels: accuracy, balanced accuracy, macro F1.
#include "checked_input.hpp"
#include "classification_metrics.hpp"

#include <vector>

namespace ams_metrics {

namespace {

// Weighted confusion counts per class: true positives, and totals per true and predicted class.
struct ClassCounts {
  std::vector<double> tp, truth, predicted;
  explicit ClassCounts(const CheckedInput& in)
      : tp(static_cast<size_t>(in.n_classes())),
        truth(static_cast<size_t>(in.n_classes())),
        predicted(static_cast<size_t>(in.n_classes())) {
    for (int64_t i = 0; i < in.n(); ++i) {
      double w = in.weight(i);
      auto t = static_cast<size_t>(in.truth(i)), p = static_cast<size_t>(in.pred(i));
      truth[t] += w;
      predicted[p] += w;
      if (t == p) tp[t] += w;
    }
  }
};

}  // namespace

double Accuracy::score(const ams_metric_input& raw) const {
  CheckedInput in(raw, name, true, false);
  double correct = 0, total = 0;
  for (int64_t i = 0; i < in.n(); ++i) {
    total += in.weight(i);
    if (in.truth(i) == in.pred(i)) correct += in.weight(i);
  }
  return correct / total;
}

double BalancedAccuracy::score(const ams_metric_input& raw) const {
  CheckedInput in(raw, name, true, false);
  ClassCounts counts(in);
  double sum = 0;
  int present = 0;
  for (size_t c = 0; c < counts.truth.size(); ++c) {
    if (counts.truth[c] <= 0) continue;
    sum += counts.tp[c] / counts.truth[c];
    ++present;
  }
  if (present == 0) in.fail("every sample has weight 0");
  return sum / present;
}

double F1Macro::score(const ams_metric_input& raw) const {
  CheckedInput in(raw, name, true, false);
  ClassCounts counts(in);
  double sum = 0;
  int seen = 0;
  for (size_t c = 0; c < counts.truth.size(); ++c) {
    // 2TP / (2TP + FP + FN) = 2TP / (true count + predicted count).
    double denominator = counts.truth[c] + counts.predicted[c];
    if (denominator <= 0) continue;
    sum += 2 * counts.tp[c] / denominator;
    ++seen;
  }
  if (seen == 0) in.fail("every sample has weight 0");
  return sum / seen;
}

}  // namespace ams_metrics
