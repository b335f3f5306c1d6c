// The random source of the strategy: a 64-bit Mersenne twister with its own uniform mapping,
// so a seed gives the same trials with every standard library.
#pragma once

#include <cstdint>
#include <random>

namespace tpe {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  double uniform() { return double(engine_() >> 11) * 0x1.0p-53; }     // [0, 1)
  int64_t below(int64_t n) { return int64_t(uniform() * double(n)); }  // [0, n)

 private:
  std::mt19937_64 engine_;
};

}  // namespace tpe
