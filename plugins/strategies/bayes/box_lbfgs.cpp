#include "box_lbfgs.hpp"

#include <algorithm>
#include <cmath>
#include <deque>

namespace amsbayes {

namespace {

using Eigen::VectorXd;

// Gradient with the components that push against an active bound zeroed.
VectorXd projected_gradient(const VectorXd& x, const VectorXd& g, const VectorXd& lo,
                            const VectorXd& hi) {
  VectorXd pg = g;
  for (Eigen::Index i = 0; i < x.size(); ++i)
    if ((x[i] <= lo[i] && g[i] > 0) || (x[i] >= hi[i] && g[i] < 0) || lo[i] == hi[i]) pg[i] = 0;
  return pg;
}

struct Pair {
  VectorXd s, y;
  double rho;
};

// Two-loop recursion on the free variables only (mask = 1 where free).
VectorXd lbfgs_direction(const VectorXd& pg, const std::deque<Pair>& memory, const VectorXd& mask) {
  VectorXd q = pg;
  std::vector<double> a(memory.size());
  for (size_t k = memory.size(); k-- > 0;) {
    const Pair& m = memory[k];
    a[k] = m.rho * m.s.cwiseProduct(mask).dot(q);
    q -= a[k] * m.y.cwiseProduct(mask);
  }
  if (!memory.empty()) {
    const Pair& last = memory.back();
    const double yy = last.y.cwiseProduct(mask).squaredNorm();
    const double sy = last.s.cwiseProduct(mask).dot(last.y);
    if (yy > 0 && sy > 0) q *= sy / yy;
  }
  for (size_t k = 0; k < memory.size(); ++k) {
    const Pair& m = memory[k];
    const double b = m.rho * m.y.cwiseProduct(mask).dot(q);
    q += (a[k] - b) * m.s.cwiseProduct(mask);
  }
  return -q.cwiseProduct(mask);
}

}  // namespace

BoxLbfgsResult minimize_in_box(const Objective& f, VectorXd x0, const VectorXd& lower,
                               const VectorXd& upper, const BoxLbfgsOptions& options) {
  const Eigen::Index n = x0.size();
  BoxLbfgsResult r;
  r.x = x0.cwiseMax(lower).cwiseMin(upper);
  VectorXd g(n), g_new(n);
  r.value = f(r.x, g);
  r.evaluations = 1;
  if (!std::isfinite(r.value)) return r;

  std::deque<Pair> memory;
  for (r.iterations = 0; r.iterations < options.max_iterations; ++r.iterations) {
    const VectorXd pg = projected_gradient(r.x, g, lower, upper);
    if (pg.lpNorm<Eigen::Infinity>() <= options.gradient_tolerance) break;
    VectorXd mask(n);
    for (Eigen::Index i = 0; i < n; ++i) mask[i] = pg[i] != 0 ? 1.0 : 0.0;

    VectorXd d = lbfgs_direction(pg, memory, mask);
    if (!(d.dot(pg) < 0)) {
      memory.clear();
      d = -pg;
    }
    // Without curvature information the first step is scaled to move about one unit.
    double step = memory.empty() ? std::min(1.0, 1.0 / pg.lpNorm<Eigen::Infinity>()) : 1.0;
    VectorXd x_new(n);
    double f_new = 0;
    bool accepted = false;
    for (int k = 0; k < 40; ++k) {
      x_new = (r.x + step * d).cwiseMax(lower).cwiseMin(upper);
      f_new = f(x_new, g_new);
      ++r.evaluations;
      if (std::isfinite(f_new) && f_new <= r.value + 1e-4 * g.dot(x_new - r.x)) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) {
      if (memory.empty()) break;  // even steepest descent makes no progress: a minimum
      memory.clear();
      continue;
    }
    Pair p{x_new - r.x, g_new - g, 0};
    const double sy = p.s.dot(p.y);
    if (sy > 1e-12 * p.y.squaredNorm() && sy > 0) {
      p.rho = 1.0 / sy;
      memory.push_back(std::move(p));
      if (static_cast<int>(memory.size()) > options.memory) memory.pop_front();
    }
    const double decrease = r.value - f_new;
    r.x = x_new;
    g = g_new;
    r.value = f_new;
    if (decrease <= options.value_tolerance * std::max({std::abs(r.value), std::abs(f_new), 1.0}))
      break;
  }
  return r;
}

}  // namespace amsbayes
