// Builds spaces from pipeline text, the way the host does.
#pragma once

#include <string>

#include "config/pipeline.hpp"
#include "space/search_space.hpp"

namespace amtest {

inline amcore::PipelineConfig pipeline(const std::string& model_tables) {
  return amcore::parse_pipeline(
      "[data]\npath = 'x.csv'\n[evaluation]\nmetric = 'accuracy'\n" + model_tables, "p.toml", "");
}

inline amcore::SearchSpace space_of(const std::string& model_tables) {
  return amcore::SearchSpace::from_candidates(pipeline(model_tables).candidates);
}

}  // namespace amtest
