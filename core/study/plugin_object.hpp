// Owning handles to plugin objects. Each pairs an object with its own context and destroys it
// through the component that made it; plugin failures become C++ exceptions here so the study
// code reads as ordinary code.
#pragma once

#include <memory>
#include <string>

#include <ams/ams.h>
#include <toml++/toml.h>

#include "config/pipeline.hpp"
#include "host/context.hpp"
#include "registry/registry.hpp"

namespace amcore {

// A plugin call failed at run time (not bad input, not a broken library). Exit status 1, or a
// failed trial when it happens inside one.
class PluginCallError : public std::runtime_error {
 public:
  PluginCallError(const std::string& message, ams_status status)
      : std::runtime_error(message), status_(status) {}
  ams_status status() const { return status_; }

 private:
  ams_status status_;
};

// A context for one object: options, the pipeline file for located messages, a label for logs.
// TOML++ does not copy source regions with a node, so a context's own copy of its options
// cannot say where they came from: `origin`, the table in the parsed pipeline, is asked instead.
std::unique_ptr<Context> make_context(const PipelineConfig& config, toml::table options,
                                      std::string label, uint64_t seed,
                                      const toml::table* origin = nullptr);

// Where `path` is in `table` (a table of the parsed pipeline); empty when it has no source.
SourceLocation source_of(const toml::table& table, const std::string& path,
                         const std::string& file);

class PluginObject {
 public:
  // Calls the component's create(). Option errors the plugin reported become one InputError
  // (every located message, one per line); any other refusal becomes a PluginCallError.
  PluginObject(const Component& component, std::unique_ptr<Context> context);
  ~PluginObject();
  PluginObject(const PluginObject&) = delete;
  PluginObject& operator=(const PluginObject&) = delete;

  void* self() const { return self_; }
  Context& context() const { return *context_; }
  const Component& component() const { return *component_; }
  const std::string& label() const { return context_->label; }

  // Throws for a negative status: InputError when the plugin reported option errors during
  // the call, else PluginCallError "<label>: <what> failed: <message>".
  void check(ams_status status, const char* what) const;

  // See amcore::reject_unread_options (host/context.hpp).
  void reject_unread_options(std::initializer_list<const char*> ignored = {}) const {
    amcore::reject_unread_options(*context_, ignored);
  }

 private:
  const Component* component_;
  std::unique_ptr<Context> context_;
  void* self_ = nullptr;
};

}  // namespace amcore
