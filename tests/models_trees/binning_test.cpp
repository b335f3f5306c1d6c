// The SDK's quantile binning (ams/feature_bins.hpp), as the tree plugins use it: the radix sort orders doubles exactly as std::sort does,
// and every code is the one bin_of gives, so a split on codes is the split on raw values.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <vector>

#include <ams/feature_bins.hpp>

namespace {

std::vector<double> awkward_values(size_t n, uint32_t seed) {
  std::mt19937_64 gen(seed);
  std::normal_distribution<double> normal(0.0, 1e3);
  std::vector<double> v;
  for (size_t i = 0; i < n; ++i) {
    switch (i % 7) {
      case 0: v.push_back(normal(gen)); break;
      case 1: v.push_back(-normal(gen) * 1e-300); break;  // tiny, both signs
      case 2: v.push_back(std::round(normal(gen) / 100)); break;  // many ties
      case 3: v.push_back(i % 2 ? 0.0 : -0.0); break;
      case 4: v.push_back(normal(gen) * 1e250); break;
      case 5: v.push_back(std::numeric_limits<double>::denorm_min() * static_cast<double>(i % 5) * (i % 3 ? 1 : -1)); break;
      default: v.push_back(-std::abs(normal(gen))); break;
    }
  }
  return v;
}

TEST(Binning, RadixSortOrdersLikeStdSort) {
  for (size_t n : {0u, 1u, 2u, 17u, 5000u}) {
    const std::vector<double> values = awkward_values(n, static_cast<uint32_t>(n));
    ams::bins::ColumnSorter sorter;
    sorter.sort(values.data(), static_cast<int64_t>(n));
    std::vector<double> expected = values;
    std::sort(expected.begin(), expected.end());
    ASSERT_EQ(sorter.sorted().size(), n);
    for (size_t i = 0; i < n; ++i) {
      EXPECT_EQ(sorter.sorted()[i], expected[i]) << "position " << i;  // -0.0 == 0.0
      EXPECT_EQ(std::signbit(sorter.sorted()[i]), std::signbit(values[sorter.row()[i]]));
      EXPECT_EQ(sorter.sorted()[i], values[sorter.row()[i]]) << "row numbers travel with their values";
    }
  }
}

TEST(Binning, CodesAreTheNumberOfEdgesBelowEachValue) {
  const size_t n = 3000;
  for (int32_t max_bins : {2, 16, 255}) {
    const std::vector<double> a = awkward_values(n, 1), b = awkward_values(n, 2);
    std::vector<double> rows(2 * n);
    for (size_t i = 0; i < n; ++i) {
      rows[2 * i] = a[i];
      rows[2 * i + 1] = b[i];
    }
    const ams::bins::BinnedData binned =
        ams::bins::bin_features(static_cast<int64_t>(n), 2, [&](int64_t i) { return &rows[static_cast<size_t>(2 * i)]; }, max_bins);
    for (int64_t f = 0; f < 2; ++f) {
      const std::vector<double>& edges = binned.edges[static_cast<size_t>(f)];
      EXPECT_LE(static_cast<int32_t>(edges.size()) + 1, max_bins);
      EXPECT_TRUE(std::is_sorted(edges.begin(), edges.end()));
      for (size_t i = 0; i < n; ++i) {
        const double x = rows[2 * i + static_cast<size_t>(f)];
        const uint8_t code = binned.column(f)[i];
        ASSERT_EQ(code, ams::bins::bin_of(edges, x)) << "feature " << f << " row " << i;
        // The split "code <= k" is "x <= edges[k]".
        if (code < edges.size()) {
          EXPECT_LE(x, edges[code]);
        }
        if (code > 0) {
          EXPECT_GT(x, edges[code - 1u]);
        }
      }
    }
  }
}

TEST(Binning, RejectsMissingValuesWithRowAndFeature) {
  std::vector<double> rows = {1.0, 2.0, std::nan(""), 4.0};
  try {
    ams::bins::bin_features(2, 2, [&](int64_t i) { return &rows[static_cast<size_t>(2 * i)]; }, 255);
    FAIL() << "a NaN was binned";
  } catch (const std::invalid_argument& e) {
    EXPECT_NE(std::string(e.what()).find("row 1, feature 0"), std::string::npos) << e.what();
  }
}

}  // namespace
