#include "cli/plugin_listing.hpp"

#include <algorithm>
#include <sstream>

#include "output/json.hpp"

namespace amcore {

namespace {

std::string abi_of(const PluginLibrary& library) {
  return std::to_string(library.abi_major) + "." + std::to_string(library.abi_minor);
}

std::string padded(const std::string& text, size_t width) {
  return text.size() >= width ? text + " " : text + std::string(width - text.size(), ' ');
}

}  // namespace

std::string plugins_table(const Registry& registry, const std::vector<std::string>& search_path) {
  std::ostringstream text;
  const auto components = registry.components();
  size_t name_width = 4, version_width = 7;
  for (const Component* c : components) {
    name_width = std::max(name_width, c->name.size());
    version_width = std::max(version_width, c->version.size());
  }
  text << padded("KIND", 10) << padded("NAME", name_width + 1) << padded("VERSION", version_width + 1)
       << "SUMMARY\n";
  for (const Component* c : components)
    text << padded(kind_name(c->kind), 10) << padded(c->name, name_width + 1)
         << padded(c->version, version_width + 1) << c->summary << '\n';
  text << "\nLIBRARIES\n";
  for (const PluginLibrary* lib : registry.libraries()) {
    text << "  " << lib->path << "\n    " << lib->id << ' ' << lib->version << ", "
         << lib->vendor << ", ABI " << abi_of(*lib) << ":";
    for (const Component* c : components)
      if (c->library == lib) text << ' ' << kind_name(c->kind) << '/' << c->name;
    text << '\n';
  }
  if (components.empty()) {
    text << "\nno plugins found in:";
    for (const std::string& p : search_path) text << ' ' << p;
    text << "\n(add folders with --plugin-path or AMHOST_PLUGIN_PATH)\n";
  }
  return text.str();
}

std::string plugins_json(const Registry& registry, const std::vector<std::string>& search_path) {
  std::ostringstream text;
  text << "{\n  \"host_abi\": " << json_string(std::to_string(AMS_ABI_MAJOR) + "." +
                                                std::to_string(AMS_ABI_MINOR))
       << ",\n  \"search_path\": [";
  for (size_t i = 0; i < search_path.size(); ++i)
    text << (i ? ", " : "") << json_string(search_path[i]);
  text << "],\n  \"components\": [";
  const auto components = registry.components();
  for (size_t i = 0; i < components.size(); ++i) {
    const Component& c = *components[i];
    const PluginLibrary& lib = *c.library;
    text << (i ? "," : "") << "\n    {\"kind\": " << json_string(kind_name(c.kind))
         << ", \"name\": " << json_string(c.name) << ", \"version\": " << json_string(c.version)
         << ", \"summary\": " << json_string(c.summary)
         << ",\n     \"library\": {\"file\": " << json_string(lib.path)
         << ", \"id\": " << json_string(lib.id) << ", \"version\": " << json_string(lib.version)
         << ", \"vendor\": " << json_string(lib.vendor) << ", \"abi\": " << json_string(abi_of(lib))
         << "}}";
  }
  text << "\n  ]\n}\n";
  return text.str();
}

}  // namespace amcore
