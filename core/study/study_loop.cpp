#include "study/study_loop.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <limits>
#include <map>
#include <memory>
#include <cstdio>
#include <deque>
#include <optional>
#include <mutex>

#include "output/json.hpp"
#include "output/writers.hpp"
#include "study/interrupt.hpp"
#include "study/trial_runner.hpp"
#include "study/worker_pool.hpp"

namespace amcore {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
using Clock = std::chrono::steady_clock;

double unix_now() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int32_t abi_state_of(StoredState state) {
  switch (state) {
    case StoredState::Complete: return AMS_TRIAL_COMPLETE;
    case StoredState::Pruned: return AMS_TRIAL_PRUNED;
    default: return AMS_TRIAL_FAILED;
  }
}

// The strategy is called from one thread at a time (ABI rule), but reports arrive from the
// workers: every call goes through this lock.
struct GuardedStrategy {
  PluginObject& object;
  const ams_strategy_vtable& vtable;
  std::mutex mutex;
  std::string report_error;  // a failed on_report, raised on the study's thread

  void tell(const StoredTrial& trial, int64_t last_step, bool maximize) {
    const double sign = maximize ? -1.0 : 1.0;  // strategies always minimize
    std::vector<double> values = trial.values;
    std::vector<double> intermediate;
    std::vector<int64_t> steps;
    for (const auto& [step, value] : trial.intermediate) {
      steps.push_back(step);
      intermediate.push_back(sign * value);
    }
    ams_trial_result result{};
    result.struct_size = sizeof result;
    result.trial.struct_size = sizeof result.trial;
    result.trial.number = trial.number;
    result.trial.n_params = static_cast<int32_t>(values.size());
    result.trial.values = values.data();
    result.trial.budget = trial.budget;
    result.state = abi_state_of(trial.state);
    result.value = trial.state == StoredState::Failed ? kNaN : sign * trial.value;
    result.last_step = trial.state == StoredState::Pruned ? last_step : -1;
    result.n_intermediate = static_cast<int32_t>(intermediate.size());
    result.intermediate_values = intermediate.data();
    result.intermediate_steps = steps.data();
    std::lock_guard lock(mutex);
    object.check(vtable.tell(object.self(), &result), "tell");
  }
};

struct Finished {
  int64_t number = 0;
  int worker = 0;
  TrialOutcome outcome;
};

struct Proposal {
  int64_t number = 0;
  std::vector<double> values;
  double budget = 1.0;
};

struct InFlight {
  std::vector<double> values;
  double budget = 1.0;
  double start_time = 0;
  Clock::time_point started = Clock::now();
  bool over_trial_timeout = false;  // cancelled by the study loop for [study] trial_timeout
  std::unique_ptr<std::atomic<bool>> cancelled = std::make_unique<std::atomic<bool>>(false);
};

}  // namespace

void replay_trials(const StudySetup& setup, PluginObject& strategy,
                   const std::vector<StoredTrial>& trials) {
  GuardedStrategy guarded{strategy, setup.strategy->strategy, {}, {}};
  for (const StoredTrial& trial : trials) {
    if (trial.state == StoredState::Running) continue;
    int64_t last_step = trial.intermediate.empty() ? -1 : trial.intermediate.back().first;
    guarded.tell(trial, last_step, setup.maximize);
  }
}

