// The variation operators of the genetic strategy, one per parameter type:
//  floats    simulated binary crossover (SBX) and polynomial mutation in the unit coordinate;
//  integers  rounded arithmetic (blend) crossover and polynomial mutation, moved at least one
//            grid step so a mutation of a narrow range is never a no-op;
//  choices   uniform crossover, mutation resamples another choice (a bool flips).
// A child is built parameter by parameter in space order, so conditional structure holds: a
// parameter inactive in the child is NaN; one active in the child but in neither parent (its
// parent choice flipped) is sampled afresh.
#pragma once

#include <ams/ams.h>

#include <vector>

#include "rng.hpp"

namespace ams_genetic {

struct OperatorSettings {
  double crossover_rate = 0.9;  // chance that a child mixes two parents rather than copies one
  double mutation_rate = 0;     // per active parameter; 0 means 1 / (number of parameters)
  double sbx_eta = 15;          // SBX distribution index: larger keeps children nearer parents
  double mutation_eta = 20;     // polynomial mutation index: larger makes smaller steps
};

// A uniformly random trial (log-aware, NaN where inactive).
std::vector<double> random_trial(const ams_space& space, Rng& rng);

// A child of two parents (equal parents give a mutated copy).
std::vector<double> make_child(const ams_space& space, const OperatorSettings& settings,
                               const std::vector<double>& mother,
                               const std::vector<double>& father, Rng& rng);

}  // namespace ams_genetic
