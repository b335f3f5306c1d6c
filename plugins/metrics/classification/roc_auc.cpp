#include <algorithm>
#include <numeric>
#include <string>
#include <vector>

#include "checked_input.hpp"
#include "classification_metrics.hpp"

namespace ams_metrics {

namespace {

// Weighted Mann-Whitney statistic: the probability that a random positive scores above a random
// negative, ties counting one half. Equals the trapezoidal area under the weighted ROC curve.
double binary_auc(const std::vector<double>& scores, const std::vector<char>& positive,
                  const CheckedInput& in) {
  std::vector<int64_t> order(scores.size());
  std::iota(order.begin(), order.end(), 0);
  std::sort(order.begin(), order.end(),
            [&](int64_t a, int64_t b) { return scores[static_cast<size_t>(a)] < scores[static_cast<size_t>(b)]; });
  double negatives_below = 0, pairs = 0, total_pos = 0, total_neg = 0;
  for (size_t start = 0; start < order.size();) {
    size_t end = start;
    double group_pos = 0, group_neg = 0;
    while (end < order.size() && scores[static_cast<size_t>(order[end])] == scores[static_cast<size_t>(order[start])]) {
      int64_t i = order[end];
      (positive[static_cast<size_t>(i)] ? group_pos : group_neg) += in.weight(i);
      ++end;
    }
    pairs += group_pos * (negatives_below + 0.5 * group_neg);
    negatives_below += group_neg;
    total_pos += group_pos;
    total_neg += group_neg;
    start = end;
  }
  if (total_pos <= 0 || total_neg <= 0) return -1;  // undefined: caller decides
  return pairs / (total_pos * total_neg);
}

}  // namespace

double RocAuc::score(const ams_metric_input& raw) const {
  CheckedInput in(raw, name, false, true);
  const int32_t k = in.n_classes();
  const auto n = static_cast<size_t>(in.n());
  std::vector<double> class_weight(static_cast<size_t>(k));
  for (int64_t i = 0; i < in.n(); ++i) class_weight[static_cast<size_t>(in.truth(i))] += in.weight(i);
  int present = 0;
  for (double w : class_weight) present += w > 0;
  if (present < 2)
    in.fail("y_true holds a single class (with nonzero weight); the ROC AUC needs both positive "
            "and negative samples (use stratified folds, or another metric such as accuracy)");

  std::vector<double> scores(n);
  std::vector<char> positive(n);
  auto one_vs_rest = [&](int32_t c) {
    for (size_t i = 0; i < n; ++i) {
      scores[i] = in.proba(static_cast<int64_t>(i), c);
      positive[i] = in.truth(static_cast<int64_t>(i)) == c;
    }
    return binary_auc(scores, positive, in);
  };
  if (k == 2) return one_vs_rest(1);
  // Macro average over the classes present in y_true: a class absent from this sample has no
  // positives, so its one-vs-rest AUC is undefined.
  double sum = 0;
  for (int32_t c = 0; c < k; ++c)
    if (class_weight[static_cast<size_t>(c)] > 0) sum += one_vs_rest(c);
  return sum / present;
}

}  // namespace ams_metrics
