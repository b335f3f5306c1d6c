// Grows one decision tree on binned features with histogram split search.
//
// Per node, each candidate feature gets a histogram of its bins (weighted class counts for
// classification, sum of weights and weighted targets for regression) and the best boundary
// is found in one left-to-right scan. Two refinements keep this fast:
//  * When most features are searched at each node (max_features >= half of them), a node
//    keeps a histogram of all features, and its children's come from building the smaller
//    child's and subtracting it from the parent's (LightGBM's trick): the larger child
//    costs nothing.
//  * A node with far fewer rows than bins sorts its rows by bin instead, so deep, small
//    nodes do not pay for scanning 255 mostly empty bins.
// Feature sampling follows scikit-learn: features are drawn without replacement until
// max_features are visited and at least one of them is not constant in the node.
// With random_splits (extremely randomized trees), each visited feature offers one split at
// a random threshold, drawn uniformly in value between the node's smallest and largest bin
// edge of that feature, instead of its best boundary; without a histogram, that split is read
// straight from the node's rows (random_split_from_rows).
#pragma once

#include <ams/feature_bins.hpp>
#include <ams/splitmix64.hpp>

#include "forest.hpp"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <limits>
#include <numeric>
#include <type_traits>
#include <vector>

namespace amsrf {

// The SDK's helpers under the names this plugin uses.
using ams::stream_seed;
using ams::bins::bin_features;
using ams::bins::BinnedData;
using ams::bins::edge_between;
using Rng = ams::SplitMix64;

enum class Criterion { gini, entropy, squared_error };

struct TreeParams {
  Criterion criterion = Criterion::gini;
  int32_t max_depth = 0;  // 0: unlimited
  int64_t min_samples_split = 2;
  int64_t min_samples_leaf = 1;
  int32_t max_features = 1;  // features searched per node, 1..n_features
  bool bootstrap = true;
  bool random_splits = false;  // extra trees: one random threshold per visited feature
};

// What the trees learn. Classification: cls[i] in [0, n_classes); regression: y[i].
// weight[i] is the row's base weight (sample weight times class weight), >= 0.
struct Targets {
  int32_t n_classes = 0;  // 0 for regression
  const int32_t* cls = nullptr;
  const double* y = nullptr;
  const double* weight = nullptr;
};

class TreeBuilder {
 public:
  TreeBuilder(const BinnedData& data, const Targets& targets, const TreeParams& params)
      : data_(data), targets_(targets), params_(params) {
    n_ = data.n_rows;
    n_features_ = static_cast<int32_t>(data.n_features);
    channels_ = targets.n_classes > 0 ? targets.n_classes : 2;
    classification_ = targets.n_classes > 0;
    mtry_ = std::clamp(params.max_features, 1, std::max(1, n_features_));
    full_mode_ = 2 * mtry_ >= n_features_;
    full_threshold_ = std::max<int64_t>(64, data.total_bins * channels_ / mtry_);
    int32_t max_bins = 1;
    for (int32_t f = 0; f < n_features_; ++f) max_bins = std::max(max_bins, data.n_bins(f));
    feat_stats_.resize(static_cast<size_t>(max_bins * channels_));
    feat_count_.resize(static_cast<size_t>(max_bins));
    compact_bins_.resize(static_cast<size_t>(max_bins));
    compact_stats_.resize(static_cast<size_t>(max_bins * channels_));
    compact_count_.resize(static_cast<size_t>(max_bins));
    order_.resize(static_cast<size_t>(n_features_));
    known_constant_.assign(static_cast<size_t>(n_features_), 0);
    std::iota(order_.begin(), order_.end(), 0);
    multiplicity_.resize(static_cast<size_t>(n_));
    tw_.resize(static_cast<size_t>(n_));
    if (!classification_) {
      twy_.resize(static_cast<size_t>(n_));
      double sw = 0, swy = 0;
      for (int64_t i = 0; i < n_; ++i) {
        sw += targets.weight[i];
        swy += targets.weight[i] * targets.y[i];
      }
      y_offset_ = sw > 0 ? swy / sw : 0.0;  // centring keeps S^2/W well conditioned
    }
    total_.resize(static_cast<size_t>(channels_));
    left_.resize(static_cast<size_t>(channels_));
    right_.resize(static_cast<size_t>(channels_));
    best_left_.resize(static_cast<size_t>(channels_));
    lanes_.resize(static_cast<size_t>(8 * channels_));
    if (params.random_splits) {
      node_codes_.resize(static_cast<size_t>(n_));
      best_codes_.resize(static_cast<size_t>(n_));
    }
    split_rows_.resize(static_cast<size_t>(n_));
  }

