// Parameter definitions of a [model.space] / [candidates.space] / [objective.space] table.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/pipeline.hpp"
#include "config/section.hpp"

namespace amcore {

// Reads and validates every parameter of a space table, resolves their `when` conditions and
// returns them parents first, otherwise in document order.
std::vector<ParamDef> read_space(const Section& space);

// The values of `parent` under which a child is active, in the ABI's encoding (choice index,
// 0/1, the integer itself). Returns "" and fills `out`, or says what is wrong.
std::string condition_values(const ParamDef& parent, const toml::array& when_values,
                             std::vector<double>& out);

// Parameter names are plain option names: letters, digits, '_' and '-'.
bool is_valid_param_name(std::string_view name);

}  // namespace amcore
