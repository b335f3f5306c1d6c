// Scores through the plugin's C vtable, as the host does.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <stdexcept>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace metric_test {

struct Inputs {
  std::vector<double> y_true, y_pred, proba, weights;
  int32_t n_classes = 0;
};

struct Outcome {
  ams_status status;
  double value;
  std::string error;
};

inline Outcome score(const std::string& metric, const Inputs& in) {
  auto obj = amtest::make(AMS_KIND_METRIC, metric);
  ams_metric_input input{};
  input.struct_size = sizeof input;
  input.n = static_cast<int64_t>(in.y_true.size());
  input.y_true = in.y_true.data();
  input.y_pred = in.y_pred.empty() ? nullptr : in.y_pred.data();
  input.proba = in.proba.empty() ? nullptr : in.proba.data();
  input.sample_weight = in.weights.empty() ? nullptr : in.weights.data();
  input.n_classes = in.n_classes;
  Outcome out{0, std::nan(""), ""};
  out.status = obj->component.metric.score(obj->self, &input, &out.value);
  out.error = obj->error();
  return out;
}

inline double value(const std::string& metric, const Inputs& in) {
  Outcome o = score(metric, in);
  if (o.status != AMS_OK) throw std::runtime_error(metric + " failed: " + o.error);
  return o.value;
}

}  // namespace metric_test
