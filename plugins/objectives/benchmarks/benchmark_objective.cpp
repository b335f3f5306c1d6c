#include "benchmark_objective.hpp"

#include <cmath>
#include <random>

namespace ams_benchmarks {

namespace {

std::vector<Dim> reals(const std::vector<Box>& bounds) {
  std::vector<Dim> dims;
  for (const Box& b : bounds) dims.push_back(Dim::real(b.low, b.high));
  return dims;
}

}  // namespace

BenchmarkObjective::BenchmarkObjective(ams::Context ctx, const std::vector<Box>& bounds,
                                       double optimum)
    : BenchmarkObjective(ctx, reals(bounds), optimum) {}

BenchmarkObjective::BenchmarkObjective(ams::Context ctx, std::vector<Dim> dims, double optimum)
    : ams::Objective(ctx), optimum_(optimum), dims_(std::move(dims)) {
  noise_ = ctx.get_double_in("noise", 0.0, 0.0, 1e300);
  // Appended rather than "x" + to_string(i): GCC 12 warns falsely (-Wrestrict) on the latter.
  for (size_t i = 0; i < dims_.size(); ++i) names_.push_back(std::string(1, 'x').append(std::to_string(i)));
  for (const Dim& d : dims_) {
    std::vector<const char*> labels;
    for (const std::string& c : d.choices) labels.push_back(c.c_str());
    choice_labels_.push_back(std::move(labels));
  }
  for (size_t i = 0; i < dims_.size(); ++i) {
    ams_param p{};
    p.struct_size = sizeof(ams_param);
    p.name = names_[i].c_str();
    p.type = dims_[i].type;
    p.low = dims_[i].low;
    p.high = dims_[i].high;
    if (p.type == AMS_PARAM_INT) p.step = 1;
    if (p.type == AMS_PARAM_CATEGORICAL) {
      p.n_choices = static_cast<int32_t>(dims_[i].choices.size());
      p.choices = choice_labels_[i].data();
    }
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

// A categorical given by name carries its label (that is how the host writes choices into a
// trial's options); a number is taken as the choice index.
std::optional<double> BenchmarkObjective::named_value(const ams::Context& trial_ctx, size_t i) const {
  const Dim& dim = dims_[i];
  if (dim.type == AMS_PARAM_CATEGORICAL) {
    const char* label = nullptr;
    if (ams::host().get_string(trial_ctx.raw(), names_[i].c_str(), &label) == AMS_OK) {
      for (size_t c = 0; c < dim.choices.size(); ++c)
        if (dim.choices[c] == label) return static_cast<double>(c);
      std::string known;
      for (const std::string& c : dim.choices) known += (known.empty() ? "" : ", ") + c;
      throw ams::Error("parameter " + names_[i] + " = \"" + label + "\" is not one of its choices (" +
                           known + ")",
                       AMS_ERR_INVALID);
    }
  }
  return trial_ctx.find_double(names_[i]);
}

void BenchmarkObjective::check_value(size_t i, double v) const {
  const Dim& dim = dims_[i];
  if (!std::isfinite(v))
    throw ams::Error("parameter " + names_[i] + " is not a finite number", AMS_ERR_INVALID);
  if (dim.type == AMS_PARAM_FLOAT) return;  // a user's own space may widen a float's range
  if (v != std::round(v))
    throw ams::Error("parameter " + names_[i] + " must be a whole number, got " + std::to_string(v),
                     AMS_ERR_INVALID);
  if (dim.type == AMS_PARAM_CATEGORICAL && (v < 0 || v > dim.high))
    throw ams::Error("parameter " + names_[i] + " is a choice index in 0 .. " +
                         std::to_string(dim.choices.size() - 1) + ", got " + std::to_string(v),
                     AMS_ERR_INVALID);
}

// By name first, so a user's own [objective.space] over x0, x1, ... works in any order and with
// extra parameters; by position when the space uses other names but has the right size.
std::vector<double> BenchmarkObjective::point_of(const ams::Context& trial_ctx,
                                                 const ams_trial& trial) const {
  const size_t d = dims_.size();
  std::vector<double> x(d);
  size_t found = 0;
  std::string missing;
  for (size_t i = 0; i < d; ++i)
    if (auto v = named_value(trial_ctx, i)) {
      x[i] = *v;
      ++found;
    } else if (missing.empty()) {
      missing = names_[i];
    }
  if (found != d) {
    if (found > 0)
      throw ams::Error("parameter '" + missing + "' is missing: this objective needs x0 .. x" +
                           std::to_string(d - 1),
                       AMS_ERR_INVALID);
    if (trial.n_params != static_cast<int32_t>(d) || !trial.values)
      throw ams::Error("needs " + std::to_string(d) + " parameters named x0 .. x" +
                           std::to_string(d - 1) + ", the trial has " +
                           std::to_string(trial.n_params) + " with other names",
                       AMS_ERR_INVALID);
    for (size_t i = 0; i < d; ++i) x[i] = trial.values[i];
  }
  for (size_t i = 0; i < d; ++i) check_value(i, x[i]);
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
