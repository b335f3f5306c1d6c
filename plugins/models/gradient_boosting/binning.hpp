// Quantile binning of the features, computed once per fit (gradient_boosting's own copy: plugins
// share no source files; the forest's binning.hpp is the same algorithm).
//
// Each feature gets at most max_bins bins with edges between distinct training values, so a
// split "bin <= b" equals the raw-value split "x <= edges[b]" on the training data, and the
// fitted trees can predict from raw values. Codes are stored feature-major so that building
// a histogram of one feature streams through one byte array.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace amsgb {

struct BinnedData {
  int64_t n_rows = 0;
  int64_t n_features = 0;
  std::vector<uint8_t> codes;               // codes[f * n_rows + i]
  std::vector<std::vector<double>> edges;   // per feature: n_bins(f) - 1 increasing edges
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

// row(i) gives a pointer to the n_features values of row i.
template <class RowFn>
BinnedData bin_features(int64_t n_rows, int64_t n_features, RowFn row, int32_t max_bins) {
  if (max_bins < 2 || max_bins > 256) throw std::invalid_argument("max_bins must be in [2, 256]");
  BinnedData b;
  b.n_rows = n_rows;
  b.n_features = n_features;
  b.codes.resize(static_cast<size_t>(n_rows * n_features));
  b.edges.resize(static_cast<size_t>(n_features));
  b.bin_offset.resize(static_cast<size_t>(n_features));
  std::vector<double> column(static_cast<size_t>(n_rows)), sorted;
  for (int64_t f = 0; f < n_features; ++f) {
    for (int64_t i = 0; i < n_rows; ++i) {
      double v = row(i)[f];
      if (!std::isfinite(v))
        throw std::invalid_argument("X has a missing or infinite value at row " + std::to_string(i) +
                                    ", feature " + std::to_string(f) +
                                    "; impute missing values before fitting");
      column[static_cast<size_t>(i)] = v;
    }
    sorted = column;
    std::sort(sorted.begin(), sorted.end());
    b.edges[f] = quantile_edges(sorted, max_bins);
    uint8_t* out = b.codes.data() + f * n_rows;
    for (int64_t i = 0; i < n_rows; ++i) out[i] = bin_of(b.edges[f], column[static_cast<size_t>(i)]);
    b.bin_offset[f] = b.total_bins;
    b.total_bins += b.n_bins(f);
  }
  return b;
}

}  // namespace amsgb
