// exp(x) for x in [-700, 0] as straight-line arithmetic that compilers vectorise: the density
// of an above-mixture with thousands of kernels at 24 candidates is a sum of ~10^5
// exponentials per parameter, which libm's scalar exp would dominate. Relative error below
// 1e-11. The caller clamps the argument (in a loop of its own: a clamp inside this function
// keeps GCC from vectorising the loop around it).
#pragma once

#include <bit>
#include <cstdint>

namespace tpe {

inline double exp_nonpositive(double x) {  // x in [-700, 0]
  constexpr double kLog2e = 1.4426950408889634074;
  constexpr double kLn2Hi = 6.93147180369123816490e-01, kLn2Lo = 1.90821492927058770002e-10;
  constexpr double kShifter = 0x1.8p52;  // adding it rounds to an integer kept in the low bits
  const double shifted = x * kLog2e + kShifter;
  const double k = shifted - kShifter;
  const double r = (x - k * kLn2Hi) - k * kLn2Lo;  // |r| <= ln(2) / 2
  // Taylor polynomial of e^r to degree 9 (|r|^10 / 10! < 1e-11 on |r| <= 0.347: ample for
  // densities that only rank candidates, and two multiply-adds cheaper than full precision).
  double p = 1.0 / 362880;
  p = p * r + 1.0 / 40320;
  p = p * r + 1.0 / 5040;
  p = p * r + 1.0 / 720;
  p = p * r + 1.0 / 120;
  p = p * r + 1.0 / 24;
  p = p * r + 1.0 / 6;
  p = p * r + 0.5;
  p = p * r + 1.0;
  p = p * r + 1.0;
  // 2^k from the integer in the low bits of `shifted`: k + 1023 lands in the exponent field.
  const uint64_t bits = (std::bit_cast<uint64_t>(shifted) + 1023u) << 52;
  return p * std::bit_cast<double>(bits);
}

}  // namespace tpe
