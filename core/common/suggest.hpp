// "Did you mean ...?" for misspelt keys, options, plugin and column names.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace amcore {

// Optimal-string-alignment distance: insertions, deletions, substitutions and swaps of two
// neighbouring characters ("trails" -> "trials") each cost one edit.
size_t edit_distance(std::string_view a, std::string_view b);

// The candidate nearest to `word` (ignoring case) when it is close enough to be a likely typo:
// at most a third of the longer word, and always one edit. Ties go to the earlier candidate.
std::optional<std::string> nearest_name(std::string_view word,
                                        const std::vector<std::string>& candidates);
std::optional<std::string> nearest_name(std::string_view word,
                                        const std::vector<std::string_view>& candidates);

}  // namespace amcore
