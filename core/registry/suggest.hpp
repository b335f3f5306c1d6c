// "Did you mean" for component names.
#pragma once

#include <optional>
#include <string>
#include <vector>

namespace amcore {

// The candidate closest to `name` by edit distance (case-insensitive), when it is close enough
// to be a plausible typo; ties go to the first in `candidates`.
std::optional<std::string> nearest_name(const std::string& name,
                                        const std::vector<std::string>& candidates);

}  // namespace amcore
