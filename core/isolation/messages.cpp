#include "isolation/messages.hpp"

#include "isolation/wire.hpp"

namespace amcore::wire {

std::string encode(const WorkerSetup& setup) {
  Encoder e;
  e.str(setup.pipeline_text).str(setup.pipeline_name).str(setup.base_dir);
  e.i64(static_cast<int64_t>(setup.overrides.size()));
  for (const Override& o : setup.overrides) e.str(o.key_path).str(o.value_text);
  e.i64(static_cast<int64_t>(setup.plugin_paths.size()));
  for (const std::string& p : setup.plugin_paths) e.str(p);
  e.i64(setup.strategy_reports ? 1 : 0);
  return e.bytes();
}

WorkerSetup decode_setup(const std::string& payload) {
  Decoder d(payload);
  WorkerSetup setup;
  setup.pipeline_text = d.str();
  setup.pipeline_name = d.str();
  setup.base_dir = d.str();
  const int64_t n_overrides = d.i64();
  if (n_overrides < 0 || n_overrides > 100000) throw ProtocolError("malformed setup message");
  for (int64_t i = 0; i < n_overrides; ++i) {
    Override o;
    o.key_path = d.str();
    o.value_text = d.str();
    setup.overrides.push_back(std::move(o));
  }
  const int64_t n = d.i64();
  if (n < 0 || n > 100000) throw ProtocolError("malformed setup message");
  for (int64_t i = 0; i < n; ++i) setup.plugin_paths.push_back(d.str());
  setup.strategy_reports = d.i64() != 0;
  return setup;
}

std::string encode(const TrialOutcome& o) {
  Encoder e;
  e.i64(static_cast<int64_t>(o.state)).f64(o.value).i64(o.last_step).str(o.error);
  e.f64(o.duration_s);
  std::vector<int64_t> steps;
  std::vector<double> values;
  for (const auto& [step, value] : o.intermediate) {
    steps.push_back(step);
    values.push_back(value);
  }
  e.i64s(steps).f64s(values).i64s(o.pruner_steps).f64s(o.pruner_values);
  return e.bytes();
}

TrialOutcome decode_outcome(const std::string& payload) {
  Decoder d(payload);
  TrialOutcome o;
  const int64_t state = d.i64();
  if (state < static_cast<int64_t>(StoredState::Running) ||
      state > static_cast<int64_t>(StoredState::Failed))
    throw ProtocolError("malformed result message (state " + std::to_string(state) + ")");
  o.state = static_cast<StoredState>(state);
  o.value = d.f64();
  o.last_step = d.i64();
  o.error = d.str();
  o.duration_s = d.f64();
  const std::vector<int64_t> steps = d.i64s();
  const std::vector<double> values = d.f64s();
  if (steps.size() != values.size()) throw ProtocolError("malformed result message");
  for (size_t i = 0; i < steps.size(); ++i) o.intermediate.emplace_back(steps[i], values[i]);
  o.pruner_steps = d.i64s();
  o.pruner_values = d.f64s();
  return o;
}

}  // namespace amcore::wire
