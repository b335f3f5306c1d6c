// The bayes plugin through the ABI: what it proposes is always a valid trial, it is
// reproducible per seed, resumes from told trials, spreads parallel asks, survives failures,
// reports exhaustion, and rejects bad options and spaces with clear messages.
#include "loop.hpp"

#include <algorithm>
#include <cmath>
#include <random>
#include <set>

namespace bayestest {
namespace {

// A mixed conditional space: a model choice gating numeric and categorical children, a
// grandchild, log ints, stepped floats and a bool.
SpaceBuilder mixed_space() {
  SpaceBuilder b;
  const int model = b.add_choice("model", 3);
  b.add_float("lr", 1e-4, 1e-1, /*log=*/true);
  const int depth = b.add_int("depth", 1, 64, /*log=*/true);
  b.when(depth, model, {1, 2});
  const int kernel = b.add_choice("kernel", 4);
  b.when(kernel, model, {0});
  const int gamma = b.add_float("gamma", 0.0, 2.0, false, 0.25);
  b.when(gamma, kernel, {1, 3});
  b.add_bool("shuffle");
  const int units = b.add_int("units", 8, 512, false, 8);
  b.when(units, model, {2});
  return b;
}

// Whether parameter i is active under the values v, by the ABI's rule.
bool is_active_of(SpaceBuilder& b, const std::vector<double>& v, int i) {
  std::vector<bool> on(size_t(b.size()), true);
  for (int j = 0; j <= i; ++j) {
    const ams_param& p = b.param(j);
    if (p.parent < 0) continue;
    const double pv = v[size_t(p.parent)];
    on[size_t(j)] = on[size_t(p.parent)] &&
                    std::find(p.parent_values, p.parent_values + p.n_parent_values, pv) !=
                        p.parent_values + p.n_parent_values;
  }
  return on[size_t(i)];
}

// Checks every property a valid trial of mixed_space() must have.
void expect_valid(SpaceBuilder& b, const std::vector<double>& v) {
  for (int i = 0; i < b.size(); ++i) {
    const ams_param& p = b.param(i);
    const double x = v[size_t(i)];
    SCOPED_TRACE(p.name);
    if (!is_active_of(b, v, i)) {
      EXPECT_TRUE(std::isnan(x)) << "inactive parameters must be NaN";
      continue;
    }
    ASSERT_TRUE(std::isfinite(x)) << "active parameters must have a value";
    EXPECT_GE(x, p.low);
    EXPECT_LE(x, p.high);
    if (p.type != AMS_PARAM_FLOAT) {
      EXPECT_EQ(x, std::round(x));
    }
    if (p.step > 0) {
      const double k = (x - p.low) / p.step;
      EXPECT_NEAR(k, std::round(k), 1e-9);
    }
  }
}

double mixed_loss(const std::vector<double>& v) {
  double loss = std::pow(std::log10(v[1]) + 2.5, 2);
  if (v[0] == 0) loss += (v[3] == 3 ? 0 : 0.5) + (std::isnan(v[4]) ? 0.3 : std::abs(v[4] - 1.25));
  if (v[0] == 1) loss += 0.2 + std::abs(std::log2(v[2]) - 3) * 0.1;
  if (v[0] == 2) loss += 0.4 + std::abs(v[6] - 128) / 512;
  return loss + (v[5] == 1 ? 0 : 0.05);
}

TEST(BayesStrategy, ProposalsAreValidTrialsOfAMixedConditionalSpace) {
  for (const char* acquisition : {"logei", "ucb", "pi"}) {
    SCOPED_TRACE(acquisition);
    SpaceBuilder b = mixed_space();
    // Plain standardized outputs, as this test was written for: the default power warp finds
    // branch 0 by trial 40 less often on this small problem (in 6 of 12 seeds with ucb, against
    // 9 of 12 unwarped), a known cost of the warp, reported in the plugin README.
    Driver d("bayes",
             std::string("output_transform = \"none\"\nacquisition = \"") + acquisition + "\"", 5,
             b.space());
    std::vector<double> v;
    std::set<std::vector<double>> model_choices_seen;
    double best = INFINITY;
    for (int t = 0; t < 40; ++t) {
      ASSERT_EQ(d.ask(v), AMS_OK);
      expect_valid(b, v);
      if (HasFailure()) return;
      model_choices_seen.insert({v[0]});
      const double y = mixed_loss(v);
      best = std::min(best, y);
      d.tell(d.last_number(), v, y);
    }
    EXPECT_EQ(model_choices_seen.size(), 3u) << "every branch gets explored";
    // The optimum is 0 (model 0, kernel 3, gamma 1.25, lr 10^-2.5, shuffle); the second best
    // branch costs 0.2. PI is too greedy for a promise here; the others must find branch 0.
    if (std::string(acquisition) != "pi") {
      EXPECT_LT(best, 0.15);
    }
  }
}

TEST(BayesStrategy, IsDeterministicPerSeed) {
  auto run = [](uint64_t seed) {
    SpaceBuilder b = mixed_space();
    Driver d("bayes", "", seed, b.space());
    std::vector<std::vector<double>> history;
    d.minimize(mixed_loss, 25, &history);
    return history;
  };
  const auto a = run(3), b = run(3), c = run(4);
  ASSERT_EQ(a.size(), b.size());
  for (size_t i = 0; i < a.size(); ++i)
    for (size_t j = 0; j < a[i].size(); ++j) {
      if (std::isnan(a[i][j])) {
        EXPECT_TRUE(std::isnan(b[i][j]));
      } else {
        EXPECT_EQ(a[i][j], b[i][j]) << "trial " << i << " param " << j;
      }
    }
  EXPECT_NE(a[0], c[0]) << "another seed, another design";
}

TEST(BayesStrategy, ResumesFromToldTrialsItNeverAsked) {
  SpaceBuilder b = branin_space();
  // A previous run's trials: a coarse grid, told to a fresh object before any ask.
  Driver d("bayes", "", 9, b.space());
  int64_t number = 0;
  double told_best = INFINITY;
  for (double x = -5; x <= 10; x += 5)
    for (double y = 0; y <= 15; y += 5) {
      const std::vector<double> v = {x, y};
      told_best = std::min(told_best, branin(v));
      d.tell(number++, v, branin(v));
    }
  // 16 trials told >= startup_trials: the model drives from the first ask, and improves on
  // what it was told quickly.
  const double best = d.minimize(branin, 15);
  EXPECT_LT(best, told_best);
  EXPECT_LT(best - kBraninMin, 0.05);
}

TEST(BayesStrategy, ParallelAsksAreDistinctAndSpreadOut) {
  for (const char* liar : {"mean", "min", "max"}) {
    SCOPED_TRACE(liar);
    SpaceBuilder b = branin_space();
    Driver d("bayes", std::string("liar = \"") + liar + "\"", 2, b.space());
    d.minimize(branin, 12);
    std::vector<std::vector<double>> batch(4);
    std::vector<int64_t> numbers;
    for (auto& v : batch) {
      ASSERT_EQ(d.ask(v), AMS_OK);
      numbers.push_back(d.last_number());
    }
    for (size_t i = 0; i < batch.size(); ++i)
      for (size_t j = 0; j < i; ++j) {
        const double dist = std::hypot((batch[i][0] - batch[j][0]) / 15, (batch[i][1] - batch[j][1]) / 15);
        EXPECT_GT(dist, 1e-3) << "asks " << i << " and " << j << " coincide";
      }
    // Told out of order.
    for (size_t i = batch.size(); i-- > 0;) d.tell(numbers[i], batch[i], branin(batch[i]));
    std::vector<double> v;
    EXPECT_EQ(d.ask(v), AMS_OK);
  }
}

TEST(BayesStrategy, KeepsGoingThroughFailedAndPrunedTrials) {
  for (const char* failed : {"worst", "ignore"}) {
    SCOPED_TRACE(failed);
    SpaceBuilder b = branin_space();
    Driver d("bayes", std::string("failed = \"") + failed + "\"", 4, b.space());
    std::vector<double> v;
    std::set<std::vector<double>> seen;
    double best = INFINITY;
    int crashes = 0;
    for (int t = 0; t < 30; ++t) {
      ASSERT_EQ(d.ask(v), AMS_OK);
      EXPECT_TRUE(seen.insert(v).second) << "a told point came back at trial " << t;
      if (v[0] > 7) {  // a region where the "model" crashes
        ++crashes;
        d.tell(d.last_number(), v, NAN, AMS_TRIAL_FAILED);
      } else if (t % 7 == 3) {
        d.tell(d.last_number(), v, branin(v) + 5, AMS_TRIAL_PRUNED);
      } else if (t % 11 == 5) {
        d.tell(d.last_number(), v, NAN, AMS_TRIAL_PRUNED);  // pruned before any report
      } else {
        best = std::min(best, branin(v));
        d.tell(d.last_number(), v, branin(v));
      }
    }
    if (std::string(failed) == "worst") {
      // Failures count as the worst value seen, so the crashing region is left alone and
      // the two minima at x < 7 get found.
      EXPECT_LE(crashes, 8);
      EXPECT_LT(best - kBraninMin, 0.1);
    }
  }
}

TEST(BayesStrategy, ReportsExhaustionOfASmallDiscreteSpace) {
  SpaceBuilder b;
  b.add_int("n", 0, 3);
  b.add_bool("flag");
  Driver d("bayes", "startup_trials = 3", 1, b.space());
  std::set<std::vector<double>> seen;
  std::vector<double> v;
  for (int t = 0; t < 8; ++t) {
    ASSERT_EQ(d.ask(v), AMS_OK) << "trial " << t;
    EXPECT_TRUE(seen.insert(v).second) << "repeated a configuration at trial " << t;
    d.tell(d.last_number(), v, v[0] + v[1]);
  }
  EXPECT_EQ(d.ask(v), AMS_EXHAUSTED);
}

TEST(BayesStrategy, RejectsBadOptionsAndSpaces) {
  EXPECT_THROW(amtest::make(AMS_KIND_STRATEGY, "bayes", "acquisition = \"ei2\""), std::runtime_error);
  try {
    amtest::make(AMS_KIND_STRATEGY, "bayes", "acquisition = \"ei2\"");
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("logei"), std::string::npos) << e.what();
  }
  EXPECT_THROW(amtest::make(AMS_KIND_STRATEGY, "bayes", "candidates = 2"), std::runtime_error);
  EXPECT_THROW(amtest::make(AMS_KIND_STRATEGY, "bayes", "liar = 3"), std::runtime_error);

  SpaceBuilder b;
  b.add_float("lr", 0, 1, /*log=*/true);
  auto object = amtest::make(AMS_KIND_STRATEGY, "bayes", "");
  EXPECT_EQ(object->component.strategy.start(object->self, &b.space()), AMS_ERR_INVALID);
  const std::string message = object->error();
  EXPECT_NE(message.find("lr"), std::string::npos) << message;

  // Told trials must match the space.
  SpaceBuilder two = branin_space();
  Driver d("bayes", "", 1, two.space());
  const std::vector<double> wrong = {1.0, 2.0, 3.0};
  ams_trial_result r{};
  r.struct_size = sizeof r;
  r.trial = {sizeof(ams_trial), 0, 3, wrong.data(), 1.0};
  r.state = AMS_TRIAL_COMPLETE;
  r.value = 1;
  EXPECT_EQ(d.vtable().tell(d.object().self, &r), AMS_ERR_INVALID);
}

}  // namespace
}  // namespace bayestest
