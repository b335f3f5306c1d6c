// The worker side of isolation = "process": `amhost` started by a study as a trial worker.
// It builds the same setup as the study (plugins, data, splits), then evaluates the trials it
// is sent, one at a time, until its socket closes. A crash, abort or runaway allocation here
// ends only this process; the study records the trial as failed and starts another worker.
#pragma once

namespace amcore {

// The hidden command line that starts a worker: `amhost <kWorkerCommand> <fd>`.
inline constexpr const char* kWorkerCommand = "__trial-worker";

// Serves the study on socket `fd`. Returns the process exit status.
int run_trial_worker(int fd);

}  // namespace amcore
