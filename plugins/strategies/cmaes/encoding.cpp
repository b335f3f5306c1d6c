#include "encoding.hpp"

#include <algorithm>
#include <ams/plugin.hpp>
#include <cmath>
#include <cstdio>

namespace cmaes {
namespace {

// Grids with more cells than this are decoded by rounding, without margin: their cells are
// too narrow for the distribution to collapse onto one of them.
constexpr int64_t kMaxMarginCells = 100000;

std::string label(const ams_param& p, int32_t i) {
  if (p.name) return p.name;
  char buf[32];
  std::snprintf(buf, sizeof buf, "#%d", int(i));
  return buf;
}

[[noreturn]] void bad(const ams_param& p, int32_t i, const std::string& what) {
  throw ams::Error("cmaes: search space parameter '" + label(p, i) + "' " + what, AMS_ERR_INVALID);
}

Coordinate numeric(const ams_param& p, int32_t i) {
  Coordinate c;
  c.param = i;
  if (p.type == AMS_PARAM_BOOL) {
    c.ext_low = c.grid_low = 0;
    c.ext_high = 1;
    c.grid_step = 1;
  } else {
    if (!std::isfinite(p.low) || !std::isfinite(p.high) || !(p.low <= p.high))
      bad(p, i, "needs finite bounds with low <= high");
    if (p.log && p.low <= 0) bad(p, i, "is on a log scale and needs low > 0");
    double step = p.step;
    if (p.type == AMS_PARAM_INT) {
      if (step <= 0) step = 1;
      if (p.low != std::floor(p.low) || step != std::floor(step))
        bad(p, i, "is an integer and needs integral low and step");
    }
    if (!(step >= 0) || !std::isfinite(step)) bad(p, i, "needs a step >= 0");
    c.log = p.log != 0;
    c.ext_low = p.low;
    c.ext_high = p.high;
    if (step > 0) {
      c.grid_low = p.low;
      c.grid_step = step;
      c.ext_high = p.low + std::floor((p.high - p.low) / step + 1e-9) * step;
    }
  }
  auto internal = [&](double x) { return c.log ? std::log(x) : x; };
  if (c.grid_step > 0) {
    c.cells = int64_t(std::llround((c.ext_high - c.grid_low) / c.grid_step)) + 1;
    double half = 0.5 * c.grid_step;
    c.lo =
        c.log && c.grid_low - half <= 0 ? std::log(0.5 * c.grid_low) : internal(c.grid_low - half);
    c.hi = internal(c.ext_high + half);
    if (c.cells <= kMaxMarginCells)
      for (int64_t k = 0; k + 1 < c.cells; ++k)
        c.thresholds.push_back((internal(c.grid_low + double(k) * c.grid_step + half) - c.lo) /
                               (c.hi - c.lo));
  } else {
    c.lo = internal(c.ext_low);
    c.hi = internal(c.ext_high);
  }
  return c;
}

}  // namespace

double Coordinate::encode(double x) const {
  x = std::clamp(x, ext_low, ext_high);
  if (hi == lo) return 0.5;
  return ((log ? std::log(x) : x) - lo) / (hi - lo);
}

double Coordinate::decode(double u) const {
  if (!thresholds.empty()) {
    auto k = std::upper_bound(thresholds.begin(), thresholds.end(), u) - thresholds.begin();
    return std::min(grid_low + double(k) * grid_step, ext_high);
  }
  double t = lo + std::clamp(u, 0.0, 1.0) * (hi - lo);
  double x = log ? std::exp(t) : t;
  if (grid_step > 0) x = grid_low + std::round((x - grid_low) / grid_step) * grid_step;
  return std::clamp(x, ext_low, ext_high);
}

Encoding::Encoding(const ams_space& space) {
  if (space.n_params < 1 || !space.params)
    throw ams::Error("cmaes: the search space has no parameters", AMS_ERR_INVALID);
  for (int32_t i = 0; i < space.n_params; ++i) {
    if (!space.params[i])
      throw ams::Error("cmaes: search space parameter #" + std::to_string(i) + " is missing",
                       AMS_ERR_INVALID);
    const ams_param& p = *space.params[i];
    names.push_back(label(p, i));
    if (p.parent >= i) bad(p, i, "names a parent that does not come before it");
    parent.push_back(p.parent);
    parent_values.emplace_back();
    if (p.parent >= 0) {
      if (p.n_parent_values <= 0 || !p.parent_values)
        bad(p, i, "has a parent but no parent values to be active under");
      parent_values.back().assign(p.parent_values, p.parent_values + p.n_parent_values);
    }
    switch (p.type) {
      case AMS_PARAM_CATEGORICAL:
        if (p.n_choices < 1) bad(p, i, "is categorical without choices");
        slot.push_back(-1 - int32_t(categoricals.size()));
        categoricals.push_back({i, p.n_choices});
        break;
      case AMS_PARAM_FLOAT:
      case AMS_PARAM_INT:
      case AMS_PARAM_BOOL:
        slot.push_back(int32_t(coordinates.size()));
        coordinates.push_back(numeric(p, i));
        break;
      default:
        bad(p, i, "has an unknown type " + std::to_string(p.type));
    }
  }
}

bool Encoding::is_active(int32_t i, const double* external) const {
  int32_t p = parent[size_t(i)];
  if (p < 0) return true;
  double v = external[p];
  if (std::isnan(v)) return false;
  for (double pv : parent_values[size_t(i)])
    if (v == pv) return true;
  return false;
}

}  // namespace cmaes
