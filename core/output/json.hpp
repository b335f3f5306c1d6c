// Just enough JSON for what the host writes: escaped strings, finite numbers in shortest
// round-trip form (non-finite become null), and the JSON forms of a search space and a trial.
#pragma once

#include <string>

#include <toml++/toml.h>

#include "space/search_space.hpp"

namespace amcore {

// "text" with quotes, escaping ", \ and control characters (\n, \t, \u00XX).
std::string json_string(const std::string& text);
// Shortest text that reads back as the same double; "null" for NaN and infinities.
std::string json_number(double value);
// A TOML value (string, integer, float, boolean, array, table) as JSON.
std::string json_of(const toml::node& node);

// The space as a JSON array of parameters: name, type, bounds, log, step, choices, parent and
// parent values. Stored with a study: two spaces are the same exactly when these texts are.
std::string space_json(const SearchSpace& space);
// {"name": value} of a trial's active parameters with their types: numbers for float and int,
// true/false for bool, the choice's own value (string, number or boolean) for categoricals.
std::string params_json(const SearchSpace& space, const double* values);

}  // namespace amcore
