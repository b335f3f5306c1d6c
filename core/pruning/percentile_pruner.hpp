// The median and percentile rules (Optuna's MedianPruner / PercentilePruner): a trial stops at
// a step when the best value it reached so far is worse than the given percentile of the
// completed trials' values at that same step.
//
// With epochs, the same rule runs on each fold's epoch curve: at epoch e of fold k the best
// value the trial's model reported so far in fold k is compared with the completed trials'
// reports at epoch e of fold k. Folds and each fold's epochs are separate curves ("best so
// far" never mixes a running mean with an epoch report, nor two folds' epochs).
#pragma once

#include <map>
#include <mutex>

#include "pruning/pruner.hpp"

namespace amcore {

struct PercentileRule {
  double percentile = 50;      // in (0, 100); 50 is the median rule
  int64_t startup_trials = 5;  // completed trials needed before any pruning
  int64_t warmup_steps = 1;    // fold steps below this never prune
  bool epochs = false;         // also judge epoch steps (the models' per-epoch reports)
  int64_t warmup_epochs = 5;   // epoch steps whose epoch is at most this never prune
};

class PercentilePruner final : public Pruner {
 public:
  explicit PercentilePruner(PercentileRule rule);

  Values values() const override { return Values::RunningSummary; }
  bool watches_epochs() const override { return rule_.epochs; }
  bool should_stop(int64_t trial, int64_t step, double value) override;
  void record_finished(int64_t trial, const std::vector<int64_t>& steps,
                       const std::vector<double>& values, StoredState state,
                       double final_value) override;

 private:
  PercentileRule rule_;
  std::mutex mutex_;
  // (running trial, curve) -> best value so far (NaN: none). Curve 0: the fold steps (or an
  // objective's steps); curve k + 1: the epochs of fold k.
  std::map<std::pair<int64_t, int>, double> best_so_far_;
  std::map<int64_t, std::vector<double>> completed_;   // step -> completed trials' values
  int64_t n_completed_ = 0;
};

// The q-th percentile (0..100) of `values`, NaN ignored, interpolated linearly between the
// closest ranks (numpy's default). NaN when no value is finite.
double percentile_of(std::vector<double> values, double q);

}  // namespace amcore
