#include <Eigen/Dense>

#include <cmath>
#include <random>

#include "lasso/coordinate_descent.hpp"
#include "model_testing.hpp"
#include "scoring.hpp"

using namespace modeltest;

namespace {

struct Fitted {
  double intercept = 0;
  std::vector<double> coef;
};

// Reads a linear model's intercept and raw coefficients back through predict: at 0 and at
// each unit vector.
Fitted read_coefficients(amtest::Object& model, int64_t d) {
  amtest::Table probe;
  probe.task = AMS_TASK_REGRESSION;
  probe.n_rows = d + 1;
  probe.n_features = d;
  probe.X.assign(static_cast<size_t>((d + 1) * d), 0.0);
  probe.y.assign(static_cast<size_t>(d + 1), 0.0);
  for (int64_t j = 0; j < d; ++j) probe.X[static_cast<size_t>((j + 1) * d + j)] = 1.0;
  const auto p = amtest::predict(model, probe.view());
  Fitted f;
  f.intercept = p[0];
  for (int64_t j = 0; j < d; ++j) f.coef.push_back(p[static_cast<size_t>(j + 1)] - p[0]);
  return f;
}

amtest::Table to_table(const Eigen::MatrixXd& X, const Eigen::VectorXd& y) {
  amtest::Table t;
  t.task = AMS_TASK_REGRESSION;
  t.n_rows = X.rows();
  t.n_features = X.cols();
  for (Eigen::Index i = 0; i < X.rows(); ++i) {
    for (Eigen::Index j = 0; j < X.cols(); ++j) t.X.push_back(X(i, j));
    t.y.push_back(y[i]);
  }
  return t;
}

// n rows, d columns with (1/n) X'X = I, every column orthogonal to the constant column.
Eigen::MatrixXd orthonormal_design(int n, int d, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0, 1);
  Eigen::MatrixXd A(n, d + 1);
  for (int i = 0; i < n; ++i) {
    A(i, 0) = 1;
    for (int j = 1; j <= d; ++j) A(i, j) = g(rng);
  }
  Eigen::HouseholderQR<Eigen::MatrixXd> qr(A);
  const Eigen::MatrixXd Q = qr.householderQ() * Eigen::MatrixXd::Identity(n, d + 1);
  return std::sqrt(static_cast<double>(n)) * Q.rightCols(d);
}

double soft(double z, double t) { return z > t ? z - t : (z < -t ? z + t : 0.0); }

// With an orthonormal design the elastic net separates per coordinate:
// b_j = soft(x_j.y / n, alpha rho) / (1 + alpha (1 - rho)).
void expect_soft_thresholding(const std::string& model_name, double alpha, double l1_ratio, bool intercept) {
  const int n = 60, d = 6;
  const Eigen::MatrixXd X = orthonormal_design(n, d, 21);
  Eigen::VectorXd beta(d);
  beta << 3, -2, 0.5, 0, 0.05, -0.2;
  std::mt19937_64 rng(4);
  std::normal_distribution<double> g(0, 0.3);
  Eigen::VectorXd y = X * beta;
  for (int i = 0; i < n; ++i) y[i] += 4.0 + g(rng);
  const amtest::Table t = to_table(X, y);

  std::string opts = "alpha = " + std::to_string(alpha) + "\ntol = 1e-12\nmax_iter = 10000\nfit_intercept = " +
                     (intercept ? "true" : "false");
  if (model_name == "elastic_net") opts += "\nl1_ratio = " + std::to_string(l1_ratio);
  auto model = amtest::make(AMS_KIND_MODEL, model_name, opts);
  amtest::fit(*model, t.view());
  const Fitted f = read_coefficients(*model, d);
  int zeros = 0;
  for (int j = 0; j < d; ++j) {
    const double z = X.col(j).dot(y) / n;
    const double expected = soft(z, alpha * l1_ratio) / (1 + alpha * (1 - l1_ratio));
    zeros += expected == 0;
    EXPECT_NEAR(f.coef[static_cast<size_t>(j)], expected, 1e-6) << model_name << " coefficient " << j;
  }
  if (l1_ratio > 0) {
    EXPECT_GE(zeros, 2) << "the test problem should have exactly-zero coefficients";
  }
  EXPECT_NEAR(f.intercept, intercept ? y.mean() : 0.0, 1e-6);
}

