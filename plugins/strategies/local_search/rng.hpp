// The random source: a 64-bit Mersenne twister with its own uniform and normal mappings, so a
// seed gives the same trials with every standard library.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <random>

namespace ams_local {

class Rng {
 public:
  explicit Rng(uint64_t seed) : engine_(seed) {}
  double uniform() { return double(engine_() >> 11) * 0x1.0p-53; }  // [0, 1)
  int64_t below(int64_t n) { return std::min<int64_t>(int64_t(uniform() * double(n)), n - 1); }
  double normal() {  // Box-Muller, both values used
    if (has_spare_) {
      has_spare_ = false;
      return spare_;
    }
    double u = 1.0 - uniform(), v = uniform();
    double r = std::sqrt(-2.0 * std::log(u));
    spare_ = r * std::sin(2 * M_PI * v);
    has_spare_ = true;
    return r * std::cos(2 * M_PI * v);
  }

 private:
  std::mt19937_64 engine_;
  double spare_ = 0;
  bool has_spare_ = false;
};

}  // namespace ams_local
