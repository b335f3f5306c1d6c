#include "models/model_testing.hpp"

using namespace modeltest;

TEST(ExtraTrees, DigitsIrisAccuracyFloors) {
  auto model = amtest::make(AMS_KIND_MODEL, "extra_trees", "n_estimators = 100");
  EXPECT_GE(fit_and_score(*model, digits()), 0.95);
  auto small = amtest::make(AMS_KIND_MODEL, "extra_trees", "n_estimators = 50");
  EXPECT_GE(fit_and_score(*small, iris()), 0.9);
}

TEST(ExtraTrees, DiabetesR2Floor) {
  auto model = amtest::make(AMS_KIND_MODEL, "extra_trees", "n_estimators = 100\nmin_samples_leaf = 5");
  EXPECT_GE(fit_and_score(*model, diabetes()), 0.35);
}

TEST(ExtraTrees, ThresholdsAreRandomNotTheBestBoundary) {
  // One feature 0..99, label x > 41: the best split is at 41.5; one random-threshold stump
  // (max_depth 1) lands elsewhere for most seeds.
  amtest::Table t;
  t.n_features = 1;
  t.n_classes = 2;
  for (int i = 0; i < 100; ++i) {
    t.X.push_back(i);
    t.y.push_back(i > 41 ? 1.0 : 0.0);
  }
  t.n_rows = 100;
  int exact = 0;
  for (uint64_t seed = 1; seed <= 10; ++seed) {
    auto m = amtest::make(AMS_KIND_MODEL, "extra_trees", "n_estimators = 1\nmax_depth = 1", seed);
    amtest::fit(*m, t.view());
    exact += amtest::accuracy(t.y, amtest::predict(*m, t.view())) == 1.0;
  }
  EXPECT_LT(exact, 5);
  // Grown fully, the random cuts still separate the training data.
  auto full = amtest::make(AMS_KIND_MODEL, "extra_trees", "n_estimators = 5");
  amtest::fit(*full, t.view());
  EXPECT_EQ(amtest::predict(*full, t.view()), t.y);
}

TEST(ExtraTrees, SameSeedSameModelAcrossThreads) {
  const Split s = digits();
  auto proba = [&](uint64_t seed, const std::string& opts) {
    auto m = amtest::make(AMS_KIND_MODEL, "extra_trees", opts, seed);
    amtest::fit(*m, s.train());
    return amtest::predict_proba(*m, s.test(), s.table.n_classes);
  };
  const auto a = proba(3, "n_estimators = 10");
  EXPECT_EQ(a, proba(3, "n_estimators = 10\nn_jobs = 2"));
  EXPECT_NE(a, proba(4, "n_estimators = 10"));
}

TEST(ExtraTrees, BudgetGrowsThatShareOfTheTrees) {
  const Split s = diabetes();
  auto partial = amtest::make(AMS_KIND_MODEL, "extra_trees", "n_estimators = 40");
  partial->context->budget = 0.25;
  amtest::fit(*partial, s.train());
  auto ten = amtest::make(AMS_KIND_MODEL, "extra_trees", "n_estimators = 10");
  amtest::fit(*ten, s.train());
  EXPECT_EQ(amtest::predict(*partial, s.test()), amtest::predict(*ten, s.test()));
}

TEST(ExtraTrees, SaveLoadRoundTrip) {
  expect_save_load_roundtrip("extra_trees", "n_estimators = 10", digits(), true);
  expect_save_load_roundtrip("extra_trees", "n_estimators = 10\nbootstrap = true", diabetes(), false);
}

TEST(ExtraTrees, RejectsBadOptions) {
  std::string e = create_error("extra_trees", "n_estimators = 0");
  EXPECT_NE(e.find("n_estimators"), std::string::npos) << e;
  e = create_error("extra_trees", "max_features = \"most\"");
  EXPECT_NE(e.find("max_features"), std::string::npos) << e;
  e = create_error("extra_trees", "max_bins = 1");
  EXPECT_NE(e.find("max_bins"), std::string::npos) << e;
}
