// The values a grid takes along each parameter.
//
//   float, step > 0:  every point of the step grid low, low + step, ... <= high
//   float, no step:   `resolution` points from low to high inclusive (geometric when log)
//   int:              every value of its step grid when there are at most `max_int_values`,
//                     else `resolution` of them, evenly spaced (in log space when log), rounded
//                     to the step grid, duplicates removed
//   categorical/bool: every choice
// One point (the middle, geometric when log) when resolution is 1; one when low == high.
#pragma once

#include <ams/ams.h>

#include <cstdint>
#include <vector>

namespace ams_grid {

struct AxisRules {
  int64_t resolution = 5;
  int64_t max_int_values = 10;
};

// Throws ams::Error naming the parameter when it cannot be gridded.
std::vector<double> axis_values(const ams_param& p, int32_t index, const AxisRules& rules);

}  // namespace ams_grid
