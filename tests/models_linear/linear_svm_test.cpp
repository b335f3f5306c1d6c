#include <cmath>
#include <cstring>
#include <random>

#include "linear_svm/dual_coordinate_descent.hpp"
#include "model_testing.hpp"
#include "scoring.hpp"

using namespace modeltest;

namespace {

struct BinaryProblem {
  std::vector<double> X, y, cost;  // X row-major n x d, last column the constant 1
  size_t n = 0, d = 0;
};

// Two overlapping Gaussian clouds, so some rows end up inside the margin.
BinaryProblem binary_problem(size_t n, size_t features, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<double> g(0, 1);
  std::uniform_real_distribution<double> u(0.5, 2.0);
  BinaryProblem p;
  p.n = n;
  p.d = features + 1;
  for (size_t i = 0; i < n; ++i) {
    const double label = i % 2 ? 1.0 : -1.0;
    for (size_t j = 0; j < features; ++j) p.X.push_back(g(rng) + 0.8 * label * (j == 0 ? 1 : 0.5));
    p.X.push_back(1.0);
    p.y.push_back(label);
    p.cost.push_back(0.7 * u(rng));
  }
  return p;
}

double margin(const BinaryProblem& p, const std::vector<double>& w, size_t i) {
  double s = 0;
  for (size_t j = 0; j < p.d; ++j) s += w[j] * p.X[i * p.d + j];
  return p.y[i] * s;
}

}  // namespace

TEST(LinearSvm, SquaredHingeSolutionHasZeroPrimalGradient) {
  // Primal: 0.5 ||w||^2 + sum C_i max(0, 1 - m_i)^2 is differentiable; its gradient
  // w - sum 2 C_i max(0, 1 - m_i) y_i x_i must vanish at the solution.
  const BinaryProblem p = binary_problem(120, 3, 2);
  amssvm::DcdOptions opt;
  opt.tol = 1e-10;
  opt.max_iter = 100000;
  std::vector<double> w;
  const auto r = amssvm::dual_coordinate_descent(p.X, p.n, p.d, p.y, p.cost, opt, w);
  EXPECT_TRUE(r.converged);
  std::vector<double> grad = w;
  for (size_t i = 0; i < p.n; ++i) {
    const double slack = std::max(0.0, 1 - margin(p, w, i));
    for (size_t j = 0; j < p.d; ++j) grad[j] -= 2 * p.cost[i] * slack * p.y[i] * p.X[i * p.d + j];
  }
  for (size_t j = 0; j < p.d; ++j) EXPECT_NEAR(grad[j], 0.0, 1e-7) << "component " << j;
}

TEST(LinearSvm, HingeSolutionSatisfiesTheDualConditions) {
  // The hinge primal is not differentiable, so optimality is checked directly: no small step
  // along any coordinate lowers 0.5 ||w||^2 + sum C_i max(0, 1 - m_i).
  const BinaryProblem p = binary_problem(100, 2, 6);
  amssvm::DcdOptions opt;
  opt.loss = amssvm::Loss::hinge;
  opt.tol = 1e-10;
  opt.max_iter = 200000;
  std::vector<double> w;
  EXPECT_TRUE(amssvm::dual_coordinate_descent(p.X, p.n, p.d, p.y, p.cost, opt, w).converged);
  auto objective = [&](const std::vector<double>& v) {
    double f = 0;
    for (double x : v) f += 0.5 * x * x;
    for (size_t i = 0; i < p.n; ++i) f += p.cost[i] * std::max(0.0, 1 - margin(p, v, i));
    return f;
  };
  const double best = objective(w);
  for (size_t j = 0; j < p.d; ++j)
    for (double h : {-1e-4, 1e-4}) {
      std::vector<double> v = w;
      v[j] += h;
      EXPECT_GE(objective(v), best - 1e-9) << "component " << j << " step " << h;
    }
}

TEST(LinearSvm, IrisAccuracyFloor) {
  // One-vs-rest cannot cut versicolor from the rest with one hyperplane, so linear SVMs stay
  // near 0.9 on this 30-row test part (27 of 30 at C = 1 for both losses).
  auto model = amtest::make(AMS_KIND_MODEL, "linear_svm", "C = 0.1");
  EXPECT_GE(scored(*model, iris(), "model"), 0.9);
  auto hinge = amtest::make(AMS_KIND_MODEL, "linear_svm", "C = 1.0\nloss = \"hinge\"");
  EXPECT_GE(scored(*hinge, iris(), "hinge"), 0.86);
}

TEST(LinearSvm, DigitsAccuracyFloor) {
  auto model = amtest::make(AMS_KIND_MODEL, "linear_svm", "C = 0.05");
  EXPECT_GE(scored(*model, digits(), "model"), 0.93);
}

