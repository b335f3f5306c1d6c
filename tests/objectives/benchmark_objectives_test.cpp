// Benchmark objectives: the value at each known minimizer equals the published optimum, a point
// away from it is worse, and mixed-type points are read and checked.
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

TEST(Benchmarks, Hartmann3AtItsMinimizer) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "hartmann3");
  EXPECT_NEAR(optimum_of(*obj), -3.86278, 1e-5);
  EXPECT_NEAR(value_at(*obj, {0.114614, 0.555649, 0.852547}), -3.86278, 1e-5);
  EXPECT_GT(value_at(*obj, {0.5, 0.5, 0.5}), -3.86278 + 0.5);
  const ams_space* s = space_of(*obj);
  ASSERT_EQ(s->n_params, 3);
  EXPECT_EQ(s->params[2]->low, 0);
  EXPECT_EQ(s->params[2]->high, 1);
}

TEST(Benchmarks, LevyInAnyDimension) {
  for (int d : {1, 2, 7}) {
    auto obj = amtest::make(AMS_KIND_OBJECTIVE, "levy", "dims = " + std::to_string(d));
    ASSERT_EQ(space_of(*obj)->n_params, d);
    EXPECT_EQ(space_of(*obj)->params[0]->low, -10);
    EXPECT_EQ(optimum_of(*obj), 0.0);
    EXPECT_NEAR(value_at(*obj, std::vector<double>(size_t(d), 1.0)), 0.0, 1e-12);
    EXPECT_GT(value_at(*obj, std::vector<double>(size_t(d), 0.0)), 0.1);
  }
  // w = 1 + (x - 1) / 4 at x = -3 is 0, so sin^2(pi w) = 0 there: check a term that is not.
  auto one = amtest::make(AMS_KIND_OBJECTIVE, "levy", "dims = 1");
  EXPECT_NEAR(value_at(*one, {-3}), 1.0, 1e-12);  // (w - 1)^2 (1 + sin^2(0)) = 1
}

TEST(Benchmarks, RastriginInAnyDimension) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "rastrigin", "dims = 4");
  ASSERT_EQ(space_of(*obj)->n_params, 4);
  EXPECT_EQ(space_of(*obj)->params[3]->high, 5.12);
  EXPECT_EQ(optimum_of(*obj), 0.0);
  EXPECT_NEAR(value_at(*obj, {0, 0, 0, 0}), 0.0, 1e-12);
  // A local minimum one unit away on one axis costs about 1 (x^2 - 10 cos(2 pi x) + 10 = 1).
  EXPECT_NEAR(value_at(*obj, {1, 0, 0, 0}), 1.0, 1e-12);
  EXPECT_NEAR(value_at(*obj, {0.5, 0, 0, 0}), 20.25, 1e-12);
}

TEST(Benchmarks, StyblinskiTangOptimumScalesWithDimension) {
  for (int d : {1, 3, 10}) {
    auto obj = amtest::make(AMS_KIND_OBJECTIVE, "styblinski_tang", "dims = " + std::to_string(d));
    EXPECT_NEAR(optimum_of(*obj), -39.16617 * d, 1e-5 * d);
    EXPECT_NEAR(value_at(*obj, std::vector<double>(size_t(d), -2.903534)), optimum_of(*obj), 1e-6 * d);
    // The other basin (x = 2.7468) is a local minimum, about 14.14 per dimension worse.
    EXPECT_NEAR(value_at(*obj, std::vector<double>(size_t(d), 2.746803)), -25.0294 * d, 1e-3 * d);
    EXPECT_EQ(space_of(*obj)->params[0]->low, -5);
  }
}

