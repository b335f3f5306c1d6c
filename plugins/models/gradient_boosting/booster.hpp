// The fitted ensemble: a starting score per output and rounds of trees (one per output per
// round), every tree's nodes in one flat array. Prediction walks raw feature values.
#pragma once

#include "hist_tree.hpp"
#include "losses.hpp"

#include <cstdint>
#include <string>
#include <vector>

namespace amsgb {

struct Booster {
  int32_t n_features = 0;
  int32_t n_outputs = 1;  // K: classes for softmax, else 1
  int32_t n_classes = 0;  // 0 for regression
  Loss loss = Loss::squared_error;
  std::vector<double> baseline;  // K
  std::vector<int32_t> roots;    // tree t = round t / K, output t % K
  std::vector<TreeNode> nodes;   // child indices absolute

  int64_t n_rounds() const { return static_cast<int64_t>(roots.size()) / n_outputs; }

  void append(const std::vector<TreeNode>& tree) {
    const auto base = static_cast<int32_t>(nodes.size());
    roots.push_back(base);
    for (TreeNode n : tree) {
      if (n.feature >= 0) {
        n.left += base;
        n.right += base;
      }
      nodes.push_back(n);
    }
  }

  // Keeps the first `rounds` rounds.
  void truncate(int64_t rounds) {
    const auto keep = static_cast<size_t>(rounds * n_outputs);
    if (keep >= roots.size()) return;
    nodes.resize(static_cast<size_t>(roots[keep]));
    roots.resize(keep);
  }

  // Raw scores of one row (K values).
  void raw_scores(const double* x, double* out) const {
    for (int32_t k = 0; k < n_outputs; ++k) out[k] = baseline[static_cast<size_t>(k)];
    for (size_t t = 0; t < roots.size(); ++t) {
      const TreeNode* n = &nodes[static_cast<size_t>(roots[t])];
      while (n->feature >= 0) n = &nodes[static_cast<size_t>(x[n->feature] <= n->threshold ? n->left : n->right)];
      out[t % static_cast<size_t>(n_outputs)] += n->value;
    }
  }

  // Empty when the ensemble is safe to walk, else what is wrong.
  std::string check() const {
    if (n_features < 1 || n_outputs < 1) return "shape";
    if (static_cast<int32_t>(baseline.size()) != n_outputs) return "baseline";
    if (roots.size() % static_cast<size_t>(n_outputs) != 0) return "rounds";
    const auto count = static_cast<int64_t>(nodes.size());
    for (int32_t r : roots)
      if (r < 0 || r >= count) return "root index";
    for (int64_t i = 0; i < count; ++i) {
      const TreeNode& n = nodes[static_cast<size_t>(i)];
      if (n.feature >= n_features || (n.feature >= 0 && (n.left <= i || n.right <= i || n.left >= count ||
                                                         n.right >= count)))
        return "node " + std::to_string(i);
    }
    return "";
  }
};

}  // namespace amsgb
