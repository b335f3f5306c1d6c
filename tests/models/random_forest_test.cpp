#include <random>
#include <set>

#include "model_testing.hpp"
#include <ams/feature_bins.hpp>

using namespace modeltest;

namespace {

// One feature x = 0..99; the label flips at x > 41 (classification) or the value steps there.
amtest::Table step_data(int32_t task) {
  amtest::Table t;
  t.task = task;
  t.n_classes = task == AMS_TASK_CLASSIFICATION ? 2 : 0;
  t.n_features = 1;
  t.n_rows = 100;
  for (int i = 0; i < 100; ++i) {
    t.X.push_back(i);
    t.y.push_back(task == AMS_TASK_CLASSIFICATION ? (i > 41 ? 1.0 : 0.0) : (i > 41 ? 7.5 : -2.0));
  }
  return t;
}

amtest::Table points(const std::vector<double>& xs) {
  amtest::Table t;
  t.n_features = 1;
  t.n_rows = static_cast<int64_t>(xs.size());
  t.X = xs;
  t.n_classes = 2;
  return t;
}

const char* kOneSplit = "n_estimators = 1\nbootstrap = false\nmax_depth = 1";

}  // namespace

TEST(RandomForestBinning, FewValuesGetOneBinEachWithMidpointEdges) {
  const std::vector<double> sorted = {1, 1, 2, 2, 2, 5, 9, 9};
  const auto edges = ams::bins::quantile_edges(sorted, 255);
  ASSERT_EQ(edges, (std::vector<double>{1.5, 3.5, 7.0}));
  EXPECT_EQ(ams::bins::bin_of(edges, 1), 0);
  EXPECT_EQ(ams::bins::bin_of(edges, 2), 1);
  EXPECT_EQ(ams::bins::bin_of(edges, 9), 3);
}

TEST(RandomForestBinning, ManyValuesGetAtMostMaxBinsOfSimilarSize) {
  std::vector<double> v;
  std::mt19937_64 rng(1);
  std::normal_distribution<double> g(0, 1);
  for (int i = 0; i < 10000; ++i) v.push_back(g(rng));
  std::sort(v.begin(), v.end());
  const auto edges = ams::bins::quantile_edges(v, 255);
  ASSERT_EQ(edges.size(), 254u);
  std::vector<int> count(255, 0);
  for (double x : v) ++count[ams::bins::bin_of(edges, x)];
  for (int c : count) {
    EXPECT_GE(c, 30);
    EXPECT_LE(c, 50);
  }
}

TEST(RandomForest, OneSplitRecoversTheThreshold) {
  const amtest::Table t = step_data(AMS_TASK_CLASSIFICATION);
  auto model = amtest::make(AMS_KIND_MODEL, "random_forest", kOneSplit);
  amtest::fit(*model, t.view());
  const amtest::Table q = points({-5, 41, 41.4, 41.6, 42, 300});
  EXPECT_EQ(amtest::predict(*model, q.view()), (std::vector<double>{0, 0, 0, 1, 1, 1}));
}

TEST(RandomForest, OneSplitRegressionTreeRecoversBothMeans) {
  const amtest::Table t = step_data(AMS_TASK_REGRESSION);
  auto model = amtest::make(AMS_KIND_MODEL, "random_forest", kOneSplit);
  amtest::fit(*model, t.view());
  amtest::Table q = points({0, 41.4, 41.6, 99});
  q.task = AMS_TASK_REGRESSION;
  q.n_classes = 0;
  const auto pred = amtest::predict(*model, q.view());
  EXPECT_NEAR(pred[0], -2.0, 1e-12);
  EXPECT_NEAR(pred[1], -2.0, 1e-12);
  EXPECT_NEAR(pred[2], 7.5, 1e-12);
  EXPECT_NEAR(pred[3], 7.5, 1e-12);
}

TEST(RandomForest, DigitsAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "random_forest", "n_estimators = 100");
  EXPECT_GE(fit_and_score(*model, digits()), 0.95);
}

TEST(RandomForest, DigitsAccuracyFloorWithEntropyAndBalancedWeights) {
  auto model = amtest::make(AMS_KIND_MODEL, "random_forest",
                            "n_estimators = 60\ncriterion = \"entropy\"\nclass_weight = \"balanced\"\nmax_features = 0.2");
  EXPECT_GE(fit_and_score(*model, digits()), 0.94);
}

TEST(RandomForest, IrisAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "random_forest", "n_estimators = 50");
  EXPECT_GE(fit_and_score(*model, iris()), 0.9);
}

TEST(RandomForest, DiabetesR2Floor) {
  auto model = amtest::make(AMS_KIND_MODEL, "random_forest", "n_estimators = 100\nmin_samples_leaf = 3");
  EXPECT_GE(fit_and_score(*model, diabetes()), 0.35);
}

