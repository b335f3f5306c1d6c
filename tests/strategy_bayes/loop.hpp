// Driving a strategy plugin in-test: spaces built here, ask/tell through its vtable.
#pragma once

#include "support/harness.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace bayestest {

// Owns the ams_param structs and strings a space points to.
class SpaceBuilder {
 public:
  int add_float(const std::string& name, double low, double high, bool log = false,
                double step = 0) {
    return add(name, AMS_PARAM_FLOAT, low, high, step, log, 0);
  }
  int add_int(const std::string& name, double low, double high, bool log = false,
              double step = 1) {
    return add(name, AMS_PARAM_INT, low, high, step, log, 0);
  }
  int add_choice(const std::string& name, int n) {
    return add(name, AMS_PARAM_CATEGORICAL, 0, n - 1, 0, false, n);
  }
  int add_bool(const std::string& name) { return add(name, AMS_PARAM_BOOL, 0, 1, 0, false, 0); }
  // Makes parameter `child` active only when `parent` takes one of `values`.
  void when(int child, int parent, std::vector<double> values) {
    entries_[static_cast<size_t>(child)]->parent_values = std::move(values);
    entries_[static_cast<size_t>(child)]->param.parent = parent;
  }
  const ams_space& space() {
    pointers_.clear();
    for (auto& e : entries_) {
      e->param.name = e->name.c_str();
      e->param.n_parent_values = static_cast<int32_t>(e->parent_values.size());
      e->param.parent_values = e->parent_values.empty() ? nullptr : e->parent_values.data();
      pointers_.push_back(&e->param);
    }
    space_ = {sizeof(ams_space), static_cast<int32_t>(pointers_.size()), pointers_.data()};
    return space_;
  }
  const ams_param& param(int i) const { return entries_[static_cast<size_t>(i)]->param; }
  int size() const { return static_cast<int>(entries_.size()); }

 private:
  struct Entry {
    std::string name;
    ams_param param{};
    std::vector<double> parent_values;
  };
  int add(const std::string& name, int32_t type, double low, double high, double step, bool log,
          int n_choices) {
    auto e = std::make_unique<Entry>();
    e->name = name;
    e->param.struct_size = sizeof(ams_param);
    e->param.type = type;
    e->param.low = low;
    e->param.high = high;
    e->param.step = step;
    e->param.log = log ? 1 : 0;
    e->param.n_choices = n_choices;
    e->param.parent = -1;
    entries_.push_back(std::move(e));
    return static_cast<int>(entries_.size()) - 1;
  }
  std::vector<std::unique_ptr<Entry>> entries_;
  std::vector<const ams_param*> pointers_;
  ams_space space_{};
};

// A started strategy object with ask/tell that throw on errors.
class Driver {
 public:
  Driver(const std::string& strategy, const std::string& options, uint64_t seed,
         const ams_space& space)
      : object_(amtest::make(AMS_KIND_STRATEGY, strategy, options, seed)),
        n_params_(space.n_params) {
    check(vtable().start(object_->self, &space), "start");
  }
  const ams_strategy_vtable& vtable() const { return object_->component.strategy; }

  // AMS_OK with the values, or the positive status.
  ams_status ask(std::vector<double>& values) {
    values.assign(static_cast<size_t>(n_params_), -12345.0);
    double budget = 1;
    const ams_status s = vtable().ask(object_->self, next_, values.data(), &budget);
    check(s, "ask");
    if (s == AMS_OK) numbers_.push_back(next_++);
    return s;
  }
  int64_t last_number() const { return numbers_.back(); }

  void tell(int64_t number, const std::vector<double>& values, double value,
            int32_t state = AMS_TRIAL_COMPLETE) {
    ams_trial_result r{};
    r.struct_size = sizeof r;
    r.trial = {sizeof(ams_trial), number, n_params_, values.data(), 1.0};
    r.state = state;
    r.value = value;
    r.last_step = -1;
    check(vtable().tell(object_->self, &r), "tell");
  }

  // Sequential loop: returns the best value after `trials` evaluations of f.
  double minimize(const std::function<double(const std::vector<double>&)>& f, int trials,
                  std::vector<std::vector<double>>* history = nullptr) {
    double best = INFINITY;
    std::vector<double> v;
    for (int t = 0; t < trials; ++t) {
      if (ask(v) != AMS_OK) throw std::runtime_error("strategy stopped early");
      const double y = f(v);
      best = std::min(best, y);
      tell(last_number(), v, y);
      if (history) history->push_back(v);
    }
    return best;
  }

  amtest::Object& object() { return *object_; }

 private:
  void check(ams_status s, const char* what) {
    if (s < 0) throw std::runtime_error(std::string(what) + " failed: " + object_->error());
  }
  std::unique_ptr<amtest::Object> object_;
  int32_t n_params_;
  int64_t next_ = 0;
  std::vector<int64_t> numbers_;
};

// Benchmarks (minimization), inputs in their native boxes.
inline double hartmann6(const std::vector<double>& x) {
  static const double A[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                 {0.05, 10, 17, 0.1, 8, 14},
                                 {3, 3.5, 1.7, 10, 17, 8},
                                 {17, 8, 0.05, 10, 0.1, 14}};
  static const double P[4][6] = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
                                 {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                                 {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
                                 {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
  static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  double f = 0;
  for (int i = 0; i < 4; ++i) {
    double s = 0;
    for (int j = 0; j < 6; ++j) s += A[i][j] * (x[size_t(j)] - P[i][j]) * (x[size_t(j)] - P[i][j]);
    f -= alpha[i] * std::exp(-s);
  }
  return f;
}
constexpr double kHartmann6Min = -3.32236801141551;

inline double branin(const std::vector<double>& v) {
  const double x = v[0], y = v[1];
  const double b = 5.1 / (4 * M_PI * M_PI), c = 5 / M_PI, t = 1 / (8 * M_PI);
  return std::pow(y - b * x * x + c * x - 6, 2) + 10 * (1 - t) * std::cos(x) + 10;
}
constexpr double kBraninMin = 0.397887357729738;

inline SpaceBuilder hartmann6_space() {
  SpaceBuilder b;
  for (int i = 0; i < 6; ++i) b.add_float("x" + std::to_string(i), 0, 1);
  return b;
}
inline SpaceBuilder branin_space() {
  SpaceBuilder b;
  b.add_float("x", -5, 10);
  b.add_float("y", 0, 15);
  return b;
}

}  // namespace bayestest
