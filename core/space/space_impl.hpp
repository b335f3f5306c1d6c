// The storage behind SearchSpace, shared by its builder and its trial-value functions.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include <ams/ams.h>
#include <toml++/toml.h>

#include "common/errors.hpp"
#include "config/pipeline.hpp"
#include "space/search_space.hpp"

namespace amcore {

struct SearchSpace::Impl {
  struct Param {
    std::string name;   // full name in the space ("ridge.alpha")
    std::string plain;  // option name for the model ("alpha")
    ParamDef::Type type = ParamDef::Type::Float;
    double low = 0, high = 0, step = 0;
    bool log = false;
    toml::array choices;              // Choice: the values
    std::vector<std::string> labels;  // Choice: display text of each value
    int32_t parent = -1;
    std::vector<double> parent_values;
    SourceLocation where;
    int32_t candidate = -1;  // the candidate it belongs to; -1 for the "model" root / plain
  };
  struct Candidate {
    std::string plugin;
    toml::table fixed;
    // Every node of `fixed` by option path ("a.b[2].c"), recorded before the copy loses them.
    std::vector<std::pair<std::string, SourceLocation>> fixed_where;
    SourceLocation where;
  };

  std::vector<Param> params;
  std::vector<Candidate> candidates;
  bool has_root = false;  // params[0] is the "model" choice

  // The ABI view, built once by finish(); points into `params`, which never changes after.
  std::vector<ams_param> abi_params;
  std::vector<const ams_param*> abi_pointers;
  std::vector<std::vector<const char*>> abi_labels;
  ams_space abi_space{};

  void finish();
};

}  // namespace amcore
