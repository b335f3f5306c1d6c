// Per-trial cost of ask + tell with 10 float parameters, around 1000 and 2000 trials. Prints
// numbers and asserts nothing about time (tests never assert wall-clock times); disabled by
// default because it runs 2000 trials per strategy. Run it with
//   strategies_model_test --gtest_also_run_disabled_tests --gtest_filter='*Cost*'
#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>

#include "support/strategy_driver.hpp"

namespace amtest {
namespace {

// CPU time of this thread: on a shared machine wall time mostly measures the neighbours.
double cpu_ms() {
  timespec t{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return double(t.tv_sec) * 1e3 + double(t.tv_nsec) * 1e-6;
}

void report_cost(const std::string& strategy, const std::string& options) {
  auto space = unit_box(10);
  StrategyRun run(strategy, options, 7, *space);
  using clock = std::chrono::steady_clock;
  double cpu_1000 = 0, cpu_2000 = 0, wall_1000 = 0, wall_2000 = 0;
  for (int64_t t = 0; t < 2000; ++t) {
    const auto wall = clock::now();
    const double cpu = cpu_ms();
    auto x = run.ask(t);
    double y = 0;
    for (size_t i = 0; i < x.size(); ++i) y += (x[i] - 0.3) * (x[i] - 0.3) * double(i + 1);
    run.tell(t, x, AMS_TRIAL_COMPLETE, y);
    const double cpu_spent = cpu_ms() - cpu;
    const double wall_spent =
        std::chrono::duration<double, std::milli>(clock::now() - wall).count();
    if (t >= 950 && t < 1050) cpu_1000 += cpu_spent / 100, wall_1000 += wall_spent / 100;
    if (t >= 1900) cpu_2000 += cpu_spent / 100, wall_2000 += wall_spent / 100;
  }
  std::printf(
      "[ cost ] %-22s ask+tell per trial, CPU (wall) ms: %.3f (%.3f) at ~1000 trials, "
      "%.3f (%.3f) at ~2000\n",
      (strategy + " " + options).c_str(), cpu_1000, wall_1000, cpu_2000, wall_2000);
}

TEST(StrategyCost, DISABLED_PerTrialAskTellWithTenFloats) {
  report_cost("tpe", "");
  report_cost("tpe", "multivariate = true");
  report_cost("cmaes", "");
  report_cost("random", "");
}

}  // namespace
}  // namespace amtest
