// The `hyperband` strategy: random configurations raced over the trial budget (the fidelity a
// model honours through host->budget, e.g. a fraction of its trees or epochs). Cheap, low-budget
// evaluations weed out bad configurations; the best 1/eta of each rung are evaluated again, as
// new trials with the same parameters, at eta times the budget, up to the full budget.
//
// Options: min_budget (smallest budget, in (0, 1], default 1/27), eta (3), brackets (how many
// of the Hyperband brackets to run, most aggressive first; default all), mode = "asha"
// (asynchronous promotions, never waits: the right choice with parallel workers) or "sync"
// (textbook Hyperband: each rung waits for all its results, exhausted after the last bracket),
// max_trials (answer AMS_EXHAUSTED once that many trials were asked or told).
#include <ams/plugin.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <optional>
#include <set>

#include "asha.hpp"
#include "ladder.hpp"
#include "rng.hpp"
#include "scheduler.hpp"
#include "space_codec.hpp"
#include "sync_schedule.hpp"

namespace ams_hyperband {

class HyperbandStrategy : public ams::Strategy {
 public:
  static constexpr const char* name = "hyperband";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Hyperband / successive halving over the trial budget, asynchronous (ASHA) or synchronous";

  explicit HyperbandStrategy(ams::Context ctx)
      : ams::Strategy(ctx), seed_(ctx.seed()), ladder_(ladder_of(ctx)) {
    if (ctx.get_choice("mode", "asha", {"asha", "sync"}) == "sync")
      schedule_ = std::make_unique<SyncSchedule>(ladder_);
    else
      schedule_ = std::make_unique<AshaSchedule>(ladder_);
    if (ctx.has("max_trials"))
      max_trials_ = ctx.get_int_in("max_trials", 0, 1, std::numeric_limits<int64_t>::max());
    ctx.log(AMS_LOG_DEBUG, "hyperband: " + std::to_string(ladder_.top() + 1) +
                               " rungs from budget " + std::to_string(ladder_.budget(0)) + ", " +
                               std::to_string(ladder_.brackets()) + " brackets");
  }

  void start(const ams_space& space) override {
    space_ = &space;
    for (int32_t i = 0; i < space.n_params; ++i) check_param(*space.params[i], i);
  }

  ams_status ask(int64_t number, double* values, double* budget) override {
    if (max_trials_ && !seen_.count(number) && static_cast<int64_t>(seen_.size()) >= *max_trials_)
      return AMS_EXHAUSTED;
    Rng rng(mix_seed(seed_, static_cast<uint64_t>(number)));
    auto new_config = [&] { return configs_.add(random_trial(*space_, rng)); };
    Job job;
    ams_status status = schedule_->next(number, new_config, job);
    if (status != AMS_OK) return status;
    seen_.insert(number);
    jobs_[number] = job;
    const auto& v = configs_.values(job.config);
    std::copy(v.begin(), v.end(), values);
    *budget = ladder_.budget(job.rung);
    return AMS_OK;
  }

  void tell(const ams_trial_result& r) override {
    if (r.trial.n_params != space_->n_params || !r.trial.values)
      throw ams::Error("told a trial with " + std::to_string(r.trial.n_params) +
                           " values, but the space has " + std::to_string(space_->n_params) +
                           " parameters",
                       AMS_ERR_INVALID);
    seen_.insert(r.trial.number);
    // Failed and pruned trials rank last: a pruned trial's partial loss is not comparable.
    const double loss = r.state == AMS_TRIAL_COMPLETE && !std::isnan(r.value)
                            ? r.value
                            : std::numeric_limits<double>::infinity();
    auto it = jobs_.find(r.trial.number);
    if (it != jobs_.end()) {
      schedule_->result(r.trial.number, it->second, loss);
      jobs_.erase(it);
      return;
    }
    std::optional<int64_t> rung = ladder_.rung_of(r.trial.budget);
    if (!rung) {
      if (!warned_off_ladder_)
        ctx_.log(AMS_LOG_INFO, "hyperband: trial " + std::to_string(r.trial.number) +
                                   " has budget " + std::to_string(r.trial.budget) +
                                   ", on none of this ladder's rungs: told trials with such "
                                   "budgets are not used");
      warned_off_ladder_ = true;
      return;
    }
    std::vector<double> values(static_cast<size_t>(space_->n_params),
                               std::numeric_limits<double>::quiet_NaN());
    for (int32_t i = 0; i < space_->n_params; ++i) {
      const ams_param& p = *space_->params[i];
      if (!is_active(p, values.data())) continue;
      values[static_cast<size_t>(i)] = sanitise(p, r.trial.values[i]);
      if (std::isnan(values[static_cast<size_t>(i)]))
        return;  // an active parameter without a value could never be promoted
    }
    std::optional<int64_t> config = configs_.find(values);
    schedule_->foreign({config ? *config : configs_.add(values), *rung}, loss);
  }

 private:
  static Ladder ladder_of(const ams::Context& ctx) {
    const double min_budget = ctx.get_double("min_budget", 1.0 / 27);
    if (!(min_budget > 0 && min_budget <= 1))
      ctx.option_error("min_budget", "must be in (0, 1], e.g. 1/27 = 0.037");
    const int64_t eta = ctx.get_int_in("eta", 3, 2, 100);
    Ladder all(min_budget, eta, 0);
    if (all.top() > 40)
      ctx.option_error("min_budget", "is too small for eta = " + std::to_string(eta) +
                                         ": more than 40 rungs");
    const int64_t brackets = ctx.get_int_in("brackets", all.brackets(), 1, all.brackets());
    return Ladder(min_budget, eta, brackets);
  }

  const uint64_t seed_;
  Ladder ladder_;
  std::unique_ptr<Scheduler> schedule_;
  std::optional<int64_t> max_trials_;
  const ams_space* space_ = nullptr;
  ConfigTable configs_;
  std::map<int64_t, Job> jobs_;  // trials asked and not told yet
  std::set<int64_t> seen_;
  bool warned_off_ladder_ = false;
};

}  // namespace ams_hyperband

AMS_PLUGIN("org.amsearch.strategies.hyperband", "1.0.0", "amsearch",
           ams::strategy<ams_hyperband::HyperbandStrategy>())
