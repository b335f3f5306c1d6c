// The forest laid out for prediction. The saved Forest keeps 32-byte nodes with explicit left
// and right indices; prediction walks 16-byte nodes whose two children sit side by side
// (right = left + 1), so a tree of a few thousand nodes fits in L2, and a leaf points to itself
// with an infinite threshold, so a step is the same branch-free load-compare-add for splits and
// leaves. Rows are predicted in blocks, tree by tree (a block walks one tree while it is in
// cache), and within a block a group of rows walks in lockstep: their steps are independent,
// so the CPU overlaps their memory loads instead of waiting for one row's chain of nodes.
// The tests (x <= threshold goes left, on raw values) are exactly the saved forest's.
#pragma once

#include "forest.hpp"

#include <algorithm>
#include <cstdint>
#include <limits>
#include <vector>

namespace amsrf {

struct FlatNode {
  double threshold = std::numeric_limits<double>::infinity();  // leaf: +inf, x > inf never holds
  int32_t feature = 0;
  int32_t next = 0;  // split: index of the left child (right is next + 1); leaf: its own index
};
static_assert(sizeof(FlatNode) == 16);

class Predictor {
 public:
  Predictor() = default;

  // Re-lays every tree breadth-first, giving each split's children two adjacent slots. Each
  // node of f must have at most one parent (TreeModel::validate checks loaded forests).
  explicit Predictor(const Forest& f) : n_outputs_(f.n_outputs), values_(f.values) {
    nodes_.reserve(f.nodes.size());
    leaf_value_.reserve(f.nodes.size());
    std::vector<int32_t> queue;  // old indices, in new order
    for (int32_t root : f.roots) {
      const auto base = static_cast<int32_t>(nodes_.size());
      roots_.push_back(base);
      queue.assign(1, root);
      for (size_t q = 0; q < queue.size(); ++q) {
        const Node& old = f.nodes[static_cast<size_t>(queue[q])];
        const auto self = base + static_cast<int32_t>(q);
        FlatNode slot;
        if (old.feature < 0) {
          slot.next = self;
          leaf_value_.push_back(old.value);
        } else {
          slot.threshold = old.threshold;
          slot.feature = old.feature;
          slot.next = base + static_cast<int32_t>(queue.size());
          leaf_value_.push_back(-1);
          queue.push_back(old.left);
          queue.push_back(old.right);
        }
        nodes_.push_back(slot);
      }
    }
  }

  int32_t n_outputs() const { return n_outputs_; }
  int64_t n_trees() const { return static_cast<int64_t>(roots_.size()); }

  // Offset in the forest's values of the leaf that row x reaches in tree t.
  int32_t leaf(int64_t t, const double* x) const {
    const FlatNode* nodes = nodes_.data();
    int32_t i = roots_[static_cast<size_t>(t)];
    for (int32_t next; (next = step(nodes[i], x)) != i;) i = next;
    return leaf_value_[static_cast<size_t>(i)];
  }

  // Mean of the trees' leaf outputs for the rows of a block: out[i * n_outputs + k] for
  // i < m, where row(i) gives the features of row i of the block.
  template <class RowFn>
  void mean_outputs(int64_t m, RowFn row, double* out) const {
    constexpr int64_t group = 16;
    const int32_t K = n_outputs_;
    std::fill_n(out, m * K, 0.0);
    const FlatNode* nodes = nodes_.data();
    const auto n_trees = static_cast<int64_t>(roots_.size());
    // Tree-major: the whole block walks one tree before the next, so each tree is read from
    // memory once per block rather than once per group.
    for (int64_t t = 0; t < n_trees; ++t) {
      const int32_t root = roots_[static_cast<size_t>(t)];
      for (int64_t g = 0; g < m; g += group) {
        const int64_t gm = std::min(group, m - g);
        const double* x[group];
        for (int64_t j = 0; j < group; ++j) x[j] = row(g + std::min(j, gm - 1));  // pad with the last row
        int32_t at[group];
        std::fill_n(at, group, root);
        for (bool moved = true; moved;) {
          moved = false;
          for (int64_t j = 0; j < group; ++j) {
            const int32_t next = step(nodes[at[j]], x[j]);
            moved |= next != at[j];
            at[j] = next;
          }
        }
        for (int64_t j = 0; j < gm; ++j) {
          const double* v = values_.data() + leaf_value_[static_cast<size_t>(at[j])];
          double* o = out + (g + j) * K;
          for (int32_t k = 0; k < K; ++k) o[k] += v[k];
        }
      }
    }
    for (int64_t i = 0; i < m * K; ++i) out[i] /= static_cast<double>(n_trees);
  }

 private:
  static int32_t step(const FlatNode& n, const double* x) { return n.next + (x[n.feature] > n.threshold); }

  int32_t n_outputs_ = 0;
  std::vector<FlatNode> nodes_;
  std::vector<int32_t> leaf_value_;  // per node: offset of a leaf's outputs in values_, -1 for splits
  std::vector<int32_t> roots_;
  std::vector<double> values_;
};

}  // namespace amsrf