  // The tree depends on the seed alone, not on trees this builder grew before, so a forest
  // comes out the same whatever thread grows which tree.
  Tree build(uint64_t seed) {
    Rng rng(seed);
    rng_ = &rng;
    std::iota(order_.begin(), order_.end(), 0);
    std::fill(multiplicity_.begin(), multiplicity_.end(), params_.bootstrap ? 0 : 1);
    if (params_.bootstrap)
      for (int64_t i = 0; i < n_; ++i) ++multiplicity_[rng.below(static_cast<uint64_t>(n_))];
    rows_.clear();
    for (int64_t i = 0; i < n_; ++i) {
      tw_[i] = multiplicity_[i] * targets_.weight[i];
      if (!classification_) twy_[i] = tw_[i] * (targets_.y[i] - y_offset_);
      if (tw_[i] > 0) rows_.push_back(static_cast<int32_t>(i));
    }
    // What the splits read of a row travels with it in rows_ order, so a node's rows read
    // their labels and weights as one forward stream instead of gathering them by row id.
    at_.resize(rows_.size());
    for (size_t i = 0; i < rows_.size(); ++i) {
      const int32_t r = rows_[i];
      at_[i] = classification_ ? RowPayload{tw_[r], static_cast<double>(targets_.cls[r])}
                               : RowPayload{tw_[r], twy_[r]};
    }

    Tree tree;
    // Trees of one forest are about the same size: start at the last one's, not from empty.
    tree.nodes.reserve(last_nodes_);
    tree.values.reserve(last_values_);
    node_stats_.clear();
    new_node(tree);
    double* root = node_stats_.data();
    for (size_t i = 0; i < rows_.size(); ++i) add_row(at_[i], root);
    if (rows_.empty()) {
      make_leaf(tree, 0);
      return tree;
    }
    int32_t root_hist = -1;
    if (full_mode_ && static_cast<int64_t>(rows_.size()) >= full_threshold_) {
      root_hist = acquire_hist();
      fill_all(0, static_cast<int64_t>(rows_.size()), root_hist);
    }
    stack_.clear();
    constants_.clear();
    stack_.push_back({0, 0, static_cast<int64_t>(rows_.size()), 0, root_hist});
    while (!stack_.empty()) {
      Task t = stack_.back();
      stack_.pop_back();
      split_or_leaf(tree, t, rng);
    }
    last_nodes_ = tree.nodes.size() + tree.nodes.size() / 8;
    last_values_ = tree.values.size() + tree.values.size() / 8;
    return tree;
  }

 private:
  struct Task {
    int32_t node;
    int64_t begin, end;
    int32_t depth;
    int32_t hist;  // full histogram of this node, or -1
    // Features known to be constant in this node (constant in an ancestor):
    // constants_[constants_begin .. constants_begin + constants_count).
    int32_t constants_begin = 0;
    int32_t constants_count = 0;
  };

  int32_t new_node(Tree& tree) {
    tree.nodes.emplace_back();
    node_stats_.resize(node_stats_.size() + static_cast<size_t>(channels_), 0.0);
    return static_cast<int32_t>(tree.nodes.size() - 1);
  }

  // A row's weight and, for classification, its class (exact as a double), else its weighted
  // centred target.
  struct RowPayload {
    double w;
    double v;
  };

  void add_row(const RowPayload& p, double* stats) const {
    if (classification_) {
      stats[static_cast<int32_t>(p.v)] += p.w;
    } else {
      stats[0] += p.w;
      stats[1] += p.v;
    }
  }

  double total_weight(const double* s) const {
    if (!classification_) return s[0];
    double w = 0;
    for (int32_t c = 0; c < channels_; ++c) w += s[c];
    return w;
  }

