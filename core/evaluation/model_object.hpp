// Live component objects with their contexts: a model object (one per fold / refit / loaded
// model) and the study's metric object. Both destroy their plugin object when they go away.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ams/ams.h>
#include <toml++/toml.h>

#include "host/context.hpp"
#include "registry/registry.hpp"

namespace amcore {

// A plugin failed while evaluating or refitting (not a bad input). what() carries the
// plugin's own message, prefixed by what was being done.
class EvaluationError : public std::runtime_error {
 public:
  explicit EvaluationError(const std::string& message) : std::runtime_error(message) {}
};

// A model object. Create with ModelObject::create; the component's library must outlive it
// (the Registry does).
class ModelObject {
 public:
  // Calls component.create with `context` (options, seed, budget, hooks already set). Throws
  // InputError with the plugin's located option errors when create refuses its options, or
  // EvaluationError with its message for any other failure.
  static std::unique_ptr<ModelObject> create(const Component& component,
                                             std::unique_ptr<ams_context> context);
  ~ModelObject();
  ModelObject(const ModelObject&) = delete;
  ModelObject& operator=(const ModelObject&) = delete;

  const Component& component() const { return component_; }
  ams_context& context() { return *context_; }
  const ams_context& context() const { return *context_; }
  void* self() const { return self_; }

  // Wrappers returning the plugin's status; on a negative status the message is in
  // context().take_error().
  ams_status fit(const ams_dataset& train, const ams_dataset* valid);
  // Predictions for every row of `data` (class indices or values).
  ams_status predict(const ams_dataset& data, std::vector<double>& out);
  // n_rows x n_classes probabilities, row-major. AMS_ERR_UNSUPPORTED when the model has none.
  ams_status predict_proba(const ams_dataset& data, int32_t n_classes, std::vector<double>& out);

 private:
  ModelObject(const Component& component, std::unique_ptr<ams_context> context, void* self);
  const Component& component_;
  std::unique_ptr<ams_context> context_;
  void* self_;
};

// The study's metric: one object, shared by all threads (the ABI makes score thread-safe).
class Metric {
 public:
  // Creates the metric object with `options` ([evaluation] metric options). Throws InputError
  // when the plugin refuses its options, PluginError when its descriptor is inconsistent
  // (direction not AMS_MAXIMIZE/AMS_MINIMIZE).
  Metric(const Component& component, const toml::table& options, const std::string& file,
         const std::string& base_dir);
  ~Metric();
  Metric(const Metric&) = delete;
  Metric& operator=(const Metric&) = delete;

  const std::string& name() const { return component_.name; }
  const Component& component() const { return component_; }
  bool maximize() const { return component_.metric.direction == AMS_MAXIMIZE; }
  const char* direction_name() const { return maximize() ? "maximize" : "minimize"; }
  bool needs_proba() const { return (component_.metric.flags & AMS_METRIC_NEEDS_PROBA) != 0; }
  // True when the metric declares it scores this task (AMS_TASK_*).
  bool supports_task(int32_t task) const;

  // Scores; throws EvaluationError with the plugin's message on failure or a non-finite score.
  double score(const ams_metric_input& input) const;

 private:
  const Component& component_;
  std::unique_ptr<ams_context> context_;
  void* self_ = nullptr;
};

}  // namespace amcore
