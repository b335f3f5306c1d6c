// Spaces built from the pipeline's parameters: names, order, ABI fields, conditions, CASH.
#include <gtest/gtest.h>

#include <cmath>
#include <string>

#include "space/search_space.hpp"
#include "space_fixture.hpp"

namespace {

using amcore::ParamDef;
using amcore::SearchSpace;
using amtest::space_of;

const char* kForest = R"(
[model]
plugin = "random_forest"
fixed = { n_jobs = 1 }
[model.space]
n_estimators = { int = [10, 300], log = true }
max_depth = { int = [2, 32], step = 2 }
max_features = { choice = ["sqrt", "log2", 0.5] }
bootstrap = { bool = true }
max_samples = { float = [0.5, 1.0], step = 0.1, when = { bootstrap = true } }
min_impurity = { float = [1e-6, 1e-1], log = true }
)";

TEST(SpaceBuilding, SingleModelUsesPlainNamesInDocumentOrder) {
  const SearchSpace space = space_of(kForest);
  ASSERT_EQ(space.size(), 6);
  EXPECT_EQ(space.name(0), "n_estimators");
  EXPECT_EQ(space.name(1), "max_depth");
  EXPECT_EQ(space.name(2), "max_features");
  EXPECT_EQ(space.name(3), "bootstrap");
  EXPECT_EQ(space.name(4), "max_samples");
  EXPECT_EQ(space.name(5), "min_impurity");
  EXPECT_EQ(space.candidate_count(), 1);
  EXPECT_EQ(space.find("bootstrap"), 3);
  EXPECT_EQ(space.find("nope"), -1);
  EXPECT_EQ(space.where(2).str(), "p.toml:12:1");
}

TEST(SpaceBuilding, AbiFields) {
  const SearchSpace space = space_of(kForest);
  const ams_space* abi = space.abi();
  ASSERT_NE(abi, nullptr);
  EXPECT_EQ(abi->struct_size, sizeof(ams_space));
  ASSERT_EQ(abi->n_params, 6);

  const ams_param& n = *abi->params[0];
  EXPECT_EQ(n.struct_size, sizeof(ams_param));
  EXPECT_STREQ(n.name, "n_estimators");
  EXPECT_EQ(n.type, AMS_PARAM_INT);
  EXPECT_EQ(n.log, 1);
  EXPECT_EQ(n.low, 10);
  EXPECT_EQ(n.high, 300);
  EXPECT_EQ(n.step, 1);
  EXPECT_EQ(n.parent, -1);
  EXPECT_EQ(n.n_parent_values, 0);

  EXPECT_EQ(abi->params[1]->step, 2);

  const ams_param& features = *abi->params[2];
  EXPECT_EQ(features.type, AMS_PARAM_CATEGORICAL);
  EXPECT_EQ(features.low, 0);
  EXPECT_EQ(features.high, 2);
  ASSERT_EQ(features.n_choices, 3);
  EXPECT_STREQ(features.choices[0], "sqrt");
  EXPECT_STREQ(features.choices[1], "log2");
  EXPECT_STREQ(features.choices[2], "0.5");

  const ams_param& bootstrap = *abi->params[3];
  EXPECT_EQ(bootstrap.type, AMS_PARAM_BOOL);
  EXPECT_EQ(bootstrap.low, 0);
  EXPECT_EQ(bootstrap.high, 1);

  const ams_param& samples = *abi->params[4];
  EXPECT_EQ(samples.type, AMS_PARAM_FLOAT);
  EXPECT_EQ(samples.step, 0.1);
  EXPECT_EQ(samples.parent, 3);
  ASSERT_EQ(samples.n_parent_values, 1);
  EXPECT_EQ(samples.parent_values[0], 1.0);

  EXPECT_EQ(abi->params[5]->log, 1);
  EXPECT_EQ(&space.param(4), abi->params[4]);
}

TEST(SpaceBuilding, AbiViewSurvivesAMove) {
  SearchSpace space = space_of(kForest);
  const ams_space* before = space.abi();
  SearchSpace moved = std::move(space);
  EXPECT_EQ(moved.abi(), before);
  EXPECT_STREQ(moved.abi()->params[2]->choices[1], "log2");
}

const char* kCash = R"(
[[candidates]]
plugin = "ridge"
[candidates.space]
alpha = { float = [0.001, 100], log = true }

[[candidates]]
plugin = "knn"
fixed = { algorithm = "brute" }
[candidates.space]
k = { int = [1, 30] }
weights = { choice = ["uniform", "distance"] }
p = { int = [1, 2], when = { weights = "distance" } }

[[candidates]]
plugin = "decision_tree"
)";

