// Asynchronous successive halving (ASHA, Li et al. 2020) over one or several brackets: a free
// worker gets a promotion whenever some rung has a configuration in the top 1/eta of the
// results in so far that was not promoted yet (higher rungs first); otherwise it starts a new
// configuration at the base rung of a bracket, the brackets taking turns in proportion to the
// number of configurations Hyperband starts in each. Never waits, never ends.
#pragma once

#include <set>
#include <utility>
#include <vector>

#include "ladder.hpp"
#include "scheduler.hpp"

namespace ams_hyperband {

class AshaSchedule : public Scheduler {
 public:
  explicit AshaSchedule(const Ladder& ladder);
  ams_status next(int64_t number, const std::function<int64_t()>& new_config, Job& job) override;
  void result(int64_t number, const Job& job, double loss) override;
  void foreign(const Job& job, double loss) override;

 private:
  struct Rung {
    std::vector<std::pair<double, int64_t>> results;  // (loss, config)
    std::set<int64_t> promoted;
  };
  Rung& rung(int64_t bracket, int64_t k) {
    return rungs_[static_cast<size_t>(bracket)][static_cast<size_t>(k)];
  }
  void record(int64_t config, int64_t k, double loss);
  int64_t next_bracket() const;

  Ladder ladder_;
  std::vector<std::vector<Rung>> rungs_;  // [bracket][rung]
  std::map<int64_t, int64_t> bracket_of_;  // config -> bracket
  std::vector<int64_t> started_;          // configurations started per bracket
};

}  // namespace ams_hyperband
