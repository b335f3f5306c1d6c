#include "pruning/signed_rank_test.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace amcore {

namespace {

constexpr size_t kMaxExact = 50;

// Average ranks (1-based) of `values`, and the sizes of their groups of ties.
std::vector<double> average_ranks(const std::vector<double>& values, std::vector<size_t>& ties) {
  std::vector<size_t> order(values.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return values[a] < values[b]; });
  std::vector<double> ranks(values.size());
  for (size_t i = 0; i < order.size();) {
    size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double rank = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2.0;
    for (size_t k = i; k <= j; ++k) ranks[order[k]] = rank;
    if (j > i) ties.push_back(j - i + 1);
    i = j + 1;
  }
  return ranks;
}

// P(R+ >= r_plus) given the ranks: each nonzero difference is positive with probability 1/2,
// zeros add half their rank whatever happens. Computed on doubled ranks, which are integers
// (midranks are multiples of 1/2), as a distribution over the achievable sums.
double exact_upper_tail(const std::vector<double>& ranks, const std::vector<double>& differences,
                        double r_plus) {
  size_t fixed_doubled = 0, max_sum = 0;
  std::vector<size_t> weights;
  for (size_t i = 0; i < ranks.size(); ++i) {
    const auto doubled = static_cast<size_t>(std::lround(2 * ranks[i]));
    if (differences[i] == 0) {
      fixed_doubled += doubled;
    } else {
      weights.push_back(doubled);
      max_sum += doubled;
    }
  }
  // Halved at each difference rather than counted, so 50 differences cannot overflow.
  std::vector<double> probability(max_sum + 1, 0.0);
  probability[0] = 1.0;
  size_t reach = 0;
  for (size_t w : weights) {
    reach += w;
    for (size_t s = reach + 1; s-- > 0;) {  // downwards: in place
      const double with = s >= w ? probability[s - w] : 0.0;
      probability[s] = 0.5 * (probability[s] + with);
    }
  }
  // Zeros share the lowest ranks 1..z, so they add z(z + 1) / 4 to R+: z(z + 1) / 2 doubled.
  const double observed = 2 * r_plus - static_cast<double>(fixed_doubled) / 2;
  double tail = 0;
  for (size_t s = 0; s <= max_sum; ++s)
    if (static_cast<double>(s) >= observed - 1e-6) tail += probability[s];
  return std::min(1.0, tail);
}

}  // namespace

SignedRankResult signed_rank_greater(const std::vector<double>& differences) {
  SignedRankResult result;
  const size_t n = differences.size();
  if (n == 0) return result;
  std::vector<double> magnitudes(n);
  for (size_t i = 0; i < n; ++i) magnitudes[i] = std::fabs(differences[i]);
  std::vector<size_t> ties;
  const std::vector<double> ranks = average_ranks(magnitudes, ties);
  for (size_t i = 0; i < n; ++i) {
    if (differences[i] > 0) result.r_plus += ranks[i];
    if (differences[i] == 0) {
      result.r_plus += ranks[i] / 2;
    }
  }
  if (n <= kMaxExact) {
    result.exact = true;
    result.p_value = exact_upper_tail(ranks, differences, result.r_plus);
    return result;
  }
  const double count = static_cast<double>(n);
  const double mean = count * (count + 1) / 4;
  double variance = count * (count + 1) * (2 * count + 1);
  for (size_t t : ties) {
    const double size = static_cast<double>(t);
    variance -= 0.5 * size * (size * size - 1);
  }
  variance /= 24;
  const double z = (result.r_plus - mean) / std::sqrt(variance);
  result.p_value = 0.5 * std::erfc(z / std::sqrt(2.0));
  return result;
}

}  // namespace amcore
