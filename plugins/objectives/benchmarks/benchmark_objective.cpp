#include "benchmark_objective.hpp"

#include <cmath>
#include <random>

namespace ams_benchmarks {

BenchmarkObjective::BenchmarkObjective(ams::Context ctx, std::vector<Box> bounds, double optimum)
    : ams::Objective(ctx), optimum_(optimum), bounds_(std::move(bounds)) {
  noise_ = ctx.get_double_in("noise", 0.0, 0.0, 1e300);
  // Appended rather than "x" + to_string(i): GCC 12 warns falsely (-Wrestrict) on the latter.
  for (size_t i = 0; i < bounds_.size(); ++i) names_.push_back(std::string(1, 'x').append(std::to_string(i)));
  for (size_t i = 0; i < bounds_.size(); ++i) {
    ams_param p{};
    p.struct_size = sizeof(ams_param);
    p.name = names_[i].c_str();
    p.type = AMS_PARAM_FLOAT;
    p.low = bounds_[i].low;
    p.high = bounds_[i].high;
    p.parent = -1;
    params_.push_back(p);
  }
  for (const auto& p : params_) param_ptrs_.push_back(&p);
  space_.struct_size = sizeof(ams_space);
  space_.n_params = static_cast<int32_t>(params_.size());
  space_.params = param_ptrs_.data();
}

int64_t BenchmarkObjective::dims_option(const ams::Context& ctx, int64_t fallback, int64_t min_dims) {
  return ctx.get_int_in("dims", fallback, min_dims, 10000);
}

// By name first, so a user's own [objective.space] over x0, x1, ... works in any order and with
// extra parameters; by position when the space uses other names but has the right size.
std::vector<double> BenchmarkObjective::point_of(const ams::Context& trial_ctx,
                                                 const ams_trial& trial) const {
  const size_t d = bounds_.size();
  std::vector<double> x(d);
  size_t found = 0;
  for (size_t i = 0; i < d; ++i)
    if (auto v = trial_ctx.find_double(names_[i])) {
      x[i] = *v;
      ++found;
    }
  if (found != d) {
    if (found > 0) {
      for (size_t i = 0; i < d; ++i)
        if (!trial_ctx.find_double(names_[i]))
          throw ams::Error("parameter '" + names_[i] + "' is missing: this objective needs x0 .. x" +
                               std::to_string(d - 1),
                           AMS_ERR_INVALID);
    }
    if (trial.n_params != static_cast<int32_t>(d) || !trial.values)
      throw ams::Error("needs " + std::to_string(d) + " parameters named x0 .. x" +
                           std::to_string(d - 1) + ", the trial has " +
                           std::to_string(trial.n_params) + " with other names",
                       AMS_ERR_INVALID);
    for (size_t i = 0; i < d; ++i) x[i] = trial.values[i];
  }
  for (size_t i = 0; i < d; ++i)
    if (!std::isfinite(x[i]))
      throw ams::Error("parameter " + names_[i] + " is not a finite number", AMS_ERR_INVALID);
  return x;
}

double BenchmarkObjective::evaluate(const ams::Context& trial_ctx, const ams_trial& trial) {
  double value = value_at(point_of(trial_ctx, trial));
  if (noise_ > 0) {
    // Box-Muller on our own uniform draws: std::normal_distribution differs between libraries.
    std::mt19937_64 rng(trial_ctx.seed());
    double u1 = (static_cast<double>(rng() >> 11) + 0.5) * 0x1p-53;
    double u2 = static_cast<double>(rng() >> 11) * 0x1p-53;
    value += noise_ * std::sqrt(-2 * std::log(u1)) * std::cos(2 * 3.14159265358979323846 * u2);
  }
  return value;
}

}  // namespace ams_benchmarks
