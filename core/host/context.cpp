// The ams_host_api table: what every plugin may ask of amhost.
#include "host/context.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <map>

#include "common/suggest.hpp"

namespace fs = std::filesystem;

std::string ams_context::take_error() {
  std::lock_guard lock(mutex_);
  std::string e = std::move(error_);
  error_.clear();
  return e;
}

std::vector<std::string> ams_context::option_errors() const {
  std::lock_guard lock(mutex_);
  return option_errors_;
}

void ams_context::set_error(const std::string& message) {
  std::lock_guard lock(mutex_);
  error_ = message;
}

void ams_context::add_option_error(const std::string& located_message) {
  std::lock_guard lock(mutex_);
  option_errors_.push_back(located_message);
  error_ = located_message;
}

const char* ams_context::keep(std::string s) {
  std::lock_guard lock(mutex_);
  strings_.push_back(std::move(s));
  return strings_.back().c_str();
}

void ams_context::note_read(const char* path) {
  std::string key(path);
  key = key.substr(0, key.find_first_of(".["));
  std::lock_guard lock(mutex_);
  if (std::find(read_keys_.begin(), read_keys_.end(), key) == read_keys_.end())
    read_keys_.push_back(key);
}

std::vector<std::string> ams_context::read_options() const {
  std::lock_guard lock(mutex_);
  return read_keys_;
}

std::vector<std::string> ams_context::unread_options() const {
  std::lock_guard lock(mutex_);
  std::vector<std::string> unread;
  for (const auto& [key, node] : options) {
    (void)node;
    std::string k(key.str());
    if (std::find(read_keys_.begin(), read_keys_.end(), k) == read_keys_.end())
      unread.push_back(k);
  }
  return unread;
}

