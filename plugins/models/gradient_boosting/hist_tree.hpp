// Grows one regression tree on gradient/hessian histograms (the second-order boosting step of
// XGBoost-hist, LightGBM and scikit-learn's HistGradientBoosting).
//
// Bin codes are feature-major (one byte array per feature). A node's histogram is built one
// feature at a time from the node's gradients gathered in row order (LightGBM's "ordered
// gradients"), so each pass streams forwards and updates a histogram that fits in L1. A split
// builds the smaller child's histogram and gets the larger child's by subtracting it
// from the parent's. Rows are partitioned stably, so each node's rows stay in ascending order
// and memory is read forwards. Leaf-wise growth splits the open leaf with the largest gain
// until max_leaves; depth-wise growth splits level by level.
//
// Bins also count their rows, so min_samples_leaf is exact (as in scikit-learn; LightGBM
// estimates counts from hessian sums, which misjudges well-fitted rows with tiny hessians).
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

namespace amsgb {

struct GradPair {
  double g = 0;
  double h = 0;
};

// A histogram bin: the gradient and hessian sums of its rows and their number.
struct HistBin {
  double g = 0;
  double h = 0;
  double n = 0;
};

// Feature-major bin codes (bin b holds x <= edges[b]).
struct BinnedRows {
  int64_t n_rows = 0;
  int32_t n_features = 0;
  const uint8_t* codes = nullptr;  // codes[f * n_rows + i], not owned
  const uint8_t* column(int32_t f) const { return codes + static_cast<int64_t>(f) * n_rows; }
};

struct GrowParams {
  int32_t max_leaves = 31;  // 0: no limit
  int32_t max_depth = 0;    // 0: no limit
  bool depthwise = false;
  double min_child_weight = 1e-3;
  int64_t min_samples_leaf = 20;
  double lambda = 0;
  double min_split_gain = 0;
  double learning_rate = 0.1;
};

// Saved as plain bytes: keep it free of padding.
struct TreeNode {
  double threshold = 0;  // raw value: x <= threshold goes left
  double value = 0;      // leaf output, learning rate applied
  int32_t feature = -1;  // -1: leaf
  int32_t bin = 0;       // the same test on bin codes: code <= bin goes left
  int32_t left = -1;     // indices relative to the tree's root
  int32_t right = -1;
};
static_assert(sizeof(TreeNode) == 32);

// The leaf of a row whose code of feature f is codes[f * stride].
inline int32_t leaf_of(const std::vector<TreeNode>& nodes, const uint8_t* codes, int64_t stride) {
  int32_t n = 0;
  while (nodes[static_cast<size_t>(n)].feature >= 0) {
    const TreeNode& t = nodes[static_cast<size_t>(n)];
    n = codes[t.feature * stride] <= t.bin ? t.left : t.right;
  }
  return n;
}

class TreeGrower {
 public:
  // n_bins[f]: bins of feature f; edges[f]: its n_bins - 1 edges.
  TreeGrower(const BinnedRows& data, const std::vector<std::vector<double>>& edges, const GrowParams& params)
      : data_(data), edges_(edges), params_(params) {
    offset_.resize(static_cast<size_t>(data.n_features));
    int32_t total = 0;
    for (int32_t f = 0; f < data.n_features; ++f) {
      offset_[static_cast<size_t>(f)] = total;
      total += static_cast<int32_t>(edges[static_cast<size_t>(f)].size()) + 1;
    }
    total_bins_ = total;
    scratch_.resize(static_cast<size_t>(data.n_rows));
    ordered_.resize(static_cast<size_t>(data.n_rows));
  }

