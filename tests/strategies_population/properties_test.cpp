// Properties every population / multi-fidelity strategy keeps on a mixed, conditional space:
// valid trials (bounds, integers, steps, NaN exactly when inactive, budget in (0, 1]) with
// several trials in flight and failures mixed in, the same trials for the same seed, and a
// resumed run (told every trial of an interrupted one) that continues exactly like the
// uninterrupted run.
#include <gtest/gtest.h>

#include <algorithm>
#include <deque>
#include <set>

#include "population_driver.hpp"

namespace poptest {
namespace {

struct Config {
  const char* strategy;
  const char* options;
  const char* label;
};

const Config kConfigs[] = {
    {"genetic", "", "genetic"},
    {"genetic", "population = 8\nelite = 2\ntournament = 2\nmutation_rate = 0.5",
     "genetic_small_population"},
    {"hyperband", "", "hyperband_asha"},
    {"hyperband", "mode = \"sync\"", "hyperband_sync"},
    {"hyperband", "mode = \"sync\"\neta = 2\nmin_budget = 0.125\nbrackets = 2",
     "hyperband_sync_eta2"},
};

struct Result {
  Asked trial;
  int32_t state;
  double value;
};

// Outcome of trial `number`: a few fail, a few are pruned, the rest complete.
Result outcome(const Asked& a) {
  if (a.number % 17 == 5) return {a, AMS_TRIAL_FAILED, NAN};
  if (a.number % 13 == 7) return {a, AMS_TRIAL_PRUNED, mixed_loss(a.values) + 1};
  return {a, AMS_TRIAL_COMPLETE, mixed_loss(a.values) * (1.5 - 0.5 * a.budget)};
}

class PopulationProperties : public ::testing::TestWithParam<Config> {
 protected:
  StrategyRun make(uint64_t seed, OwnedSpace& space) {
    return StrategyRun(GetParam().strategy, GetParam().options, seed, space);
  }
};

// Up to `trials` trials with up to `in_flight` running: asks until the strategy has enough
// running or answers not-ready, then tells the oldest. Returns the trials in ask order.
std::vector<Result> drive(StrategyRun& run, const OwnedSpace& space, int64_t trials,
                          size_t in_flight, int64_t first_number = 0) {
  std::vector<Result> results;
  std::deque<Asked> running;
  int64_t number = first_number;
  bool exhausted = false;
  while (true) {
    while (!exhausted && number < first_number + trials && running.size() < in_flight) {
      Asked a;
      ams_status s = run.ask_status(number, a);
      if (s == AMS_NOT_READY) {
        EXPECT_FALSE(running.empty()) << "not ready with nothing running";
        break;
      }
      if (s == AMS_EXHAUSTED) {
        exhausted = true;
        break;
      }
      EXPECT_EQ(s, AMS_OK) << run.error();
      EXPECT_EQ(trial_problem(space, a.values), "") << "trial " << number;
      EXPECT_TRUE(a.budget > 0 && a.budget <= 1) << "budget " << a.budget;
      running.push_back(a);
      ++number;
    }
    if (running.empty()) break;
    Result r = outcome(running.front());
    running.pop_front();
    run.tell(r.trial, r.state, r.value);
    results.push_back(r);
  }
  return results;
}

TEST_P(PopulationProperties, TrialsAreValidWithFailuresPrunesAndParallelAsks) {
  auto space = mixed_conditional_space();
  StrategyRun run = make(3, *space);
  auto results = drive(run, *space, 120, 4);
  EXPECT_GE(results.size(), 20u);
  std::set<int> models;
  for (const auto& r : results) models.insert(static_cast<int>(r.trial.values[0]));
  EXPECT_EQ(models.size(), 3u) << "every branch of the conditional space is explored";
}

TEST_P(PopulationProperties, SameSeedSameTrialsOtherSeedOtherTrials) {
  auto space = mixed_conditional_space();
  StrategyRun a = make(11, *space), b = make(11, *space), c = make(12, *space);
  auto ta = drive(a, *space, 100, 3), tb = drive(b, *space, 100, 3), tc = drive(c, *space, 100, 3);
  ASSERT_EQ(ta.size(), tb.size());
  for (size_t i = 0; i < ta.size(); ++i) {
    EXPECT_TRUE(same(ta[i].trial.values, tb[i].trial.values)) << "trial " << i;
    EXPECT_EQ(ta[i].trial.budget, tb[i].trial.budget) << "trial " << i;
  }
  size_t differ = 0, n = std::min(ta.size(), tc.size());
  for (size_t i = 0; i < n; ++i) differ += !same(ta[i].trial.values, tc[i].trial.values);
  EXPECT_GT(differ, n / 2);
}

TEST_P(PopulationProperties, ResumedRunContinuesLikeTheUninterruptedOne) {
  auto space = mixed_conditional_space();
  StrategyRun whole = make(21, *space);
  auto all = drive(whole, *space, 90, 1);
  const size_t cut = std::min<size_t>(50, all.size() / 2);
  ASSERT_GT(all.size(), cut + 5);
  // A fresh object, told the first trials it never asked (as the host does on resume).
  StrategyRun resumed = make(21, *space);
  for (size_t i = 0; i < cut; ++i) resumed.tell(all[i].trial, all[i].state, all[i].value);
  auto rest = drive(resumed, *space, static_cast<int64_t>(all.size() - cut), 1,
                    static_cast<int64_t>(cut));
  ASSERT_EQ(rest.size(), all.size() - cut);
  for (size_t i = 0; i < rest.size(); ++i) {
    EXPECT_TRUE(same(rest[i].trial.values, all[cut + i].trial.values)) << "trial " << cut + i;
    EXPECT_EQ(rest[i].trial.budget, all[cut + i].trial.budget) << "trial " << cut + i;
  }
}

TEST_P(PopulationProperties, AcceptsTrialsOfAnotherRunWithOddValues) {
  // Told trials from another strategy, with budgets off this one's ladder, values off the grid
  // and a missing value: accepted, and the trials that follow stay valid.
  auto space = mixed_conditional_space();
  StrategyRun donor("random", "", 5, *space);
  StrategyRun run = make(6, *space);
  for (int64_t t = 0; t < 30; ++t) {
    Asked a = donor.ask(t);
    a.budget = t % 3 == 0 ? 1.0 : 0.3;
    if (t % 4 == 1) a.values[1] += 1e-7;  // a float nudged, as storage might
    if (t == 7) a.values[1] = NAN;        // an active parameter without a value
    int32_t state = t % 11 == 3 ? AMS_TRIAL_FAILED : AMS_TRIAL_COMPLETE;
    run.tell(a, state, state == AMS_TRIAL_FAILED ? NAN : mixed_loss(a.values));
  }
  drive(run, *space, 40, 2, 30);
}

TEST_P(PopulationProperties, ManyTrialsInFlightStayValidAndDistinct) {
  auto space = unit_box(3);
  StrategyRun run = make(8, *space);
  std::vector<Asked> asked;
  // Sync Hyperband may wait for its rung (not ready) before 9 trials are out.
  int64_t t = 0;
  for (Asked a; t < 9 && run.ask_status(t, a) == AMS_OK; ++t) asked.push_back(a);
  ASSERT_GE(asked.size(), 8u);
  for (const auto& a : asked) run.tell(a, AMS_TRIAL_COMPLETE, a.values[0]);
  for (Asked a; t < 18 && run.ask_status(t, a) == AMS_OK; ++t) asked.push_back(a);
  EXPECT_GE(asked.size(), 12u);
  for (size_t i = 0; i < asked.size(); ++i) {
    EXPECT_EQ(trial_problem(*space, asked[i].values), "");
    for (size_t j = 0; j < i; ++j)
      EXPECT_FALSE(same(asked[i].values, asked[j].values) && asked[i].budget == asked[j].budget)
          << i << " vs " << j;
  }
}

TEST_P(PopulationProperties, RejectsTrialsOfAnotherSpace) {
  auto space = unit_box(3);
  auto object = amtest::make(AMS_KIND_STRATEGY, GetParam().strategy, GetParam().options, 1);
  ASSERT_EQ(object->component.strategy.start(object->self, &space->view()), AMS_OK);
  double values[2] = {0.5, 0.5};
  ams_trial_result r{};
  r.struct_size = sizeof r;
  r.trial.struct_size = sizeof r.trial;
  r.trial.n_params = 2;
  r.trial.values = values;
  r.trial.budget = 1;
  r.state = AMS_TRIAL_COMPLETE;
  r.value = 1;
  EXPECT_EQ(object->component.strategy.tell(object->self, &r), AMS_ERR_INVALID);
  EXPECT_NE(object->error().find("3 parameters"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Strategies, PopulationProperties, ::testing::ValuesIn(kConfigs),
                         [](const auto& info) { return std::string(info.param.label); });

}  // namespace
}  // namespace poptest
