// What every local-search strategy needs to know about trials beyond its own state: which
// numbers it has seen (for max_trials), and how a told result reads as a loss and a point.
#pragma once

#include <ams/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <optional>
#include <set>
#include <string>

#include "unit_space.hpp"

namespace ams_local {

class TrialLedger {
 public:
  // Reads the max_trials option (absent: no limit).
  explicit TrialLedger(const ams::Context& ctx) {
    if (ctx.has("max_trials"))
      max_trials_ = ctx.get_int_in("max_trials", 0, 1, std::numeric_limits<int64_t>::max());
  }
  // True when `number` is new and the limit is reached: the strategy answers AMS_EXHAUSTED.
  bool exhausted(int64_t number) const {
    return max_trials_ && !seen_.count(number) && int64_t(seen_.size()) >= *max_trials_;
  }
  void note(int64_t number) { seen_.insert(number); }

 private:
  std::optional<int64_t> max_trials_;
  std::set<int64_t> seen_;
};

// The loss to minimise: the value of a complete trial, +inf for failed and pruned ones (a
// pruned value is a partial loss, not comparable with complete ones) and for NaN.
inline double loss_of(const ams_trial_result& r, const std::string& who) {
  switch (r.state) {
    case AMS_TRIAL_COMPLETE:
      return std::isnan(r.value) ? std::numeric_limits<double>::infinity() : r.value;
    case AMS_TRIAL_PRUNED:
    case AMS_TRIAL_FAILED: return std::numeric_limits<double>::infinity();
    default:
      throw ams::Error(who + ": told trial " + std::to_string(r.trial.number) +
                           " has an unknown state " + std::to_string(r.state),
                       AMS_ERR_INVALID);
  }
}

// The told trial's point; inactive parameters take their values from `fill`.
inline Point told_point(const UnitSpace& space, const ams_trial_result& r, const Point& fill,
                        const std::string& who) {
  if (r.trial.n_params != space.size() || !r.trial.values)
    throw ams::Error(who + ": told trial " + std::to_string(r.trial.number) + " has " +
                         std::to_string(r.trial.n_params) + " values, the space has " +
                         std::to_string(space.size()) + " parameters",
                     AMS_ERR_INVALID);
  return space.encode(r.trial.values, fill);
}

// Reflects u into [0, 1] (a move past a bound comes back in, keeping its length).
inline double reflect(double u) {
  for (int i = 0; i < 4 && (u < 0 || u > 1); ++i) u = u < 0 ? -u : 2 - u;
  return std::clamp(u, 0.0, 1.0);
}

}  // namespace ams_local
