// The search space as TPE sees it: every parameter in an internal coordinate where kernels are
// placed (log for log parameters, the grid value for steps and integers, the index for
// choices), plus the activation rule of conditional parameters and the groups of parameters
// that are always active together.
#pragma once

#include <ams/ams.h>

#include <cstdint>
#include <string>
#include <vector>

namespace tpe {

struct Dim {
  std::string name;
  bool categorical = false;  // categorical and bool: an index 0..n_choices-1
  int32_t n_choices = 0;
  bool log = false;
  // Numeric: support of the kernels in internal coordinates. A discrete dimension on a linear
  // scale keeps its grid ends here and widens them by step / 2 where mass is computed.
  double low = 0, high = 0;
  double step = 0;  // > 0: linear-scale grid in internal coordinates (cell-mass kernels)
  // External grid used to round a value: low + k * grid_step, up to grid_high (0 = none).
  double grid_low = 0, grid_high = 0, grid_step = 0;
  double ext_low = 0, ext_high = 0;  // external bounds
  int32_t parent = -1;
  std::vector<double> parent_values;
  int32_t group = 0;  // parameters of a group are active in exactly the same trials

  double to_internal(double external) const;  // NaN stays NaN
  double to_external(double internal) const;  // rounded to the grid, clamped to the bounds
  double snap(double internal) const { return to_internal(to_external(internal)); }
  // Kernel support in internal coordinates, including the half cells of a linear grid.
  double support_low() const { return low - 0.5 * step; }
  double support_high() const { return high + 0.5 * step; }
  double width() const { return high - low + step; }
  // A numeric parameter whose bounds leave a single value: nothing to estimate.
  bool fixed() const { return !categorical && !(width() > 0); }
};

struct Space {
  std::vector<Dim> dims;
  int32_t n_groups = 0;
  std::vector<std::vector<int32_t>> group_members;

  // Throws ams::Error naming the parameter when a description is inconsistent.
  explicit Space(const ams_space& space);
  int32_t size() const { return static_cast<int32_t>(dims.size()); }
  // True when dimension i is active given the (external) values chosen for its parents.
  bool is_active(int32_t i, const double* external) const;
};

}  // namespace tpe
