// Everything a study needs before its first trial: plugins loaded, components resolved and
// created, the search space built, the data loaded and split. Shared by `amhost run` and
// `amhost validate`, so validation checks exactly what a run would use.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "config/pipeline.hpp"
#include "data/dataset.hpp"
#include "evaluation/cross_validation.hpp"
#include "evaluation/splits.hpp"
#include "registry/registry.hpp"
#include "pruning/pruner.hpp"
#include "space/search_space.hpp"
#include "study/plugin_object.hpp"

namespace amcore {

// The order plugins are searched: the pipeline's [plugins] paths, the command line's, then
// Registry::default_search_path(). Duplicate folders are dropped.
std::vector<std::string> plugin_search_path(const std::vector<std::string>& from_pipeline,
                                            const std::vector<std::string>& from_command_line);

struct StudySetup {
  std::unique_ptr<Registry> registry;
  const Component* strategy = nullptr;
  SearchSpace space;
  bool maximize = false;   // direction of the metric / objective
  std::string score_name;  // metric or objective name, for tables
  std::unique_ptr<Pruner> pruner;  // [pruner]; null: no early stopping beyond the strategy's

  // Data mode ([data] + candidates + metric).
  std::vector<const Component*> models;  // aligned with config.candidates
  std::unique_ptr<Metric> metric;
  std::unique_ptr<Dataset> data;
  TrainTest train_test;
  Evaluation evaluation;  // points into data/metric above; splits of train_test.train

  // Objective mode ([objective]).
  std::unique_ptr<PluginObject> objective;
  std::optional<double> optimum;

  bool objective_mode() const { return objective != nullptr; }
};

// Loads, resolves and checks everything. Throws PluginError (library broken, component
// missing: located at the pipeline key that named it), InputError (options, data, space).
std::unique_ptr<StudySetup> prepare_study(const PipelineConfig& config,
                                          const std::vector<std::string>& extra_plugin_paths);

// A fresh strategy object, started on the setup's space. Unknown options are an InputError.
std::unique_ptr<PluginObject> start_strategy(const PipelineConfig& config,
                                             const StudySetup& setup);

// Seeds of the study's parts, all derived from [study] seed.
uint64_t strategy_seed(uint64_t study_seed);
uint64_t objective_seed(uint64_t study_seed, int64_t trial);  // trial -1: the objective object

// Location of a trial parameter named in a model's or objective's options ("max_depth" or
// "random_forest.max_depth"), for located option errors.
SourceLocation locate_parameter(const SearchSpace& space, int32_t candidate,
                                const std::vector<CandidateConfig>& candidates,
                                const std::string& path);

}  // namespace amcore
