// The benchmark objectives: branin, hartmann6, rosenbrock, ackley, sphere. Each reads x0, x1,
// ... from the trial, accepts `noise` (Gaussian, standard deviation), and knows its optimum.
#include <string>

#include "benchmark_objective.hpp"
#include "test_functions.hpp"

namespace ams_benchmarks {

struct Branin : BenchmarkObjective {
  static constexpr const char* name = "branin";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Branin-Hoo, 2-D, three global minima of 0.397887";
  explicit Branin(ams::Context ctx) : BenchmarkObjective(ctx, {{-5, 10}, {0, 15}}, 0.397887357729738) {}
  double value_at(const std::vector<double>& x) const override { return branin(x); }
};

struct Hartmann6 : BenchmarkObjective {
  static constexpr const char* name = "hartmann6";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Hartmann, 6-D on [0,1]^6, minimum -3.32237";
  explicit Hartmann6(ams::Context ctx)
      : BenchmarkObjective(ctx, std::vector<Box>(6, Box{0, 1}), -3.32236801141551) {}
  double value_at(const std::vector<double>& x) const override { return hartmann6(x); }
};

struct Rosenbrock : BenchmarkObjective {
  static constexpr const char* name = "rosenbrock";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Rosenbrock valley, `dims` dimensions (default 5) on [-5,10]";
  explicit Rosenbrock(ams::Context ctx)
      : BenchmarkObjective(ctx, std::vector<Box>(static_cast<size_t>(dims_option(ctx, 5, 2)), Box{-5, 10}), 0) {}
  double value_at(const std::vector<double>& x) const override { return rosenbrock(x); }
};

// `shift` moves the minimum from the centre of the box to (shift, ..., shift), so a strategy
// that favours the middle of the space gains nothing.
struct Ackley : BenchmarkObjective {
  static constexpr const char* name = "ackley";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Ackley, `dims` dimensions (default 5) on [-32.768,32.768], optional `shift` of the minimum";
  explicit Ackley(ams::Context ctx)
      : BenchmarkObjective(ctx, std::vector<Box>(static_cast<size_t>(dims_option(ctx, 5, 1)), Box{-32.768, 32.768}), 0),
        shift_(ctx.get_double_in("shift", 0.0, -32.768, 32.768)) {}
  double value_at(const std::vector<double>& x) const override {
    std::vector<double> z(x);
    for (double& v : z) v -= shift_;
    return ackley(z);
  }

 private:
  double shift_;
};

struct Sphere : BenchmarkObjective {
  static constexpr const char* name = "sphere";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Sum of squares, `dims` dimensions (default 5) on [-5.12,5.12]";
  explicit Sphere(ams::Context ctx)
      : BenchmarkObjective(ctx, std::vector<Box>(static_cast<size_t>(dims_option(ctx, 5, 1)), Box{-5.12, 5.12}), 0) {}
  double value_at(const std::vector<double>& x) const override { return sphere(x); }
};

}  // namespace ams_benchmarks

AMS_PLUGIN("org.amsearch.objectives.benchmarks", "1.0.0", "amsearch",
           ams::objective<ams_benchmarks::Branin>(), ams::objective<ams_benchmarks::Hartmann6>(),
           ams::objective<ams_benchmarks::Rosenbrock>(), ams::objective<ams_benchmarks::Ackley>(),
           ams::objective<ams_benchmarks::Sphere>())
