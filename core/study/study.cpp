#include "study/study.hpp"

#include <filesystem>
#include <sstream>

#include "isolation/process_executor.hpp"
#include "output/json.hpp"
#include "output/writers.hpp"
#include "study/setup.hpp"
#include "study/study_loop.hpp"
#include "study/study_outputs.hpp"
#include "study/trial_runner.hpp"
#include "study/warm_start.hpp"

namespace fs = std::filesystem;

namespace amcore {

namespace {

std::string output_dir_of(const PipelineConfig& config, const RunOptions& options) {
  if (options.output_dir) return fs::absolute(*options.output_dir).lexically_normal().string();
  return config.output.dir;
}

StudyPlan make_plan(const PipelineConfig& config, const StudySetup& setup,
                    const std::string& output_dir) {
  StudyPlan plan;
  plan.name = config.study.name;
  plan.file = config.file;
  plan.objective_mode = setup.objective_mode();
  plan.score_name = setup.score_name;
  plan.maximize = setup.maximize;
  plan.strategy = config.strategy.plugin;
  for (const CandidateConfig& c : config.candidates) plan.models.push_back(c.plugin);
  plan.trials = config.study.trials;
  plan.timeout_seconds = config.study.timeout_seconds;
  plan.parallel = config.study.parallel;
  plan.n_params = setup.space.size();
  for (int32_t i = 0; i < setup.space.size(); ++i) plan.param_names.push_back(setup.space.name(i));
  if (setup.data) {
    plan.data_source = setup.data->source();
    if (config.data)
      if (const toml::node* path = config.data->options.get("path"); path && path->is_string())
        plan.data_source = path->value_or(std::string());
    plan.rows = setup.data->n_rows();
    plan.features = setup.data->n_features();
    plan.n_classes = setup.data->n_classes();
    plan.train_rows = static_cast<int64_t>(setup.train_test.train.size());
    plan.test_rows = static_cast<int64_t>(setup.train_test.test.size());
    plan.folds = setup.evaluation.splits.size();
  }
  plan.output_dir = output_dir;
  return plan;
}

StudyInfo stored_info_of(const PipelineConfig& config, const StudySetup& setup) {
  StudyInfo info;
  info.name = config.study.name;
  std::ostringstream text;
  text << config.document;
  info.pipeline_text = text.str();
  info.space_json = space_json(setup.space);
  for (int32_t i = 0; i < setup.space.size(); ++i) info.param_names.push_back(setup.space.name(i));
  info.seed = config.study.seed;
  info.direction = setup.maximize ? "maximize" : "minimize";
  info.metric = setup.objective_mode() ? "" : setup.score_name;
  return info;
}

std::unique_ptr<TrialExecutor> make_executor(const PipelineConfig& config, const StudySetup& setup,
                                             const RunOptions& options) {
  if (config.study.isolation == StudyConfig::Isolation::Thread)
    return make_thread_executor(config, setup);
  WorkerLaunch launch;
  launch.executable =
      options.worker_executable.empty() ? default_worker_executable() : options.worker_executable;
  launch.setup.pipeline_text = config.source_text;
  launch.setup.overrides = config.overrides;
  launch.setup.pipeline_name = config.file;
  launch.setup.base_dir = config.base_dir;
  launch.setup.plugin_paths = options.plugin_paths;
  launch.setup.strategy_reports = setup.strategy->strategy.on_report != nullptr;
  return make_process_executor(config, setup, std::move(launch), config.study.parallel);
}

void prepare_output_dir(const std::string& dir, bool overwrite) {
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) throw InputError("cannot create the output folder " + dir + ": " + ec.message());
  if (!overwrite) return;
  // Only what a study writes: a folder given by mistake keeps everything else.
  for (const char* name : {kStudyDatabaseName, kTrialsCsv, kBestJson, kPipelineToml, kReportMd,
                           kModelFile}) {
    for (const std::string suffix : {"", "-wal", "-shm", "-journal"}) {
      if (suffix[0] && std::string(name) != kStudyDatabaseName) continue;
      fs::remove(fs::path(dir) / (std::string(name) + suffix), ec);
    }
  }
}

}  // namespace

