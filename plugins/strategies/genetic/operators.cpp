#include "operators.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "space_codec.hpp"

namespace ams_genetic {

namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Bounded SBX (Deb & Agrawal; the variant of Deb's NSGA-II code) on unit coordinates a, b:
// one child, the spread factor shrunk so the child stays inside [0, 1].
double sbx(double a, double b, double eta, Rng& rng) {
  if (std::abs(a - b) < 1e-14) return a;
  const double lo = std::min(a, b), hi = std::max(a, b);
  auto child = [&](double distance_to_bound, double sign) {
    double beta = 1 + 2 * distance_to_bound / (hi - lo);
    double alpha = 2 - std::pow(beta, -(eta + 1));
    double u = rng.uniform();
    double betaq = u <= 1 / alpha ? std::pow(u * alpha, 1 / (eta + 1))
                                  : std::pow(1 / (2 - u * alpha), 1 / (eta + 1));
    return 0.5 * (lo + hi + sign * betaq * (hi - lo));
  };
  double c = rng.chance(0.5) ? child(lo, -1) : child(1 - hi, +1);
  return std::clamp(c, 0.0, 1.0);
}

// Polynomial mutation (Deb & Goyal) of a unit coordinate, bounded to [0, 1].
double polynomial_mutation(double x, double eta, Rng& rng) {
  double u = rng.uniform();
  double power = 1 / (eta + 1);
  double delta;
  if (u < 0.5) {
    double xy = 1 - x;
    double v = 2 * u + (1 - 2 * u) * std::pow(xy, eta + 1);
    delta = std::pow(v, power) - 1;
  } else {
    double xy = x;
    double v = 2 * (1 - u) + 2 * (u - 0.5) * std::pow(xy, eta + 1);
    delta = 1 - std::pow(v, power);
  }
  return std::clamp(x + delta, 0.0, 1.0);
}

double cross_numeric(const ams_param& p, double a, double b, double eta, Rng& rng) {
  double ua = to_unit(p, a), ub = to_unit(p, b);
  if (p.type == AMS_PARAM_FLOAT) return from_unit(p, sbx(ua, ub, eta, rng));
  // Integers: a blend that may reach a quarter of the gap beyond either parent, then rounded
  // onto the grid by from_unit.
  double w = -0.25 + 1.5 * rng.uniform();
  return from_unit(p, ua + w * (ub - ua));
}

double mutate(const ams_param& p, double x, double eta, Rng& rng) {
  int64_t levels = n_levels(p);
  if (!is_numeric(p)) {
    if (levels < 2) return x;
    int64_t k = level_of(p, x);
    int64_t other = rng.below(levels - 1);
    return static_cast<double>(other >= k ? other + 1 : other);
  }
  double y = from_unit(p, polynomial_mutation(to_unit(p, x), eta, rng));
  if (levels >= 2 && y == x) {
    // On a grid a small move rounds back to x: step to a neighbour instead.
    int64_t k = level_of(p, x);
    int64_t next = k == 0 ? 1 : k == levels - 1 ? k - 1 : (rng.chance(0.5) ? k - 1 : k + 1);
    y = level_value(p, next);
  }
  return y;
}

}  // namespace

std::vector<double> random_trial(const ams_space& space, Rng& rng) {
  std::vector<double> v(static_cast<size_t>(space.n_params), kNaN);
  for (int32_t i = 0; i < space.n_params; ++i) {
    const ams_param& p = *space.params[i];
    double u = rng.uniform();  // drawn even when inactive, so the others do not shift with it
    if (is_active(p, v.data())) v[static_cast<size_t>(i)] = sample(p, u);
  }
  return v;
}

std::vector<double> make_child(const ams_space& space, const OperatorSettings& settings,
                               const std::vector<double>& mother,
                               const std::vector<double>& father, Rng& rng) {
  const double rate = settings.mutation_rate > 0
                          ? settings.mutation_rate
                          : 1.0 / std::max<int32_t>(1, space.n_params);
  const bool cross = rng.chance(settings.crossover_rate);
  std::vector<double> child(static_cast<size_t>(space.n_params), kNaN);
  for (int32_t i = 0; i < space.n_params; ++i) {
    const ams_param& p = *space.params[i];
    const size_t k = static_cast<size_t>(i);
    if (!is_active(p, child.data())) continue;
    const double a = mother[k], b = father[k];
    const bool has_a = !std::isnan(a), has_b = !std::isnan(b);
    double x;
    if (!has_a && !has_b) {
      x = sample(p, rng.uniform());  // newly active: its parent choice flipped
    } else if (!cross || !has_b) {
      x = has_a ? a : b;
    } else if (!has_a) {
      x = b;
    } else if (is_numeric(p)) {
      x = cross_numeric(p, a, b, settings.sbx_eta, rng);
    } else {
      x = rng.chance(0.5) ? a : b;
    }
    if (rng.chance(rate)) x = mutate(p, x, settings.mutation_eta, rng);
    child[k] = x;
  }
  return child;
}

}  // namespace ams_genetic
