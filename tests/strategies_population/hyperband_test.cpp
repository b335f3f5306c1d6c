// The hyperband strategy: the synchronous rung structure (how many configurations at which
// budget), promotions carrying the parameters of the best of their rung, ASHA promoting while
// other trials are in flight, the budget ladder, and option checks.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>

#include "population_driver.hpp"

namespace poptest {
namespace {

double bowl(const std::vector<double>& v) {
  double s = 0;
  for (double x : v) s += (x - 0.3) * (x - 0.3);
  return s;
}

// Sequential run to exhaustion (or `limit` trials); the trials in ask order.
std::vector<Asked> run_to_end(StrategyRun& run, int64_t limit) {
  std::vector<Asked> trials;
  for (int64_t t = 0; t < limit; ++t) {
    Asked a;
    ams_status s = run.ask_status(t, a);
    if (s == AMS_EXHAUSTED) break;
    EXPECT_EQ(s, AMS_OK) << run.error();
    run.tell(a, AMS_TRIAL_COMPLETE, bowl(a.values));
    trials.push_back(a);
  }
  return trials;
}

bool near(double a, double b) { return std::abs(a - b) <= 1e-12; }

TEST(HyperbandSync, RungStructureForEta3AndMinBudgetOneNinth) {
  auto space = unit_box(2);
  StrategyRun run("hyperband", "mode = \"sync\"\neta = 3\nmin_budget = 0.1111111111111111", 1,
                  *space);
  auto trials = run_to_end(run, 1000);
  // Bracket 0: 9 at 1/9, 3 at 1/3, 1 at 1; bracket 1: 5 at 1/3, 1 at 1; bracket 2: 3 at 1.
  const std::vector<std::pair<int, double>> expected = {
      {9, 1.0 / 9}, {3, 1.0 / 3}, {1, 1.0}, {5, 1.0 / 3}, {1, 1.0}, {3, 1.0}};
  size_t i = 0;
  for (const auto& [count, budget] : expected)
    for (int k = 0; k < count; ++k, ++i) {
      ASSERT_LT(i, trials.size());
      EXPECT_TRUE(near(trials[i].budget, budget)) << "trial " << i << " budget " << trials[i].budget;
    }
  EXPECT_EQ(trials.size(), 22u) << "then all brackets are done and it is exhausted";
}

TEST(HyperbandSync, PromotedTrialsCarryTheParametersOfTheBestOfTheirRung) {
  auto space = mixed_conditional_space();
  StrategyRun run("hyperband", "mode = \"sync\"\nmin_budget = 0.1111111111111111", 4, *space);
  std::vector<Asked> trials;
  for (int64_t t = 0; t < 13; ++t) {
    Asked a = run.ask(t);
    run.tell(a, AMS_TRIAL_COMPLETE, mixed_loss(a.values));
    trials.push_back(a);
  }
  auto best_of = [](std::vector<Asked> rung, size_t keep) {
    std::stable_sort(rung.begin(), rung.end(), [](const Asked& a, const Asked& b) {
      return mixed_loss(a.values) < mixed_loss(b.values);
    });
    rung.resize(keep);
    return rung;
  };
  std::vector<Asked> rung0(trials.begin(), trials.begin() + 9);
  std::vector<Asked> rung1(trials.begin() + 9, trials.begin() + 12);
  auto top3 = best_of(rung0, 3);
  for (const auto& promoted : rung1) {
    bool found = std::any_of(top3.begin(), top3.end(),
                             [&](const Asked& a) { return same(a.values, promoted.values); });
    EXPECT_TRUE(found) << "trial " << promoted.number << " is not one of the best three of rung 0";
  }
  EXPECT_TRUE(same(trials[12].values, best_of(rung1, 1)[0].values));
  EXPECT_TRUE(near(trials[12].budget, 1.0));
  // The new trial numbers differ from those evaluated at the lower budget.
  EXPECT_EQ(trials[12].number, 12);
}

TEST(HyperbandSync, WaitsForItsRungAndRunsItInParallel) {
  auto space = unit_box(2);
  StrategyRun run("hyperband", "mode = \"sync\"\nmin_budget = 0.1111111111111111\nbrackets = 1",
                  2, *space);
  std::vector<Asked> rung0;
  for (int64_t t = 0; t < 9; ++t) rung0.push_back(run.ask(t));
  Asked a;
  EXPECT_EQ(run.ask_status(9, a), AMS_NOT_READY) << "rung 0 has results missing";
  for (size_t i = 0; i + 1 < rung0.size(); ++i) run.tell(rung0[i], AMS_TRIAL_COMPLETE, bowl(rung0[i].values));
  EXPECT_EQ(run.ask_status(9, a), AMS_NOT_READY) << "one result still missing";
  run.tell(rung0.back(), AMS_TRIAL_FAILED, NAN);
  std::vector<Asked> rung1;
  for (int64_t t = 9; t < 12; ++t) rung1.push_back(run.ask(t));
  for (const auto& p : rung1) {
    EXPECT_TRUE(near(p.budget, 1.0 / 3));
    EXPECT_FALSE(same(p.values, rung0.back().values)) << "the failed trial is never promoted";
  }
  EXPECT_EQ(run.ask_status(12, a), AMS_NOT_READY);
  for (const auto& p : rung1) run.tell(p, AMS_TRIAL_COMPLETE, bowl(p.values));
  Asked top = run.ask(12);
  EXPECT_TRUE(near(top.budget, 1.0));
  run.tell(top, AMS_TRIAL_COMPLETE, 0);
  EXPECT_EQ(run.ask_status(13, a), AMS_EXHAUSTED) << "brackets = 1: one bracket only";
}

TEST(HyperbandSync, ResumeReasksOnlyTheEvaluationsThatWereLost) {
  // An interrupted run: trial 10 (a promotion to 1/3) was running and is lost; the others are
  // told to a fresh object, whose first trial is that same evaluation, then the run goes on.
  auto space = unit_box(2);
  const char* options = "mode = \"sync\"\nmin_budget = 0.1111111111111111";
  StrategyRun first("hyperband", options, 6, *space);
  std::vector<Asked> trials = run_to_end(first, 12);
  ASSERT_EQ(trials.size(), 12u);
  StrategyRun resumed("hyperband", options, 6, *space);
  for (const auto& a : trials)
    if (a.number != 10) resumed.tell(a, AMS_TRIAL_COMPLETE, bowl(a.values));
  Asked again = resumed.ask(12);
  EXPECT_TRUE(same(again.values, trials[10].values));
  EXPECT_TRUE(near(again.budget, 1.0 / 3));
  Asked more;
  EXPECT_EQ(resumed.ask_status(13, more), AMS_NOT_READY) << "rung 1 waits for trial 12";
  resumed.tell(again, AMS_TRIAL_COMPLETE, bowl(again.values));
  Asked top = resumed.ask(13);
  EXPECT_TRUE(near(top.budget, 1.0));
}

TEST(HyperbandAsha, PromotesWhileOtherTrialsAreInFlight) {
  auto space = unit_box(2);
  StrategyRun run("hyperband", "min_budget = 0.1111111111111111\nbrackets = 1", 3, *space);
  std::vector<Asked> first;
  for (int64_t t = 0; t < 5; ++t) first.push_back(run.ask(t));
  for (const auto& a : first) EXPECT_TRUE(near(a.budget, 1.0 / 9));
  // Three results in, two trials still running: the best of the three goes up a rung.
  for (size_t i = 0; i < 3; ++i) run.tell(first[i], AMS_TRIAL_COMPLETE, bowl(first[i].values));
  size_t best = 0;
  for (size_t i = 1; i < 3; ++i)
    if (bowl(first[i].values) < bowl(first[best].values)) best = i;
  Asked promoted = run.ask(5);
  EXPECT_TRUE(near(promoted.budget, 1.0 / 3));
  EXPECT_TRUE(same(promoted.values, first[best].values));
  // Nothing else is in the top third yet: a new configuration at the bottom rung.
  Asked fresh = run.ask(6);
  EXPECT_TRUE(near(fresh.budget, 1.0 / 9));
  for (const auto& a : first)
    EXPECT_FALSE(same(fresh.values, a.values));
  // Three more results at rung 0 (six in all): the second best is promoted as well.
  run.tell(first[3], AMS_TRIAL_COMPLETE, 10);
  run.tell(first[4], AMS_TRIAL_COMPLETE, 11);
  run.tell(fresh, AMS_TRIAL_COMPLETE, 12);
  Asked second = run.ask(7);
  EXPECT_TRUE(near(second.budget, 1.0 / 3));
  EXPECT_FALSE(same(second.values, promoted.values));
}

TEST(HyperbandAsha, AllBracketsStartAtTheirOwnBudgets) {
  auto space = unit_box(2);
  StrategyRun run("hyperband", "min_budget = 0.1111111111111111", 3, *space);
  // No results yet: new configurations go to the brackets' base budgets in Hyperband's
  // proportions, 9 : 5 : 3 for eta = 3 and three rungs.
  std::map<double, int> per_budget;
  for (int64_t t = 0; t < 17; ++t) ++per_budget[run.ask(t).budget];
  ASSERT_EQ(per_budget.size(), 3u);
  auto it = per_budget.begin();
  EXPECT_TRUE(near(it->first, 1.0 / 9));
  EXPECT_EQ(it->second, 9);
  EXPECT_EQ((++it)->second, 5);
  EXPECT_EQ((++it)->second, 3);
  EXPECT_TRUE(near(it->first, 1.0));
}

TEST(HyperbandAsha, ReachesTheFullBudgetAndStopsAtMaxTrials) {
  auto space = unit_box(3);
  StrategyRun run("hyperband", "max_trials = 120", 5, *space);
  auto trials = run_to_end(run, 1000);
  EXPECT_EQ(trials.size(), 120u);
  std::map<double, int> per_budget;
  double best_full = 1e300;
  for (const auto& a : trials) {
    ++per_budget[a.budget];
    if (near(a.budget, 1)) best_full = std::min(best_full, bowl(a.values));
  }
  EXPECT_EQ(per_budget.size(), 4u) << "rungs 1/27, 1/9, 1/3 and 1";
  EXPECT_TRUE(near(per_budget.begin()->first, 1.0 / 27));
  EXPECT_GT(per_budget[per_budget.begin()->first], per_budget[1.0]) << "most work is cheap";
  EXPECT_LT(best_full, 0.05);
}

TEST(Hyperband, LadderStartsAtTheSmallestPowerOfOneOverEtaNotBelowMinBudget) {
  auto space = unit_box(1);
  StrategyRun run("hyperband", "min_budget = 0.05\nbrackets = 1", 1, *space);
  EXPECT_TRUE(near(run.ask(0).budget, 1.0 / 9));
  StrategyRun full("hyperband", "min_budget = 1", 1, *space);
  EXPECT_TRUE(near(full.ask(0).budget, 1.0)) << "one rung: plain random search";
}

TEST(Hyperband, BadOptionsAreRejectedWithTheirName) {
  for (const char* bad : {"eta = 1", "min_budget = 0.0", "min_budget = 1.5",
                          "brackets = 5\nmin_budget = 0.12", "brackets = 0", "mode = \"fast\"",
                          "max_trials = 0"}) {
    try {
      amtest::make(AMS_KIND_STRATEGY, "hyperband", bad);
      ADD_FAILURE() << "accepted " << bad;
    } catch (const std::runtime_error& e) {
      std::string option(bad, std::string(bad).find(' '));
      EXPECT_NE(std::string(e.what()).find(option), std::string::npos) << e.what();
    }
  }
}

}  // namespace
}  // namespace poptest
