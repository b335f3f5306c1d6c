#include "unit_space.hpp"

#include <ams/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

namespace ams_local {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

[[noreturn]] void bad(const std::string& who, const std::string& name, const std::string& what) {
  throw ams::Error(who + ": search space parameter '" + name + "' " + what, AMS_ERR_INVALID);
}

Dim numeric(const ams_param& p, const std::string& who, const std::string& name) {
  Dim d;
  d.type = p.type;
  if (!std::isfinite(p.low) || !std::isfinite(p.high) || !(p.low <= p.high))
    bad(who, name, "needs finite bounds with low <= high");
  if (p.log && p.low <= 0) bad(who, name, "is on a log scale and needs low > 0");
  double step = p.step;
  if (!(step >= 0) || !std::isfinite(step)) bad(who, name, "needs a step >= 0");
  if (p.type == AMS_PARAM_INT) {
    if (step <= 0) step = 1;
    if (p.low != std::floor(p.low) || step != std::floor(step))
      bad(who, name, "is an integer and needs an integral low and step");
  }
  d.log = p.log != 0;
  d.ext_low = p.low;
  d.ext_high = p.high;
  auto internal = [&](double x) { return d.log ? std::log(x) : x; };
  if (step > 0) {
    d.grid_low = p.low;
    d.grid_step = step;
    d.ext_high = p.low + std::floor((p.high - p.low) / step + 1e-9) * step;
    double half = 0.5 * step;
    d.lo = d.log && p.low - half <= 0 ? std::log(0.5 * p.low) : internal(p.low - half);
    d.hi = internal(d.ext_high + half);
  } else {
    d.lo = internal(p.low);
    d.hi = internal(p.high);
  }
  return d;
}

}  // namespace

double Dim::cell(double u) const {
  if (!numeric() || grid_step <= 0 || hi == lo) return 0;
  // On a log scale the cells narrow as the value grows: the one around u is what counts.
  double x = decode(u);
  auto internal = [&](double v) { return log ? std::log(v) : v; };
  double a = std::max(x - 0.5 * grid_step, log ? std::exp(lo) : lo);
  double b = x + 0.5 * grid_step;
  return std::clamp((internal(b) - internal(a)) / (hi - lo), 0.0, 1.0);
}

double Dim::encode(double x) const {
  x = std::clamp(x, ext_low, ext_high);
  if (hi == lo) return 0.5;
  return std::clamp(((log ? std::log(x) : x) - lo) / (hi - lo), 0.0, 1.0);
}

double Dim::decode(double u) const {
  double t = lo + std::clamp(u, 0.0, 1.0) * (hi - lo);
  double x = log ? std::exp(t) : t;
  if (grid_step > 0) x = grid_low + std::round((x - grid_low) / grid_step) * grid_step;
  return std::clamp(x, ext_low, ext_high);
}

UnitSpace::UnitSpace(const ams_space& space, const std::string& who) {
  if (space.n_params < 1 || !space.params)
    throw ams::Error(who + ": the search space has no parameters", AMS_ERR_INVALID);
  for (int32_t i = 0; i < space.n_params; ++i) {
    if (!space.params[i])
      throw ams::Error(who + ": search space parameter #" + std::to_string(i) + " is missing",
                       AMS_ERR_INVALID);
    const ams_param& p = *space.params[i];
    std::string name = p.name ? p.name : "#" + std::to_string(i);
    Dim d;
    switch (p.type) {
      case AMS_PARAM_FLOAT:
      case AMS_PARAM_INT: d = numeric(p, who, name); break;
      case AMS_PARAM_CATEGORICAL:
        if (p.n_choices < 1) bad(who, name, "is categorical without choices");
        d.type = p.type;
        d.n_choices = p.n_choices;
        break;
      case AMS_PARAM_BOOL:
        d.type = p.type;
        d.n_choices = 2;
        break;
      default: bad(who, name, "has an unknown type " + std::to_string(p.type));
    }
    if (p.parent >= i) bad(who, name, "names a parent that does not come before it");
    d.parent = p.parent < 0 ? -1 : p.parent;
    if (d.parent >= 0) {
      if (p.n_parent_values <= 0 || !p.parent_values)
        bad(who, name, "has a parent but no parent values to be active under");
      d.parent_values.assign(p.parent_values, p.parent_values + p.n_parent_values);
    }
    dims_.push_back(std::move(d));
    names_.push_back(std::move(name));
  }
}

