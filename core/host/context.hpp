// The host side of the ABI: the ams_host_api table and the ams_context every component object
// gets. A context holds the object's options (a TOML table), where they came from (for located
// errors), its seed, and for a trial its budget, report hook and cancellation flag.
#pragma once

#include <atomic>
#include <cstdint>
#include <deque>
#include <functional>
#include <initializer_list>
#include <mutex>
#include <string>
#include <vector>

#include <ams/ams.h>
#include <toml++/toml.h>

#include "common/errors.hpp"

// Defined at global scope: ams.h declares the opaque `struct ams_context`.
struct ams_context {
  // The options this object reads. Nodes parsed from the pipeline file carry their source
  // region; nodes made by the host (trial parameters) do not, and `locate` is asked instead.
  toml::table options;
  std::string file;      // pipeline file, for messages
  std::string base_dir;  // for get_path
  std::string label;     // "model random_forest", "strategy tpe", for messages and logs

  uint64_t seed = 0;
  double budget = 1.0;
  const std::atomic<bool>* cancelled = nullptr;  // not owned; may be null
  // Called by report(); returns AMS_STOP to prune. Unset: never stops.
  std::function<ams_status(int64_t step, double value)> on_report;
  // Location for an option path whose node has no source region (e.g. a trial parameter).
  std::function<amcore::SourceLocation(const std::string& path)> locate;
  // Where log lines go; unset: standard error, prefixed by label.
  std::function<void(int32_t level, const std::string& message)> on_log;

  // Errors recorded through set_error / option_error since the last take_error().
  std::string take_error();
  // Located option errors ("file:line:col: message"), in the order they were reported.
  std::vector<std::string> option_errors() const;
  // Top-level option keys the plugin never asked for: likely typos. A plugin reads its
  // options when created, so after create() these are options it does not know.
  std::vector<std::string> unread_options() const;
  // The keys it did ask for, for "did you mean" suggestions.
  std::vector<std::string> read_options() const;

  // Host API internals.
  void set_error(const std::string& message);
  void add_option_error(const std::string& located_message);
  const char* keep(std::string s);  // interns a string that lives as long as this context
  void note_read(const char* path);  // records the top-level key of a queried path

 private:
  mutable std::mutex mutex_;
  std::string error_;
  std::vector<std::string> option_errors_;
  std::deque<std::string> strings_;
  std::vector<std::string> read_keys_;
};

namespace amcore {

using Context = ams_context;

// The table handed to every plugin's init. Lives for the whole process.
const ams_host_api* host_api();

// Looks a path ("a.b[2].c") up in a table; nullptr when absent.
const toml::node* find_option(const toml::table& options, const std::string& path);

// Top-level options a plugin never read after create(): almost always typos. Throws an
// InputError that locates the first one and suggests the nearest option the plugin did read.
// `ignored` are keys the host itself consumed from the same table.
void reject_unread_options(const ams_context& context,
                           std::initializer_list<const char*> ignored = {});

// Copying a TOML table drops its source regions. Before giving a context a copy of `written`,
// call this so the context's located option errors still point into the pipeline file: it
// remembers where each top-level key was written, and `fallback` for anything else.
void remember_option_locations(ams_context& ctx, const toml::table& written,
                               const SourceLocation& fallback);

// The best source location for an option of a context: the node's own region when it came
// from a file, else ctx.locate(path), else the context's file.
SourceLocation option_location(const ams_context& ctx, const std::string& path);

}  // namespace amcore
