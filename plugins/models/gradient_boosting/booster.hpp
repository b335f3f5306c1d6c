// The fitted ensemble: a starting score per output and rounds of trees (one per output per
// round), every tree's nodes in one flat array. Prediction walks raw feature values.
#pragma once

#include "hist_tree.hpp"
#include "losses.hpp"

#include <algorithm>
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

  // Raw scores of m rows (out[i * K + k]), the same sums as raw_scores row by row. Four rows
  // walk each tree side by side: their chains of node loads are independent, so the CPU
  // overlaps them instead of waiting on one row's chain.
  template <class RowFn>
  void raw_scores_rows(int64_t m, RowFn row, double* out) const {
    const int32_t K = n_outputs;
    const TreeNode* all = nodes.data();
    for (int64_t i = 0; i < m; ++i)
      for (int32_t k = 0; k < K; ++k) out[i * K + k] = baseline[static_cast<size_t>(k)];
    auto walk = [all](const TreeNode* n, const double* x) {
      while (n->feature >= 0) n = all + (x[n->feature] <= n->threshold ? n->left : n->right);
      return n;
    };
    int64_t i = 0;
    for (; i + 4 <= m; i += 4) {
      const double *x0 = row(i), *x1 = row(i + 1), *x2 = row(i + 2), *x3 = row(i + 3);
      for (size_t t = 0; t < roots.size(); ++t) {
        const TreeNode *n0 = all + roots[t], *n1 = n0, *n2 = n0, *n3 = n0;
        // Step all four while all four are inside the tree, then finish each alone.
        while (n0->feature >= 0 && n1->feature >= 0 && n2->feature >= 0 && n3->feature >= 0) {
          n0 = all + (x0[n0->feature] <= n0->threshold ? n0->left : n0->right);
          n1 = all + (x1[n1->feature] <= n1->threshold ? n1->left : n1->right);
          n2 = all + (x2[n2->feature] <= n2->threshold ? n2->left : n2->right);
          n3 = all + (x3[n3->feature] <= n3->threshold ? n3->left : n3->right);
        }
        const auto k = static_cast<int64_t>(t % static_cast<size_t>(K));
        out[i * K + k] += walk(n0, x0)->value;
        out[(i + 1) * K + k] += walk(n1, x1)->value;
        out[(i + 2) * K + k] += walk(n2, x2)->value;
        out[(i + 3) * K + k] += walk(n3, x3)->value;
      }
    }
    for (; i < m; ++i) {
      const double* x = row(i);
      for (size_t t = 0; t < roots.size(); ++t)
        out[i * K + static_cast<int64_t>(t % static_cast<size_t>(K))] += walk(all + roots[t], x)->value;
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