  // Grows a tree on rows (ascending row ids) with gradients gh (indexed by row id), splitting
  // only on `features`. Afterwards leaf_rows() gives each leaf's rows.
  std::vector<TreeNode> grow(const GradPair* gh, const std::vector<int32_t>& rows, const std::vector<int32_t>& features) {
    gh_ = gh;
    rows_ = rows;
    all_rows_ = static_cast<int64_t>(rows.size()) == data_.n_rows;  // ascending and unique: 0..n-1
    features_ = features;
    nodes_.clear();
    open_.clear();
    leaves_.clear();
    free_hists_.clear();
    for (size_t h = 0; h < hists_.size(); ++h) free_hists_.push_back(static_cast<int32_t>(h));

    nodes_.emplace_back();
    Leaf root{0, 0, static_cast<int64_t>(rows_.size()), 0, 0, 0, -1, {}};
    for (int32_t r : rows_) {
      root.G += gh[r].g;
      root.H += gh[r].h;
    }
    if (splittable(root)) {
      root.hist = acquire_hist();
      build_hist(root.begin, root.end, root.hist);
      find_split(root);
    }
    open_.push_back(root);

    int32_t n_leaves = 1;
    while (params_.max_leaves == 0 || n_leaves < params_.max_leaves) {
      const int32_t pick = next_to_split();
      if (pick < 0) break;
      const Leaf parent = open_[static_cast<size_t>(pick)];
      open_.erase(open_.begin() + pick);
      // The split that reaches max_leaves ends the tree: its children need no histograms.
      split(parent, params_.max_leaves == 0 || n_leaves + 1 < params_.max_leaves);
      ++n_leaves;
    }
    for (const Leaf& l : open_) close(l);
    return nodes_;
  }

  // After grow(): each leaf's node index and its rows.
  struct LeafRows {
    int32_t node;
    int64_t begin, end;
  };
  const std::vector<LeafRows>& leaves() const { return leaves_; }
  const std::vector<int32_t>& rows() const { return rows_; }

 private:
  struct Split {
    double gain = 0;
    int32_t feature = -1;
    int32_t bin = 0;
    double GL = 0, HL = 0;
  };
  struct Leaf {
    int32_t node;
    int64_t begin, end;
    int32_t depth;
    double G, H;
    int32_t hist;  // its histogram, or -1
    Split best;
  };

  bool splittable(const Leaf& l) const {
    return (params_.max_depth == 0 || l.depth < params_.max_depth) &&
           l.end - l.begin >= 2 * std::max<int64_t>(1, params_.min_samples_leaf) &&
           l.H >= 2 * params_.min_child_weight;
  }

  int32_t next_to_split() const {
    int32_t pick = -1;
    for (size_t i = 0; i < open_.size(); ++i) {
      const Leaf& l = open_[i];
      if (l.best.feature < 0) continue;
      if (pick < 0) {
        pick = static_cast<int32_t>(i);
        continue;
      }
      const Leaf& p = open_[static_cast<size_t>(pick)];
      const bool better = params_.depthwise ? l.depth < p.depth : l.best.gain > p.best.gain;
      if (better) pick = static_cast<int32_t>(i);
    }
    return pick;
  }

  void build_hist(int64_t begin, int64_t end, int32_t h) {
    HistBin* hist = hists_[static_cast<size_t>(h)].data();
    std::fill_n(hist, total_bins_, HistBin{});
    const int64_t m = end - begin;
    const int32_t* rows = rows_.data() + begin;
    // The root of a tree on every row reads codes and gradients in place.
    const bool in_place = all_rows_ && m == data_.n_rows;
    const GradPair* g = gh_;
    if (!in_place) {
      for (int64_t i = 0; i < m; ++i) ordered_[static_cast<size_t>(i)] = gh_[rows[i]];
      g = ordered_.data();
    }
    // Four features per pass: a row's index and gradients are loaded once for four updates,
    // and the four histograms' updates are independent, so they overlap in the CPU.
    const size_t nf = features_.size();
    size_t j = 0;
    for (; j + 4 <= nf; j += 4) {
      HistBin* h0 = hist + offset_[static_cast<size_t>(features_[j])];
      HistBin* h1 = hist + offset_[static_cast<size_t>(features_[j + 1])];
      HistBin* h2 = hist + offset_[static_cast<size_t>(features_[j + 2])];
      HistBin* h3 = hist + offset_[static_cast<size_t>(features_[j + 3])];
      const uint8_t* c0 = data_.column(features_[j]);
      const uint8_t* c1 = data_.column(features_[j + 1]);
      const uint8_t* c2 = data_.column(features_[j + 2]);
      const uint8_t* c3 = data_.column(features_[j + 3]);
      if (in_place) {
        for (int64_t i = 0; i < m; ++i) {
          const GradPair gi = g[i];
          add(h0[c0[i]], gi);
          add(h1[c1[i]], gi);
          add(h2[c2[i]], gi);
          add(h3[c3[i]], gi);
        }
      } else {
        for (int64_t i = 0; i < m; ++i) {
          const GradPair gi = g[i];
          const int32_t r = rows[i];
          add(h0[c0[r]], gi);
          add(h1[c1[r]], gi);
          add(h2[c2[r]], gi);
          add(h3[c3[r]], gi);
        }
      }
    }
    for (; j < nf; ++j) {
      HistBin* hf = hist + offset_[static_cast<size_t>(features_[j])];
      const uint8_t* col = data_.column(features_[j]);
      if (in_place) {
        for (int64_t i = 0; i < m; ++i) add(hf[col[i]], g[i]);
      } else {
        for (int64_t i = 0; i < m; ++i) add(hf[col[rows[i]]], g[i]);
      }
    }
  }

