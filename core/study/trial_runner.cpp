#include "study/trial_runner.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>

#include "evaluation/report_steps.hpp"

namespace amcore {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// What the pruner hears of one trial, kept to tell it how the trial ended. Reports may come
// from threads an objective starts, hence the lock.
class PrunerFeed {
 public:
  PrunerFeed(Pruner* pruner, int64_t trial, bool maximize)
      : pruner_(pruner), trial_(trial), sign_(maximize ? -1.0 : 1.0) {}

  bool active() const { return pruner_ != nullptr; }
  bool per_step() const { return pruner_ && pruner_->values() == Pruner::Values::PerStep; }
  bool epochs() const { return pruner_ && pruner_->watches_epochs(); }

  // True when the pruner says stop. `value` is oriented like the score.
  bool report(int64_t step, double value) {
    if (!pruner_) return false;
    {
      std::lock_guard lock(mutex_);
      steps_.push_back(step);
      values_.push_back(sign_ * value);
    }
    return pruner_->should_stop(trial_, step, sign_ * value);
  }

  // Hands what the pruner heard to the outcome, for record_to_pruner.
  void finish(TrialOutcome& outcome) {
    std::lock_guard lock(mutex_);
    outcome.pruner_steps = std::move(steps_);
    outcome.pruner_values = std::move(values_);
  }

 private:
  Pruner* pruner_;
  int64_t trial_;
  double sign_;
  std::mutex mutex_;
  std::vector<int64_t> steps_;
  std::vector<double> values_;
};

// The strategy's hook and the pruner together: either one saying stop stops the trial. The
// strategy hears every report, even one the pruner stops.
ams_status combined_report(const ReportHook& strategy, PrunerFeed& feed, int64_t step,
                           double strategy_value, double pruner_value) {
  const bool strategy_stops = strategy && strategy(step, strategy_value) == AMS_STOP;
  const bool pruner_stops = feed.report(step, pruner_value);
  return strategy_stops || pruner_stops ? AMS_STOP : AMS_OK;
}

TrialOutcome cross_validate_trial(const PipelineConfig& config, const StudySetup& setup,
                                  int64_t number, const std::vector<double>& values,
                                  double budget, const std::atomic<bool>* cancelled,
                                  const ReportHook& report, PrunerFeed& feed) {
  const int32_t candidate = setup.space.candidate_of(values.data());
  TrialRequest request;
  request.number = number;
  request.model = setup.models.at(static_cast<size_t>(candidate));
  request.options = setup.space.options_for(values.data());
  request.budget = budget;
  request.cancelled = cancelled;
  request.report = report;
  // The fold's own score arrives just before the running mean, on the same thread.
  double fold_score = kNaN;
  if (feed.active()) {
    if (feed.per_step())
      request.fold_score = [&fold_score](int64_t, double score) { fold_score = score; };
    request.report = [&report, &feed, &fold_score](int64_t step, double running_mean) {
      const double for_pruner = feed.per_step() ? fold_score : running_mean;
      return combined_report(report, feed, step, running_mean, for_pruner);
    };
  }
  // The model's own per-epoch reports (already at epoch steps, oriented like the score) go to
  // the pruner only: a strategy's on_report hears fold steps, as it always has.
  if (feed.epochs())
    request.model_report = [&feed, candidate](int64_t step, double value) {
      return feed.report(pruner_step(candidate, step), value) ? AMS_STOP : AMS_OK;
    };
  request.locate = [&setup, &config, candidate](const std::string& path) {
    return locate_parameter(setup.space, candidate, config.candidates, path);
  };
  EvaluationResult result = cross_validate(setup.evaluation, request);

  TrialOutcome outcome;
  outcome.value = result.value;
  outcome.intermediate = std::move(result.intermediate);
  outcome.last_step = result.last_step;
  outcome.error = std::move(result.error);
  outcome.duration_s = result.duration_s;
  switch (result.state) {
    case EvaluationResult::State::Complete: outcome.state = StoredState::Complete; break;
    case EvaluationResult::State::Pruned: outcome.state = StoredState::Pruned; break;
    case EvaluationResult::State::Failed:
    case EvaluationResult::State::Cancelled:
      outcome.state = StoredState::Failed;
      outcome.value = kNaN;
      break;
  }
  return outcome;
}

TrialOutcome objective_trial(const PipelineConfig& config, const StudySetup& setup,
                             int64_t number, const std::vector<double>& values, double budget,
                             const std::atomic<bool>* cancelled, const ReportHook& report,
                             PrunerFeed& feed) {
  const PluginObject& objective = *setup.objective;
  TrialOutcome outcome;
  std::mutex reports_mutex;  // report() may come from threads the objective starts
  auto ctx = make_context(config, setup.space.options_for(values.data()),
                          objective.label() + " trial " + std::to_string(number),
                          objective_seed(config.study.seed, number));
  ctx->budget = budget;
  ctx->cancelled = cancelled;
  ctx->on_report = [&](int64_t step, double value) {
    {
      std::lock_guard lock(reports_mutex);
      outcome.intermediate.emplace_back(step, value);
    }
    return combined_report(report, feed, step, value, value);
  };
  ctx->locate = [&setup, &config](const std::string& path) {
    return locate_parameter(setup.space, -1, config.candidates, path);
  };

  ams_trial trial{};
  trial.struct_size = sizeof trial;
  trial.number = number;
  trial.n_params = static_cast<int32_t>(values.size());
  trial.values = values.data();
  trial.budget = budget;
  double value = kNaN;
  ams_status status =
      objective.component().objective.evaluate(objective.self(), ctx.get(), &trial, &value);

  if (status == AMS_STOP) {
    outcome.state = StoredState::Pruned;
    outcome.value = outcome.intermediate.empty() ? kNaN : outcome.intermediate.back().second;
    outcome.last_step = outcome.intermediate.empty() ? -1 : outcome.intermediate.back().first;
    outcome.error = "pruned";
  } else if (status < 0) {
    std::string message;
    for (const std::string& e : ctx->option_errors()) message += (message.empty() ? "" : "\n") + e;
    if (message.empty()) message = ctx->take_error();
    if (message.empty()) message = "failed with status " + std::to_string(status);
    outcome.error = objective.label() + ": " + message;
    outcome.value = kNaN;
  } else if (!std::isfinite(value)) {
    outcome.error = objective.label() + " returned a non-finite value";
    outcome.value = kNaN;
  } else {
    outcome.state = StoredState::Complete;
    outcome.value = value;
  }
  return outcome;
}

}  // namespace

