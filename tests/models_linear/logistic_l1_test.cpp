#include <cmath>
#include <cstring>
#include <random>

#include "logistic_regression/proximal_gradient.hpp"
#include "logistic_regression/softmax_objective.hpp"
#include "model_testing.hpp"
#include "scoring.hpp"

using namespace modeltest;

namespace {

// The raw-unit coefficients from logistic_regression's documented payload (version 1:
// u32 version, i32 n_features, i32 n_classes, vector coef, vector intercept).
std::vector<double> saved_coefficients(amtest::Object& model) {
  const auto bytes = save(model);
  size_t pos = sizeof(uint32_t) + 2 * sizeof(int32_t);
  uint64_t n = 0;
  std::memcpy(&n, bytes.data() + pos, sizeof n);
  pos += sizeof n;
  std::vector<double> coef(static_cast<size_t>(n));
  std::memcpy(coef.data(), bytes.data() + pos, sizeof(double) * coef.size());
  return coef;
}

size_t zeros(const std::vector<double>& v) {
  return static_cast<size_t>(std::count(v.begin(), v.end(), 0.0));
}

// Three classes driven by the first three of twelve features; the rest is noise.
amtest::Table few_informative_features(int n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0, 1);
  amtest::Table t;
  t.task = AMS_TASK_CLASSIFICATION;
  t.n_classes = 3;
  t.n_features = 12;
  t.n_rows = n;
  for (int i = 0; i < n; ++i) {
    const int c = i % 3;
    for (int j = 0; j < 12; ++j) t.X.push_back(g(rng) * (1 + j % 4) + (j == c ? 1.5 : 0.0));
    t.y.push_back(c);
  }
  return t;
}

}  // namespace

TEST(ProximalGradient, SolvesASeparableL1ProblemExactly) {
  // f(x) = 0.5 sum s_i (x_i - a_i)^2 + sum t_i |x_i| has x_i = soft(a_i, t_i / s_i).
  Eigen::VectorXd a(6), s(6), t(6);
  a << 3, -2, 0.1, -0.05, 1, 0;
  s << 1, 10, 2, 1, 50, 3;
  t << 0.5, 1, 0.5, 0.1, 0, 0.2;
  auto f = [&](const Eigen::VectorXd& x, Eigen::VectorXd& g) {
    g = s.cwiseProduct(x - a);
    return 0.5 * (x - a).cwiseProduct(s).dot(x - a);
  };
  Eigen::VectorXd x = Eigen::VectorXd::Zero(6);
  amslr::ProximalOptions opt;
  opt.max_iter = 5000;
  opt.gtol = 1e-12;
  EXPECT_TRUE(amslr::minimize_proximal(f, x, t, opt).converged);
  for (Eigen::Index i = 0; i < 6; ++i) {
    const double k = t[i] / s[i];
    const double expected = a[i] > k ? a[i] - k : (a[i] < -k ? a[i] + k : 0.0);
    EXPECT_NEAR(x[i], expected, 1e-10) << "entry " << i;
  }
}

TEST(LogisticRegressionL1, KktConditionsHoldAtTheSolution) {
  const amtest::Table t = few_informative_features(150, 3);
  amslr::RowMatrix X(t.n_rows, t.n_features);
  std::vector<int> y;
  for (int64_t i = 0; i < t.n_rows; ++i) {
    for (int64_t j = 0; j < t.n_features; ++j) X(i, j) = t.X[static_cast<size_t>(i * t.n_features + j)];
    y.push_back(static_cast<int>(t.y[static_cast<size_t>(i)]));
  }
  const Eigen::VectorXd w = Eigen::VectorXd::Ones(t.n_rows);
  const double C = 0.05, rho = 0.8, S = static_cast<double>(t.n_rows);
  amslr::SoftmaxObjective smooth(X, y, w, 3, C / (1 - rho), true);
  Eigen::VectorXd theta = Eigen::VectorXd::Zero(smooth.n_params()), l1 = Eigen::VectorXd::Zero(smooth.n_params());
  l1.head(3 * 12).setConstant(rho / (C * S));
  amslr::ProximalOptions opt;
  opt.max_iter = 20000;
  opt.gtol = 1e-9;
  ASSERT_TRUE(amslr::minimize_proximal(smooth, theta, l1, opt).converged);
  Eigen::VectorXd grad;
  smooth(theta, grad);
  size_t zero = 0;
  for (Eigen::Index i = 0; i < theta.size(); ++i) {
    if (theta[i] != 0) {
      EXPECT_NEAR(grad[i] + l1[i] * (theta[i] > 0 ? 1 : -1), 0.0, 1e-7) << "parameter " << i;
    } else {
      ++zero;
      EXPECT_LE(std::abs(grad[i]), l1[i] + 1e-7) << "parameter " << i;
    }
  }
  EXPECT_GT(zero, 10u) << "the noise features should be cut";
}

