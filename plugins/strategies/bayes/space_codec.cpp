#include "space_codec.hpp"

#include <algorithm>
#include <cmath>

namespace amsbayes {

namespace {

std::string where(const std::string& name) { return "parameter \"" + name + "\": "; }

double clamp01(double u) { return u < 0 ? 0 : (u > 1 ? 1 : u); }

}  // namespace

SpaceCodec::SpaceCodec(const ams_space& space) {
  if (space.n_params <= 0 || !space.params)
    throw SpaceError("the search space has no parameters: give the strategy at least one");
  for (int32_t i = 0; i < space.n_params; ++i) {
    const ams_param* in = space.params[i];
    if (!in) throw SpaceError(std::string("parameter ").append(std::to_string(i)) + " of the space is missing");
    Param p;
    p.name = in->name ? std::string(in->name) : std::string("#").append(std::to_string(i));
    p.type = in->type;
    p.log = in->log != 0;
    p.low = in->low;
    p.high = in->high;
    p.step = in->step;
    p.parent = in->parent;
    p.column = n_features_;
    switch (p.type) {
      case AMS_PARAM_FLOAT:
      case AMS_PARAM_INT: {
        if (!std::isfinite(p.low) || !std::isfinite(p.high) || p.low > p.high)
          throw SpaceError(where(p.name) + "needs finite bounds with low <= high");
        if (!std::isfinite(p.step) || p.step < 0)
          throw SpaceError(where(p.name) + "step must be >= 0");
        if (p.log && p.low <= 0)
          throw SpaceError(where(p.name) + "a log scale needs low > 0");
        if (p.type == AMS_PARAM_INT) {
          if (p.low != std::floor(p.low) || p.high != std::floor(p.high))
            throw SpaceError(where(p.name) + "integer bounds must be whole numbers");
          if (p.step == 0) p.step = 1;
          if (p.step != std::floor(p.step))
            throw SpaceError(where(p.name) + "an integer step must be a whole number");
        }
        double last = p.high;
        if (p.step > 0) last = p.low + std::floor((p.high - p.low) / p.step + 1e-9) * p.step;
        const double half = p.step / 2;
        if (p.log) {
          p.lo_t = std::log(p.low - half > 0 ? p.low - half : p.low);
          p.hi_t = std::log(last + half);
        } else {
          p.lo_t = p.low - half;
          p.hi_t = last + half;
        }
        if (p.low == p.high) p.lo_t = p.hi_t;  // a single value: the column is constant
        n_features_ += 1;
        break;
      }
      case AMS_PARAM_CATEGORICAL:
        if (in->n_choices < 1) throw SpaceError(where(p.name) + "a choice needs at least one option");
        p.n_choices = in->n_choices;
        n_features_ += p.n_choices;
        break;
      case AMS_PARAM_BOOL:
        p.n_choices = 2;
        n_features_ += 2;
        break;
      default:
        throw SpaceError(where(p.name) + "unknown type " + std::to_string(p.type));
    }
    if (p.parent >= 0) {
      if (p.parent >= i)
        throw SpaceError(where(p.name) + "its parent must come before it in the space");
      if (in->n_parent_values <= 0 || !in->parent_values)
        throw SpaceError(where(p.name) + "a conditional parameter needs parent values");
      p.parent_values.assign(in->parent_values, in->parent_values + in->n_parent_values);
    } else if (p.parent != -1) {
      throw SpaceError(where(p.name) + "parent must be -1 or the index of an earlier parameter");
    }
    params_.push_back(std::move(p));
  }
}

bool SpaceCodec::is_discrete() const {
  for (const auto& p : params_)
    if (p.n_choices == 0 && p.step == 0 && p.low != p.high) return false;
  return true;
}

bool SpaceCodec::parent_allows(const Param& p, double parent_value) const {
  for (double v : p.parent_values)
    if (std::abs(v - parent_value) <= 1e-9 * std::max(1.0, std::abs(v))) return true;
  return false;
}

std::vector<bool> SpaceCodec::active(const double* values) const {
  std::vector<bool> on(params_.size(), true);
  for (size_t i = 0; i < params_.size(); ++i) {
    const Param& p = params_[i];
    if (p.parent < 0) continue;
    const size_t parent = static_cast<size_t>(p.parent);
    on[i] = on[parent] && parent_allows(p, values[parent]);
  }
  return on;
}

double SpaceCodec::value_from_unit(const Param& p, double u) const {
  u = clamp01(u);
  if (p.n_choices > 0) return std::min(std::floor(u * p.n_choices), p.n_choices - 1.0);
  if (p.low == p.high) return p.low;
  const double t = p.lo_t + u * (p.hi_t - p.lo_t);
  double v = p.log ? std::exp(t) : t;
  if (p.step > 0) {
    const double last = std::floor((p.high - p.low) / p.step + 1e-9);
    const double k = std::clamp(std::round((v - p.low) / p.step), 0.0, last);
    v = p.low + k * p.step;
    if (p.type == AMS_PARAM_INT) v = std::round(v);
  }
  return std::clamp(v, p.low, p.high);
}

double SpaceCodec::unit_from_value(const Param& p, double v) const {
  if (!std::isfinite(v))
    throw SpaceError(where(p.name) + "is active but has no finite value");
  if (p.n_choices > 0) {
    const double c = std::round(v);
    if (c < 0 || c >= p.n_choices || std::abs(c - v) > 1e-9)
      throw SpaceError(where(p.name) + "choice index " + std::to_string(v) + " is out of range");
    return (c + 0.5) / p.n_choices;
  }
  if (p.low == p.high) return 0.5;
  const double t = p.log ? std::log(std::max(v, p.low)) : v;
  return clamp01((t - p.lo_t) / (p.hi_t - p.lo_t));
}

void SpaceCodec::trial_from_unit(const double* unit, double* values) const {
  for (size_t i = 0; i < params_.size(); ++i) {
    const Param& p = params_[i];
    bool on = p.parent < 0 || (!std::isnan(values[p.parent]) && parent_allows(p, values[p.parent]));
    values[i] = on ? value_from_unit(p, unit[i]) : std::nan("");
  }
}

void SpaceCodec::unit_from_trial(const double* values, double* unit) const {
  const auto on = active(values);
  for (size_t i = 0; i < params_.size(); ++i)
    if (on[i]) unit[i] = unit_from_value(params_[i], values[i]);
}

void SpaceCodec::features_from_trial(const double* values, double* features) const {
  const auto on = active(values);
  for (size_t i = 0; i < params_.size(); ++i) {
    const Param& p = params_[i];
    if (p.n_choices > 0) {
      for (int c = 0; c < p.n_choices; ++c) features[p.column + c] = 0;
      if (on[i]) {
        const double u = unit_from_value(p, values[i]);
        features[p.column + static_cast<int>(std::floor(u * p.n_choices))] = 1;
      }
    } else {
      features[p.column] = on[i] ? unit_from_value(p, values[i]) : 0.5;
    }
  }
}

}  // namespace amsbayes