TrialOutcome evaluate_trial(const PipelineConfig& config, const StudySetup& setup,
                            int64_t number, const std::vector<double>& values, double budget,
                            const std::atomic<bool>* cancelled, const ReportHook& report) {
  const auto start = std::chrono::steady_clock::now();
  TrialOutcome outcome;
  PrunerFeed feed(setup.pruner.get(), number, setup.maximize);
  try {
    outcome = setup.objective_mode()
                  ? objective_trial(config, setup, number, values, budget, cancelled, report, feed)
                  : cross_validate_trial(config, setup, number, values, budget, cancelled, report,
                                         feed);
  } catch (const std::exception& e) {
    outcome = TrialOutcome{};
    outcome.value = kNaN;
    outcome.error = e.what();
  } catch (...) {
    outcome = TrialOutcome{};
    outcome.value = kNaN;
    outcome.error = "unknown error";
  }
  if (outcome.duration_s <= 0)
    outcome.duration_s =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  feed.finish(outcome);
  return outcome;
}

void record_to_pruner(const StudySetup& setup, int64_t number, const TrialOutcome& outcome) {
  if (!setup.pruner) return;
  const double sign = setup.maximize ? -1.0 : 1.0;
  const bool complete = outcome.state == StoredState::Complete;
  setup.pruner->record_finished(number, outcome.pruner_steps, outcome.pruner_values,
                                outcome.state, complete ? sign * outcome.value : kNaN);
}

void replay_to_pruner(const StudySetup& setup, const std::vector<StoredTrial>& trials) {
  if (!setup.pruner) return;
  const bool fold_scores = !setup.objective_mode() &&
                           setup.pruner->values() == Pruner::Values::PerStep;
  // Epoch steps are stored only when a rule watched them; a rule that does not (resumed with
  // another [pruner]) must not take them for folds.
  const bool epochs = !setup.objective_mode() && setup.pruner->watches_epochs();
  const double sign = setup.maximize ? -1.0 : 1.0;
  for (const StoredTrial& trial : trials) {
    if (trial.state == StoredState::Running) continue;
    std::vector<int64_t> steps;
    std::vector<double> values;
    double previous_mean = 0, folds = 0;
    for (const auto& [step, value] : trial.intermediate) {
      if (!setup.objective_mode() && is_epoch_step(step)) {
        if (epochs && trial.values.size() == static_cast<size_t>(setup.space.size())) {
          steps.push_back(pruner_step(setup.space.candidate_of(trial.values.data()), step));
          values.push_back(sign * value);
        }
        continue;
      }
      // Running mean m_k of folds 0..k: fold k scored (k+1) m_k - k m_(k-1).
      const double reported = fold_scores ? (folds + 1) * value - folds * previous_mean : value;
      previous_mean = value;
      folds += 1;
      steps.push_back(step);
      values.push_back(sign * reported);
    }
    const bool complete = trial.state == StoredState::Complete;
    setup.pruner->record_finished(trial.number, steps, values, trial.state,
                                  complete ? sign * trial.value : kNaN);
  }
}

}  // namespace amcore
