// Pruning: the asked sparsity is reached, fine-tuning keeps it, accuracy stays within a bound,
// and the saved model shrinks.
#include "mlp_helpers.hpp"
#include "pruning.hpp"

using namespace modeltest;
using namespace mlptest;

TEST(MlpPruning, MagnitudeZeroesTheSmallestWeightsOfEveryLayer) {
  amsmlp::Network net;
  amsmlp::Layer layer;
  layer.W = amsmlp::Matrix(2, 5);
  layer.W << 0.1, -5, 0.3, 2, -0.2, 7, -0.05, 1, 0.4, -3;
  layer.b = amsmlp::RowVector::Zero(5);
  net.layers.push_back(layer);
  amsmlp::prune_magnitude(net, 0.4);  // 4 of 10
  const amsmlp::Matrix& W = net.layers[0].W;
  EXPECT_EQ((W.array() == 0).count(), 4);
  EXPECT_EQ(W(0, 0), 0);
  EXPECT_EQ(W(1, 1), 0);
  EXPECT_EQ(W(0, 4), 0);
  EXPECT_EQ(W(0, 2), 0);
  EXPECT_EQ(W(1, 3), 0.4);
  EXPECT_EQ(net.layers[0].mask.sum(), 6);
}

TEST(MlpPruning, NeuronsWithoutInfluenceAreRemovedWithoutChangingTheFunction) {
  std::mt19937_64 rng(4);
  std::normal_distribution<double> g(0, 1);
  amsmlp::Network net;
  const Eigen::Index sizes[] = {3, 6, 2};
  for (int l = 0; l < 2; ++l) {
    amsmlp::Layer layer;
    layer.W = amsmlp::Matrix::NullaryExpr(sizes[l], sizes[l + 1], [&] { return g(rng); });
    layer.b = amsmlp::RowVector::NullaryExpr(sizes[l + 1], [&] { return g(rng); });
    layer.activation = l == 0 ? amsmlp::Activation::tanh : amsmlp::Activation::identity;
    net.layers.push_back(layer);
  }
  net.layers[1].W.row(1).setZero();  // units 1, 4 and 5 feed nothing forward
  net.layers[1].W.row(4).setZero();
  net.layers[1].W.row(5).setZero();
  const amsmlp::RowMatrix X = amsmlp::RowMatrix::Random(5, 3);
  const amsmlp::Matrix before = amsmlp::forward(net, X);
  amsmlp::prune_neurons(net, 0.5);
  EXPECT_EQ(net.layers[0].W.cols(), 3);
  EXPECT_EQ(net.layers[1].W.rows(), 3);
  EXPECT_LT((amsmlp::forward(net, X) - before).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(MlpPruning, MagnitudeHalfSparsityCostsAtMostTwoPointsOnDigits) {
  const Split s = digits();
  const std::string base = "hidden = [64]\nmax_epochs = 60\n";
  auto dense = amtest::make(AMS_KIND_MODEL, "mlp", base);
  auto pruned = amtest::make(AMS_KIND_MODEL, "mlp", base + "prune = \"magnitude\"\nsparsity = 0.5\nfinetune_epochs = 10");
  Reports reports;
  record_reports(*pruned, reports);
  const double dense_accuracy = fit_and_score(*dense, s);
  const double pruned_accuracy = fit_and_score(*pruned, s);
  EXPECT_EQ(reports.size(), 70u);  // fine-tuning epochs continue the step count
  EXPECT_LE(dense_accuracy - pruned_accuracy, 0.02) << dense_accuracy << " -> " << pruned_accuracy;
  const amsmlp::Fitted f = saved_network(*pruned);
  for (const auto& layer : f.net.layers) {
    // Exactly the pruned half is zero: fine-tuning did not revive any weight.
    EXPECT_EQ((layer.W.array() == 0).count(), layer.W.size() / 2);
    EXPECT_EQ(((layer.W.array() == 0) == (layer.mask.array() == 0)).count(), layer.W.size());
  }
  // Stored sparsely: half the weights cost less than all of them.
  EXPECT_LT(save(*pruned).size(), save(*dense).size() * 8 / 10);
}

TEST(MlpPruning, NeuronPruningShrinksTheModel) {
  const Split s = digits();
  const std::string base = "hidden = [64, 32]\nmax_epochs = 60\n";
  auto dense = amtest::make(AMS_KIND_MODEL, "mlp", base);
  auto pruned = amtest::make(AMS_KIND_MODEL, "mlp", base + "prune = \"neurons\"\nsparsity = 0.5\nfinetune_epochs = 15");
  const double dense_accuracy = fit_and_score(*dense, s);
  const double pruned_accuracy = fit_and_score(*pruned, s);
  EXPECT_LE(dense_accuracy - pruned_accuracy, 0.03) << dense_accuracy << " -> " << pruned_accuracy;
  const amsmlp::Fitted f = saved_network(*pruned);
  ASSERT_EQ(f.net.layers.size(), 3u);
  EXPECT_EQ(f.net.layers[0].W.cols(), 32);
  EXPECT_EQ(f.net.layers[1].W.cols(), 16);
  EXPECT_EQ(f.net.layers[2].W.rows(), 16);
  EXPECT_LT(save(*pruned).size(), save(*dense).size() * 6 / 10);
}
