// The genetic strategy: search quality against random search on Hartmann 6-D, told trials
// joining the population, conditional flips, small discrete spaces, and option checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "population_driver.hpp"

namespace poptest {
namespace {

double hartmann_regret(const std::string& strategy, const std::string& options, uint64_t seed,
                       int64_t trials) {
  auto space = unit_box(6);
  StrategyRun run(strategy, options, seed, *space);
  double best = 1e300;
  for (int64_t t = 0; t < trials; ++t) {
    Asked a = run.ask(t);
    double y = hartmann6(a.values.data());
    run.tell(a, AMS_TRIAL_COMPLETE, y);
    best = std::min(best, y);
  }
  return best - kHartmann6Min;
}

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

TEST(Genetic, BeatsRandomSearchOnHartmann6) {
  std::vector<double> genetic, random;
  for (uint64_t seed : {1, 2, 3, 4, 5}) {
    genetic.push_back(hartmann_regret("genetic", "", seed, 200));
    random.push_back(hartmann_regret("random", "", seed, 200));
  }
  const double g = median(genetic), r = median(random);
  RecordProperty("genetic_median_regret", std::to_string(g));
  RecordProperty("random_median_regret", std::to_string(r));
  std::printf("Hartmann6, 200 trials, median regret over 5 seeds: genetic %.4f, random %.4f\n", g,
              r);
  EXPECT_LT(g, 0.5 * r);
}

TEST(Genetic, ToldTrialsItNeverAskedFormThePopulation) {
  // 20 told trials, all with x in [0.40, 0.45]: the children bred from them stay near there,
  // where random sampling would put only a quarter of them.
  auto space = unit_box(2);
  StrategyRun run("genetic", "mutation_rate = 0.1", 4, *space);
  for (int64_t t = 0; t < 20; ++t) {
    Asked a;
    a.number = t;
    a.values = {0.40 + 0.05 * t / 19.0, (t * 7 % 20) / 20.0};
    run.tell(a, AMS_TRIAL_COMPLETE, a.values[1]);
  }
  int near = 0;
  for (int64_t t = 20; t < 60; ++t) {
    Asked a = run.ask(t);
    near += a.values[0] > 0.3 && a.values[0] < 0.55;
  }
  EXPECT_GE(near, 34) << "of 40 children";
}

TEST(Genetic, ElitesAndSelectionKeepTheBestRegion) {
  // Sequential minimisation of a bowl: later generations concentrate near its centre.
  auto space = unit_box(3);
  StrategyRun run("genetic", "population = 10\nelite = 2", 9, *space);
  auto loss = [](const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += (x - 0.7) * (x - 0.7);
    return s;
  };
  double early = 0, late = 0;
  for (int64_t t = 0; t < 200; ++t) {
    Asked a = run.ask(t);
    double y = loss(a.values);
    run.tell(a, AMS_TRIAL_COMPLETE, y);
    if (t < 10) early += y / 10;
    if (t >= 180) late += y / 20;
  }
  EXPECT_LT(late, early / 10);
}

TEST(Genetic, FlippedParentChoicesSampleTheNewlyActiveChildren) {
  // Mutation flips the model choice often: children's branches change, and every child has
  // exactly the parameters of its own branch.
  auto space = mixed_conditional_space();
  StrategyRun run("genetic", "population = 6\nmutation_rate = 0.9", 2, *space);
  int flipped_to_new_branch = 0;
  std::vector<Asked> generation;
  for (int64_t t = 0; t < 150; ++t) {
    Asked a = run.ask(t);
    ASSERT_EQ(trial_problem(*space, a.values), "") << "trial " << t;
    run.tell(a, AMS_TRIAL_COMPLETE, a.values[0] == 0 ? -1.0 : mixed_loss(a.values));
    if (t >= 6 && a.values[0] != 0) ++flipped_to_new_branch;
  }
  // Branch 0 scores best, yet mutation keeps producing the other branches with valid children.
  EXPECT_GT(flipped_to_new_branch, 10);
}

TEST(Genetic, SmallDiscreteSpacesRepeatRatherThanStall) {
  OwnedSpace space;
  space.add_bool("a");
  space.add_categorical("b", 2);
  space.add_int("c", 0, 1);
  space.view();
  StrategyRun run("genetic", "population = 4", 3, space);
  for (int64_t t = 0; t < 40; ++t) {
    Asked a = run.ask(t);
    ASSERT_EQ(trial_problem(space, a.values), "");
    run.tell(a, AMS_TRIAL_COMPLETE, a.values[0] + a.values[1] + a.values[2]);
  }
}

TEST(Genetic, MaxTrialsExhausts) {
  auto space = unit_box(2);
  StrategyRun run("genetic", "max_trials = 5", 1, *space);
  for (int64_t t = 0; t < 5; ++t) run.tell(run.ask(t), AMS_TRIAL_COMPLETE, 1.0);
  Asked a;
  EXPECT_EQ(run.ask_status(5, a), AMS_EXHAUSTED);
}

TEST(Genetic, BadOptionsAreRejectedWithTheirName) {
  for (const char* bad : {"population = 1", "elite = 20", "tournament = 21", "tournament = 0",
                          "mutation_rate = 0.0", "crossover_rate = 1.5", "sbx_eta = -1",
                          "population = \"big\""}) {
    try {
      amtest::make(AMS_KIND_STRATEGY, "genetic", bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::runtime_error& e) {
      std::string option(bad, std::string(bad).find(' '));
      EXPECT_NE(std::string(e.what()).find(option), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace poptest
