// [model], [[candidates]] and [objective]: what is searched.
#include <algorithm>

#include "config/params.hpp"
#include "config/sections.hpp"
#include "config/toml_util.hpp"

namespace amcore {
namespace {

std::vector<ParamDef> read_optional_space(const Section& owner) {
  if (!owner.has("space")) return {};
  const std::string path = owner.key_path("space");
  const std::string title = owner.title().front() == '[' ? "[" + path + "]" : path;
  return read_space(owner.sub("space", title));
}

}  // namespace

CandidateConfig read_candidate(const Section& model, toml::table& table) {
  model.allow_only({"plugin", "fixed", "space"},
                   "options of the model go in fixed = { ... }, searched ones in [" +
                       model.key_path("space") + "]");
  CandidateConfig config;
  config.where = model.where();
  config.plugin = model.required_string("plugin", "the model plugin, e.g. \"ridge\"");
  const toml::table* fixed = model.subtable("fixed");
  config.space = read_optional_space(model);
  if (fixed) {
    for (const ParamDef& param : config.space) {
      if (fixed->contains(param.name))
        throw InputError(param.where, model.key_path("space") + "." + param.name + ": '" +
                                          param.name + "' is also set in " +
                                          model.key_path("fixed") +
                                          "; an option is either fixed or searched");
    }
  }
  config.fixed = take_table(table, "fixed");
  return config;
}

ObjectiveConfig read_objective(const Section& objective, toml::table& table) {
  ObjectiveConfig config;
  config.where = objective.where();
  config.plugin = objective.required_string("plugin", "the objective plugin, e.g. \"branin\"");
  config.space = read_optional_space(objective);
  if (const toml::table* space = objective.subtable("space"); space && space->empty())
    objective.fail("space", "is empty; remove it to search the objective's default space");
  table.erase("plugin");
  table.erase("space");
  config.options = std::move(table);
  return config;
}

}  // namespace amcore