  void make_leaf(Tree& tree, int32_t node) {
    const double* s = &node_stats_[static_cast<size_t>(node) * channels_];
    Node& n = tree.nodes[static_cast<size_t>(node)];
    n.feature = -1;
    n.value = static_cast<int32_t>(tree.values.size());
    const double w = total_weight(s);
    if (classification_) {
      for (int32_t c = 0; c < channels_; ++c) tree.values.push_back(w > 0 ? s[c] / w : 1.0 / channels_);
    } else {
      tree.values.push_back((w > 0 ? s[1] / w : 0.0) + y_offset_);
    }
  }

  // Whether the node's targets are all the same (nothing to gain by splitting), and the
  // smallest improvement of the split score that counts as real rather than rounding.
  bool is_pure(const Task& t, const double* s, double* tolerance) const {
    if (classification_) {
      const double w = total_weight(s);
      int32_t nonzero = 0;
      for (int32_t c = 0; c < channels_; ++c) nonzero += s[c] > 0;
      *tolerance = 1e-10 * w;
      return nonzero <= 1;
    }
    const double mean = s[1] / s[0];
    double sse = 0;
    for (int64_t i = t.begin; i < t.end; ++i) {
      const int32_t r = rows_[static_cast<size_t>(i)];
      const double d = targets_.y[r] - y_offset_ - mean;
      sse += tw_[r] * d * d;
    }
    *tolerance = 1e-10 * sse;
    return !(sse > 0);
  }

  void split_or_leaf(Tree& tree, const Task& t, Rng& rng) {
    const int64_t n_node = t.end - t.begin;
    std::copy_n(&node_stats_[static_cast<size_t>(t.node) * channels_], channels_, total_.begin());
    double tolerance = 0;
    const bool stop = (params_.max_depth > 0 && t.depth >= params_.max_depth) ||
                      n_node < params_.min_samples_split || n_node < 2 * params_.min_samples_leaf ||
                      is_pure(t, total_.data(), &tolerance);
    if (!stop) find_split(t, rng, tolerance);
    if (stop || best_feature_ < 0) {
      release_hist(t.hist);
      make_leaf(tree, t.node);
      return;
    }

    const int64_t mid = partition_rows(t.begin, t.end);

    const int32_t left = new_node(tree);
    const int32_t right = new_node(tree);
    double* ls = &node_stats_[static_cast<size_t>(left) * channels_];
    double* rs = &node_stats_[static_cast<size_t>(right) * channels_];
    for (int32_t c = 0; c < channels_; ++c) {
      ls[c] = best_left_[c];
      rs[c] = total_[c] - best_left_[c];
    }
    Node& node = tree.nodes[static_cast<size_t>(t.node)];
    node.feature = best_feature_;
    // A best split leaves a gap between its bin and the node's next occupied bin: the
    // threshold sits midway across it, as exact trees put it (unseen values in the gap go to
    // the nearer side). Random splits keep their drawn bin edge.
    const auto f = static_cast<size_t>(best_feature_);
    node.threshold = params_.random_splits
                         ? data_.edges[f][static_cast<size_t>(best_bin_)]
                         : edge_between(data_.highest[f][static_cast<size_t>(best_bin_)],
                                        data_.lowest[f][static_cast<size_t>(best_next_bin_)]);
    node.left = left;
    node.right = right;

    // The children inherit the node's constant features and those found constant here.
    const auto inherited = static_cast<int32_t>(constants_.size());
    constants_.reserve(constants_.size() + static_cast<size_t>(t.constants_count) + found_constants_.size());
    for (int32_t c = 0; c < t.constants_count; ++c) constants_.push_back(constants_[static_cast<size_t>(t.constants_begin + c)]);
    constants_.insert(constants_.end(), found_constants_.begin(), found_constants_.end());
    const auto n_constants = static_cast<int32_t>(constants_.size()) - inherited;
    Task lt{left, t.begin, mid, t.depth + 1, -1, inherited, n_constants};
    Task rt{right, mid, t.end, t.depth + 1, -1, inherited, n_constants};
    if (t.hist >= 0) pass_histograms(t, lt, rt);
    stack_.push_back(rt);
    stack_.push_back(lt);
  }

