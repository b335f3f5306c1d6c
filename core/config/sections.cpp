#include "config/sections.hpp"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include "config/byte_size.hpp"
#include "config/duration.hpp"
#include "config/toml_util.hpp"

namespace amcore {
namespace {

const std::vector<std::string_view> kCvMethods = {
    "holdout", "kfold", "stratified_kfold", "repeated_kfold", "repeated_stratified_kfold"};

bool is_repeated(const std::string& method) { return method.rfind("repeated_", 0) == 0; }

// "" when known, else the message for an unknown method.
std::string unknown_method(const std::string& method) {
  if (std::find(kCvMethods.begin(), kCvMethods.end(), method) != kCvMethods.end()) return {};
  std::string message = "unknown method \"" + method + "\"";
  const std::string suggestion = nearest(method, kCvMethods);
  if (!suggestion.empty()) return message + "; did you mean \"" + suggestion + "\"?";
  return message + " (methods: holdout, kfold, stratified_kfold, repeated_kfold, "
                   "repeated_stratified_kfold)";
}

// cv = "kfold" (a method with its defaults) or cv = { method = ..., folds = ..., ... }.
void read_cv(const Section& evaluation, EvaluationConfig& config) {
  const toml::node* cv = evaluation.node("cv");
  if (!cv) return;
  if (cv->is_string()) {
    const std::string method = *evaluation.string("cv");
    if (const std::string problem = unknown_method(method); !problem.empty())
      evaluation.fail("cv", problem);
    config.cv_method = method;
    if (is_repeated(method)) config.repeats = 3;
    return;
  }
  if (!cv->is_table())
    evaluation.fail_type("cv", "a table such as { method = \"kfold\", folds = 5 } or a method "
                               "name");
  Section table = evaluation.sub("cv", "evaluation.cv");
  table.allow_only({"method", "folds", "repeats", "fraction", "shuffle"});
  std::string method = config.cv_method;
  if (auto given = table.string("method")) method = *given;
  if (const std::string problem = unknown_method(method); !problem.empty())
    table.fail("method", problem);
  const bool holdout = method == "holdout";
  const bool repeated = is_repeated(method);
  if (holdout && table.has("folds"))
    table.fail("folds", "does not apply to method \"holdout\" (fraction sets its validation "
                        "share)");
  if (!holdout && table.has("fraction"))
    table.fail("fraction", "applies only to method \"holdout\" (the folds set the validation "
                           "share of \"" + method + "\")");
  if (!repeated && table.has("repeats"))
    table.fail("repeats", "applies only to repeated_kfold and repeated_stratified_kfold");
  if (auto folds = table.integer_at_least("folds", 2)) config.folds = static_cast<int>(*folds);
  if (repeated) config.repeats = 3;
  if (auto repeats = table.integer_at_least("repeats", 1))
    config.repeats = static_cast<int>(*repeats);
  if (auto fraction = table.number("fraction")) {
    if (!(*fraction > 0 && *fraction < 1))
      table.fail("fraction", "must be between 0 and 1 (exclusive), found " +
                                 number_text(*fraction));
    config.holdout_fraction = *fraction;
  }
  if (auto shuffle = table.boolean("shuffle")) {
    if (repeated && !*shuffle)
      table.fail("shuffle", "repeated methods always shuffle (each repeat is a new shuffle); "
                            "use kfold for one unshuffled split");
    config.shuffle = *shuffle;
  }
  config.cv_method = method;
}

}  // namespace

std::string resolve_path(const std::string& base_dir, const std::string& path) {
  namespace fs = std::filesystem;
  const fs::path p(path);
  if (p.is_absolute() || base_dir.empty()) return p.lexically_normal().string();
  return (fs::path(base_dir) / p).lexically_normal().string();
}

namespace {
// An array of non-empty path strings, each resolved against the pipeline's folder.
std::vector<std::string> read_path_list(const Section& section, std::string_view key,
                                        const std::string& base_dir) {
  std::vector<std::string> paths;
  const toml::array* list = section.array(key);
  if (!list) return paths;
  for (const toml::node& element : *list) {
    const auto* text = element.as_string();
    if (!text)
      throw InputError(location_of(element, section.file()),
                       section.key_path(key) + ": expected an array of strings, found " +
                           type_phrase(element) + " in it");
    if (text->get().empty())
      throw InputError(location_of(element, section.file()),
                       section.key_path(key) + ": a path must not be empty");
    paths.push_back(resolve_path(base_dir, text->get()));
  }
  return paths;
}
}  // namespace

namespace {

// A duration key: "90s", "10m", "1h30m" or a number of seconds, above zero.
std::optional<double> read_duration(const Section& section, std::string_view key) {
  const toml::node* node = section.node(key);
  if (!node) return std::nullopt;
  std::optional<double> seconds;
  if (node->is_number()) {
    seconds = node->value<double>();
  } else if (auto* text = node->as_string()) {
    seconds = parse_duration(text->get());
    if (!seconds)
      section.fail(key, "expected a duration such as \"90s\", \"10m\" or \"1h30m\", found "
                        "\"" + text->get() + "\"");
  } else {
    section.fail_type(key, "a duration such as \"10m\" or a number of seconds");
  }
  if (!(*seconds > 0) || !std::isfinite(*seconds))
    section.fail(key, "must be above zero, found " + toml_text(*node));
  return seconds;
}

std::optional<int64_t> read_byte_size(const Section& section, std::string_view key) {
  const toml::node* node = section.node(key);
  if (!node) return std::nullopt;
  std::optional<int64_t> bytes;
  if (auto* integer = node->as_integer()) {
    bytes = integer->get();
  } else if (auto* text = node->as_string()) {
    bytes = parse_byte_size(text->get());
    if (!bytes)
      section.fail(key, "expected a size such as \"512MiB\" or \"2GiB\", found \"" +
                            text->get() + "\"");
  } else {
    section.fail_type(key, "a size such as \"512MiB\" or a number of bytes");
  }
  if (*bytes < 1024 * 1024)
    section.fail(key, "must be at least 1MiB (a worker process needs more than that to start), "
                      "found " + toml_text(*node));
  return bytes;
}

}  // namespace

StudyConfig read_study(const Section& study, const std::string& base_dir) {
  study.allow_only({"name", "trials", "timeout", "target", "parallel", "seed", "max_failures",
                    "isolation", "trial_timeout", "trial_memory", "deterministic", "batch",
                    "warm_start"});
  StudyConfig config;
  config.where = study.where();
  if (auto name = study.string("name")) {
    if (name->empty()) study.fail("name", "must not be empty");
    if (name->find_first_of("/\\") != std::string::npos || *name == "." || *name == "..")
      study.fail("name", "must not contain '/' or '\\' or be '.' or '..' (it names the output "
                         "folder)");
    config.name = *name;
  }
  config.trials = study.integer_at_least("trials", 1);
  config.timeout_seconds = read_duration(study, "timeout");
  if (auto target = study.number("target")) {
    if (!std::isfinite(*target)) study.fail("target", "must be a finite number");
    config.target = target;
  }
  if (auto parallel = study.integer_at_least("parallel", 1))
    config.parallel = static_cast<int>(*parallel);
  if (auto seed = study.integer_at_least("seed", 0)) config.seed = static_cast<uint64_t>(*seed);
  config.max_failures = study.integer_at_least("max_failures", 1);
  if (auto isolation = study.string("isolation")) {
    if (*isolation == "thread") {
      config.isolation = StudyConfig::Isolation::Thread;
    } else if (*isolation == "process") {
      config.isolation = StudyConfig::Isolation::Process;
    } else {
      study.fail("isolation",
                 "expected \"thread\" or \"process\", found \"" + *isolation + "\"");
    }
  }
  config.trial_timeout_seconds = read_duration(study, "trial_timeout");
  config.trial_memory_bytes = read_byte_size(study, "trial_memory");
  if (config.trial_memory_bytes && config.isolation != StudyConfig::Isolation::Process)
    study.fail("trial_memory", "needs isolation = \"process\": a thread cannot be limited "
                               "alone (add isolation = \"process\" to [study])");
  if (auto deterministic = study.boolean("deterministic")) config.deterministic = *deterministic;
  if (auto batch = study.integer_at_least("batch", 1)) {
    if (!config.deterministic)
      study.fail("batch", "only applies with deterministic = true (add it to [study])");
    config.batch = static_cast<int>(*batch);
  }
  // Checked when the study starts (the files may be written by a run that is still going).
  config.warm_start = read_path_list(study, "warm_start", base_dir);
  return config;
}

DataConfig read_data(const Section& data, toml::table& table) {
  DataConfig config;
  config.where = data.where();
  if (auto loader = data.string("loader")) {
    if (loader->empty()) data.fail("loader", "must not be empty");
    config.loader = *loader;
  }
  // Everything else is the loader's to validate.
  table.erase("loader");
  config.options = std::move(table);
  return config;
}

EvaluationConfig read_evaluation(const Section& evaluation, toml::table& table) {
  evaluation.allow_only({"cv", "metric", "test_fraction"});
  EvaluationConfig config;
  config.where = evaluation.where();
  read_cv(evaluation, config);
  if (const toml::node* metric = evaluation.node("metric")) {
    if (metric->is_string()) {
      config.metric = *evaluation.string("metric");
      if (config.metric.empty()) evaluation.fail("metric", "must not be empty");
    } else if (metric->is_table()) {
      Section options = evaluation.sub("metric", "evaluation.metric");
      config.metric = options.required_string("name", "the metric plugin, e.g. \"accuracy\"");
      toml::table moved = take_table(table, "metric");
      moved.erase("name");
      config.metric_options = std::move(moved);
    } else {
      evaluation.fail_type("metric", "a metric name or a table { name = \"...\", ... }");
    }
  }
  if (auto fraction = evaluation.number("test_fraction")) {
    if (!(*fraction >= 0 && *fraction <= 0.9))
      evaluation.fail("test_fraction", "must be between 0 and 0.9, found " +
                                           number_text(*fraction));
    config.test_fraction = *fraction;
  }
  return config;
}

StrategyConfig read_strategy(const Section& strategy, toml::table& table) {
  StrategyConfig config;
  config.where = strategy.where();
  if (auto plugin = strategy.string("plugin")) {
    if (plugin->empty()) strategy.fail("plugin", "must not be empty");
    config.plugin = *plugin;
  }
  table.erase("plugin");
  config.options = std::move(table);
  return config;
}

OutputConfig read_output(const Section& output, const std::string& base_dir,
                         const std::string& study_name) {
  output.allow_only({"dir", "save_model", "storage"});
  OutputConfig config;
  std::string dir = "runs/" + study_name;
  if (auto given = output.string("dir")) {
    if (given->empty()) output.fail("dir", "must not be empty");
    dir = *given;
  }
  config.dir = resolve_path(base_dir, dir);
  if (auto save = output.boolean("save_model")) config.save_model = *save;
  if (auto storage = output.string("storage")) {
    if (*storage == "sqlite") {
      config.storage = OutputConfig::Storage::Sqlite;
    } else if (*storage == "memory") {
      config.storage = OutputConfig::Storage::Memory;
    } else {
      output.fail("storage", "expected \"sqlite\" (study.db, resumable) or \"memory\" (no "
                             "database: nothing to resume), found \"" + *storage + "\"");
    }
  }
  return config;
}

std::vector<std::string> read_plugin_paths(const Section& plugins, const std::string& base_dir) {
  plugins.allow_only({"paths"});
  return read_path_list(plugins, "paths", base_dir);
}

}  // namespace amcore
