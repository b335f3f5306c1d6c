#include "evaluation/cross_validation.hpp"

#include <chrono>
#include <cmath>
#include <limits>
#include <mutex>
#include <optional>

#include "common/errors.hpp"

namespace amcore {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

bool cancelled(const TrialRequest& request) {
  return request.cancelled && request.cancelled->load(std::memory_order_relaxed);
}

// What a model reported during one trial through the model_report hook: kept in the result's
// intermediate values, and the first report the hook answered with stop. A model may report
// from threads it starts, hence the lock.
struct EpochReports {
  std::mutex mutex;
  std::vector<std::pair<int64_t, double>>* intermediate = nullptr;
  std::optional<size_t> stopped_at;  // index into *intermediate
};

// +1 when the model's declared report_direction agrees with the metric's, -1 when it is the
// opposite, 0 when the model declares none (its reports cannot be compared: ignored).
double report_sign(const Evaluation& evaluation, const TrialRequest& request) {
  const int32_t model = request.model->model.report_direction;
  if (model != AMS_MAXIMIZE && model != AMS_MINIMIZE) return 0;
  const int32_t metric = evaluation.metric->maximize() ? AMS_MAXIMIZE : AMS_MINIMIZE;
  return model == metric ? 1.0 : -1.0;
}

// The report hook of fold `fold`'s model: the model's step becomes an epoch step, its value is
// oriented like the metric, kept, and handed to request.model_report.
std::function<ams_status(int64_t, double)> epoch_hook(const TrialRequest& request,
                                                      EpochReports& reports, int fold,
                                                      double sign) {
  return [&request, &reports, fold, sign](int64_t epoch, double value) -> ams_status {
    if (!valid_epoch(epoch)) return AMS_OK;
    const int64_t step = epoch_step(fold, epoch);
    const double oriented = sign * value;
    size_t index;
    {
      std::lock_guard lock(reports.mutex);
      if (reports.stopped_at) return AMS_STOP;  // told once: the answer stays stop
      index = reports.intermediate->size();
      reports.intermediate->emplace_back(step, oriented);
    }
    if (request.model_report(step, oriented) != AMS_STOP) return AMS_OK;
    std::lock_guard lock(reports.mutex);
    if (!reports.stopped_at) reports.stopped_at = index;
    return AMS_STOP;
  };
}

// The context of the model object for one fold (fold = -1: the refit). `on_report` receives
// the model's reports; unset: they are ignored.
std::unique_ptr<ams_context> model_context(
    const Evaluation& evaluation, const TrialRequest& request, int fold,
    std::function<ams_status(int64_t, double)> on_report = {}) {
  auto ctx = std::make_unique<ams_context>();
  ctx->options = request.options;
  ctx->file = evaluation.file;
  ctx->base_dir = evaluation.base_dir;
  ctx->label = "model " + request.model->name;
  ctx->seed = model_seed(evaluation.study_seed, request.number, fold);
  ctx->budget = request.budget;
  ctx->cancelled = request.cancelled;
  if (on_report) ctx->on_report = std::move(on_report);
  if (request.locate) ctx->locate = request.locate;
  if (request.log) ctx->on_log = request.log;
  return ctx;
}

// What went wrong in a plugin call, with the plugin's message.
std::string failure(ModelObject& model, const std::string& what, ams_status status) {
  std::string message = model.context().take_error();
  if (message.empty()) message = "no message (status " + std::to_string(status) + ")";
  return model.context().label + ": " + what + " failed: " + message;
}

// Target (and weights) of some rows, gathered for the metric, which takes plain arrays.
struct Truth {
  std::vector<double> y, weight;
};
Truth truth_of(const Dataset& data, const std::vector<int64_t>& rows) {
  Truth t;
  const ams_dataset& all = data.all();
  t.y.reserve(rows.size());
  for (int64_t r : rows) t.y.push_back(data.target(r));
  if (all.sample_weight) {
    t.weight.reserve(rows.size());
    for (int64_t r : rows) t.weight.push_back(all.sample_weight[r]);
  }
  return t;
}

// Predicts `rows` with a fitted model and scores them. Throws EvaluationError.
double score_rows(const Evaluation& evaluation, ModelObject& model,
                  const std::vector<int64_t>& rows) {
  const Dataset& data = *evaluation.data;
  const Metric& metric = *evaluation.metric;
  const ams_dataset view = data.view(rows);
  std::vector<double> predictions, proba;
  ams_status status = model.predict(view, predictions);
  if (status != AMS_OK) throw EvaluationError(failure(model, "predict", status));
  if (metric.needs_proba()) {
    if (!(model.component().model.capabilities & AMS_MODEL_PROBA) ||
        !model.component().model.predict_proba)
      throw EvaluationError("metric '" + metric.name() + "' needs class probabilities but model '" +
                            model.component().name +
                            "' cannot predict them: choose another metric or model");
    status = model.predict_proba(view, data.n_classes(), proba);
    if (status != AMS_OK) throw EvaluationError(failure(model, "predict_proba", status));
  }
  const Truth truth = truth_of(data, rows);
  ams_metric_input input{};
  input.struct_size = sizeof(ams_metric_input);
  input.n = static_cast<int64_t>(rows.size());
  input.y_true = truth.y.data();
  input.y_pred = predictions.data();
  input.proba = proba.empty() ? nullptr : proba.data();
  input.sample_weight = truth.weight.empty() ? nullptr : truth.weight.data();
  input.n_classes = data.n_classes();
  return metric.score(input);
}

void check_request(const Evaluation& evaluation, const TrialRequest& request) {
  if (!evaluation.data || !evaluation.metric || !request.model)
    throw std::logic_error("cross_validate: Evaluation needs data and metric, and the request a model");
}

// Empty when the model can learn this task, else why not.
std::string task_mismatch(const Component& model, int32_t task) {
  const uint32_t caps = model.model.capabilities;
  if (task == AMS_TASK_CLASSIFICATION && !(caps & AMS_MODEL_CLASSIFICATION))
    return "model '" + model.name + "' cannot do classification";
  if (task == AMS_TASK_REGRESSION && !(caps & AMS_MODEL_REGRESSION))
    return "model '" + model.name + "' cannot do regression";
  return {};
}

}  // namespace