  // Splits the node's rows on the best split, stably (each side keeps ascending row ids, so
  // later gathers by row id read forwards), moving their payloads with them. Returns where
  // the right side starts. Extra trees kept the best feature's codes of the node's rows.
  int64_t partition_rows(int64_t begin, int64_t end) {
    const uint8_t* col = data_.column(best_feature_);
    const uint8_t* codes = best_codes_valid_ ? best_codes_.data() : nullptr;  // codes[i - begin]
    const auto bin = static_cast<uint8_t>(best_bin_);
    int32_t* rows = rows_.data();
    RowPayload* at = at_.data();
    // Branch-free: each row is written to both sides and only the side it belongs to
    // advances. Writing at w <= i overwrites nothing unread.
    int64_t w = begin, n_right = 0;
    for (int64_t i = begin; i < end; ++i) {
      const int32_t r = rows[i];
      const RowPayload p = at[i];
      const bool left = (codes ? codes[i - begin] : col[r]) <= bin;
      rows[w] = r;
      at[w] = p;
      split_rows_[static_cast<size_t>(n_right)] = {r, p};
      w += left;
      n_right += !left;
    }
    for (int64_t j = 0; j < n_right; ++j) {
      rows[w + j] = split_rows_[static_cast<size_t>(j)].row;
      at[w + j] = split_rows_[static_cast<size_t>(j)].payload;
    }
    return w;
  }

  // The children of a node with a full histogram: build the smaller child's, and the
  // larger child's is the parent's minus it, computed in place.
  void pass_histograms(const Task& parent, Task& lt, Task& rt) {
    const bool children_may_split = params_.max_depth == 0 || parent.depth + 1 < params_.max_depth;
    Task& small = (lt.end - lt.begin) <= (rt.end - rt.begin) ? lt : rt;
    Task& large = (&small == &lt) ? rt : lt;
    if (!children_may_split || large.end - large.begin < full_threshold_) {
      release_hist(parent.hist);
      return;
    }
    const int32_t h = acquire_hist();
    fill_all(small.begin, small.end, h);
    auto& ps = hist_stats_[static_cast<size_t>(parent.hist)];
    auto& pc = hist_count_[static_cast<size_t>(parent.hist)];
    const auto& ss = hist_stats_[static_cast<size_t>(h)];
    const auto& sc = hist_count_[static_cast<size_t>(h)];
    for (size_t i = 0; i < ps.size(); ++i) ps[i] -= ss[i];
    for (size_t i = 0; i < pc.size(); ++i) pc[i] -= sc[i];
    large.hist = parent.hist;
    if (small.end - small.begin >= full_threshold_) {
      small.hist = h;
    } else {
      release_hist(h);
    }
  }

  void find_split(const Task& t, Rng& rng, double tolerance) {
    best_feature_ = -1;
    best_codes_valid_ = false;
    awaiting_next_bin_ = false;
    // A random threshold is taken even when it does not improve the impurity (scikit-learn
    // does the same): the node is impure, so a later split can.
    best_score_ = params_.random_splits ? -std::numeric_limits<double>::infinity()
                                        : score(total_.data()) + tolerance;
    const int64_t n_node = t.end - t.begin;
    // A feature constant in an ancestor is constant here: drawn, it counts as visited (as in
    // scikit-learn) without a pass over the rows. Skipping it draws the same random numbers,
    // so the tree is the one a full scan would grow.
    found_constants_.clear();
    const int32_t* known = constants_.data() + t.constants_begin;
    for (int32_t c = 0; c < t.constants_count; ++c) known_constant_[static_cast<size_t>(known[c])] = 1;
    int32_t visited = 0, informative = 0;
    for (int32_t k = 0; k < n_features_; ++k) {
      if (visited >= mtry_ && informative >= 1) break;
      const auto j = k + static_cast<int32_t>(rng.below(static_cast<uint64_t>(n_features_ - k)));
      std::swap(order_[static_cast<size_t>(k)], order_[static_cast<size_t>(j)]);
      const int32_t f = order_[static_cast<size_t>(k)];
      ++visited;
      if (known_constant_[static_cast<size_t>(f)]) continue;
      bool varies;
      const int32_t nb = data_.n_bins(f);
      if (params_.random_splits && t.hist < 0) {
        varies = random_split_from_rows(f, t.begin, t.end);
      } else if (t.hist >= 0) {
        const auto off = static_cast<size_t>(data_.bin_offset[static_cast<size_t>(f)]);
        varies = scan(f, nullptr, &hist_stats_[static_cast<size_t>(t.hist)][off * channels_],
                      &hist_count_[static_cast<size_t>(t.hist)][off], nb, n_node);
      } else if (n_node * 4 < nb) {
        const int32_t m = sorted_histogram(f, t.begin, t.end);
        varies = scan(f, compact_bins_.data(), compact_stats_.data(), compact_count_.data(), m, n_node);
      } else {
        fill(f, t.begin, t.end, feat_stats_.data(), feat_count_.data());
        varies = scan(f, nullptr, feat_stats_.data(), feat_count_.data(), nb, n_node);
      }
      informative += varies;
      if (!varies) found_constants_.push_back(f);
    }
    for (int32_t c = 0; c < t.constants_count; ++c) known_constant_[static_cast<size_t>(known[c])] = 0;
  }

