// How CMA-ES sees the search space. Numeric parameters (floats, integers, steps, bools) are
// coordinates of [0, 1]: linear or log scale, and a discrete parameter owns one cell of equal
// width (in its scale) per grid value, so the thresholds between cells are known for the
// margin correction. Categorical parameters are not coordinates: they get their own
// frequency model (see categorical_model.hpp).
#pragma once

#include <ams/ams.h>

#include <cstdint>
#include <string>
#include <vector>

namespace cmaes {

// A numeric parameter as a coordinate of [0, 1].
struct Coordinate {
  int32_t param = 0;
  bool log = false;
  double lo = 0, hi = 1;  // internal (log or linear) value at 0 and at 1
  double ext_low = 0, ext_high = 0;
  double grid_low = 0, grid_step = 0;  // grid_step > 0: discrete
  int64_t cells = 0;                   // discrete: number of grid values
  // Cell boundaries in [0, 1], ascending, for discrete coordinates with a manageable number of
  // cells; the margin correction needs them. Empty otherwise.
  std::vector<double> thresholds;

  double encode(double external) const;  // the value's place in [0, 1]
  double decode(double u) const;         // the external value at u (clamped, on the grid)
};

struct Categorical {
  int32_t param = 0;
  int32_t n_choices = 0;
};

struct Encoding {
  std::vector<Coordinate> coordinates;
  std::vector<Categorical> categoricals;
  std::vector<std::string> names;
  // Per parameter: index into coordinates (>= 0) or -1 - index into categoricals.
  std::vector<int32_t> slot;
  std::vector<int32_t> parent;
  std::vector<std::vector<double>> parent_values;

  // Throws ams::Error naming the parameter when a description is inconsistent.
  explicit Encoding(const ams_space& space);
  int32_t n_params() const { return int32_t(slot.size()); }
  bool is_active(int32_t i, const double* external) const;
};

}  // namespace cmaes
