// Evaluates one configuration of a model by cross-validation, and refits the best one.
//
// Threads: cross_validate and refit_and_score may run concurrently on different threads with
// the same Evaluation: the Dataset and the splits are only read, every call makes its own model
// objects, and a metric's score is thread-safe by the ABI.
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <toml++/toml.h>

#include "data/dataset.hpp"
#include "evaluation/model_object.hpp"
#include "evaluation/report_steps.hpp"
#include "evaluation/splits.hpp"
#include "registry/registry.hpp"

namespace amcore {

// What stays the same for every trial of a study. Everything pointed to must outlive the
// evaluations that use it.
struct Evaluation {
  const Dataset* data = nullptr;
  const Metric* metric = nullptr;
  std::vector<Split> splits;  // the same folds for every trial (a fair comparison)
  uint64_t study_seed = 0;
  std::string file;      // pipeline file, for located option errors
  std::string base_dir;  // for get_path
};

// One configuration to evaluate.
struct TrialRequest {
  int64_t number = 0;
  const Component* model = nullptr;  // the candidate's model component
  toml::table options;               // SearchSpace::options_for(values)
  double budget = 1.0;               // fidelity in (0, 1]
  const std::atomic<bool>* cancelled = nullptr;  // optional
  // Called after each fold with step = fold index (0-based, across repeats) and the running
  // mean of the fold scores (oriented like the metric). Returning AMS_STOP prunes the trial.
  // Unset: never prunes. Called on the evaluating thread.
  std::function<ams_status(int64_t step, double value)> report;
  // Called after each fold just before `report`, with that fold's own score (oriented like the
  // metric), for pruning rules that pair folds across trials. Unset: not called.
  std::function<void(int64_t step, double score)> fold_score;
  // Called when the model itself reports during fit (per epoch / boosting round), with
  // step = epoch_step(fold, the model's step) (report_steps.hpp) and the value oriented like the
  // metric (negated when the model's declared report_direction is the metric's opposite).
  // Such reports are also kept in EvaluationResult::intermediate. Returning AMS_STOP asks the
  // model to stop, and the trial is pruned at that step (even if the model finishes the fold).
  // Called on whatever thread the model reports from. Unset, or a model that declares no
  // report_direction, or a step outside [0, AMS_EPOCH_STEP_BASE): the report is ignored.
  std::function<ams_status(int64_t step, double value)> model_report;
  // Locations of trial parameters for option errors (SearchSpace::where). Optional.
  std::function<SourceLocation(const std::string& path)> locate;
  // Where the model's log lines go; unset: standard error.
  std::function<void(int32_t level, const std::string& message)> log;
};

struct EvaluationResult {
  enum class State { Complete, Pruned, Failed, Cancelled };
  State state = State::Failed;
  // Complete: mean of the fold scores. Pruned: the last intermediate value (a running mean,
  // or the epoch report it was stopped at), or NaN before any. Failed / Cancelled: NaN.
  // Oriented like the metric (not negated).
  double value = 0;
  std::vector<double> fold_scores;  // the folds that finished
  // (step, value) of every fold report (the running means handed to `report`) and, with a
  // model_report hook, of every epoch report handed to it, in the order they were made.
  std::vector<std::pair<int64_t, double>> intermediate;
  int64_t last_step = -1;  // Pruned: the step it stopped at (a fold or an epoch step)
  std::string error;       // Failed / Cancelled: what happened, with the plugin's message
  double duration_s = 0;
};

// The AMS_TRIAL_* code for a state (Cancelled maps to AMS_TRIAL_FAILED).
int32_t abi_state(EvaluationResult::State state);
const char* evaluation_state_name(EvaluationResult::State state);  // "complete", "pruned", ...

// The seed of the model object for (trial, fold): derive_seed(study_seed, trial + 1, fold + 1).
// The refit uses fold = -1.
uint64_t model_seed(uint64_t study_seed, int64_t trial, int fold);

// Fits, predicts and scores the configuration on every split. Never throws for a plugin's
// failure (the result is Failed with its message); throws InputError when the model refuses its
// options at create (a configuration error the user must fix), and std::bad_alloc.
EvaluationResult cross_validate(const Evaluation& evaluation, const TrialRequest& request);

// The best configuration fitted on all training rows and scored on the test rows.
struct Refit {
  std::unique_ptr<ModelObject> model;  // fitted; ready for save_model
  double test_score = 0;               // NaN when test_rows is empty
  double duration_s = 0;
};

// Fits on train_rows and scores on test_rows (evaluation.splits is not used). Throws
// EvaluationError with the plugin's message when anything fails, InputError when the model
// refuses its options.
Refit refit_and_score(const Evaluation& evaluation, const TrialRequest& request,
                      const std::vector<int64_t>& train_rows,
                      const std::vector<int64_t>& test_rows);

}  // namespace amcore
