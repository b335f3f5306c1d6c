#include "study/warm_start.hpp"

#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <limits>

#include <nlohmann/json.hpp>

#include "common/errors.hpp"

namespace fs = std::filesystem;

namespace amcore {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// The index of the choice of categorical parameter i whose value is `value`, or -1. Choices
// are compared as the text the space shows (a string's own text, a number's shortest form),
// numbers also by value, so 0.1 written as 0.10 still matches.
int32_t choice_index(const SearchSpace& space, int32_t i, const nlohmann::json& value) {
  const ams_param& p = space.param(i);
  for (int32_t c = 0; c < p.n_choices; ++c) {
    const std::string label = space.format(i, c);
    if (value.is_string() && value.get<std::string>() == label) return c;
    if (value.is_boolean() && (value.get<bool>() ? "true" : "false") == label) return c;
    if (value.is_number()) {
      char* end = nullptr;
      const double number = std::strtod(label.c_str(), &end);
      if (end != label.c_str() && *end == '\0' && number == value.get<double>()) return c;
    }
  }
  return -1;
}

// The double a strategy sees for one typed value of parameter i, or NaN when it has no place.
double encoded(const SearchSpace& space, int32_t i, const nlohmann::json& value) {
  const ams_param& p = space.param(i);
  switch (p.type) {
    case AMS_PARAM_FLOAT:
    case AMS_PARAM_INT:
      return value.is_number() ? value.get<double>() : kNaN;
    case AMS_PARAM_BOOL:
      return value.is_boolean() ? (value.get<bool>() ? 1.0 : 0.0) : kNaN;
    case AMS_PARAM_CATEGORICAL: {
      const int32_t c = choice_index(space, i, value);
      return c >= 0 ? static_cast<double>(c) : kNaN;
    }
  }
  return kNaN;
}

bool same_file(const std::string& a, const std::string& b) {
  std::error_code ec;
  return fs::exists(a, ec) && fs::exists(b, ec) && fs::equivalent(a, b, ec);
}

}  // namespace

std::vector<double> values_in_space(const SearchSpace& space, const std::string& params_json) {
  const nlohmann::json params = nlohmann::json::parse(params_json, nullptr, false);
  if (!params.is_object()) return {};
  std::vector<double> values(static_cast<size_t>(space.size()), kNaN);
  size_t placed = 0;
  for (int32_t i = 0; i < space.size(); ++i) {
    auto it = params.find(space.name(i));
    if (it == params.end()) continue;
    values[static_cast<size_t>(i)] = encoded(space, i, *it);
    if (std::isnan(values[static_cast<size_t>(i)])) return {};
    ++placed;
  }
  // A parameter this space does not have: the old value depended on it.
  if (placed != params.size()) return {};
  if (!space.check(values.data()).empty()) return {};
  return values;
}

WarmStart load_warm_start(const std::vector<std::string>& sources, const SearchSpace& space,
                          const StudyInfo& study, const std::string& own_database) {
  WarmStart warm;
  int64_t number = -1;
  for (const std::string& source : sources) {
    StudyStorage old = [&] {
      try {
        return StudyStorage::open_read_only(source);
      } catch (const InputError& e) {
        throw InputError(std::string("[study] warm_start: ") + e.what());
      }
    }();
    const std::string where = "[study] warm_start: " + old.path();
    if (same_file(old.path(), own_database))
      throw InputError(where + " is this study's own database: use --resume to continue it, "
                               "or warm-start from another study");
    const StudyInfo& info = old.info();
    if (info.direction != study.direction || info.metric != study.metric) {
      auto scoring = [](const StudyInfo& i) {
        return (i.metric.empty() ? std::string("an objective") : "metric " + i.metric) + ", " +
               i.direction;
      };
      throw InputError(where + ": study '" + info.name + "' was scored with " + scoring(info) +
                       "; this study uses " + scoring(study) +
                       ": its values would mislead the strategy (remove it from warm_start)");
    }
    size_t used = 0, finished = 0;
    for (StoredTrial& trial : old.finished_trials()) {
      ++finished;
      std::vector<double> values = values_in_space(space, trial.params_json);
      if (values.empty()) continue;
      trial.values = std::move(values);
      trial.number = number--;
      warm.trials.push_back(std::move(trial));
      ++used;
    }
    std::string note = "warm start from " + old.path() + " (study '" + info.name + "'): " +
                       std::to_string(used) + " of " + std::to_string(finished) +
                       " finished trials fit this space";
    warm.notes.push_back(std::move(note));
  }
  return warm;
}

}  // namespace amcore