  static void add(HistBin& b, const GradPair& g) {
    b.g += g.g;
    b.h += g.h;
    b.n += 1;
  }

  double leaf_score(double G, double H) const { return G * G / (H + params_.lambda); }

  void find_split(Leaf& l) {
    l.best = Split{};
    const HistBin* hist = hists_[static_cast<size_t>(l.hist)].data();
    const double parent = leaf_score(l.G, l.H);
    const auto n_node = static_cast<double>(l.end - l.begin);
    const auto min_leaf = static_cast<double>(params_.min_samples_leaf);
    double best_gain = std::max(params_.min_split_gain, 1e-12 * std::abs(parent));
    // A candidate beats the best when GL^2/a + GR^2/c > target (a = HL + lambda,
    // c = HR + lambda, both > 0), compared as GL^2 c + GR^2 a > target a c: no division per bin.
    double target = best_gain + parent;
    const double lambda = params_.lambda, mcw = params_.min_child_weight;
    for (int32_t f : features_) {
      const HistBin* b = hist + offset_[static_cast<size_t>(f)];
      const auto nb = static_cast<int32_t>(edges_[static_cast<size_t>(f)].size()) + 1;
      double GL = 0, HL = 0, NL = 0;
      auto take = [&](int32_t j) {
        GL += b[j].g;
        HL += b[j].h;
        NL += b[j].n;
      };
      // Candidates are "bins 0..k go left". The left side only grows and the right only
      // shrinks, so the valid k form one run: skip to its start, stop at its end. An empty bin
      // repeats the previous candidate, up to the rounding left by histogram subtraction, so
      // it is refused only when it would win: the check costs nothing on the common path.
      int32_t k = 0;
      while (k + 1 < nb) {
        take(k);
        if (NL >= min_leaf && HL >= mcw) break;
        ++k;
      }
      for (; k + 1 < nb; take(++k)) {
        const double GR = l.G - GL, HR = l.H - HL;
        if (n_node - NL < min_leaf || HR < mcw) break;
        const double a = HL + lambda, c = HR + lambda;
        const double num = GL * GL * c + GR * GR * a, den = a * c;
        if (num > target * den && den > 0 && b[k].n != 0) {
          const double gain = num / den - parent;
          best_gain = gain;
          target = best_gain + parent;
          l.best = Split{gain, f, k, GL, HL};
        }
      }
    }
  }

