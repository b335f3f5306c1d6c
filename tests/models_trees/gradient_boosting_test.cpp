#include <cmath>

#include "models/model_testing.hpp"

using namespace modeltest;

namespace {

// Reports a model sends during fit; optionally asks it to stop at a step.
struct Recorder {
  std::vector<double> values;
  int64_t stop_at = -1;
  void attach(amtest::Object& m) {
    m.context->on_report = [this](int64_t step, double value) {
      values.push_back(value);
      return step == stop_at ? AMS_STOP : AMS_OK;
    };
  }
};

// Binary problem: class = x0 + x1 > 1 on a grid with a noise feature.
amtest::Table easy_binary(int n) {
  amtest::Table t;
  t.n_features = 3;
  t.n_classes = 2;
  for (int i = 0; i < n; ++i) {
    const double a = (i % 37) / 36.0, b = ((i * 17) % 41) / 40.0;
    t.X.insert(t.X.end(), {a, b, static_cast<double>((i * 31) % 7)});
    t.y.push_back(a + b > 1 ? 1.0 : 0.0);
  }
  t.n_rows = n;
  return t;
}

}  // namespace

TEST(GradientBoosting, DigitsAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "gradient_boosting");
  EXPECT_GE(fit_and_score(*model, digits()), 0.95);
}

TEST(GradientBoosting, DepthwiseWithSubsamplingOnDigits) {
  auto model = amtest::make(AMS_KIND_MODEL, "gradient_boosting",
                            "grow_policy = \"depthwise\"\nmax_depth = 4\nmax_leaves = 0\nsubsample = 0.8\n"
                            "colsample_bytree = 0.5\nl2_regularization = 1.0");
  EXPECT_GE(fit_and_score(*model, digits()), 0.93);
}

TEST(GradientBoosting, IrisAccuracyFloor) {
  // This fixed split is a hard one: random_forest scores 0.9 on it.
  auto model = amtest::make(AMS_KIND_MODEL, "gradient_boosting", "n_estimators = 50\nmin_samples_leaf = 5");
  EXPECT_GE(fit_and_score(*model, iris()), 0.85);
}

TEST(GradientBoosting, DiabetesR2Floor) {
  auto model = amtest::make(AMS_KIND_MODEL, "gradient_boosting",
                            "learning_rate = 0.05\nmax_leaves = 8\nn_estimators = 100");
  EXPECT_GE(fit_and_score(*model, diabetes()), 0.35);
}

TEST(GradientBoosting, BinaryProbabilitiesAreCalibratedEnough) {
  const amtest::Table t = easy_binary(2000);
  auto model = amtest::make(AMS_KIND_MODEL, "gradient_boosting", "early_stopping = false");
  amtest::fit(*model, t.view());
  const auto pred = amtest::predict(*model, t.view());
  EXPECT_GE(amtest::accuracy(t.y, pred), 0.97);
  const auto proba = amtest::predict_proba(*model, t.view(), 2);
  for (size_t i = 0; i < pred.size(); ++i) {
    EXPECT_NEAR(proba[2 * i] + proba[2 * i + 1], 1.0, 1e-12);
    EXPECT_EQ(pred[i], proba[2 * i + 1] > 0.5 ? 1.0 : 0.0);
  }
}

TEST(GradientBoosting, TrainingLossDecreasesEveryRound) {
  for (const char* data : {"diabetes", "iris", "binary"}) {
    Recorder rec;
    auto model = amtest::make(AMS_KIND_MODEL, "gradient_boosting", "n_estimators = 60\nearly_stopping = false");
    rec.attach(*model);
    const amtest::Table binary = easy_binary(500);
    if (std::string(data) == "diabetes") amtest::fit(*model, diabetes().train());
    else if (std::string(data) == "iris") amtest::fit(*model, iris().train());
    else amtest::fit(*model, binary.view());
    ASSERT_EQ(rec.values.size(), 60u) << data;
    for (size_t i = 1; i < rec.values.size(); ++i) EXPECT_LT(rec.values[i], rec.values[i - 1]) << data << " round " << i;
  }
}

TEST(GradientBoosting, EarlyStoppingStopsBeforeTheLastRound) {
  const amtest::Table t = easy_binary(3000);
  Recorder held_out;
  auto model = amtest::make(AMS_KIND_MODEL, "gradient_boosting",
                            "n_estimators = 2000\nlearning_rate = 0.5\nearly_stopping = true\nn_iter_no_change = 5");
  held_out.attach(*model);
  amtest::fit(*model, t.view());
  EXPECT_GT(held_out.values.size(), 5u);
  EXPECT_LT(held_out.values.size(), 2000u);

  // The `valid` argument turns early stopping on ("auto") and is what gets reported.
  const amtest::Table v = easy_binary(600);
  Recorder given;
  auto with_valid = amtest::make(AMS_KIND_MODEL, "gradient_boosting", "n_estimators = 2000\nlearning_rate = 0.5");
  given.attach(*with_valid);
  const ams_dataset vv = v.view();
  amtest::fit(*with_valid, t.view(), &vv);
  EXPECT_LT(given.values.size(), 2000u);
  EXPECT_GE(amtest::accuracy(v.y, amtest::predict(*with_valid, v.view())), 0.95);
}

TEST(GradientBoosting, StopsWhenTheHostSaysSo) {
  Recorder rec;
  rec.stop_at = 3;
  auto model = amtest::make(AMS_KIND_MODEL, "gradient_boosting", "early_stopping = false");
  rec.attach(*model);
  const std::string e = fit_error(*model, iris().train());
  EXPECT_FALSE(e.empty());
  EXPECT_EQ(rec.values.size(), 3u);
}

