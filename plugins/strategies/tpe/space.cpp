#include "space.hpp"

#include <algorithm>
#include <ams/plugin.hpp>
#include <cmath>
#include <cstdio>
#include <map>

namespace tpe {
namespace {

std::string label(const ams_param& p, int32_t i) {
  if (p.name) return p.name;
  char buf[32];
  std::snprintf(buf, sizeof buf, "#%d", int(i));
  return buf;
}

[[noreturn]] void bad(const ams_param& p, int32_t i, const std::string& what) {
  std::string name = label(p, i);
  throw ams::Error("tpe: search space parameter '" + name + "' " + what, AMS_ERR_INVALID);
}

Dim describe(const ams_param& p, int32_t i) {
  Dim d;
  d.name = label(p, i);
  d.parent = p.parent;
  if (p.parent >= i) bad(p, i, "names a parent that does not come before it");
  if (p.parent >= 0) {
    if (p.n_parent_values <= 0 || !p.parent_values)
      bad(p, i, "has a parent but no parent values to be active under");
    d.parent_values.assign(p.parent_values, p.parent_values + p.n_parent_values);
  }
  switch (p.type) {
    case AMS_PARAM_CATEGORICAL:
      if (p.n_choices < 1) bad(p, i, "is categorical without choices");
      d.categorical = true;
      d.n_choices = p.n_choices;
      return d;
    case AMS_PARAM_BOOL:
      d.categorical = true;
      d.n_choices = 2;
      return d;
    case AMS_PARAM_FLOAT:
    case AMS_PARAM_INT:
      break;
    default:
      bad(p, i, "has an unknown type " + std::to_string(p.type));
  }
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
  d.log = p.log != 0;
  d.ext_low = p.low;
  d.ext_high = p.high;
  if (step > 0) {
    d.grid_step = step;
    d.grid_low = p.low;
    d.grid_high = p.low + std::floor((p.high - p.low) / step + 1e-9) * step;
    d.ext_high = d.grid_high;
  }
  if (!d.log) {
    d.low = d.ext_low;
    d.high = d.ext_high;
    d.step = d.grid_step;
  } else if (d.grid_step > 0) {
    // A log-scale grid is a continuous log density over the grid's cells, rounded after
    // sampling (as Optuna does); the lowest cell never reaches zero.
    double lo = d.grid_low - 0.5 * d.grid_step;
    d.low = std::log(lo > 0 ? lo : 0.5 * d.grid_low);
    d.high = std::log(d.grid_high + 0.5 * d.grid_step);
  } else {
    d.low = std::log(d.ext_low);
    d.high = std::log(d.ext_high);
  }
  return d;
}

}  // namespace

double Dim::to_internal(double x) const {
  if (std::isnan(x)) return x;
  if (categorical) return std::clamp(std::round(x), 0.0, double(n_choices - 1));
  x = std::clamp(x, ext_low, ext_high);
  return log ? std::log(x) : x;
}

double Dim::to_external(double t) const {
  if (std::isnan(t)) return t;
  if (categorical) return std::clamp(std::round(t), 0.0, double(n_choices - 1));
  double x = log ? std::exp(t) : t;
  if (grid_step > 0) x = grid_low + std::round((x - grid_low) / grid_step) * grid_step;
  return std::clamp(x, ext_low, ext_high);
}

Space::Space(const ams_space& space) {
  if (space.n_params < 1 || !space.params)
    throw ams::Error("tpe: the search space has no parameters", AMS_ERR_INVALID);
  for (int32_t i = 0; i < space.n_params; ++i) {
    if (!space.params[i])
      throw ams::Error("tpe: search space parameter #" + std::to_string(i) + " is missing",
                       AMS_ERR_INVALID);
    dims.push_back(describe(*space.params[i], i));
  }
  // Parameters share a group when their activation conditions are identical: same parent
  // group, same parent, same set of parent values. Then they are active in the same trials.
  std::map<std::tuple<int32_t, int32_t, std::vector<double>>, int32_t> keys;
  for (auto& d : dims) {
    std::vector<double> values = d.parent_values;
    std::sort(values.begin(), values.end());
    int32_t parent_group = d.parent >= 0 ? dims[size_t(d.parent)].group : -1;
    auto [it, added] = keys.try_emplace({parent_group, d.parent, values}, n_groups);
    if (added) ++n_groups;
    d.group = it->second;
  }
  group_members.resize(size_t(n_groups));
  for (int32_t i = 0; i < size(); ++i) group_members[size_t(dims[size_t(i)].group)].push_back(i);
}

bool Space::is_active(int32_t i, const double* external) const {
  const Dim& d = dims[size_t(i)];
  if (d.parent < 0) return true;
  double v = external[d.parent];
  if (std::isnan(v)) return false;
  for (double pv : d.parent_values)
    if (v == pv) return true;
  return false;
}

}  // namespace tpe
