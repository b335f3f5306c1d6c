// The study: asks the strategy for trials, evaluates them on a pool of threads, tells the
// results back, and at the end refits the best configuration and writes the outputs.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/pipeline.hpp"
#include "storage/study_storage.hpp"

namespace amcore {

// What a study is about to search, for the console and `amhost validate`.
struct StudyPlan {
  std::string name;
  std::string file;             // pipeline file
  bool objective_mode = false;
  std::string score_name;       // metric or objective
  bool maximize = false;
  std::string strategy;
  std::vector<std::string> models;  // candidates' plugins (data mode)
  std::optional<int64_t> trials;    // planned, when bounded
  std::optional<double> timeout_seconds;
  int parallel = 1;
  int32_t n_params = 0;
  std::vector<std::string> param_names;
  // Data mode.
  std::string data_source;
  int64_t rows = 0, features = 0, train_rows = 0, test_rows = 0;
  int32_t n_classes = 0;
  size_t folds = 0;  // splits per trial
  std::string output_dir;
  int64_t resumed_trials = 0;  // finished trials replayed from the storage
  // Set by validate_study: one line per [study] warm_start source, what it would contribute.
  std::vector<std::string> warm_start_notes;
};

struct StudyProgress {
  int64_t finished = 0;  // trials finished (any state)
  int64_t complete = 0;
  int64_t failed = 0;
  int64_t pruned = 0;
  int64_t running = 0;
  double elapsed_seconds = 0;
};

struct StudySummary {
  StudyPlan plan;
  std::vector<StoredTrial> trials;  // finished, by number
  std::optional<size_t> best;       // index into trials
  std::string stop_reason;          // "trials", "timeout", "target", "exhausted", "interrupted"
  double elapsed_seconds = 0;
  // Data mode: the refit best on the whole training part, scored on the test part.
  std::optional<double> test_score;  // absent when there is no test part or no best
  double refit_seconds = 0;
  std::optional<std::string> model_file;  // the saved refit model, relative to output_dir
  std::optional<double> optimum;     // objective mode, when the objective knows it
  std::string output_dir;
  std::vector<std::string> files;    // written, as paths
  std::vector<std::string> warnings;

  const StoredTrial* best_trial() const { return best ? &trials[*best] : nullptr; }
};

// Receives the study's progress; the console implements it. Called from the study's thread.
class StudyObserver {
 public:
  virtual ~StudyObserver() = default;
  virtual void on_start(const StudyPlan&) {}
  virtual void on_trial(const StoredTrial& /*trial*/, const StoredTrial* /*best*/,
                        const StudyProgress&) {}
  // Nothing finished for a while: a chance to redraw a live line.
  virtual void on_tick(const StudyProgress&) {}
  virtual void on_note(const std::string& /*message*/) {}  // "refitting the best model", ...
  virtual void on_finish(const StudySummary&) {}
};

struct RunOptions {
  std::vector<std::string> plugin_paths;  // searched after [plugins] paths
  std::optional<std::string> output_dir;  // replaces [output] dir (relative to the cwd)
  StudyObserver* observer = nullptr;      // optional
  bool resume = false;     // continue the study stored in the output folder
  bool overwrite = false;  // replace a study already in the output folder
  // isolation = "process": the amhost binary that runs trial workers (empty: found by
  // default_worker_executable in isolation/process_executor.hpp).
  std::string worker_executable;
};

// Runs the study. Throws InputError (exit 2), PluginError (exit 3), anything else (exit 1).
// Trials that fail are recorded and the study goes on; it throws when no trial completed.
StudySummary run_study(const PipelineConfig& config, const RunOptions& options);

// Everything a run does before its first trial: plugins, components and their options, the
// space, the data and its splits, the strategy started. Returns what would be searched.
StudyPlan validate_study(const PipelineConfig& config, const RunOptions& options);

}  // namespace amcore
