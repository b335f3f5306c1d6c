// Search spaces built in the test, strategy calls through the C vtable, and the checks every
// proposed trial must pass.
#pragma once

#include <gtest/gtest.h>

#include <cmath>
#include <deque>
#include <memory>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace strategy_test {

class Space {
 public:
  int32_t add_float(const std::string& name, double lo, double hi, bool log = false, double step = 0) {
    return add(name, AMS_PARAM_FLOAT, lo, hi, log, step, 0);
  }
  int32_t add_int(const std::string& name, double lo, double hi, bool log = false, double step = 1) {
    return add(name, AMS_PARAM_INT, lo, hi, log, step, 0);
  }
  int32_t add_choice(const std::string& name, int32_t n) { return add(name, AMS_PARAM_CATEGORICAL, 0, n - 1, false, 0, n); }
  int32_t add_bool(const std::string& name) { return add(name, AMS_PARAM_BOOL, 0, 1, false, 0, 0); }
  // Makes the last added parameter conditional on `parent` taking one of `values`.
  void when(int32_t parent, std::vector<double> values) {
    ams_param& p = *params_.back();
    parent_values_.push_back(std::move(values));
    p.parent = parent;
    p.n_parent_values = static_cast<int32_t>(parent_values_.back().size());
    p.parent_values = parent_values_.back().data();
  }
  const ams_space* abi() {
    ptrs_.clear();
    for (auto& p : params_) ptrs_.push_back(p.get());
    space_.struct_size = sizeof space_;
    space_.n_params = static_cast<int32_t>(ptrs_.size());
    space_.params = ptrs_.data();
    return &space_;
  }
  int32_t size() const { return static_cast<int32_t>(params_.size()); }
  const ams_param& param(int32_t i) const { return *params_[static_cast<size_t>(i)]; }

 private:
  int32_t add(const std::string& name, int32_t type, double lo, double hi, bool log, double step, int32_t n) {
    names_.push_back(name);
    auto p = std::make_unique<ams_param>();
    *p = ams_param{};
    p->struct_size = sizeof(ams_param);
    p->name = names_.back().c_str();
    p->type = type;
    p->log = log;
    p->low = lo;
    p->high = hi;
    p->step = step;
    p->n_choices = n;
    p->parent = -1;
    params_.push_back(std::move(p));
    return static_cast<int32_t>(params_.size()) - 1;
  }
  std::deque<std::string> names_;
  std::deque<std::vector<double>> parent_values_;
  std::vector<std::unique_ptr<ams_param>> params_;
  std::vector<const ams_param*> ptrs_;
  ams_space space_{};
};

// model (3 choices) -> depth | n (log int) | alpha (stepped float); lr log float; use_x -> gamma;
// depth -> leaf (numeric parent).
inline Space mixed_space() {
  Space s;
  int32_t model = s.add_choice("model", 3);
  s.add_float("lr", 1e-4, 1, true);
  int32_t depth = s.add_int("depth", 1, 20);
  s.when(model, {0});
  s.add_int("n", 1, 1000, true);
  s.when(model, {1});
  s.add_float("alpha", 0, 1, false, 0.25);
  s.when(model, {1, 2});
  int32_t use_x = s.add_bool("use_x");
  s.add_float("gamma", 0.5, 2);
  s.when(use_x, {1});
  s.add_int("leaf", 1, 4);
  s.when(depth, {1, 2});
  return s;
}

inline bool should_be_active(const ams_param& p, const std::vector<double>& v) {
  if (p.parent < 0) return true;
  double parent = v[static_cast<size_t>(p.parent)];
  if (std::isnan(parent)) return false;
  for (int32_t i = 0; i < p.n_parent_values; ++i)
    if (parent == p.parent_values[i]) return true;
  return false;
}

// Types, bounds, steps, and NaN exactly when inactive.
inline void expect_valid(Space& s, const std::vector<double>& v) {
  for (int32_t i = 0; i < s.size(); ++i) {
    const ams_param& p = s.param(i);
    double x = v[static_cast<size_t>(i)];
    if (!should_be_active(p, v)) {
      EXPECT_TRUE(std::isnan(x)) << p.name << " should be inactive, is " << x;
      continue;
    }
    ASSERT_FALSE(std::isnan(x)) << p.name << " should be active";
    switch (p.type) {
      case AMS_PARAM_CATEGORICAL:
        EXPECT_TRUE(x == std::floor(x) && x >= 0 && x < p.n_choices) << p.name << " = " << x;
        break;
      case AMS_PARAM_BOOL: EXPECT_TRUE(x == 0 || x == 1) << p.name << " = " << x; break;
      default: {
        EXPECT_GE(x, p.low) << p.name;
        EXPECT_LE(x, p.high) << p.name;
        if (p.type == AMS_PARAM_INT) {
          EXPECT_EQ(x, std::floor(x)) << p.name;
        }
        if (p.step > 0) {
          double k = (x - p.low) / p.step;
          EXPECT_NEAR(k, std::round(k), 1e-9) << p.name << " = " << x << " is off the step grid";
        }
      }
    }
  }
}

struct Strategy {
  std::unique_ptr<amtest::Object> obj;
  int32_t n = 0;
  Strategy(const std::string& name, Space& space, const std::string& options = "", uint64_t seed = 1)
      : obj(amtest::make(AMS_KIND_STRATEGY, name, options, seed)), n(space.size()) {
    ams_status s = obj->component.strategy.start(obj->self, space.abi());
    if (s != AMS_OK) throw std::runtime_error("start failed: " + obj->error());
  }
  ams_status ask(int64_t number, std::vector<double>& values) {
    values.assign(static_cast<size_t>(n), -12345.0);
    double budget = 1;
    return obj->component.strategy.ask(obj->self, number, values.data(), &budget);
  }
  std::vector<double> ask(int64_t number) {
    std::vector<double> v;
    ams_status s = ask(number, v);
    if (s != AMS_OK) throw std::runtime_error("ask returned " + std::to_string(s) + ": " + obj->error());
    return v;
  }
  ams_status tell(int64_t number, const std::vector<double>& values, double loss) {
    ams_trial_result r{};
    r.struct_size = sizeof r;
    r.trial.struct_size = sizeof r.trial;
    r.trial.number = number;
    r.trial.n_params = static_cast<int32_t>(values.size());
    r.trial.values = values.data();
    r.trial.budget = 1;
    r.state = AMS_TRIAL_COMPLETE;
    r.value = loss;
    r.last_step = -1;
    return obj->component.strategy.tell(obj->self, &r);
  }
};

// Equality that treats NaN as equal to NaN.
inline bool same_point(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

}  // namespace strategy_test
