#include <algorithm>
#include <functional>
#include <set>

#include "space_fixture.hpp"

using namespace strategy_test;

namespace {

// kind (2) -> y: int 1..4 when kind = 0, z: bool when kind = 1; x: float, 3 points.
// kind 0: 3 * 4 = 12 points, kind 1: 3 * 2 = 6 points.
Space small_space() {
  Space s;
  int32_t kind = s.add_choice("kind", 2);
  s.add_float("x", 0, 1);
  s.add_int("y", 1, 4);
  s.when(kind, {0});
  s.add_bool("z");
  s.when(kind, {1});
  return s;
}

std::vector<std::vector<double>> drain(Strategy& g, int64_t first_number = 0, int64_t limit = 100000) {
  std::vector<std::vector<double>> out;
  std::vector<double> v;
  for (int64_t t = first_number; t < first_number + limit; ++t) {
    ams_status s = g.ask(t, v);
    if (s == AMS_EXHAUSTED) break;
    EXPECT_EQ(s, AMS_OK);
    out.push_back(v);
  }
  return out;
}

bool contains(const std::vector<std::vector<double>>& pts, const std::vector<double>& p) {
  return std::any_of(pts.begin(), pts.end(), [&](auto& q) { return same_point(p, q); });
}

std::vector<double> values_of(Space& s, const std::string& options) {
  Strategy g("grid", s, options);
  std::vector<double> out;
  for (auto& p : drain(g)) out.push_back(p[0]);
  return out;
}

}  // namespace

TEST(GridStrategy, ExhaustsAfterEveryActiveCombination) {
  Space s = small_space();
  Strategy g("grid", s, "resolution = 3");
  auto pts = drain(g);
  EXPECT_EQ(pts.size(), 18u);
  for (size_t i = 0; i < pts.size(); ++i) {
    expect_valid(s, pts[i]);
    for (size_t j = 0; j < i; ++j) EXPECT_FALSE(same_point(pts[i], pts[j])) << i << " repeats " << j;
  }
  std::vector<double> v;
  EXPECT_EQ(g.ask(100, v), AMS_EXHAUSTED);  // and stays exhausted
  EXPECT_TRUE(contains(pts, {0, 0.5, 4, std::nan("")}));
  EXPECT_TRUE(contains(pts, {1, 1.0, std::nan(""), 1}));
}

TEST(GridStrategy, MixedConditionalSpace) {
  Space s = mixed_space();
  Strategy g("grid", s, "resolution = 3");
  auto pts = drain(g);
  // Independent count: model 0: depth axis {1, 10.5->11, 20} (20 values > max_int_values = 10,
  // so 3 evenly spaced), leaf (4 values) only under depth 1: (1*4 + 2) = 6; model 1: n (1000
  // values, 3 log-spaced: 1, 32, 1000) x alpha (5 steps) = 15; model 2: alpha 5.
  // Times lr (3) and use_x (false: 1, true: gamma 3) = 4: (6 + 15 + 5) * 3 * 4.
  EXPECT_EQ(pts.size(), static_cast<size_t>((6 + 15 + 5) * 3 * 4));
  std::set<double> ns;
  for (size_t i = 0; i < pts.size(); ++i) {
    expect_valid(s, pts[i]);
    if (!std::isnan(pts[i][3])) ns.insert(pts[i][3]);
  }
  EXPECT_EQ(ns, (std::set<double>{1, 32, 1000}));
}

TEST(GridStrategy, AxisRules) {
  Space f;
  f.add_float("x", 1e-3, 10, true);
  auto logs = values_of(f, "");
  ASSERT_EQ(logs.size(), 5u);
  for (size_t i = 0; i < 5; ++i) EXPECT_NEAR(std::log10(logs[i]), -3.0 + static_cast<double>(i), 1e-12);

  Space stepped;
  stepped.add_float("x", 0, 1, false, 0.25);
  EXPECT_EQ(values_of(stepped, "resolution = 2"), (std::vector<double>{0, 0.25, 0.5, 0.75, 1}));

  Space wide;
  wide.add_int("k", 1, 100);
  EXPECT_EQ(values_of(wide, ""), (std::vector<double>{1, 26, 51, 75, 100}));
  EXPECT_EQ(values_of(wide, "max_int_values = 100").size(), 100u);

  Space narrow;
  narrow.add_int("k", 2, 20, false, 2);  // 10 values: all of them
  EXPECT_EQ(values_of(narrow, "").size(), 10u);

  Space one;
  one.add_float("x", 2, 8, true);
  EXPECT_EQ(values_of(one, "resolution = 1"), (std::vector<double>{4}));
}

TEST(GridStrategy, ShuffleIsAPermutationFixedBySeed) {
  Space s = small_space();
  Strategy plain("grid", s, "resolution = 3");
  Strategy a("grid", s, "resolution = 3\nshuffle = true", 11), b("grid", s, "resolution = 3\nshuffle = true", 11),
      c("grid", s, "resolution = 3\nshuffle = true", 12);
  auto p = drain(plain), pa = drain(a), pb = drain(b), pc = drain(c);
  ASSERT_EQ(pa.size(), p.size());
  for (auto& q : p) EXPECT_TRUE(contains(pa, q));
  bool same_ab = true, same_ac = true, same_plain = true;
  for (size_t i = 0; i < pa.size(); ++i) {
    same_ab &= same_point(pa[i], pb[i]);
    same_ac &= same_point(pa[i], pc[i]);
    same_plain &= same_point(pa[i], p[i]);
  }
  EXPECT_TRUE(same_ab);
  EXPECT_FALSE(same_ac);
  EXPECT_FALSE(same_plain);
}

TEST(GridStrategy, SkipsPointsToldButNeverAsked) {
  Space s = small_space();
  Strategy first("grid", s, "resolution = 3");
  auto all = drain(first);
  Strategy resumed("grid", s, "resolution = 3");
  // A previous run finished trials 0..4 (points 2, 5, 8, 11, 14); it tells them on resume.
  std::vector<std::vector<double>> told;
  for (int t = 0; t < 5; ++t) {
    told.push_back(all[static_cast<size_t>(3 * t + 2)]);
    EXPECT_EQ(resumed.tell(t, told.back(), 1.0), AMS_OK);
  }
  // Also a point from another space shape: ignored, not an error.
  EXPECT_EQ(resumed.tell(99, {1, 2}, 0.0), AMS_OK);
  auto rest = drain(resumed, 5);
  EXPECT_EQ(rest.size(), all.size() - told.size());
  for (auto& p : told) EXPECT_FALSE(contains(rest, p));
  // Telling the trials it asked changes nothing.
  Strategy g("grid", s, "resolution = 3");
  std::vector<double> v;
  for (int t = 0; t < 3; ++t) {
    ASSERT_EQ(g.ask(t, v), AMS_OK);
    EXPECT_EQ(g.tell(t, v, 0.1), AMS_OK);
  }
  EXPECT_EQ(drain(g, 3).size(), all.size() - 3);
}

TEST(GridStrategy, ShuffledGridTooLargeIsAClearError) {
  Space s;
  for (int d = 0; d < 4; ++d) s.add_float("x" + std::to_string(d), 0, 1);
  try {
    Strategy g("grid", s, "resolution = 10\nshuffle = true\nmax_points = 1000");
    FAIL() << "expected an error";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("the grid has more than max_points = 1000 points"), std::string::npos)
        << e.what();
  }
}
