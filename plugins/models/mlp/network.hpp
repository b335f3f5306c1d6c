// A fully connected network: layers of (W, b, activation), the forward pass on a batch of rows
// and the backward pass of its loss (softmax cross-entropy or squared error) with an L1/L2
// penalty. Weights are stored fan_in x fan_out so a batch (rows x fan_in) times W is a layer.
#pragma once

#include <Eigen/Dense>

#include <cmath>
#include <cstdint>
#include <optional>
#include <random>
#include <string>
#include <vector>

namespace amsmlp {

using Matrix = Eigen::MatrixXd;
using RowMatrix = Eigen::Matrix<double, Eigen::Dynamic, Eigen::Dynamic, Eigen::RowMajor>;
using RowVector = Eigen::RowVectorXd;

enum class Activation : int32_t { identity = 0, relu = 1, tanh = 2, gelu = 3, sigmoid = 4 };

inline std::optional<Activation> parse_activation(const std::string& name) {
  if (name == "relu") return Activation::relu;
  if (name == "tanh") return Activation::tanh;
  if (name == "gelu") return Activation::gelu;
  if (name == "sigmoid") return Activation::sigmoid;
  if (name == "identity") return Activation::identity;
  return std::nullopt;
}

enum class Loss : int32_t { softmax_cross_entropy = 0, squared_error = 1 };

struct Layer {
  Matrix W;          // fan_in x fan_out
  RowVector b;       // fan_out
  Activation activation = Activation::identity;
  double dropout = 0;  // probability of dropping each output unit during training
  Matrix mask;       // 0/1, same shape as W, kept after unstructured pruning; empty: none
};

struct Network {
  std::vector<Layer> layers;
  Loss loss = Loss::softmax_cross_entropy;

