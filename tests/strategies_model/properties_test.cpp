// Properties every model-based strategy must keep on a mixed, conditional space: valid trials
// (bounds, integers, steps, NaN exactly when inactive), the same trials for the same seed,
// resume from told trials it never asked, and several trials in flight.
#include <gtest/gtest.h>

#include <cmath>
#include <set>

#include "support/strategy_driver.hpp"

namespace amtest {
namespace {

struct Config {
  const char* strategy;
  const char* options;
  const char* label;
};

const Config kConfigs[] = {
    {"tpe", "", "tpe_univariate"},
    {"tpe", "multivariate = true\ngroup = true", "tpe_multivariate_group"},
    {"tpe", "multivariate = true", "tpe_multivariate"},
    {"cmaes", "", "cmaes"},
    {"cmaes", "popsize = 6\nsigma0 = 0.3", "cmaes_popsize6"},
};

class StrategyProperties : public ::testing::TestWithParam<Config> {
 protected:
  StrategyRun make(uint64_t seed, OwnedSpace& space) {
    return StrategyRun(GetParam().strategy, GetParam().options, seed, space);
  }
};

bool same(const std::vector<double>& a, const std::vector<double>& b) {
  if (a.size() != b.size()) return false;
  for (size_t i = 0; i < a.size(); ++i)
    if (!(a[i] == b[i] || (std::isnan(a[i]) && std::isnan(b[i])))) return false;
  return true;
}

// 120 trials, 4 in flight at a time, with failed and pruned ones mixed in.
std::vector<std::vector<double>> drive(StrategyRun& run, const OwnedSpace& space) {
  std::vector<std::vector<double>> trials;
  for (int64_t batch = 0; batch < 30; ++batch) {
    std::vector<std::vector<double>> asked;
    for (int64_t k = 0; k < 4; ++k) {
      asked.push_back(run.ask(batch * 4 + k));
      EXPECT_EQ(trial_problem(space, asked.back()), "") << "trial " << batch * 4 + k;
    }
    for (int64_t k = 0; k < 4; ++k) {
      int64_t number = batch * 4 + k;
      const auto& v = asked[size_t(k)];
      if (number % 17 == 5)
        run.tell(number, v, AMS_TRIAL_FAILED, NAN);
      else if (number % 13 == 7)
        run.tell(number, v, AMS_TRIAL_PRUNED, mixed_loss(v) + 1, 2);
      else
        run.tell(number, v, AMS_TRIAL_COMPLETE, mixed_loss(v));
      trials.push_back(v);
    }
  }
  return trials;
}

TEST_P(StrategyProperties, TrialsAreValidWithFailuresPrunesAndParallelAsks) {
  auto space = mixed_conditional_space();
  StrategyRun run = make(3, *space);
  auto trials = drive(run, *space);
  // Every branch of the conditional space was explored.
  std::set<int> models;
  for (const auto& v : trials) models.insert(int(v[0]));
  EXPECT_EQ(models.size(), 3u);
}

TEST_P(StrategyProperties, SameSeedSameTrialsOtherSeedOtherTrials) {
  auto space = mixed_conditional_space();
  StrategyRun a = make(11, *space), b = make(11, *space), c = make(12, *space);
  auto ta = drive(a, *space), tb = drive(b, *space), tc = drive(c, *space);
  ASSERT_EQ(ta.size(), tb.size());
  for (size_t i = 0; i < ta.size(); ++i) EXPECT_TRUE(same(ta[i], tb[i])) << "trial " << i;
  size_t differ = 0;
  for (size_t i = 0; i < ta.size(); ++i) differ += !same(ta[i], tc[i]);
  EXPECT_GT(differ, ta.size() / 2);
}

TEST_P(StrategyProperties, ResumesFromToldTrialsItNeverAsked) {
  // A strategy told 40 trials of another run (including failed, pruned and out-of-grid
  // values) continues with valid trials and concentrates near the best told region.
  auto space = mixed_conditional_space();
  StrategyRun donor("random", "", 5, *space);
  StrategyRun run = make(6, *space);
  double donor_loss = 0, resumed_loss = 0;
  for (int64_t t = 0; t < 40; ++t) {
    auto v = donor.ask(t);
    int32_t state = t % 11 == 3  ? AMS_TRIAL_FAILED
                    : t % 9 == 4 ? AMS_TRIAL_PRUNED
                                 : AMS_TRIAL_COMPLETE;
    run.tell(t, v, state, state == AMS_TRIAL_FAILED ? NAN : mixed_loss(v), 1);
    donor_loss += mixed_loss(v) / 40;
  }
  for (int64_t t = 40; t < 80; ++t) {
    auto v = run.ask(t);
    EXPECT_EQ(trial_problem(*space, v), "") << "trial " << t;
    run.tell(t, v, AMS_TRIAL_COMPLETE, mixed_loss(v));
    resumed_loss += mixed_loss(v) / 40;
  }
  // It learned from the told trials: its own trials are better on average than random ones.
  EXPECT_LT(resumed_loss, donor_loss);
}

TEST_P(StrategyProperties, ManyTrialsInFlightStayValidAndDistinct) {
  auto space = unit_box(3);
  StrategyRun run = make(8, *space);
  std::vector<std::vector<double>> asked;
  for (int64_t t = 0; t < 16; ++t) asked.push_back(run.ask(t));
  for (int64_t t = 0; t < 16; ++t)
    run.tell(t, asked[size_t(t)], AMS_TRIAL_COMPLETE, asked[size_t(t)][0]);
  asked.clear();
  for (int64_t t = 16; t < 40; ++t) asked.push_back(run.ask(t));
  for (size_t i = 0; i < asked.size(); ++i) {
    EXPECT_EQ(trial_problem(*space, asked[i]), "");
    for (size_t j = 0; j < i; ++j) EXPECT_FALSE(same(asked[i], asked[j])) << i << " vs " << j;
  }
}

TEST_P(StrategyProperties, RejectsTrialsOfAnotherSpace) {
  auto space = unit_box(3);
  StrategyRun run = make(1, *space);
  auto v = run.ask(0);
  ams_trial_result r{};
  r.struct_size = sizeof r;
  r.trial.struct_size = sizeof r.trial;
  r.trial.n_params = 2;
  r.trial.values = v.data();
  r.state = AMS_TRIAL_COMPLETE;
  r.value = 1;
  auto object = amtest::make(AMS_KIND_STRATEGY, GetParam().strategy, GetParam().options, 1);
  ASSERT_EQ(object->component.strategy.start(object->self, &space->view()), AMS_OK);
  EXPECT_EQ(object->component.strategy.tell(object->self, &r), AMS_ERR_INVALID);
  EXPECT_NE(object->error().find("3 parameters"), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(Strategies, StrategyProperties, ::testing::ValuesIn(kConfigs),
                         [](const auto& info) { return std::string(info.param.label); });

TEST(StrategyOptions, BadOptionsAreRejectedWithTheirName) {
  EXPECT_THROW(amtest::make(AMS_KIND_STRATEGY, "tpe", "gamma = 2.0"), std::runtime_error);
  EXPECT_THROW(amtest::make(AMS_KIND_STRATEGY, "tpe", "group = true"), std::runtime_error);
  EXPECT_THROW(amtest::make(AMS_KIND_STRATEGY, "tpe", "candidates = 0"), std::runtime_error);
  EXPECT_THROW(amtest::make(AMS_KIND_STRATEGY, "cmaes", "sigma0 = -1"), std::runtime_error);
  EXPECT_THROW(amtest::make(AMS_KIND_STRATEGY, "cmaes", "popsize = 1"), std::runtime_error);
  try {
    amtest::make(AMS_KIND_STRATEGY, "tpe", "prior_weight = \"big\"");
    FAIL() << "no error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("prior_weight"), std::string::npos) << e.what();
  }
}

}  // namespace
}  // namespace amtest
