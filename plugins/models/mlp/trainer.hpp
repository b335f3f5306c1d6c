// Mini-batch training of a Network: shuffled batches, an optimizer step per batch, a score per
// epoch (on a validation part when there is one, else on the training batches as they were
// seen), early stopping with patience, and per-epoch reporting to a callback that may stop it.
#pragma once

#include <ams/plugin.hpp>

#include "network.hpp"
#include "optimizer.hpp"

#include <algorithm>
#include <functional>
#include <limits>
#include <numeric>
#include <random>
#include <vector>

namespace amsmlp {

struct TrainSettings {
  int epochs = 200;
  Eigen::Index batch_size = 200;
  bool shuffle = true;
  Penalty penalty;
  OptimizerSettings optimizer;
  ScheduleSettings schedule;
  bool early_stopping = false;  // stop after `patience` epochs without a validation gain > tol
  int patience = 10;
  double tol = 1e-4;
  size_t frozen_layers = 0;  // the first layers keep their weights
};

// Rows, targets (one-hot or standardized values) and row weights.
struct Batchable {
  const RowMatrix& X;
  const Matrix& T;
  const Eigen::VectorXd& w;
};

// The score an epoch reports: accuracy (cross-entropy) or R^2 (squared error), weighted;
// higher is better either way.
inline double score_outputs(Loss loss, const Matrix& out, const Matrix& T, const Eigen::VectorXd& w) {
  const double total = w.sum();
  if (!(total > 0)) return 0;
  if (loss == Loss::softmax_cross_entropy) {
    double correct = 0;
    for (Eigen::Index i = 0; i < out.rows(); ++i) {
      Eigen::Index a, b;
      out.row(i).maxCoeff(&a);
      T.row(i).maxCoeff(&b);
      if (a == b) correct += w[i];
    }
    return correct / total;
  }
  const RowVector mean = (w.transpose() * T) / total;
  const double sse = w.dot((out - T).rowwise().squaredNorm());
  const double sst = w.dot((T.rowwise() - mean).rowwise().squaredNorm());
  return sst > 0 ? 1 - sse / sst : (sse == 0 ? 1.0 : 0.0);
}

// Called after each epoch with its step (counted from first_step) and score; true = stop now.
using EpochHook = std::function<bool(int64_t step, double score)>;

struct TrainResult {
  int epochs_run = 0;
  double best_score = 0;
  bool stopped_early = false;
};

inline TrainResult train(Network& net, const Batchable& data, const Batchable* valid, const TrainSettings& s,
                         std::mt19937_64& rng, int64_t first_step, const EpochHook& on_epoch) {
  const Eigen::Index n = data.X.rows();
  const Eigen::Index batch = std::max<Eigen::Index>(1, std::min(s.batch_size, n));
  std::vector<Eigen::Index> order(static_cast<size_t>(n));
  std::iota(order.begin(), order.end(), Eigen::Index{0});
  Optimizer optimizer(s.optimizer, net);
  Workspace ws;
  Gradients g;
  RowMatrix Xb;
  Matrix Tb;
  Eigen::VectorXd wb;
  TrainResult result;
  result.best_score = -std::numeric_limits<double>::infinity();
  Network best = net;
  int since_best = 0;
  const bool any_dropout =
      std::any_of(net.layers.begin(), net.layers.end(), [](const Layer& l) { return l.dropout > 0; });
  for (int epoch = 0; epoch < s.epochs; ++epoch) {
    if (s.shuffle) std::shuffle(order.begin(), order.end(), rng);
    const double lr = learning_rate_at(s.schedule, epoch, s.epochs);
    Matrix seen_out = Matrix::Zero(n, net.n_outputs());
    for (Eigen::Index start = 0; start < n; start += batch) {
      const Eigen::Index m = std::min(batch, n - start);
      const auto rows = Eigen::Map<const Eigen::Matrix<Eigen::Index, Eigen::Dynamic, 1>>(&order[static_cast<size_t>(start)], m);
      Xb = data.X(rows, Eigen::all);
      Tb = data.T(rows, Eigen::all);
      wb = data.w(rows);
      if (!(wb.sum() > 0)) continue;  // a batch of zero-weight rows teaches nothing
      const double loss = loss_and_gradient(net, Xb, Tb, wb, s.penalty, any_dropout ? &rng : nullptr, ws, g);
      if (!std::isfinite(loss))
        throw ams::Error("mlp: training diverged (the loss became " + std::to_string(loss) + " at epoch " +
                             std::to_string(first_step + epoch) + "); lower learning_rate or standardize the inputs",
                         AMS_ERROR);
      seen_out(rows, Eigen::all) = ws.a.back();
      optimizer.step(net, g, lr, s.frozen_layers);
    }
    const double score = valid ? score_outputs(net.loss, forward(net, valid->X), valid->T, valid->w)
                               : score_outputs(net.loss, seen_out, data.T, data.w);
    ++result.epochs_run;
    if (on_epoch && on_epoch(first_step + epoch, score)) throw ams::Stop();
    if (score > result.best_score + s.tol) {
      result.best_score = score;
      since_best = 0;
      if (s.early_stopping) best = net;
    } else if (s.early_stopping && ++since_best >= s.patience) {
      result.stopped_early = true;
      break;
    }
  }
  if (s.early_stopping && result.epochs_run > 0 && std::isfinite(result.best_score)) net = best;
  return result;
}

}  // namespace amsmlp
