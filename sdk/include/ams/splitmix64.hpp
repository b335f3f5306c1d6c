/* ams/splitmix64.hpp: a small, fast random generator for plugins (header-only C++17; not part
 * of the C ABI in ams.h).
 *
 * The standard library's distributions are implementation-defined, so a plugin that must give
 * the same results for the same seed on every platform draws its own integers. SplitMix64
 * (Steele, Lea and Flood 2014) passes BigCrush, keeps 8 bytes of state and costs a few cycles
 * per number. The built-in tree models use it for bootstrap samples, feature draws and
 * thresholds.
 *
 * Stability: the numbers drawn for a seed never change, so a plugin's fits stay reproducible
 * across amsearch releases. Needs a compiler with unsigned __int128 (GCC, Clang). */
#pragma once

#include <cstdint>

namespace ams {

class SplitMix64 {
 public:
  explicit SplitMix64(uint64_t seed) : state_(seed) {}

  // The next 64 random bits.
  uint64_t next() {
    uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
  }

  // Uniform in [0, n) for n > 0 (Lemire's multiply-shift; the bias is below n / 2^64).
  uint64_t below(uint64_t n) {
    __extension__ typedef unsigned __int128 uint128;
    return static_cast<uint64_t>((static_cast<uint128>(next()) * n) >> 64);
  }

 private:
  uint64_t state_;
};

// A seed for stream `stream` of a computation seeded with `seed` (tree i of a forest, the
// hold-out split of a boosting run): different streams' generators are independent, and a
// stream's numbers do not depend on which thread draws them or in which order.
inline uint64_t stream_seed(uint64_t seed, uint64_t stream) {
  SplitMix64 r(seed ^ (0xD1B54A32D192ED03ull * (stream + 1)));
  r.next();
  return r.next();
}

}  // namespace ams
