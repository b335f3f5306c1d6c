#include "config/pipeline.hpp"

#include <cerrno>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "config/overrides.hpp"
#include "config/section.hpp"
#include "config/sections.hpp"
#include "config/toml_util.hpp"

namespace amcore {
namespace {

toml::table parse_document(const std::string& text, const std::string& name,
                           const std::vector<Override>& overrides) {
  toml::table document;
  try {
    document = toml::parse(text, name);
  } catch (const toml::parse_error& error) {
    throw InputError(location_of(error.source(), name),
                     "invalid TOML: " + std::string(error.description()));
  }
  apply_overrides(document, overrides);
  return document;
}

const std::vector<std::string_view> kTopLevel = {"study",  "data",     "evaluation",
                                                 "model",  "candidates", "strategy",
                                                 "objective", "pruner", "output", "plugins"};

std::string bracketed(std::string_view key) {
  std::string text = "[";
  text += key;
  text += ']';
  return text;
}

// A top-level table: "[study]" must be a table, not `study = 3`.
std::optional<Section> top_table(const Section& root, std::string_view key) {
  if (!root.has(key)) return std::nullopt;
  return root.sub(key, bracketed(key));
}

std::vector<CandidateConfig> read_candidates(const Section& root, toml::table& document) {
  const toml::node* node = root.node("candidates");
  const toml::array* list = node->as_array();
  if (list && list->empty()) root.fail("candidates", "needs at least one candidate");
  if (!list || !list->is_array_of_tables())
    root.fail_type("candidates", "an array of tables ([[candidates]] with plugin = ...)");
  std::vector<CandidateConfig> candidates;
  toml::array& mutable_list = *document.get_as<toml::array>("candidates");
  for (size_t i = 0; i < list->size(); ++i) {
    const std::string path = "candidates[" + std::to_string(i) + "]";
    Section candidate(*list->get(i)->as_table(), path, path, root.file());
    candidates.push_back(read_candidate(candidate, *mutable_list.get(i)->as_table()));
  }
  return candidates;
}

void check_combination(const Section& root) {
  const bool objective = root.has("objective");
  const auto table_where = [&](std::string_view key) { return root.where(key); };
  if (objective) {
    for (std::string_view key : {"data", "model", "candidates", "evaluation"}) {
      if (!root.has(key)) continue;
      const std::string shown = key == "candidates" ? "[[candidates]]" : bracketed(key);
      throw InputError(table_where(key),
                       shown + " cannot be combined with [objective]: an objective evaluates its "
                               "parameters itself (keep either [objective] or data, model and "
                               "metric)");
    }
    return;
  }
  const bool model = root.has("model"), candidates = root.has("candidates");
  const bool data = root.has("data");
  if (model && candidates)
    throw InputError(table_where("candidates"),
                     "[[candidates]] cannot be combined with [model]: use [model] for one model "
                     "or [[candidates]] for several");
  if (!data && !model && !candidates)
    throw InputError(root.where(),
                     "nothing to search: give [data], [model] and an [evaluation] metric, or an "
                     "[objective]");
  if (!data)
    throw InputError(table_where(model ? "model" : "candidates"),
                     "missing [data]: the data set the model is searched on (e.g. loader = "
                     "\"csv\", path = \"data.csv\")");
  if (!model && !candidates)
    throw InputError(table_where("data"),
                     "missing [model] (or [[candidates]]): the model to search, with plugin = "
                     "\"...\"");
  if (!root.has("evaluation"))
    throw InputError(table_where("data"),
                     "missing [evaluation] with a metric to score the model (e.g. metric = "
                     "\"accuracy\")");
}

}  // namespace

PipelineConfig parse_pipeline(const std::string& text, const std::string& name,
                              const std::string& base_dir,
                              const std::vector<Override>& overrides) {
  PipelineConfig config;
  config.file = name;
  config.base_dir = base_dir;
  config.source_text = text;
  config.overrides = overrides;
  // Two parses of the same input: `document` stays whole for writing, the other is validated
  // and its option tables are moved into the config. Copying would drop the source regions
  // that plugin option errors need.
  config.document = parse_document(text, name, overrides);
  toml::table document = parse_document(text, name, overrides);

  const Section root(document, "", "the pipeline file", config.file);
  root.allow_only(kTopLevel);
  const auto top = [&](std::string_view key) { return top_table(root, key); };
  const auto mutable_table = [&](std::string_view key) -> toml::table& {
    return *document.get_as<toml::table>(key);
  };

  if (auto study = top("study")) {
    config.study = read_study(*study, base_dir);
  } else {
    config.study.where = root.where();
  }
  check_combination(root);

  if (auto data = top("data")) config.data = read_data(*data, mutable_table("data"));
  if (auto evaluation = top("evaluation")) {
    config.evaluation = read_evaluation(*evaluation, mutable_table("evaluation"));
    if (config.data && config.evaluation.metric.empty())
      evaluation->fail_missing("metric", " (the metric plugin that scores the model, e.g. "
                                         "metric = \"accuracy\")");
  }
  if (auto model = top("model")) {
    config.candidates.push_back(read_candidate(*model, mutable_table("model")));
  } else if (root.has("candidates")) {
    config.candidates = read_candidates(root, document);
  }
  if (auto objective = top("objective"))
    config.objective = read_objective(*objective, mutable_table("objective"));
  if (auto strategy = top("strategy")) {
    config.strategy = read_strategy(*strategy, mutable_table("strategy"));
  } else {
    config.strategy.where = root.where();
  }
  if (auto pruner = top("pruner")) {
    config.pruner = read_pruner(*pruner);
  } else {
    config.pruner.where = root.where();
  }
  if (auto output = top("output")) {
    config.output = read_output(*output, base_dir, config.study.name);
  } else {
    config.output.dir = resolve_path(base_dir, "runs/" + config.study.name);
  }
  if (auto plugins = top("plugins")) config.plugin_paths = read_plugin_paths(*plugins, base_dir);
  return config;
}

PipelineConfig load_pipeline(const std::string& path, const std::vector<Override>& overrides) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::is_directory(path, ec))
    throw InputError(path + ": is a folder; expected a pipeline file (TOML)");
  std::ifstream in(path, std::ios::binary);
  if (!in)
    throw InputError(path + ": cannot open the pipeline file: " + std::strerror(errno));
  std::ostringstream text;
  text << in.rdbuf();
  if (in.bad()) throw InputError(path + ": cannot read the pipeline file");
  fs::path base = fs::absolute(fs::path(path), ec).parent_path();
  if (ec) base = fs::path(path).parent_path();
  return parse_pipeline(text.str(), path, base.lexically_normal().string(), overrides);
}

}  // namespace amcore
