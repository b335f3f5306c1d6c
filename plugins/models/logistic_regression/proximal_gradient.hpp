// Accelerated proximal gradient (FISTA, Beck & Teboulle 2009) for
//
//   min_x  f(x) + sum_i t_i |x_i|,   f smooth and convex, t_i >= 0 (0 leaves x_i unpenalized)
//
// with a backtracking estimate of the Lipschitz constant and an adaptive restart (O'Donoghue &
// Candes 2015) whenever the objective goes up, which keeps the momentum from oscillating. Used
// for the L1 and elastic-net penalties, where L-BFGS does not apply.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>

namespace amslr {

struct ProximalOptions {
  int max_iter = 100;
  double gtol = 1e-4;  // stop when max |gradient mapping| <= gtol
};

struct ProximalResult {
  int iterations = 0;
  bool converged = false;
  double value = 0;
};

// Soft thresholding of v by step * t, entry by entry.
inline Eigen::VectorXd prox_l1(const Eigen::VectorXd& v, const Eigen::VectorXd& t, double step) {
  return v.binaryExpr(t, [step](double a, double ti) {
    const double k = step * ti;
    return a > k ? a - k : (a < -k ? a + k : 0.0);
  });
}

// f(x, grad) returns the smooth value at x and writes its gradient. x is updated in place.
template <class Smooth>
ProximalResult minimize_proximal(Smooth&& f, Eigen::VectorXd& x, const Eigen::VectorXd& l1,
                                 const ProximalOptions& opt) {
  const Eigen::Index n = x.size();
  auto penalty = [&](const Eigen::VectorXd& v) { return l1.cwiseProduct(v.cwiseAbs()).sum(); };
  Eigen::VectorXd y = x, gy(n), x_new(n), g_scratch(n);
  double lipschitz = 1.0, momentum = 1.0;
  double fx = f(x, g_scratch) + penalty(x);
  ProximalResult result;
  for (int iter = 0; iter < opt.max_iter; ++iter) {
    const double fy = f(y, gy);
    // Let the step grow again: the curvature near the optimum is often far below the worst
    // curvature met early on. Backtracking below restores a safe estimate when needed.
    lipschitz *= 0.8;
    double f_new = 0;
    for (int tries = 0; tries < 60; ++tries) {
      x_new = prox_l1(y - gy / lipschitz, l1, 1.0 / lipschitz);
      const Eigen::VectorXd step = x_new - y;
      f_new = f(x_new, g_scratch);
      // The slack and the tiny-step exit keep rounding in f from inflating the estimate
      // without bound once the iterates stop moving.
      if (f_new <= fy + gy.dot(step) + 0.5 * lipschitz * step.squaredNorm() + 1e-15 * std::abs(fy) ||
          step.squaredNorm() <= 1e-30 * std::max(1.0, y.squaredNorm()))
        break;
      lipschitz *= 2;
    }
    result.iterations = iter + 1;
    const double gradient_mapping = lipschitz * (y - x_new).lpNorm<Eigen::Infinity>();
    f_new += penalty(x_new);
    const bool plain_step = momentum == 1.0;  // y == x: no momentum in this step
    if (f_new > fx && !plain_step) {
      // Restart: drop the momentum and take a plain proximal step from x next time. A plain
      // step is always accepted, since near the optimum the objective cannot resolve progress.
      momentum = 1.0;
      y = x;
      continue;
    }
    const double next = 0.5 * (1 + std::sqrt(1 + 4 * momentum * momentum));
    y = x_new + ((momentum - 1) / next) * (x_new - x);
    momentum = next;
    x.swap(x_new);
    fx = f_new;
    if (gradient_mapping <= opt.gtol) {
      result.converged = true;
      break;
    }
  }
  result.value = fx;
  return result;
}

}  // namespace amslr
