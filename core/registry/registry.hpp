// Finds plugin libraries, loads them with Boost.DLL (RTLD_NOW | RTLD_LOCAL), negotiates the ABI,
// and indexes their components by kind and name. Libraries are never unloaded before the
// registry is destroyed, and the registry outlives every object made from its components.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include <ams/ams.h>

#include "common/errors.hpp"

namespace amcore {

// One loaded library.
struct PluginLibrary {
  std::string path;  // the file it was loaded from
  std::string id, version, vendor;
  uint32_t abi_major = 0, abi_minor = 0;
  ams_plugin_entry entry{};  // copied with the struct_size rule (zero-filled tail)
};

// One component, with its descriptor and vtable copied by the struct_size rule, so a field an
// older plugin did not have reads as 0/NULL.
struct Component {
  int32_t kind = 0;
  std::string name, version, summary;
  const PluginLibrary* library = nullptr;
  ams_component descriptor{};
  // Exactly one of these is filled, by kind.
  ams_strategy_vtable strategy{};
  ams_model_vtable model{};
  ams_metric_vtable metric{};
  ams_loader_vtable loader{};
  ams_objective_vtable objective{};
};

const char* kind_name(int32_t kind);  // "strategy", "model", ...

class Registry {
 public:
  Registry();
  ~Registry();
  Registry(const Registry&) = delete;
  Registry& operator=(const Registry&) = delete;

  // The default search path after the explicit ones: $AMHOST_PLUGIN_PATH (':'-separated), then
  // <folder of the amhost binary>/../lib/amhost/plugins (install and build tree alike).
  static std::vector<std::string> default_search_path();

  // Loads every plugin library (*.so) in each folder, in order. A file path loads that file.
  // A missing folder is skipped. Throws PluginError naming the file for a library that is
  // broken: not a shared library, no entry symbol, ABI major mismatch (both versions named),
  // an entry that returns NULL or an inconsistent descriptor, a component name that another
  // library already registered for the same kind (both files named).
  void load_path(const std::vector<std::string>& folders_or_files);
  // Loads one library file. Same errors.
  const PluginLibrary& load_library(const std::string& file);

  // A component by kind and name; throws PluginError listing the available names (and the
  // nearest one) when there is none.
  const Component& get(int32_t kind, const std::string& name) const;
  const Component* find(int32_t kind, const std::string& name) const;
  std::vector<const Component*> components() const;  // sorted by kind, then name
  std::vector<const PluginLibrary*> libraries() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace amcore
