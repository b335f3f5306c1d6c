#include "grid_axes.hpp"

#include <ams/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <string>

namespace ams_grid {

namespace {

// `n` points from low to high inclusive, evenly spaced on the parameter's scale.
std::vector<double> spaced(double low, double high, int64_t n, bool log) {
  std::vector<double> out;
  if (n == 1 || low == high) {
    out.push_back(log ? std::sqrt(low * high) : (low + high) / 2);
    if (low == high) out.back() = low;
    return out;
  }
  for (int64_t k = 0; k < n; ++k) {
    double t = static_cast<double>(k) / static_cast<double>(n - 1);
    double v = log ? std::exp(std::log(low) + t * (std::log(high) - std::log(low)))
                   : low + t * (high - low);
    out.push_back(std::clamp(v, low, high));
  }
  out.front() = low;
  out.back() = high;
  return out;
}

}  // namespace

std::vector<double> axis_values(const ams_param& p, int32_t index, const AxisRules& rules) {
  auto fail = [&](const std::string& what) -> std::vector<double> {
    throw ams::Error(std::string("parameter '") + (p.name ? p.name : std::to_string(index)) +
                         "': " + what,
                     AMS_ERR_INVALID);
  };
  switch (p.type) {
    case AMS_PARAM_CATEGORICAL: {
      if (p.n_choices < 1) return fail("a categorical parameter needs at least one choice");
      std::vector<double> out(static_cast<size_t>(p.n_choices));
      for (int32_t k = 0; k < p.n_choices; ++k) out[static_cast<size_t>(k)] = k;
      return out;
    }
    case AMS_PARAM_BOOL: return {0.0, 1.0};
    case AMS_PARAM_FLOAT:
    case AMS_PARAM_INT: break;
    default: return fail("unknown type " + std::to_string(p.type));
  }
  if (!std::isfinite(p.low) || !std::isfinite(p.high) || p.low > p.high)
    return fail("needs finite bounds with low <= high");
  if (p.log && p.low <= 0) return fail("a log scale needs low > 0");
  const bool is_int = p.type == AMS_PARAM_INT;
  const double step = p.step > 0 ? p.step : (is_int ? 1.0 : 0.0);
  if (step <= 0) return spaced(p.low, p.high, rules.resolution, p.log != 0);

  const auto k_max = static_cast<int64_t>(std::floor((p.high - p.low) / step * (1 + 1e-12) + 1e-9));
  auto on_grid = [&](int64_t k) { return std::min(p.low + static_cast<double>(k) * step, p.high); };
  std::vector<double> out;
  if (!is_int || k_max + 1 <= rules.max_int_values) {
    for (int64_t k = 0; k <= k_max; ++k) out.push_back(on_grid(k));
    return out;
  }
  for (double v : spaced(p.low, on_grid(k_max), rules.resolution, p.log != 0))
    out.push_back(on_grid(std::clamp<int64_t>(std::llround((v - p.low) / step), 0, k_max)));
  std::sort(out.begin(), out.end());
  out.erase(std::unique(out.begin(), out.end()), out.end());
  return out;
}

}  // namespace ams_grid