namespace amcore {

const toml::node* find_option(const toml::table& options, const std::string& path) {
  if (path.empty()) return nullptr;
  // A plain key may contain characters at_path would treat as separators only when quoted in
  // TOML; look it up directly first.
  if (const toml::node* direct = options.get(path)) return direct;
  return toml::at_path(options, path).node();
}

SourceLocation option_location(const ams_context& ctx, const std::string& path) {
  if (const toml::node* node = find_option(ctx.options, path)) {
    const auto& src = node->source();
    if (src.begin.line > 0) {
      SourceLocation where;
      where.file = src.path ? std::string(*src.path) : ctx.file;
      where.line = static_cast<int>(src.begin.line);
      where.column = static_cast<int>(src.begin.column);
      return where;
    }
  }
  if (ctx.locate) {
    SourceLocation where = ctx.locate(path);
    if (!where.file.empty()) return where;
  }
  SourceLocation where;
  where.file = ctx.file;
  return where;
}

void remember_option_locations(ams_context& ctx, const toml::table& written,
                               const SourceLocation& fallback) {
  std::map<std::string, SourceLocation> written_at;
  for (const auto& [key, node] : written) {
    const auto& src = node.source();
    if (src.begin.line == 0) continue;
    SourceLocation where;
    where.file = src.path ? std::string(*src.path) : ctx.file;
    where.line = static_cast<int>(src.begin.line);
    where.column = static_cast<int>(src.begin.column);
    written_at[std::string(key.str())] = where;
  }
  ctx.locate = [written_at = std::move(written_at), fallback](const std::string& path) {
    auto it = written_at.find(path.substr(0, path.find_first_of(".[")));
    return it != written_at.end() ? it->second : fallback;
  };
}

void reject_unread_options(const ams_context& context,
                           std::initializer_list<const char*> ignored) {
  std::vector<std::string> unread = context.unread_options();
  std::erase_if(unread, [&](const std::string& key) {
    return std::any_of(ignored.begin(), ignored.end(), [&](const char* k) { return key == k; });
  });
  if (unread.empty()) return;
  const std::string& key = unread.front();
  std::string message = context.label + " has no option '" + key + "'";
  const std::vector<std::string> known = context.read_options();
  if (auto nearest = nearest_name(key, known)) {
    message += " (did you mean '" + *nearest + "'?)";
  } else if (!known.empty()) {
    std::string list;
    for (const auto& k : known) list += (list.empty() ? "" : ", ") + k;
    message += " (it reads: " + list + ")";
  }
  throw InputError(option_location(context, key), message);
}

namespace {

ams_context* mut(const ams_context* ctx) { return const_cast<ams_context*>(ctx); }

const toml::node* lookup(const ams_context* ctx, const char* path) {
  if (!ctx || !path) return nullptr;
  mut(ctx)->note_read(path);
  return find_option(ctx->options, path);
}

ams_status get_int(const ams_context* ctx, const char* path, int64_t* out) {
  const toml::node* node = lookup(ctx, path);
  if (!node) return AMS_ABSENT;
  if (auto v = node->as_integer()) {
    *out = v->get();
    return AMS_OK;
  }
  if (auto v = node->as_floating_point()) {
    double d = v->get();
    if (std::isfinite(d) && d == std::floor(d) && std::fabs(d) < 9.0e15) {
      *out = static_cast<int64_t>(d);
      return AMS_OK;
    }
  }
  return AMS_ERR_TYPE;
}

ams_status get_double(const ams_context* ctx, const char* path, double* out) {
  const toml::node* node = lookup(ctx, path);
  if (!node) return AMS_ABSENT;
  if (auto v = node->as_floating_point()) {
    *out = v->get();
    return AMS_OK;
  }
  if (auto v = node->as_integer()) {
    *out = static_cast<double>(v->get());
    return AMS_OK;
  }
  return AMS_ERR_TYPE;
}

ams_status get_bool(const ams_context* ctx, const char* path, int32_t* out) {
  const toml::node* node = lookup(ctx, path);
  if (!node) return AMS_ABSENT;
  if (auto v = node->as_boolean()) {
    *out = v->get() ? 1 : 0;
    return AMS_OK;
  }
  return AMS_ERR_TYPE;
}

ams_status get_string(const ams_context* ctx, const char* path, const char** out) {
  const toml::node* node = lookup(ctx, path);
  if (!node) return AMS_ABSENT;
  if (auto v = node->as_string()) {
    *out = v->get().c_str();  // lives in ctx->options, as long as ctx
    return AMS_OK;
  }
  return AMS_ERR_TYPE;
}

ams_status get_array_size(const ams_context* ctx, const char* path, int64_t* out) {
  const toml::node* node = lookup(ctx, path);
  if (!node) return AMS_ABSENT;
  if (auto v = node->as_array()) {
    *out = static_cast<int64_t>(v->size());
    return AMS_OK;
  }
  return AMS_ERR_TYPE;
}

ams_status get_path(const ams_context* ctx, const char* path, const char** out) {
  const char* raw = nullptr;
  ams_status s = get_string(ctx, path, &raw);
  if (s != AMS_OK) return s;
  fs::path p(raw);
  if (p.is_relative() && !ctx->base_dir.empty()) p = fs::path(ctx->base_dir) / p;
  *out = mut(ctx)->keep(p.lexically_normal().string());
  return AMS_OK;
}

ams_status option_error(ams_context* ctx, const char* path, const char* message) {
  if (!ctx) return AMS_ERR_INVALID;
  std::string p = path ? path : "";
  std::string text = option_location(*ctx, p).str() + ": ";
  if (!ctx->label.empty()) text += ctx->label + ": ";
  if (!p.empty()) text += "option '" + p + "' ";
  text += message ? message : "is invalid";
  ctx->add_option_error(text);
  return AMS_ERR_INVALID;
}

void set_error(ams_context* ctx, const char* message) {
  if (ctx) ctx->set_error(message ? message : "unknown error");
}

void log(const ams_context* ctx, int32_t level, const char* message) {
  if (!message) return;
  if (ctx && ctx->on_log) {
    ctx->on_log(level, message);
    return;
  }
  static const char* names[] = {"debug", "info", "warning", "error"};
  const char* name = (level >= 0 && level <= 3) ? names[level] : "log";
  std::string line = std::string(name) + ": ";
  if (ctx && !ctx->label.empty()) line += ctx->label + ": ";
  line += message;
  line += '\n';
  std::fputs(line.c_str(), stderr);  // one call, so parallel trials do not interleave
}

ams_status report(ams_context* ctx, int64_t step, double value) {
  if (!ctx || !ctx->on_report) return AMS_OK;
  return ctx->on_report(step, value) == AMS_STOP ? AMS_STOP : AMS_OK;
}

int32_t is_cancelled(const ams_context* ctx) {
  return (ctx && ctx->cancelled && ctx->cancelled->load(std::memory_order_relaxed)) ? 1 : 0;
}

uint64_t seed(const ams_context* ctx) { return ctx ? ctx->seed : 0; }

double budget(const ams_context* ctx) {
  return (ctx && ctx->budget > 0 && ctx->budget <= 1) ? ctx->budget : 1.0;
}

const ams_host_api kHostApi = {
    sizeof(ams_host_api),
    AMS_ABI_MAJOR,
    AMS_ABI_MINOR,
    &get_int,
    &get_double,
    &get_bool,
    &get_string,
    &get_array_size,
    &get_path,
    &option_error,
    &set_error,
    &log,
    &report,
    &is_cancelled,
    &seed,
    &budget,
};

}  // namespace

const ams_host_api* host_api() { return &kHostApi; }

}  // namespace amcore