  void split(const Leaf& parent, bool children_may_split) {
    const Split s = parent.best;
    // Stable partition: left rows in place, right rows through the scratch buffer.
    const uint8_t* col = data_.column(s.feature);
    // Branch-free (a split sends rows either way unpredictably): each row is written to both
    // sides and only its own side advances; writing at w <= i overwrites nothing unread.
    int64_t w = parent.begin, n_right = 0;
    int32_t* rows = rows_.data();
    int32_t* to_right = scratch_.data();
    const auto bin = static_cast<uint8_t>(s.bin);
    for (int64_t i = parent.begin; i < parent.end; ++i) {
      const int32_t r = rows[i];
      const bool goes_left = col[r] <= bin;
      rows[w] = r;
      to_right[n_right] = r;
      w += goes_left;
      n_right += !goes_left;
    }
    std::copy_n(scratch_.begin(), n_right, rows_.begin() + w);

    const auto left_id = static_cast<int32_t>(nodes_.size());
    nodes_.emplace_back();
    nodes_.emplace_back();
    TreeNode& node = nodes_[static_cast<size_t>(parent.node)];
    node.feature = s.feature;
    node.bin = s.bin;
    node.threshold = edges_[static_cast<size_t>(s.feature)][static_cast<size_t>(s.bin)];
    node.left = left_id;
    node.right = left_id + 1;

    Leaf left{left_id, parent.begin, w, parent.depth + 1, s.GL, s.HL, -1, {}};
    Leaf right{left_id + 1, w, parent.end, parent.depth + 1, parent.G - s.GL, parent.H - s.HL, -1, {}};
    const bool left_ok = children_may_split && splittable(left);
    const bool right_ok = children_may_split && splittable(right);
    Leaf& small = (left.end - left.begin) <= (right.end - right.begin) ? left : right;
    Leaf& large = (&small == &left) ? right : left;
    const bool small_ok = (&small == &left) ? left_ok : right_ok;
    const bool large_ok = (&large == &left) ? left_ok : right_ok;
    if (large_ok) {
      // The larger child's histogram is the parent's minus the smaller child's.
      const int32_t h = acquire_hist();
      build_hist(small.begin, small.end, h);
      HistBin* p = hists_[static_cast<size_t>(parent.hist)].data();
      const HistBin* q = hists_[static_cast<size_t>(h)].data();
      for (int32_t i = 0; i < total_bins_; ++i) {
        p[i].g -= q[i].g;
        p[i].h -= q[i].h;
        p[i].n -= q[i].n;
      }
      large.hist = parent.hist;
      if (small_ok) {
        small.hist = h;
      } else {
        release_hist(h);
      }
    } else {
      release_hist(parent.hist);
      if (small_ok) {
        small.hist = acquire_hist();
        build_hist(small.begin, small.end, small.hist);
      }
    }
    for (Leaf* c : {&left, &right}) {
      if (c->hist >= 0) find_split(*c);
      if (c->best.feature < 0) {
        release_hist(c->hist);
        c->hist = -1;
      }
      open_.push_back(*c);
    }
  }

  void close(const Leaf& l) {
    release_hist(l.hist);
    TreeNode& node = nodes_[static_cast<size_t>(l.node)];
    node.feature = -1;
    node.value = l.H + params_.lambda > 0 ? -params_.learning_rate * l.G / (l.H + params_.lambda) : 0.0;
    leaves_.push_back({l.node, l.begin, l.end});
  }

  int32_t acquire_hist() {
    if (!free_hists_.empty()) {
      const int32_t h = free_hists_.back();
      free_hists_.pop_back();
      return h;
    }
    hists_.emplace_back(static_cast<size_t>(total_bins_));
    return static_cast<int32_t>(hists_.size() - 1);
  }
  void release_hist(int32_t h) {
    if (h >= 0) free_hists_.push_back(h);
  }

  const BinnedRows& data_;
  const std::vector<std::vector<double>>& edges_;
  GrowParams params_;
  std::vector<int32_t> offset_;
  int32_t total_bins_ = 0;

  const GradPair* gh_ = nullptr;
  std::vector<int32_t> rows_, scratch_, features_;
  std::vector<GradPair> ordered_;
  bool all_rows_ = true;
  std::vector<TreeNode> nodes_;
  std::vector<Leaf> open_;
  std::vector<LeafRows> leaves_;
  std::vector<std::vector<HistBin>> hists_;
  std::vector<int32_t> free_hists_;
};

}  // namespace amsgb