LoopResult run_trials(const PipelineConfig& config, const StudySetup& setup,
                      PluginObject& strategy, StudyStorage& storage, TrialExecutor& executor,
                      std::vector<StoredTrial> previous, std::vector<StoredTrial> rerun,
                      StudyObserver* observer) {
  const auto started = Clock::now();
  const auto elapsed = [&] { return std::chrono::duration<double>(Clock::now() - started).count(); };
  const bool maximize = setup.maximize;
  const int parallel = std::max(1, config.study.parallel);
  const std::string& strategy_name = config.strategy.plugin;

  LoopResult result;
  result.trials = std::move(previous);
  StudyProgress progress;
  // Tracked by number: the vector of trials grows and moves.
  int64_t best_number = -1;
  const auto find_best = [&]() -> const StoredTrial* {
    for (const StoredTrial& t : result.trials)
      if (t.number == best_number) return &t;
    return nullptr;
  };
  const auto consider = [&](const StoredTrial& t) {
    if (t.state != StoredState::Complete || !std::isfinite(t.value)) return;
    const StoredTrial* best = find_best();
    // Same order as output/writers.cpp: full-budget trials before cheaper ones, then value.
    if (!best || t.budget > best->budget ||
        (t.budget == best->budget && better(t.value, best->value, maximize)))
      best_number = t.number;
  };
  for (const StoredTrial& t : result.trials) consider(t);
  const int64_t already = static_cast<int64_t>(result.trials.size());
  int64_t next_number = storage.next_trial_number();
  int64_t asked = 0;  // this run
  const std::optional<int64_t> to_ask =
      config.study.trials ? std::optional(std::max<int64_t>(0, *config.study.trials - already))
                          : std::nullopt;

  GuardedStrategy guarded{strategy, setup.strategy->strategy, {}, {}};
  CompletionQueue<Finished> finished;
  std::map<int64_t, InFlight> running;
  std::string stop_reason;
  bool timed_out = false;
  int64_t failures = 0;  // this run's failed trials, for [study] max_failures
  size_t next_rerun = 0;
  // Threads cannot be killed: there the loop enforces trial_timeout by cancelling the trial.
  // 0: none.
  const double loop_trial_timeout = executor.enforces_trial_timeout()
                                        ? 0.0
                                        : config.study.trial_timeout_seconds.value_or(0.0);
  const auto wait_step = std::chrono::milliseconds(loop_trial_timeout > 0 ? 50 : 200);

  // Running trials hold references into this frame: cancel and wait for them on any exit.
  std::unique_ptr<WorkerPool> pool = std::make_unique<WorkerPool>(parallel);
  struct PoolStopper {
    std::map<int64_t, InFlight>& running;
    std::unique_ptr<WorkerPool>& pool;
    ~PoolStopper() {
      for (auto& [number, trial] : running) trial.cancelled->store(true);
      pool.reset();
    }
  } stopper{running, pool};

  auto time_is_up = [&] {
    return config.study.timeout_seconds && elapsed() >= *config.study.timeout_seconds;
  };

  // deterministic: results heard from the batch in flight, told in trial order once it ends;
  // asked trials of the batch waiting for a free worker.
  const bool deterministic = config.study.deterministic;
  std::vector<std::pair<StoredTrial, TrialOutcome>> untold;
  std::deque<Proposal> queued;
  int64_t asked_in_batch = 0;

  auto launch = [&](Proposal proposal) {
    InFlight flight;
    flight.values = proposal.values;
    flight.budget = proposal.budget;
    flight.start_time = unix_now();
    StoredTrial mark;
    mark.number = proposal.number;
    mark.state = StoredState::Running;
    mark.value = kNaN;
    mark.values = proposal.values;
    mark.params_json = params_json(setup.space, proposal.values.data());
    mark.budget = proposal.budget;
    mark.start_time = flight.start_time;
    storage.mark_running(mark);
    const std::atomic<bool>* cancelled = flight.cancelled.get();
    const int64_t number = proposal.number;
    running.emplace(number, std::move(flight));
    ReportHook report;
    // Deterministic runs keep the strategy's view independent of timing: it hears the
    // intermediate values with the result, in trial order, and never mid-trial.
    if (guarded.vtable.on_report && !deterministic) {
      report = [&guarded, number, maximize](int64_t step, double value) -> ams_status {
        std::lock_guard lock(guarded.mutex);
        ams_status s = guarded.vtable.on_report(guarded.object.self(), number, step,
                                                maximize ? -value : value);
        if (s < 0 && guarded.report_error.empty()) {
          std::string message = guarded.object.context().take_error();
          guarded.report_error = guarded.object.label() + ": on_report failed: " +
                                 (message.empty() ? "no message" : message);
        }
        return s == AMS_STOP ? AMS_STOP : AMS_OK;
      };
    }
    TrialJob job;
    job.number = number;
    job.values = std::move(proposal.values);
    job.budget = proposal.budget;
    job.cancelled = cancelled;
    job.report = std::move(report);
    pool->submit([&executor, &finished, job = std::move(job)](int worker) {
      Finished done;
      done.number = job.number;
      done.outcome = executor.run(worker, job);
      done.worker = worker;
      finished.push(std::move(done));
    });
    ++progress.running;
  };

  // The next trial to run: a re-run of a killed one, or the strategy's answer. nullopt with
  // stop_reason set: the study is over; without: nothing to ask until a trial finishes.
  auto next_proposal = [&]() -> std::optional<Proposal> {
    if (to_ask && asked >= *to_ask) {
      stop_reason = "trials";
    } else if (interrupt_requested()) {
      stop_reason = "interrupted";
    } else if (time_is_up()) {
      stop_reason = "timeout";
    } else if (config.study.max_failures && failures >= *config.study.max_failures) {
      stop_reason = "max_failures";
    }
    if (!stop_reason.empty()) return std::nullopt;
    if (next_rerun < rerun.size()) {
      StoredTrial& again = rerun[next_rerun++];
      ++asked;
      return Proposal{again.number, std::move(again.values), again.budget};
    }
    std::vector<double> values(static_cast<size_t>(setup.space.size()), kNaN);
    double budget = 1.0;
    ams_status status;
    {
      std::lock_guard lock(guarded.mutex);
      status = guarded.vtable.ask(strategy.self(), next_number, values.data(), &budget);
    }
    if (status == AMS_EXHAUSTED) {
      stop_reason = "exhausted";
      return std::nullopt;
    }
    if (status == AMS_NOT_READY) {
      if (running.empty() && queued.empty())
        throw PluginCallError("strategy " + strategy_name +
                                  " answered 'not ready' while no trial is running: it would "
                                  "wait forever (a bug in the strategy)",
                              AMS_ERROR);
      return std::nullopt;
    }
    strategy.check(status, "ask");
    if (status != AMS_OK)
      throw PluginCallError("strategy " + strategy_name + ": ask returned the unknown status " +
                                std::to_string(status),
                            AMS_ERROR);
    if (!(budget > 0 && budget <= 1))
      throw PluginCallError("strategy " + strategy_name + " proposed trial " +
                                std::to_string(next_number) + " with budget " +
                                std::to_string(budget) + ", outside (0, 1] (a bug in the strategy)",
                            AMS_ERROR);
    if (std::string bad = setup.space.check(values.data()); !bad.empty())
      throw PluginCallError("strategy " + strategy_name + " proposed an invalid trial " +
                                std::to_string(next_number) + ": " + bad +
                                " (a bug in the strategy)",
                            AMS_ERROR);
    ++asked;
    return Proposal{next_number++, std::move(values), budget};
  };

  // A finished (and committed) trial reaches the pruner, the strategy and the observer.
  auto conclude = [&](StoredTrial trial, const TrialOutcome& outcome) {
    record_to_pruner(setup, trial.number, outcome);
    guarded.tell(trial, outcome.last_step, maximize);

    result.trials.push_back(std::move(trial));
    const StoredTrial& stored = result.trials.back();
    consider(stored);
    const StoredTrial* best = find_best();

    ++progress.finished;
    if (stored.state == StoredState::Complete) ++progress.complete;
    if (stored.state == StoredState::Failed) ++progress.failed;
    if (stored.state == StoredState::Pruned) ++progress.pruned;
    progress.elapsed_seconds = elapsed();
    if (observer) observer->on_trial(stored, best, progress);

    if (best && config.study.target && stop_reason.empty() &&
        !better(*config.study.target, best->value, maximize))
      stop_reason = "target";
    if (config.study.max_failures && failures >= *config.study.max_failures &&
        stop_reason.empty())
      stop_reason = "max_failures";
  };

  auto ask_more = [&] {
    if (!deterministic) {
      while (stop_reason.empty() && static_cast<int>(running.size()) < parallel) {
        std::optional<Proposal> proposal = next_proposal();
        if (!proposal) break;
        launch(std::move(*proposal));
      }
      return;
    }
    // Batches: ask `batch` trials, run them on the free workers, tell all their results in
    // trial order, ask the next batch. What the strategy sees depends on no timing.
    if (stop_reason.empty() && interrupt_requested()) stop_reason = "interrupted";
    // Asked but not started (not in the database either): dropped when the study must end now;
    // run when it only stops asking (the trial count was reached while asking this batch).
    if (stop_reason == "interrupted" || stop_reason == "timeout") queued.clear();
    while (static_cast<int>(running.size()) < parallel && !queued.empty()) {
      launch(std::move(queued.front()));
      queued.pop_front();
    }
    if (!running.empty()) return;
    std::sort(untold.begin(), untold.end(),
              [](const auto& a, const auto& b) { return a.first.number < b.first.number; });
    for (auto& [trial, outcome] : untold) conclude(std::move(trial), outcome);
    untold.clear();
    asked_in_batch = 0;
    while (stop_reason.empty() && asked_in_batch < config.study.batch) {
      std::optional<Proposal> proposal = next_proposal();
      if (!proposal) break;
      queued.push_back(std::move(*proposal));
      ++asked_in_batch;
    }
    while (static_cast<int>(running.size()) < parallel && !queued.empty()) {
      launch(std::move(queued.front()));
      queued.pop_front();
    }
  };

  if (observer) observer->on_tick(progress);
  ask_more();
  while (!running.empty()) {
    std::optional<Finished> done = finished.pop_for(wait_step);
    {
      std::lock_guard lock(guarded.mutex);
      if (!guarded.report_error.empty()) throw PluginCallError(guarded.report_error, AMS_ERROR);
    }
    if (!done) {
      if (loop_trial_timeout > 0)
        for (auto& [number, trial] : running)
          if (!trial.over_trial_timeout &&
              std::chrono::duration<double>(Clock::now() - trial.started).count() >
                  loop_trial_timeout) {
            trial.over_trial_timeout = true;
            trial.cancelled->store(true);
          }
      if (!timed_out && time_is_up()) {
        // The time limit also cuts running trials short (they see is_cancelled).
        timed_out = true;
        if (stop_reason.empty()) stop_reason = "timeout";
        for (auto& [number, trial] : running) trial.cancelled->store(true);
      }
      if (stop_reason.empty() && interrupt_requested()) stop_reason = "interrupted";
      progress.elapsed_seconds = elapsed();
      if (observer) observer->on_tick(progress);
      continue;
    }

    auto it = running.find(done->number);
    InFlight flight = std::move(it->second);
    running.erase(it);
    --progress.running;

    StoredTrial trial;
    trial.number = done->number;
    trial.state = done->outcome.state;
    trial.value = done->outcome.value;
    trial.values = flight.values;
    trial.params_json = params_json(setup.space, flight.values.data());
    trial.budget = flight.budget;
    trial.intermediate = done->outcome.intermediate;
    trial.start_time = flight.start_time;
    trial.end_time = unix_now();
    trial.duration_s = done->outcome.duration_s;
    trial.worker = done->outcome.worker;
    trial.error = done->outcome.error;
    if (flight.over_trial_timeout) {
      // Failed even if the plugin ignored is_cancelled and finished late: the limit holds.
      char limit[32];
      std::snprintf(limit, sizeof limit, "%gs", loop_trial_timeout);
      trial.state = done->outcome.state = StoredState::Failed;
      trial.value = done->outcome.value = kNaN;
      trial.error = std::string("exceeded trial_timeout = ") + limit +
                    " (cancelled through is_cancelled; isolation = \"process\" kills instead)" +
                    (trial.error.empty() ? "" : ": " + trial.error);
    } else if (timed_out && trial.state == StoredState::Failed && flight.cancelled->load()) {
      trial.error = "cut short by the study's time limit: " + trial.error;
    }
    if (trial.state == StoredState::Failed) ++failures;

    // Committed before the strategy hears of it: a crash never loses a told trial.
    storage.append_trial(trial);
    if (deterministic)
      untold.emplace_back(std::move(trial), std::move(done->outcome));
    else
      conclude(std::move(trial), done->outcome);
    ask_more();
  }
  if (stop_reason.empty()) stop_reason = "trials";
  std::sort(result.trials.begin(), result.trials.end(),
            [](const StoredTrial& a, const StoredTrial& b) { return a.number < b.number; });
  result.stop_reason = stop_reason;
  result.elapsed_seconds = elapsed();
  return result;
}

}  // namespace amcore
