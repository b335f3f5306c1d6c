#include <algorithm>
#include <cmath>

#include "checked_input.hpp"
#include "classification_metrics.hpp"

namespace ams_metrics {

double LogLoss::score(const ams_metric_input& raw) const {
  // Clipping keeps a confident wrong prediction finite; 1e-15 matches scikit-learn's classic eps.
  constexpr double eps = 1e-15;
  CheckedInput in(raw, name, false, true);
  const int32_t k = in.n_classes();
  double loss = 0, total = 0;
  for (int64_t i = 0; i < in.n(); ++i) {
    double row_sum = 0;
    for (int32_t c = 0; c < k; ++c) row_sum += std::clamp(in.proba(i, c), eps, 1 - eps);
    double p = std::clamp(in.proba(i, in.truth(i)), eps, 1 - eps) / row_sum;
    loss -= in.weight(i) * std::log(p);
    total += in.weight(i);
  }
  return loss / total;
}

}  // namespace ams_metrics