  void fill(int32_t f, int64_t begin, int64_t end, double* stats, int32_t* count) const {
    const int32_t nb = data_.n_bins(f);
    std::fill_n(stats, static_cast<size_t>(nb) * channels_, 0.0);
    std::fill_n(count, nb, 0);
    const uint8_t* col = data_.column(f);
    const int32_t* rows = rows_.data();
    const RowPayload* at = at_.data();
    if (classification_) {
      const int32_t C = channels_;
      for (int64_t i = begin; i < end; ++i) {
        const uint8_t b = col[rows[i]];
        ++count[b];
        stats[b * C + static_cast<int32_t>(at[i].v)] += at[i].w;
      }
    } else {
      for (int64_t i = begin; i < end; ++i) {
        const uint8_t b = col[rows[i]];
        ++count[b];
        stats[2 * b] += at[i].w;
        stats[2 * b + 1] += at[i].v;
      }
    }
  }

  void fill_all(int64_t begin, int64_t end, int32_t h) {
    auto& hs = hist_stats_[static_cast<size_t>(h)];
    auto& hc = hist_count_[static_cast<size_t>(h)];
    for (int32_t f = 0; f < n_features_; ++f) {
      const auto off = static_cast<size_t>(data_.bin_offset[static_cast<size_t>(f)]);
      fill(f, begin, end, &hs[off * channels_], &hc[off]);
    }
  }

  // The occupied bins of feature f in the node, in bin order, for nodes with few rows.
  int32_t sorted_histogram(int32_t f, int64_t begin, int64_t end) {
    const uint8_t* col = data_.column(f);
    keys_.clear();
    for (int64_t i = begin; i < end; ++i) {
      const int32_t r = rows_[static_cast<size_t>(i)];
      keys_.push_back((static_cast<uint64_t>(col[r]) << 32) | static_cast<uint32_t>(i));
    }
    std::sort(keys_.begin(), keys_.end());
    int32_t m = 0;
    for (uint64_t key : keys_) {
      const auto b = static_cast<int32_t>(key >> 32);
      const auto i = static_cast<size_t>(key & 0xffffffffu);
      if (m == 0 || compact_bins_[static_cast<size_t>(m - 1)] != b) {
        compact_bins_[static_cast<size_t>(m)] = b;
        std::fill_n(&compact_stats_[static_cast<size_t>(m) * channels_], channels_, 0.0);
        compact_count_[static_cast<size_t>(m)] = 0;
        ++m;
      }
      ++compact_count_[static_cast<size_t>(m - 1)];
      add_row(at_[i], &compact_stats_[static_cast<size_t>(m - 1) * channels_]);
    }
    return m;
  }

  double score(const double* s) const {
    switch (params_.criterion) {
      case Criterion::gini: return gini_score(s);
      case Criterion::entropy: return entropy_score(s);
      case Criterion::squared_error: return squared_error_score(s);
    }
    return 0;
  }
  // Each score is minus the weighted impurity of a side, up to a term that is the same for
  // every split of the node, so the best split maximizes score(left) + score(right).
  double gini_score(const double* s) const {
    double w = 0, sq = 0;
    for (int32_t c = 0; c < channels_; ++c) {
      w += s[c];
      sq += s[c] * s[c];
    }
    return w > 0 ? sq / w : -std::numeric_limits<double>::infinity();
  }
  double entropy_score(const double* s) const {
    double w = 0, acc = 0;
    for (int32_t c = 0; c < channels_; ++c) {
      w += s[c];
      if (s[c] > 0) acc += s[c] * std::log(s[c]);
    }
    return w > 0 ? acc - w * std::log(w) : -std::numeric_limits<double>::infinity();
  }
  static double squared_error_score(const double* s) {
    return s[0] > 0 ? s[1] * s[1] / s[0] : -std::numeric_limits<double>::infinity();
  }

