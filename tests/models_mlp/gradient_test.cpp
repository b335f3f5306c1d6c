// The backward pass against central finite differences, for every activation, both losses,
// row weights and both penalties.
#include <gtest/gtest.h>

#include "network.hpp"
#include "optimizer.hpp"

#include <optional>
#include <random>

using namespace amsmlp;

namespace {

Network small_network(Activation activation, Loss loss, Eigen::Index outputs, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0, 0.6);
  Network net;
  net.loss = loss;
  const Eigen::Index sizes[] = {4, 5, 3, outputs};
  for (int l = 0; l < 3; ++l) {
    Layer layer;
    layer.W = Matrix::NullaryExpr(sizes[l], sizes[l + 1], [&] { return g(rng); });
    layer.b = RowVector::NullaryExpr(sizes[l + 1], [&] { return g(rng); });
    layer.activation = l < 2 ? activation : Activation::identity;
    net.layers.push_back(layer);
  }
  return net;
}

// With dropout, every evaluation draws the same masks from a fresh generator of the same seed,
// so the loss is a smooth function of the weights and finite differences apply.
void expect_gradient_matches(Activation activation, Loss loss, double dropout = 0) {
  const Eigen::Index outputs = loss == Loss::softmax_cross_entropy ? 3 : 2;
  Network net = small_network(activation, loss, outputs, 11);
  for (size_t l = 0; l + 1 < net.layers.size(); ++l) net.layers[l].dropout = dropout;
  auto masks = [dropout] { return dropout > 0 ? std::optional<std::mt19937_64>(std::mt19937_64(17)) : std::nullopt; };
  std::mt19937_64 rng(3);
  std::normal_distribution<double> g(0, 1);
  const Eigen::Index n = 7;
  RowMatrix X = RowMatrix::NullaryExpr(n, 4, [&] { return g(rng); });
  Matrix T = Matrix::Zero(n, outputs);
  for (Eigen::Index i = 0; i < n; ++i) {
    if (loss == Loss::softmax_cross_entropy)
      T(i, i % outputs) = 1;
    else
      T.row(i) = RowVector::NullaryExpr(outputs, [&] { return g(rng); });
  }
  Eigen::VectorXd w(n);
  for (Eigen::Index i = 0; i < n; ++i) w[i] = 0.5 + static_cast<double>(i % 3);
  const Penalty penalty{0.03, 0.02};
  Workspace ws;
  Gradients grad, scratch;
  auto mask_rng = masks();
  loss_and_gradient(net, X, T, w, penalty, mask_rng ? &*mask_rng : nullptr, ws, grad);
  auto loss_at = [&](Network& probe) {
    auto r = masks();
    return loss_and_gradient(probe, X, T, w, penalty, r ? &*r : nullptr, ws, scratch);
  };
  const double h = 1e-6;
  for (size_t l = 0; l < net.layers.size(); ++l) {
    for (Eigen::Index i = 0; i < net.layers[l].W.size(); ++i) {
      Network up = net, down = net;
      up.layers[l].W.data()[i] += h;
      down.layers[l].W.data()[i] -= h;
      const double numeric = (loss_at(up) - loss_at(down)) / (2 * h);
      EXPECT_NEAR(grad.dW[l].data()[i], numeric, 1e-6) << "layer " << l << " weight " << i;
    }
    for (Eigen::Index i = 0; i < net.layers[l].b.size(); ++i) {
      Network up = net, down = net;
      up.layers[l].b[i] += h;
      down.layers[l].b[i] -= h;
      const double numeric = (loss_at(up) - loss_at(down)) / (2 * h);
      EXPECT_NEAR(grad.db[l][i], numeric, 1e-6) << "layer " << l << " bias " << i;
    }
  }
}

}  // namespace

