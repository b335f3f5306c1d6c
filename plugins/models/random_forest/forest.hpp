// The fitted forest: every tree's nodes in one flat array, leaf outputs in another.
// Prediction walks raw feature values (x <= threshold goes left), so it needs no binning.
#pragma once

#include <cstdint>
#include <vector>

namespace amsrf {

struct Node {
  double threshold = 0;
  int32_t feature = -1;  // -1: leaf
  int32_t left = -1;     // absolute node indices in Forest::nodes
  int32_t right = -1;
  int32_t value = -1;    // leaf: offset of its n_outputs values in Forest::values
};

struct Tree {
  std::vector<Node> nodes;    // indices relative to this tree, root first
  std::vector<double> values;
};

struct Forest {
  int32_t n_features = 0;
  int32_t n_outputs = 0;  // classes for classification, 1 for regression
  std::vector<Node> nodes;
  std::vector<double> values;
  std::vector<int32_t> roots;

  void append(const Tree& t) {
    const auto node_base = static_cast<int32_t>(nodes.size());
    const auto value_base = static_cast<int32_t>(values.size());
    roots.push_back(node_base);
    for (Node n : t.nodes) {
      if (n.feature >= 0) {
        n.left += node_base;
        n.right += node_base;
      } else {
        n.value += value_base;
      }
      nodes.push_back(n);
    }
    values.insert(values.end(), t.values.begin(), t.values.end());
  }

  const double* leaf(int32_t tree, const double* x) const {
    const Node* n = &nodes[static_cast<size_t>(roots[static_cast<size_t>(tree)])];
    while (n->feature >= 0) n = &nodes[static_cast<size_t>(x[n->feature] <= n->threshold ? n->left : n->right)];
    return &values[static_cast<size_t>(n->value)];
  }

  // Mean of the trees' leaf outputs for one row; out has n_outputs entries.
  void mean_output(const double* x, double* out) const {
    for (int32_t k = 0; k < n_outputs; ++k) out[k] = 0;
    const auto n_trees = static_cast<int32_t>(roots.size());
    for (int32_t t = 0; t < n_trees; ++t) {
      const double* v = leaf(t, x);
      for (int32_t k = 0; k < n_outputs; ++k) out[k] += v[k];
    }
    for (int32_t k = 0; k < n_outputs; ++k) out[k] /= n_trees;
  }
};

}  // namespace amsrf
