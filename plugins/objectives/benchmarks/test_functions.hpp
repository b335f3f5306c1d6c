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

}  // namespace ams_benchmarks