TEST(Benchmarks, MixedQuadraticSpaceAndOptimum) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "mixed_quadratic");
  const ams_space* s = space_of(*obj);
  ASSERT_EQ(s->n_params, 6);
  EXPECT_EQ(s->params[0]->type, AMS_PARAM_FLOAT);
  EXPECT_EQ(s->params[3]->type, AMS_PARAM_INT);
  EXPECT_EQ(s->params[3]->step, 1);
  EXPECT_EQ(s->params[4]->low, -10);
  const ams_param& c = *s->params[5];
  EXPECT_EQ(c.type, AMS_PARAM_CATEGORICAL);
  ASSERT_EQ(c.n_choices, 3);
  EXPECT_STREQ(c.choices[1], "green");
  EXPECT_EQ(c.high, 2);
  EXPECT_EQ(optimum_of(*obj), 0.0);

  const std::vector<double> best{1.5, -2.25, 3.0, 3, -7, 1};
  EXPECT_EQ(value_at(*obj, best), 0.0);
  std::vector<double> red = best, blue = best, int_off = best;
  red[5] = 0;
  blue[5] = 2;
  int_off[4] = -5;
  EXPECT_EQ(value_at(*obj, red), 2.0);
  EXPECT_EQ(value_at(*obj, blue), 5.0);
  EXPECT_EQ(value_at(*obj, int_off), 4.0);
}

TEST(Benchmarks, MixedQuadraticReadsChoiceLabelsAndRejectsBadValues) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "mixed_quadratic");
  auto run = [&](const std::string& options, const std::vector<double>& x) {
    ams_context trial_ctx;
    trial_ctx.options = toml::parse(options);
    ams_trial trial{};
    trial.struct_size = sizeof trial;
    trial.n_params = static_cast<int32_t>(x.size());
    trial.values = x.data();
    Evaluation e{0, std::nan(""), ""};
    e.status = obj->component.objective.evaluate(obj->self, &trial_ctx, &trial, &e.value);
    e.error = trial_ctx.take_error();
    return e;
  };
  // How the host writes a trial: integers as integers, a choice as its label.
  const std::string base = "x0 = 1.5\nx1 = -2.25\nx2 = 3.0\nx3 = 3\nx4 = -7\n";
  Evaluation blue = run(base + "x5 = \"blue\"", {});
  ASSERT_EQ(blue.status, AMS_OK) << blue.error;
  EXPECT_EQ(blue.value, 5.0);
  Evaluation unknown = run(base + "x5 = \"purple\"", {});
  EXPECT_EQ(unknown.status, AMS_ERR_INVALID);
  EXPECT_EQ(unknown.error, "parameter x5 = \"purple\" is not one of its choices (red, green, blue)");
  Evaluation fractional = run("", {1.5, -2.25, 3.0, 3.5, -7, 1});
  EXPECT_EQ(fractional.status, AMS_ERR_INVALID);
  EXPECT_NE(fractional.error.find("x3 must be a whole number"), std::string::npos) << fractional.error;
  Evaluation out_of_range = run("", {1.5, -2.25, 3.0, 3, -7, 3});
  EXPECT_EQ(out_of_range.status, AMS_ERR_INVALID);
  EXPECT_NE(out_of_range.error.find("x5 is a choice index in 0 .. 2"), std::string::npos)
      << out_of_range.error;
  Evaluation missing = run("x0 = 1.0", {});
  EXPECT_EQ(missing.status, AMS_ERR_INVALID);
  EXPECT_EQ(missing.error, "parameter 'x1' is missing: this objective needs x0 .. x5");
}

TEST(Benchmarks, AckleyShiftedByAVector) {
  auto obj = amtest::make(AMS_KIND_OBJECTIVE, "ackley", "dims = 3\nshift = [7.5, -11.25, 3.0]");
  EXPECT_NEAR(value_at(*obj, {7.5, -11.25, 3.0}), 0.0, 1e-12);
  EXPECT_GT(value_at(*obj, {0, 0, 0}), 10.0);
  EXPECT_GT(value_at(*obj, {7.5, -11.25, 4.0}), 1.0);
  EXPECT_THROW(amtest::make(AMS_KIND_OBJECTIVE, "ackley", "dims = 3\nshift = [1.0, 2.0]"),
               std::runtime_error);
  EXPECT_THROW(amtest::make(AMS_KIND_OBJECTIVE, "ackley", "dims = 2\nshift = [1.0, 40.0]"),
               std::runtime_error);
}
