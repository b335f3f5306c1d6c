// The ask / evaluate / tell loop of a study, apart from its setup and its outputs.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "storage/study_storage.hpp"
#include "study/plugin_object.hpp"
#include "study/setup.hpp"
#include "study/trial_executor.hpp"
#include "study/study.hpp"

namespace amcore {

struct LoopResult {
  std::vector<StoredTrial> trials;  // every finished trial, by number (replayed ones included)
  std::string stop_reason;
  double elapsed_seconds = 0;
};

// Replays stored trials into a fresh strategy (resume): they are told as if just finished.
void replay_trials(const StudySetup& setup, PluginObject& strategy,
                   const std::vector<StoredTrial>& trials);

// Runs trials until a stop condition; every finished trial is committed to `storage` before
// the strategy hears of it. `previous` are trials of an earlier run (resume), already told;
// `rerun` are the trials an earlier run left running (killed): they run again first, with
// their own numbers and parameters, before the strategy is asked for more.
LoopResult run_trials(const PipelineConfig& config, const StudySetup& setup,
                      PluginObject& strategy, StudyStorage& storage, TrialExecutor& executor,
                      std::vector<StoredTrial> previous, std::vector<StoredTrial> rerun,
                      StudyObserver* observer);

// True when a is better than b for this direction.
inline bool better(double a, double b, bool maximize) { return maximize ? a > b : a < b; }

}  // namespace amcore
