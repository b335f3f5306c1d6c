// Drives a strategy plugin through its C vtable the way the host does (make -> start -> ask /
// tell), with search spaces built in-test, budgets passed both ways, and the validity check
// every trial must pass.
#pragma once

#include <ams/ams.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace poptest {

// An ams_space that owns its parameters, names and parent values (never moved once built).
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

  const ams_space& view();
  int32_t size() const { return static_cast<int32_t>(params_.size()); }
  const ams_param& param(int32_t i) const { return params_[static_cast<size_t>(i)]; }

 private:
  int32_t add(ams_param p, const std::string& name);
  std::vector<ams_param> params_;
  std::vector<std::unique_ptr<std::string>> names_;
  std::vector<std::unique_ptr<std::vector<double>>> parent_values_;
  std::vector<const ams_param*> pointers_;
  ams_space space_{};
};

// A model choice with children of every type (log int, stepped int, stepped float, bool with a
// grandchild, categorical) and root floats on linear and log scales.
std::unique_ptr<OwnedSpace> mixed_conditional_space();
std::unique_ptr<OwnedSpace> unit_box(int32_t n);

// Empty when the trial is valid for the space; otherwise what is wrong with it.
std::string trial_problem(const OwnedSpace& space, const std::vector<double>& values);
// A loss over the mixed space that depends on conditional parameters too.
double mixed_loss(const std::vector<double>& v);
// Hartmann 6-D on [0, 1]^6.
double hartmann6(const double* x);
constexpr double kHartmann6Min = -3.32236801141551;

bool same(const std::vector<double>& a, const std::vector<double>& b);

struct Asked {
  int64_t number = 0;
  std::vector<double> values;
  double budget = 1;
};

class StrategyRun {
 public:
  StrategyRun(const std::string& strategy, const std::string& options, uint64_t seed,
              OwnedSpace& space);
  // The status of asking for trial `number`; on AMS_OK `out` holds the trial.
  ams_status ask_status(int64_t number, Asked& out);
  // Asks and fails the test unless the status is AMS_OK.
  Asked ask(int64_t number);
  void tell(const Asked& trial, int32_t state, double value);
  std::string error() { return object_->error(); }

 private:
  std::unique_ptr<amtest::Object> object_;
  const ams_strategy_vtable* vtable_;
  int32_t n_params_;
};

}  // namespace poptest