StudySummary run_study(const PipelineConfig& config, const RunOptions& options) {
  if (options.resume && options.overwrite)
    throw InputError("--resume and --overwrite exclude each other: keep the stored trials or "
                     "replace them");
  std::unique_ptr<StudySetup> setup = prepare_study(config, options.plugin_paths);
  const std::string dir = output_dir_of(config, options);
  std::unique_ptr<PluginObject> strategy = start_strategy(config, *setup);
  std::unique_ptr<TrialExecutor> executor = make_executor(config, *setup, options);

  const bool in_memory = config.output.storage == OutputConfig::Storage::Memory;
  if (in_memory && options.resume)
    throw InputError("--resume: [output] storage = \"memory\" keeps no database, so there is "
                     "nothing to resume (use storage = \"sqlite\", the default)");
  if (in_memory && !options.overwrite && StudyStorage::exists(dir))
    throw InputError((fs::path(dir) / kStudyDatabaseName).string() +
                     ": the output folder holds a study database, and a study with [output] "
                     "storage = \"memory\" would write files that disagree with it: pass "
                     "--overwrite or choose another output folder");
  prepare_output_dir(dir, options.overwrite);
  StudyInfo info = stored_info_of(config, *setup);
  const std::string own_database = (fs::path(dir) / kStudyDatabaseName).string();
  // Told before the study's own trials: on resume too, the strategy hears them first.
  WarmStart warm = load_warm_start(config.study.warm_start, setup->space, info, own_database);
  replay_trials(*setup, *strategy, warm.trials);
  std::vector<StoredTrial> previous, rerun;
  std::optional<StudyStorage> storage;
  if (in_memory) {
    storage.emplace(StudyStorage::create_in_memory(info));
  } else if (options.resume) {
    storage.emplace(StudyStorage::resume(dir, info));
    // Left running by a killed run: they keep their rows (and numbers) and run again first.
    rerun = storage->running_trials();
    previous = storage->finished_trials();
    replay_trials(*setup, *strategy, previous);
    replay_to_pruner(*setup, previous);
  } else {
    storage.emplace(StudyStorage::create(dir, info));
  }

  storage->set_meta(kMetaScoreName, setup->score_name);

  StudySummary summary;
  summary.plan = make_plan(config, *setup, dir);
  summary.plan.resumed_trials = static_cast<int64_t>(previous.size());
  summary.output_dir = dir;
  summary.optimum = setup->optimum;
  if (options.resume && storage->pipeline_changed())
    summary.warnings.push_back("the pipeline changed since the stored trials were run (same "
                               "search space): they are kept");
  if (options.observer) {
    options.observer->on_start(summary.plan);
    for (const std::string& note : warm.notes) options.observer->on_note(note);
  }

  LoopResult loop = run_trials(config, *setup, *strategy, *storage, *executor,
                               std::move(previous), std::move(rerun), options.observer);
  summary.trials = std::move(loop.trials);
  summary.stop_reason = loop.stop_reason;
  summary.elapsed_seconds = loop.elapsed_seconds;
  if (const StoredTrial* best = best_trial(summary.trials, setup->maximize))
    summary.best = static_cast<size_t>(best - summary.trials.data());

  if (summary.best && !setup->objective_mode() && options.observer)
    options.observer->on_note("refitting the best configuration on all " +
                              std::to_string(setup->train_test.train.size()) + " training rows");
  finish_study(config, *setup, storage->info(), summary);
  // With the trials, so that `amhost export` can write best.json again.
  if (summary.test_score) storage->set_meta(kMetaTestScore, json_number(*summary.test_score));
  if (summary.model_file) storage->set_meta(kMetaModelFile, *summary.model_file);
  if (options.observer) options.observer->on_finish(summary);

  if (!summary.best && !summary.trials.empty()) {
    const StoredTrial* first_failure = nullptr;
    for (const StoredTrial& t : summary.trials)
      if (t.state == StoredState::Failed) {
        first_failure = &t;
        break;
      }
    const std::string why =
        summary.stop_reason == "max_failures"
            ? "the study stopped after " + std::to_string(*config.study.max_failures) +
                  " failed trials (max_failures = " +
                  std::to_string(*config.study.max_failures) + ") and "
            : std::string();
    throw std::runtime_error(
        why + "no trial completed (" + std::to_string(summary.trials.size()) + " finished)" +
        (first_failure ? "; trial " + std::to_string(first_failure->number) +
                             " failed with: " + first_failure->error
                       : std::string()));
  }
  return summary;
}

StudyPlan validate_study(const PipelineConfig& config, const RunOptions& options) {
  std::unique_ptr<StudySetup> setup = prepare_study(config, options.plugin_paths);
  std::unique_ptr<PluginObject> strategy = start_strategy(config, *setup);
  StudyPlan plan = make_plan(config, *setup, output_dir_of(config, options));
  // The warm-start sources are opened and matched as a run would, so a wrong path or a
  // study scored another way is reported now rather than when the run starts.
  const std::string own_database = (fs::path(plan.output_dir) / kStudyDatabaseName).string();
  plan.warm_start_notes =
      load_warm_start(config.study.warm_start, setup->space, stored_info_of(config, *setup), own_database).notes;
  return plan;
}

}  // namespace amcore
