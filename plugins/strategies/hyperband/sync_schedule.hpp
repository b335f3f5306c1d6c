// Synchronous Hyperband (Li et al. 2018): brackets run one after the other, from the most
// aggressive; each is successive halving: bracket_size configurations at its base rung, then
// the best floor(n / eta) of each rung, once every result of the rung is in, at the next rung
// (as new trials with the same parameters and eta times the budget). While a rung waits for
// results nothing else starts (AMS_NOT_READY); after the last bracket it is exhausted.
// Evaluations told from elsewhere (resume) fill matching slots without being asked again: a
// base-rung result at the rung's budget takes a new-configuration slot, a higher-rung result
// takes the slot of the same configuration.
#pragma once

#include <vector>

#include "ladder.hpp"
#include "scheduler.hpp"

namespace ams_hyperband {

class SyncSchedule : public Scheduler {
 public:
  explicit SyncSchedule(const Ladder& ladder);
  ams_status next(int64_t number, const std::function<int64_t()>& new_config, Job& job) override;
  void result(int64_t number, const Job& job, double loss) override;
  void foreign(const Job& job, double loss) override;

 private:
  struct Slot {
    int64_t config = -1;  // -1: a new configuration, not sampled yet
    int64_t number = -1;  // the trial evaluating it, -1 before it is asked
    double loss = 0;
    bool done = false;
  };
  struct Told {
    Job job;
    double loss;
    bool used = false;
  };
  void start_bracket();
  void fill_from_told();
  void climb();

  Ladder ladder_;
  int64_t bracket_ = 0;
  int64_t rung_ = 0;
  std::vector<Slot> slots_;
  std::vector<Told> told_;
};

}  // namespace ams_hyperband
