#include "registry/registry.hpp"

#include <dlfcn.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <system_error>
#include <utility>

#include <boost/dll/shared_library.hpp>

#include "host/context.hpp"
#include "registry/descriptors.hpp"
#include "common/suggest.hpp"

namespace fs = std::filesystem;

namespace amcore {

const char* kind_name(int32_t kind) {
  switch (kind) {
    case AMS_KIND_STRATEGY: return "strategy";
    case AMS_KIND_MODEL: return "model";
    case AMS_KIND_METRIC: return "metric";
    case AMS_KIND_LOADER: return "loader";
    case AMS_KIND_OBJECTIVE: return "objective";
  }
  return "unknown";
}

namespace {

const char* kind_plural(int32_t kind) {
  switch (kind) {
    case AMS_KIND_STRATEGY: return "strategies";
    case AMS_KIND_MODEL: return "models";
    case AMS_KIND_METRIC: return "metrics";
    case AMS_KIND_LOADER: return "loaders";
    case AMS_KIND_OBJECTIVE: return "objectives";
  }
  return "components";
}

const char* status_name(ams_status s) {
  switch (s) {
    case AMS_ERROR: return "AMS_ERROR";
    case AMS_ERR_INVALID: return "AMS_ERR_INVALID";
    case AMS_ERR_UNSUPPORTED: return "AMS_ERR_UNSUPPORTED";
    case AMS_ERR_CANCELLED: return "AMS_ERR_CANCELLED";
    case AMS_ERR_NO_MEMORY: return "AMS_ERR_NO_MEMORY";
    case AMS_ERR_TYPE: return "AMS_ERR_TYPE";
    case AMS_ERR_IO: return "AMS_ERR_IO";
    case AMS_ERR_FORMAT: return "AMS_ERR_FORMAT";
    case AMS_EXHAUSTED: return "AMS_EXHAUSTED";
    case AMS_NOT_READY: return "AMS_NOT_READY";
    case AMS_STOP: return "AMS_STOP";
    case AMS_ABSENT: return "AMS_ABSENT";
  }
  return "unknown status";
}

// The reason dlopen gave, without the file name it repeats.
std::string load_failure_reason(const std::string& file, const boost::dll::fs::error_code& ec) {
  const char* text = ::dlerror();
  std::string reason = text ? text : ec.message();
  if (reason.rfind(file + ": ", 0) == 0) reason.erase(0, file.size() + 2);
  return reason;
}

// Identity of a file on disk, so two paths to one library (symlinks, hard links, "a/../a")
// load it once.
struct FileId {
  dev_t device = 0;
  ino_t inode = 0;
  bool operator==(const FileId&) const = default;
};

bool file_id(const std::string& path, FileId& out) {
  struct stat st {};
  if (::stat(path.c_str(), &st) != 0) return false;
  out = {st.st_dev, st.st_ino};
  return true;
}

// The highest ABI major this host could name in a message when a library only exports the
// entry of another major.
constexpr int kMaxForeignMajor = 9;

}  // namespace

struct Registry::Impl {
  struct Loaded {
    boost::dll::shared_library handle;
    std::unique_ptr<PluginLibrary> info;
    FileId id;
    bool initialized = false;  // init succeeded, so deinit is owed
  };

  std::vector<Loaded> loaded;  // load order
  // Libraries that were opened but refused. Kept open until the end: their code may have run
  // (constructors, init) and nothing is gained by unloading early.
  std::vector<boost::dll::shared_library> refused;
  std::map<std::pair<int32_t, std::string>, std::unique_ptr<Component>> index;
  std::vector<std::string> searched;  // for "nothing found" messages

  const PluginLibrary* find_loaded(const FileId& id) const {
    for (const auto& l : loaded)
      if (l.id == id) return l.info.get();
    return nullptr;
  }

