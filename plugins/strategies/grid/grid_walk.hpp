// Walks every active combination of a conditional space once, in lexicographic order of the
// parameters: an odometer whose inactive digits are NaN and never turn. Parents precede their
// children, so changing a digit re-derives which later parameters are active.
#pragma once

#include <ams/ams.h>

#include <cstdint>
#include <vector>

namespace ams_grid {

class GridWalk {
 public:
  GridWalk(const ams_space& space, std::vector<std::vector<double>> axes);

  bool done() const { return done_; }
  const std::vector<double>& point() const { return values_; }
  void advance();

 private:
  void reset_from(int32_t first);

  const ams_space& space_;
  std::vector<std::vector<double>> axes_;
  std::vector<int64_t> digit_;  // -1 when inactive
  std::vector<double> values_;
  bool done_ = false;
};

bool is_active(const ams_param& p, const double* values);

}  // namespace ams_grid
