#include <cmath>
#include <random>

#include "model_testing.hpp"
#include "scoring.hpp"

using namespace modeltest;

namespace {

constexpr double kPi = 3.14159265358979323846;

// Three classes in two features with different spreads per class.
amtest::Table three_clouds(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0, 1);
  amtest::Table t;
  t.task = AMS_TASK_CLASSIFICATION;
  t.n_classes = 3;
  t.n_features = 2;
  t.n_rows = n;
  for (int i = 0; i < n; ++i) {
    const int c = i % 3 == 2 && i % 2 ? 1 : i % 3;  // uneven class sizes
    t.X.push_back(2.0 * c + (1 + c) * 0.6 * g(rng));
    t.X.push_back(-1.0 * c + 0.8 * g(rng));
    t.y.push_back(c);
  }
  return t;
}

}  // namespace

TEST(NaiveBayes, ProbabilitiesMatchAHandComputedGaussianModel) {
  const amtest::Table t = three_clouds(90, 4);
  auto model = amtest::make(AMS_KIND_MODEL, "naive_bayes", "var_smoothing = 0.0");
  amtest::fit(*model, t.view());
  const auto proba = amtest::predict_proba(*model, t.view(), 3);
  // Reference: class frequencies, per-class means and (biased) variances, Bayes' rule.
  std::vector<double> count(3, 0), mean(6, 0), var(6, 0);
  for (int i = 0; i < t.n_rows; ++i) {
    const auto c = static_cast<size_t>(t.y[static_cast<size_t>(i)]);
    count[c] += 1;
    for (size_t j = 0; j < 2; ++j) mean[c * 2 + j] += t.X[static_cast<size_t>(i) * 2 + j];
  }
  for (size_t k = 0; k < 6; ++k) mean[k] /= count[k / 2];
  for (int i = 0; i < t.n_rows; ++i) {
    const auto c = static_cast<size_t>(t.y[static_cast<size_t>(i)]);
    for (size_t j = 0; j < 2; ++j) {
      const double e = t.X[static_cast<size_t>(i) * 2 + j] - mean[c * 2 + j];
      var[c * 2 + j] += e * e;
    }
  }
  for (size_t k = 0; k < 6; ++k) var[k] /= count[k / 2];
  for (int i = 0; i < t.n_rows; ++i) {
    double joint[3], sum = 0;
    for (size_t c = 0; c < 3; ++c) {
      joint[c] = count[c] / static_cast<double>(t.n_rows);
      for (size_t j = 0; j < 2; ++j) {
        const double e = t.X[static_cast<size_t>(i) * 2 + j] - mean[c * 2 + j];
        joint[c] *= std::exp(-e * e / (2 * var[c * 2 + j])) / std::sqrt(2 * kPi * var[c * 2 + j]);
      }
      sum += joint[c];
    }
    for (size_t c = 0; c < 3; ++c)
      EXPECT_NEAR(proba[static_cast<size_t>(i) * 3 + c], joint[c] / sum, 1e-12) << "row " << i << " class " << c;
  }
}

TEST(NaiveBayes, FarAwayPointsStillGetProbabilities) {
  // Every density underflows to 0 here; log-sum-exp must still give a distribution.
  const amtest::Table t = three_clouds(60, 2);
  auto model = amtest::make(AMS_KIND_MODEL, "naive_bayes");
  amtest::fit(*model, t.view());
  amtest::Table far = t;
  for (double& x : far.X) x = x * 1e3 + 1e5;
  const auto proba = amtest::predict_proba(*model, far.view(), 3);
  for (int i = 0; i < far.n_rows; ++i) {
    double sum = 0;
    for (size_t c = 0; c < 3; ++c) {
      ASSERT_TRUE(std::isfinite(proba[static_cast<size_t>(i) * 3 + c]));
      sum += proba[static_cast<size_t>(i) * 3 + c];
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
  }
}

TEST(NaiveBayes, IrisAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "naive_bayes");
  EXPECT_GE(scored(*model, iris(), "model"), 0.9);
}

TEST(NaiveBayes, DigitsAccuracyFloor) {
  // Digits has constant pixels; var_smoothing keeps their density finite.
  auto model = amtest::make(AMS_KIND_MODEL, "naive_bayes");
  EXPECT_GE(scored(*model, digits(), "model"), 0.75);
}

