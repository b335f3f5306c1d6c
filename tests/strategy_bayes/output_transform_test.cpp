// The output warp: Yeo-Johnson is strictly increasing and continuous at its special cases,
// the fitted lambda recovers a known one, and the targets keep the order of the values.
#include "output_transform.hpp"

#include <gtest/gtest.h>

#include <stdexcept>

#include <algorithm>
#include <cmath>
#include <random>

namespace amsbayes {
namespace {

TEST(YeoJohnson, StrictlyIncreasingForEveryLambda) {
  for (double lambda : {-3.0, -1.0, 0.0, 1e-9, 0.5, 1.0, 2.0, 2.0 + 1e-9, 3.0}) {
    double previous = -std::numeric_limits<double>::infinity();
    for (double y = -20; y <= 20; y += 0.05) {
      const double t = yeo_johnson(y, lambda);
      ASSERT_TRUE(std::isfinite(t)) << "lambda " << lambda << " y " << y;
      EXPECT_GT(t, previous) << "lambda " << lambda << " y " << y;
      previous = t;
    }
  }
}

TEST(YeoJohnson, KnownValuesAndContinuityAtSpecialCases) {
  EXPECT_DOUBLE_EQ(yeo_johnson(3.0, 1.0), 3.0);  // lambda = 1 is the identity
  EXPECT_DOUBLE_EQ(yeo_johnson(-3.0, 1.0), -3.0);
  EXPECT_NEAR(yeo_johnson(std::exp(2.0) - 1, 0.0), 2.0, 1e-12);  // log(1 + y)
  EXPECT_NEAR(yeo_johnson(1 - std::exp(2.0), 2.0), -2.0, 1e-12);  // -log(1 - y)
  EXPECT_NEAR(yeo_johnson(2.0, 1e-6), yeo_johnson(2.0, 0.0), 1e-5);
  EXPECT_NEAR(yeo_johnson(-2.0, 2 - 1e-6), yeo_johnson(-2.0, 2.0), 1e-5);
}

TEST(YeoJohnson, LambdaRecoversTheWarpThatMakesDataGaussian) {
  // If z is Gaussian and y = YJ^{-1}(z; lambda0), the likelihood should pick about lambda0.
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(0.0, 1.0);
  Eigen::VectorXd logs(2000), squares(2000);
  for (Eigen::Index i = 0; i < logs.size(); ++i) {
    const double z = std::max(0.0, 4 + normal(rng));  // Gaussian, and positive in practice
    logs[i] = std::expm1(z);             // lambda0 = 0 on y >= 0
    squares[i] = std::sqrt(1 + 2 * z) - 1;  // lambda0 = 2 on y >= 0: ((1+y)^2 - 1) / 2 = z
  }
  // Heavy-tailed (log-normal) data need a strong warp, light-tailed data the opposite one.
  EXPECT_NEAR(yeo_johnson_lambda(logs), 0.0, 0.15);
  EXPECT_NEAR(yeo_johnson_lambda(squares), 2.0, 0.15);
}

TEST(TransformOutputs, PreservesOrderAndStandardizes) {
  std::mt19937_64 rng(3);
  std::lognormal_distribution<double> heavy(0.0, 3.0);
  Eigen::VectorXd y(200);
  for (Eigen::Index i = 0; i < y.size(); ++i) y[i] = heavy(rng) - 5;
  y[10] = y[11];  // a tie
  for (OutputTransform kind : {OutputTransform::None, OutputTransform::Power}) {
    const Eigen::VectorXd t = transform_outputs(y, kind);
    EXPECT_NEAR(t.mean(), 0.0, 1e-9);
    EXPECT_NEAR((t.array() - t.mean()).square().mean(), 1.0, 1e-9);
    EXPECT_EQ(t[10], t[11]);
    for (Eigen::Index i = 0; i < y.size(); ++i)
      for (Eigen::Index j = 0; j < y.size(); ++j)
        if (y[i] < y[j]) {
          ASSERT_LT(t[i], t[j]) << i << " " << j;
        }
  }
}

TEST(TransformOutputs, PowerSpreadsTheGoodEndOfAHeavyTail) {
  // A few huge values squash the rest when merely standardized; the warp spreads the low
  // values apart again, which is what lets the GP rank good points.
  Eigen::VectorXd y(50);
  for (Eigen::Index i = 0; i < y.size(); ++i) y[i] = std::exp(0.2 * double(i));  // 10 e-folds
  const Eigen::VectorXd plain = transform_outputs(y, OutputTransform::None);
  const Eigen::VectorXd warped = transform_outputs(y, OutputTransform::Power);
  EXPECT_GT(warped[10] - warped[0], 3 * (plain[10] - plain[0]));
  EXPECT_LT(warped[49] - warped[39], plain[49] - plain[39]);
}

TEST(TransformOutputs, PowerLeavesUnskewedValuesAlone) {
  // Evenly spread values give the likelihood-ratio test no reason to warp.
  Eigen::VectorXd y(60);
  for (Eigen::Index i = 0; i < y.size(); ++i) y[i] = 3.0 + 0.5 * double((i * 37) % 60);
  const Eigen::VectorXd plain = transform_outputs(y, OutputTransform::None);
  const Eigen::VectorXd warped = transform_outputs(y, OutputTransform::Power);
  EXPECT_LT((plain - warped).cwiseAbs().maxCoeff(), 1e-12);
}

TEST(TransformOutputs, ConstantValuesStayFinite) {
  const Eigen::VectorXd y = Eigen::VectorXd::Constant(5, 4.0);
  for (OutputTransform kind : {OutputTransform::None, OutputTransform::Power}) {
    const Eigen::VectorXd t = transform_outputs(y, kind);
    EXPECT_TRUE(t.allFinite());
    EXPECT_NEAR(t.cwiseAbs().maxCoeff(), 0.0, 1e-12);
  }
}

TEST(TransformOutputs, NamesParse) {
  EXPECT_EQ(output_transform_from_name("none"), OutputTransform::None);
  EXPECT_EQ(output_transform_from_name("power"), OutputTransform::Power);
  EXPECT_THROW(output_transform_from_name("rank"), std::invalid_argument);
}

}  // namespace
}  // namespace amsbayes