  [[noreturn]] void refuse(Loaded& l, const std::string& message) {
    if (l.initialized && l.info->entry.deinit) l.info->entry.deinit();
    refused.push_back(std::move(l.handle));
    throw PluginError(message);
  }
};

Registry::Registry() : impl_(std::make_unique<Impl>()) {}

Registry::~Registry() {
  impl_->index.clear();
  // Reverse load order, like destructors: a later library may rely on an earlier one.
  for (auto it = impl_->loaded.rbegin(); it != impl_->loaded.rend(); ++it)
    if (it->initialized && it->info->entry.deinit) it->info->entry.deinit();
  while (!impl_->loaded.empty()) impl_->loaded.pop_back();
}

std::vector<std::string> Registry::default_search_path() {
  std::vector<std::string> out;
  if (const char* env = std::getenv("AMHOST_PLUGIN_PATH")) {
    std::string list = env;
    size_t start = 0;
    while (start <= list.size()) {
      size_t end = list.find(':', start);
      if (end == std::string::npos) end = list.size();
      if (end > start) out.push_back(list.substr(start, end - start));
      start = end + 1;
    }
  }
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec)
    out.push_back((exe.parent_path() / ".." / AMS_PLUGIN_RELATIVE_DIR).lexically_normal().string());
  return out;
}

void Registry::load_path(const std::vector<std::string>& folders_or_files) {
  for (const auto& item : folders_or_files) {
    if (item.empty()) continue;
    std::error_code ec;
    fs::file_status st = fs::status(item, ec);
    if (!fs::exists(st)) {
      impl_->searched.push_back(item + " (missing)");
      continue;
    }
    if (!fs::is_directory(st)) {
      impl_->searched.push_back(item);
      load_library(item);
      continue;
    }
    impl_->searched.push_back(item);
    std::vector<fs::path> files;
    for (const auto& e : fs::directory_iterator(item, ec)) {
      std::error_code file_ec;
      if (e.path().extension() == ".so" && e.is_regular_file(file_ec)) files.push_back(e.path());
    }
    if (ec) throw PluginError(item + ": cannot list the plugin folder (" + ec.message() + ")");
    std::sort(files.begin(), files.end());
    for (const auto& f : files) load_library(f.string());
  }
}

