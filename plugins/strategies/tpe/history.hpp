// Every told trial TPE learns from, stored by parameter (one flat column per dimension, in tell
// order) with two orders kept up to date on insertion, so no ask re-sorts the history:
// the ranking of all trials (best first) and, per numeric dimension, the trials where it is
// active sorted by value (for the neighbour bandwidths).
#pragma once

#include <cstdint>
#include <vector>

#include "space.hpp"

namespace tpe {

// How a trial ranks: complete trials by value, then pruned ones by the step they reached
// (later first) and their last value, as Optuna's split does.
struct Rank {
  int32_t tier = 0;  // 0 complete, 1 pruned
  double first = 0, second = 0;
  bool operator<(const Rank& o) const {
    if (tier != o.tier) return tier < o.tier;
    if (first != o.first) return first < o.first;
    return second < o.second;
  }
};

class History {
 public:
  explicit History(const Space& space);
  // internal: one value per dimension in internal coordinates, NaN where inactive.
  void add(const double* internal, const Rank& rank);
  int32_t size() const { return n_; }
  const std::vector<double>& column(int32_t d) const { return columns_[size_t(d)]; }
  const std::vector<int32_t>& sorted(int32_t d) const { return sorted_[size_t(d)]; }
  const std::vector<int32_t>& ranking() const { return ranking_; }

 private:
  const Space& space_;
  int32_t n_ = 0;
  std::vector<std::vector<double>> columns_;
  std::vector<std::vector<int32_t>> sorted_;
  std::vector<Rank> ranks_;
  std::vector<int32_t> ranking_;
};

}  // namespace tpe
