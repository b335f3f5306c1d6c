// Readers of the pipeline file's top-level tables. Each validates its table strictly and moves
// the option tables it hands to plugins out of `table`, so their nodes keep their source
// regions (a copied TOML++ node loses them) and plugin option errors stay located.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/pipeline.hpp"
#include "config/section.hpp"

namespace amcore {

StudyConfig read_study(const Section& study, const std::string& base_dir);
DataConfig read_data(const Section& data, toml::table& table);
EvaluationConfig read_evaluation(const Section& evaluation, toml::table& table);
StrategyConfig read_strategy(const Section& strategy, toml::table& table);
PrunerConfig read_pruner(const Section& pruner);
OutputConfig read_output(const Section& output, const std::string& base_dir,
                         const std::string& study_name);
std::vector<std::string> read_plugin_paths(const Section& plugins, const std::string& base_dir);
CandidateConfig read_candidate(const Section& model, toml::table& table);
ObjectiveConfig read_objective(const Section& objective, toml::table& table);

// A path from the file, made relative to the pipeline file's folder.
std::string resolve_path(const std::string& base_dir, const std::string& path);

}  // namespace amcore