TEST(GradientBoosting, SameSeedSameModelOtherSeedOtherModel) {
  const Split s = digits();
  const char* opts = "n_estimators = 20\nsubsample = 0.7\ncolsample_bytree = 0.5";
  auto proba = [&](uint64_t seed) {
    auto m = amtest::make(AMS_KIND_MODEL, "gradient_boosting", opts, seed);
    amtest::fit(*m, s.train());
    return amtest::predict_proba(*m, s.test(), s.table.n_classes);
  };
  const auto a = proba(5);
  EXPECT_EQ(a, proba(5));
  EXPECT_NE(a, proba(6));
}

TEST(GradientBoosting, BudgetBoostsThatShareOfTheRounds) {
  const Split s = diabetes();
  auto partial = amtest::make(AMS_KIND_MODEL, "gradient_boosting", "n_estimators = 40");
  partial->context->budget = 0.25;
  amtest::fit(*partial, s.train());
  auto ten = amtest::make(AMS_KIND_MODEL, "gradient_boosting", "n_estimators = 10");
  amtest::fit(*ten, s.train());
  EXPECT_EQ(amtest::predict(*partial, s.test()), amtest::predict(*ten, s.test()));
}

TEST(GradientBoosting, IntegerWeightsEqualRepeatedRows) {
  // Features with fewer distinct values than bins (so repeating rows cannot move a bin edge)
  // and an irregular target (so no two splits tie and summation order cannot flip a choice):
  // weight 2 and a repeated row must then give the same trees up to rounding.
  Split s;
  s.table.task = AMS_TASK_REGRESSION;
  s.table.n_features = 3;
  s.table.n_rows = 400;
  for (int i = 0; i < 400; ++i) {
    const double a = (i * 37) % 101, b = (i * 53) % 89, c = (i * 11) % 7;
    s.table.X.insert(s.table.X.end(), {a, b, c});
    s.table.y.push_back(std::sin(a / 9.0) * 3 + std::sqrt(b) + 0.1 * c + 0.01 * ((i * 7919) % 113));
  }
  amtest::split_rows(400, 0.25, 3, s.train_rows, s.test_rows);
  std::vector<int64_t> repeated;
  std::vector<double> w(static_cast<size_t>(s.table.n_rows), 1.0);
  for (size_t i = 0; i < s.train_rows.size(); ++i) {
    repeated.push_back(s.train_rows[i]);
    if (i % 3 == 0) {
      repeated.push_back(s.train_rows[i]);
      w[static_cast<size_t>(s.train_rows[i])] = 2.0;
    }
  }
  // Few rounds: later rounds fit tiny residuals where near-ties can flip on rounding.
  const char* opts = "n_estimators = 5\nmin_samples_leaf = 1\nearly_stopping = false";
  auto weighted = amtest::make(AMS_KIND_MODEL, "gradient_boosting", opts);
  ams_dataset d = s.train();
  d.sample_weight = w.data();
  amtest::fit(*weighted, d);
  auto copies = amtest::make(AMS_KIND_MODEL, "gradient_boosting", opts);
  amtest::fit(*copies, s.table.view(repeated));
  const auto a = amtest::predict(*weighted, s.test()), b = amtest::predict(*copies, s.test());
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-9 * (1 + std::abs(a[i])));
  // And the weights matter: unweighted training gives another model.
  auto plain = amtest::make(AMS_KIND_MODEL, "gradient_boosting", opts);
  amtest::fit(*plain, s.train());
  EXPECT_NE(amtest::predict(*plain, s.test()), a);
}

TEST(GradientBoosting, SaveLoadRoundTrip) {
  expect_save_load_roundtrip("gradient_boosting", "n_estimators = 20", digits(), true);
  expect_save_load_roundtrip("gradient_boosting", "n_estimators = 20", iris(), true);
  expect_save_load_roundtrip("gradient_boosting", "n_estimators = 20\ngrow_policy = \"depthwise\"\nmax_depth = 3",
                             diabetes(), false);
}

TEST(GradientBoosting, RejectsBadOptions) {
  for (const char* bad : {"learning_rate = 0", "max_leaves = 1", "subsample = 0", "colsample_bytree = 1.5",
                          "grow_policy = \"best\"", "early_stopping = \"maybe\"", "validation_fraction = 1",
                          "n_iter_no_change = 0", "max_bins = 300", "l2_regularization = -1", "n_estimators = 0",
                          "loss = \"hinge\""}) {
    const std::string e = create_error("gradient_boosting", bad);
    const std::string key(bad, std::string(bad).find(' '));
    EXPECT_NE(e.find(key), std::string::npos) << bad << " -> " << e;
  }
  EXPECT_NE(create_error("gradient_boosting", "n_estimators = 5\nmax_iter = 5").find("only one"), std::string::npos);
  auto wrong_loss = amtest::make(AMS_KIND_MODEL, "gradient_boosting", "loss = \"log_loss\"");
  const std::string e = fit_error(*wrong_loss, diabetes().train());
  EXPECT_NE(e.find("squared_error"), std::string::npos) << e;
}

TEST(GradientBoosting, RejectsMissingValuesAndBadTargets) {
  amtest::Table t = easy_binary(100);
  t.X[3 * 17 + 1] = std::nan("");
  auto model = amtest::make(AMS_KIND_MODEL, "gradient_boosting");
  std::string e = fit_error(*model, t.view());
  EXPECT_NE(e.find("row 17"), std::string::npos) << e;
  t = easy_binary(100);
  t.y[5] = 2;
  e = fit_error(*model, t.view());
  EXPECT_NE(e.find("row 5"), std::string::npos) << e;
}
