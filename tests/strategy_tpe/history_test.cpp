// The history keeps its orders (ranking of trials, per-dimension value order) up to date on
// insertion; after every insertion they must equal a stable sort from scratch, ties included.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

#include "common.hpp"
#include "history.hpp"

namespace {

TEST(TpeHistory, IncrementalOrdersEqualSortingFromScratch) {
  FloatSpace fs({{0, 1}, {-1, 1}, {0, 10}});
  const tpe::Space space = fs.make();
  tpe::History history(space);
  std::mt19937_64 rng(5);
  std::uniform_int_distribution<int> coarse(0, 6);  // few distinct values: many ties
  std::vector<tpe::Rank> ranks;
  std::vector<std::vector<double>> rows;
  for (int t = 0; t < 300; ++t) {
    tpe::Rank rank;
    rank.tier = coarse(rng) == 0 ? 1 : 0;
    rank.first = coarse(rng);
    rank.second = coarse(rng);
    std::vector<double> row{coarse(rng) / 6.0, coarse(rng) / 3.0 - 1.0, double(coarse(rng))};
    if (coarse(rng) == 0) row[1] = std::numeric_limits<double>::quiet_NaN();  // inactive
    history.add(row.data(), rank);
    ranks.push_back(rank);
    rows.push_back(row);

    std::vector<int32_t> expected(ranks.size());
    std::iota(expected.begin(), expected.end(), 0);
    std::stable_sort(expected.begin(), expected.end(),
                     [&](int32_t a, int32_t b) { return ranks[size_t(a)] < ranks[size_t(b)]; });
    ASSERT_EQ(history.ranking(), expected) << "after " << t + 1 << " trials";
    for (int32_t d = 0; d < 3; ++d) {
      std::vector<int32_t> order;
      for (int32_t i = 0; i <= t; ++i)
        if (!std::isnan(rows[size_t(i)][size_t(d)])) order.push_back(i);
      std::stable_sort(order.begin(), order.end(), [&](int32_t a, int32_t b) {
        return rows[size_t(a)][size_t(d)] < rows[size_t(b)][size_t(d)];
      });
      ASSERT_EQ(history.sorted(d), order) << "dimension " << d << " after " << t + 1;
      ASSERT_EQ(history.column(d).size(), size_t(t + 1));
    }
  }
}

}  // namespace
