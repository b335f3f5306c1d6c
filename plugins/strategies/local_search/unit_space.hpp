// The search space as the local-search strategies see it: every numeric parameter (float or
// integer, linear or log, stepped or not) is a coordinate of [0, 1] in its own scale, where a
// discrete parameter owns one cell of equal width per grid value; categorical and bool
// parameters are choice indices that moves flip. A point keeps a value for every parameter,
// inactive ones included, so a parameter that becomes active again finds its old value.
#pragma once

#include <ams/ams.h>

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "rng.hpp"

namespace ams_local {

struct Dim {
  int32_t type = AMS_PARAM_FLOAT;
  bool log = false;
  double lo = 0, hi = 1;                // internal (log or linear) value at u = 0 and u = 1
  double ext_low = 0, ext_high = 0;     // external bounds (ext_high is on the grid)
  double grid_low = 0, grid_step = 0;   // grid_step > 0: discrete
  int32_t n_choices = 0;                // categorical and bool: number of choices
  int32_t parent = -1;
  std::vector<double> parent_values;

  bool numeric() const { return type == AMS_PARAM_FLOAT || type == AMS_PARAM_INT; }
  // Width in [0, 1] of the grid cell around u; 0 for a continuous coordinate.
  double cell(double u) const;
  double encode(double external) const;  // numeric only
  double decode(double u) const;         // numeric only: clamped and on the grid
};

// A point: per parameter, u in [0, 1] for numeric ones, the choice index for the others.
using Point = std::vector<double>;

class UnitSpace {
 public:
  // Throws ams::Error naming the parameter (and the strategy `who`) when it is inconsistent.
  UnitSpace(const ams_space& space, const std::string& who);

  int32_t size() const { return int32_t(dims_.size()); }
  const Dim& dim(int32_t i) const { return dims_[size_t(i)]; }
  const std::string& name(int32_t i) const { return names_[size_t(i)]; }

  // External trial values; NaN for inactive parameters.
  void decode(const Point& point, double* values) const;
  // The point of external values; inactive (NaN) parameters take their value from `fill`.
  Point encode(const double* values, const Point& fill) const;
  // Which parameters are active at this point.
  std::vector<bool> active(const Point& point) const;
  Point random_point(Rng& rng) const;
  // A key equal for two points exactly when they decode to the same trial.
  std::string key(const Point& point) const;
  // Every distinct trial of a space without continuous parameters, by key(), when the grid has
  // at most `limit` combinations (conditional parameters collapse some); empty otherwise.
  std::map<std::string, Point> enumerate(double limit) const;

 private:
  bool parent_allows(int32_t i, const double* values) const;
  std::vector<Dim> dims_;
  std::vector<std::string> names_;
};

}  // namespace ams_local
