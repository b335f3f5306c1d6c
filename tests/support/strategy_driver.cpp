#include "support/strategy_driver.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <sstream>

namespace amtest {

int32_t OwnedSpace::add(ams_param p, const std::string& name) {
  names_.push_back(std::make_unique<std::string>(name));
  p.struct_size = sizeof(ams_param);
  p.name = names_.back()->c_str();
  p.parent = -1;
  params_.push_back(p);
  return int32_t(params_.size()) - 1;
}

int32_t OwnedSpace::add_float(const std::string& name, double low, double high, bool log,
                              double step) {
  ams_param p{};
  p.type = AMS_PARAM_FLOAT;
  p.low = low;
  p.high = high;
  p.log = log;
  p.step = step;
  return add(p, name);
}

int32_t OwnedSpace::add_int(const std::string& name, double low, double high, bool log,
                            double step) {
  ams_param p{};
  p.type = AMS_PARAM_INT;
  p.low = low;
  p.high = high;
  p.log = log;
  p.step = step;
  return add(p, name);
}

int32_t OwnedSpace::add_categorical(const std::string& name, int32_t n_choices) {
  ams_param p{};
  p.type = AMS_PARAM_CATEGORICAL;
  p.high = n_choices - 1;
  p.n_choices = n_choices;
  return add(p, name);
}

int32_t OwnedSpace::add_bool(const std::string& name) {
  ams_param p{};
  p.type = AMS_PARAM_BOOL;
  p.high = 1;
  return add(p, name);
}

void OwnedSpace::when(int32_t parent, std::vector<double> values) {
  parent_values_.push_back(std::make_unique<std::vector<double>>(std::move(values)));
  ams_param& p = params_.back();
  p.parent = parent;
  p.n_parent_values = int32_t(parent_values_.back()->size());
  p.parent_values = parent_values_.back()->data();
}

const ams_space& OwnedSpace::view() {
  // Rebuilt only when parameters were added: strategies may keep the pointers.
  if (pointers_.size() == params_.size()) return space_;
  pointers_.clear();
  for (const auto& p : params_) pointers_.push_back(&p);
  space_.struct_size = sizeof(ams_space);
  space_.n_params = int32_t(params_.size());
  space_.params = pointers_.data();
  return space_;
}

std::unique_ptr<OwnedSpace> mixed_conditional_space() {
  auto s = std::make_unique<OwnedSpace>();
  int32_t model = s->add_categorical("model", 3);
  s->add_float("x", -5, 5);
  s->add_float("lr", 1e-4, 1, true);
  s->add_int("units", 1, 64, true);
  s->when(model, {0});
  s->add_int("depth", 2, 12, false, 2);
  s->when(model, {0});
  s->add_float("alpha", 0, 1, false, 0.1);
  s->when(model, {1});
  int32_t bias = s->add_bool("bias");
  s->when(model, {1, 2});
  s->add_float("bias_scale", 0.5, 2);
  s->when(bias, {1});
  s->add_categorical("kernel", 4);
  s->when(model, {2});
  s->add_int("window", 0, 30, false, 3);
  s->view();
  return s;
}

std::unique_ptr<OwnedSpace> unit_box(int32_t n) {
  auto s = std::make_unique<OwnedSpace>();
  for (int32_t i = 0; i < n; ++i) {
    std::string name = "x";
    name += std::to_string(i);
    s->add_float(name, 0, 1);
  }
  s->view();
  return s;
}

std::string trial_problem(const OwnedSpace& space, const std::vector<double>& v) {
  std::ostringstream why;
  for (int32_t i = 0; i < space.size(); ++i) {
    const ams_param& p = space.param(i);
    bool active = true;
    if (p.parent >= 0) {
      active = false;
      double pv = v[size_t(p.parent)];
      for (int32_t k = 0; k < p.n_parent_values; ++k) active |= pv == p.parent_values[k];
    }
    double x = v[size_t(i)];
    if (!active) {
      if (!std::isnan(x)) why << p.name << " is inactive but has " << x << "; ";
      continue;
    }
    if (std::isnan(x)) {
      why << p.name << " is active but NaN; ";
      continue;
    }
    if (!(x >= p.low && x <= p.high)) why << p.name << " = " << x << " is out of bounds; ";
    bool integral = p.type != AMS_PARAM_FLOAT;
    if (integral && x != std::floor(x)) why << p.name << " = " << x << " is not integral; ";
    double step = p.type == AMS_PARAM_INT && p.step <= 0 ? 1 : p.step;
    if ((p.type == AMS_PARAM_FLOAT || p.type == AMS_PARAM_INT) && step > 0) {
      double k = (x - p.low) / step;
      if (std::abs(k - std::round(k)) > 1e-9) why << p.name << " = " << x << " is off the step; ";
    }
  }
  return why.str();
}

double mixed_loss(const std::vector<double>& v) {
  double loss = std::pow(v[1] - 1.5, 2) / 25 + std::pow(std::log10(v[2]) + 2, 2) / 16;
  loss += std::abs(v[9] - 12) / 30;
  switch (int(v[0])) {
    case 0:
      loss += std::pow(std::log2(v[3]) - 4, 2) / 36 + std::abs(v[4] - 6) / 10;
      break;
    case 1:
      loss += 0.2 + std::abs(v[5] - 0.3) + (v[6] == 1 ? std::abs(v[7] - 1) : 0.5);
      break;
    default:
      loss += 0.1 + (v[6] == 1 ? std::abs(v[7] - 1.2) : 0.3) + (v[8] == 2 ? 0 : 0.4);
  }
  return loss;
}

double hartmann6(const double* x) {
  static const double alpha[4] = {1.0, 1.2, 3.0, 3.2};
  static const double a[4][6] = {{10, 3, 17, 3.5, 1.7, 8},
                                 {0.05, 10, 17, 0.1, 8, 14},
                                 {3, 3.5, 1.7, 10, 17, 8},
                                 {17, 8, 0.05, 10, 0.1, 14}};
  static const double p[4][6] = {{0.1312, 0.1696, 0.5569, 0.0124, 0.8283, 0.5886},
                                 {0.2329, 0.4135, 0.8307, 0.3736, 0.1004, 0.9991},
                                 {0.2348, 0.1451, 0.3522, 0.2883, 0.3047, 0.6650},
                                 {0.4047, 0.8828, 0.8732, 0.5743, 0.1091, 0.0381}};
  double y = 0;
  for (int i = 0; i < 4; ++i) {
    double e = 0;
    for (int j = 0; j < 6; ++j) e += a[i][j] * (x[j] - p[i][j]) * (x[j] - p[i][j]);
    y -= alpha[i] * std::exp(-e);
  }
  return y;
}

StrategyRun::StrategyRun(const std::string& strategy, const std::string& options, uint64_t seed,
                         OwnedSpace& space)
    : object_(amtest::make(AMS_KIND_STRATEGY, strategy, options, seed)),
      vtable_(&object_->component.strategy),
      n_params_(space.size()) {
  ams_status s = vtable_->start(object_->self, &space.view());
  if (s != AMS_OK) throw std::runtime_error(strategy + " start failed: " + object_->error());
}

ams_status StrategyRun::ask_status(int64_t number, std::vector<double>& values) {
  values.assign(size_t(n_params_), 0.0);
  double budget = 1;
  return vtable_->ask(object_->self, number, values.data(), &budget);
}

std::vector<double> StrategyRun::ask(int64_t number) {
  std::vector<double> values;
  ams_status s = ask_status(number, values);
  EXPECT_EQ(s, AMS_OK) << "ask " << number << ": " << object_->error();
  return values;
}

void StrategyRun::tell(int64_t number, const std::vector<double>& values, int32_t state,
                       double value, int64_t last_step) {
  ams_trial_result r{};
  r.struct_size = sizeof r;
  r.trial.struct_size = sizeof r.trial;
  r.trial.number = number;
  r.trial.n_params = n_params_;
  r.trial.values = values.data();
  r.trial.budget = 1;
  r.state = state;
  r.value = value;
  r.last_step = last_step;
  ams_status s = vtable_->tell(object_->self, &r);
  EXPECT_EQ(s, AMS_OK) << "tell " << number << ": " << object_->error();
}

}  // namespace amtest
