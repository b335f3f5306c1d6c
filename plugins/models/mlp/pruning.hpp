// Pruning a trained network. Unstructured (magnitude): each layer keeps a 0/1 mask with its
// smallest |w| zeroed. Structured (neurons): hidden units with the smallest importance
// ||incoming weights|| * ||outgoing weights|| are removed, so the matrices really shrink.
#pragma once

#include "network.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <vector>

namespace amsmlp {

// Zeroes floor(sparsity * size) of the smallest-magnitude weights of every layer and keeps the
// mask so fine-tuning cannot revive them. Biases are not pruned (they are few and cheap).
inline void prune_magnitude(Network& net, double sparsity) {
  for (Layer& layer : net.layers) {
    const Eigen::Index n = layer.W.size();
    const auto drop = static_cast<Eigen::Index>(std::floor(sparsity * static_cast<double>(n)));
    if (layer.mask.size() != n) layer.mask = Matrix::Ones(layer.W.rows(), layer.W.cols());
    if (drop <= 0) continue;
    std::vector<Eigen::Index> order(static_cast<size_t>(n));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    const double* w = layer.W.data();
    // Ties broken by position so the result does not depend on the sort implementation.
    std::nth_element(order.begin(), order.begin() + (drop - 1), order.end(), [w](Eigen::Index a, Eigen::Index b) {
      const double fa = std::abs(w[a]), fb = std::abs(w[b]);
      return fa < fb || (fa == fb && a < b);
    });
    for (Eigen::Index i = 0; i < drop; ++i) layer.mask.data()[order[static_cast<size_t>(i)]] = 0.0;
    layer.W.array() *= layer.mask.array();
  }
}

// Removes round(sparsity * units) units of every hidden layer (keeping at least one).
inline void prune_neurons(Network& net, double sparsity) {
  for (size_t l = 0; l + 1 < net.layers.size(); ++l) {
    Layer& in = net.layers[l];
    Layer& out = net.layers[l + 1];
    const Eigen::Index units = in.W.cols();
    const Eigen::Index remove =
        std::min<Eigen::Index>(units - 1, static_cast<Eigen::Index>(std::lround(sparsity * static_cast<double>(units))));
    if (remove <= 0) continue;
    std::vector<double> importance(static_cast<size_t>(units));
    for (Eigen::Index j = 0; j < units; ++j)
      importance[static_cast<size_t>(j)] = in.W.col(j).norm() * out.W.row(j).norm();
    std::vector<Eigen::Index> order(static_cast<size_t>(units));
    std::iota(order.begin(), order.end(), Eigen::Index{0});
    std::stable_sort(order.begin(), order.end(), [&](Eigen::Index a, Eigen::Index b) {
      return importance[static_cast<size_t>(a)] > importance[static_cast<size_t>(b)];
    });
    std::vector<Eigen::Index> keep(order.begin(), order.end() - remove);
    std::sort(keep.begin(), keep.end());
    const Eigen::Index k = static_cast<Eigen::Index>(keep.size());
    Matrix W_in(in.W.rows(), k), W_out(k, out.W.cols()), M_in, M_out;
    RowVector b_in(k);
    if (in.mask.size()) M_in.resize(in.W.rows(), k);
    if (out.mask.size()) M_out.resize(k, out.W.cols());
    for (Eigen::Index c = 0; c < k; ++c) {
      const Eigen::Index j = keep[static_cast<size_t>(c)];
      W_in.col(c) = in.W.col(j);
      b_in[c] = in.b[j];
      W_out.row(c) = out.W.row(j);
      if (M_in.size()) M_in.col(c) = in.mask.col(j);
      if (M_out.size()) M_out.row(c) = out.mask.row(j);
    }
    in.W.swap(W_in);
    in.b.swap(b_in);
    out.W.swap(W_out);
    in.mask.swap(M_in);
    out.mask.swap(M_out);
  }
}

// Fraction of weights (not biases) that are exactly zero.
inline double weight_sparsity(const Network& net) {
  double zeros = 0, total = 0;
  for (const Layer& layer : net.layers) {
    zeros += static_cast<double>((layer.W.array() == 0.0).count());
    total += static_cast<double>(layer.W.size());
  }
  return total > 0 ? zeros / total : 0.0;
}

inline Eigen::Index parameter_count(const Network& net) {
  Eigen::Index n = 0;
  for (const Layer& layer : net.layers) n += layer.W.size() + layer.b.size();
  return n;
}

}  // namespace amsmlp