TEST(RandomForest, ProbabilitiesAreMeansOfLeafDistributions) {
  const Split s = iris();
  auto model = amtest::make(AMS_KIND_MODEL, "random_forest", "n_estimators = 7");
  amtest::fit(*model, s.train());
  const auto proba = amtest::predict_proba(*model, s.test(), 3);
  for (size_t i = 0; i < proba.size() / 3; ++i) {
    EXPECT_NEAR(proba[3 * i] + proba[3 * i + 1] + proba[3 * i + 2], 1.0, 1e-12);
    for (size_t c = 0; c < 3; ++c) {
      // Fully grown trees have pure leaves: each probability is a multiple of 1/7.
      const double votes = proba[3 * i + c] * 7;
      EXPECT_NEAR(votes, std::round(votes), 1e-9);
    }
  }
}

TEST(RandomForest, SameSeedSameForestOtherSeedOtherForest) {
  const Split s = digits();
  auto proba = [&](uint64_t seed, const std::string& opts) {
    auto m = amtest::make(AMS_KIND_MODEL, "random_forest", opts, seed);
    amtest::fit(*m, s.train());
    return amtest::predict_proba(*m, s.test(), s.table.n_classes);
  };
  const auto a = proba(5, "n_estimators = 20");
  EXPECT_EQ(a, proba(5, "n_estimators = 20"));
  EXPECT_NE(a, proba(6, "n_estimators = 20"));
  // Threads build the same trees: tree i's randomness depends on the seed and i only.
  EXPECT_EQ(a, proba(5, "n_estimators = 20\nn_jobs = 2"));
}

TEST(RandomForest, BudgetGrowsThatShareOfTheTrees) {
  const Split s = diabetes();
  auto partial = amtest::make(AMS_KIND_MODEL, "random_forest", "n_estimators = 40");
  partial->context->budget = 0.25;
  amtest::fit(*partial, s.train());
  auto ten = amtest::make(AMS_KIND_MODEL, "random_forest", "n_estimators = 10");
  amtest::fit(*ten, s.train());
  EXPECT_EQ(amtest::predict(*partial, s.test()), amtest::predict(*ten, s.test()));
}

TEST(RandomForest, SampleWeightsShiftRegressionLeaves) {
  // Two rows per leaf region; weighting one of them moves the leaf mean towards it.
  amtest::Table t;
  t.task = AMS_TASK_REGRESSION;
  t.n_features = 1;
  t.n_rows = 2;
  t.X = {0, 0};
  t.y = {0, 10};
  std::vector<double> w = {1, 3};
  ams_dataset d = t.view();
  d.sample_weight = w.data();
  auto model = amtest::make(AMS_KIND_MODEL, "random_forest", "n_estimators = 1\nbootstrap = false");
  amtest::fit(*model, d);
  EXPECT_NEAR(amtest::predict(*model, t.view())[0], 7.5, 1e-12);
}

TEST(RandomForest, SaveLoadRoundTripClassifier) {
  expect_save_load_roundtrip("random_forest", "n_estimators = 15", digits(), true);
}

TEST(RandomForest, SaveLoadRoundTripRegressor) {
  expect_save_load_roundtrip("random_forest", "n_estimators = 15\nmax_depth = 6", diabetes(), false);
}

TEST(RandomForest, RejectsBadOptions) {
  std::string e = create_error("random_forest", "max_features = \"half\"");
  EXPECT_NE(e.find("max_features"), std::string::npos) << e;
  EXPECT_NE(e.find("sqrt"), std::string::npos) << e;
  e = create_error("random_forest", "max_features = 1.5");
  EXPECT_NE(e.find("max_features"), std::string::npos) << e;
  e = create_error("random_forest", "n_estimators = 0");
  EXPECT_NE(e.find("n_estimators"), std::string::npos) << e;
  e = create_error("random_forest", "min_samples_leaf = 0");
  EXPECT_NE(e.find("min_samples_leaf"), std::string::npos) << e;
  e = create_error("random_forest", "criterion = \"gni\"");
  EXPECT_NE(e.find("criterion"), std::string::npos) << e;
  e = create_error("random_forest", "n_jobs = 0");
  EXPECT_NE(e.find("n_jobs"), std::string::npos) << e;
}

TEST(RandomForest, RejectsOptionsThatDoNotFitTheTask) {
  auto gini = amtest::make(AMS_KIND_MODEL, "random_forest", "criterion = \"gini\"");
  std::string e = fit_error(*gini, diabetes().train());
  EXPECT_NE(e.find("squared_error"), std::string::npos) << e;
  auto too_many = amtest::make(AMS_KIND_MODEL, "random_forest", "max_features = 20");
  e = fit_error(*too_many, iris().train());
  EXPECT_NE(e.find("4 features"), std::string::npos) << e;
}

TEST(RandomForest, RejectsMissingValues) {
  amtest::Table t = step_data(AMS_TASK_CLASSIFICATION);
  t.X[17] = std::nan("");
  auto model = amtest::make(AMS_KIND_MODEL, "random_forest");
  const std::string e = fit_error(*model, t.view());
  EXPECT_NE(e.find("row 17"), std::string::npos) << e;
}
