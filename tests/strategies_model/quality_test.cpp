// Search quality on Hartmann 6-D (minimum -3.32237), 100 trials, 5 fixed seeds: the median
// regret of each model-based strategy must clearly beat random search's.
#include <gtest/gtest.h>

#include <algorithm>
#include <cstdio>

#include "support/strategy_driver.hpp"

namespace amtest {
namespace {

double median_regret(const std::string& strategy, const std::string& options) {
  std::vector<double> regrets;
  for (uint64_t seed = 1; seed <= 5; ++seed) {
    auto space = unit_box(6);
    StrategyRun run(strategy, options, seed, *space);
    double best =
        minimise(run, 100, [](const std::vector<double>& x) { return hartmann6(x.data()); });
    regrets.push_back(best - kHartmann6Min);
  }
  std::sort(regrets.begin(), regrets.end());
  std::printf("[ regret ] %-30s median %.4f  (sorted: %.4f %.4f %.4f %.4f %.4f)\n",
              (strategy + " " + options).c_str(), regrets[2], regrets[0], regrets[1], regrets[2],
              regrets[3], regrets[4]);
  return regrets[2];
}

// Measured (median regret, seeds 1-5): random 1.562, tpe 0.332, tpe multivariate 0.284,
// cmaes 0.447. The bound asks for half of random's regret: the strategies are at a quarter
// to under a third of it, so only a real loss of quality fails it (the seeds are fixed:
// nothing can flake).
TEST(Hartmann6Quality, ModelBasedStrategiesBeatRandomSearch) {
  double random = median_regret("random", "");
  double tpe = median_regret("tpe", "");
  double tpe_mv = median_regret("tpe", "multivariate = true");
  double cmaes = median_regret("cmaes", "");
  EXPECT_LT(tpe, 0.5 * random);
  EXPECT_LT(tpe_mv, 0.5 * random);
  EXPECT_LT(cmaes, 0.5 * random);
}

}  // namespace
}  // namespace amtest
