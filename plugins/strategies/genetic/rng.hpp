// The random source: a 64-bit Mersenne twister with its own uniform mapping, so a seed gives the
// same trials with every standard library.
#pragma once

#include <cstdint>
#include <random>

namespace ams_genetic {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  double uniform() { return static_cast<double>(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  int64_t below(int64_t n) {                                                    // [0, n)
    return static_cast<int64_t>(uniform() * static_cast<double>(n));
  }
  bool chance(double p) { return uniform() < p; }

 private:
  std::mt19937_64 engine_;
};

// A seed for one trial number: trials do not shift when the host asks in another order.
inline uint64_t mix_seed(uint64_t a, uint64_t b) {
  uint64_t z = a ^ (b + 0x9e3779b97f4a7c15ull + (a << 6) + (a >> 2));
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace ams_genetic
