// Durations in the pipeline file: "90s", "10m", "1h30m", "1.5h", "2d" (also "1h 30m").
#pragma once

#include <optional>
#include <string_view>

namespace amcore {

// Seconds, or nullopt when `text` is not a duration. Units: d, h, m, s; each at most once,
// largest first; numbers may have a fraction.
std::optional<double> parse_duration(std::string_view text);

}  // namespace amcore
