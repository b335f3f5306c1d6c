#include <random>

#include "logistic_regression/lbfgs.hpp"
#include "logistic_regression/softmax_objective.hpp"
#include "model_testing.hpp"

using namespace modeltest;

namespace {

struct SmallProblem {
  amslr::RowMatrix X;
  std::vector<int> y;
  Eigen::VectorXd w;
};

SmallProblem small_problem(int n, int d, int k, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0, 1);
  SmallProblem p{amslr::RowMatrix(n, d), std::vector<int>(static_cast<size_t>(n)), Eigen::VectorXd(n)};
  for (int i = 0; i < n; ++i) {
    p.y[static_cast<size_t>(i)] = i % k;
    for (int j = 0; j < d; ++j) p.X(i, j) = g(rng) + (j == i % k ? 1.5 : 0.0);
    p.w[i] = 0.5 + (i % 3);
  }
  return p;
}

}  // namespace

TEST(LogisticRegression, GradientMatchesFiniteDifferences) {
  for (bool intercept : {true, false}) {
    const SmallProblem p = small_problem(30, 4, 3, 5);
    amslr::SoftmaxObjective f(p.X, p.y, p.w, 3, 0.8, intercept);
    std::mt19937_64 rng(9);
    std::normal_distribution<double> g(0, 0.7);
    Eigen::VectorXd theta(f.n_params()), grad, scratch;
    for (Eigen::Index i = 0; i < theta.size(); ++i) theta[i] = g(rng);
    f(theta, grad);
    for (Eigen::Index i = 0; i < theta.size(); ++i) {
      const double h = 1e-6;
      Eigen::VectorXd up = theta, down = theta;
      up[i] += h;
      down[i] -= h;
      const double numeric = (f(up, scratch) - f(down, scratch)) / (2 * h);
      EXPECT_NEAR(grad[i], numeric, 1e-7) << "parameter " << i << (intercept ? " with" : " without") << " intercept";
    }
  }
}

TEST(LogisticRegression, LbfgsReachesTheMinimumOfAQuadratic) {
  Eigen::VectorXd x = Eigen::VectorXd::Zero(6), target(6);
  target << 1, -2, 3, 0.5, -0.25, 10;
  auto f = [&](const Eigen::VectorXd& v, Eigen::VectorXd& grad) {
    Eigen::VectorXd scale = Eigen::VectorXd::LinSpaced(6, 1, 100);  // ill-conditioned
    grad = scale.cwiseProduct(v - target);
    return 0.5 * (v - target).cwiseProduct(scale).dot(v - target);
  };
  amslr::LbfgsOptions opt;
  opt.max_iter = 200;
  opt.gtol = 1e-10;
  const auto r = amslr::minimize_lbfgs(f, x, opt);
  EXPECT_TRUE(r.converged);
  EXPECT_LT((x - target).lpNorm<Eigen::Infinity>(), 1e-9);
}

TEST(LogisticRegression, IrisAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "logistic_regression", "C = 10.0");
  EXPECT_GE(fit_and_score(*model, iris()), 0.9);
}

TEST(LogisticRegression, DigitsAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "logistic_regression", "C = 0.1\nmax_iter = 300");
  EXPECT_GE(fit_and_score(*model, digits()), 0.93);
}

TEST(LogisticRegression, ProbabilitiesSumToOneAndAgreeWithPredict) {
  const Split s = digits();
  auto model = amtest::make(AMS_KIND_MODEL, "logistic_regression");
  amtest::fit(*model, s.train());
  const auto proba = amtest::predict_proba(*model, s.test(), s.table.n_classes);
  const auto pred = amtest::predict(*model, s.test());
  const size_t k = static_cast<size_t>(s.table.n_classes);
  for (size_t i = 0; i < pred.size(); ++i) {
    double sum = 0;
    size_t best = 0;
    for (size_t c = 0; c < k; ++c) {
      EXPECT_GE(proba[i * k + c], 0.0);
      sum += proba[i * k + c];
      if (proba[i * k + c] > proba[i * k + best]) best = c;
    }
    EXPECT_NEAR(sum, 1.0, 1e-12);
    EXPECT_EQ(static_cast<double>(best), pred[i]);
  }
}

TEST(LogisticRegression, WeightTwoEqualsADuplicatedRow) {
  const Split s = iris();
  amtest::Table doubled = s.table;
  std::vector<double> w(static_cast<size_t>(s.table.n_rows), 1.0);
  std::vector<int64_t> rows_dup = s.train_rows;
  for (size_t i = 0; i < s.train_rows.size(); i += 3) {
    w[static_cast<size_t>(s.train_rows[i])] = 2.0;
    rows_dup.push_back(s.train_rows[i]);
  }
  const std::string opts = "C = 3.0\ntol = 1e-10\nmax_iter = 2000";
  auto weighted = amtest::make(AMS_KIND_MODEL, "logistic_regression", opts);
  auto duplicated = amtest::make(AMS_KIND_MODEL, "logistic_regression", opts);
  ams_dataset train_w = s.train();
  train_w.sample_weight = w.data();
  amtest::fit(*weighted, train_w);
  amtest::fit(*duplicated, s.table.view(rows_dup));
  const auto a = amtest::predict_proba(*weighted, s.test(), 3), b = amtest::predict_proba(*duplicated, s.test(), 3);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-6);
}

TEST(LogisticRegression, BalancedClassWeightFavoursTheRareClass) {
  // Two overlapping classes, 9:1; balanced weights must predict the rare class more often.
  std::mt19937_64 rng(3);
  std::normal_distribution<double> g(0, 1);
  amtest::Table t;
  t.task = AMS_TASK_CLASSIFICATION;
  t.n_classes = 2;
  t.n_features = 2;
  for (int i = 0; i < 500; ++i) {
    const int c = i % 10 == 0 ? 1 : 0;
    t.X.push_back(g(rng) + c);
    t.X.push_back(g(rng) - c);
    t.y.push_back(c);
  }
  t.n_rows = 500;
  auto count_rare = [&](const std::string& opts) {
    auto m = amtest::make(AMS_KIND_MODEL, "logistic_regression", opts);
    amtest::fit(*m, t.view());
    double n = 0;
    for (double p : amtest::predict(*m, t.view())) n += p;
    return n;
  };
  EXPECT_GT(count_rare("class_weight = \"balanced\""), count_rare("class_weight = \"none\"") + 50);
}

TEST(LogisticRegression, SaveLoadRoundTrip) { expect_save_load_roundtrip("logistic_regression", "C = 2.0", iris(), true); }

TEST(LogisticRegression, RejectsBadOptions) {
  std::string e = create_error("logistic_regression", "C = 0.0");
  EXPECT_NE(e.find("must be a finite number > 0"), std::string::npos) << e;
  e = create_error("logistic_regression", "class_weight = \"balance\"");
  EXPECT_NE(e.find("balanced"), std::string::npos) << e;
  e = create_error("logistic_regression", "max_iter = 0");
  EXPECT_NE(e.find("max_iter"), std::string::npos) << e;
}

TEST(LogisticRegression, RejectsRegressionData) {
  auto model = amtest::make(AMS_KIND_MODEL, "logistic_regression");
  const std::string e = fit_error(*model, diabetes().train());
  EXPECT_NE(e.find("classification only"), std::string::npos) << e;
}