TEST(LinearSvm, SeparatesASeparableBinaryProblem) {
  amtest::Table t;
  t.task = AMS_TASK_CLASSIFICATION;
  t.n_classes = 2;
  t.n_features = 2;
  std::mt19937_64 rng(1);
  std::uniform_real_distribution<double> u(-1, 1);
  for (int i = 0; i < 200; ++i) {
    const double a = 100 * u(rng), b = 0.01 * u(rng);  // very different column scales
    if (std::abs(a / 100 + b / 0.01) < 0.1) continue;
    t.X.push_back(a);
    t.X.push_back(b);
    t.y.push_back(a / 100 + b / 0.01 > 0 ? 1 : 0);
    ++t.n_rows;
  }
  auto model = amtest::make(AMS_KIND_MODEL, "linear_svm", "C = 100.0\nmax_iter = 10000");
  amtest::fit(*model, t.view());
  EXPECT_EQ(amtest::accuracy(t.y, amtest::predict(*model, t.view())), 1.0);
}

TEST(LinearSvm, BalancedClassWeightFavoursTheRareClass) {
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
    auto m = amtest::make(AMS_KIND_MODEL, "linear_svm", opts);
    amtest::fit(*m, t.view());
    double n = 0;
    for (double p : amtest::predict(*m, t.view())) n += p;
    return n;
  };
  EXPECT_GT(count_rare("class_weight = \"balanced\""), count_rare("class_weight = \"none\"") + 50);
}

TEST(LinearSvm, SameSeedSameModel) {
  const Split s = digits();
  auto a = amtest::make(AMS_KIND_MODEL, "linear_svm", "C = 0.05", 5);
  auto b = amtest::make(AMS_KIND_MODEL, "linear_svm", "C = 0.05", 5);
  amtest::fit(*a, s.train());
  amtest::fit(*b, s.train());
  EXPECT_EQ(amtest::predict(*a, s.test()), amtest::predict(*b, s.test()));
  EXPECT_EQ(save(*a), save(*b));
}

TEST(LinearSvm, WeightTwoEqualsADuplicatedRow) {
  // Cost C * w_i and a duplicated row give the same primal problem and the same standardization.
  const Split s = iris();
  std::vector<double> w(static_cast<size_t>(s.table.n_rows), 1.0);
  std::vector<int64_t> rows_dup = s.train_rows;
  for (size_t i = 0; i < s.train_rows.size(); i += 3) {
    w[static_cast<size_t>(s.train_rows[i])] = 2.0;
    rows_dup.push_back(s.train_rows[i]);
  }
  const std::string opts = "C = 0.5\ntol = 1e-9\nmax_iter = 200000";
  auto weighted = amtest::make(AMS_KIND_MODEL, "linear_svm", opts);
  auto duplicated = amtest::make(AMS_KIND_MODEL, "linear_svm", opts);
  ams_dataset train_w = s.train();
  train_w.sample_weight = w.data();
  amtest::fit(*weighted, train_w);
  amtest::fit(*duplicated, s.table.view(rows_dup));
  // Payload version 1: u32 version, i32 n_features, i32 n_classes, vector coef, vector intercept.
  auto parameters = [](amtest::Object& m) {
    const auto bytes = save(m);
    std::vector<double> v((bytes.size() - 12 - 16) / sizeof(double));
    size_t pos = 12, out = 0;
    for (int part = 0; part < 2; ++part) {
      uint64_t n = 0;
      std::memcpy(&n, bytes.data() + pos, sizeof n);
      pos += sizeof n;
      std::memcpy(v.data() + out, bytes.data() + pos, n * sizeof(double));
      pos += n * sizeof(double);
      out += n;
    }
    return v;
  };
  const auto a = parameters(*weighted), b = parameters(*duplicated);
  ASSERT_EQ(a.size(), 3u * 4u + 3u);
  for (size_t i = 0; i < a.size(); ++i) EXPECT_NEAR(a[i], b[i], 1e-6 * std::max(1.0, std::abs(a[i]))) << i;
}

TEST(LinearSvm, SaveLoadRoundTrip) {
  expect_save_load_roundtrip("linear_svm", "C = 0.5", iris(), false);
  expect_save_load_roundtrip("linear_svm", "C = 0.5\nloss = \"hinge\"\nfit_intercept = false", iris(), false);
}

TEST(LinearSvm, HasNoProbabilities) {
  auto model = amtest::make(AMS_KIND_MODEL, "linear_svm");
  EXPECT_EQ(model->component.model.capabilities & AMS_MODEL_PROBA, 0u);
  EXPECT_EQ(model->component.model.predict_proba, nullptr);
}

TEST(LinearSvm, RejectsBadOptions) {
  std::string e = create_error("linear_svm", "C = -2.0");
  EXPECT_NE(e.find("must be a finite number > 0"), std::string::npos) << e;
  e = create_error("linear_svm", "loss = \"log\"");
  EXPECT_NE(e.find("squared_hinge"), std::string::npos) << e;
  e = create_error("linear_svm", "class_weight = \"auto\"");
  EXPECT_NE(e.find("balanced"), std::string::npos) << e;
  e = create_error("linear_svm", "tol = -1.0");
  EXPECT_NE(e.find("tol"), std::string::npos) << e;
  e = create_error("linear_svm", "intercept_scaling = 0.0");
  EXPECT_NE(e.find("intercept_scaling"), std::string::npos) << e;
}

TEST(LinearSvm, RejectsRegressionData) {
  auto model = amtest::make(AMS_KIND_MODEL, "linear_svm");
  const std::string e = fit_error(*model, diabetes().train());
  EXPECT_NE(e.find("classification only"), std::string::npos) << e;
}
