#include "study/trial_executor.hpp"

namespace amcore {

namespace {

class ThreadExecutor : public TrialExecutor {
 public:
  ThreadExecutor(const PipelineConfig& config, const StudySetup& setup)
      : config_(config), setup_(setup) {}

  TrialOutcome run(int worker, const TrialJob& job) override {
    TrialOutcome outcome = evaluate_trial(config_, setup_, job.number, job.values, job.budget,
                                          job.cancelled, job.report);
    outcome.worker = "thread " + std::to_string(worker);
    return outcome;
  }
  bool enforces_trial_timeout() const override { return false; }

 private:
  const PipelineConfig& config_;
  const StudySetup& setup_;
};

}  // namespace

std::unique_ptr<TrialExecutor> make_thread_executor(const PipelineConfig& config,
                                                    const StudySetup& setup) {
  return std::make_unique<ThreadExecutor>(config, setup);
}

}  // namespace amcore
