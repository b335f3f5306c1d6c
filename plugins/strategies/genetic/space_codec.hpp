// How the genetic strategy sees a parameter: numeric values live in a normalised [0, 1]
// coordinate (log-aware), so one crossover and one mutation operator fit every range; values
// leave that coordinate snapped to the parameter's grid (integers, steps, choices).
#pragma once

#include <ams/ams.h>

#include <cstdint>
#include <string>

namespace ams_genetic {

// Throws ams::Error naming the parameter when its description cannot be searched.
void check_param(const ams_param& p, int32_t index);

// True when p is active given the values already chosen for the parameters before it.
bool is_active(const ams_param& p, const double* values);

bool is_numeric(const ams_param& p);

// Numeric parameters: value <-> unit coordinate (log scale when p.log).
double to_unit(const ams_param& p, double value);
double from_unit(const ams_param& p, double u);  // snapped onto the parameter's grid

// Number of distinct values (grid points or choices); 0 for a continuous float.
int64_t n_levels(const ams_param& p);
// The value of grid point k (numeric with a grid) or choice k.
double level_value(const ams_param& p, int64_t k);
// The grid point or choice nearest to value.
int64_t level_of(const ams_param& p, double value);

// A value drawn uniformly (log-uniformly when p.log) from the parameter, u in [0, 1).
double sample(const ams_param& p, double u);

// The told value made valid for the space (snapped, clamped), or NaN when it cannot be read.
double sanitise(const ams_param& p, double value);

}  // namespace ams_genetic
