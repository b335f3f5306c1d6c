#include "cli/cli.hpp"

#include <cstdio>
#include <cstdlib>
#include <string>
#include <exception>
#include <iostream>

#include "cli/command_line.hpp"
#include "cli/plugin_listing.hpp"
#include "cli/predict_command.hpp"
#include "console/console_progress.hpp"
#include "isolation/trial_worker.hpp"
#include "output/study_export.hpp"
#include "study/interrupt.hpp"
#include "study/setup.hpp"
#include "study/study.hpp"

namespace amcore {

namespace {

int run(const CommandLine& cl) {
  PipelineConfig config = load_pipeline(cl.pipeline, cl.overrides);
  ConsoleProgress console(stdout, ConsoleProgress::mode_for(stdout, cl.quiet));
  RunOptions options;
  options.plugin_paths = cl.plugin_paths;
  options.output_dir = cl.output_dir;
  options.observer = &console;
  options.resume = cl.resume;
  options.overwrite = cl.overwrite;
  InterruptGuard interrupts;
  StudySummary summary = run_study(config, options);
  if (summary.stop_reason == "max_failures") {
    std::fflush(stdout);
    std::fprintf(stderr,
                 "amhost: the study stopped after %lld failed trials (max_failures = %lld); the "
                 "outputs hold what finished\n",
                 static_cast<long long>(*config.study.max_failures),
                 static_cast<long long>(*config.study.max_failures));
    return kExitFailure;
  }
  return summary.stop_reason == "interrupted" ? 130 : kExitOk;
}

int validate(const CommandLine& cl) {
  PipelineConfig config = load_pipeline(cl.pipeline, cl.overrides);
  RunOptions options;
  options.plugin_paths = cl.plugin_paths;
  options.output_dir = cl.output_dir;
  StudyPlan plan = validate_study(config, options);
  if (!cl.quiet) std::fputs(describe_plan(plan).c_str(), stdout);
  std::printf("%s: valid\n", cl.pipeline.c_str());
  return kExitOk;
}

int plugins(const CommandLine& cl) {
  Registry registry;
  const std::vector<std::string> path = plugin_search_path({}, cl.plugin_paths);
  registry.load_path(path);
  std::fputs((cl.json ? plugins_json(registry, path) : plugins_table(registry, path)).c_str(),
             stdout);
  return kExitOk;
}

int export_command(const CommandLine& cl) {
  const ExportResult result = export_study(cl.database, cl.output_dir);
  if (!cl.quiet) {
    std::printf("%s: %zu finished trials", result.database.c_str(), result.finished_trials);
    if (result.running_trials) std::printf(" (%zu still running, left out)", result.running_trials);
    std::printf("%s\n", result.has_best ? "" : "; none complete, so no best.json");
    for (const std::string& file : result.files) std::printf("  wrote %s\n", file.c_str());
  }
  return kExitOk;
}

int dispatch(const CommandLine& cl) {
  switch (cl.command) {
    case CommandLine::Command::Help: std::fputs(usage_text().c_str(), stdout); return kExitOk;
    case CommandLine::Command::Version: std::puts(version_text().c_str()); return kExitOk;
    case CommandLine::Command::Run: return run(cl);
    case CommandLine::Command::Validate: return validate(cl);
    case CommandLine::Command::Plugins: return plugins(cl);
    case CommandLine::Command::Predict: return predict_command(cl);
    case CommandLine::Command::Export: return export_command(cl);
  }
  return kExitFailure;
}

}  // namespace

int amhost_main(int argc, const char* const* argv) {
  // Progress goes to stdout and messages to stderr: flush stdout first so they interleave.
  // Started by a study with isolation = "process"; not a user command.
  if (argc == 3 && std::string(argv[1]) == kWorkerCommand)
    return run_trial_worker(std::atoi(argv[2]));
  try {
    return dispatch(parse_command_line(argc, argv));
  } catch (const InputError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s\n", e.what());
    return kExitBadInput;
  } catch (const PluginError& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "%s\n", e.what());
    return kExitPluginError;
  } catch (const std::exception& e) {
    std::fflush(stdout);
    std::fprintf(stderr, "amhost: error: %s\n", e.what());
    return kExitFailure;
  }
}

}  // namespace amcore