  // Scans the m occupied-or-empty bins of feature f (bins == nullptr: bin k is entry k) and
  // records the best boundary. Returns whether the feature takes two or more values here.
  bool scan(int32_t f, const int32_t* bins, const double* stats, const int32_t* count, int32_t m,
            int64_t n_node) {
    switch (params_.criterion) {
      case Criterion::gini:
        return scan_with(f, bins, stats, count, m, n_node, [this](const double* s) { return gini_score(s); });
      case Criterion::entropy:
        return scan_with(f, bins, stats, count, m, n_node, [this](const double* s) { return entropy_score(s); });
      case Criterion::squared_error:
        return scan_with(f, bins, stats, count, m, n_node, [](const double* s) { return squared_error_score(s); });
    }
    return false;
  }

  // Extra trees on a histogram: the node's occupied bins run from entry kmin to kmax; one
  // threshold is drawn between them (random_cut) and only that boundary is scored.
  bool scan_random(int32_t f, const int32_t* bins, const double* stats, const int32_t* count, int32_t m,
                   int64_t n_node) {
    int32_t kmin = -1, kmax = -1;
    for (int32_t k = 0; k < m; ++k)
      if (count[k] != 0) {
        if (kmin < 0) kmin = k;
        kmax = k;
      }
    if (kmin < 0 || kmin == kmax) return false;
    const int32_t cut = random_cut(f, bins ? bins[kmin] : kmin, bins ? bins[kmax] : kmax);
    const int32_t C = channels_;
    std::fill(left_.begin(), left_.end(), 0.0);
    int64_t n_left = 0;
    for (int32_t k = kmin; k <= kmax; ++k) {
      if ((bins ? bins[k] : k) > cut) break;
      const double* s = stats + static_cast<size_t>(k) * C;
      for (int32_t j = 0; j < C; ++j) left_[j] += s[j];
      n_left += count[k];
    }
    if (consider_random_split(f, cut, n_left, n_node)) best_codes_valid_ = false;
    return true;
  }

