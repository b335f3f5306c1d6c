// Reading what a plugin library describes: its entry, components and vtables, copied by the
// struct_size growth rule and checked, so the rest of the host only ever sees complete, sane
// descriptors. Kept apart from the loading so the checks can be tested on plain structs.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string>
#include <vector>

#include <ams/ams.h>

#include "registry/registry.hpp"

namespace amcore::descriptors {

// The growth rule of ams.h: a zeroed T, then min(struct_size, sizeof(T)) bytes of the source.
// Fields an older writer did not have read as 0/NULL; a newer writer's tail is ignored.
template <class T>
T copy_sized(const void* source) {
  T out{};
  uint32_t size = 0;
  std::memcpy(&size, source, sizeof size);
  std::memcpy(static_cast<void*>(&out), source, size < sizeof(T) ? size : sizeof(T));
  out.struct_size = size;  // keep what the writer declared, for diagnostics
  return out;
}

// Checks and copies the entry a library returned. `file` names the library in messages.
// Throws PluginError for a struct too small to be an entry and for an ABI major mismatch.
ams_plugin_entry read_entry(const ams_plugin_entry* raw, const std::string& file);

// Checks the entry's component list and copies every component with its vtable.
// Components of a kind this host does not know are skipped when the plugin was built for a
// newer minor ABI (a kind that minor added) and refused otherwise. Also refuses two
// components of one kind with the same name.
std::vector<Component> read_components(const ams_plugin_entry& entry, const std::string& file);

// Whether a component name is acceptable: non-empty, letters, digits, '_', '-', '.'.
bool valid_component_name(const char* name);

}  // namespace amcore::descriptors
