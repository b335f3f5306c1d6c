#include "space_codec.hpp"

#include <ams/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <limits>

namespace ams_genetic {

namespace {

std::string label(const ams_param& p, int32_t index) {
  return p.name ? std::string("parameter '") + p.name + "'" : "parameter " + std::to_string(index);
}

double step_of(const ams_param& p) {
  return p.step > 0 ? p.step : (p.type == AMS_PARAM_INT ? 1.0 : 0.0);
}

// Index of the last grid point low + k*step that is <= high (tolerating rounding in high - low).
int64_t last_step(const ams_param& p) {
  return static_cast<int64_t>(std::floor((p.high - p.low) / step_of(p) * (1 + 1e-12) + 1e-9));
}

double raw_to_unit(const ams_param& p, double v) {
  if (p.high <= p.low) return 0.5;
  double u = p.log ? (std::log(v) - std::log(p.low)) / (std::log(p.high) - std::log(p.low))
                   : (v - p.low) / (p.high - p.low);
  return std::clamp(u, 0.0, 1.0);
}

double raw_from_unit(const ams_param& p, double u) {
  u = std::clamp(u, 0.0, 1.0);
  double v = p.log ? std::exp(std::log(p.low) + u * (std::log(p.high) - std::log(p.low)))
                   : p.low + u * (p.high - p.low);
  return std::clamp(v, p.low, p.high);
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

bool is_active(const ams_param& p, const double* values) {
  if (p.parent < 0) return true;
  double parent = values[p.parent];
  if (std::isnan(parent)) return false;
  for (int32_t i = 0; i < p.n_parent_values; ++i) {
    double want = p.parent_values[i];
    if (std::abs(parent - want) <= 1e-9 * std::max(1.0, std::abs(want))) return true;
  }
  return false;
}

bool is_numeric(const ams_param& p) {
  return p.type == AMS_PARAM_FLOAT || p.type == AMS_PARAM_INT;
}

int64_t n_levels(const ams_param& p) {
  if (p.type == AMS_PARAM_CATEGORICAL) return p.n_choices;
  if (p.type == AMS_PARAM_BOOL) return 2;
  return step_of(p) > 0 ? last_step(p) + 1 : 0;
}

double level_value(const ams_param& p, int64_t k) {
  if (!is_numeric(p)) return static_cast<double>(k);
  return std::min(p.low + static_cast<double>(k) * step_of(p), p.high);
}

int64_t level_of(const ams_param& p, double value) {
  int64_t top = n_levels(p) - 1;
  if (!is_numeric(p)) return std::clamp<int64_t>(std::llround(value), 0, top);
  return std::clamp<int64_t>(std::llround((value - p.low) / step_of(p)), 0, top);
}

double to_unit(const ams_param& p, double value) { return raw_to_unit(p, value); }

double from_unit(const ams_param& p, double u) {
  double v = raw_from_unit(p, u);
  return step_of(p) > 0 ? level_value(p, level_of(p, v)) : v;
}

double sample(const ams_param& p, double u) {
  u = std::clamp(u, 0.0, std::nextafter(1.0, 0.0));
  int64_t levels = n_levels(p);
  if (!is_numeric(p)) return static_cast<double>(std::min<int64_t>(
                          static_cast<int64_t>(u * static_cast<double>(levels)), levels - 1));
  if (levels == 0) return raw_from_unit(p, u);
  if (!p.log)
    return level_value(p, std::min<int64_t>(static_cast<int64_t>(u * static_cast<double>(levels)),
                                            levels - 1));
  // Log scale on a grid: each grid point gets the log-measure of its cell.
  double step = step_of(p);
  double top = level_value(p, levels - 1);
  double a = p.low - step / 2 > 0 ? p.low - step / 2 : p.low / 2;
  double b = top + step / 2;
  double v = std::exp(std::log(a) + u * (std::log(b) - std::log(a)));
  return level_value(p, level_of(p, v));
}

double sanitise(const ams_param& p, double value) {
  if (!std::isfinite(value)) return std::numeric_limits<double>::quiet_NaN();
  if (!is_numeric(p)) return static_cast<double>(level_of(p, value));
  double v = std::clamp(value, p.low, p.high);
  return step_of(p) > 0 ? level_value(p, level_of(p, v)) : v;
}

}  // namespace ams_genetic
