// The steps of a cross-validated trial's intermediate values. Fold k's running mean is step k;
// a model's own report of epoch e (its step, e.g. an epoch or boosting round) during fold k is
// step (k + 1) * AMS_EPOCH_STEP_BASE + e. One number per report keeps the two kinds apart
// everywhere a step travels (the pruner, the worker socket, study.db, ams_trial_result)
// without a second channel, and the pruner compares like with like: the same fold at the same
// epoch.
#pragma once

#include <cstdint>

#include <ams/ams.h>

namespace amcore {

inline constexpr int64_t kEpochStepBase = AMS_EPOCH_STEP_BASE;

// Whether a model's step can be encoded (the model's own count, 0 <= epoch < base).
constexpr bool valid_epoch(int64_t epoch) { return epoch >= 0 && epoch < kEpochStepBase; }

constexpr int64_t epoch_step(int fold, int64_t epoch) {
  return (static_cast<int64_t>(fold) + 1) * kEpochStepBase + epoch;
}

constexpr bool is_epoch_step(int64_t step) { return step >= kEpochStepBase; }

// For an epoch step: its fold (0-based) and the model's epoch.
constexpr int fold_of_epoch_step(int64_t step) { return static_cast<int>(step / kEpochStepBase - 1); }
constexpr int64_t epoch_of_step(int64_t step) { return step % kEpochStepBase; }

// The step the pruner is asked with for a report of candidate model `candidate`: fold steps
// as they are; epoch steps moved into the candidate's own range, as if its folds were numbered
// from candidate * kCandidateFolds. Two candidate models report different measures (a loss,
// an accuracy), so their epoch curves must never meet; what is stored keeps the plain step.
inline constexpr int64_t kCandidateFolds = 1000000;
constexpr int64_t pruner_step(int candidate, int64_t step) {
  return is_epoch_step(step) ? step + static_cast<int64_t>(candidate) * kCandidateFolds * kEpochStepBase
                             : step;
}

}  // namespace amcore
