#include "study/plugin_object.hpp"

#include <algorithm>
#include <numeric>
#include <vector>

namespace amcore {

std::unique_ptr<Context> make_context(const PipelineConfig& config, toml::table options,
                                      std::string label, uint64_t seed,
                                      const toml::table* origin) {
  auto ctx = std::make_unique<Context>();
  if (origin) {
    std::string file = config.file;
    ctx->locate = [origin, file](const std::string& path) {
      SourceLocation where = source_of(*origin, path, file);
      if (where.file.empty()) where.file = file;
      return where;
    };
  }
  ctx->options = std::move(options);
  ctx->file = config.file;
  ctx->base_dir = config.base_dir;
  ctx->label = std::move(label);
  ctx->seed = seed;
  return ctx;
}

SourceLocation source_of(const toml::table& table, const std::string& path,
                         const std::string& file) {
  const toml::node* node = find_option(table, path);
  if (!node || node->source().begin.line == 0) return {};
  return location_of(*node, file);
}

namespace {

std::string joined_option_errors(const Context& ctx) {
  std::string text;
  for (const std::string& e : ctx.option_errors()) {
    if (!text.empty()) text += '\n';
    text += e;
  }
  return text;
}

}  // namespace

PluginObject::PluginObject(const Component& component, std::unique_ptr<Context> context)
    : component_(&component), context_(std::move(context)) {
  if (!component.descriptor.create)
    throw PluginError(context_->label + ": the component has no create function");
  self_ = component.descriptor.create(context_.get());
  if (self_) return;
  if (!context_->option_errors().empty()) throw InputError(joined_option_errors(*context_));
  std::string message = context_->take_error();
  if (message.empty()) message = "no reason given";
  throw PluginCallError(context_->label + ": could not be created: " + message, AMS_ERROR);
}

PluginObject::~PluginObject() {
  if (self_ && component_->descriptor.destroy) component_->descriptor.destroy(self_);
}

void PluginObject::check(ams_status status, const char* what) const {
  if (status >= 0) return;
  if (!context_->option_errors().empty()) throw InputError(joined_option_errors(*context_));
  std::string message = context_->take_error();
  if (message.empty()) message = "status " + std::to_string(status) + ", no message";
  throw PluginCallError(context_->label + ": " + what + " failed: " + message, status);
}


}  // namespace amcore
