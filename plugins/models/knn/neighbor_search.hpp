// Brute-force k-nearest-neighbour search in blocks.
//
// Queries and training rows are processed in tiles. For p = 2 a tile of squared distances is
// ||q||^2 + ||t||^2 - 2 q.t, one matrix product; p = 1 and general p compute each distance
// directly. Each query keeps its k best candidates in a bounded max-heap, ordered by
// (distance, training row) so ties resolve the same way every time. The squared-distance
// expansion loses precision for near-identical points, so the k winners' distances are
// recomputed exactly before anyone uses them.
#pragma once

#include <Eigen/Dense>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <utility>
#include <vector>

namespace amsknn {

using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;

struct Neighbor {
  double distance;
  int64_t row;
  bool operator<(const Neighbor& o) const { return distance < o.distance || (distance == o.distance && row < o.row); }
};

// Minkowski distance of order p between two rows of length d.
inline double minkowski(const double* a, const double* b, Eigen::Index d, double p) {
  double s = 0;
  if (p == 1) {
    for (Eigen::Index j = 0; j < d; ++j) s += std::abs(a[j] - b[j]);
    return s;
  }
  if (p == 2) {
    for (Eigen::Index j = 0; j < d; ++j) s += (a[j] - b[j]) * (a[j] - b[j]);
    return std::sqrt(s);
  }
  for (Eigen::Index j = 0; j < d; ++j) s += std::pow(std::abs(a[j] - b[j]), p);
  return std::pow(s, 1.0 / p);
}

class NeighborSearch {
 public:
  // train: n x d (kept by reference; must outlive the search).
  NeighborSearch(const RowMatrix& train, double p) : train_(train), p_(p) {
    if (p_ == 2) train_norms_ = train_.rowwise().squaredNorm();
  }

  // For each query row, its k nearest training rows sorted by distance (exact distances).
  std::vector<std::vector<Neighbor>> query(const RowMatrix& queries, int64_t k) const {
    const Eigen::Index nq = queries.rows(), nt = train_.rows(), d = train_.cols();
    k = std::min<int64_t>(k, nt);
    std::vector<std::vector<Neighbor>> heaps(static_cast<size_t>(nq));
    for (auto& h : heaps) h.reserve(static_cast<size_t>(k));
    constexpr Eigen::Index kQueryTile = 64, kTrainTile = 2048;
    RowMatrix block;
    for (Eigen::Index q0 = 0; q0 < nq; q0 += kQueryTile) {
      const Eigen::Index qn = std::min(kQueryTile, nq - q0);
      const auto Q = queries.middleRows(q0, qn);
      Eigen::VectorXd q_norms;
      if (p_ == 2) q_norms = Q.rowwise().squaredNorm();
      for (Eigen::Index t0 = 0; t0 < nt; t0 += kTrainTile) {
        const Eigen::Index tn = std::min(kTrainTile, nt - t0);
        const auto T = train_.middleRows(t0, tn);
        block.resize(qn, tn);
        if (p_ == 2) {
          block.noalias() = -2.0 * Q * T.transpose();
          block.colwise() += q_norms;
          block.rowwise() += train_norms_.segment(t0, tn).transpose();
        } else {
          for (Eigen::Index i = 0; i < qn; ++i)
            for (Eigen::Index j = 0; j < tn; ++j) block(i, j) = rank_distance(Q.row(i).data(), T.row(j).data(), d);
        }
        for (Eigen::Index i = 0; i < qn; ++i) offer(heaps[static_cast<size_t>(q0 + i)], block.row(i).data(), tn, t0, k);
      }
    }
    for (Eigen::Index i = 0; i < nq; ++i) {
      auto& h = heaps[static_cast<size_t>(i)];
      for (auto& nb : h) nb.distance = minkowski(queries.row(i).data(), train_.row(nb.row).data(), d, p_);
      std::sort(h.begin(), h.end());
    }
    return heaps;
  }

 private:
  // A monotone function of the distance that is cheaper to compute (no final root).
  double rank_distance(const double* a, const double* b, Eigen::Index d) const {
    double s = 0;
    if (p_ == 1) {
      for (Eigen::Index j = 0; j < d; ++j) s += std::abs(a[j] - b[j]);
    } else {
      for (Eigen::Index j = 0; j < d; ++j) s += std::pow(std::abs(a[j] - b[j]), p_);
    }
    return s;
  }

  static void offer(std::vector<Neighbor>& heap, const double* dist, Eigen::Index n, Eigen::Index base, int64_t k) {
    for (Eigen::Index j = 0; j < n; ++j) {
      const Neighbor c{std::max(dist[j], 0.0), base + j};
      if (static_cast<int64_t>(heap.size()) < k) {
        heap.push_back(c);
        std::push_heap(heap.begin(), heap.end());
      } else if (c < heap.front()) {
        std::pop_heap(heap.begin(), heap.end());
        heap.back() = c;
        std::push_heap(heap.begin(), heap.end());
      }
    }
  }

  const RowMatrix& train_;
  double p_;
  Eigen::VectorXd train_norms_;
};

}  // namespace amsknn
