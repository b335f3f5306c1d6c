// Limited-memory BFGS for smooth unconstrained minimization, with a backtracking (Armijo)
// line search. Enough for convex problems like L2-penalized softmax regression.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>

namespace amslr {

struct LbfgsOptions {
  int max_iter = 100;
  double gtol = 1e-4;   // stop when max |gradient| <= gtol
  double ftol = 64 * std::numeric_limits<double>::epsilon();  // relative decrease, as SciPy
  int history = 10;
};

struct LbfgsResult {
  int iterations = 0;
  bool converged = false;
  double value = 0;
};

// f(x, grad) returns the value at x and writes the gradient. x is updated in place.
template <class Objective>
LbfgsResult minimize_lbfgs(Objective&& f, Eigen::VectorXd& x, const LbfgsOptions& opt) {
  const Eigen::Index n = x.size();
  Eigen::VectorXd g(n), x_new(n), g_new(n), d(n);
  double fx = f(x, g);
  std::deque<Eigen::VectorXd> s_hist, y_hist;
  std::deque<double> rho_hist;
  std::vector<double> alpha(static_cast<size_t>(opt.history));
  LbfgsResult result;
  for (int iter = 0; iter < opt.max_iter; ++iter) {
    if (g.lpNorm<Eigen::Infinity>() <= opt.gtol) {
      result.converged = true;
      break;
    }
    // Two-loop recursion: d = -H g.
    d = -g;
    const auto m = static_cast<int>(s_hist.size());
    for (int i = m - 1; i >= 0; --i) {
      alpha[static_cast<size_t>(i)] = rho_hist[static_cast<size_t>(i)] * s_hist[static_cast<size_t>(i)].dot(d);
      d -= alpha[static_cast<size_t>(i)] * y_hist[static_cast<size_t>(i)];
    }
    if (m > 0) d *= s_hist.back().dot(y_hist.back()) / y_hist.back().squaredNorm();
    for (int i = 0; i < m; ++i) {
      const double beta = rho_hist[static_cast<size_t>(i)] * y_hist[static_cast<size_t>(i)].dot(d);
      d += (alpha[static_cast<size_t>(i)] - beta) * s_hist[static_cast<size_t>(i)];
    }
    double slope = g.dot(d);
    if (!(slope < 0)) {  // not a descent direction (numerical trouble): restart from -g
      s_hist.clear();
      y_hist.clear();
      rho_hist.clear();
      d = -g;
      slope = -g.squaredNorm();
    }
    double step = m == 0 ? std::min(1.0, 1.0 / std::max(g.lpNorm<Eigen::Infinity>(), 1e-300)) : 1.0;
    double f_new = fx;
    bool accepted = false;
    for (int tries = 0; tries < 60; ++tries) {
      x_new = x + step * d;
      f_new = f(x_new, g_new);
      if (std::isfinite(f_new) && f_new <= fx + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    result.iterations = iter + 1;
    if (!accepted) break;  // no progress possible at machine precision
    Eigen::VectorXd s = x_new - x, y = g_new - g;
    const double sy = s.dot(y);
    const double decrease = fx - f_new;
    x.swap(x_new);
    g.swap(g_new);
    fx = f_new;
    if (sy > 1e-12 * s.norm() * y.norm()) {
      if (static_cast<int>(s_hist.size()) == opt.history) {
        s_hist.pop_front();
        y_hist.pop_front();
        rho_hist.pop_front();
      }
      s_hist.push_back(std::move(s));
      y_hist.push_back(std::move(y));
      rho_hist.push_back(1.0 / sy);
    }
    if (decrease <= opt.ftol * std::max({std::abs(fx), std::abs(fx + decrease), 1.0})) {
      result.converged = true;
      break;
    }
  }
  if (!result.converged && g.lpNorm<Eigen::Infinity>() <= opt.gtol) result.converged = true;
  result.value = fx;
  return result;
}

}  // namespace amslr
