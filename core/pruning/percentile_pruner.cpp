#include "pruning/percentile_pruner.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "evaluation/report_steps.hpp"

namespace amcore {

namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
}

double percentile_of(std::vector<double> values, double q) {
  values.erase(std::remove_if(values.begin(), values.end(), [](double v) { return std::isnan(v); }),
               values.end());
  if (values.empty()) return kNaN;
  std::sort(values.begin(), values.end());
  const double rank = q / 100.0 * static_cast<double>(values.size() - 1);
  const size_t below = static_cast<size_t>(std::floor(rank));
  const size_t above = std::min(below + 1, values.size() - 1);
  const double weight = rank - static_cast<double>(below);
  return values[below] + weight * (values[above] - values[below]);
}

PercentilePruner::PercentilePruner(PercentileRule rule) : rule_(rule) {}

bool PercentilePruner::should_stop(int64_t trial, int64_t step, double value) {
  const bool epoch = rule_.epochs && is_epoch_step(step);
  const int curve = epoch ? fold_of_epoch_step(step) + 1 : 0;
  std::lock_guard lock(mutex_);
  auto [it, fresh] = best_so_far_.try_emplace({trial, curve}, kNaN);
  double& best = it->second;
  if (!std::isnan(value) && (std::isnan(best) || value < best)) best = value;

  if (n_completed_ == 0 || n_completed_ < rule_.startup_trials) return false;
  if (epoch ? epoch_of_step(step) <= rule_.warmup_epochs : step < rule_.warmup_steps)
    return false;
  // Nothing but NaN so far: it cannot become the best, stop it (as Optuna does).
  if (std::isnan(best)) return true;
  const auto at_step = completed_.find(step);
  if (at_step == completed_.end()) return false;
  const double threshold = percentile_of(at_step->second, rule_.percentile);
  return !std::isnan(threshold) && best > threshold;
}

void PercentilePruner::record_finished(int64_t trial, const std::vector<int64_t>& steps,
                                       const std::vector<double>& values, StoredState state,
                                       double /*final_value*/) {
  std::lock_guard lock(mutex_);
  best_so_far_.erase(best_so_far_.lower_bound({trial, std::numeric_limits<int>::min()}),
                     best_so_far_.lower_bound({trial + 1, std::numeric_limits<int>::min()}));
  if (state != StoredState::Complete) return;
  ++n_completed_;
  for (size_t i = 0; i < steps.size() && i < values.size(); ++i)
    completed_[steps[i]].push_back(values[i]);
}

}  // namespace amcore
