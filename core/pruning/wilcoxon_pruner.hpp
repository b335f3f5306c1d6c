// The fold-aware Wilcoxon rule (Optuna's WilcoxonPruner): a trial's scores on the folds it has
// finished are paired with the best completed trial's scores on the same folds; it stops when a
// one-sided signed-rank test says it is worse (p < p_value) and its mean on those folds is worse
// too. Same folds for every trial make the pairing fair: fold difficulty cancels out.
#pragma once

#include <map>
#include <mutex>

#include "pruning/pruner.hpp"

namespace amcore {

struct WilcoxonRule {
  double p_value = 0.1;
  int64_t startup_trials = 5;  // completed trials needed before any pruning
  int64_t min_steps = 2;       // paired steps needed before any test
};

class WilcoxonPruner final : public Pruner {
 public:
  explicit WilcoxonPruner(WilcoxonRule rule);

  Values values() const override { return Values::PerStep; }
  bool should_stop(int64_t trial, int64_t step, double value) override;
  void record_finished(int64_t trial, const std::vector<int64_t>& steps,
                       const std::vector<double>& values, StoredState state,
                       double final_value) override;

 private:
  WilcoxonRule rule_;
  std::mutex mutex_;
  std::map<int64_t, std::map<int64_t, double>> running_;  // trial -> step -> score
  std::map<int64_t, double> best_steps_;                  // best completed trial's scores
  double best_value_ = 0;
  bool have_best_ = false;
  int64_t n_completed_ = 0;
};

}  // namespace amcore
