// Maximizes an acquisition function over a mixed, conditional space:
//  1. screens a few thousand candidates: a shifted low-discrepancy sequence over the unit
//     vectors of the space plus random perturbations of the best observed points;
//  2. refines the top few with box L-BFGS on the continuous columns that are active for that
//     candidate (integers and stepped values are optimized relaxed, then rounded);
//  3. tries every other choice of each active categorical of the refined points (children
//     made active by a switch use the unit value the candidate carries for them) and refines
//     the neighbours that improve;
//  4. returns the best rounded candidate that is not already observed or pending.
#pragma once

#include "acquisition.hpp"
#include "gp.hpp"
#include "space_codec.hpp"

#include <functional>
#include <optional>
#include <random>
#include <vector>

namespace amsbayes {

struct Candidate {
  std::vector<double> unit;    // one entry per parameter, always defined
  std::vector<double> values;  // trial values (NaN when inactive)
  VectorXd features;           // GP input
  double score = 0;            // acquisition at the rounded point
};

struct OptimizerOptions {
  int candidates = 2048;   // screened points per proposal
  int refine_starts = 5;   // how many of the best screened points get gradient refinement
  int max_iterations = 50; // L-BFGS iterations per refinement
};

class AcquisitionOptimizer {
 public:
  AcquisitionOptimizer(const SpaceCodec& codec, OptimizerOptions options)
      : codec_(codec), options_(options) {}

  // anchors: unit vectors of the best observed trials, to perturb. taken(features) says
  // whether a point is already observed or pending. Empty when every candidate is taken.
  std::optional<Candidate> propose(const Posterior& gp, const Acquisition& acquisition,
                                   const std::vector<std::vector<double>>& anchors,
                                   const std::function<bool(const VectorXd&)>& taken,
                                   std::mt19937_64& rng) const;

  // Candidate from a unit vector (values and features filled, score not).
  Candidate make_candidate(std::vector<double> unit) const;

  // Screening costs O(candidates * n^2) per proposal; the strategy trims it as data grow.
  void set_candidates(int candidates) { options_.candidates = candidates; }

 private:
  std::vector<std::vector<double>> screening_units(const std::vector<std::vector<double>>& anchors,
                                                   std::mt19937_64& rng) const;
  void score(const Posterior& gp, const Acquisition& acquisition,
             std::vector<Candidate>& candidates) const;
  Candidate refine(const Posterior& gp, const Acquisition& acquisition, const Candidate& start) const;
  std::vector<Candidate> categorical_neighbours(const Candidate& c) const;

  const SpaceCodec& codec_;
  OptimizerOptions options_;
};

}  // namespace amsbayes
