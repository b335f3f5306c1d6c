// The one-sided signed-rank test against scipy 1.10 (scipy.stats.wilcoxon(d, alternative=
// "greater", zero_method="zsplit"[, method="approx"])) and against enumeration.
#include <gtest/gtest.h>

#include <cmath>

#include "pruning/signed_rank_test.hpp"

using namespace amcore;

namespace {

struct Known {
  std::vector<double> differences;
  double r_plus;
  double p_value;
  bool exact;
};

}  // namespace

TEST(SignedRankTest, MatchesScipy) {
  std::vector<double> sixty;  // distinct magnitudes, no zero
  for (int i = 0; i < 60; ++i) sixty.push_back(std::sin(i * 1.3) + 0.2);
  // numpy.round(numpy.sin(numpy.arange(64) * 0.7) * 3) / 2 + 0.5: ties and 7 zeros.
  const std::vector<double> tied64 = {
      0.5, 1.5, 2.0, 2.0, 1.0, 0.0, -1.0, -1.0, -0.5, 0.5, 1.5, 2.0, 2.0, 1.0, 0.0, -1.0,
      -1.0, -0.5, 0.5, 1.5, 2.0, 2.0, 1.0, 0.0, -1.0, -1.0, -0.5, 0.5, 1.5, 2.0, 2.0, 1.0,
      0.0, -1.0, -1.0, -0.5, 0.5, 1.5, 2.0, 1.5, 1.0, 0.0, -1.0, -1.0, -0.5, 0.5, 1.5, 2.0,
      1.5, 1.0, 0.0, -1.0, -1.0, -0.5, 0.5, 1.5, 2.0, 1.5, 1.0, 0.0, -1.0, -1.0, -0.5, 0.5};
  const std::vector<Known> cases = {
      // No ties, no zeros, n <= 50: scipy's exact test.
      {{0.1, 0.2, 0.3, 0.4, 0.5}, 15, 0.03125, true},
      {{1, 2, 3, 4}, 10, 0.0625, true},
      {{0.5, -0.2, 1.3, 0.8, -0.05, 0.9}, 18, 0.078125, true},
      {{2.1, -1.0, 0.3, 3.3, -0.4, 1.7, 0.9, -2.6}, 23, 0.2734375, true},
      {{-1, -2, -3}, 0, 1.0, true},
      // More than 50 differences: scipy's normal approximation (method="approx"), without and
      // with ties and zeros.
      {sixty, 1225, 0.011241809093741598, false},
      {tied64, 1499, 0.0009953999504796027, false},
  };
  for (const Known& k : cases) {
    const SignedRankResult r = signed_rank_greater(k.differences);
    SCOPED_TRACE(::testing::PrintToString(k.differences));
    EXPECT_DOUBLE_EQ(r.r_plus, k.r_plus);
    EXPECT_NEAR(r.p_value, k.p_value, 1e-12);
    EXPECT_EQ(r.exact, k.exact);
  }
}

TEST(SignedRankTest, TiesAndZerosStayExactForFewDifferences) {
  // P(R+ >= observed) over every sign pattern of the nonzero differences, midranks kept, zeros
  // adding half their rank (enumerated with scipy.stats.rankdata). scipy's normal
  // approximation would give 0.0354 for the first and 0.0512 for the last.
  const std::vector<Known> cases = {
      {{1, 1, -1, 2, 2, 3}, 19, 0.0625, true},
      {{0.25, -0.25, 0.5, 0.5, 0.5, -1.0, 2.0}, 20.5, 0.15625, true},
      {{0, 0.5, 1.5, -0.7, 2.0}, 11.5, 0.1875, true},
      {{0, 0, 0}, 3, 1.0, true},
      {{0.01, 0.03, 0.01}, 6, 0.125, true},
  };
  for (const Known& k : cases) {
    const SignedRankResult r = signed_rank_greater(k.differences);
    SCOPED_TRACE(::testing::PrintToString(k.differences));
    EXPECT_DOUBLE_EQ(r.r_plus, k.r_plus);
    EXPECT_NEAR(r.p_value, k.p_value, 1e-12);
    EXPECT_EQ(r.exact, k.exact);
  }
}

TEST(SignedRankTest, ExactDistributionMatchesEnumeration) {
  // P(R+ >= r) over all 2^n sign patterns, for every r, n = 1..12.
  for (int n = 1; n <= 12; ++n) {
    const int max_sum = n * (n + 1) / 2;
    std::vector<double> count(static_cast<size_t>(max_sum) + 1, 0);
    for (int mask = 0; mask < (1 << n); ++mask) {
      int sum = 0;
      for (int i = 0; i < n; ++i)
        if (mask & (1 << i)) sum += i + 1;
      count[static_cast<size_t>(sum)] += 1;
    }
    double tail = 0;
    for (int r = max_sum; r >= 0; --r) {
      tail += count[static_cast<size_t>(r)];
      // Differences 1..n with the signs of a pattern whose positive ranks sum to r.
      std::vector<double> d;
      int remaining = r;
      for (int i = n; i >= 1; --i) {
        const bool positive = remaining >= i;
        if (positive) remaining -= i;
        d.push_back(positive ? i : -i);
      }
      ASSERT_EQ(remaining, 0);
      const SignedRankResult result = signed_rank_greater(d);
      EXPECT_TRUE(result.exact);
      EXPECT_NEAR(result.p_value, tail / std::pow(2.0, n), 1e-15) << "n=" << n << " r=" << r;
    }
  }
}

TEST(SignedRankTest, FiftyDifferencesStayExactAndSmall) {
  std::vector<double> all_positive;
  for (int i = 1; i <= 50; ++i) all_positive.push_back(i);
  const SignedRankResult r = signed_rank_greater(all_positive);
  EXPECT_TRUE(r.exact);
  EXPECT_NEAR(r.p_value, std::pow(0.5, 50), 1e-30);
}

TEST(SignedRankTest, NoDifferencesIsNoEvidence) {
  EXPECT_EQ(signed_rank_greater({}).p_value, 1.0);
}
