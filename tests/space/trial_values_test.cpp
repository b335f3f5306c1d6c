// Trial vectors: which parameters are active, what check() rejects, the typed options a model
// receives and the text shown in tables.
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <string>
#include <vector>

#include "space/search_space.hpp"
#include "space_fixture.hpp"

namespace {

using amcore::SearchSpace;
using amtest::space_of;

constexpr double NaN = std::numeric_limits<double>::quiet_NaN();

const char* kCash = R"(
[[candidates]]
plugin = "ridge"
fixed = { fit_intercept = true }
[candidates.space]
alpha = { float = [0.001, 100], log = true }

[[candidates]]
plugin = "knn"
fixed = { algorithm = "brute", metric = { name = "minkowski" } }
[candidates.space]
k = { int = [1, 30] }
weights = { choice = ["uniform", "distance"] }
p = { int = [1, 2], when = { weights = "distance" } }
)";
// Indices: 0 model, 1 ridge.alpha, 2 knn.k, 3 knn.weights, 4 knn.p

TEST(TrialValues, ActivityFollowsTheModelChoiceAndNestedConditions) {
  const SearchSpace space = space_of(kCash);
  const std::vector<double> ridge = {0, 0.5, NaN, NaN, NaN};
  EXPECT_TRUE(space.is_active(0, ridge.data()));
  EXPECT_TRUE(space.is_active(1, ridge.data()));
  EXPECT_FALSE(space.is_active(2, ridge.data()));
  EXPECT_FALSE(space.is_active(4, ridge.data()));
  const std::vector<double> knn_uniform = {1, NaN, 5, 0, NaN};
  EXPECT_FALSE(space.is_active(1, knn_uniform.data()));
  EXPECT_TRUE(space.is_active(2, knn_uniform.data()));
  EXPECT_FALSE(space.is_active(4, knn_uniform.data()));
  const std::vector<double> knn_distance = {1, NaN, 5, 1, 2};
  EXPECT_TRUE(space.is_active(4, knn_distance.data()));
  // "distance" chosen but the model is ridge: p's parent is inactive, so p is too.
  const std::vector<double> mixed = {0, 0.5, NaN, 1, NaN};
  EXPECT_FALSE(space.is_active(4, mixed.data()));
  EXPECT_EQ(space.candidate_of(ridge.data()), 0);
  EXPECT_EQ(space.candidate_of(knn_distance.data()), 1);
}

TEST(TrialValues, CheckAcceptsValidTrials) {
  const SearchSpace space = space_of(kCash);
  const std::vector<double> ridge = {0, 100, NaN, NaN, NaN};
  EXPECT_EQ(space.check(ridge.data()), "");
  const std::vector<double> knn = {1, NaN, 30, 1, 1};
  EXPECT_EQ(space.check(knn.data()), "");
}

TEST(TrialValues, CheckRejectsWhatIsWrongAndNamesTheParameter) {
  const SearchSpace space = space_of(kCash);
  const auto check = [&](std::vector<double> values) { return space.check(values.data()); };
  EXPECT_EQ(check({0, NaN, NaN, NaN, NaN}), "parameter 'ridge.alpha' is active but has no value (NaN)");
  EXPECT_EQ(check({0, 0.5, 3, NaN, NaN}),
            "parameter 'knn.k' is inactive (it applies when 'model' is one of knn) but has the "
            "value 3; inactive parameters must be NaN");
  EXPECT_EQ(check({1, NaN, 5, 0, 2}),
            "parameter 'knn.p' is inactive (it applies when 'knn.weights' is one of distance) but "
            "has the value 2; inactive parameters must be NaN");
  EXPECT_EQ(check({0, 200, NaN, NaN, NaN}),
            "parameter 'ridge.alpha' = 200 is outside [0.001, 100]");
  EXPECT_EQ(check({1, NaN, 2.5, 0, NaN}), "parameter 'knn.k' = 2.5 is not an integer");
  EXPECT_EQ(check({1, NaN, 31, 0, NaN}), "parameter 'knn.k' = 31 is outside [1, 30]");
  EXPECT_EQ(check({1, NaN, 3, 2, NaN}),
            "parameter 'knn.weights' = 2 is not a choice index (0 to 1)");
  EXPECT_EQ(check({3, NaN, NaN, NaN, NaN}),
            "parameter 'model' = 3 is not a choice index (0 to 1)");
  EXPECT_EQ(check({0, INFINITY, NaN, NaN, NaN}), "parameter 'ridge.alpha' has the value inf");
}

TEST(TrialValues, CheckStepGridsBoolsAndRounding) {
  const SearchSpace space = space_of(R"(
[model]
plugin = "m"
[model.space]
depth = { int = [2, 32], step = 3 }
frac = { float = [0.5, 1.0], step = 0.1 }
flag = { bool = true }
rate = { float = [0.001, 0.1], log = true }
)");
  const auto check = [&](std::vector<double> values) { return space.check(values.data()); };
  EXPECT_EQ(check({5, 0.7, 1, 0.01}), "");
  EXPECT_EQ(check({6, 0.7, 1, 0.01}), "parameter 'depth' = 6 is not on its grid 2 + k * 3");
  EXPECT_EQ(check({5, 0.75, 1, 0.01}), "parameter 'frac' = 0.75 is not on its grid 0.5 + k * 0.1");
  EXPECT_EQ(check({5, 0.5 + 3 * 0.1, 1, 0.01}), "");  // 0.8000000000000002 is on the grid
  EXPECT_EQ(check({5, 0.7, 0.5, 0.01}), "parameter 'flag' = 0.5 is not 0 or 1");
  // exp(log(high)) may overshoot by an ulp; that is not an error.
  EXPECT_EQ(check({5, 0.7, 0, std::exp(std::log(0.1))}), "");
  EXPECT_NE(check({5, 0.7, 0, 0.1001}), "");
}

