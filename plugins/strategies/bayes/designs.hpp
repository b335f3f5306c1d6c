// Space-filling point sets in the unit cube, for the startup design and for the candidates
// the acquisition optimizer screens.
#pragma once

#include <cstdint>
#include <random>
#include <vector>

namespace amsbayes {

// Latin hypercube of n points in dim dimensions (every 1/n stratum of every axis holds
// exactly one point), the best of `tries` random ones by the maximin distance criterion.
std::vector<std::vector<double>> latin_hypercube(int n, int dim, std::mt19937_64& rng,
                                                 int tries = 20);

// Roberts' R_d low-discrepancy sequence (the generalized golden ratio Kronecker lattice)
// with a random shift (Cranley-Patterson rotation): well spread in any dimension, O(1) per
// point, no tables.
class ShiftedKronecker {
 public:
  ShiftedKronecker(int dim, std::mt19937_64& rng);
  void next(double* out);

 private:
  std::vector<double> alpha_, shift_;
  uint64_t index_ = 0;
};

}  // namespace amsbayes
