// The benchmark objectives: branin, hartmann3, hartmann6, rosenbrock, ackley, sphere, levy,
// rastrigin, styblinski_tang (all floats) and mixed_quadratic (floats, integers and a
// categorical). Each reads x0, x1, ... from the trial, accepts `noise` (Gaussian, standard
// deviation), and knows its optimum.
#include <algorithm>
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

// `shift` moves the minimum from the centre of the box to (shift, ..., shift), or with a list
// of `dims` numbers to any point, so a strategy that favours the middle of the space gains nothing.
struct Ackley : BenchmarkObjective {
  static constexpr const char* name = "ackley";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Ackley, `dims` dimensions (default 5) on [-32.768,32.768], optional `shift` of the minimum";
  static constexpr double half_width = 32.768;
  explicit Ackley(ams::Context ctx) : Ackley(ctx, static_cast<size_t>(dims_option(ctx, 5, 1))) {}
  double value_at(const std::vector<double>& x) const override {
    std::vector<double> z(x);
    for (size_t i = 0; i < z.size(); ++i) z[i] -= shift_[i];
    return ackley(z);
  }

 private:
  Ackley(ams::Context ctx, size_t dims)
      : BenchmarkObjective(ctx, std::vector<Box>(dims, Box{-half_width, half_width}), 0),
        shift_(shift_option(ctx, dims)) {}

  static std::vector<double> shift_option(const ams::Context& ctx, size_t dims) {
    int64_t listed = 0;
    if (ams::host().get_array_size(ctx.raw(), "shift", &listed) != AMS_OK)
      return std::vector<double>(dims, ctx.get_double_in("shift", 0.0, -half_width, half_width));
    if (static_cast<size_t>(listed) != dims)
      ctx.option_error("shift", "has " + std::to_string(listed) + " numbers; give one per dimension (" +
                                    std::to_string(dims) + ") or a single number");
    std::vector<double> shift;
    for (size_t i = 0; i < dims; ++i)
      shift.push_back(ctx.get_double_in("shift[" + std::to_string(i) + "]", 0.0, -half_width, half_width));
    return shift;
  }

  std::vector<double> shift_;
};

struct Sphere : BenchmarkObjective {
  static constexpr const char* name = "sphere";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Sum of squares, `dims` dimensions (default 5) on [-5.12,5.12]";
  explicit Sphere(ams::Context ctx)
      : BenchmarkObjective(ctx, std::vector<Box>(static_cast<size_t>(dims_option(ctx, 5, 1)), Box{-5.12, 5.12}), 0) {}
  double value_at(const std::vector<double>& x) const override { return sphere(x); }
};

struct Hartmann3 : BenchmarkObjective {
  static constexpr const char* name = "hartmann3";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Hartmann, 3-D on [0,1]^3, minimum -3.86278";
  explicit Hartmann3(ams::Context ctx)
      : BenchmarkObjective(ctx, std::vector<Box>(3, Box{0, 1}), -3.86278214782076) {}
  double value_at(const std::vector<double>& x) const override { return hartmann3(x); }
};

struct Levy : BenchmarkObjective {
  static constexpr const char* name = "levy";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary = "Levy, `dims` dimensions (default 5) on [-10,10], minimum 0 at (1, ..., 1)";
  explicit Levy(ams::Context ctx)
      : BenchmarkObjective(ctx, std::vector<Box>(static_cast<size_t>(dims_option(ctx, 5, 1)), Box{-10, 10}), 0) {}
  // sin(pi)^2 leaves a rounding residue of ~1e-32 at the optimum.
  double value_at(const std::vector<double>& x) const override { return std::max(levy(x), 0.0); }
};

struct Rastrigin : BenchmarkObjective {
  static constexpr const char* name = "rastrigin";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Rastrigin, `dims` dimensions (default 5) on [-5.12,5.12], minimum 0 at the origin";
  explicit Rastrigin(ams::Context ctx)
      : BenchmarkObjective(ctx, std::vector<Box>(static_cast<size_t>(dims_option(ctx, 5, 1)), Box{-5.12, 5.12}), 0) {}
  double value_at(const std::vector<double>& x) const override { return rastrigin(x); }
};

struct StyblinskiTang : BenchmarkObjective {
  static constexpr const char* name = "styblinski_tang";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Styblinski-Tang, `dims` dimensions (default 5) on [-5,5], minimum -39.16617 per dimension";
  static constexpr double optimum_per_dim = -39.16616570377142;
  explicit StyblinskiTang(ams::Context ctx) : StyblinskiTang(ctx, dims_option(ctx, 5, 1)) {}
  double value_at(const std::vector<double>& x) const override { return styblinski_tang(x); }

 private:
  StyblinskiTang(ams::Context ctx, int64_t dims)
      : BenchmarkObjective(ctx, std::vector<Box>(static_cast<size_t>(dims), Box{-5, 5}),
                           optimum_per_dim * static_cast<double>(dims)) {}
};

// Exercises the integer and categorical handling of a strategy on a problem whose answer is
// known exactly; see test_functions.hpp for the definition.
struct MixedQuadratic : BenchmarkObjective {
  static constexpr const char* name = "mixed_quadratic";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Quadratic over 3 floats, 2 integers and a 3-way categorical (red/green/blue), minimum 0";
  explicit MixedQuadratic(ams::Context ctx) : BenchmarkObjective(ctx, space(), 0) {}
  double value_at(const std::vector<double>& x) const override { return mixed_quadratic(x); }

 private:
  static std::vector<Dim> space() {
    std::vector<Dim> dims(3, Dim::real(-5, 5));
    dims.push_back(Dim::integer(-10, 10));
    dims.push_back(Dim::integer(-10, 10));
    dims.push_back(Dim::categorical({mixed::choices[0], mixed::choices[1], mixed::choices[2]}));
    return dims;
  }
};

}  // namespace ams_benchmarks

AMS_PLUGIN("org.amsearch.objectives.benchmarks", "1.0.0", "amsearch",
           ams::objective<ams_benchmarks::Branin>(), ams::objective<ams_benchmarks::Hartmann6>(),
           ams::objective<ams_benchmarks::Rosenbrock>(), ams::objective<ams_benchmarks::Ackley>(),
           ams::objective<ams_benchmarks::Sphere>(), ams::objective<ams_benchmarks::Hartmann3>(),
           ams::objective<ams_benchmarks::Levy>(), ams::objective<ams_benchmarks::Rastrigin>(),
           ams::objective<ams_benchmarks::StyblinskiTang>(),
           ams::objective<ams_benchmarks::MixedQuadratic>())
