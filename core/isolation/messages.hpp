// What the frames of wire.hpp carry: the worker's setup and a trial's outcome.
#pragma once

#include <string>
#include <vector>

#include "study/trial_runner.hpp"

namespace amcore::wire {

// Enough for a worker to build the very setup amhost built: the pipeline file's text and the
// --set overrides, parsed against the same folder, with the same plugin paths.
struct WorkerSetup {
  std::string pipeline_text;
  std::vector<Override> overrides;
  std::string pipeline_name;  // for messages
  std::string base_dir;
  std::vector<std::string> plugin_paths;  // the command line's; the pipeline's are in the text
  bool strategy_reports = false;  // forward reports to the strategy's on_report
};

std::string encode(const WorkerSetup& setup);
WorkerSetup decode_setup(const std::string& payload);

std::string encode(const TrialOutcome& outcome);
TrialOutcome decode_outcome(const std::string& payload);

}  // namespace amcore::wire
