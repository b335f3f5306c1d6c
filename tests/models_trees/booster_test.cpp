// The gradient boosting ensemble's block prediction (Booster::raw_scores_rows, four rows walking
// side by side) against its row-by-row walk (Booster::raw_scores): bit-identical scores.
#include <gtest/gtest.h>

#include <random>

#include "gradient_boosting/booster.hpp"
#include "gradient_boosting/hist_tree.hpp"

namespace {

amsgb::TreeNode split(int32_t feature, double threshold, int32_t left, int32_t right) {
  amsgb::TreeNode n;
  n.feature = feature;
  n.threshold = threshold;
  n.left = left;
  n.right = right;
  return n;
}
amsgb::TreeNode leaf(double value) {
  amsgb::TreeNode n;
  n.value = value;
  return n;
}

}  // namespace

TEST(Booster, BlockScoresEqualRowByRowScoresForEveryRowCount) {
  // Two outputs (softmax), three rounds of uneven trees over 3 features.
  amsgb::Booster b;
  b.n_features = 3;
  b.n_outputs = 2;
  b.n_classes = 2;
  b.loss = amsgb::Loss::softmax;
  b.baseline = {0.25, -0.5};
  std::mt19937_64 rng(5);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int t = 0; t < 6; ++t) {
    // A chain leaning right (deep on one side), its depth depending on t.
    std::vector<amsgb::TreeNode> tree;
    const int depth = 1 + t % 4;
    for (int d = 0; d < depth; ++d) {
      const auto self = static_cast<int32_t>(tree.size());
      tree.push_back(split(d % 3, 0.3 * d - 0.4, self + 1, self + 2));
      tree.push_back(leaf(u(rng)));
    }
    tree.push_back(leaf(u(rng)));
    b.append(tree);
  }
  ASSERT_EQ(b.check(), "");
  std::vector<double> X(static_cast<size_t>(23 * 3));
  for (double& x : X) x = std::round(u(rng) * 10) / 10;  // many values on a threshold
  for (int64_t m : {1, 3, 4, 7, 23}) {
    std::vector<double> block(static_cast<size_t>(m * 2)), one(2);
    b.raw_scores_rows(m, [&](int64_t i) { return &X[static_cast<size_t>(i * 3)]; }, block.data());
    for (int64_t i = 0; i < m; ++i) {
      b.raw_scores(&X[static_cast<size_t>(i * 3)], one.data());
      EXPECT_EQ(block[static_cast<size_t>(i * 2)], one[0]) << "m " << m << " row " << i;
      EXPECT_EQ(block[static_cast<size_t>(i * 2 + 1)], one[1]) << "m " << m << " row " << i;
    }
  }
}
