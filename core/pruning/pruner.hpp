// Early stopping of trials. A Pruner watches the intermediate values of running trials (after
// each fold of cross-validation, or each report of an objective) and says when one should stop
// because it is unlikely to beat what the finished trials reached. It works with every
// strategy: the host asks it beside the strategy's own on_report, and prunes when either says
// stop.
//
// Values are oriented to MINIMIZE (the host negates a maximized metric). Steps are the
// reporter's: fold indexes (0-based, across repeats) in cross-validation, the objective's own
// steps otherwise. A rule that watches_epochs() also hears, in cross-validation, the model's
// own per-epoch reports, at epoch steps (evaluation/report_steps.hpp: fold and epoch in one
// number, never equal to a fold step). Every method is thread-safe: trials report from worker
// threads.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include "config/pipeline.hpp"
#include "storage/study_storage.hpp"

namespace amcore {

class Pruner {
 public:
  // What a reported value means. Median and percentile rules compare a running summary (the
  // mean of the folds so far); the fold-aware Wilcoxon rule pairs each step's own score with
  // the same step of the best trial.
  enum class Values { RunningSummary, PerStep };

  virtual ~Pruner() = default;
  virtual Values values() const = 0;
  // Whether the rule wants the models' per-epoch reports (at epoch steps) beside the folds'.
  virtual bool watches_epochs() const { return false; }

  // A running trial reached `step` with `value`; true when it should stop now. Each call also
  // adds the value to the trial's history, so call it once per report.
  virtual bool should_stop(int64_t trial, int64_t step, double value) = 0;

  // A trial finished: its reported (steps, values) in the form values() asks for, its state,
  // and its final value (NaN unless complete). Only complete trials become references; any
  // finished trial's running history is dropped.
  virtual void record_finished(int64_t trial, const std::vector<int64_t>& steps,
                               const std::vector<double>& values, StoredState state,
                               double final_value) = 0;
};

// The rule of [pruner]; nullptr for rule = "none".
std::unique_ptr<Pruner> make_pruner(const PrunerConfig& config);

}  // namespace amcore
