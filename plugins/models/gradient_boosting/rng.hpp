// A small, fast, portable random generator (SplitMix64). The standard distributions are
// implementation-defined, so the forest draws its own integers to stay reproducible across
// standard libraries.
#pragma once

#include <cstdint>

namespace amsgb {

__extension__ typedef unsigned __int128 uint128;

class Rng {
 public:
  explicit Rng(uint64_t seed) : state_(seed) {}

  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n), n > 0 (Lemire's multiply-shift; the bias is below 2^-32 for our n).
  uint64_t below(uint64_t n) {
    return static_cast<uint64_t>((static_cast<uint128>(next()) * n) >> 64);
  }

 private:
  uint64_t state_;
};

// Independent, reproducible seeds for parallel streams (the hold-out, the rounds).
inline uint64_t stream_seed(uint64_t seed, uint64_t stream) {
  Rng r(seed ^ (0xD1B54A32D192ED03ull * (stream + 1)));
  r.next();
  return r.next();
}

}  // namespace amsgb
