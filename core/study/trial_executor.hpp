// Where a trial is evaluated: in a thread of amhost (isolation = "thread") or in a worker
// process (isolation = "process", see isolation/process_executor.hpp). The study loop hands
// each trial to one of `parallel` worker threads, which calls run() on its executor.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "study/setup.hpp"
#include "study/trial_runner.hpp"

namespace amcore {

struct TrialJob {
  int64_t number = 0;
  std::vector<double> values;
  double budget = 1.0;
  const std::atomic<bool>* cancelled = nullptr;  // set by the study: stop cooperatively
  ReportHook report;                             // the strategy's on_report, may be empty
};

class TrialExecutor {
 public:
  virtual ~TrialExecutor() = default;
  // Evaluates one trial on worker slot `worker` (0-based; one call at a time per slot, calls
  // for different slots run in parallel). Never throws: a failure is a failed outcome.
  // Fills outcome.worker with who ran it.
  virtual TrialOutcome run(int worker, const TrialJob& job) = 0;
  // True when run() itself enforces [study] trial_timeout (by killing); otherwise the study
  // loop cancels an overdue trial through is_cancelled.
  virtual bool enforces_trial_timeout() const = 0;
};

// Trials in threads of this process: evaluate_trial, as is.
std::unique_ptr<TrialExecutor> make_thread_executor(const PipelineConfig& config,
                                                    const StudySetup& setup);

}  // namespace amcore
