// The gradient boosting tree grower on its own, on hand-made bins and gradients.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "gradient_boosting/hist_tree.hpp"

namespace {

// One feature whose bin is the row index (n rows, n bins, edges at i + 0.5).
struct OneFeature {
  std::vector<uint8_t> codes;
  std::vector<std::vector<double>> edges{1};
  amsgb::BinnedRows rows;
  std::vector<int32_t> all, features{0};
  explicit OneFeature(int n) {
    for (int i = 0; i < n; ++i) codes.push_back(static_cast<uint8_t>(i));
    for (int i = 0; i + 1 < n; ++i) edges[0].push_back(i + 0.5);
    rows.n_rows = n;
    rows.n_features = 1;
    rows.codes = codes.data();
    all.resize(static_cast<size_t>(n));
    std::iota(all.begin(), all.end(), 0);
  }
};

int depth_of(const std::vector<amsgb::TreeNode>& t, int32_t node = 0) {
  const auto& n = t[static_cast<size_t>(node)];
  return n.feature < 0 ? 0 : 1 + std::max(depth_of(t, n.left), depth_of(t, n.right));
}

}  // namespace

TEST(HistTree, StumpSplitsWhereTheGradientChangesSign) {
  OneFeature d(100);
  std::vector<amsgb::GradPair> gh;
  for (int i = 0; i < 100; ++i) gh.push_back({i < 30 ? -1.0 : 1.0, 1.0});
  amsgb::GrowParams p;
  p.max_leaves = 2;
  p.min_samples_leaf = 1;
  amsgb::TreeGrower grower(d.rows, d.edges, p);
  const auto tree = grower.grow(gh.data(), d.all, d.features);
  ASSERT_EQ(tree.size(), 3u);
  EXPECT_EQ(tree[0].feature, 0);
  EXPECT_EQ(tree[0].bin, 29);
  EXPECT_DOUBLE_EQ(tree[0].threshold, 29.5);
  // Newton step -G / H, shrunk by the learning rate.
  EXPECT_DOUBLE_EQ(tree[static_cast<size_t>(tree[0].left)].value, 0.1);
  EXPECT_DOUBLE_EQ(tree[static_cast<size_t>(tree[0].right)].value, -0.1);
  // The leaves' rows are the two sides, each in ascending order.
  ASSERT_EQ(grower.leaves().size(), 2u);
  for (const auto& leaf : grower.leaves()) {
    const bool left = leaf.node == tree[0].left;
    EXPECT_EQ(leaf.end - leaf.begin, left ? 30 : 70);
    for (int64_t i = leaf.begin; i < leaf.end; ++i) {
      const int32_t r = grower.rows()[static_cast<size_t>(i)];
      EXPECT_EQ(r < 30, left);
      if (i > leaf.begin) {
        EXPECT_GT(r, grower.rows()[static_cast<size_t>(i - 1)]);
      }
    }
  }
}

TEST(HistTree, GrowthRespectsLeafDepthAndSizeLimits) {
  OneFeature d(200);
  std::vector<amsgb::GradPair> gh;
  for (int i = 0; i < 200; ++i) gh.push_back({std::sin(i / 7.0) + 0.3 * std::cos(i * 1.3), 1.0});
  amsgb::GrowParams leafwise;
  leafwise.max_leaves = 7;
  leafwise.min_samples_leaf = 12;
  amsgb::TreeGrower a(d.rows, d.edges, leafwise);
  a.grow(gh.data(), d.all, d.features);
  EXPECT_EQ(a.leaves().size(), 7u);
  for (const auto& leaf : a.leaves()) EXPECT_GE(leaf.end - leaf.begin, 12);

  amsgb::GrowParams depthwise;
  depthwise.depthwise = true;
  depthwise.max_leaves = 0;
  depthwise.max_depth = 3;
  depthwise.min_samples_leaf = 1;
  amsgb::TreeGrower b(d.rows, d.edges, depthwise);
  const auto tree = b.grow(gh.data(), d.all, d.features);
  EXPECT_EQ(depth_of(tree), 3);
  EXPECT_EQ(b.leaves().size(), 8u);
}

TEST(HistTree, EverySplitIsTheBestOneFoundByBruteForce) {
  // Children's histograms come from subtraction and gathered gradients; recomputing each
  // node's best split from its rows checks both.
  const int n = 300;
  std::vector<uint8_t> codes(2 * n);
  for (int i = 0; i < n; ++i) {
    codes[static_cast<size_t>(i)] = static_cast<uint8_t>((i * 37) % 50);
    codes[static_cast<size_t>(n + i)] = static_cast<uint8_t>((i * 11) % 40);
  }
  std::vector<std::vector<double>> edges(2);
  for (int b = 0; b < 49; ++b) edges[0].push_back(b + 0.5);
  for (int b = 0; b < 39; ++b) edges[1].push_back(b + 0.5);
  amsgb::BinnedRows rows{n, 2, codes.data()};
  std::vector<amsgb::GradPair> gh;
  for (int i = 0; i < n; ++i) {
    const double x0 = (i * 37) % 50, x1 = (i * 11) % 40;
    gh.push_back({std::sin(x0 * 0.3) + std::cos(x1 * 0.45) + 0.05 * (i % 7), 1.0 + 0.1 * (i % 3)});
  }
  amsgb::GrowParams p;
  p.min_samples_leaf = 5;
  p.lambda = 0.5;
  std::vector<int32_t> all(n);
  std::iota(all.begin(), all.end(), 0);
  amsgb::TreeGrower g(rows, edges, p);
  const auto tree = g.grow(gh.data(), all, {0, 1});
  ASSERT_GT(tree.size(), 10u);

  auto score = [&](double G, double H) { return G * G / (H + p.lambda); };
  for (size_t node = 0; node < tree.size(); ++node) {
    std::vector<int> in;  // rows reaching this node
    for (int r = 0; r < n; ++r) {
      size_t at = 0;
      while (at != node && tree[at].feature >= 0)
        at = static_cast<size_t>(codes[static_cast<size_t>(tree[at].feature * n + r)] <= tree[at].bin ? tree[at].left
                                                                                                      : tree[at].right);
      if (at == node) in.push_back(r);
    }
    double G = 0, H = 0;
    for (int r : in) {
      G += gh[static_cast<size_t>(r)].g;
      H += gh[static_cast<size_t>(r)].h;
    }
    if (tree[node].feature < 0) {
      EXPECT_NEAR(tree[node].value, -p.learning_rate * G / (H + p.lambda), 1e-12);
      continue;
    }
    double best = -1;
    int best_f = -1, best_b = -1;
    for (int f = 0; f < 2; ++f)
      for (int b = 0; b < static_cast<int>(edges[static_cast<size_t>(f)].size()); ++b) {
        double GL = 0, HL = 0;
        int NL = 0;
        for (int r : in)
          if (codes[static_cast<size_t>(f * n + r)] <= b) {
            GL += gh[static_cast<size_t>(r)].g;
            HL += gh[static_cast<size_t>(r)].h;
            ++NL;
          }
        if (NL < 5 || static_cast<int>(in.size()) - NL < 5) continue;
        const double gain = score(GL, HL) + score(G - GL, H - HL) - score(G, H);
        if (gain > best + 1e-9) {
          best = gain;
          best_f = f;
          best_b = b;
        }
      }
    EXPECT_EQ(tree[node].feature, best_f) << "node " << node;
    // Bins a node has no rows in give the same split; the grower takes the lowest.
    EXPECT_EQ(tree[node].bin, best_b) << "node " << node;
  }
}
