#include "spsa.hpp"

#include <algorithm>
#include <cmath>

namespace ams_local {

SpsaRun::SpsaRun(const UnitSpace& space, const Gains& gains, Point start)
    : space_(space),
      gains_(gains),
      x_(std::move(start)),
      m_(size_t(space.size()), 0.0),
      v_(size_t(space.size()), 0.0) {}

void SpsaRun::reset_moments() {
  std::fill(m_.begin(), m_.end(), 0.0);
  std::fill(v_.begin(), v_.end(), 0.0);
  adam_t_ = 0;
}

Perturbation SpsaRun::perturb(Rng& rng) {
  Perturbation p;
  p.k = next_k_++;
  p.plus = p.minus = x_;
  const double ck = gains_.c / std::pow(double(p.k + 1), gains_.gamma);
  std::vector<bool> on = space_.active(x_);
  // Discrete coordinates need perturbations of at least a cell, far larger than c_k: mixed in
  // one iteration, their effect would swamp the estimates of the continuous ones. So an
  // iteration perturbs either the continuous or the discrete group, picked in proportion.
  std::vector<int32_t> continuous, discrete;
  for (int32_t i = 0; i < space_.size(); ++i) {
    const Dim& d = space_.dim(i);
    if (!on[size_t(i)] || !d.numeric() || d.hi == d.lo) continue;
    (d.grid_step > 0 ? discrete : continuous).push_back(i);
  }
  double share = double(discrete.size()) / double(std::max<size_t>(1, continuous.size() + discrete.size()));
  const bool use_discrete = !discrete.empty() && (continuous.empty() || rng.uniform() < share);
  for (int32_t i : use_discrete ? discrete : continuous) {
    double xi = x_[size_t(i)];
    // A discrete coordinate must cross a cell boundary or both sides decode alike.
    double c = std::max(ck, space_.dim(i).cell(xi));
    double sign = rng.uniform() < 0.5 ? -1.0 : 1.0;
    p.plus[size_t(i)] = std::clamp(xi + sign * c, 0.0, 1.0);
    p.minus[size_t(i)] = std::clamp(xi - sign * c, 0.0, 1.0);
  }
  return p;
}

void SpsaRun::update(const Perturbation& p, double loss_plus, double loss_minus) {
  const double ak = gains_.a * std::pow((1 + gains_.stability) / (double(p.k) + 1 + gains_.stability),
                                        gains_.alpha);
  ++adam_t_;
  const double correct1 = 1 - std::pow(gains_.beta1, double(adam_t_));
  const double correct2 = 1 - std::pow(gains_.beta2, double(adam_t_));
  for (int32_t i = 0; i < space_.size(); ++i) {
    size_t s = size_t(i);
    // The projected difference, not 2 c_k: a perturbation cut at a bound moved less.
    double span = p.plus[s] - p.minus[s];
    if (span == 0 || !space_.dim(i).numeric()) continue;
    double g = (loss_plus - loss_minus) / span;
    m_[s] = gains_.beta1 * m_[s] + (1 - gains_.beta1) * g;
    v_[s] = gains_.beta2 * v_[s] + (1 - gains_.beta2) * g * g;
    double step = ak * (m_[s] / correct1) / (std::sqrt(v_[s] / correct2) + 1e-12);
    x_[s] = std::clamp(x_[s] - step, 0.0, 1.0);
  }
}

}  // namespace ams_local
