// The prediction layout (predictor.hpp) against the saved forest's plain tree walk
// (Forest::leaf / Forest::mean_output): same leaves, bit-identical means.
#include <gtest/gtest.h>

#include <random>

#include <ams/feature_bins.hpp>
#include "random_forest/predictor.hpp"
#include "random_forest/tree_builder.hpp"

namespace {

using amsrf::Forest;
using amsrf::Node;
using amsrf::Predictor;
using amsrf::Tree;

Node split(int32_t feature, double threshold, int32_t left, int32_t right) {
  Node n;
  n.feature = feature;
  n.threshold = threshold;
  n.left = left;
  n.right = right;
  return n;
}
Node leaf(int32_t value) {
  Node n;
  n.value = value;
  return n;
}

// Two hand-made trees over 2 features and 2 outputs. The second lists its right child before
// its left one and leaves a gap between siblings, so the layout must move nodes around.
Forest hand_made() {
  Tree a;
  a.nodes = {split(0, 0.5, 1, 2), leaf(0), split(1, -1.0, 3, 4), leaf(2), leaf(4)};
  a.values = {1, 0, 0.25, 0.75, 0, 1};
  Tree b;
  b.nodes = {split(1, 2.0, 3, 1), split(0, 0.5, 4, 2), leaf(0), leaf(2), leaf(4)};
  b.values = {0.5, 0.5, 0.9, 0.1, 0.3, 0.7};
  Forest f;
  f.n_features = 2;
  f.n_outputs = 2;
  f.append(a);
  f.append(b);
  return f;
}

void expect_same_as_tree_walk(const Forest& f, const std::vector<double>& X, int64_t n) {
  const Predictor p(f);
  ASSERT_EQ(p.n_trees(), static_cast<int64_t>(f.roots.size()));
  const int32_t K = f.n_outputs;
  std::vector<double> fast(static_cast<size_t>(n * K)), plain(static_cast<size_t>(K));
  p.mean_outputs(n, [&](int64_t i) { return &X[static_cast<size_t>(i * f.n_features)]; }, fast.data());
  for (int64_t i = 0; i < n; ++i) {
    const double* x = &X[static_cast<size_t>(i * f.n_features)];
    for (int64_t t = 0; t < p.n_trees(); ++t)
      ASSERT_EQ(&f.values[static_cast<size_t>(p.leaf(t, x))], f.leaf(static_cast<int32_t>(t), x)) << "row " << i;
    f.mean_output(x, plain.data());
    for (int32_t k = 0; k < K; ++k) ASSERT_EQ(fast[static_cast<size_t>(i * K + k)], plain[static_cast<size_t>(k)]);
  }
}

}  // namespace

TEST(RandomForestPredictor, HandMadeTreesGiveTheTreeWalksLeavesIncludingValuesOnThresholds) {
  const Forest f = hand_made();
  // Values on, just below and just above every threshold; 37 rows so the last group is partial.
  const std::vector<double> grid = {-3, -1.0, std::nextafter(-1.0, 0.0), 0.5, std::nextafter(0.5, 1.0), 2.0, 9};
  std::vector<double> X;
  int64_t n = 0;
  for (double u : grid)
    for (double v : grid) {
      if (n == 37) break;
      X.push_back(u);
      X.push_back(v);
      ++n;
    }
  expect_same_as_tree_walk(f, X, n);
  // By hand: x = (0.5, 2.0) goes left at a's root (0.5 <= 0.5) to its first leaf, and left at
  // b's root (2 <= 2) to node 3, whose outputs are at offset 2 of b's values (6 + 2 overall).
  const double x[2] = {0.5, 2.0};
  const Predictor p(f);
  EXPECT_EQ(p.leaf(0, x), 0);
  EXPECT_EQ(p.leaf(1, x), 6 + 2);
  std::vector<double> mean(2);
  p.mean_outputs(1, [&](int64_t) { return x; }, mean.data());
  EXPECT_DOUBLE_EQ(mean[0], (1 + 0.9) / 2);
  EXPECT_DOUBLE_EQ(mean[1], (0 + 0.1) / 2);
}

TEST(RandomForestPredictor, GrownForestGivesTheTreeWalksMeansOnUnseenRows) {
  // 600 noisy rows, 5 features, 3 classes: deep, uneven trees.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> g(0, 1);
  const int64_t n = 600, d = 5;
  std::vector<double> X(static_cast<size_t>(n * d));
  std::vector<int32_t> cls(static_cast<size_t>(n));
  std::vector<double> w(static_cast<size_t>(n), 1.0);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t f = 0; f < d; ++f) X[static_cast<size_t>(i * d + f)] = std::round(g(rng) * 8) / 8;
    const double s = X[static_cast<size_t>(i * d)] + X[static_cast<size_t>(i * d + 1)] + 0.7 * g(rng);
    cls[static_cast<size_t>(i)] = s < -0.5 ? 0 : (s < 0.5 ? 1 : 2);
  }
  const auto binned = ams::bins::bin_features(n, d, [&](int64_t i) { return &X[static_cast<size_t>(i * d)]; }, 255);
  amsrf::Targets targets;
  targets.n_classes = 3;
  targets.cls = cls.data();
  targets.weight = w.data();
  amsrf::TreeParams params;
  params.max_features = 2;
  amsrf::TreeBuilder builder(binned, targets, params);
  Forest f;
  f.n_features = static_cast<int32_t>(d);
  f.n_outputs = 3;
  for (uint64_t t = 0; t < 20; ++t) f.append(builder.build(ams::stream_seed(3, t)));
  ASSERT_GT(f.nodes.size(), 20u * 50u);  // the trees really are deep
  // Unseen rows, many of them exactly on a training value (thresholds are midpoints between them).
  std::vector<double> Q(static_cast<size_t>(1000 * d));
  for (double& q : Q) q = std::round(g(rng) * 16) / 16;
  expect_same_as_tree_walk(f, Q, 1000);
}
