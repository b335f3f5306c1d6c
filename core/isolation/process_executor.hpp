// isolation = "process": each of the study's worker slots owns one worker process (amhost in
// worker mode, see trial_worker.hpp), started on first use and replaced after it dies. A
// segfault, abort, exit or runaway allocation in a plugin fails only the trial it ran.
//
// Limits: [study] trial_timeout kills the worker when a trial runs longer; trial_memory kills
// it when its resident memory goes over the limit (read from /proc every 20 ms, so a fast
// allocator may overshoot by what it allocates in that time). The study's own time limit and
// Ctrl-C cancel the trial through is_cancelled (SIGUSR1 to the worker); a worker that has not
// stopped 3 seconds later is killed.
#pragma once

#include <memory>
#include <string>

#include "isolation/messages.hpp"
#include "study/trial_executor.hpp"

namespace amcore {

struct WorkerLaunch {
  std::string executable;  // the amhost binary
  wire::WorkerSetup setup;
};

std::unique_ptr<TrialExecutor> make_process_executor(const PipelineConfig& config,
                                                     const StudySetup& setup,
                                                     WorkerLaunch launch, int slots);

// The amhost binary to start workers from: $AMHOST_WORKER when set, else `amhost` beside the
// running executable, else the running executable itself when it is amhost. Throws InputError
// saying what to do when none exists.
std::string default_worker_executable();

}  // namespace amcore
