// Neighbourhood moves in the normalised space: Gaussian steps for numeric parameters (reflected
// at the bounds, at least one grid cell for discrete ones) and flips to another choice for
// categorical and bool parameters. Only active parameters move.
#pragma once

#include "rng.hpp"
#include "unit_space.hpp"

namespace ams_local {

// Moves one active parameter chosen at random.
Point coordinate_move(const UnitSpace& space, Rng& rng, const Point& from, double step);

// Moves every active numeric parameter by N(0, step^2) and flips each active choice parameter
// with probability flip_prob; when that changes nothing, falls back to a coordinate move.
Point gaussian_move(const UnitSpace& space, Rng& rng, const Point& from, double step,
                    double flip_prob);

// Another choice than `current`, uniformly among the n - 1 others (current when n == 1).
double other_choice(Rng& rng, double current, int32_t n);

}  // namespace ams_local
