// The pipeline file (TOML), parsed and validated into PipelineConfig.
//
// Every key is documented in docs/pipeline.md. Every error is an InputError whose message
// starts with file:line:column, says what was expected and what was found, and for an unknown
// key suggests the nearest valid one. Values that came from --set are located as
// "--set key=value: ..." instead.
//
// The option tables handed to plugins (DataConfig::options, CandidateConfig::fixed,
// StrategyConfig::options, ObjectiveConfig::options, EvaluationConfig::metric_options) keep the
// source regions of their nodes, so a plugin's option error can be located. TOML++ drops source
// regions when a node is COPIED (moves keep them): copy such a table and locations are lost.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include <toml++/toml.h>

#include "common/errors.hpp"

namespace amcore {

// One searched parameter, from a [model.space] / [candidates.space] / [objective.space] entry:
//   x = { float = [0.001, 10], log = true, step = 0.5 }
//   n = { int = [1, 64], log = true }
//   kind = { choice = ["a", "b", 3, true] }     (choices may be strings, numbers or booleans)
//   flag = { bool = true }                      (value ignored; searches true/false)
//   units_2 = { int = [8, 256], when = { n_layers = [2, 3] } }   (conditional)
struct ParamDef {
  enum class Type { Float, Int, Choice, Bool };
  std::string name;  // as written (without any candidate prefix)
  Type type = Type::Float;
  double low = 0, high = 0;
  double step = 0;  // 0 = continuous (Float) / 1 (Int)
  bool log = false;
  toml::array choices;  // Choice: the values, with their TOML types
  // Conditional: active only when the parameter `when_param` (same space) takes one of
  // `when_values` (compared as TOML values: strings for choices, numbers, booleans).
  std::string when_param;
  toml::array when_values;
  SourceLocation where;
};

// A model plugin with its fixed options and its searched parameters.
struct CandidateConfig {
  std::string plugin;
  toml::table fixed;             // options passed as they are
  std::vector<ParamDef> space;   // parents before children, otherwise in document order
  SourceLocation where;
};

struct StudyConfig {
  std::string name = "study";
  std::optional<int64_t> trials;          // stop after this many finished trials
  std::optional<double> timeout_seconds;  // "10m", "30s", "1h" or a number of seconds
  std::optional<double> target;           // stop when the best value reaches this
  int parallel = 1;                       // concurrent trials
  uint64_t seed = 0;
  // Ends the study once this many trials failed in this run (nullopt: never).
  std::optional<int64_t> max_failures;
  // "thread": trials run in threads of amhost (fastest); "process": in worker processes, so a
  // crash, abort or runaway allocation fails only its trial.
  enum class Isolation { Thread, Process };
  Isolation isolation = Isolation::Thread;
  std::optional<double> trial_timeout_seconds;  // a trial running longer fails
  std::optional<int64_t> trial_memory_bytes;    // process isolation: resident memory limit
  // Same seed, same trials whatever `parallel` is: the strategy is asked `batch` trials at a
  // time and hears their results in trial order once the whole batch finished.
  bool deterministic = false;
  int batch = 4;
  // Earlier studies (study.db files or their output folders) whose compatible trials are told
  // to the strategy before the first ask. Paths are resolved against the pipeline's folder.
  std::vector<std::string> warm_start;
  SourceLocation where;
};

struct DataConfig {
  std::string loader = "csv";
  toml::table options;  // the [data] table minus "loader", handed to the loader plugin
  SourceLocation where;
};

struct EvaluationConfig {
  // "holdout", "kfold", "stratified_kfold", "repeated_kfold", "repeated_stratified_kfold"
  std::string cv_method = "stratified_kfold";
  int folds = 5;
  int repeats = 1;                // 3 by default for the repeated_* methods
  double holdout_fraction = 0.2;  // validation share for "holdout"
  bool shuffle = true;
  std::string metric;             // metric plugin component name
  toml::table metric_options;     // metric = { name = ..., <these> }
  double test_fraction = 0.2;     // held out and scored once for the refit best; 0 = none
  SourceLocation where;
};

struct StrategyConfig {
  std::string plugin = "random";
  toml::table options;  // the whole [strategy] table minus "plugin"
  SourceLocation where;
};

struct ObjectiveConfig {
  std::string plugin;
  toml::table options;          // the [objective] table minus "plugin" and "space"
  std::vector<ParamDef> space;  // empty: use the objective's default space
  SourceLocation where;
};

// [pruner]: the early-stopping rule applied to every trial's intermediate values (after each
// fold of cross-validation, or each report of an objective), with any strategy.
struct PrunerConfig {
  std::string rule = "none";  // "none", "median", "percentile", "wilcoxon"
  int64_t startup_trials = 5;  // no pruning before this many trials completed
  int64_t warmup_steps = 1;    // median / percentile: steps below this are never pruned
  double percentile = 25;      // percentile: the share of completed trials a trial must beat
  double p_value = 0.1;        // wilcoxon: stop when the one-sided p-value is below this
  int64_t min_steps = 2;       // wilcoxon: folds shared with the best trial before any test
  bool epochs = false;         // median / percentile: also judge a model's per-epoch reports
  int64_t warmup_epochs = 5;   // with epochs: a fold's epochs up to this never prune
  SourceLocation where;
};

struct OutputConfig {
  std::string dir;  // resolved against base_dir; default "runs/<study.name>"
  bool save_model = true;
  // "sqlite": every trial committed to study.db (resumable). "memory": no database; trials.csv
  // and best.json are still written at the end.
  enum class Storage { Sqlite, Memory };
  Storage storage = Storage::Sqlite;
};

// A --set override: "study.trials=50", "model.space.x={float=[0,1]}". The value is TOML; text
// that does not parse as TOML is a string (study.timeout=1h30m), unless it starts with [ { " '.
// The key path is dotted, keys may be quoted, array elements indexed: candidates[1].fixed.k.
struct Override {
  std::string key_path;
  std::string value_text;
};

struct PipelineConfig {
  std::string file;      // path of the pipeline file as given
  std::string base_dir;  // its folder (absolute from load_pipeline): relative paths in the
                         // file are relative to it
  toml::table document;  // the effective document after --set overrides, for writing out
  // What it was parsed from, to parse it again elsewhere (trial worker processes): `document`
  // printed back is not the same pipeline, as TOML++ prints keys sorted, and the order of a
  // space's parameters is their order in the file.
  std::string source_text;
  std::vector<Override> overrides;

  StudyConfig study;
  std::optional<DataConfig> data;            // absent when an objective is used
  EvaluationConfig evaluation;
  std::vector<CandidateConfig> candidates;   // [model] gives one; [[candidates]] several
  StrategyConfig strategy;
  std::optional<ObjectiveConfig> objective;  // instead of data + model + metric
  PrunerConfig pruner;
  OutputConfig output;
  std::vector<std::string> plugin_paths;     // [plugins] paths, resolved
};


// Parses "a.b=value" into an Override; throws InputError on malformed text.
Override parse_override(const std::string& text);

// Reads, applies overrides to, and validates a pipeline file. Throws InputError.
PipelineConfig load_pipeline(const std::string& path, const std::vector<Override>& overrides = {});

// The same from text already in memory (tests, embedded defaults). `name` is used in messages.
PipelineConfig parse_pipeline(const std::string& text, const std::string& name,
                              const std::string& base_dir,
                              const std::vector<Override>& overrides = {});

// Location of a TOML node, for messages: the fallback file alone when the node has no source,
// the "--set ..." text alone (no line) for values from an override.
SourceLocation location_of(const toml::node& node, const std::string& fallback_file);

}  // namespace amcore
