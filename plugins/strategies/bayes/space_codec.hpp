// The search space seen three ways:
//  * trial values: what crosses the ABI (numbers, choice indices, NaN when inactive);
//  * unit vectors: one number in [0,1] per parameter, ALWAYS defined, even for inactive ones,
//    so that flipping a parent keeps a remembered value for its children (samplers and local
//    moves work here);
//  * GP features: the Gaussian process input. A numeric parameter is one column in [0,1]
//    (log parameters in log space; integers and stepped floats map each grid value to the
//    centre of an equal-width cell); a categorical or bool is a one-hot block.
//
// Inactive conditional parameters get a fixed feature value: 0.5 for a numeric column and an
// all-zero one-hot block. Two trials that both lack a parameter then agree on it exactly
// (distance 0), and a trial that has it sits at a bounded, moderate distance from one that
// does not. Which branch is active is already carried by the parent's own columns, so no
// separate indicator column is needed.
#pragma once

#include <ams/ams.h>

#include <cstdint>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

namespace amsbayes {

// The space handed to start() is not usable (bad bounds, unknown type, bad parent, ...).
class SpaceError : public std::invalid_argument {
 public:
  using std::invalid_argument::invalid_argument;
};

class SpaceCodec {
 public:
  explicit SpaceCodec(const ams_space& space);

  int n_params() const { return static_cast<int>(params_.size()); }
  int n_features() const { return n_features_; }
  const std::string& name(int p) const { return params_[static_cast<size_t>(p)].name; }
  bool is_categorical(int p) const { return params_[static_cast<size_t>(p)].n_choices > 0; }
  int n_choices(int p) const { return params_[static_cast<size_t>(p)].n_choices; }
  // First GP feature column of parameter p (its only one when numeric).
  int column(int p) const { return params_[static_cast<size_t>(p)].column; }
  // True when every parameter takes finitely many values.
  bool is_discrete() const;

  // Unit vector -> trial values: grid rounding, choice index, NaN for inactive parameters.
  void trial_from_unit(const double* unit, double* values) const;
  // Trial values -> unit vector; inactive parameters keep what `unit` held before (callers
  // preset them, e.g. with random numbers). Throws SpaceError on values that do not fit.
  void unit_from_trial(const double* values, double* unit) const;
  // Trial values -> GP features (n_features). Throws SpaceError on values that do not fit.
  void features_from_trial(const double* values, double* features) const;
  // Which parameters are active for these trial values (NaN = inactive, as the ABI says).
  std::vector<bool> active(const double* values) const;

  // The unit value that lands on choice c of a categorical parameter.
  double unit_of_choice(int p, int c) const {
    return (c + 0.5) / params_[static_cast<size_t>(p)].n_choices;
  }

 private:
  struct Param {
    std::string name;
    int32_t type = AMS_PARAM_FLOAT;
    bool log = false;
    double low = 0, high = 0, step = 0;
    int n_choices = 0;  // > 0 for categorical and bool (bool = 2 choices)
    int parent = -1;
    std::vector<double> parent_values;
    int column = 0;
    // Numeric only: the cell-extended range in (log) space that unit [0,1] spans.
    double lo_t = 0, hi_t = 0;
  };
  bool parent_allows(const Param& p, double parent_value) const;
  double value_from_unit(const Param& p, double u) const;
  double unit_from_value(const Param& p, double v) const;

  std::vector<Param> params_;
  int n_features_ = 0;
};

}  // namespace amsbayes
