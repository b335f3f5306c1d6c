// Scrambled Sobol points: Joe and Kuo's direction numbers (new-joe-kuo-6.21201) for the first
// 32 dimensions, each dimension scrambled by a hash-based nested uniform (Owen) scramble
// (Burley 2020, Laine-Karras permutation) seeded per dimension. The scramble keeps the net
// property: the first 2^m points of any one dimension fall one in each interval [k/2^m,(k+1)/2^m).
#pragma once

#include <cstdint>
#include <vector>

namespace ams_random {

class ScrambledSobol {
 public:
  static constexpr int max_dimensions = 32;

  ScrambledSobol(int dimensions, uint64_t seed);
  int dimensions() const { return static_cast<int>(seeds_.size()); }
  // Coordinate d (< dimensions()) of point `index`, in [0, 1).
  double coordinate(uint64_t index, int d) const;

 private:
  std::vector<uint32_t> seeds_;
};

}  // namespace ams_random
