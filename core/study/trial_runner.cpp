#include "study/trial_runner.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>

namespace amcore {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

TrialOutcome cross_validate_trial(const PipelineConfig& config, const StudySetup& setup,
                                  int64_t number, const std::vector<double>& values,
                                  double budget, const std::atomic<bool>* cancelled,
                                  const ReportHook& report) {
  const int32_t candidate = setup.space.candidate_of(values.data());
  TrialRequest request;
  request.number = number;
  request.model = setup.models.at(static_cast<size_t>(candidate));
  request.options = setup.space.options_for(values.data());
  request.budget = budget;
  request.cancelled = cancelled;
  request.report = report;
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
                             const std::atomic<bool>* cancelled, const ReportHook& report) {
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
    return report ? report(step, value) : AMS_OK;
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
  try {
    outcome = setup.objective_mode()
                  ? objective_trial(config, setup, number, values, budget, cancelled, report)
                  : cross_validate_trial(config, setup, number, values, budget, cancelled, report);
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
  return outcome;
}

}  // namespace amcore