TEST(NaiveBayes, ProbabilitiesSumToOneAndAgreeWithPredict) {
  const Split s = digits();
  auto model = amtest::make(AMS_KIND_MODEL, "naive_bayes");
  amtest::fit(*model, s.train());
  const auto proba = amtest::predict_proba(*model, s.test(), s.table.n_classes);
  const auto pred = amtest::predict(*model, s.test());
  const size_t k = static_cast<size_t>(s.table.n_classes);
  for (size_t i = 0; i < pred.size(); ++i) {
    double sum = 0;
    size_t best = 0;
    for (size_t c = 0; c < k; ++c) {
      sum += proba[i * k + c];
      if (proba[i * k + c] > proba[i * k + best]) best = c;
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
    EXPECT_EQ(static_cast<double>(best), pred[i]);
  }
}

TEST(NaiveBayes, GivenPriorsShiftPredictions) {
  const amtest::Table t = three_clouds(150, 8);
  auto count_class0 = [&](const std::string& opts) {
    auto m = amtest::make(AMS_KIND_MODEL, "naive_bayes", opts);
    amtest::fit(*m, t.view());
    double n = 0;
    for (double p : amtest::predict(*m, t.view())) n += p == 0;
    return n;
  };
  EXPECT_GT(count_class0("priors = [0.98, 0.01, 0.01]"), count_class0("") + 5);
  EXPECT_LT(count_class0("priors = [0.0, 0.5, 0.5]"), 1);
}

TEST(NaiveBayes, WeightTwoEqualsADuplicatedRow) {
  const Split s = iris();
  std::vector<double> w(static_cast<size_t>(s.table.n_rows), 1.0);
  std::vector<int64_t> rows_dup = s.train_rows;
  for (size_t i = 0; i < s.train_rows.size(); i += 3) {
    w[static_cast<size_t>(s.train_rows[i])] = 2.0;
    rows_dup.push_back(s.train_rows[i]);
  }
  auto weighted = amtest::make(AMS_KIND_MODEL, "naive_bayes");
  auto duplicated = amtest::make(AMS_KIND_MODEL, "naive_bayes");
  ams_dataset train_w = s.train();
  train_w.sample_weight = w.data();
  amtest::fit(*weighted, train_w);
  amtest::fit(*duplicated, s.table.view(rows_dup));
  const auto a = amtest::predict_proba(*weighted, s.test(), 3), b = amtest::predict_proba(*duplicated, s.test(), 3);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-10);
}

TEST(NaiveBayes, AClassMissingFromTheTrainingRowsIsNeverPredicted) {
  const Split s = iris();
  std::vector<int64_t> rows;
  for (int64_t r : s.train_rows)
    if (s.table.y[static_cast<size_t>(r)] != 1) rows.push_back(r);
  auto model = amtest::make(AMS_KIND_MODEL, "naive_bayes");
  amtest::fit(*model, s.table.view(rows));
  const auto proba = amtest::predict_proba(*model, s.test(), 3);
  for (size_t i = 0; i < proba.size(); i += 3) EXPECT_EQ(proba[i + 1], 0.0);
  for (double p : amtest::predict(*model, s.test())) EXPECT_NE(p, 1.0);
}

TEST(NaiveBayes, FitIsDeterministic) {
  const Split s = digits();
  auto a = amtest::make(AMS_KIND_MODEL, "naive_bayes", "", 1);
  auto b = amtest::make(AMS_KIND_MODEL, "naive_bayes", "", 2);
  amtest::fit(*a, s.train());
  amtest::fit(*b, s.train());
  EXPECT_EQ(save(*a), save(*b));
}

TEST(NaiveBayes, SaveLoadRoundTrip) { expect_save_load_roundtrip("naive_bayes", "var_smoothing = 1e-6", digits(), true); }

TEST(NaiveBayes, RejectsBadOptions) {
  std::string e = create_error("naive_bayes", "var_smoothing = -1.0");
  EXPECT_NE(e.find("var_smoothing"), std::string::npos) << e;
  EXPECT_NE(e.find(">= 0"), std::string::npos) << e;
  e = create_error("naive_bayes", "priors = [0.5, 0.6]");
  EXPECT_NE(e.find("sum to 1"), std::string::npos) << e;
  e = create_error("naive_bayes", "priors = [1.5, -0.5]");
  EXPECT_NE(e.find("priors[1]"), std::string::npos) << e;
  auto model = amtest::make(AMS_KIND_MODEL, "naive_bayes", "priors = [0.5, 0.5]");
  e = fit_error(*model, iris().train());
  EXPECT_NE(e.find("3 classes"), std::string::npos) << e;
  auto zero = amtest::make(AMS_KIND_MODEL, "naive_bayes", "priors = [0.0, 0.0, 1.0]");
  const Split s = iris();
  std::vector<int64_t> rows;
  for (int64_t r : s.train_rows)
    if (s.table.y[static_cast<size_t>(r)] != 2) rows.push_back(r);
  e = fit_error(*zero, s.table.view(rows));
  EXPECT_NE(e.find("no class can be predicted"), std::string::npos) << e;
}

TEST(NaiveBayes, RejectsRegressionData) {
  auto model = amtest::make(AMS_KIND_MODEL, "naive_bayes");
  const std::string e = fit_error(*model, diabetes().train());
  EXPECT_NE(e.find("classification only"), std::string::npos) << e;
}
