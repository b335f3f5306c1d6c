// One run of simultaneous-perturbation stochastic approximation (Spall 1998) over the numeric
// coordinates of a point, with Adam (Kingma and Ba 2015) turning the gradient estimates into
// steps: each iteration perturbs every active numeric coordinate by +-c_k at once (Rademacher
// signs), the two losses give a gradient estimate for all of them, and Adam's moment
// estimates scale the step so that it is about a_k per coordinate whatever the loss's scale.
//
// Gains follow Spall's guidelines, a_k = a ((1 + A) / (k + 1 + A))^alpha and
// c_k = c / (k + 1)^gamma with alpha = 0.602, gamma = 0.101, written so that a and c are the
// first step and perturbation in coordinates normalised to [0, 1].
#pragma once

#include <cstdint>
#include <vector>

#include "rng.hpp"
#include "unit_space.hpp"

namespace ams_local {

struct Gains {
  double a = 0.05, c = 0.01, stability = 5, alpha = 0.602, gamma = 0.101;
  double beta1 = 0.9, beta2 = 0.999;
};

// The two trials of one iteration.
struct Perturbation {
  int64_t k = 0;
  Point plus, minus;
};

class SpsaRun {
 public:
  SpsaRun(const UnitSpace& space, const Gains& gains, Point start);

  // The next iteration's two points around the current point (both inside [0, 1]).
  Perturbation perturb(Rng& rng);
  // Applies the gradient estimate of a finished iteration to the current point (which may have
  // moved since it was perturbed when several iterations are in flight).
  void update(const Perturbation& p, double loss_plus, double loss_minus);

  const Point& point() const { return x_; }
  Point& point() { return x_; }
  // Restarts the moment estimates (after the point jumped).
  void reset_moments();

 private:
  const UnitSpace& space_;
  Gains gains_;
  Point x_;
  std::vector<double> m_, v_;
  int64_t next_k_ = 0;
  int64_t adam_t_ = 0;
};

}  // namespace ams_local
