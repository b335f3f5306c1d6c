// Classic optimization test functions (Surjanovic and Bingham's Virtual Library of Simulation
// Experiments gives the definitions and optima used here). All are minimized.
#pragma once

#include <vector>

namespace ams_benchmarks {

// x in [-5, 10] x [0, 15]; minimum 0.397887 at (-pi, 12.275), (pi, 2.275), (9.42478, 2.475).
double branin(const std::vector<double>& x);
// x in [0, 1]^6; minimum -3.32237 at (0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573).
double hartmann6(const std::vector<double>& x);
// Any dimension >= 2; minimum 0 at (1, ..., 1).
double rosenbrock(const std::vector<double>& x);
// Any dimension; minimum 0 at the origin.
double ackley(const std::vector<double>& x);
double sphere(const std::vector<double>& x);
// x in [0, 1]^3; minimum -3.86278 at (0.114614, 0.555649, 0.852547).
double hartmann3(const std::vector<double>& x);
// Any dimension, x in [-10, 10]^d; minimum 0 at (1, ..., 1).
double levy(const std::vector<double>& x);
// Any dimension, x in [-5.12, 5.12]^d; minimum 0 at the origin, a local minimum near every
// integer point.
double rastrigin(const std::vector<double>& x);
// Any dimension, x in [-5, 5]^d; minimum -39.16617 d at (-2.903534, ..., -2.903534).
double styblinski_tang(const std::vector<double>& x);

// mixed_quadratic: a separable quadratic over 3 floats in [-5, 5], 2 integers in [-10, 10] and
// one categorical of 3 choices, whose minimum is off-centre on every axis:
//   f(x) = sum_i (x_i - float_target_i)^2 + sum_j (x_j - int_target_j)^2 + offset[choice]
// minimum 0 at (float_target, int_target, "green").
namespace mixed {
inline constexpr double float_target[3] = {1.5, -2.25, 3.0};
inline constexpr double int_target[2] = {3, -7};
inline constexpr const char* choices[3] = {"red", "green", "blue"};
inline constexpr double choice_offset[3] = {2.0, 0.0, 5.0};
}  // namespace mixed
double mixed_quadratic(const std::vector<double>& x);

}  // namespace ams_benchmarks
