#include "scrambled_sobol.hpp"

#include <array>
#include <cstddef>

namespace ams_random {

namespace {

struct Primitive {
  uint32_t s, a;
  std::array<uint32_t, 7> m;
};

// Dimensions 2..32 of Joe and Kuo's new-joe-kuo-6.21201: degree s, coefficients a, initial m_i.
constexpr std::array<Primitive, 31> kJoeKuo = {{
    {1, 0, {1}},
    {2, 1, {1, 3}},
    {3, 1, {1, 3, 1}},
    {3, 2, {1, 1, 1}},
    {4, 1, {1, 1, 3, 3}},
    {4, 4, {1, 3, 5, 13}},
    {5, 2, {1, 1, 5, 5, 17}},
    {5, 4, {1, 1, 5, 5, 5}},
    {5, 7, {1, 1, 7, 11, 19}},
    {5, 11, {1, 1, 5, 1, 1}},
    {5, 13, {1, 1, 1, 3, 11}},
    {5, 14, {1, 3, 5, 5, 31}},
    {6, 1, {1, 3, 3, 9, 7, 49}},
    {6, 13, {1, 1, 1, 15, 21, 21}},
    {6, 16, {1, 3, 1, 13, 27, 49}},
    {6, 19, {1, 1, 1, 15, 7, 5}},
    {6, 22, {1, 3, 1, 15, 13, 25}},
    {6, 25, {1, 1, 5, 5, 19, 61}},
    {7, 1, {1, 3, 7, 11, 23, 15, 103}},
    {7, 4, {1, 3, 7, 13, 13, 15, 69}},
    {7, 7, {1, 1, 3, 13, 7, 35, 63}},
    {7, 8, {1, 3, 5, 9, 1, 25, 53}},
    {7, 14, {1, 3, 1, 13, 9, 35, 107}},
    {7, 19, {1, 3, 1, 5, 27, 61, 31}},
    {7, 21, {1, 1, 5, 11, 19, 41, 61}},
    {7, 28, {1, 3, 5, 3, 3, 13, 69}},
    {7, 31, {1, 1, 7, 13, 1, 19, 1}},
    {7, 32, {1, 3, 7, 5, 13, 19, 59}},
    {7, 37, {1, 1, 3, 9, 25, 29, 41}},
    {7, 41, {1, 3, 5, 13, 23, 1, 55}},
    {7, 42, {1, 3, 7, 3, 13, 59, 17}},
}};

using Directions = std::array<uint32_t, 32>;

// V[k] for bit k (0-based) of the index, left-aligned in 32 bits (Joe and Kuo's recurrence).
Directions directions_for(int d) {
  Directions v{};
  if (d == 0) {
    for (int k = 0; k < 32; ++k) v[static_cast<size_t>(k)] = 1u << (31 - k);
    return v;
  }
  const Primitive& p = kJoeKuo[static_cast<size_t>(d - 1)];
  const uint32_t s = p.s;
  for (uint32_t i = 1; i <= 32; ++i) {
    if (i <= s) {
      v[i - 1] = p.m[i - 1] << (32 - i);
      continue;
    }
    uint32_t x = v[i - s - 1] ^ (v[i - s - 1] >> s);
    for (uint32_t k = 1; k < s; ++k)
      if ((p.a >> (s - 1 - k)) & 1u) x ^= v[i - k - 1];
    v[i - 1] = x;
  }
  return v;
}

const std::array<Directions, ScrambledSobol::max_dimensions>& all_directions() {
  static const auto table = [] {
    std::array<Directions, ScrambledSobol::max_dimensions> t{};
    for (int d = 0; d < ScrambledSobol::max_dimensions; ++d) t[static_cast<size_t>(d)] = directions_for(d);
    return t;
  }();
  return table;
}

uint32_t reverse_bits(uint32_t x) {
  x = ((x >> 1) & 0x55555555u) | ((x & 0x55555555u) << 1);
  x = ((x >> 2) & 0x33333333u) | ((x & 0x33333333u) << 2);
  x = ((x >> 4) & 0x0F0F0F0Fu) | ((x & 0x0F0F0F0Fu) << 4);
  x = ((x >> 8) & 0x00FF00FFu) | ((x & 0x00FF00FFu) << 8);
  return (x >> 16) | (x << 16);
}

// Applied to bit-reversed values, each output bit depends only on the bits above it in the
// original order: a nested uniform scramble (Burley, "Practical Hash-based Owen Scrambling").
uint32_t laine_karras(uint32_t x, uint32_t seed) {
  x += seed;
  x ^= x * 0x6c50b47cu;
  x ^= x * 0xb82f1e52u;
  x ^= x * 0xc7afe638u;
  x ^= x * 0x8d22f6e6u;
  return x;
}

uint64_t splitmix64(uint64_t& state) {
  uint64_t z = (state += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

}  // namespace

ScrambledSobol::ScrambledSobol(int dimensions, uint64_t seed) {
  uint64_t state = seed ^ 0x50b01ull;
  for (int d = 0; d < dimensions; ++d) seeds_.push_back(static_cast<uint32_t>(splitmix64(state) >> 32));
}

double ScrambledSobol::coordinate(uint64_t index, int d) const {
  const Directions& v = all_directions()[static_cast<size_t>(d)];
  uint32_t x = 0;
  for (int k = 0; k < 32 && index; ++k, index >>= 1)
    if (index & 1u) x ^= v[static_cast<size_t>(k)];
  x = reverse_bits(laine_karras(reverse_bits(x), seeds_[static_cast<size_t>(d)]));
  return static_cast<double>(x) * 0x1p-32;
}

}  // namespace ams_random
