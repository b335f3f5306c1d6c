// What only CMA-ES promises: the start mean (x0, or the best told trial on resume), integer
// parameters that do not freeze (margin), categorical choices learned by frequency.
#include <gtest/gtest.h>

#include <cmath>

#include "support/strategy_driver.hpp"

namespace amtest {
namespace {

std::vector<double> mean_of_first(StrategyRun& run, int32_t n, int32_t dims) {
  std::vector<double> mean(size_t(dims), 0.0);
  std::vector<std::vector<double>> asked;
  for (int32_t t = 0; t < n; ++t) asked.push_back(run.ask(t));
  for (const auto& v : asked)
    for (int32_t d = 0; d < dims; ++d) mean[size_t(d)] += v[size_t(d)] / n;
  return mean;
}

TEST(Cmaes, StartsFromTheUserX0) {
  auto space = unit_box(3);
  StrategyRun run("cmaes", "sigma0 = 0.05\nx0 = { x0 = 0.9, x1 = 0.1 }", 4, *space);
  auto mean = mean_of_first(run, 7, 3);
  EXPECT_NEAR(mean[0], 0.9, 0.1);
  EXPECT_NEAR(mean[1], 0.1, 0.1);
  EXPECT_NEAR(mean[2], 0.5, 0.1);  // not given: the centre
}

TEST(Cmaes, RejectsAnX0OutsideTheBounds) {
  auto space = unit_box(2);
  auto object = amtest::make(AMS_KIND_STRATEGY, "cmaes", "x0 = { x1 = 1.5 }", 1);
  EXPECT_EQ(object->component.strategy.start(object->self, &space->view()), AMS_ERR_INVALID);
  EXPECT_NE(object->error().find("bounds"), std::string::npos);
}

TEST(Cmaes, ResumedRunStartsFromTheBestToldTrial) {
  auto space = unit_box(3);
  StrategyRun run("cmaes", "sigma0 = 0.05", 4, *space);
  run.tell(100, {0.5, 0.5, 0.5}, AMS_TRIAL_COMPLETE, 3.0);
  run.tell(101, {0.2, 0.8, 0.3}, AMS_TRIAL_COMPLETE, 1.0);  // the best
  run.tell(102, {0.9, 0.9, 0.9}, AMS_TRIAL_FAILED, NAN);
  run.tell(103, {0.7, 0.1, 0.6}, AMS_TRIAL_PRUNED, 0.5, 1);  // pruned ranks after complete
  auto mean = mean_of_first(run, 7, 3);
  EXPECT_NEAR(mean[0], 0.2, 0.1);
  EXPECT_NEAR(mean[1], 0.8, 0.1);
  EXPECT_NEAR(mean[2], 0.3, 0.1);
}

TEST(Cmaes, IntegerParametersReachTheExactOptimum) {
  // An ellipsoid over integers: rounding alone lets the Gaussian shrink inside one cell of the
  // steep coordinates and stop moving there; the margin keeps a chance of stepping to the
  // neighbouring integers, so the exact optimum is reached. (Restarts off: they would hide a
  // frozen distribution. Measured: without the margin seeds 4 and 5 end at 1; with it all 6
  // seeds reach 0.)
  OwnedSpace space;
  const int n = 10;
  for (int i = 0; i < n; ++i) {
    std::string name = "k";
    name += std::to_string(i);
    space.add_int(name, -10, 10);
  }
  space.view();
  for (uint64_t seed = 1; seed <= 6; ++seed) {
    StrategyRun run("cmaes", "restart = \"none\"", seed, space);
    double best = minimise(run, 1500, [&](const std::vector<double>& v) {
      double s = 0;
      for (int i = 0; i < n; ++i)
        s += std::pow(10.0, 2.0 * i / (n - 1)) * std::pow(v[size_t(i)] - (i % 5 - 2), 2);
      return s;
    });
    EXPECT_EQ(best, 0.0) << "seed " << seed;
  }
}

TEST(Cmaes, LearnsTheBestCategoricalChoice) {
  OwnedSpace space;
  space.add_categorical("kind", 4);
  space.add_float("x", 0, 1);
  space.view();
  StrategyRun run("cmaes", "", 9, space);
  int64_t best_choice = 0;
  for (int64_t t = 0; t < 300; ++t) {
    auto v = run.ask(t);
    double y = std::pow(v[1] - 0.4, 2) + (v[0] == 2 ? 0 : 0.3 + 0.1 * v[0]);
    run.tell(t, v, AMS_TRIAL_COMPLETE, y);
    if (t >= 200) best_choice += v[0] == 2;
  }
  EXPECT_GT(best_choice, 70);  // of the last 100 trials
}

}  // namespace
}  // namespace amtest
