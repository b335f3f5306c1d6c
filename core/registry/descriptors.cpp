#include "registry/descriptors.hpp"

#include <cctype>
#include <map>
#include <utility>

namespace amcore::descriptors {

namespace {

// Bytes up to the end of a field: the least struct_size a writer of ABI 1.0 could have given
// while still providing that field.
#define AMCORE_END_OF(T, field) (offsetof(T, field) + sizeof(T::field))

// A count no real plugin reaches; past it the entry is garbage, not a big plugin.
constexpr uint32_t kMaxComponents = 100000;

std::string abi_text(uint32_t major, uint32_t minor) {
  return std::to_string(major) + "." + std::to_string(minor);
}

std::string quoted_or_unnamed(const char* name) {
  if (!name) return "(no name)";
  std::string out(1, '\'');  // built by appending: GCC 12 warns falsely on "'" + string
  out.append(name).push_back('\'');
  return out;
}

template <class T>
T read_vtable(const void* raw, size_t required_end, const char* type_name, std::string& problem) {
  uint32_t size = 0;
  std::memcpy(&size, raw, sizeof size);
  if (size < required_end) {
    problem = std::string("its ") + type_name + " has struct_size " + std::to_string(size) +
              ", too small to hold the required functions (at least " +
              std::to_string(required_end) + " bytes; set struct_size = sizeof(" + type_name +
              "))";
    return T{};
  }
  return copy_sized<T>(raw);
}

std::string missing(const char* type_name, std::initializer_list<std::pair<const char*, bool>> fns) {
  std::string names;
  for (const auto& [name, present] : fns)
    if (!present) names += (names.empty() ? "" : ", ") + std::string(name);
  if (names.empty()) return {};
  return std::string("its ") + type_name + " lacks the required function" +
         (names.find(',') == std::string::npos ? " " : "s ") + names;
}

std::string check_direction(int32_t direction, const char* type_name) {
  if (direction == AMS_MAXIMIZE || direction == AMS_MINIMIZE) return {};
  return std::string("its ") + type_name + " has direction " + std::to_string(direction) +
         " (expected AMS_MAXIMIZE = 1 or AMS_MINIMIZE = 2)";
}

// Copies the kind's vtable into c. Returns a problem description, empty when fine.
std::string read_kind_vtable(Component& c) {
  const void* raw = c.descriptor.vtable;
  std::string problem;
  switch (c.kind) {
    case AMS_KIND_STRATEGY:
      c.strategy = read_vtable<ams_strategy_vtable>(
          raw, AMCORE_END_OF(ams_strategy_vtable, tell), "ams_strategy_vtable", problem);
      if (!problem.empty()) return problem;
      return missing("ams_strategy_vtable", {{"start", c.strategy.start != nullptr},
                                             {"ask", c.strategy.ask != nullptr},
                                             {"tell", c.strategy.tell != nullptr}});
    case AMS_KIND_MODEL:
      c.model = read_vtable<ams_model_vtable>(raw, AMCORE_END_OF(ams_model_vtable, predict),
                                              "ams_model_vtable", problem);
      if (!problem.empty()) return problem;
      return missing("ams_model_vtable",
                     {{"fit", c.model.fit != nullptr}, {"predict", c.model.predict != nullptr}});
    case AMS_KIND_METRIC:
      c.metric = read_vtable<ams_metric_vtable>(raw, AMCORE_END_OF(ams_metric_vtable, score),
                                                "ams_metric_vtable", problem);
      if (!problem.empty()) return problem;
      problem = missing("ams_metric_vtable", {{"score", c.metric.score != nullptr}});
      return problem.empty() ? check_direction(c.metric.direction, "ams_metric_vtable") : problem;
    case AMS_KIND_LOADER:
      c.loader = read_vtable<ams_loader_vtable>(raw, AMCORE_END_OF(ams_loader_vtable, load),
                                                "ams_loader_vtable", problem);
      if (!problem.empty()) return problem;
      return missing("ams_loader_vtable", {{"load", c.loader.load != nullptr}});
    case AMS_KIND_OBJECTIVE:
      c.objective = read_vtable<ams_objective_vtable>(
          raw, AMCORE_END_OF(ams_objective_vtable, evaluate), "ams_objective_vtable", problem);
      if (!problem.empty()) return problem;
      problem = missing("ams_objective_vtable", {{"evaluate", c.objective.evaluate != nullptr}});
      return problem.empty() ? check_direction(c.objective.direction, "ams_objective_vtable")
                             : problem;
  }
  return "unknown kind";  // not reached: the kind was checked before
}

bool known_kind(int32_t kind) { return kind >= AMS_KIND_STRATEGY && kind <= AMS_KIND_OBJECTIVE; }

}  // namespace

bool valid_component_name(const char* name) {
  if (!name || !*name) return false;
  for (const char* p = name; *p; ++p) {
    unsigned char ch = static_cast<unsigned char>(*p);
    if (!(std::isalnum(ch) || ch == '_' || ch == '-' || ch == '.')) return false;
  }
  return true;
}

ams_plugin_entry read_entry(const ams_plugin_entry* raw, const std::string& file) {
  // Only struct_size and the ABI version are read before the version is known to match:
  // a plugin of another major may lay out the rest differently.
  constexpr size_t version_end = AMCORE_END_OF(ams_plugin_entry, abi_minor);
  constexpr size_t required_end = AMCORE_END_OF(ams_plugin_entry, components);
  uint32_t size = raw->struct_size;
  if (size == 0)
    throw PluginError(file + ": its ams_plugin_entry has struct_size 0; the plugin must set "
                             "struct_size = sizeof(ams_plugin_entry)");
  if (size < version_end)
    throw PluginError(file + ": its ams_plugin_entry has struct_size " + std::to_string(size) +
                      ", too small to be an amsearch plugin entry; the plugin must set "
                      "struct_size = sizeof(ams_plugin_entry)");
  if (raw->abi_major != AMS_ABI_MAJOR)
    throw PluginError(file + ": built for ABI " + std::to_string(raw->abi_major) +
                      ".x, this amhost supports ABI " + std::to_string(AMS_ABI_MAJOR) + ".x (" +
                      abi_text(AMS_ABI_MAJOR, AMS_ABI_MINOR) + "); rebuild the plugin against amsdk " +
                      std::to_string(AMS_ABI_MAJOR) + ".x");
  if (size < required_end)
    throw PluginError(file + ": its ams_plugin_entry has struct_size " + std::to_string(size) +
                      ", smaller than any ABI " + std::to_string(AMS_ABI_MAJOR) +
                      ".x entry (at least " + std::to_string(required_end) +
                      " bytes); the plugin must set struct_size = sizeof(ams_plugin_entry)");
  return copy_sized<ams_plugin_entry>(raw);
}

std::vector<Component> read_components(const ams_plugin_entry& entry, const std::string& file) {
  if (entry.n_components == 0)
    throw PluginError(file + ": the plugin declares no components (n_components is 0)");
  if (entry.n_components > kMaxComponents)
    throw PluginError(file + ": the plugin declares " + std::to_string(entry.n_components) +
                      " components; its ams_plugin_entry is probably not filled in correctly");
  if (!entry.components)
    throw PluginError(file + ": the plugin declares " + std::to_string(entry.n_components) +
                      " components but its components array is NULL");

  constexpr size_t required_end = AMCORE_END_OF(ams_component, vtable);
  std::vector<Component> out;
  std::map<std::pair<int32_t, std::string>, uint32_t> seen;  // kind+name -> index
  for (uint32_t i = 0; i < entry.n_components; ++i) {
    const ams_component* raw = entry.components[i];
    std::string where = file + ": component #" + std::to_string(i);
    if (!raw) throw PluginError(where + " is NULL");
    if (raw->struct_size < required_end)
      throw PluginError(where + " has struct_size " + std::to_string(raw->struct_size) +
                        ", too small for an ams_component (at least " +
                        std::to_string(required_end) +
                        " bytes); set struct_size = sizeof(ams_component)");
    Component c;
    c.descriptor = copy_sized<ams_component>(raw);
    const ams_component& d = c.descriptor;
    where += " (" + quoted_or_unnamed(d.name);
    if (!d.name) throw PluginError(where + ") has a NULL name");
    if (!valid_component_name(d.name))
      throw PluginError(where + ") has an invalid name; use letters, digits, '_', '-' and '.'");
    if (!known_kind(d.kind)) {
      // A newer minor may add kinds; its other components still work here.
      if (entry.abi_minor > AMS_ABI_MINOR) continue;
      throw PluginError(where + ") has unknown kind " + std::to_string(d.kind) +
                        "; expected AMS_KIND_STRATEGY (1), AMS_KIND_MODEL (2), AMS_KIND_METRIC "
                        "(3), AMS_KIND_LOADER (4) or AMS_KIND_OBJECTIVE (5)");
    }
    where += std::string(", ") + kind_name(d.kind) + ")";
    if (!d.create) throw PluginError(where + " has a NULL create function");
    if (!d.destroy) throw PluginError(where + " has a NULL destroy function");
    if (!d.vtable) throw PluginError(where + " has a NULL vtable");

    c.kind = d.kind;
    c.name = d.name;
    c.version = d.version ? d.version : "";
    c.summary = d.summary ? d.summary : "";
    if (std::string problem = read_kind_vtable(c); !problem.empty())
      throw PluginError(where + ": " + problem);

    auto [it, fresh] = seen.emplace(std::make_pair(c.kind, c.name), i);
    if (!fresh)
      throw PluginError(file + ": components #" + std::to_string(it->second) + " and #" +
                        std::to_string(i) + " are both the " + kind_name(c.kind) + " '" +
                        c.name + "'; names must be unique within a kind");
    out.push_back(std::move(c));
  }
  return out;
}

}  // namespace amcore::descriptors