  // Extra trees without a histogram: the same split as scan_random, read straight from the
  // node's rows: one pass for the smallest and largest bin, one for the left side's stats.
  // Two streaming passes cost less than filling and scanning 255 bins (or sorting a small node).
  bool random_split_from_rows(int32_t f, int64_t begin, int64_t end) {
    const uint8_t* col = data_.column(f);
    const int32_t* rows = rows_.data();
    uint8_t* codes = node_codes_.data();  // the node's codes in row order, for the second pass
    const int64_t m = end - begin;
    // The gather alone, then the smallest and largest code in a loop the compiler vectorizes
    // (fused, the min/max chains would serialize the gather).
    for (int64_t i = 0; i < m; ++i) codes[i] = col[rows[begin + i]];
    uint8_t lo = 255, hi = 0;
    for (int64_t i = 0; i < m; ++i) {
      lo = std::min(lo, codes[i]);
      hi = std::max(hi, codes[i]);
    }
    if (lo == hi) return false;
    const auto cut = static_cast<uint8_t>(random_cut(f, lo, hi));
    // Four interleaved accumulators: consecutive rows of one class would otherwise wait on
    // each other's store to the same sum.
    const int32_t C = channels_;
    int64_t n_left = 0;
    const RowPayload* at = at_.data() + begin;
    // Multiplying by 0 or 1 rather than branching: which side a row takes is a coin flip.
    if (!classification_ || C == 2) {
      // Regression and two classes need two sums only, kept in registers: the left side's
      // weight and its weighted targets (regression: v is already weighted; two classes:
      // v is the class, 0 or 1).
      double sw[4] = {0, 0, 0, 0}, sv[4] = {0, 0, 0, 0};
      auto sum_left = [&](auto weigh_v) {
        int64_t i = 0;
        for (; i + 4 <= m; i += 4)
          for (int64_t j = 0; j < 4; ++j) {
            const int64_t goes_left = codes[i + j] <= cut;
            const double g = static_cast<double>(goes_left);
            sw[j] += at[i + j].w * g;
            sv[j] += (weigh_v ? at[i + j].v * at[i + j].w : at[i + j].v) * g;
            n_left += goes_left;
          }
        for (; i < m; ++i) {
          const int64_t goes_left = codes[i] <= cut;
          const double g = static_cast<double>(goes_left);
          sw[0] += at[i].w * g;
          sv[0] += (weigh_v ? at[i].v * at[i].w : at[i].v) * g;
          n_left += goes_left;
        }
      };
      if (classification_) {
        sum_left(std::true_type{});
      } else {
        sum_left(std::false_type{});
      }
      const double w = (sw[0] + sw[1]) + (sw[2] + sw[3]), v = (sv[0] + sv[1]) + (sv[2] + sv[3]);
      left_[0] = classification_ ? w - v : w;
      left_[1] = v;
    } else {
      // Many classes: eight interleaved lanes of per-class sums, so consecutive rows of one
      // class do not wait on each other's store to the same sum.
      std::fill(lanes_.begin(), lanes_.end(), 0.0);
      double* lanes = lanes_.data();
      for (int64_t i = 0; i < m; ++i) {
        const int64_t goes_left = codes[i] <= cut;
        lanes[(i & 7) * C + static_cast<int32_t>(at[i].v)] += at[i].w * static_cast<double>(goes_left);
        n_left += goes_left;
      }
      for (int32_t j = 0; j < C; ++j) {
        double sum = 0;
        for (int32_t lane = 0; lane < 8; ++lane) sum += lanes[lane * C + j];
        left_[j] = sum;
      }
    }
    if (consider_random_split(f, cut, n_left, m)) {
      // Keep this feature's codes: the partition reads them instead of gathering again.
      std::swap(node_codes_, best_codes_);
      best_codes_valid_ = true;
    }
    return true;
  }

  // A threshold drawn uniformly in value between the upper edge of bin lo and the lower edge
  // of bin hi (lo < hi), as the bin whose upper edge is the first at or above it.
  int32_t random_cut(int32_t f, int32_t lo, int32_t hi) {
    const std::vector<double>& edges = data_.edges[static_cast<size_t>(f)];
    const double a = edges[static_cast<size_t>(lo)], b = edges[static_cast<size_t>(hi - 1)];
    const double u = static_cast<double>(rng_->next() >> 11) * 0x1.0p-53;
    const double t = a + u * (b - a);
    // The first edge at or above t among edges[lo, hi): a branch-free binary search, since a
    // random t makes every comparison a coin flip (this runs for every visited feature of
    // every node).
    const double* base = edges.data() + lo;
    for (size_t n = static_cast<size_t>(hi - lo); n > 1;) {
      const size_t half = n / 2;
      base = base[half] < t ? base + half : base;
      n -= half;
    }
    const auto cut = static_cast<int32_t>((base - edges.data()) + (*base < t));
    return std::clamp(cut, lo, hi - 1);
  }

  // Scores the random split whose left side (n_left rows) has stats left_; true when it is
  // the node's best so far.
  bool consider_random_split(int32_t f, int32_t cut, int64_t n_left, int64_t n_node) {
    if (n_left < params_.min_samples_leaf || n_node - n_left < params_.min_samples_leaf) return false;
    for (int32_t j = 0; j < channels_; ++j) right_[j] = total_[j] - left_[j];
    const double value = score(left_.data()) + score(right_.data());
    if (value > best_score_) {
      best_score_ = value;
      best_feature_ = f;
      best_bin_ = cut;
      std::copy(left_.begin(), left_.end(), best_left_.begin());
      return true;
    }
    return false;
  }

