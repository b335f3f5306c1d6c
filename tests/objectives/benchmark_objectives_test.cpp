// Benchmark objectives: the value at each known minimizer equals the published optimum.
#include <gtest/gtest.h>

#include <cmath>
#include <numbers>
#include <sstream>
#include <string>
#include <vector>

#include "support/harness.hpp"

namespace {

struct Evaluation {
  ams_status status;
  double value;
  std::string error;
};

// Evaluates at x, giving the point as options x0, x1, ... (by_name) or only as the trial vector.
Evaluation evaluate(amtest::Object& obj, const std::vector<double>& x, bool by_name = true,
                    uint64_t trial_seed = 1) {
  ams_context trial_ctx;
  std::ostringstream toml;
  toml.precision(17);
  if (by_name)
    for (size_t i = 0; i < x.size(); ++i) toml << "x" << i << " = " << std::showpoint << x[i] << "\n";
  trial_ctx.options = toml::parse(toml.str());
  trial_ctx.seed = trial_seed;
  ams_trial trial{};
  trial.struct_size = sizeof trial;
  trial.n_params = static_cast<int32_t>(x.size());
  trial.values = x.data();
  trial.budget = 1;
  Evaluation e{0, std::nan(""), ""};
  e.status = obj.component.objective.evaluate(obj.self, &trial_ctx, &trial, &e.value);
  e.error = trial_ctx.take_error();
  return e;
}

double value_at(amtest::Object& obj, const std::vector<double>& x) {
  Evaluation e = evaluate(obj, x);
  EXPECT_EQ(e.status, AMS_OK) << e.error;
  return e.value;
}

double optimum_of(amtest::Object& obj) {
  double v = std::nan("");
  EXPECT_EQ(obj.component.objective.optimum(obj.self, &v), AMS_OK);
  return v;
}

const ams_space* space_of(amtest::Object& obj) {
  const ams_space* s = nullptr;
  EXPECT_EQ(obj.component.objective.default_space(obj.self, &s), AMS_OK);
  return s;
}

}  // namespace

TEST(Benchmarks, BraninAtItsThreeMinimizers) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "branin");
  const double pi = std::numbers::pi;
  EXPECT_NEAR(optimum_of(*obj), 0.397887, 1e-6);
  for (auto x : std::vector<std::vector<double>>{{-pi, 12.275}, {pi, 2.275}, {3 * pi, 2.475}})
    EXPECT_NEAR(value_at(*obj, x), optimum_of(*obj), 1e-9);
  EXPECT_GT(value_at(*obj, {0, 0}), 1.0);
  const ams_space* s = space_of(*obj);
  ASSERT_EQ(s->n_params, 2);
  EXPECT_STREQ(s->params[0]->name, "x0");
  EXPECT_EQ(s->params[0]->low, -5);
  EXPECT_EQ(s->params[1]->high, 15);
  EXPECT_EQ(obj->component.objective.direction, AMS_MINIMIZE);
}

TEST(Benchmarks, Hartmann6AtItsMinimizer) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "hartmann6");
  EXPECT_NEAR(optimum_of(*obj), -3.32237, 1e-5);
  EXPECT_NEAR(value_at(*obj, {0.20169, 0.150011, 0.476874, 0.275332, 0.311652, 0.6573}), -3.32237, 1e-5);
  EXPECT_GT(value_at(*obj, {0.5, 0.5, 0.5, 0.5, 0.5, 0.5}), -3.32237 + 0.1);
  EXPECT_EQ(space_of(*obj)->n_params, 6);
}

TEST(Benchmarks, RosenbrockDims) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "rosenbrock");
  EXPECT_EQ(space_of(*obj)->n_params, 5);
  EXPECT_EQ(value_at(*obj, {1, 1, 1, 1, 1}), 0.0);
  EXPECT_EQ(optimum_of(*obj), 0.0);
  EXPECT_EQ(value_at(*obj, {0, 0, 0, 0, 0}), 4.0);  // (1 - 0)^2 per term
  auto three = amtest::make(AMS_KIND_OBJECTIVE, "rosenbrock", "dims = 3");
  const ams_space* s = space_of(*three);
  ASSERT_EQ(s->n_params, 3);
  EXPECT_EQ(s->params[2]->low, -5);
  EXPECT_EQ(s->params[2]->high, 10);
  EXPECT_EQ(value_at(*three, {1, 1, 1}), 0.0);
  EXPECT_THROW(amtest::make(AMS_KIND_OBJECTIVE, "rosenbrock", "dims = 1"), std::runtime_error);
}

TEST(Benchmarks, AckleyWithShiftedOptimum) {
  auto centred = amtest::make(AMS_KIND_OBJECTIVE, "ackley");
  EXPECT_NEAR(value_at(*centred, std::vector<double>(5, 0.0)), 0.0, 1e-12);
  auto shifted = amtest::make(AMS_KIND_OBJECTIVE, "ackley", "dims = 3\nshift = 2.5");
  EXPECT_NEAR(value_at(*shifted, {2.5, 2.5, 2.5}), 0.0, 1e-12);
  EXPECT_GT(value_at(*shifted, {0, 0, 0}), 5.0);
  EXPECT_EQ(optimum_of(*shifted), 0.0);
  EXPECT_THROW(amtest::make(AMS_KIND_OBJECTIVE, "ackley", "shift = 40"), std::runtime_error);
}

TEST(Benchmarks, Sphere) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "sphere", "dims = 2");
  EXPECT_EQ(value_at(*obj, {0, 0}), 0.0);
  EXPECT_EQ(value_at(*obj, {3, -4}), 25.0);
}

TEST(Benchmarks, ReadsTheTrialVectorWhenNamesDiffer) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "branin");
  Evaluation e = evaluate(*obj, {std::numbers::pi, 2.275}, false);
  ASSERT_EQ(e.status, AMS_OK) << e.error;
  EXPECT_NEAR(e.value, 0.397887, 1e-6);
  // Neither names nor the right count: a clear error.
  Evaluation bad = evaluate(*obj, {1, 2, 3}, false);
  EXPECT_EQ(bad.status, AMS_ERR_INVALID);
  EXPECT_EQ(bad.error, "needs 2 parameters named x0 .. x1, the trial has 3 with other names");
}

TEST(Benchmarks, NoiseIsSeededPerTrial) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "sphere", "dims = 2\nnoise = 0.5");
  auto at = [&](uint64_t seed) { return evaluate(*obj, {1, 1}, true, seed).value; };
  EXPECT_EQ(at(3), at(3));
  EXPECT_NE(at(3), at(4));
  double sum = 0, sq = 0;
  const int n = 4000;
  for (int s = 0; s < n; ++s) {
    double v = at(static_cast<uint64_t>(s) + 100) - 2.0;
    sum += v;
    sq += v * v;
  }
  EXPECT_NEAR(sum / n, 0.0, 0.05);
  EXPECT_NEAR(std::sqrt(sq / n), 0.5, 0.03);
  EXPECT_THROW(amtest::make(AMS_KIND_OBJECTIVE, "sphere", "noise = -1"), std::runtime_error);
}
