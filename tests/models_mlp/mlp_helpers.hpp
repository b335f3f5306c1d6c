// Helpers of the mlp tests: record the per-epoch reports of a fit, read back a saved network.
#pragma once

#include <ams/plugin.hpp>

#include "model_testing.hpp"
#include "payload.hpp"

#include <utility>
#include <vector>

namespace mlptest {

using Reports = std::vector<std::pair<int64_t, double>>;

// Records every report into `out`; the trial is told to stop at step stop_at (0: never).
inline void record_reports(amtest::Object& model, Reports& out, int64_t stop_at = 0) {
  model.context->on_report = [&out, stop_at](int64_t step, double value) {
    out.emplace_back(step, value);
    return stop_at > 0 && step >= stop_at ? AMS_STOP : AMS_OK;
  };
}

// The network a fitted model saves, parsed with the plugin's own reader.
inline amsmlp::Fitted saved_network(amtest::Object& model) {
  const std::vector<unsigned char> bytes = modeltest::save(model);
  amsmlp::MemoryReadStream stream(bytes);
  ams::Reader reader(stream.stream());
  return amsmlp::read_payload(reader);
}

}  // namespace mlptest
