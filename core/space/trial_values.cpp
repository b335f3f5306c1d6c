// A trial's vector of doubles: activity, validation, typed options and display text.
#include <algorithm>
#include <cmath>
#include <limits>

#include "config/toml_util.hpp"
#include "space/search_space.hpp"
#include "space/space_impl.hpp"

namespace amcore {
namespace {

using Param = SearchSpace::Impl::Param;

std::string value_list(const Param& parent, const std::vector<double>& values) {
  std::string text;
  for (double v : values) {
    if (!text.empty()) text += ", ";
    const auto index = static_cast<size_t>(v);
    if (parent.type == ParamDef::Type::Choice && v >= 0 && index < parent.labels.size()) {
      text += parent.labels[index];
    } else if (parent.type == ParamDef::Type::Bool) {
      text += v != 0 ? "true" : "false";
    } else {
      text += number_text(v);
    }
  }
  return text;
}

// Index of a categorical value, clamped so a slightly off value never reads out of bounds.
size_t choice_index(const Param& param, double value) {
  const double last = static_cast<double>(param.choices.size() - 1);
  return static_cast<size_t>(std::clamp(std::round(value), 0.0, last));
}

double snap_float(const Param& param, double value) {
  if (param.step > 0) {
    const double k = std::round((value - param.low) / param.step);
    value = param.low + k * param.step;
    if (value > param.high) value -= param.step;  // the grid may stop short of high
  }
  return std::clamp(value, param.low, param.high);
}

}  // namespace

bool SearchSpace::is_active(int32_t i, const double* values) const {
  const auto& params = impl_->params;
  for (int32_t at = i; params.at(static_cast<size_t>(at)).parent >= 0;) {
    const Param& param = params[static_cast<size_t>(at)];
    const double parent_value = values[param.parent];
    if (std::isnan(parent_value)) return false;
    bool listed = false;
    for (double v : param.parent_values) listed = listed || v == parent_value;
    if (!listed) return false;
    at = param.parent;
  }
  return true;
}

std::string SearchSpace::check(const double* values) const {
  const auto& params = impl_->params;
  for (size_t i = 0; i < params.size(); ++i) {
    const Param& param = params[i];
    const double v = values[i];
    const std::string subject = "parameter '" + param.name + "'";
    if (!is_active(static_cast<int32_t>(i), values)) {
      if (std::isnan(v)) continue;
      const Param& parent = params[static_cast<size_t>(param.parent)];
      return subject + " is inactive (it applies when '" + parent.name + "' is one of " +
             value_list(parent, param.parent_values) + ") but has the value " + number_text(v) +
             "; inactive parameters must be NaN";
    }
    if (std::isnan(v)) return subject + " is active but has no value (NaN)";
    if (!std::isfinite(v)) return subject + " has the value " + number_text(v);
    switch (param.type) {
      case ParamDef::Type::Float: {
        // Tolerate rounding of a strategy's arithmetic (exp(log(high)) may overshoot by an ulp).
        const double tolerance = 1e-9 * (param.high - param.low);
        if (v < param.low - tolerance || v > param.high + tolerance)
          return subject + " = " + number_text(v) + " is outside [" + number_text(param.low) +
                 ", " + number_text(param.high) + "]";
        if (param.step > 0) {
          const double k = (v - param.low) / param.step;
          if (std::fabs(k - std::round(k)) > 1e-6)
            return subject + " = " + number_text(v) + " is not on its grid " +
                   number_text(param.low) + " + k * " + number_text(param.step);
        }
        break;
      }
      case ParamDef::Type::Int: {
        if (v != std::floor(v)) return subject + " = " + number_text(v) + " is not an integer";
        if (v < param.low || v > param.high)
          return subject + " = " + number_text(v) + " is outside [" + number_text(param.low) +
                 ", " + number_text(param.high) + "]";
        if (std::fmod(v - param.low, param.step) != 0)
          return subject + " = " + number_text(v) + " is not on its grid " +
                 number_text(param.low) + " + k * " + number_text(param.step);
        break;
      }
      case ParamDef::Type::Choice:
        if (v != std::floor(v) || v < 0 || v > param.high)
          return subject + " = " + number_text(v) + " is not a choice index (0 to " +
                 number_text(param.high) + ")";
        break;
      case ParamDef::Type::Bool:
        if (v != 0 && v != 1) return subject + " = " + number_text(v) + " is not 0 or 1";
        break;
    }
  }
  return {};
}

int32_t SearchSpace::candidate_of(const double* values) const {
  if (!impl_->has_root) return 0;
  return static_cast<int32_t>(choice_index(impl_->params[0], values[0]));
}

toml::table SearchSpace::options_for(const double* values) const {
  toml::table options;
  int32_t candidate = -1;
  if (!impl_->candidates.empty()) {
    candidate = candidate_of(values);
    options = impl_->candidates[static_cast<size_t>(candidate)].fixed;
  }
  const auto& params = impl_->params;
  for (size_t i = 0; i < params.size(); ++i) {
    const Param& param = params[i];
    if (impl_->has_root && i == 0) continue;  // the "model" choice picks the candidate
    if (param.candidate != candidate && !impl_->candidates.empty()) continue;
    if (!is_active(static_cast<int32_t>(i), values) || std::isnan(values[i])) continue;
    const double v = values[i];
    switch (param.type) {
      case ParamDef::Type::Float:
        options.insert_or_assign(param.plain, snap_float(param, v));
        break;
      case ParamDef::Type::Int:
        options.insert_or_assign(
            param.plain, static_cast<int64_t>(std::llround(std::clamp(v, param.low, param.high))));
        break;
      case ParamDef::Type::Choice:
        options.insert_or_assign(param.plain, *param.choices.get(choice_index(param, v)));
        break;
      case ParamDef::Type::Bool:
        options.insert_or_assign(param.plain, v >= 0.5);
        break;
    }
  }
  return options;
}

std::string SearchSpace::format(int32_t i, double value) const {
  const Param& param = impl_->params.at(static_cast<size_t>(i));
  if (std::isnan(value)) return {};
  switch (param.type) {
    case ParamDef::Type::Choice: return param.labels[choice_index(param, value)];
    case ParamDef::Type::Bool: return value >= 0.5 ? "true" : "false";
    case ParamDef::Type::Int:
      if (std::isfinite(value) && std::fabs(value) < 9.2e18) return std::to_string(std::llround(value));
      return number_text(value);
    case ParamDef::Type::Float: return number_text(value);
  }
  return number_text(value);
}

SourceLocation SearchSpace::locate_option(const double* values,
                                          const std::string& option_path) const {
  const int32_t candidate = impl_->candidates.empty() ? -1 : candidate_of(values);
  const std::string head = option_path.substr(0, option_path.find_first_of(".["));
  for (size_t i = 0; i < impl_->params.size(); ++i) {
    const Param& param = impl_->params[i];
    if (impl_->has_root && i == 0) continue;
    if (param.candidate == candidate && param.plain == head &&
        is_active(static_cast<int32_t>(i), values))
      return param.where;
  }
  if (candidate < 0) return {};
  const auto& chosen = impl_->candidates[static_cast<size_t>(candidate)];
  const SourceLocation* best = nullptr;
  size_t best_length = 0;
  for (const auto& [path, where] : chosen.fixed_where) {
    const bool prefix = option_path.compare(0, path.size(), path) == 0 &&
                        (option_path.size() == path.size() || option_path[path.size()] == '.' ||
                         option_path[path.size()] == '[');
    if (prefix && path.size() > best_length) {
      best = &where;
      best_length = path.size();
    }
  }
  return best ? *best : chosen.where;
}

}  // namespace amcore