const PluginLibrary& Registry::load_library(const std::string& file) {
  std::error_code ec;
  const std::string path = fs::absolute(file, ec).lexically_normal().string();
  fs::file_status st = fs::status(path, ec);
  if (!fs::exists(st)) throw PluginError(file + ": no such plugin library");
  if (fs::is_directory(st))
    throw PluginError(file + ": is a folder, not a plugin library (give folders to the plugin path)");

  FileId id;
  if (file_id(path, id))
    if (const PluginLibrary* already = impl_->find_loaded(id)) return *already;

  Impl::Loaded l;
  boost::dll::fs::error_code load_ec;
  l.handle.load(boost::dll::fs::path(path),
                boost::dll::load_mode::rtld_now | boost::dll::load_mode::rtld_local, load_ec);
  if (load_ec || !l.handle.is_loaded())
    throw PluginError(path + ": not a loadable shared library (" +
                      load_failure_reason(path, load_ec) + ")");
  l.id = id;
  l.info = std::make_unique<PluginLibrary>();
  l.info->path = path;

  if (!l.handle.has(AMS_ENTRY_SYMBOL)) {
    for (int major = kMaxForeignMajor; major >= 0; --major) {
      std::string symbol = "ams_plugin_entry_v" + std::to_string(major);
      if (major != AMS_ABI_MAJOR && l.handle.has(symbol))
        impl_->refuse(l, path + ": built for ABI " + std::to_string(major) +
                             ".x (it exports " + symbol + "), this amhost supports ABI " +
                             std::to_string(AMS_ABI_MAJOR) + ".x (" +
                             std::to_string(AMS_ABI_MAJOR) + "." + std::to_string(AMS_ABI_MINOR) +
                             "); rebuild the plugin against amsdk " +
                             std::to_string(AMS_ABI_MAJOR) + ".x");
    }
    impl_->refuse(l, path + ": does not export " AMS_ENTRY_SYMBOL
                            "; is it an amsearch plugin built against the SDK?");
  }
  auto& entry_fn = l.handle.get<const ams_plugin_entry*()>(AMS_ENTRY_SYMBOL);
  const ams_plugin_entry* raw = entry_fn();
  if (!raw)
    impl_->refuse(l, path + ": " AMS_ENTRY_SYMBOL "() returned NULL; the plugin did not "
                            "describe itself");

  PluginLibrary& info = *l.info;
  try {
    info.entry = descriptors::read_entry(raw, path);
  } catch (const PluginError& e) {
    impl_->refuse(l, e.what());
  }
  info.abi_major = info.entry.abi_major;
  info.abi_minor = info.entry.abi_minor;
  info.id = info.entry.id ? info.entry.id : fs::path(path).stem().string();
  info.version = info.entry.version ? info.entry.version : "";
  info.vendor = info.entry.vendor ? info.entry.vendor : "";

  if (info.entry.init) {
    ams_status s = info.entry.init(host_api(), path.c_str());
    if (s != AMS_OK)
      impl_->refuse(l, path + ": the plugin refused to load: its init returned " +
                           std::to_string(s) + " (" + status_name(s) +
                           "); the plugin's own log lines, if any, say why");
  }
  l.initialized = true;

  // Components are readable only after init (ams.h), and are all checked before any is
  // registered, so a refused library leaves the registry as it was.
  std::vector<Component> components;
  try {
    components = descriptors::read_components(info.entry, path);
  } catch (const PluginError& e) {
    impl_->refuse(l, e.what());
  }
  for (const auto& c : components) {
    auto it = impl_->index.find({c.kind, c.name});
    if (it != impl_->index.end())
      impl_->refuse(l, std::string("the ") + kind_name(c.kind) + " '" + c.name +
                           "' is defined twice: by " + it->second->library->path + " and by " +
                           path + "; remove one of the two libraries from the plugin path");
  }
  for (auto& c : components) {
    c.library = l.info.get();
    auto key = std::make_pair(c.kind, c.name);
    impl_->index.emplace(std::move(key), std::make_unique<Component>(std::move(c)));
  }
  impl_->loaded.push_back(std::move(l));
  return *impl_->loaded.back().info;
}

const Component* Registry::find(int32_t kind, const std::string& name) const {
  auto it = impl_->index.find({kind, name});
  return it == impl_->index.end() ? nullptr : it->second.get();
}

const Component& Registry::get(int32_t kind, const std::string& name) const {
  if (const Component* c = find(kind, name)) return *c;

  std::vector<std::string> names;
  for (const auto& [key, c] : impl_->index)
    if (key.first == kind) names.push_back(key.second);
  std::string message = std::string("no ") + kind_name(kind) + " named '" + name + "'";
  for (const auto& [key, c] : impl_->index)
    if (key.second == name) {
      message += " ('" + name + "' is a " + kind_name(key.first) + ")";
      break;
    }
  if (names.empty()) {
    message += std::string("; no ") + kind_plural(kind) + " are loaded";
    std::string where;
    for (const auto& s : impl_->searched) where += (where.empty() ? "" : ", ") + s;
    message += where.empty() ? " (no plugin folder was searched)" : " (searched: " + where + ")";
    message += "; set AMHOST_PLUGIN_PATH or pass --plugin-path";
    throw PluginError(message);
  }
  if (auto nearest = nearest_name(name, names))
    message += "; did you mean '" + *nearest + "'?";
  else
    message += ".";
  std::string list;
  for (const auto& n : names) list += (list.empty() ? "" : ", ") + n;
  throw PluginError(message + " Available " + kind_plural(kind) + ": " + list);
}

std::vector<const Component*> Registry::components() const {
  std::vector<const Component*> out;
  for (const auto& [key, c] : impl_->index) out.push_back(c.get());
  return out;  // the index is ordered by kind, then name
}

std::vector<const PluginLibrary*> Registry::libraries() const {
  std::vector<const PluginLibrary*> out;
  for (const auto& l : impl_->loaded) out.push_back(l.info.get());
  return out;
}

}  // namespace amcore
