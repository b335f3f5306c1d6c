// What every benchmark objective shares: a box-shaped default space over x0, x1, ..., reading
// the point from a trial (by parameter name, or by position in the trial vector), optional
// Gaussian noise, and the known optimum.
#pragma once

#include <ams/plugin.hpp>

#include <optional>
#include <string>
#include <vector>

namespace ams_benchmarks {

struct Box {
  double low, high;
};

class BenchmarkObjective : public ams::Objective {
 public:
  static constexpr int32_t direction = AMS_MINIMIZE;

  double evaluate(const ams::Context& trial_ctx, const ams_trial& trial) override;
  const ams_space* default_space() override { return &space_; }
  std::optional<double> optimum() const override { return optimum_; }

 protected:
  // Reads the common option `noise` (standard deviation of additive Gaussian noise, >= 0).
  BenchmarkObjective(ams::Context ctx, std::vector<Box> bounds, double optimum);
  virtual double value_at(const std::vector<double>& x) const = 0;
  // Reads an integer `dims` option in [min_dims, 10000].
  static int64_t dims_option(const ams::Context& ctx, int64_t fallback, int64_t min_dims);

 private:
  std::vector<double> point_of(const ams::Context& trial_ctx, const ams_trial& trial) const;

  double noise_ = 0;
  double optimum_;
  std::vector<Box> bounds_;
  std::vector<std::string> names_;
  std::vector<ams_param> params_;
  std::vector<const ams_param*> param_ptrs_;
  ams_space space_{};
};

}  // namespace ams_benchmarks
