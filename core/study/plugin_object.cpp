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

void reject_unread_options(const Context& context, std::initializer_list<const char*> ignored) {
  std::vector<std::string> unread = context.unread_options();
  unread.erase(std::remove_if(unread.begin(), unread.end(),
                              [&](const std::string& key) {
                                return std::any_of(ignored.begin(), ignored.end(),
                                                   [&](const char* k) { return key == k; });
                              }),
               unread.end());
  if (unread.empty()) return;
  const std::string& key = unread.front();
  std::string message = context.label + " has no option '" + key + "'";
  std::vector<std::string> known = context.read_options();
  auto nearest = std::min_element(known.begin(), known.end(), [&](const auto& a, const auto& b) {
    return edit_distance(a, key) < edit_distance(b, key);
  });
  if (nearest != known.end() && edit_distance(*nearest, key) <= std::max<size_t>(2, key.size() / 3))
    message += " (did you mean '" + *nearest + "'?)";
  else if (!known.empty())
    message += " (it reads: " +
               std::accumulate(std::next(known.begin()), known.end(), known.front(),
                               [](std::string a, const std::string& b) { return a + ", " + b; }) +
               ")";
  throw InputError(option_location(context, key), message);
}

size_t edit_distance(const std::string& a, const std::string& b) {
  std::vector<size_t> row(b.size() + 1);
  std::iota(row.begin(), row.end(), size_t{0});
  for (size_t i = 1; i <= a.size(); ++i) {
    size_t diagonal = row[0];
    row[0] = i;
    for (size_t j = 1; j <= b.size(); ++j) {
      size_t above = row[j];
      row[j] = std::min({row[j] + 1, row[j - 1] + 1, diagonal + (a[i - 1] == b[j - 1] ? 0 : 1)});
      diagonal = above;
    }
  }
  return row[b.size()];
}

}  // namespace amcore