TEST(MlpGradient, ReluCrossEntropy) { expect_gradient_matches(Activation::relu, Loss::softmax_cross_entropy); }
TEST(MlpGradient, TanhCrossEntropy) { expect_gradient_matches(Activation::tanh, Loss::softmax_cross_entropy); }
TEST(MlpGradient, GeluCrossEntropy) { expect_gradient_matches(Activation::gelu, Loss::softmax_cross_entropy); }
TEST(MlpGradient, SigmoidCrossEntropy) { expect_gradient_matches(Activation::sigmoid, Loss::softmax_cross_entropy); }
TEST(MlpGradient, ReluSquaredError) { expect_gradient_matches(Activation::relu, Loss::squared_error); }
TEST(MlpGradient, TanhSquaredError) { expect_gradient_matches(Activation::tanh, Loss::squared_error); }
TEST(MlpGradient, GeluSquaredError) { expect_gradient_matches(Activation::gelu, Loss::squared_error); }
TEST(MlpGradient, SigmoidSquaredError) { expect_gradient_matches(Activation::sigmoid, Loss::squared_error); }

TEST(MlpGradient, TanhWithDropout) { expect_gradient_matches(Activation::tanh, Loss::softmax_cross_entropy, 0.3); }
TEST(MlpGradient, SigmoidWithDropout) { expect_gradient_matches(Activation::sigmoid, Loss::squared_error, 0.3); }
TEST(MlpGradient, GeluWithDropout) { expect_gradient_matches(Activation::gelu, Loss::squared_error, 0.3); }

TEST(MlpGradient, ForwardAgreesWithTheTrainingPass) {
  Network net = small_network(Activation::tanh, Loss::softmax_cross_entropy, 3, 5);
  RowMatrix X = RowMatrix::Random(6, 4);
  Matrix T = Matrix::Zero(6, 3);
  T.col(0).setOnes();
  Workspace ws;
  Gradients g;
  loss_and_gradient(net, X, T, Eigen::VectorXd::Ones(6), Penalty{}, nullptr, ws, g);
  const Matrix p = forward(net, X);
  EXPECT_LT((p - ws.a.back()).cwiseAbs().maxCoeff(), 1e-12);
  EXPECT_LT((p.rowwise().sum().array() - 1).abs().maxCoeff(), 1e-12);
}

TEST(MlpGradient, DropoutScalesSurvivorsAndIsSeeded) {
  Network net = small_network(Activation::relu, Loss::squared_error, 2, 5);
  net.layers[0].dropout = 0.5;
  RowMatrix X = RowMatrix::Random(200, 4);
  Matrix T = Matrix::Zero(200, 2);
  Workspace ws;
  Gradients g1, g2;
  std::mt19937_64 a(1), b(1);
  loss_and_gradient(net, X, T, Eigen::VectorXd::Ones(200), Penalty{}, &a, ws, g1);
  const Matrix& keep = ws.keep[0];
  ASSERT_EQ(keep.rows(), 200);
  const double dropped = static_cast<double>((keep.array() == 0).count()) / static_cast<double>(keep.size());
  EXPECT_NEAR(dropped, 0.5, 0.06);
  EXPECT_DOUBLE_EQ(keep.maxCoeff(), 2.0);
  loss_and_gradient(net, X, T, Eigen::VectorXd::Ones(200), Penalty{}, &b, ws, g2);
  EXPECT_EQ(g1.dW[0], g2.dW[0]);
}

TEST(MlpSchedule, StepAndCosineDecay) {
  ScheduleSettings s;
  s.learning_rate = 0.1;
  s.kind = Schedule::step;
  s.step_size = 10;
  s.gamma = 0.5;
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 9, 100), 0.1);
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 10, 100), 0.05);
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 25, 100), 0.025);
  s.kind = Schedule::cosine;
  s.min_learning_rate = 0.01;
  EXPECT_DOUBLE_EQ(learning_rate_at(s, 0, 11), 0.1);
  EXPECT_NEAR(learning_rate_at(s, 5, 11), 0.055, 1e-12);
  EXPECT_NEAR(learning_rate_at(s, 10, 11), 0.01, 1e-12);
}
