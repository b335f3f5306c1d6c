#include "storage/stored_space.hpp"

#include <deque>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "common/errors.hpp"

namespace amcore {

namespace {

int32_t type_of(const std::string& name) {
  if (name == "float") return AMS_PARAM_FLOAT;
  if (name == "int") return AMS_PARAM_INT;
  if (name == "categorical") return AMS_PARAM_CATEGORICAL;
  if (name == "bool") return AMS_PARAM_BOOL;
  return 0;  // refused by SearchSpace::from_abi with the parameter's name
}

}  // namespace

SearchSpace stored_space(const StudyStorage& storage) {
  const auto fail = [&](const std::string& why) -> SearchSpace {
    throw InputError(storage.path() + ": the stored search space cannot be read (" + why + ")");
  };
  const nlohmann::json params = nlohmann::json::parse(storage.info().space_json, nullptr, false);
  if (!params.is_array()) return fail("not a JSON array");

  // ams_param points into these; deques keep addresses stable as they grow.
  std::deque<std::string> texts;
  std::deque<std::vector<const char*>> choice_lists;
  std::deque<std::vector<double>> parent_value_lists;
  std::vector<ams_param> abi_params;
  std::vector<std::string> names;
  try {
    for (const nlohmann::json& p : params) {
      ams_param param{};
      param.struct_size = sizeof param;
      param.name = texts.emplace_back(p.at("name").get<std::string>()).c_str();
      names.emplace_back(param.name);
      param.type = type_of(p.at("type").get<std::string>());
      param.parent = -1;
      if (param.type == AMS_PARAM_FLOAT || param.type == AMS_PARAM_INT) {
        param.low = p.at("low").get<double>();
        param.high = p.at("high").get<double>();
        param.step = p.value("step", 0.0);
        param.log = p.value("log", false) ? 1 : 0;
      }
      if (param.type == AMS_PARAM_BOOL) param.high = 1;
      if (param.type == AMS_PARAM_CATEGORICAL) {
        std::vector<const char*>& labels = choice_lists.emplace_back();
        for (const nlohmann::json& c : p.at("choices"))
          labels.push_back(texts.emplace_back(c.get<std::string>()).c_str());
        param.n_choices = static_cast<int32_t>(labels.size());
        param.choices = labels.data();
        param.high = param.n_choices - 1;
      }
      if (p.contains("parent")) {
        const std::string parent = p.at("parent").get<std::string>();
        for (size_t k = 0; k < names.size(); ++k)
          if (names[k] == parent) param.parent = static_cast<int32_t>(k);
        if (param.parent < 0) return fail("parameter '" + names.back() + "' has an unknown parent");
        std::vector<double>& values = parent_value_lists.emplace_back();
        for (const nlohmann::json& v : p.at("parent_values")) values.push_back(v.get<double>());
        param.n_parent_values = static_cast<int32_t>(values.size());
        param.parent_values = values.data();
      }
      abi_params.push_back(param);
    }
  } catch (const nlohmann::json::exception& e) {
    return fail(e.what());
  }
  std::vector<const ams_param*> pointers;
  for (const ams_param& p : abi_params) pointers.push_back(&p);
  ams_space space{};
  space.struct_size = sizeof space;
  space.n_params = static_cast<int32_t>(pointers.size());
  space.params = pointers.data();
  try {
    return SearchSpace::from_abi(space);
  } catch (const std::exception& e) {
    return fail(e.what());
  }
}

}  // namespace amcore
