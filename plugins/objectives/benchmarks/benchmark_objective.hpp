// What every benchmark objective shares: a default space over x0, x1, ... (a box of floats, or
// for mixed-type functions any mix of float, int and categorical dimensions), reading the point
// from a trial (by parameter name, or by position in the trial vector), optional Gaussian noise,
// and the known optimum.
#pragma once

#include <ams/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ams_benchmarks {

struct Box {
  double low, high;
};

// One dimension of a default space. A categorical's value is its choice index.
struct Dim {
  int32_t type;
  double low, high;
  std::vector<std::string> choices;

  // Not an aggregate, so a braced {low, high} still means a Box.
  Dim(int32_t t, double lo, double hi, std::vector<std::string> labels)
      : type(t), low(lo), high(hi), choices(std::move(labels)) {}

  static Dim real(double low, double high) { return Dim{AMS_PARAM_FLOAT, low, high, {}}; }
  static Dim integer(double low, double high) { return Dim{AMS_PARAM_INT, low, high, {}}; }
  static Dim categorical(std::vector<std::string> labels) {
    double last = static_cast<double>(labels.size()) - 1;
    return Dim{AMS_PARAM_CATEGORICAL, 0, last, std::move(labels)};
  }
};

class BenchmarkObjective : public ams::Objective {
 public:
  static constexpr int32_t direction = AMS_MINIMIZE;

  double evaluate(const ams::Context& trial_ctx, const ams_trial& trial) override;
  const ams_space* default_space() override { return &space_; }
  std::optional<double> optimum() const override { return optimum_; }

 protected:
  // Reads the common option `noise` (standard deviation of additive Gaussian noise, >= 0).
  BenchmarkObjective(ams::Context ctx, const std::vector<Box>& bounds, double optimum);
  BenchmarkObjective(ams::Context ctx, std::vector<Dim> dims, double optimum);
  virtual double value_at(const std::vector<double>& x) const = 0;
  // Reads an integer `dims` option in [min_dims, 10000].
  static int64_t dims_option(const ams::Context& ctx, int64_t fallback, int64_t min_dims);

 private:
  std::vector<double> point_of(const ams::Context& trial_ctx, const ams_trial& trial) const;
  std::optional<double> named_value(const ams::Context& trial_ctx, size_t i) const;
  void check_value(size_t i, double v) const;

  double noise_ = 0;
  double optimum_;
  std::vector<Dim> dims_;
  std::vector<std::string> names_;
  std::vector<std::vector<const char*>> choice_labels_;
  std::vector<ams_param> params_;
  std::vector<const ams_param*> param_ptrs_;
  ams_space space_{};
};

}  // namespace ams_benchmarks
