// Projected L-BFGS for smooth functions on a box: the L-BFGS direction is taken over the
// variables not held at a bound, steps are projected back into the box, and an Armijo
// backtracking search on the projected path keeps every iterate feasible. A simpler cousin
// of L-BFGS-B (no generalized Cauchy point), which is plenty for the few dozen variables of
// GP hyperparameters and acquisition functions.
#pragma once

#include <Eigen/Core>

#include <functional>

namespace amsbayes {

struct BoxLbfgsOptions {
  int max_iterations = 100;
  int memory = 8;
  double gradient_tolerance = 1e-6;  // on the infinity norm of the projected gradient
  double value_tolerance = 1e-10;    // relative decrease below which the search stops
};

struct BoxLbfgsResult {
  Eigen::VectorXd x;
  double value = 0;
  int iterations = 0;
  int evaluations = 0;
};

// Returns f(x) and writes its gradient into g (already sized). A non-finite value marks x as
// unusable; the line search then backs off.
using Objective = std::function<double(const Eigen::VectorXd& x, Eigen::VectorXd& g)>;

// Minimizes f over lower <= x <= upper starting from x0 (clamped into the box).
BoxLbfgsResult minimize_in_box(const Objective& f, Eigen::VectorXd x0,
                               const Eigen::VectorXd& lower, const Eigen::VectorXd& upper,
                               const BoxLbfgsOptions& options = {});

}  // namespace amsbayes
