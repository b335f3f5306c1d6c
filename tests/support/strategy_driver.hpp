// Drives a strategy plugin through its C vtable the way the host does (make -> start -> ask /
// tell), with search spaces built in-test as ams_param structs, and the checks every trial of
// every strategy must pass.
#pragma once

#include <ams/ams.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace amtest {

// An ams_space that owns its parameters, choices and parent values (pointers stay valid: the
// object is never copied or moved after it is built).
class OwnedSpace {
 public:
  OwnedSpace() = default;
  OwnedSpace(const OwnedSpace&) = delete;
  OwnedSpace& operator=(const OwnedSpace&) = delete;

  int32_t add_float(const std::string& name, double low, double high, bool log = false,
                    double step = 0);
  int32_t add_int(const std::string& name, double low, double high, bool log = false,
                  double step = 1);
  int32_t add_categorical(const std::string& name, int32_t n_choices);
  int32_t add_bool(const std::string& name);
  // Makes the last added parameter conditional on parent taking one of values.
  void when(int32_t parent, std::vector<double> values);

  const ams_space& view();  // valid once every parameter is added
  int32_t size() const { return int32_t(params_.size()); }
  const ams_param& param(int32_t i) const { return params_[size_t(i)]; }

 private:
  int32_t add(ams_param p, const std::string& name);
  std::vector<ams_param> params_;
  std::vector<std::unique_ptr<std::string>> names_;
  std::vector<std::unique_ptr<std::vector<double>>> parent_values_;
  std::vector<const ams_param*> pointers_;
  ams_space space_{};
};

// The conditional, mixed space of the property tests: a model choice with children of every
// type (log int, stepped int, stepped float, bool with a grandchild, categorical) and root
// floats on linear and log scales.
std::unique_ptr<OwnedSpace> mixed_conditional_space();
// n floats on [0, 1].
std::unique_ptr<OwnedSpace> unit_box(int32_t n);

// Empty when the trial is valid for the space; otherwise what is wrong with it.
std::string trial_problem(const OwnedSpace& space, const std::vector<double>& values);

// A loss over the mixed space that depends on conditional parameters too.
double mixed_loss(const std::vector<double>& v);

// Hartmann 6-D on [0, 1]^6; its minimum is kHartmann6Min.
double hartmann6(const double* x);
constexpr double kHartmann6Min = -3.32236801141551;

class StrategyRun {
 public:
  StrategyRun(const std::string& strategy, const std::string& options, uint64_t seed,
              OwnedSpace& space);
  // Asks for trial number `number`; fails the test unless the status is AMS_OK.
  std::vector<double> ask(int64_t number);
  ams_status ask_status(int64_t number, std::vector<double>& values);
  void tell(int64_t number, const std::vector<double>& values, int32_t state, double value,
            int64_t last_step = -1);
  std::string error() { return object_->error(); }

 private:
  std::unique_ptr<amtest::Object> object_;
  const ams_strategy_vtable* vtable_;
  int32_t n_params_;
};

// Sequential minimisation of f over n trials; returns the best value found.
template <class F>
double minimise(StrategyRun& run, int32_t trials, F&& f) {
  double best = 1e300;
  for (int32_t t = 0; t < trials; ++t) {
    std::vector<double> v = run.ask(t);
    double y = f(v);
    run.tell(t, v, AMS_TRIAL_COMPLETE, y);
    if (y < best) best = y;
  }
  return best;
}

}  // namespace amtest
