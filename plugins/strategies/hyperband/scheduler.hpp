// What both schedules (asynchronous ASHA, synchronous Hyperband) share: configurations known
// by id, the jobs a schedule hands out (a configuration at a rung), and the interface the
// strategy drives them through.
#pragma once

#include <ams/ams.h>

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace ams_hyperband {

// Every configuration seen, sampled here or told from elsewhere, by id (0, 1, ...).
class ConfigTable {
 public:
  int64_t add(std::vector<double> values);
  std::optional<int64_t> find(const std::vector<double>& values) const;
  const std::vector<double>& values(int64_t id) const { return values_[static_cast<size_t>(id)]; }

 private:
  static std::string key(const std::vector<double>& values);
  std::vector<std::vector<double>> values_;
  std::map<std::string, int64_t> ids_;
};

// Evaluate configuration `config` at rung `rung`.
struct Job {
  int64_t config = -1;
  int64_t rung = 0;
};

class Scheduler {
 public:
  virtual ~Scheduler() = default;
  // The job of trial `number`: AMS_OK (job filled), AMS_NOT_READY or AMS_EXHAUSTED.
  // new_config samples a fresh configuration and returns its id.
  virtual ams_status next(int64_t number, const std::function<int64_t()>& new_config,
                          Job& job) = 0;
  // The loss of a job this schedule handed out to trial `number` (+inf when it failed).
  virtual void result(int64_t number, const Job& job, double loss) = 0;
  // The loss of an evaluation it never handed out (resume, warm start).
  virtual void foreign(const Job& job, double loss) = 0;
};

}  // namespace ams_hyperband
