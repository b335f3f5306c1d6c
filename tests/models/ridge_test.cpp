#include <Eigen/Dense>

#include <random>

#include "model_testing.hpp"

using namespace modeltest;

namespace {

// A small random regression problem held in a Table.
amtest::Table random_problem(int64_t n, int64_t d, uint64_t seed, bool weights, std::vector<double>& w) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0, 1);
  amtest::Table t;
  t.task = AMS_TASK_REGRESSION;
  t.n_rows = n;
  t.n_features = d;
  for (int64_t i = 0; i < n; ++i) {
    double y = 3.0;
    for (int64_t j = 0; j < d; ++j) {
      const double x = g(rng) * (j + 1) + j;
      t.X.push_back(x);
      y += (j % 2 ? -1.5 : 0.5) * x;
    }
    t.y.push_back(y + g(rng));
    w.push_back(weights ? 0.2 + std::uniform_real_distribution<double>(0, 2)(rng) : 1.0);
  }
  return t;
}

// Minimizes sum w (y - X b - c)^2 + alpha ||b||^2 through the augmented normal equations with
// an unpenalized intercept column, solved by QR (a different route than the plugin's).
Eigen::VectorXd reference_solution(const amtest::Table& t, const std::vector<double>& w, double alpha, bool intercept) {
  const int64_t n = t.n_rows, d = t.n_features, p = d + (intercept ? 1 : 0);
  Eigen::MatrixXd A(n, p);
  Eigen::VectorXd y(n);
  for (int64_t i = 0; i < n; ++i) {
    for (int64_t j = 0; j < d; ++j) A(i, j) = t.X[static_cast<size_t>(i * d + j)];
    if (intercept) A(i, d) = 1;
    y[i] = t.y[static_cast<size_t>(i)];
  }
  const Eigen::VectorXd wv = Eigen::Map<const Eigen::VectorXd>(w.data(), n);
  Eigen::MatrixXd lhs = A.transpose() * wv.asDiagonal() * A;
  for (int64_t j = 0; j < d; ++j) lhs(j, j) += alpha;
  const Eigen::VectorXd rhs = A.transpose() * wv.asDiagonal() * y;
  return lhs.colPivHouseholderQr().solve(rhs);
}

void expect_matches_reference(double alpha, bool intercept, bool weighted) {
  std::vector<double> w;
  amtest::Table t = random_problem(60, 5, 11, weighted, w);
  const Eigen::VectorXd beta = reference_solution(t, w, alpha, intercept);
  auto model = amtest::make(AMS_KIND_MODEL, "ridge",
                            "alpha = " + std::to_string(alpha) + "\nfit_intercept = " + (intercept ? "true" : "false"));
  ams_dataset train = t.view();
  if (weighted) train.sample_weight = w.data();
  amtest::fit(*model, train);
  const auto pred = amtest::predict(*model, t.view());
  for (int64_t i = 0; i < t.n_rows; ++i) {
    double expected = intercept ? beta[t.n_features] : 0.0;
    for (int64_t j = 0; j < t.n_features; ++j) expected += beta[j] * t.X[static_cast<size_t>(i * t.n_features + j)];
    EXPECT_NEAR(pred[static_cast<size_t>(i)], expected, 1e-8 * std::max(1.0, std::abs(expected))) << "row " << i;
  }
}

}  // namespace

TEST(Ridge, MatchesNormalEquationsWithIntercept) { expect_matches_reference(0.7, true, false); }
TEST(Ridge, MatchesNormalEquationsWithoutIntercept) { expect_matches_reference(2.5, false, false); }
TEST(Ridge, MatchesWeightedNormalEquations) { expect_matches_reference(0.3, true, true); }
TEST(Ridge, AlphaZeroIsOrdinaryLeastSquares) { expect_matches_reference(0.0, true, true); }

TEST(Ridge, DiabetesR2Floor) {
  const Split s = diabetes();
  auto model = amtest::make(AMS_KIND_MODEL, "ridge", "alpha = 1.0");
  EXPECT_GE(fit_and_score(*model, s), 0.35);
}

TEST(Ridge, SaveLoadRoundTrip) { expect_save_load_roundtrip("ridge", "alpha = 0.1", diabetes(), false); }

TEST(Ridge, RejectsNegativeAlpha) {
  const std::string e = create_error("ridge", "alpha = -1.0");
  EXPECT_NE(e.find("alpha"), std::string::npos) << e;
  EXPECT_NE(e.find(">= 0"), std::string::npos) << e;
}

TEST(Ridge, RejectsClassificationData) {
  const Split s = iris();
  auto model = amtest::make(AMS_KIND_MODEL, "ridge");
  const std::string e = fit_error(*model, s.train());
  EXPECT_NE(e.find("regression only"), std::string::npos) << e;
}
