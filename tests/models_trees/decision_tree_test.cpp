#include "models/model_testing.hpp"

using namespace modeltest;

namespace {

// Two features: x0 is noise, the class is x1 > 6.5 (x1 takes 0..19).
amtest::Table known_split() {
  amtest::Table t;
  t.n_features = 2;
  t.n_classes = 2;
  for (int i = 0; i < 200; ++i) {
    t.X.push_back((i * 7919) % 13);
    t.X.push_back(i % 20);
    t.y.push_back(i % 20 > 6 ? 1.0 : 0.0);
  }
  t.n_rows = 200;
  return t;
}

amtest::Table queries(const std::vector<std::pair<double, double>>& xs) {
  amtest::Table t;
  t.n_features = 2;
  t.n_classes = 2;
  for (auto [a, b] : xs) {
    t.X.push_back(a);
    t.X.push_back(b);
  }
  t.n_rows = static_cast<int64_t>(xs.size());
  return t;
}

}  // namespace

TEST(DecisionTree, RecoversAKnownSplitOnTheRightFeature) {
  auto model = amtest::make(AMS_KIND_MODEL, "decision_tree", "max_depth = 1");
  amtest::fit(*model, known_split().view());
  const amtest::Table q = queries({{0, 6}, {12, 6.4}, {0, 6.6}, {12, 7}, {5, -100}, {5, 100}});
  EXPECT_EQ(amtest::predict(*model, q.view()), (std::vector<double>{0, 0, 1, 1, 0, 1}));
  // One split separates the classes: the leaves are pure.
  const auto proba = amtest::predict_proba(*model, q.view(), 2);
  for (double p : proba) EXPECT_TRUE(p == 0.0 || p == 1.0) << p;
}

TEST(DecisionTree, DepthLimitGivesMixedLeaves) {
  // y = x mod 4 on 0..99 cannot be separated by one split.
  amtest::Table t;
  t.n_features = 1;
  t.n_classes = 4;
  for (int i = 0; i < 100; ++i) {
    t.X.push_back(i);
    t.y.push_back(i % 4);
  }
  t.n_rows = 100;
  auto stump = amtest::make(AMS_KIND_MODEL, "decision_tree", "max_depth = 1");
  amtest::fit(*stump, t.view());
  EXPECT_LT(amtest::accuracy(t.y, amtest::predict(*stump, t.view())), 0.5);
  auto full = amtest::make(AMS_KIND_MODEL, "decision_tree");
  amtest::fit(*full, t.view());
  EXPECT_EQ(amtest::predict(*full, t.view()), t.y);
}

TEST(DecisionTree, DigitsAndIrisAccuracyFloors) {
  auto gini = amtest::make(AMS_KIND_MODEL, "decision_tree");
  EXPECT_GE(fit_and_score(*gini, digits()), 0.8);
  auto entropy = amtest::make(AMS_KIND_MODEL, "decision_tree", "criterion = \"entropy\"\nclass_weight = \"balanced\"");
  EXPECT_GE(fit_and_score(*entropy, digits()), 0.8);
  // This fixed iris split is a hard one (random_forest scores 0.9); a shallow tree generalizes.
  auto iris_tree = amtest::make(AMS_KIND_MODEL, "decision_tree", "max_depth = 3");
  EXPECT_GE(fit_and_score(*iris_tree, iris()), 0.85);
}

TEST(DecisionTree, DiabetesRegressionWithShallowTree) {
  auto model = amtest::make(AMS_KIND_MODEL, "decision_tree", "max_depth = 3\nmin_samples_leaf = 10");
  EXPECT_GE(fit_and_score(*model, diabetes()), 0.2);
}

TEST(DecisionTree, SeedOnlyMattersWithFeatureSampling) {
  const Split s = digits();
  auto proba = [&](uint64_t seed, const std::string& opts) {
    auto m = amtest::make(AMS_KIND_MODEL, "decision_tree", opts, seed);
    amtest::fit(*m, s.train());
    return amtest::predict_proba(*m, s.test(), s.table.n_classes);
  };
  EXPECT_EQ(proba(1, "max_features = \"sqrt\""), proba(1, "max_features = \"sqrt\""));
  EXPECT_NE(proba(1, "max_features = \"sqrt\""), proba(2, "max_features = \"sqrt\""));
}

TEST(DecisionTree, SaveLoadRoundTrip) {
  expect_save_load_roundtrip("decision_tree", "max_depth = 8", digits(), true);
  expect_save_load_roundtrip("decision_tree", "min_samples_leaf = 5", diabetes(), false);
}

TEST(DecisionTree, RejectsBadOptions) {
  std::string e = create_error("decision_tree", "max_depth = -1");
  EXPECT_NE(e.find("max_depth"), std::string::npos) << e;
  e = create_error("decision_tree", "min_samples_split = 1");
  EXPECT_NE(e.find("min_samples_split"), std::string::npos) << e;
  e = create_error("decision_tree", "criterion = \"mse\"");
  EXPECT_NE(e.find("criterion"), std::string::npos) << e;
  auto reg = amtest::make(AMS_KIND_MODEL, "decision_tree", "class_weight = \"balanced\"");
  e = fit_error(*reg, diabetes().train());
  EXPECT_NE(e.find("classification only"), std::string::npos) << e;
}

TEST(DecisionTree, ThresholdSitsMidwayAcrossTheGapInTheNode) {
  // x0 splits first (it separates class 2 from the rest). In the x0 = 0 node, x1 is 0 (class
  // 0) or 10 (class 1): the gap there is (0, 10), though x1 takes every value 0..10 overall.
  // As in an exact tree (scikit-learn's), the threshold is 5, not the bin edge 0.5.
  amtest::Table t;
  t.n_features = 2;
  t.n_classes = 3;
  auto add = [&](double x0, double x1, double y) {
    t.X.push_back(x0);
    t.X.push_back(x1);
    t.y.push_back(y);
  };
  for (int i = 0; i < 5; ++i) {
    add(0, 0, 0);
    add(0, 10, 1);
  }
  for (int v = 1; v <= 9; ++v) add(1, v, 2);
  t.n_rows = static_cast<int64_t>(t.y.size());
  auto model = amtest::make(AMS_KIND_MODEL, "decision_tree");
  amtest::fit(*model, t.view());
  EXPECT_EQ(amtest::predict(*model, t.view()), t.y);
  amtest::Table q;
  q.n_features = 2;
  q.n_classes = 3;
  q.X = {0, 4, 0, 4.9, 0, 5.1, 0, 6};
  q.n_rows = 4;
  EXPECT_EQ(amtest::predict(*model, q.view()), (std::vector<double>{0, 0, 1, 1}));
}
