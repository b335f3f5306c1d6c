// Small TOML helpers the pipeline reader and the search space share: where a node came from,
// how to name its type in a message, how to compare and print values, and the nearest-key
// suggestion for typos.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "common/errors.hpp"

namespace amcore {

// Source names of values that came from the command line start with this ("--set a.b=1"):
// they have no meaningful line or column.
inline constexpr std::string_view kOverrideSourcePrefix = "--set ";

SourceLocation location_of(const toml::source_region& region, const std::string& fallback_file);
SourceLocation location_of(const toml::key& key, const std::string& fallback_file);

// "a string", "an integer", "a floating-point number", "a boolean", "a table", "an array", ...
std::string type_phrase(const toml::node& node);

// A value as TOML text ("sqrt" quoted, 3, 0.5, true, [1, 2], { a = 1 }).
std::string toml_text(const toml::node& node);
// A value as plain text for tables and CSV: strings without quotes, everything else as TOML.
std::string plain_text(const toml::node& node);
// Shortest text that reads back as the same double ("0.1", "1e-05", "3").
std::string number_text(double value);

// Equality of TOML values where integers and floats compare by numeric value.
bool same_value(const toml::node& a, const toml::node& b);

// Moves table[key] (a table) out of `table`; empty when absent. Moving, unlike copying, keeps
// the source regions of its nodes, which located errors need later.
toml::table take_table(toml::table& table, std::string_view key);

// The candidate nearest to `word` when it is close enough to be a likely typo, else "".
// (common/suggest.hpp holds the rule.)
std::string nearest(std::string_view word, const std::vector<std::string_view>& candidates);

}  // namespace amcore
