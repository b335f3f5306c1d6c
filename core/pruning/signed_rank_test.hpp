// The one-sided Wilcoxon signed-rank test of paired differences, as scipy.stats.wilcoxon(d,
// alternative="greater", zero_method="zsplit"): is the median difference above zero?
#pragma once

#include <vector>

namespace amcore {

struct SignedRankResult {
  double r_plus = 0;   // sum of the ranks of |d| for positive d, plus half those of zeros
  double p_value = 1;  // P(R+ >= r_plus) when the differences are symmetric about zero
  bool exact = false;  // exact null distribution, else the normal approximation
};

// Up to 50 differences: the exact distribution of R+ given the observed ranks, each nonzero
// difference's sign equally likely. Without ties or zeros this is scipy's exact test; with
// them it stays exact (scipy switches to the normal approximation, which is far too bold for
// the handful of folds a pruner sees: three tied wins would give p = 0.05 instead of 1/8).
// More differences: the normal approximation with tie correction and no continuity
// correction, as scipy. Zeros are ranked and their ranks split evenly between the two sides.
// No differences: p = 1.
SignedRankResult signed_rank_greater(const std::vector<double>& differences);

}  // namespace amcore
