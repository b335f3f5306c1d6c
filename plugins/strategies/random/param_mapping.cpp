#include "param_mapping.hpp"

#include <ams/plugin.hpp>

#include <algorithm>
#include <cmath>

namespace ams_random {

namespace {

std::string label(const ams_param& p, int32_t index) {
  return p.name ? std::string("parameter '") + p.name + "'" : "parameter " + std::to_string(index);
}

// Index of the last grid point lo + k*step that is <= hi (tolerating rounding in hi - lo).
int64_t last_step(const ams_param& p) {
  return static_cast<int64_t>(std::floor((p.high - p.low) / p.step * (1 + 1e-12) + 1e-9));
}

double step_of(const ams_param& p) {
  return p.step > 0 ? p.step : (p.type == AMS_PARAM_INT ? 1.0 : 0.0);
}

}  // namespace

void check_param(const ams_param& p, int32_t index) {
  auto fail = [&](const std::string& what) {
    throw ams::Error(label(p, index) + ": " + what, AMS_ERR_INVALID);
  };
  switch (p.type) {
    case AMS_PARAM_FLOAT:
    case AMS_PARAM_INT:
      if (!std::isfinite(p.low) || !std::isfinite(p.high) || p.low > p.high)
        fail("needs finite bounds with low <= high");
      if (p.log && p.low <= 0) fail("a log scale needs low > 0");
      if (p.step < 0 || !std::isfinite(p.step)) fail("step must be >= 0");
      if (p.type == AMS_PARAM_INT && (p.low != std::floor(p.low) || p.high != std::floor(p.high)))
        fail("an integer parameter needs integer bounds");
      break;
    case AMS_PARAM_CATEGORICAL:
      if (p.n_choices < 1) fail("a categorical parameter needs at least one choice");
      break;
    case AMS_PARAM_BOOL: break;
    default: fail("unknown type " + std::to_string(p.type));
  }
  if (p.parent >= index) fail("its parent must come before it in the space");
  if (p.parent >= 0 && (p.n_parent_values <= 0 || !p.parent_values))
    fail("is conditional but lists no parent values");
}

double map_unit(const ams_param& p, double u) {
  u = std::clamp(u, 0.0, std::nextafter(1.0, 0.0));
  switch (p.type) {
    case AMS_PARAM_CATEGORICAL:
      return std::min<double>(std::floor(u * p.n_choices), p.n_choices - 1);
    case AMS_PARAM_BOOL: return u < 0.5 ? 0.0 : 1.0;
    default: break;
  }
  const double step = step_of(p);
  if (step <= 0) {
    double v = p.log ? std::exp(std::log(p.low) + u * (std::log(p.high) - std::log(p.low)))
                     : p.low + u * (p.high - p.low);
    return std::clamp(v, p.low, p.high);
  }
  const int64_t k_max = last_step(p);
  int64_t k;
  if (p.log) {
    // Each grid point gets the log-measure of its cell [v - step/2, v + step/2]; the first cell
    // is cut at lo/2 when lo - step/2 would not be positive.
    double top = p.low + static_cast<double>(k_max) * step;
    double a = p.low - step / 2 > 0 ? p.low - step / 2 : p.low / 2;
    double b = top + step / 2;
    double v = std::exp(std::log(a) + u * (std::log(b) - std::log(a)));
    k = std::llround((v - p.low) / step);
  } else {
    k = static_cast<int64_t>(std::floor(u * static_cast<double>(k_max + 1)));
  }
  k = std::clamp<int64_t>(k, 0, k_max);
  return std::min(p.low + static_cast<double>(k) * step, p.high);
}

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

}  // namespace ams_random
