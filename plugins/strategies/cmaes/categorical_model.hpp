// Categorical parameters in CMA-ES. A Gaussian over choice indices would invent an order the
// choices do not have, and a one-hot encoding multiplies the dimension; instead every
// categorical parameter has its own probability vector, sampled independently of the Gaussian
// and moved each generation towards the recombination-weighted frequencies of the best half
// (a PBIL-style update whose learning rate grows with mu_eff as CMA's does). A floor on each
// probability plays the role of the margin: the chance of sampling away from the favourite
// choice stays at least `margin` (1 / (n * popsize), as for discrete coordinates), so a
// choice that looked bad early can come back.
#pragma once

#include <cstdint>
#include <vector>

#include "rng.hpp"

namespace cmaes {

class CategoricalModel {
 public:
  // margin: the least total probability of the choices other than the favourite.
  CategoricalModel(int32_t n_choices, double margin);
  int32_t sample(Rng& rng) const;
  // choices/weights: the best half's choices (where active) and their recombination weights.
  void update(const std::vector<int32_t>& choices, const std::vector<double>& weights,
              double mu_eff);
  // Leans the model towards one choice (resume from a told best trial).
  void favour(int32_t choice);
  const std::vector<double>& probabilities() const { return p_; }

 private:
  void apply_floor();
  std::vector<double> p_;
  double floor_;
};

}  // namespace cmaes
