// Maps a uniform number u in [0, 1) to a parameter value with the distribution random search
// wants: uniform, or uniform in log space (log = true), snapped to the step grid, integers and
// choices equally likely. Used with pseudo-random and quasi-random u alike, so it is written
// as an inverse CDF: stratified u give stratified values.
#pragma once

#include <ams/ams.h>

#include <string>

namespace ams_random {

// Throws ams::Error naming the parameter when its description cannot be sampled.
void check_param(const ams_param& p, int32_t index);

double map_unit(const ams_param& p, double u);

// True when parameter i is active, given the values already chosen for its parents.
bool is_active(const ams_param& p, const double* values);

}  // namespace ams_random
