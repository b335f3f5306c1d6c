// --set overrides: applied to the parsed document before it is validated.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "config/pipeline.hpp"

namespace amcore {

// "--set study.trials=50": how an override names itself in messages, and the source name of
// the values it brings (so their errors are located there).
std::string override_source(const Override& override_);

// Sets each override's value at its path, creating tables as needed. Paths are dotted keys
// (bare or quoted) with optional array indices: candidates[1].space.x. Throws InputError.
void apply_overrides(toml::table& document, const std::vector<Override>& overrides);

}  // namespace amcore
