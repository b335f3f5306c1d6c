#include "study/setup.hpp"

#include <cmath>
#include <filesystem>
#include <limits>

namespace fs = std::filesystem;

namespace amcore {

namespace {

// A location to blame for a table that may be absent from the file (defaults apply).
SourceLocation located(const SourceLocation& where, const PipelineConfig& config) {
  if (!where.file.empty()) return where;
  SourceLocation whole;
  whole.file = config.file;
  return whole;
}

const Component& resolve(const Registry& registry, int32_t kind, const std::string& name,
                         const SourceLocation& where) {
  try {
    return registry.get(kind, name);
  } catch (const PluginError& e) {
    throw PluginError(where.str() + ": " + e.what());
  }
}

// [pruner] epochs = true must have something to watch: a model of the search that reports
// per epoch in a declared orientation (a setting never silently does nothing).
void check_epoch_pruning(const PipelineConfig& config, const StudySetup& setup) {
  if (!config.pruner.epochs) return;
  const SourceLocation where = located(config.pruner.where, config);
  if (config.objective)
    throw InputError(where, "[pruner] epochs = true applies to models under cross-validation; "
                            "an objective's own reports are judged without it");
  std::string names;
  for (const Component* model : setup.models) {
    const int32_t direction = model->model.report_direction;
    if (direction == AMS_MAXIMIZE || direction == AMS_MINIMIZE) return;
    names += (names.empty() ? "" : ", ") + model->name;
  }
  throw InputError(where, "[pruner] epochs = true, but no model of the search reports per epoch "
                          "(" + names + " declare no report_direction); remove epochs or add "
                          "an iterative model such as mlp or gradient_boosting");
}

const char* task_name(int32_t task) {
  return task == AMS_TASK_CLASSIFICATION ? "classification" : "regression";
}

// A valid trial that picks candidate k, every active number at the middle of its range: used
// to create each candidate's model once before the study, so option typos and refused fixed
// options surface at once rather than as a run of failed trials.
std::vector<double> probe_values(const SearchSpace& space, size_t n_candidates, int32_t k) {
  std::vector<double> values(static_cast<size_t>(space.size()),
                             std::numeric_limits<double>::quiet_NaN());
  for (int32_t i = 0; i < space.size(); ++i) {
    if (!space.is_active(i, values.data())) continue;
    const ams_param& p = space.param(i);
    double v = 0;
    if (i == 0 && n_candidates > 1) {
      v = k;
    } else if (p.type == AMS_PARAM_FLOAT || p.type == AMS_PARAM_INT) {
      v = p.log && p.low > 0 ? std::sqrt(p.low * p.high) : (p.low + p.high) / 2;
      double step = p.step > 0 ? p.step : (p.type == AMS_PARAM_INT ? 1.0 : 0.0);
      if (step > 0) v = std::min(p.high, p.low + std::round((v - p.low) / step) * step);
    }
    values[static_cast<size_t>(i)] = v;
  }
  return values;
}

void probe_models(const PipelineConfig& config, const StudySetup& setup) {
  for (size_t k = 0; k < config.candidates.size(); ++k) {
    std::vector<double> values =
        probe_values(setup.space, config.candidates.size(), static_cast<int32_t>(k));
    if (!setup.space.check(values.data()).empty()) continue;
    if (setup.space.candidate_of(values.data()) != static_cast<int32_t>(k)) continue;
    const CandidateConfig& candidate = config.candidates[k];
    auto ctx = make_context(config, setup.space.options_for(values.data()),
                            "model " + candidate.plugin, model_seed(config.study.seed, -1, -1));
    ctx->locate = [&setup, &config, k](const std::string& path) {
      return locate_parameter(setup.space, static_cast<int32_t>(k), config.candidates, path);
    };
    auto model = ModelObject::create(*setup.models[k], std::move(ctx));
    reject_unread_options(model->context(), {});
  }
}

void prepare_objective(const PipelineConfig& config, StudySetup& setup) {
  const ObjectiveConfig& oc = *config.objective;
  const SourceLocation where = located(oc.where, config);
  const Component& component = resolve(*setup.registry, AMS_KIND_OBJECTIVE, oc.plugin, where);
  int32_t direction = component.objective.direction;
  if (direction != AMS_MAXIMIZE && direction != AMS_MINIMIZE)
    throw PluginError(component.library->path + ": objective " + component.name +
                      " declares no direction (AMS_MAXIMIZE or AMS_MINIMIZE)");
  setup.maximize = direction == AMS_MAXIMIZE;
  setup.score_name = component.name;
  setup.objective = std::make_unique<PluginObject>(
      component, make_context(config, oc.options, "objective " + oc.plugin,
                              objective_seed(config.study.seed, -1), &oc.options));
  setup.objective->reject_unread_options();

  if (!oc.space.empty()) {
    setup.space = SearchSpace::from_params(oc.space);
  } else {
    const ams_space* space = nullptr;
    ams_status status = component.objective.default_space
                            ? component.objective.default_space(setup.objective->self(), &space)
                            : AMS_ABSENT;
    setup.objective->check(status, "default_space");
    if (status == AMS_ABSENT || !space)
      throw InputError(where, "objective " + oc.plugin +
                                  " has no default search space: describe one in "
                                  "[objective.space], e.g. x = { float = [0, 1] }");
    setup.space = SearchSpace::from_abi(*space);
  }
  if (component.objective.optimum) {
    double optimum = 0;
    if (component.objective.optimum(setup.objective->self(), &optimum) == AMS_OK)
      setup.optimum = optimum;
  }
}

void prepare_data_search(const PipelineConfig& config, StudySetup& setup) {
  if (!config.data)
    throw InputError(located({}, config),
                     "nothing to search: give [data] with [model] (or [[candidates]]) and "
                     "[evaluation] metric, or an [objective]");
  if (config.candidates.empty())
    throw InputError(located(config.data->where, config),
                     "no model to search: add a [model] table or [[candidates]] entries");
  for (const CandidateConfig& candidate : config.candidates)
    setup.models.push_back(
        &resolve(*setup.registry, AMS_KIND_MODEL, candidate.plugin, located(candidate.where, config)));

  const SourceLocation eval_where = located(config.evaluation.where, config);
  // The data comes first: without a metric named, the task picks the usual one.
  setup.data = std::make_unique<Dataset>(*setup.registry, config);
  const Dataset& data = *setup.data;
  std::string metric_name = config.evaluation.metric;
  if (metric_name.empty()) metric_name = data.is_classification() ? "accuracy" : "r2";
  const Component& metric = resolve(*setup.registry, AMS_KIND_METRIC, metric_name, eval_where);
  setup.metric = std::make_unique<Metric>(metric, config.evaluation.metric_options, config.file,
                                          config.base_dir);
  setup.maximize = setup.metric->maximize();
  setup.score_name = metric_name;

  if (!setup.metric->supports_task(data.task()))
    throw InputError(eval_where, "metric " + metric_name + " does not score " +
                                     task_name(data.task()) + " data; choose a " +
                                     task_name(data.task()) + " metric");
  const uint32_t needed =
      data.is_classification() ? AMS_MODEL_CLASSIFICATION : AMS_MODEL_REGRESSION;
  for (size_t k = 0; k < config.candidates.size(); ++k) {
    const Component& model = *setup.models[k];
    const SourceLocation where = located(config.candidates[k].where, config);
    if (!(model.model.capabilities & needed))
      throw InputError(where, "model " + model.name + " does not do " +
                                  task_name(data.task()) + ", which the data set needs");
    if (setup.metric->needs_proba() && !(model.model.capabilities & AMS_MODEL_PROBA))
      throw InputError(where, "metric " + metric_name + " scores class probabilities, which " +
                                  "model " + model.name + " does not predict");
  }

  std::vector<int32_t> labels;
  if (data.is_classification()) labels = data.class_labels();
  const std::vector<int64_t> rows = data.row_ids();
  if (config.evaluation.test_fraction > 0) {
    setup.train_test = train_test_split(rows, labels, config.evaluation.test_fraction,
                                        derive_seed(config.study.seed, 0, 1), data.class_names());
  } else {
    setup.train_test.train = rows;
  }
  std::vector<int32_t> train_labels;
  if (!labels.empty())
    for (int64_t r : setup.train_test.train) train_labels.push_back(labels[static_cast<size_t>(r)]);

  setup.evaluation.data = setup.data.get();
  setup.evaluation.metric = setup.metric.get();
  setup.evaluation.splits = make_splits(config.evaluation, setup.train_test.train, train_labels,
                                        derive_seed(config.study.seed, 0, 0), data.class_names());
  setup.evaluation.study_seed = config.study.seed;
  setup.evaluation.file = config.file;
  setup.evaluation.base_dir = config.base_dir;

  setup.space = SearchSpace::from_candidates(config.candidates);
  probe_models(config, setup);
}

}  // namespace

std::vector<std::string> plugin_search_path(const std::vector<std::string>& from_pipeline,
                                            const std::vector<std::string>& from_command_line) {
  // The command line first: what the user typed now wins over what the file says.
  std::vector<std::string> all = from_command_line;
  all.insert(all.end(), from_pipeline.begin(), from_pipeline.end());
  for (std::string& p : Registry::default_search_path()) all.push_back(std::move(p));
  std::vector<std::string> unique, seen;
  for (const std::string& p : all) {
    std::error_code ec;
    std::string key = fs::weakly_canonical(p, ec).string();
    if (ec) key = p;
    if (std::find(seen.begin(), seen.end(), key) != seen.end()) continue;
    seen.push_back(key);
    unique.push_back(p);
  }
  return unique;
}

std::unique_ptr<StudySetup> prepare_study(const PipelineConfig& config,
                                          const std::vector<std::string>& extra_plugin_paths) {
  auto setup = std::make_unique<StudySetup>();
  setup->registry = std::make_unique<Registry>();
  setup->registry->load_path(plugin_search_path(config.plugin_paths, extra_plugin_paths));
  setup->strategy = &resolve(*setup->registry, AMS_KIND_STRATEGY, config.strategy.plugin,
                             located(config.strategy.where, config));
  if (config.objective)
    prepare_objective(config, *setup);
  else
    prepare_data_search(config, *setup);
  if (setup->space.size() == 0)
    throw InputError(located({}, config), "the search space is empty: give parameters to search");
  check_epoch_pruning(config, *setup);
  setup->pruner = make_pruner(config.pruner);
  return setup;
}

std::unique_ptr<PluginObject> start_strategy(const PipelineConfig& config,
                                             const StudySetup& setup) {
  auto strategy = std::make_unique<PluginObject>(
      *setup.strategy, make_context(config, config.strategy.options,
                                    "strategy " + config.strategy.plugin,
                                    strategy_seed(config.study.seed), &config.strategy.options));
  strategy->reject_unread_options();
  strategy->check(setup.strategy->strategy.start(strategy->self(), setup.space.abi()), "start");
  return strategy;
}

uint64_t strategy_seed(uint64_t study_seed) { return derive_seed(study_seed, 0, 2); }

uint64_t objective_seed(uint64_t study_seed, int64_t trial) {
  return trial < 0 ? derive_seed(study_seed, 0, 3)
                   : derive_seed(study_seed, static_cast<uint64_t>(trial) + 1, 0);
}

SourceLocation locate_parameter(const SearchSpace& space, int32_t candidate,
                                const std::vector<CandidateConfig>& candidates,
                                const std::string& path) {
  const std::string key = path.substr(0, path.find_first_of(".["));
  if (candidate >= 0 && static_cast<size_t>(candidate) < candidates.size()) {
    const CandidateConfig& c = candidates[static_cast<size_t>(candidate)];
    if (c.fixed.contains(key)) {
      SourceLocation where = source_of(c.fixed, path, c.where.file);
      return where.file.empty() ? c.where : where;
    }
  }
  for (int32_t i = 0; i < space.size(); ++i) {
    const std::string& name = space.name(i);
    if (name == path || name == key) return space.where(i);
    if (name.size() > key.size() && name.ends_with("." + key)) {
      if (candidates.size() <= 1 || candidate < 0) return space.where(i);
      const std::string& plugin = candidates[static_cast<size_t>(candidate)].plugin;
      if (name.starts_with(plugin + ".") ||
          name.starts_with(std::to_string(candidate) + ":" + plugin + "."))
        return space.where(i);
    }
  }
  if (candidate >= 0 && static_cast<size_t>(candidate) < candidates.size())
    return candidates[static_cast<size_t>(candidate)].where;
  return {};
}

}  // namespace amcore