struct WeightedProblem {
  Eigen::MatrixXd X;
  Eigen::VectorXd y, w;
};

// Correlated columns of different scales, a sparse truth and uneven weights.
WeightedProblem weighted_problem(int n, int d, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0, 1);
  std::uniform_real_distribution<double> u(0.2, 3.0);
  WeightedProblem p{Eigen::MatrixXd(n, d), Eigen::VectorXd(n), Eigen::VectorXd(n)};
  for (int i = 0; i < n; ++i) {
    const double common = g(rng);
    double y = 1.5;
    for (int j = 0; j < d; ++j) {
      p.X(i, j) = (0.6 * common + g(rng)) * (1 + j) + 0.5 * j;
      if (j % 3 == 0) y += (j % 2 ? -1.0 : 1.0) * p.X(i, j) / (1 + j);
    }
    p.y[i] = y + 0.5 * g(rng);
    p.w[i] = u(rng);
  }
  return p;
}

}  // namespace

TEST(Lasso, OrthonormalDesignIsSoftThresholdingWithIntercept) { expect_soft_thresholding("lasso", 0.3, 1.0, true); }
TEST(Lasso, OrthonormalDesignIsSoftThresholdingWithoutIntercept) {
  expect_soft_thresholding("lasso", 0.3, 1.0, false);
}
TEST(ElasticNet, OrthonormalDesignIsScaledSoftThresholding) {
  expect_soft_thresholding("elastic_net", 0.4, 0.6, true);
}
TEST(ElasticNet, L1RatioZeroIsRidge) { expect_soft_thresholding("elastic_net", 0.5, 0.0, true); }

TEST(ElasticNet, KktConditionsHoldAtTheWeightedSolution) {
  const int n = 90, d = 8;
  const WeightedProblem p = weighted_problem(n, d, 13);
  const double alpha = 0.08, rho = 0.7;
  const amtest::Table t = to_table(p.X, p.y);
  ams_dataset train = t.view();
  train.sample_weight = p.w.data();
  auto model = amtest::make(AMS_KIND_MODEL, "elastic_net",
                            "alpha = 0.08\nl1_ratio = 0.7\ntol = 1e-14\nmax_iter = 100000");
  amtest::fit(*model, train);
  const Fitted f = read_coefficients(*model, d);
  const Eigen::VectorXd b = Eigen::Map<const Eigen::VectorXd>(f.coef.data(), d);
  const Eigen::VectorXd r = (p.y - p.X * b).array() - f.intercept;
  const double S = p.w.sum();
  // The intercept is unpenalized: weighted residuals sum to zero.
  EXPECT_NEAR(p.w.dot(r) / S, 0.0, 1e-8);
  int active = 0;
  for (int j = 0; j < d; ++j) {
    // Gradient of the smooth part; the L1 subgradient must cancel it.
    const double grad = -p.w.cwiseProduct(p.X.col(j)).dot(r) / S + alpha * (1 - rho) * b[j];
    if (b[j] != 0) {
      ++active;
      EXPECT_NEAR(grad + alpha * rho * (b[j] > 0 ? 1 : -1), 0.0, 1e-6) << "active coefficient " << j;
    } else {
      EXPECT_LE(std::abs(grad), alpha * rho + 1e-6) << "zero coefficient " << j;
    }
  }
  EXPECT_GT(active, 0);
  EXPECT_LT(active, d) << "alpha should leave some coefficients at exactly zero";
}

