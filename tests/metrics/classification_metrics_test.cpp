// Classification metrics against values worked out by hand (see the comments for the sums).
#include <gtest/gtest.h>

#include "metric_call.hpp"

using metric_test::Inputs;
using metric_test::score;
using metric_test::value;

namespace {

// y_true 0 1 2 2 1, y_pred 0 2 2 2 1: row 1 is wrong.
Inputs labels(bool weighted) {
  Inputs in;
  in.y_true = {0, 1, 2, 2, 1};
  in.y_pred = {0, 2, 2, 2, 1};
  in.n_classes = 3;
  if (weighted) in.weights = {1, 2, 1, 1, 3};
  return in;
}

int32_t component_direction(const std::string& name) {
  return amtest::registry().get(AMS_KIND_METRIC, name).metric.direction;
}
uint32_t component_flags(const std::string& name) {
  return amtest::registry().get(AMS_KIND_METRIC, name).metric.flags;
}

}  // namespace

TEST(ClassificationMetrics, DirectionsAndFlags) {
  for (const char* m : {"accuracy", "balanced_accuracy", "f1_macro", "roc_auc"})
    EXPECT_EQ(component_direction(m), AMS_MAXIMIZE) << m;
  EXPECT_EQ(component_direction("log_loss"), AMS_MINIMIZE);
  EXPECT_EQ(component_flags("accuracy"), AMS_METRIC_CLASSIFICATION);
  EXPECT_EQ(component_flags("log_loss"), AMS_METRIC_CLASSIFICATION | AMS_METRIC_NEEDS_PROBA);
  EXPECT_EQ(component_flags("roc_auc"), AMS_METRIC_CLASSIFICATION | AMS_METRIC_NEEDS_PROBA);
}

TEST(ClassificationMetrics, Accuracy) {
  EXPECT_DOUBLE_EQ(value("accuracy", labels(false)), 4.0 / 5);
  // The wrong row weighs 2 of 8.
  EXPECT_DOUBLE_EQ(value("accuracy", labels(true)), 6.0 / 8);
}

TEST(ClassificationMetrics, BalancedAccuracy) {
  // Recall per class: 1/1, 1/2, 2/2.
  EXPECT_DOUBLE_EQ(value("balanced_accuracy", labels(false)), (1 + 0.5 + 1) / 3);
  // Class 1 rows weigh 2 (wrong) and 3 (right): recall 3/5.
  EXPECT_DOUBLE_EQ(value("balanced_accuracy", labels(true)), (1 + 0.6 + 1) / 3);
}

TEST(ClassificationMetrics, BalancedAccuracySkipsClassesAbsentFromTruth) {
  Inputs in;
  in.y_true = {0, 0, 1, 1};
  in.y_pred = {0, 2, 1, 1};  // class 2 only predicted
  in.n_classes = 3;
  EXPECT_DOUBLE_EQ(value("balanced_accuracy", in), (0.5 + 1) / 2);
}

TEST(ClassificationMetrics, F1Macro) {
  // F1 = 2TP / (true + predicted): class 0 2/2, class 1 2/3, class 2 4/5.
  EXPECT_NEAR(value("f1_macro", labels(false)), (1 + 2.0 / 3 + 0.8) / 3, 1e-12);
  // Weighted: class 1 6/8, class 2 4/6.
  EXPECT_NEAR(value("f1_macro", labels(true)), (1 + 0.75 + 4.0 / 6) / 3, 1e-12);
}

TEST(ClassificationMetrics, F1MacroCountsAPredictedOnlyClassAsZero) {
  Inputs in;
  in.y_true = {0, 0, 1, 1};
  in.y_pred = {0, 2, 1, 1};
  in.n_classes = 4;  // class 3 never appears and is not averaged
  // class 0: 2*1/(2+1); class 1: 1; class 2: 0.
  EXPECT_NEAR(value("f1_macro", in), (2.0 / 3 + 1 + 0) / 3, 1e-12);
}

TEST(ClassificationMetrics, LogLoss) {
  Inputs in;
  in.y_true = {0, 1, 1};
  in.proba = {0.9, 0.1, 0.2, 0.8, 0.6, 0.4};
  in.n_classes = 2;
  EXPECT_NEAR(value("log_loss", in), -(std::log(0.9) + std::log(0.8) + std::log(0.4)) / 3, 1e-12);
  in.weights = {1, 1, 2};
  EXPECT_NEAR(value("log_loss", in), -(std::log(0.9) + std::log(0.8) + 2 * std::log(0.4)) / 4, 1e-12);
}

