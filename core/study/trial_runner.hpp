// Evaluates one trial on a worker thread: cross-validation of the chosen candidate (data mode)
// or one call of the objective. Never throws: every failure becomes a failed outcome with its
// message, so one bad configuration cannot end the study.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <string>
#include <utility>
#include <vector>

#include "storage/study_storage.hpp"
#include "study/setup.hpp"

namespace amcore {

struct TrialOutcome {
  StoredState state = StoredState::Failed;
  double value = 0;  // oriented like the score; NaN when failed
  std::vector<std::pair<int64_t, double>> intermediate;
  int64_t last_step = -1;  // pruned: where it stopped
  std::string error;       // failed / pruned: why
  double duration_s = 0;
  // What the pruner was asked during the trial (oriented to minimize, in the form the rule
  // asks for), kept so that record_to_pruner can tell it how the trial ended.
  std::vector<int64_t> pruner_steps;
  std::vector<double> pruner_values;
  std::string worker;  // who ran it: "thread 2", "process 4711"
};

// An intermediate value of the running trial (oriented like the score). AMS_STOP prunes it.
using ReportHook = std::function<ams_status(int64_t step, double value)>;

// `report` is the strategy's hook; the setup's pruner, if any, is asked beside it and the
// trial is pruned when either says stop. The pruner is NOT told how the trial ended: the
// caller does that with record_to_pruner, at the moment its schedule says (deterministic
// studies tell in trial order), possibly in another process than the one that evaluated.
TrialOutcome evaluate_trial(const PipelineConfig& config, const StudySetup& setup,
                            int64_t number, const std::vector<double>& values, double budget,
                            const std::atomic<bool>* cancelled, const ReportHook& report);

// Tells the setup's pruner (if any) how trial `number` ended.
void record_to_pruner(const StudySetup& setup, int64_t number, const TrialOutcome& outcome);

// Tells the setup's pruner (if any) about trials of an earlier run (resume), as if they had
// just finished. Fold scores of cross-validation are recovered from the stored running means.
void replay_to_pruner(const StudySetup& setup, const std::vector<StoredTrial>& trials);

}  // namespace amcore