TEST(Lasso, AlphaAboveAlphaMaxZeroesEverything) {
  const int n = 70, d = 5;
  const WeightedProblem p = weighted_problem(n, d, 5);
  const amtest::Table t = to_table(p.X, p.y);
  // alpha_max = max_j |x_j . (y - mean y)| / n: the smallest alpha with an all-zero solution.
  const Eigen::MatrixXd Xc = p.X.rowwise() - p.X.colwise().mean();
  const double alpha_max = (Xc.transpose() * (p.y.array() - p.y.mean()).matrix()).lpNorm<Eigen::Infinity>() / n;
  auto above = amtest::make(AMS_KIND_MODEL, "lasso", "alpha = " + std::to_string(alpha_max * 1.01));
  amtest::fit(*above, t.view());
  const Fitted fa = read_coefficients(*above, d);
  for (double c : fa.coef) EXPECT_EQ(c, 0.0);
  EXPECT_NEAR(fa.intercept, p.y.mean(), 1e-9);
  auto below = amtest::make(AMS_KIND_MODEL, "lasso", "alpha = " + std::to_string(alpha_max * 0.9));
  amtest::fit(*below, t.view());
  const Fitted fb = read_coefficients(*below, d);
  EXPECT_EQ(std::count_if(fb.coef.begin(), fb.coef.end(), [](double c) { return c != 0; }), 1);
}

TEST(Lasso, SparsityGrowsWithAlpha) {
  const Split s = diabetes();
  size_t previous = 11;
  for (double alpha : {0.01, 0.5, 2.0, 8.0}) {
    auto m = amtest::make(AMS_KIND_MODEL, "lasso", "standardize = true\nalpha = " + std::to_string(alpha));
    amtest::fit(*m, s.train());
    const Fitted f = read_coefficients(*m, s.table.n_features);
    const auto nonzero = static_cast<size_t>(std::count_if(f.coef.begin(), f.coef.end(), [](double c) { return c != 0; }));
    EXPECT_LE(nonzero, previous) << "alpha " << alpha;
    previous = nonzero;
  }
  EXPECT_LT(previous, 5u);
}

TEST(Lasso, StandardizeEqualsFittingOnStandardizedColumns) {
  const int n = 80, d = 6;
  const WeightedProblem p = weighted_problem(n, d, 8);
  const Eigen::RowVectorXd mean = p.X.colwise().mean();
  const Eigen::MatrixXd Xc = p.X.rowwise() - mean;
  const Eigen::RowVectorXd sd = (Xc.colwise().squaredNorm() / n).cwiseSqrt();
  const Eigen::MatrixXd Z = Xc.array().rowwise() / sd.array();
  const amtest::Table raw = to_table(p.X, p.y), standardized = to_table(Z, p.y);
  auto a = amtest::make(AMS_KIND_MODEL, "lasso", "alpha = 0.1\nstandardize = true\ntol = 1e-12\nmax_iter = 100000");
  auto b = amtest::make(AMS_KIND_MODEL, "lasso", "alpha = 0.1\ntol = 1e-12\nmax_iter = 100000");
  amtest::fit(*a, raw.view());
  amtest::fit(*b, standardized.view());
  const auto pa = amtest::predict(*a, raw.view()), pb = amtest::predict(*b, standardized.view());
  for (size_t i = 0; i < pa.size(); ++i) EXPECT_NEAR(pa[i], pb[i], 1e-7) << "row " << i;
}

TEST(Lasso, WeightTwoEqualsADuplicatedRow) {
  const Split s = diabetes();
  std::vector<double> w(static_cast<size_t>(s.table.n_rows), 1.0);
  std::vector<int64_t> rows_dup = s.train_rows;
  for (size_t i = 0; i < s.train_rows.size(); i += 4) {
    w[static_cast<size_t>(s.train_rows[i])] = 2.0;
    rows_dup.push_back(s.train_rows[i]);
  }
  const std::string opts = "alpha = 0.3\nstandardize = true\ntol = 1e-12\nmax_iter = 100000";
  auto weighted = amtest::make(AMS_KIND_MODEL, "lasso", opts);
  auto duplicated = amtest::make(AMS_KIND_MODEL, "lasso", opts);
  ams_dataset train_w = s.train();
  train_w.sample_weight = w.data();
  amtest::fit(*weighted, train_w);
  amtest::fit(*duplicated, s.table.view(rows_dup));
  const auto a = amtest::predict(*weighted, s.test()), b = amtest::predict(*duplicated, s.test());
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-6 * std::max(1.0, std::abs(a[i])));
}

