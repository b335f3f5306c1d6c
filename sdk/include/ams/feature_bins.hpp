/* ams/feature_bins.hpp: quantile binning of numeric features for histogram-based tree models
 * (header-only C++17; not part of the C ABI in ams.h). The built-in random_forest,
 * extra_trees, decision_tree and gradient_boosting models bin with it.
 *
 * Each feature gets at most max_bins bins with edges between distinct training values, so a
 * split "bin <= b" equals the raw-value split "x <= edges[b]" on the training data, and the
 * fitted trees can predict from raw values. Codes are bytes stored feature-major, so that
 * building a histogram of one feature streams through one byte array. Each bin also records
 * its smallest and largest training value, for thresholds placed midway across a gap.
 *
 * Stability: the bins computed for given data never change within a major version of the
 * SDK, so models fitted by a plugin stay reproducible. */
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <stdexcept>
#include <string>
#include <vector>

namespace ams {
namespace bins {

struct BinnedData {
  int64_t n_rows = 0;
  int64_t n_features = 0;
  std::vector<uint8_t> codes;               // codes[f * n_rows + i]
  std::vector<std::vector<double>> edges;   // per feature: n_bins(f) - 1 increasing edges
  // Per feature and bin: the smallest and largest training value in the bin. A split between
  // two occupied bins can put its threshold midway between the values either side of the gap
  // (as exact trees do) rather than at the bin edge.
  std::vector<std::vector<double>> lowest, highest;
  std::vector<int64_t> bin_offset;          // start of feature f in a histogram of all bins
  int64_t total_bins = 0;

  int32_t n_bins(int64_t f) const { return static_cast<int32_t>(edges[f].size()) + 1; }
  const uint8_t* column(int64_t f) const { return codes.data() + f * n_rows; }
};

// A value strictly between lo < hi, preferring the midpoint.
inline double edge_between(double lo, double hi) {
  double mid = lo + (hi - lo) / 2;
  return mid < hi ? mid : lo;
}

// Edges for one feature from its sorted values.
inline std::vector<double> quantile_edges(const std::vector<double>& sorted, int32_t max_bins) {
  std::vector<double> distinct;
  distinct.reserve(std::min<size_t>(sorted.size(), static_cast<size_t>(max_bins) + 1));
  size_t n_distinct = 0;
  for (size_t i = 0; i < sorted.size(); ++i)
    if (i == 0 || sorted[i] != sorted[i - 1]) {
      if (++n_distinct > static_cast<size_t>(max_bins)) break;
      distinct.push_back(sorted[i]);
    }
  std::vector<double> edges;
  if (n_distinct <= static_cast<size_t>(max_bins)) {
    for (size_t i = 1; i < distinct.size(); ++i) edges.push_back(edge_between(distinct[i - 1], distinct[i]));
    return edges;
  }
  // Many distinct values: cut at equal-count positions; a cut inside a run of equal values
  // moves to the end of the run so no value straddles two bins.
  const size_t n = sorted.size();
  for (int32_t k = 1; k < max_bins; ++k) {
    size_t pos = static_cast<size_t>(static_cast<uint64_t>(n) * static_cast<uint64_t>(k) / static_cast<uint64_t>(max_bins));
    if (pos == 0 || pos >= n) continue;
    double v = sorted[pos - 1];
    auto next = std::upper_bound(sorted.begin() + static_cast<std::ptrdiff_t>(pos - 1), sorted.end(), v);
    if (next == sorted.end()) break;
    double e = edge_between(v, *next);
    if (edges.empty() || e > edges.back()) edges.push_back(e);
  }
  return edges;
}

// The number of edges below x (std::lower_bound), without branches: binning every value of
// a large data set is dominated by mispredicted comparisons otherwise.
inline uint8_t bin_of(const std::vector<double>& edges, double x) {
  if (edges.empty()) return 0;
  const double* base = edges.data();
  size_t n = edges.size();
  while (n > 1) {
    const size_t half = n / 2;
    base = base[half] < x ? base + half : base;
    n -= half;
  }
  return static_cast<uint8_t>((base - edges.data()) + (*base < x));
}

// Sorts a column's values with their row numbers: least-significant-digit radix sort on the
// values' bits mapped to unsigned keys that order like the doubles (11-bit digits, six passes,
// a pass skipped when every key shares its digit). Several times faster than std::sort on
// tens of thousands of values, and the row numbers let the codes be assigned in one sweep.
class ColumnSorter {
 public:
  // Sorts values[0..n); afterwards sorted()[i] is the i-th smallest, row()[i] its row.
  void sort(const double* values, int64_t n) {
    constexpr int kBits = 11, kPasses = 6, kBuckets = 1 << kBits;
    keys_.resize(static_cast<size_t>(n));
    rows_.resize(static_cast<size_t>(n));
    keys_tmp_.resize(static_cast<size_t>(n));
    rows_tmp_.resize(static_cast<size_t>(n));
    counts_.assign(static_cast<size_t>(kPasses * kBuckets), 0);
    for (int64_t i = 0; i < n; ++i) {
      uint64_t bits;
      std::memcpy(&bits, &values[i], sizeof bits);
      // Negative: flip all bits (larger magnitude sorts first); else set the sign bit.
      const uint64_t key = (bits >> 63) ? ~bits : bits | (uint64_t{1} << 63);
      keys_[static_cast<size_t>(i)] = key;
      rows_[static_cast<size_t>(i)] = static_cast<uint32_t>(i);
      for (int p = 0; p < kPasses; ++p) ++counts_[static_cast<size_t>(p * kBuckets) + ((key >> (p * kBits)) & (kBuckets - 1))];
    }
    for (int p = 0; n > 0 && p < kPasses; ++p) {  // n > 0: keys_[0] exists
      uint32_t* count = counts_.data() + p * kBuckets;
      const uint64_t first = (keys_[0] >> (p * kBits)) & (kBuckets - 1);
      if (count[first] == static_cast<uint32_t>(n)) continue;  // one digit: nothing moves
      uint32_t sum = 0;
      for (int b = 0; b < kBuckets; ++b) {
        const uint32_t c = count[b];
        count[b] = sum;
        sum += c;
      }
      for (int64_t i = 0; i < n; ++i) {
        const uint64_t key = keys_[static_cast<size_t>(i)];
        const uint32_t to = count[(key >> (p * kBits)) & (kBuckets - 1)]++;
        keys_tmp_[to] = key;
        rows_tmp_[to] = rows_[static_cast<size_t>(i)];
      }
      keys_.swap(keys_tmp_);
      rows_.swap(rows_tmp_);
    }
    sorted_.resize(static_cast<size_t>(n));
    for (int64_t i = 0; i < n; ++i) {
      const uint64_t key = keys_[static_cast<size_t>(i)];
      const uint64_t bits = (key >> 63) ? key & ~(uint64_t{1} << 63) : ~key;
      std::memcpy(&sorted_[static_cast<size_t>(i)], &bits, sizeof bits);
    }
  }
  const std::vector<double>& sorted() const { return sorted_; }
  const std::vector<uint32_t>& row() const { return rows_; }