TEST(TrialValues, OptionsHaveTomlTypesAndOnlyTheChosenCandidate) {
  const SearchSpace space = space_of(kCash);
  const std::vector<double> knn = {1, NaN, 7, 1, 2};
  const toml::table options = space.options_for(knn.data());
  EXPECT_EQ(options.size(), 5u);
  EXPECT_EQ(options["algorithm"].value<std::string>(), "brute");
  EXPECT_EQ(options["metric"]["name"].value<std::string>(), "minkowski");
  ASSERT_TRUE(options["k"].is_integer());
  EXPECT_EQ(options["k"].value<int64_t>(), 7);
  ASSERT_TRUE(options["weights"].is_string());
  EXPECT_EQ(options["weights"].value<std::string>(), "distance");
  ASSERT_TRUE(options["p"].is_integer());
  EXPECT_EQ(options["p"].value<int64_t>(), 2);
  EXPECT_FALSE(options.contains("alpha"));
  EXPECT_FALSE(options.contains("model"));

  const std::vector<double> ridge = {0, 0.25, NaN, NaN, NaN};
  const toml::table ridge_options = space.options_for(ridge.data());
  EXPECT_EQ(ridge_options.size(), 2u);
  ASSERT_TRUE(ridge_options["alpha"].is_floating_point());
  EXPECT_EQ(ridge_options["alpha"].value<double>(), 0.25);
  EXPECT_EQ(ridge_options["fit_intercept"].value<bool>(), true);

  const std::vector<double> uniform = {1, NaN, 3, 0, NaN};
  EXPECT_FALSE(space.options_for(uniform.data()).contains("p"));
}

TEST(TrialValues, ChoicesKeepTheirOriginalTomlValues) {
  const SearchSpace space = space_of(R"(
[model]
plugin = "m"
[model.space]
mixed = { choice = ["auto", 3, 0.5, true, [64, 64]] }
flag = { bool = true }
step = { float = [0, 1], step = 0.25 }
)");
  const auto options = [&](double mixed, double flag) {
    const std::vector<double> values = {mixed, flag, 0.5};
    return space.options_for(values.data());
  };
  EXPECT_TRUE(options(0, 0)["mixed"].is_string());
  EXPECT_TRUE(options(1, 0)["mixed"].is_integer());
  EXPECT_EQ(options(1, 0)["mixed"].value<int64_t>(), 3);
  EXPECT_TRUE(options(2, 0)["mixed"].is_floating_point());
  EXPECT_TRUE(options(3, 0)["mixed"].is_boolean());
  const toml::table with_layers = options(4, 0);
  const toml::array* layers = with_layers["mixed"].as_array();
  ASSERT_NE(layers, nullptr);
  EXPECT_EQ(layers->size(), 2u);
  ASSERT_TRUE(options(0, 1)["flag"].is_boolean());
  EXPECT_EQ(options(0, 1)["flag"].value<bool>(), true);
  EXPECT_EQ(options(0, 0)["flag"].value<bool>(), false);
  // A float with a step is handed over on its grid.
  const std::vector<double> off_grid = {0, 0, 0.26};
  EXPECT_EQ(space.options_for(off_grid.data())["step"].value<double>(), 0.25);
}

TEST(TrialValues, Format) {
  const SearchSpace space = space_of(R"(
[model]
plugin = "m"
[model.space]
kind = { choice = ["rbf", 2, [1, 2]] }
flag = { bool = true }
n = { int = [1, 100], log = true }
x = { float = [0, 1] }
)");
  EXPECT_EQ(space.format(0, 0), "rbf");
  EXPECT_EQ(space.format(0, 1), "2");
  EXPECT_EQ(space.format(0, 2), "[1, 2]");
  EXPECT_EQ(space.format(1, 1), "true");
  EXPECT_EQ(space.format(1, 0), "false");
  EXPECT_EQ(space.format(2, 42), "42");
  EXPECT_EQ(space.format(3, 0.1), "0.1");
  EXPECT_EQ(space.format(3, 1e-7), "1e-07");
  EXPECT_EQ(space.format(3, NaN), "");
}

TEST(TrialValues, LocateOptionPointsIntoThePipelineFile) {
  const SearchSpace space = space_of(kCash);
  // kCash starts on line 5 of the pipeline text (after 4 lines of [data] and [evaluation]).
  const std::vector<double> knn = {1, NaN, 7, 1, 2};
  EXPECT_EQ(space.locate_option(knn.data(), "k").str(), "p.toml:16:1");
  EXPECT_EQ(space.locate_option(knn.data(), "algorithm").str(), "p.toml:14:23");
  EXPECT_EQ(space.locate_option(knn.data(), "metric.name").str(), "p.toml:14:50");
  EXPECT_EQ(space.locate_option(knn.data(), "unknown").str(), "p.toml:12:1");
  const std::vector<double> ridge = {0, 0.5, NaN, NaN, NaN};
  EXPECT_EQ(space.locate_option(ridge.data(), "k").str(), "p.toml:6:1");  // not ridge's option
}

}  // namespace