int32_t abi_state(EvaluationResult::State state) {
  switch (state) {
    case EvaluationResult::State::Complete: return AMS_TRIAL_COMPLETE;
    case EvaluationResult::State::Pruned: return AMS_TRIAL_PRUNED;
    default: return AMS_TRIAL_FAILED;
  }
}

const char* evaluation_state_name(EvaluationResult::State state) {
  switch (state) {
    case EvaluationResult::State::Complete: return "complete";
    case EvaluationResult::State::Pruned: return "pruned";
    case EvaluationResult::State::Failed: return "failed";
    case EvaluationResult::State::Cancelled: return "cancelled";
  }
  return "?";
}

uint64_t model_seed(uint64_t study_seed, int64_t trial, int fold) {
  return derive_seed(study_seed, static_cast<uint64_t>(trial + 1), static_cast<uint64_t>(fold + 1));
}

EvaluationResult cross_validate(const Evaluation& evaluation, const TrialRequest& request) {
  check_request(evaluation, request);
  const auto start = std::chrono::steady_clock::now();
  EvaluationResult result;
  result.value = kNaN;
  auto finish = [&](EvaluationResult::State state, std::string error = {}) {
    result.state = state;
    result.error = std::move(error);
    result.duration_s = seconds_since(start);
    return result;
  };
  if (evaluation.splits.empty()) return finish(EvaluationResult::State::Failed, "no splits to evaluate on");
  if (auto why = task_mismatch(*request.model, evaluation.data->task()); !why.empty())
    return finish(EvaluationResult::State::Failed, why);

  EpochReports epoch_reports;
  epoch_reports.intermediate = &result.intermediate;
  const double sign = request.model_report ? report_sign(evaluation, request) : 0.0;

  double sum = 0;
  const size_t n_splits = evaluation.splits.size();
  for (size_t k = 0; k < n_splits; ++k) {
    const int fold = static_cast<int>(k);
    if (cancelled(request))
      return finish(EvaluationResult::State::Cancelled, "cancelled before fold " + std::to_string(k));
    const Split& split = evaluation.splits[k];
    std::unique_ptr<ModelObject> model;
    try {
      model = ModelObject::create(
          *request.model,
          model_context(evaluation, request, fold,
                        sign != 0 ? epoch_hook(request, epoch_reports, fold, sign) : nullptr));
    } catch (const EvaluationError& e) {
      return finish(EvaluationResult::State::Failed, "fold " + std::to_string(k) + ": " + e.what());
    }
    const ams_dataset train = evaluation.data->view(split.train);
    const ams_status status = model->fit(train, nullptr);
    // A model stops its fit when told to, and also when cancelled (is_cancelled).
    if (status == AMS_STOP && cancelled(request))
      return finish(EvaluationResult::State::Cancelled, "cancelled during fold " + std::to_string(k));
    if (epoch_reports.stopped_at && (status == AMS_OK || status == AMS_STOP)) {
      // Stopped at an epoch: that report is the trial's last intermediate value, even if the
      // model went on (or another of its threads reported after it).
      auto& reports = result.intermediate;
      reports.resize(*epoch_reports.stopped_at + 1);
      const auto [step, value] = reports.back();
      result.last_step = step;
      result.value = value;
      return finish(EvaluationResult::State::Pruned,
                    "pruned at epoch " + std::to_string(epoch_of_step(step)) + " of fold " +
                        std::to_string(k));
    }
    if (status == AMS_STOP) {
      result.last_step = static_cast<int64_t>(k);
      result.value = result.fold_scores.empty() ? kNaN : sum / static_cast<double>(result.fold_scores.size());
      return finish(EvaluationResult::State::Pruned, "stopped during fit of fold " + std::to_string(k));
    }
    if (status == AMS_ERR_CANCELLED || (status != AMS_OK && cancelled(request)))
      return finish(EvaluationResult::State::Cancelled, "cancelled during fold " + std::to_string(k));
    if (status != AMS_OK)
      return finish(EvaluationResult::State::Failed,
                    "fold " + std::to_string(k) + ": " + failure(*model, "fit", status));
    double score;
    try {
      score = score_rows(evaluation, *model, split.valid);
    } catch (const EvaluationError& e) {
      return finish(EvaluationResult::State::Failed, "fold " + std::to_string(k) + ": " + e.what());
    }
    model.reset();  // free the fitted model before the report hook, which may take a while
    result.fold_scores.push_back(score);
    sum += score;
    const double running = sum / static_cast<double>(result.fold_scores.size());
    result.intermediate.emplace_back(static_cast<int64_t>(k), running);
    if (request.fold_score) request.fold_score(static_cast<int64_t>(k), score);
    // The last fold's report still reaches the hook (pruners learn from it), but a trial whose
    // every fold finished is complete.
    if (request.report && request.report(static_cast<int64_t>(k), running) == AMS_STOP &&
        k + 1 < n_splits) {
      result.last_step = static_cast<int64_t>(k);
      result.value = running;
      return finish(EvaluationResult::State::Pruned, "pruned after fold " + std::to_string(k));
    }
  }
  result.value = sum / static_cast<double>(n_splits);
  return finish(EvaluationResult::State::Complete);
}

Refit refit_and_score(const Evaluation& evaluation, const TrialRequest& request,
                      const std::vector<int64_t>& train_rows,
                      const std::vector<int64_t>& test_rows) {
  check_request(evaluation, request);
  if (train_rows.empty()) throw EvaluationError("refit: no training rows");
  if (auto why = task_mismatch(*request.model, evaluation.data->task()); !why.empty())
    throw EvaluationError("refit: " + why);
  const auto start = std::chrono::steady_clock::now();
  Refit refit;
  refit.model = ModelObject::create(*request.model, model_context(evaluation, request, -1));
  const ams_status status = refit.model->fit(evaluation.data->view(train_rows), nullptr);
  if (status != AMS_OK)
    throw EvaluationError("refit of the best trial (" + std::to_string(request.number) +
                          "): " + failure(*refit.model, "fit", status));
  refit.test_score = test_rows.empty() ? kNaN : score_rows(evaluation, *refit.model, test_rows);
  refit.duration_s = seconds_since(start);
  return refit;
}

}  // namespace amcore
