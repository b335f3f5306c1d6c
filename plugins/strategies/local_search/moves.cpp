#include "moves.hpp"

#include <algorithm>
#include <cmath>

#include "trial_ledger.hpp"

namespace ams_local {
namespace {

std::vector<int32_t> movable(const UnitSpace& space, const Point& from) {
  std::vector<bool> on = space.active(from);
  std::vector<int32_t> dims;
  for (int32_t i = 0; i < space.size(); ++i) {
    const Dim& d = space.dim(i);
    bool fixed = d.numeric() ? d.hi == d.lo : d.n_choices < 2;
    if (on[size_t(i)] && !fixed) dims.push_back(i);
  }
  return dims;
}

double numeric_step(const Dim& d, Rng& rng, double u, double step) {
  double delta = step * rng.normal();
  // A discrete parameter must move by at least one cell or the trial would repeat.
  double cell = d.cell(u);
  if (cell > 0 && std::abs(delta) < cell) delta = delta < 0 ? -cell : cell;
  return reflect(u + delta);
}

}  // namespace

double other_choice(Rng& rng, double current, int32_t n) {
  if (n < 2) return current;
  int64_t c = rng.below(n - 1);
  return double(c >= int64_t(current) ? c + 1 : c);
}

Point coordinate_move(const UnitSpace& space, Rng& rng, const Point& from, double step) {
  Point to = from;
  std::vector<int32_t> dims = movable(space, from);
  if (dims.empty()) return to;
  int32_t i = dims[size_t(rng.below(int64_t(dims.size())))];
  const Dim& d = space.dim(i);
  to[size_t(i)] = d.numeric() ? numeric_step(d, rng, from[size_t(i)], step)
                              : other_choice(rng, from[size_t(i)], d.n_choices);
  return to;
}

Point gaussian_move(const UnitSpace& space, Rng& rng, const Point& from, double step,
                    double flip_prob) {
  Point to = from;
  std::vector<int32_t> dims = movable(space, from);
  for (int32_t i : dims) {
    const Dim& d = space.dim(i);
    double& x = to[size_t(i)];
    if (d.numeric())
      x = reflect(x + step * rng.normal());
    else if (rng.uniform() < flip_prob)
      x = other_choice(rng, x, d.n_choices);
  }
  if (space.key(to) == space.key(from)) return coordinate_move(space, rng, from, step);
  return to;
}

}  // namespace ams_local
