#include "evaluation/model_object.hpp"

#include <cmath>

#include "common/errors.hpp"
#include "data/tensor.hpp"

namespace amcore {

namespace {

// The located option errors a plugin reported, one per line; empty when none.
std::string joined_option_errors(const ams_context& ctx) {
  std::string joined;
  for (const auto& m : ctx.option_errors()) joined += (joined.empty() ? "" : "\n") + m;
  return joined;
}

std::string message_or(std::string message, const char* fallback) {
  return message.empty() ? std::string(fallback) : message;
}

}  // namespace

ModelObject::ModelObject(const Component& component, std::unique_ptr<ams_context> context,
                         void* self)
    : component_(component), context_(std::move(context)), self_(self) {}

std::unique_ptr<ModelObject> ModelObject::create(const Component& component,
                                                 std::unique_ptr<ams_context> context) {
  if (component.kind != AMS_KIND_MODEL)
    throw PluginError("component '" + component.name + "' is a " + kind_name(component.kind) +
                      ", not a model");
  void* self = component.descriptor.create(context.get());
  if (!self) {
    const std::string located = joined_option_errors(*context);
    if (!located.empty()) throw InputError(located);
    throw EvaluationError(context->label + ": create failed: " +
                          message_or(context->take_error(), "no message"));
  }
  return std::unique_ptr<ModelObject>(new ModelObject(component, std::move(context), self));
}

ModelObject::~ModelObject() {
  if (self_) component_.descriptor.destroy(self_);
}

ams_status ModelObject::fit(const ams_dataset& train, const ams_dataset* valid) {
  if (!component_.model.fit) {
    context_->set_error("the model has no fit function");
    return AMS_ERR_UNSUPPORTED;
  }
  return component_.model.fit(self_, &train, valid);
}

ams_status ModelObject::predict(const ams_dataset& data, std::vector<double>& out) {
  if (!component_.model.predict) {
    context_->set_error("the model has no predict function");
    return AMS_ERR_UNSUPPORTED;
  }
  out.assign(static_cast<size_t>(data.n_rows), std::nan(""));
  int64_t shape[1] = {data.n_rows};
  ams_tensor tensor = float64_tensor(out.data(), 1, shape);
  return component_.model.predict(self_, &data, &tensor);
}

ams_status ModelObject::predict_proba(const ams_dataset& data, int32_t n_classes,
                                      std::vector<double>& out) {
  if (!component_.model.predict_proba) {
    context_->set_error("model '" + component_.name + "' cannot predict probabilities");
    return AMS_ERR_UNSUPPORTED;
  }
  out.assign(static_cast<size_t>(data.n_rows * n_classes), std::nan(""));
  int64_t shape[2] = {data.n_rows, n_classes};
  ams_tensor tensor = float64_tensor(out.data(), 2, shape);
  return component_.model.predict_proba(self_, &data, &tensor);
}

Metric::Metric(const Component& component, const toml::table& options, const std::string& file,
               const std::string& base_dir)
    : component_(component), context_(std::make_unique<ams_context>()) {
  if (component.kind != AMS_KIND_METRIC)
    throw PluginError("component '" + component.name + "' is a " + kind_name(component.kind) +
                      ", not a metric");
  if (component.metric.direction != AMS_MAXIMIZE && component.metric.direction != AMS_MINIMIZE)
    throw PluginError("metric '" + component.name + "' (" +
                      (component.library ? component.library->path : std::string("?")) +
                      ") declares no direction (AMS_MAXIMIZE or AMS_MINIMIZE)");
  if (!component.metric.score)
    throw PluginError("metric '" + component.name + "' has no score function");
  context_->options = options;
  context_->file = file;
  context_->base_dir = base_dir;
  context_->label = "metric " + component.name;
  remember_option_locations(*context_, options, SourceLocation{file});
  self_ = component.descriptor.create(context_.get());
  if (!self_) {
    const std::string located = joined_option_errors(*context_);
    if (!located.empty()) throw InputError(located);
    throw InputError(file + ": " + context_->label + ": create failed: " +
                     message_or(context_->take_error(), "no message"));
  }
  reject_unread_options(*context_);
}

Metric::~Metric() {
  if (self_) component_.descriptor.destroy(self_);
}

bool Metric::supports_task(int32_t task) const {
  const uint32_t flags = component_.metric.flags;
  if (task == AMS_TASK_CLASSIFICATION) return (flags & AMS_METRIC_CLASSIFICATION) != 0;
  if (task == AMS_TASK_REGRESSION) return (flags & AMS_METRIC_REGRESSION) != 0;
  return false;
}

double Metric::score(const ams_metric_input& input) const {
  double value = std::nan("");
  const ams_status status = component_.metric.score(self_, &input, &value);
  if (status != AMS_OK)
    throw EvaluationError(context_->label + ": score failed: " +
                          message_or(context_->take_error(), "no message"));
  if (!std::isfinite(value))
    throw EvaluationError(context_->label + ": the score is not a finite number (" +
                          std::to_string(value) + ")");
  return value;
}

}  // namespace amcore
