// Regression metrics against values worked out by hand.
#include <gtest/gtest.h>

#include "metric_call.hpp"

using metric_test::Inputs;
using metric_test::score;
using metric_test::value;

namespace {

// Errors -0.5, 0.5, 0, 1.
Inputs sample(bool weighted) {
  Inputs in;
  in.y_true = {3, -0.5, 2, 7};
  in.y_pred = {2.5, 0.0, 2, 8};
  if (weighted) in.weights = {1, 2, 3, 4};
  return in;
}

}  // namespace

TEST(RegressionMetrics, Directions) {
  auto& reg = amtest::registry();
  for (const char* m : {"mse", "rmse", "mae"})
    EXPECT_EQ(reg.get(AMS_KIND_METRIC, m).metric.direction, AMS_MINIMIZE) << m;
  EXPECT_EQ(reg.get(AMS_KIND_METRIC, "r2").metric.direction, AMS_MAXIMIZE);
  EXPECT_EQ(reg.get(AMS_KIND_METRIC, "r2").metric.flags, AMS_METRIC_REGRESSION);
}

TEST(RegressionMetrics, Unweighted) {
  EXPECT_DOUBLE_EQ(value("mse", sample(false)), 1.5 / 4);
  EXPECT_DOUBLE_EQ(value("rmse", sample(false)), std::sqrt(1.5 / 4));
  EXPECT_DOUBLE_EQ(value("mae", sample(false)), 2.0 / 4);
  // mean 2.875; SS_tot = 0.015625 + 11.390625 + 0.765625 + 17.015625 = 29.1875; SS_res = 1.5.
  EXPECT_NEAR(value("r2", sample(false)), 1 - 1.5 / 29.1875, 1e-12);
}

TEST(RegressionMetrics, Weighted) {
  // Squared errors 0.25, 0.25, 0, 1 weighted 1..4: 4.75 / 10.
  EXPECT_DOUBLE_EQ(value("mse", sample(true)), 0.475);
  EXPECT_DOUBLE_EQ(value("rmse", sample(true)), std::sqrt(0.475));
  EXPECT_DOUBLE_EQ(value("mae", sample(true)), 0.55);
  // Weighted mean 3.6; SS_tot = 0.36 + 33.62 + 7.68 + 46.24 = 87.9.
  EXPECT_NEAR(value("r2", sample(true)), 1 - 4.75 / 87.9, 1e-12);
}

TEST(RegressionMetrics, R2OfPerfectPredictionsIsOne) {
  Inputs in = sample(false);
  in.y_pred = in.y_true;
  EXPECT_DOUBLE_EQ(value("r2", in), 1.0);
  EXPECT_DOUBLE_EQ(value("mse", in), 0.0);
  // Constant truth: perfect is 1, anything else 0 (instead of dividing by zero).
  in.y_true = {2, 2, 2};
  in.y_pred = {2, 2, 2};
  EXPECT_DOUBLE_EQ(value("r2", in), 1.0);
  in.y_pred = {2, 2, 3};
  EXPECT_DOUBLE_EQ(value("r2", in), 0.0);
}

TEST(RegressionMetrics, R2CanBeNegative) {
  Inputs in;
  in.y_true = {1, 2, 3};
  in.y_pred = {3, 2, 1};  // SS_res 8, SS_tot 2
  EXPECT_DOUBLE_EQ(value("r2", in), 1 - 8.0 / 2);
}

TEST(RegressionMetrics, NonFinitePredictionIsAnError) {
  Inputs in = sample(false);
  in.y_pred[1] = std::nan("");
  auto out = score("mse", in);
  EXPECT_EQ(out.status, AMS_ERR_INVALID);
  EXPECT_EQ(out.error.rfind("mse: y_pred[1] = nan is not a finite number", 0), 0u) << out.error;
  in = sample(false);
  in.weights = {0, 0, 0, 0};
  out = score("r2", in);
  EXPECT_EQ(out.status, AMS_ERR_INVALID);
  EXPECT_EQ(out.error, "r2: the sample weights sum to 0");
}
