#include "grid_walk.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ams_grid {

bool is_active(const ams_param& p, const double* values) {
  if (p.parent < 0) return true;
  double parent = values[p.parent];
  if (std::isnan(parent)) return false;
  for (int32_t i = 0; i < p.n_parent_values; ++i) {
    double want = p.parent_values[i];
    if (parent == want || std::abs(parent - want) <= 1e-9 * std::max(1.0, std::abs(want))) return true;
  }
  return false;
}

GridWalk::GridWalk(const ams_space& space, std::vector<std::vector<double>> axes)
    : space_(space), axes_(std::move(axes)),
      digit_(static_cast<size_t>(space.n_params)), values_(static_cast<size_t>(space.n_params)) {
  reset_from(0);
}

void GridWalk::reset_from(int32_t first) {
  for (int32_t i = first; i < space_.n_params; ++i) {
    auto u = static_cast<size_t>(i);
    if (is_active(*space_.params[i], values_.data())) {
      digit_[u] = 0;
      values_[u] = axes_[u][0];
    } else {
      digit_[u] = -1;
      values_[u] = std::numeric_limits<double>::quiet_NaN();
    }
  }
}

void GridWalk::advance() {
  for (int32_t i = space_.n_params - 1; i >= 0; --i) {
    auto u = static_cast<size_t>(i);
    if (digit_[u] < 0 || digit_[u] + 1 >= static_cast<int64_t>(axes_[u].size())) continue;
    values_[u] = axes_[u][static_cast<size_t>(++digit_[u])];
    reset_from(i + 1);
    return;
  }
  done_ = true;
}

}  // namespace ams_grid