TEST(Lasso, DiabetesR2Floor) {
  auto raw = amtest::make(AMS_KIND_MODEL, "lasso", "alpha = 0.1");
  EXPECT_GE(scored(*raw, diabetes(), "raw"), 0.4);
  auto standardized = amtest::make(AMS_KIND_MODEL, "lasso", "alpha = 0.5\nstandardize = true");
  EXPECT_GE(scored(*standardized, diabetes(), "standardized"), 0.4);
}

TEST(ElasticNet, DiabetesR2Floor) {
  auto model = amtest::make(AMS_KIND_MODEL, "elastic_net", "alpha = 0.05\nl1_ratio = 0.5\nstandardize = true");
  EXPECT_GE(scored(*model, diabetes(), "model"), 0.4);
}

TEST(Lasso, FitIsDeterministic) {
  const Split s = diabetes();
  auto a = amtest::make(AMS_KIND_MODEL, "elastic_net", "alpha = 0.2", 1);
  auto b = amtest::make(AMS_KIND_MODEL, "elastic_net", "alpha = 0.2", 99);
  amtest::fit(*a, s.train());
  amtest::fit(*b, s.train());
  EXPECT_EQ(amtest::predict(*a, s.test()), amtest::predict(*b, s.test()));
}

TEST(Lasso, DualityGapVanishesAtTheSolverOptimum) {
  const WeightedProblem p = weighted_problem(50, 7, 3);
  const Eigen::MatrixXd X = (p.X.rowwise() - p.X.colwise().mean()) / std::sqrt(50.0);
  const Eigen::VectorXd y = (p.y.array() - p.y.mean()) / std::sqrt(50.0);
  amslasso::CdOptions opt;
  opt.l1 = 0.05;
  opt.l2 = 0.02;
  opt.tol = 1e-14;
  opt.max_iter = 100000;
  Eigen::VectorXd b = Eigen::VectorXd::Zero(7);
  const Eigen::VectorXd r0 = y;
  const double gap_at_zero = amslasso::duality_gap(X, y, b, r0, opt.l1, opt.l2);
  const auto result = amslasso::coordinate_descent(X, y, b, opt);
  EXPECT_TRUE(result.converged);
  EXPECT_GT(gap_at_zero, 1e-3);
  EXPECT_LT(amslasso::duality_gap(X, y, b, y - X * b, opt.l1, opt.l2), 1e-14 * y.squaredNorm());
}

TEST(Lasso, SaveLoadRoundTrip) {
  expect_save_load_roundtrip("lasso", "alpha = 0.2", diabetes(), false);
  expect_save_load_roundtrip("elastic_net", "alpha = 0.2\nl1_ratio = 0.3\nstandardize = true", diabetes(), false);
}

TEST(Lasso, RejectsBadOptions) {
  std::string e = create_error("lasso", "alpha = -1.0");
  EXPECT_NE(e.find("alpha"), std::string::npos) << e;
  EXPECT_NE(e.find(">= 0"), std::string::npos) << e;
  e = create_error("elastic_net", "l1_ratio = 1.5");
  EXPECT_NE(e.find("l1_ratio"), std::string::npos) << e;
  EXPECT_NE(e.find("between 0 and 1"), std::string::npos) << e;
  e = create_error("lasso", "tol = 0.0");
  EXPECT_NE(e.find("tol"), std::string::npos) << e;
  e = create_error("elastic_net", "max_iter = 0");
  EXPECT_NE(e.find("max_iter"), std::string::npos) << e;
  e = create_error("lasso", "standardize = \"yes\"");
  EXPECT_NE(e.find("true or false"), std::string::npos) << e;
}

TEST(Lasso, RejectsClassificationDataAndNaN) {
  auto model = amtest::make(AMS_KIND_MODEL, "lasso");
  std::string e = fit_error(*model, iris().train());
  EXPECT_NE(e.find("regression only"), std::string::npos) << e;
  Split s = diabetes();
  s.table.X[3] = std::nan("");
  e = fit_error(*model, s.table.view());
  EXPECT_NE(e.find("NaN"), std::string::npos) << e;
}