 private:
  std::vector<uint64_t> keys_, keys_tmp_;
  std::vector<uint32_t> rows_, rows_tmp_, counts_;
  std::vector<double> sorted_;
};

// row(i) gives a pointer to the n_features values of row i.
template <class RowFn>
BinnedData bin_features(int64_t n_rows, int64_t n_features, RowFn row, int32_t max_bins) {
  if (max_bins < 2 || max_bins > 256) throw std::invalid_argument("max_bins must be in [2, 256]");
  if (n_rows >= (int64_t{1} << 32)) throw std::invalid_argument("at most 2^32 - 1 rows can be binned");
  BinnedData b;
  b.n_rows = n_rows;
  b.n_features = n_features;
  b.codes.resize(static_cast<size_t>(n_rows * n_features));
  b.edges.resize(static_cast<size_t>(n_features));
  b.lowest.resize(static_cast<size_t>(n_features));
  b.highest.resize(static_cast<size_t>(n_features));
  b.bin_offset.resize(static_cast<size_t>(n_features));
  std::vector<double> column(static_cast<size_t>(n_rows));
  ColumnSorter sorter;
  for (int64_t f = 0; f < n_features; ++f) {
    for (int64_t i = 0; i < n_rows; ++i) {
      double v = row(i)[f];
      if (!std::isfinite(v))
        throw std::invalid_argument("X has a missing or infinite value at row " + std::to_string(i) +
                                    ", feature " + std::to_string(f) +
                                    "; impute missing values before fitting");
      column[static_cast<size_t>(i)] = v;
    }
    sorter.sort(column.data(), n_rows);
    const std::vector<double>& sorted = sorter.sorted();
    const std::vector<double>& edges = b.edges[f] = quantile_edges(sorted, max_bins);
    // The code of a value is the number of edges below it (bin_of); walking the values in
    // order, that number only grows.
    uint8_t* out = b.codes.data() + f * n_rows;
    const std::vector<uint32_t>& rows = sorter.row();
    std::vector<double>& lowest = b.lowest[f];
    std::vector<double>& highest = b.highest[f];
    lowest.assign(edges.size() + 1, 0.0);
    highest.assign(edges.size() + 1, 0.0);
    size_t e = 0;
    for (int64_t i = 0; i < n_rows; ++i) {
      const double v = sorted[static_cast<size_t>(i)];
      const size_t before = e;
      while (e < edges.size() && edges[e] < v) ++e;
      if (i == 0 || e != before) lowest[e] = v;
      highest[e] = v;
      out[rows[static_cast<size_t>(i)]] = static_cast<uint8_t>(e);
    }
    b.bin_offset[f] = b.total_bins;
    b.total_bins += b.n_bins(f);
  }
  return b;
}

}  // namespace bins
}  // namespace ams
