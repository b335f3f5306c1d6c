// Dual coordinate descent for the L2-regularized linear SVM (Hsieh et al., ICML 2008, the
// LIBLINEAR solver for -s 1 and -s 3):
//
//   min_w  0.5 ||w||^2 + sum_i C_i loss(y_i w.x_i),  loss = max(0, 1 - m) or max(0, 1 - m)^2
//
// solved in the dual  min_a 0.5 a'Q a - 1'a,  0 <= a_i <= U_i,  Q_ij = y_i y_j x_i.x_j + D_ii [i=j],
// keeping w = sum_i a_i y_i x_i up to date so each coordinate step costs O(d). Hinge loss: U_i = C_i,
// D_ii = 0; squared hinge: U_i = inf, D_ii = 1 / (2 C_i). Rows are visited in a fresh random order
// every pass (seeded, so fits are reproducible), with LIBLINEAR's shrinking. Stops when the spread
// of the projected gradient over all rows falls below tol, LIBLINEAR's criterion.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <random>
#include <vector>

namespace amssvm {

enum class Loss { hinge, squared_hinge };

struct DcdOptions {
  Loss loss = Loss::squared_hinge;
  int max_iter = 1000;
  double tol = 1e-3;
  uint64_t seed = 0;
};

struct DcdResult {
  int iterations = 0;
  bool converged = false;
};

// X: n x d row-major (the caller appends a constant column for a bias), y: +1/-1,
// cost: C_i per row (rows with C_i = 0 do not take part). w (size d) receives the solution.
inline DcdResult dual_coordinate_descent(const std::vector<double>& X, size_t n, size_t d,
                                         const std::vector<double>& y, const std::vector<double>& cost,
                                         const DcdOptions& opt, std::vector<double>& w) {
  constexpr double inf = std::numeric_limits<double>::infinity();
  w.assign(d, 0.0);
  std::vector<double> alpha(n, 0.0), diag(n, 0.0), upper(n, 0.0), qii(n, 0.0);
  std::vector<size_t> order;
  for (size_t i = 0; i < n; ++i) {
    if (!(cost[i] > 0)) continue;
    const bool hinge = opt.loss == Loss::hinge;
    diag[i] = hinge ? 0.0 : 0.5 / cost[i];
    upper[i] = hinge ? cost[i] : inf;
    const double* xi = &X[i * d];
    double s = diag[i];
    for (size_t j = 0; j < d; ++j) s += xi[j] * xi[j];
    qii[i] = s;
    if (qii[i] > 0) order.push_back(i);
  }
  std::mt19937_64 rng(opt.seed);
  DcdResult result;
  // Shrinking (LIBLINEAR): a variable at a bound whose gradient pushes it further out than any
  // violation seen in the previous pass is set aside; once the rest converges, everything is
  // checked again with the shrunk rows put back.
  size_t active = order.size();
  double pg_max_old = inf, pg_min_old = -inf;
  for (int iter = 0; iter < opt.max_iter; ++iter) {
    // Fisher-Yates with our own draws: std::shuffle's output differs between standard libraries.
    for (size_t k = active; k > 1; --k) std::swap(order[k - 1], order[rng() % k]);
    double pg_max = -inf, pg_min = inf;
    for (size_t s = 0; s < active;) {
      const size_t i = order[s];
      const double* xi = &X[i * d];
      double margin = 0;
      for (size_t j = 0; j < d; ++j) margin += w[j] * xi[j];
      const double g = y[i] * margin - 1 + diag[i] * alpha[i];
      double pg = 0;
      if (alpha[i] == 0) {
        if (g > pg_max_old) {
          std::swap(order[s], order[--active]);
          continue;
        }
        pg = std::min(g, 0.0);
      } else if (alpha[i] == upper[i]) {
        if (g < pg_min_old) {
          std::swap(order[s], order[--active]);
          continue;
        }
        pg = std::max(g, 0.0);
      } else {
        pg = g;
      }
      pg_max = std::max(pg_max, pg);
      pg_min = std::min(pg_min, pg);
      if (std::abs(pg) > 1e-12) {
        const double old = alpha[i];
        alpha[i] = std::min(std::max(old - g / qii[i], 0.0), upper[i]);
        const double step = (alpha[i] - old) * y[i];
        for (size_t j = 0; j < d; ++j) w[j] += step * xi[j];
      }
      ++s;
    }
    result.iterations = iter + 1;
    if (active == 0 || pg_max - pg_min <= opt.tol) {
      if (active == order.size()) {
        result.converged = true;
        break;
      }
      active = order.size();  // converged on the shrunk set: verify on all rows
      pg_max_old = inf;
      pg_min_old = -inf;
      continue;
    }
    pg_max_old = pg_max > 0 ? pg_max : inf;
    pg_min_old = pg_min < 0 ? pg_min : -inf;
  }
  return result;
}

}  // namespace amssvm
