#include "designs.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

namespace amsbayes {

std::vector<std::vector<double>> latin_hypercube(int n, int dim, std::mt19937_64& rng,
                                                 int tries) {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<std::vector<double>> best;
  double best_score = -1;
  for (int t = 0; t < std::max(1, tries); ++t) {
    std::vector<std::vector<double>> points(static_cast<size_t>(n), std::vector<double>(dim));
    std::vector<int> strata(static_cast<size_t>(n));
    for (int d = 0; d < dim; ++d) {
      std::iota(strata.begin(), strata.end(), 0);
      std::shuffle(strata.begin(), strata.end(), rng);
      for (int i = 0; i < n; ++i)
        points[static_cast<size_t>(i)][static_cast<size_t>(d)] =
            (strata[static_cast<size_t>(i)] + uniform(rng)) / n;
    }
    double score = std::numeric_limits<double>::infinity();
    for (size_t i = 0; i < points.size(); ++i)
      for (size_t j = 0; j < i; ++j) {
        double d2 = 0;
        for (int d = 0; d < dim; ++d) {
          const double diff = points[i][static_cast<size_t>(d)] - points[j][static_cast<size_t>(d)];
          d2 += diff * diff;
        }
        score = std::min(score, d2);
      }
    if (score > best_score) {
      best_score = score;
      best = std::move(points);
    }
  }
  return best;
}

ShiftedKronecker::ShiftedKronecker(int dim, std::mt19937_64& rng)
    : alpha_(static_cast<size_t>(dim)), shift_(static_cast<size_t>(dim)) {
  // phi_d: the positive root of x^(d+1) = x + 1, by fixed-point iteration.
  double phi = 2;
  for (int k = 0; k < 60; ++k) phi = std::pow(1 + phi, 1.0 / (dim + 1));
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  for (int d = 0; d < dim; ++d) {
    alpha_[static_cast<size_t>(d)] = std::fmod(std::pow(1 / phi, d + 1), 1.0);
    shift_[static_cast<size_t>(d)] = uniform(rng);
  }
}

void ShiftedKronecker::next(double* out) {
  ++index_;
  for (size_t d = 0; d < alpha_.size(); ++d) {
    const double v = shift_[d] + static_cast<double>(index_) * alpha_[d];
    out[d] = v - std::floor(v);
  }
}

}  // namespace amsbayes
