#include <algorithm>
#include <set>

#include "space_fixture.hpp"

using namespace strategy_test;

TEST(RandomStrategy, MixedConditionalSpaceProperties) {
  Space s = mixed_space();
  Strategy r("random", s, "", 7);
  std::set<double> models, depths;
  int low_lr = 0, small_n = 0, n_count = 0;
  const int trials = 3000;
  for (int t = 0; t < trials; ++t) {
    auto v = r.ask(t);
    expect_valid(s, v);
    models.insert(v[0]);
    if (!std::isnan(v[2])) depths.insert(v[2]);
    low_lr += v[1] < 1e-2;
    if (!std::isnan(v[3])) {
      ++n_count;
      small_n += v[3] <= 31;
    }
  }
  EXPECT_EQ(models.size(), 3u);
  EXPECT_EQ(depths.size(), 20u);  // inclusive bounds: 1 and 20 both drawn
  // Log-uniform: half the mass of [1e-4, 1] lies below 1e-2.
  EXPECT_NEAR(low_lr / double(trials), 0.5, 0.04);
  // Log-uniform ints: P(n <= 31) = log(31.5 / 0.5) / log(1000.5 / 0.5) = 0.545.
  EXPECT_NEAR(small_n / double(n_count), std::log(63.0) / std::log(2001.0), 0.06);
}

TEST(RandomStrategy, DeterministicPerSeed) {
  Space s = mixed_space();
  Strategy a("random", s, "", 3), b("random", s, "", 3), c("random", s, "", 4);
  bool any_differs = false;
  for (int t = 0; t < 50; ++t) {
    auto va = a.ask(t), vb = b.ask(t), vc = c.ask(t);
    EXPECT_TRUE(same_point(va, vb)) << t;
    any_differs |= !same_point(va, vc);
  }
  EXPECT_TRUE(any_differs);
  // The trial number picks the point: asking out of order gives the same points.
  Strategy d("random", s, "", 3);
  auto late = d.ask(10);
  Strategy e("random", s, "", 3);
  for (int t = 0; t < 10; ++t) e.ask(t);
  EXPECT_TRUE(same_point(late, e.ask(10)));
}

// Neighbouring seeds must give unrelated streams: an earlier mixing made seed k+1's trial n
// equal seed k's trial n+64, so "10 seeds" were nearly one run shifted.
TEST(RandomStrategy, NeighbouringSeedsShareNoPoints) {
  Space s = mixed_space();
  for (uint64_t seed = 1; seed <= 4; ++seed) {
    Strategy a("random", s, "", seed), b("random", s, "", seed + 1);
    std::vector<std::vector<double>> from_a;
    for (int t = 0; t < 300; ++t) from_a.push_back(a.ask(t));
    int shared = 0;
    for (int t = 0; t < 300; ++t) {
      auto vb = b.ask(t);
      shared += std::any_of(from_a.begin(), from_a.end(),
                            [&](const std::vector<double>& va) { return va[1] == vb[1]; });
    }
    EXPECT_EQ(shared, 0) << "seeds " << seed << " and " << seed + 1;
  }
}

TEST(RandomStrategy, MaxTrialsThenExhausted) {
  Space s = mixed_space();
  Strategy r("random", s, "max_trials = 5");
  std::vector<double> v;
  for (int t = 0; t < 5; ++t) EXPECT_EQ(r.ask(t, v), AMS_OK);
  EXPECT_EQ(r.ask(5, v), AMS_EXHAUSTED);
  EXPECT_EQ(r.ask(6, v), AMS_EXHAUSTED);
}

TEST(RandomStrategy, ToldTrialsItNeverAskedCountTowardMaxTrials) {
  Space s = mixed_space();
  Strategy donor("random", s, "", 99);
  Strategy r("random", s, "max_trials = 4");
  for (int t = 0; t < 3; ++t) EXPECT_EQ(r.tell(t, donor.ask(t), 0.5 * t), AMS_OK);
  std::vector<double> v;
  EXPECT_EQ(r.ask(3, v), AMS_OK);
  expect_valid(s, v);
  EXPECT_EQ(r.ask(4, v), AMS_EXHAUSTED);
}

TEST(RandomStrategy, BadOptionsAndSpaces) {
  Space s = mixed_space();
  EXPECT_THROW(Strategy("random", s, "sampler = 'halton'"), std::runtime_error);
  EXPECT_THROW(Strategy("random", s, "max_trials = 0"), std::runtime_error);
  Space bad;
  bad.add_float("x", 0, 1, true);  // log scale with low = 0
  try {
    Strategy("random", bad);
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("parameter 'x': a log scale needs low > 0"), std::string::npos)
        << e.what();
  }
}

TEST(RandomSobol, MixedSpacePropertiesAndDeterminism) {
  Space s = mixed_space();
  Strategy a("random", s, "sampler = 'sobol'", 5), b("random", s, "sampler = 'sobol'", 5);
  for (int t = 0; t < 500; ++t) {
    auto v = a.ask(t);
    expect_valid(s, v);
    EXPECT_TRUE(same_point(v, b.ask(t)));
  }
}

// The first 2^m scrambled Sobol points put exactly one point in each interval of width 2^-m,
// in every dimension; the first two dimensions form a (0, m, 2)-net: one point per 4x4 cell.
TEST(RandomSobol, StratifiedInEveryDimension) {
  Space s;
  for (int d = 0; d < 32; ++d) s.add_float("x" + std::to_string(d), 0, 1);
  for (uint64_t seed : {1u, 2u}) {
    Strategy r("random", s, "sampler = 'sobol'", seed);
    std::vector<std::vector<double>> pts;
    for (int t = 0; t < 64; ++t) pts.push_back(r.ask(t));
    for (int d = 0; d < 32; ++d) {
      std::set<int> cells;
      for (auto& p : pts) cells.insert(static_cast<int>(p[static_cast<size_t>(d)] * 64));
      EXPECT_EQ(cells.size(), 64u) << "dimension " << d;
    }
    std::set<int> cells2d;
    for (int t = 0; t < 16; ++t)
      cells2d.insert(static_cast<int>(pts[t][0] * 4) * 4 + static_cast<int>(pts[t][1] * 4));
    EXPECT_EQ(cells2d.size(), 16u);
  }
}

TEST(RandomSobol, ScramblingDependsOnSeedAndHighDimensionsFallBack) {
  Space s;
  for (int d = 0; d < 40; ++d) s.add_float("x" + std::to_string(d), -1, 1);
  Strategy a("random", s, "sampler = 'sobol'", 1), b("random", s, "sampler = 'sobol'", 2);
  auto va = a.ask(0), vb = b.ask(0);
  EXPECT_FALSE(same_point(va, vb));
  for (int t = 1; t < 100; ++t) expect_valid(s, a.ask(t));
}