TEST(SpaceBuilding, CashHasAModelRootAndPrefixedConditionalParams) {
  const SearchSpace space = space_of(kCash);
  ASSERT_EQ(space.size(), 5);
  EXPECT_EQ(space.candidate_count(), 3);
  const ams_param& root = space.param(0);
  EXPECT_STREQ(root.name, "model");
  EXPECT_EQ(root.type, AMS_PARAM_CATEGORICAL);
  ASSERT_EQ(root.n_choices, 3);
  EXPECT_STREQ(root.choices[0], "ridge");
  EXPECT_STREQ(root.choices[1], "knn");
  EXPECT_STREQ(root.choices[2], "decision_tree");
  EXPECT_EQ(root.parent, -1);

  EXPECT_EQ(space.name(1), "ridge.alpha");
  EXPECT_EQ(space.param(1).parent, 0);
  EXPECT_EQ(space.param(1).parent_values[0], 0.0);
  EXPECT_EQ(space.name(2), "knn.k");
  EXPECT_EQ(space.param(2).parent, 0);
  EXPECT_EQ(space.param(2).parent_values[0], 1.0);
  EXPECT_EQ(space.name(3), "knn.weights");
  // A condition inside a candidate hangs off its parent, which hangs off "model".
  EXPECT_EQ(space.name(4), "knn.p");
  EXPECT_EQ(space.param(4).parent, 3);
  ASSERT_EQ(space.param(4).n_parent_values, 1);
  EXPECT_EQ(space.param(4).parent_values[0], 1.0);  // "distance" is choice 1
}

TEST(SpaceBuilding, CashWithTheSamePluginTwiceIndexesTheNames) {
  const SearchSpace space = space_of(R"(
[[candidates]]
plugin = "mlp"
fixed = { solver = "adam" }
[candidates.space]
lr = { float = [0.0001, 0.1], log = true }
[[candidates]]
plugin = "mlp"
fixed = { solver = "sgd" }
[candidates.space]
lr = { float = [0.001, 1], log = true }
)");
  ASSERT_EQ(space.size(), 3);
  EXPECT_STREQ(space.param(0).choices[0], "0:mlp");
  EXPECT_STREQ(space.param(0).choices[1], "1:mlp");
  EXPECT_EQ(space.name(1), "0:mlp.lr");
  EXPECT_EQ(space.name(2), "1:mlp.lr");
}

TEST(SpaceBuilding, EmptySpaces) {
  const SearchSpace none;
  EXPECT_EQ(none.size(), 0);
  EXPECT_EQ(none.abi()->n_params, 0);
  const SearchSpace fixed_model = space_of("[model]\nplugin = 'ridge'\n");
  EXPECT_EQ(fixed_model.size(), 0);
  EXPECT_EQ(fixed_model.candidate_count(), 1);
  EXPECT_EQ(fixed_model.options_for(nullptr).size(), 0u);
}

TEST(SpaceBuilding, FromParamsOrdersParentsFirst) {
  ParamDef child;
  child.name = "units";
  child.type = ParamDef::Type::Int;
  child.low = 8;
  child.high = 64;
  child.when_param = "layers";
  child.when_values.push_back(2);
  ParamDef parent;
  parent.name = "layers";
  parent.type = ParamDef::Type::Int;
  parent.low = 1;
  parent.high = 3;
  const SearchSpace space = SearchSpace::from_params({child, parent});
  ASSERT_EQ(space.size(), 2);
  EXPECT_EQ(space.name(0), "layers");
  EXPECT_EQ(space.name(1), "units");
  EXPECT_EQ(space.param(1).parent, 0);
  EXPECT_EQ(space.param(1).parent_values[0], 2.0);
  EXPECT_EQ(space.param(1).step, 1);  // an int's step defaults to 1
}

TEST(SpaceBuilding, FromParamsRejectsBadDefinitions) {
  ParamDef orphan;
  orphan.name = "x";
  orphan.low = 0;
  orphan.high = 1;
  orphan.when_param = "missing";
  orphan.when_values.push_back(1);
  orphan.where = {"p.toml", 3, 1};
  try {
    SearchSpace::from_params({orphan});
    FAIL() << "no error";
  } catch (const amcore::InputError& error) {
    EXPECT_STREQ(error.what(), "p.toml:3:1: parameter 'x' depends on unknown parameter 'missing'");
  }
  ParamDef reversed;
  reversed.name = "y";
  reversed.low = 2;
  reversed.high = 1;
  EXPECT_THROW(SearchSpace::from_params({reversed}), amcore::InputError);
  ParamDef twice = reversed;
  twice.low = 0;
  EXPECT_THROW(SearchSpace::from_params({twice, twice}), amcore::InputError);
}

}  // namespace