TEST(LogisticRegressionL1, SparsityGrowsAsCShrinks) {
  const amtest::Table t = few_informative_features(300, 5);
  size_t previous = 0;
  for (const char* C : {"10.0", "0.3", "0.05", "0.01", "0.001"}) {
    auto m = amtest::make(AMS_KIND_MODEL, "logistic_regression",
                          std::string("penalty = \"l1\"\nmax_iter = 3000\ntol = 1e-6\nC = ") + C);
    amtest::fit(*m, t.view());
    const size_t z = zeros(saved_coefficients(*m));
    EXPECT_GE(z, previous) << "C = " << C;
    previous = z;
  }
  EXPECT_EQ(previous, 36u) << "a tiny C must zero every coefficient";
}

TEST(LogisticRegressionL1, L2PenaltyIsNotSparseButL1Is) {
  const amtest::Table t = few_informative_features(300, 7);
  auto l2 = amtest::make(AMS_KIND_MODEL, "logistic_regression", "C = 0.05");
  auto l1 = amtest::make(AMS_KIND_MODEL, "logistic_regression", "penalty = \"l1\"\nC = 0.05\nmax_iter = 2000");
  auto en = amtest::make(AMS_KIND_MODEL, "logistic_regression",
                         "penalty = \"elasticnet\"\nl1_ratio = 0.5\nC = 0.05\nmax_iter = 2000");
  amtest::fit(*l2, t.view());
  amtest::fit(*l1, t.view());
  amtest::fit(*en, t.view());
  EXPECT_EQ(zeros(saved_coefficients(*l2)), 0u);
  EXPECT_GT(zeros(saved_coefficients(*l1)), zeros(saved_coefficients(*en)));
  EXPECT_GT(zeros(saved_coefficients(*en)), 0u);
}

TEST(LogisticRegressionL1, ProximalSolverAgreesWithLbfgsOnANearlyL2Penalty) {
  // l1_ratio = 1e-9 goes through the proximal solver, l2 through L-BFGS: two routes, one optimum.
  const Split s = iris();
  auto l2 = amtest::make(AMS_KIND_MODEL, "logistic_regression", "C = 2.0\ntol = 1e-9\nmax_iter = 5000");
  auto en = amtest::make(AMS_KIND_MODEL, "logistic_regression",
                         "penalty = \"elasticnet\"\nl1_ratio = 1e-9\nC = 2.0\ntol = 1e-7\nmax_iter = 20000");
  amtest::fit(*l2, s.train());
  amtest::fit(*en, s.train());
  const auto a = amtest::predict_proba(*l2, s.test(), 3), b = amtest::predict_proba(*en, s.test(), 3);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-6);
}

TEST(LogisticRegressionL1, IrisAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "logistic_regression", "penalty = \"l1\"\nC = 10.0\nmax_iter = 2000");
  EXPECT_GE(scored(*model, iris(), "model"), 0.9);
}

TEST(LogisticRegressionL1, SaveLoadRoundTrip) {
  expect_save_load_roundtrip("logistic_regression", "penalty = \"elasticnet\"\nl1_ratio = 0.3\nmax_iter = 500", iris(),
                             true);
}

TEST(LogisticRegressionL1, RejectsBadOptions) {
  std::string e = create_error("logistic_regression", "penalty = \"l3\"");
  EXPECT_NE(e.find("elasticnet"), std::string::npos) << e;
  e = create_error("logistic_regression", "penalty = \"elasticnet\"\nl1_ratio = -0.1");
  EXPECT_NE(e.find("l1_ratio"), std::string::npos) << e;
}