  template <class Score>
  bool scan_with(int32_t f, const int32_t* bins, const double* stats, const int32_t* count, int32_t m,
                 int64_t n_node, Score&& side_score) {
    if (params_.random_splits) return scan_random(f, bins, stats, count, m, n_node);
    const int32_t C = channels_;
    std::fill(left_.begin(), left_.end(), 0.0);
    int64_t n_left = 0;
    int32_t occupied = 0;
    const int64_t min_leaf = params_.min_samples_leaf;
    for (int32_t k = 0; k < m; ++k) {
      const int32_t c = count[k];
      if (c == 0) continue;
      ++occupied;
      if (awaiting_next_bin_) {  // the first occupied bin right of the best split so far
        best_next_bin_ = bins ? bins[k] : k;
        awaiting_next_bin_ = false;
      }
      const double* s = stats + static_cast<size_t>(k) * C;
      for (int32_t j = 0; j < C; ++j) left_[j] += s[j];
      n_left += c;
      if (n_left >= n_node) break;
      if (n_left < min_leaf) continue;
      if (n_node - n_left < min_leaf) break;
      for (int32_t j = 0; j < C; ++j) right_[j] = total_[j] - left_[j];
      const double value = side_score(left_.data()) + side_score(right_.data());
      if (value > best_score_) {
        best_score_ = value;
        best_feature_ = f;
        best_bin_ = bins ? bins[k] : k;
        awaiting_next_bin_ = true;
        std::copy(left_.begin(), left_.end(), best_left_.begin());
      }
    }
    // Stopped early by min_samples_leaf, rows remain in later bins: the feature varies.
    return occupied >= 2 || (occupied >= 1 && n_left < n_node);
  }

  int32_t acquire_hist() {
    if (!free_hists_.empty()) {
      const int32_t h = free_hists_.back();
      free_hists_.pop_back();
      return h;
    }
    hist_stats_.emplace_back(static_cast<size_t>(data_.total_bins * channels_));
    hist_count_.emplace_back(static_cast<size_t>(data_.total_bins));
    return static_cast<int32_t>(hist_stats_.size() - 1);
  }
  void release_hist(int32_t h) {
    if (h >= 0) free_hists_.push_back(h);
  }

  const BinnedData& data_;
  Targets targets_;
  TreeParams params_;
  int64_t n_ = 0;
  int32_t n_features_ = 0;
  int32_t channels_ = 0;
  bool classification_ = true;
  int32_t mtry_ = 1;
  bool full_mode_ = false;
  int64_t full_threshold_ = 0;
  double y_offset_ = 0;
  Rng* rng_ = nullptr;  // the current build's generator, for random thresholds

  size_t last_nodes_ = 0, last_values_ = 0;  // capacity for the next tree
  std::vector<int32_t> multiplicity_;
  std::vector<double> tw_, twy_;
  std::vector<int32_t> rows_;
  std::vector<int32_t> order_;
  std::vector<double> node_stats_;
  std::vector<Task> stack_;
  std::vector<int32_t> constants_;        // the tasks' known-constant features (see Task)
  std::vector<int32_t> found_constants_;  // features found constant in the current node
  std::vector<uint8_t> known_constant_;   // per feature: constant in the current node

  std::vector<double> feat_stats_;
  std::vector<int32_t> feat_count_;
  std::vector<uint64_t> keys_;
  std::vector<int32_t> compact_bins_;
  std::vector<double> compact_stats_;
  std::vector<int32_t> compact_count_;
  std::vector<std::vector<double>> hist_stats_;
  std::vector<std::vector<int32_t>> hist_count_;
  std::vector<int32_t> free_hists_;

  std::vector<double> total_;
  std::vector<double> left_, right_, best_left_;
  std::vector<double> lanes_;         // 8 x channels_ partial sums (random_split_from_rows)
  std::vector<uint8_t> node_codes_;   // one feature's codes of a node's rows
  std::vector<uint8_t> best_codes_;   // the best random split's feature's codes of the node's rows
  bool best_codes_valid_ = false;     // best_codes_ belongs to best_feature_ (extra trees, no histogram)
  std::vector<RowPayload> at_;        // payload of rows_[i], kept in rows_ order
  struct SplitRow {
    int32_t row;
    RowPayload payload;
  };
  std::vector<SplitRow> split_rows_;  // the right side during a partition
  double best_score_ = 0;
  int32_t best_feature_ = -1;
  int32_t best_bin_ = 0;
  int32_t best_next_bin_ = 0;         // the node's first occupied bin above best_bin_
  bool awaiting_next_bin_ = false;
};

}  // namespace amsrf
