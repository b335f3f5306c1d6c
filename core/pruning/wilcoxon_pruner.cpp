#include "pruning/wilcoxon_pruner.hpp"

#include <cmath>

#include "pruning/signed_rank_test.hpp"

namespace amcore {

WilcoxonPruner::WilcoxonPruner(WilcoxonRule rule) : rule_(rule) {}

bool WilcoxonPruner::should_stop(int64_t trial, int64_t step, double value) {
  std::lock_guard lock(mutex_);
  std::map<int64_t, double>& scores = running_[trial];
  scores[step] = value;
  if (!have_best_ || n_completed_ < rule_.startup_trials) return false;
  // A NaN score can never make a best trial: stop it.
  if (std::isnan(value)) return true;

  std::vector<double> differences;  // trial - best: positive where the trial is worse
  double trial_sum = 0, best_sum = 0;
  for (const auto& [s, score] : scores) {
    const auto best = best_steps_.find(s);
    if (best == best_steps_.end() || std::isnan(score) || std::isnan(best->second)) continue;
    differences.push_back(score - best->second);
    trial_sum += score;
    best_sum += best->second;
  }
  if (static_cast<int64_t>(differences.size()) < rule_.min_steps) return false;
  // The test alone could stop a trial whose mean is still no worse (a few large wins against
  // many small losses): keep it then, as Optuna does.
  if (!(trial_sum > best_sum)) return false;
  return signed_rank_greater(differences).p_value < rule_.p_value;
}

void WilcoxonPruner::record_finished(int64_t trial, const std::vector<int64_t>& steps,
                                     const std::vector<double>& values, StoredState state,
                                     double final_value) {
  std::lock_guard lock(mutex_);
  running_.erase(trial);
  if (state != StoredState::Complete) return;
  ++n_completed_;
  if (!std::isfinite(final_value) || (have_best_ && !(final_value < best_value_))) return;
  have_best_ = true;
  best_value_ = final_value;
  best_steps_.clear();
  for (size_t i = 0; i < steps.size() && i < values.size(); ++i) best_steps_[steps[i]] = values[i];
}

}  // namespace amcore