  Eigen::Index n_inputs() const { return layers.front().W.rows(); }
  Eigen::Index n_outputs() const { return layers.back().W.cols(); }
};

namespace detail {

constexpr double kInvSqrt2 = 0.70710678118654752440;
constexpr double kInvSqrt2Pi = 0.39894228040143267794;

inline void activate(Activation f, Matrix& z) {
  switch (f) {
    case Activation::identity: break;
    case Activation::relu: z = z.cwiseMax(0.0); break;
    case Activation::tanh: z = z.array().tanh(); break;
    case Activation::sigmoid: z = (1.0 + (-z.array()).exp()).inverse(); break;
    case Activation::gelu:  // exact form x * Phi(x)
      z = z.unaryExpr([](double x) { return 0.5 * x * std::erfc(-x * kInvSqrt2); });
      break;
  }
}

// d(activation)/dz given the pre-activation z and the activation a.
inline void multiply_derivative(Activation f, const Matrix& z, const Matrix& a, Matrix& delta) {
  switch (f) {
    case Activation::identity: break;
    case Activation::relu: delta.array() *= (z.array() > 0).cast<double>(); break;
    case Activation::tanh: delta.array() *= 1.0 - a.array().square(); break;
    case Activation::sigmoid: delta.array() *= a.array() * (1.0 - a.array()); break;
    case Activation::gelu:
      delta.array() *= z.unaryExpr([](double x) {
        return 0.5 * std::erfc(-x * kInvSqrt2) + x * kInvSqrt2Pi * std::exp(-0.5 * x * x);
      }).array();
      break;
  }
}

// Row-wise softmax in place.
inline void softmax_rows(Matrix& z) {
  const Eigen::VectorXd m = z.rowwise().maxCoeff();
  z = (z.colwise() - m).array().exp();
  const Eigen::VectorXd s = z.rowwise().sum();
  z.array().colwise() /= s.array();
}

}  // namespace detail

// Output of the network for the rows of X: class probabilities (cross-entropy) or values.
template <class Rows>
Matrix forward(const Network& net, const Rows& X) {
  Matrix a = X;
  for (const Layer& layer : net.layers) {
    Matrix z = a * layer.W;
    z.rowwise() += layer.b;
    detail::activate(layer.activation, z);
    a.swap(z);
  }
  if (net.loss == Loss::softmax_cross_entropy) detail::softmax_rows(a);
  return a;
}

struct Gradients {
  std::vector<Matrix> dW;
  std::vector<RowVector> db;
};

// Buffers of one training step, reused across batches.
struct Workspace {
  std::vector<Matrix> z, a, keep, dropped;  // dropped: a * keep, the next layer's input
};

struct Penalty {
  double l2 = 0;  // adds l2 / 2 * ||W||^2
  double l1 = 0;  // adds l1 * |W|_1
};

// Loss of a batch and its gradient with respect to every weight and bias:
//   L = sum_i w_i loss(f(x_i), t_i) / sum_i w_i + penalty(W)
// T is one-hot (cross-entropy) or the targets (squared error, loss = 0.5 (f - t)^2 summed over
// outputs). With a dropout rng, hidden units are dropped (inverted dropout: survivors scaled by
// 1 / (1 - p)); without one the pass is deterministic. The output of the last layer is left in
// ws.a.back() (probabilities or values).
template <class Rows>
double loss_and_gradient(const Network& net, const Rows& X, const Matrix& T, const Eigen::VectorXd& w,
                         const Penalty& penalty, std::mt19937_64* dropout_rng, Workspace& ws, Gradients& g) {
  const size_t L = net.layers.size();
  ws.z.resize(L);
  ws.a.resize(L);
  ws.keep.resize(L);
  ws.dropped.resize(L);
  g.dW.resize(L);
  g.db.resize(L);
  // The input of layer l + 1: the activations of layer l after dropout.
  auto output_of = [&ws](size_t l) -> const Matrix& { return ws.keep[l].size() ? ws.dropped[l] : ws.a[l]; };
  for (size_t l = 0; l < L; ++l) {
    const Layer& layer = net.layers[l];
    if (l == 0)
      ws.z[l].noalias() = X * layer.W;
    else
      ws.z[l].noalias() = output_of(l - 1) * layer.W;
    ws.z[l].rowwise() += layer.b;
    ws.a[l] = ws.z[l];
    detail::activate(layer.activation, ws.a[l]);
    if (dropout_rng && layer.dropout > 0 && l + 1 < L) {
      std::uniform_real_distribution<double> u(0.0, 1.0);
      const double scale = 1.0 / (1.0 - layer.dropout);
      ws.keep[l].resize(ws.a[l].rows(), ws.a[l].cols());
      for (Eigen::Index i = 0; i < ws.keep[l].size(); ++i)
        ws.keep[l].data()[i] = u(*dropout_rng) < layer.dropout ? 0.0 : scale;
      ws.dropped[l] = ws.a[l].cwiseProduct(ws.keep[l]);
    } else {
      ws.keep[l].resize(0, 0);
    }
  }
  const double total = w.sum();
  Matrix& out = ws.a[L - 1];
  double data_loss = 0;
  Matrix delta;
  if (net.loss == Loss::softmax_cross_entropy) {
    detail::softmax_rows(out);
    const Eigen::VectorXd log_p =
        (out.array().max(1e-300).log() * T.array()).rowwise().sum();
    data_loss = -w.dot(log_p) / total;
    delta = out - T;
  } else {
    delta = out - T;
    data_loss = 0.5 * w.dot(delta.rowwise().squaredNorm()) / total;
  }
  delta.array().colwise() *= (w / total).array();
  double penalty_loss = 0;
  for (size_t l = L; l-- > 0;) {
    const Layer& layer = net.layers[l];
    if (l + 1 < L) {
      if (ws.keep[l].size()) delta.array() *= ws.keep[l].array();
      detail::multiply_derivative(layer.activation, ws.z[l], ws.a[l], delta);
    }
    if (l == 0)
      g.dW[l].noalias() = X.transpose() * delta;
    else
      g.dW[l].noalias() = output_of(l - 1).transpose() * delta;
    g.db[l] = delta.colwise().sum();
    if (l > 0) {
      Matrix next = delta * layer.W.transpose();
      delta.swap(next);
    }
    if (penalty.l2 > 0) {
      g.dW[l] += penalty.l2 * layer.W;
      penalty_loss += 0.5 * penalty.l2 * layer.W.squaredNorm();
    }
    if (penalty.l1 > 0) {
      g.dW[l] += penalty.l1 * layer.W.cwiseSign();
      penalty_loss += penalty.l1 * layer.W.lpNorm<1>();
    }
  }
  return data_loss + penalty_loss;
}

}  // namespace amsmlp