bool UnitSpace::parent_allows(int32_t i, const double* values) const {
  const Dim& d = dims_[size_t(i)];
  if (d.parent < 0) return true;
  double v = values[d.parent];
  if (std::isnan(v)) return false;
  for (double want : d.parent_values)
    if (v == want || std::abs(v - want) <= 1e-9 * std::max(1.0, std::abs(want))) return true;
  return false;
}

void UnitSpace::decode(const Point& point, double* values) const {
  for (int32_t i = 0; i < size(); ++i) {
    const Dim& d = dims_[size_t(i)];
    if (!parent_allows(i, values)) {
      values[i] = kNaN;
      continue;
    }
    double x = point[size_t(i)];
    values[i] = d.numeric() ? d.decode(x)
                            : std::clamp(std::round(x), 0.0, double(d.n_choices - 1));
  }
}

Point UnitSpace::encode(const double* values, const Point& fill) const {
  Point p(static_cast<size_t>(size()));
  for (int32_t i = 0; i < size(); ++i) {
    const Dim& d = dims_[size_t(i)];
    double x = values[i];
    if (std::isnan(x)) {
      p[size_t(i)] = fill[size_t(i)];
    } else if (d.numeric()) {
      p[size_t(i)] = d.encode(x);
    } else {
      p[size_t(i)] = std::clamp(std::round(x), 0.0, double(d.n_choices - 1));
    }
  }
  return p;
}

std::vector<bool> UnitSpace::active(const Point& point) const {
  std::vector<double> values(static_cast<size_t>(size()));
  decode(point, values.data());
  std::vector<bool> on(static_cast<size_t>(size()));
  for (size_t i = 0; i < on.size(); ++i) on[i] = !std::isnan(values[i]);
  return on;
}

Point UnitSpace::random_point(Rng& rng) const {
  Point p(static_cast<size_t>(size()));
  for (int32_t i = 0; i < size(); ++i) {
    const Dim& d = dims_[size_t(i)];
    p[size_t(i)] = d.numeric() ? rng.uniform() : double(rng.below(d.n_choices));
  }
  return p;
}

std::string UnitSpace::key(const Point& point) const {
  std::vector<double> values(static_cast<size_t>(size()));
  decode(point, values.data());
  std::string k;
  char buf[32];
  for (double v : values) {
    std::snprintf(buf, sizeof buf, "%.17g,", v);
    k += buf;
  }
  return k;
}

std::map<std::string, Point> UnitSpace::enumerate(double limit) const {
  std::vector<std::vector<double>> axes;
  double combinations = 1;
  for (const Dim& d : dims_) {
    std::vector<double> axis;
    if (!d.numeric()) {
      for (int32_t c = 0; c < d.n_choices; ++c) axis.push_back(c);
    } else if (d.hi == d.lo) {
      axis.push_back(0.5);
    } else if (d.grid_step > 0) {
      double cells = std::round((d.ext_high - d.grid_low) / d.grid_step) + 1;
      if (combinations * cells > limit) return {};
      for (double k = 0; k < cells; ++k) axis.push_back(d.encode(d.grid_low + k * d.grid_step));
    } else {
      return {};
    }
    combinations *= double(axis.size());
    if (combinations > limit) return {};
    axes.push_back(std::move(axis));
  }
  std::map<std::string, Point> all;
  std::vector<size_t> digit(axes.size(), 0);
  Point point(axes.size());
  while (true) {
    for (size_t i = 0; i < axes.size(); ++i) point[i] = axes[i][digit[i]];
    all.emplace(key(point), point);
    size_t i = 0;
    while (i < axes.size() && ++digit[i] == axes[i].size()) digit[i++] = 0;
    if (i == axes.size()) break;
  }
  return all;
}

}  // namespace ams_local