TEST(ClassificationMetrics, LogLossClipsAndNormalizes) {
  Inputs in;
  in.y_true = {1};
  in.proba = {1.0, 0.0};
  in.n_classes = 2;
  // p clipped to 1e-15; the row sums to 1 after clipping.
  EXPECT_NEAR(value("log_loss", in), -std::log(1e-15), 1e-9);
  in.y_true = {0};
  in.proba = {0.2, 0.2};  // renormalized to 0.5 / 0.5
  EXPECT_NEAR(value("log_loss", in), std::log(2.0), 1e-12);
}

TEST(ClassificationMetrics, LogLossNeedsProbabilities) {
  Inputs in;
  in.y_true = {0, 1};
  in.y_pred = {0, 1};
  in.n_classes = 2;
  auto out = score("log_loss", in);
  EXPECT_EQ(out.status, AMS_ERR_INVALID);
  EXPECT_NE(out.error.find("log_loss: needs class probabilities"), std::string::npos) << out.error;
}

TEST(ClassificationMetrics, RocAucBinaryWithTies) {
  Inputs in;
  in.y_true = {0, 0, 1, 1, 0, 1};
  std::vector<double> p1 = {0.1, 0.4, 0.35, 0.8, 0.4, 0.4};
  for (double p : p1) {
    in.proba.push_back(1 - p);
    in.proba.push_back(p);
  }
  in.n_classes = 2;
  // Positive 0.35 beats 1 negative, 0.8 beats 3, 0.4 beats 1 and ties 2: (1 + 3 + 2) / 9.
  EXPECT_NEAR(value("roc_auc", in), 6.0 / 9, 1e-12);
  // Weighted pairs: 1*1 + 1*4 + 3*1 + 0.5*3*3 = 12.5 of 5*4.
  in.weights = {1, 2, 1, 1, 1, 3};
  EXPECT_NEAR(value("roc_auc", in), 12.5 / 20, 1e-12);
}

TEST(ClassificationMetrics, RocAucMulticlassOneVsRestMacro) {
  Inputs in;
  in.y_true = {0, 1, 2, 0, 1, 2};
  in.proba = {0.7, 0.2, 0.1, 0.2, 0.5, 0.3, 0.1, 0.3, 0.6,
              0.3, 0.4, 0.3, 0.4, 0.4, 0.2, 0.3, 0.3, 0.4};
  in.n_classes = 3;
  // Per class: 6.5/8, 7.5/8, 8/8.
  EXPECT_NEAR(value("roc_auc", in), (0.8125 + 0.9375 + 1.0) / 3, 1e-12);
}

TEST(ClassificationMetrics, RocAucPerfectAndReversed) {
  Inputs in;
  in.y_true = {0, 1, 0, 1};
  in.proba = {0.9, 0.1, 0.2, 0.8, 0.7, 0.3, 0.4, 0.6};
  in.n_classes = 2;
  EXPECT_DOUBLE_EQ(value("roc_auc", in), 1.0);
  in.y_true = {1, 0, 1, 0};
  EXPECT_DOUBLE_EQ(value("roc_auc", in), 0.0);
}

TEST(ClassificationMetrics, RocAucSingleClassIsAnError) {
  Inputs in;
  in.y_true = {1, 1, 1};
  in.proba = {0.5, 0.5, 0.2, 0.8, 0.1, 0.9};
  in.n_classes = 2;
  auto out = score("roc_auc", in);
  EXPECT_EQ(out.status, AMS_ERR_INVALID);
  EXPECT_EQ(out.error.rfind("roc_auc: y_true holds a single class", 0), 0u) << out.error;
}

TEST(ClassificationMetrics, BadLabelsAndWeightsAreErrors) {
  Inputs in = labels(false);
  in.y_pred[2] = 3;  // not below n_classes
  auto out = score("accuracy", in);
  EXPECT_EQ(out.status, AMS_ERR_INVALID);
  EXPECT_EQ(out.error, "accuracy: y_pred[2] = 3 is not a class index below n_classes = 3");

  in = labels(false);
  in.y_true[0] = 0.5;
  out = score("f1_macro", in);
  EXPECT_EQ(out.status, AMS_ERR_INVALID);
  EXPECT_NE(out.error.find("y_true[0] = 0.5"), std::string::npos) << out.error;

  in = labels(false);
  in.weights = {1, 1, -1, 1, 1};
  out = score("accuracy", in);
  EXPECT_EQ(out.status, AMS_ERR_INVALID);
  EXPECT_NE(out.error.find("sample weight -1"), std::string::npos) << out.error;

  in = Inputs{};
  out = score("accuracy", in);
  EXPECT_EQ(out.status, AMS_ERR_INVALID);
  EXPECT_NE(out.error.find("no predictions"), std::string::npos) << out.error;
}
