// Good pipeline files parse into the expected config, with defaults where keys are absent.
#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "config/pipeline.hpp"

namespace {

using amcore::ParamDef;

const std::string kGood = std::string(AMS_TEST_SOURCE_DIR) + "/tests/config/good";

const ParamDef& param(const std::vector<ParamDef>& space, const std::string& name) {
  for (const ParamDef& def : space)
    if (def.name == name) return def;
  throw std::runtime_error("no parameter " + name);
}

TEST(GoodPipelineFile, FullExample) {
  const amcore::PipelineConfig config = amcore::load_pipeline(kGood + "/full.toml");
  EXPECT_EQ(config.file, kGood + "/full.toml");
  EXPECT_EQ(config.base_dir, kGood);

  EXPECT_EQ(config.study.name, "digits-rf");
  EXPECT_EQ(config.study.trials, 100);
  EXPECT_EQ(config.study.timeout_seconds, 5400.0);
  EXPECT_EQ(config.study.target, 0.99);
  EXPECT_EQ(config.study.parallel, 2);
  EXPECT_EQ(config.study.seed, 42u);
  EXPECT_EQ(config.study.where.line, 2);

  ASSERT_TRUE(config.data);
  EXPECT_EQ(config.data->loader, "csv");
  EXPECT_FALSE(config.data->options.contains("loader"));
  EXPECT_EQ(config.data->options["path"].value<std::string>(), "data/digits.csv");
  EXPECT_EQ(config.data->options["task"].value<std::string>(), "classification");
  // Options handed to plugins keep their source, so a plugin's option error is located.
  EXPECT_EQ(config.data->options["path"].node()->source().begin.line, 12u);

  EXPECT_EQ(config.evaluation.cv_method, "repeated_stratified_kfold");
  EXPECT_EQ(config.evaluation.folds, 4);
  EXPECT_EQ(config.evaluation.repeats, 2);
  EXPECT_TRUE(config.evaluation.shuffle);
  EXPECT_EQ(config.evaluation.metric, "f1");
  EXPECT_EQ(config.evaluation.metric_options.size(), 1u);
  EXPECT_EQ(config.evaluation.metric_options["average"].value<std::string>(), "macro");
  EXPECT_EQ(config.evaluation.test_fraction, 0.25);

  ASSERT_EQ(config.candidates.size(), 1u);
  const amcore::CandidateConfig& model = config.candidates[0];
  EXPECT_EQ(model.plugin, "random_forest");
  EXPECT_EQ(model.fixed["n_jobs"].value<int64_t>(), 1);
  EXPECT_EQ(model.fixed["criterion"].node()->source().begin.line, 23u);
  // Document order, parents before children.
  ASSERT_EQ(model.space.size(), 5u);
  EXPECT_EQ(model.space[0].name, "n_estimators");
  EXPECT_EQ(model.space[1].name, "max_depth");
  EXPECT_EQ(model.space[2].name, "max_features");
  EXPECT_EQ(model.space[3].name, "bootstrap");
  EXPECT_EQ(model.space[4].name, "max_samples");

  const ParamDef& n = param(model.space, "n_estimators");
  EXPECT_EQ(n.type, ParamDef::Type::Int);
  EXPECT_EQ(n.low, 10);
  EXPECT_EQ(n.high, 300);
  EXPECT_TRUE(n.log);
  EXPECT_EQ(n.step, 1);
  EXPECT_EQ(n.where.line, 26);
  EXPECT_EQ(n.where.column, 1);
  EXPECT_EQ(param(model.space, "max_depth").step, 2);
  const ParamDef& features = param(model.space, "max_features");
  EXPECT_EQ(features.type, ParamDef::Type::Choice);
  ASSERT_EQ(features.choices.size(), 3u);
  EXPECT_TRUE(features.choices[2].is_floating_point());
  const ParamDef& samples = param(model.space, "max_samples");
  EXPECT_EQ(samples.type, ParamDef::Type::Float);
  EXPECT_EQ(samples.step, 0.1);
  EXPECT_EQ(samples.when_param, "bootstrap");
  ASSERT_EQ(samples.when_values.size(), 1u);
  EXPECT_EQ(samples.when_values[0].value<bool>(), true);

  EXPECT_EQ(config.strategy.plugin, "tpe");
  EXPECT_FALSE(config.strategy.options.contains("plugin"));
  EXPECT_EQ(config.strategy.options["startup_trials"].value<int64_t>(), 10);

  EXPECT_EQ(config.output.dir, kGood + "/results/rf");
  EXPECT_FALSE(config.output.save_model);
  ASSERT_EQ(config.plugin_paths.size(), 2u);
  EXPECT_EQ(config.plugin_paths[0], kGood + "/plugins");
  EXPECT_EQ(config.plugin_paths[1], "/opt/amsearch/plugins");
  EXPECT_FALSE(config.objective);

  // The effective document is kept whole, for writing next to the results.
  EXPECT_EQ(config.document["study"]["trials"].value<int64_t>(), 100);
  EXPECT_EQ(config.document["data"]["loader"].value<std::string>(), "csv");
  EXPECT_TRUE(config.document["model"]["space"]["max_samples"].is_table());
}

TEST(GoodPipelineFile, CandidatesKeepTheirOrderAndParentsFirst) {
  const amcore::PipelineConfig config = amcore::load_pipeline(kGood + "/cash.toml");
  ASSERT_EQ(config.candidates.size(), 3u);
  EXPECT_EQ(config.candidates[0].plugin, "logistic");
  EXPECT_EQ(config.candidates[1].plugin, "knn");
  EXPECT_EQ(config.candidates[2].plugin, "decision_tree");
  EXPECT_TRUE(config.candidates[2].space.empty());
  EXPECT_EQ(config.candidates[1].fixed["algorithm"].value<std::string>(), "brute");
  const auto& knn = config.candidates[1].space;
  ASSERT_EQ(knn.size(), 3u);
  EXPECT_EQ(knn[0].name, "weights");
  EXPECT_EQ(knn[1].name, "p");
  EXPECT_EQ(knn[2].name, "k");
  // Defaults.
  EXPECT_EQ(config.evaluation.cv_method, "stratified_kfold");
  EXPECT_EQ(config.evaluation.folds, 5);
  EXPECT_EQ(config.evaluation.test_fraction, 0.2);
  EXPECT_EQ(config.strategy.plugin, "random");
  EXPECT_EQ(config.study.parallel, 1);
  EXPECT_FALSE(config.study.timeout_seconds);
  EXPECT_EQ(config.output.dir, kGood + "/runs/cash");
  EXPECT_TRUE(config.output.save_model);
}

TEST(GoodPipelineFile, Objective) {
  const amcore::PipelineConfig config = amcore::load_pipeline(kGood + "/objective.toml");
  ASSERT_TRUE(config.objective);
  EXPECT_FALSE(config.data);
  EXPECT_TRUE(config.candidates.empty());
  EXPECT_EQ(config.objective->plugin, "branin");
  EXPECT_EQ(config.objective->options.size(), 1u);
  EXPECT_EQ(config.objective->options["noise"].value<double>(), 0.1);
  ASSERT_EQ(config.objective->space.size(), 2u);
  EXPECT_EQ(config.objective->space[0].name, "x1");
  EXPECT_EQ(config.objective->space[0].low, -5);
  EXPECT_EQ(config.study.name, "study");
  EXPECT_EQ(config.output.dir, kGood + "/runs/study");
}

TEST(GoodPipelineText, ParentDefinedAfterChildComesFirst) {
  const auto config = amcore::parse_pipeline(R"(
[objective]
plugin = "f"
[objective.space]
units_2 = { int = [8, 64], when = { layers = [2, 3] } }
zeta = { float = [0, 1] }
layers = { int = [1, 3] }
alpha = { float = [0, 1] }
)", "p.toml", "");
  const auto& space = config.objective->space;
  ASSERT_EQ(space.size(), 4u);
  EXPECT_EQ(space[0].name, "zeta");
  EXPECT_EQ(space[1].name, "layers");
  EXPECT_EQ(space[2].name, "units_2");
  EXPECT_EQ(space[3].name, "alpha");
}

TEST(GoodPipelineText, CvShorthandsAndHoldout) {
  const std::string head = "[data]\npath='x'\n[model]\nplugin='m'\n[evaluation]\nmetric='mse'\n";
  auto config = amcore::parse_pipeline(head + "cv = 'repeated_kfold'\n", "p.toml", "");
  EXPECT_EQ(config.evaluation.cv_method, "repeated_kfold");
  EXPECT_EQ(config.evaluation.repeats, 3);
  config = amcore::parse_pipeline(head + "cv = { method = 'holdout', fraction = 0.3, shuffle = false }\n",
                                  "p.toml", "");
  EXPECT_EQ(config.evaluation.cv_method, "holdout");
  EXPECT_EQ(config.evaluation.holdout_fraction, 0.3);
  EXPECT_FALSE(config.evaluation.shuffle);
  config = amcore::parse_pipeline(head + "cv = { folds = 10 }\ntest_fraction = 0\n", "p.toml", "");
  EXPECT_EQ(config.evaluation.cv_method, "stratified_kfold");
  EXPECT_EQ(config.evaluation.folds, 10);
  EXPECT_EQ(config.evaluation.test_fraction, 0);
  EXPECT_TRUE(config.evaluation.metric_options.empty());
}

TEST(GoodPipelineText, TimeoutAsNumberAndStudyWithoutLimits) {
  auto config = amcore::parse_pipeline("[study]\ntimeout = 90\n[objective]\nplugin='f'\n", "p.toml", "");
  EXPECT_EQ(config.study.timeout_seconds, 90.0);
  EXPECT_FALSE(config.study.trials);
  config = amcore::parse_pipeline("[study]\ntimeout = 2.5\n[objective]\nplugin='f'\n", "p.toml", "");
  EXPECT_EQ(config.study.timeout_seconds, 2.5);
}

TEST(GoodPipelineText, ChoiceOfArraysAndConditionsOnThem) {
  const auto config = amcore::parse_pipeline(R"(
[objective]
plugin = "f"
[objective.space]
layers = { choice = [[64], [64, 64]] }
dropout = { float = [0, 0.5], when = { layers = [[64, 64]] } }
)", "p.toml", "");
  const auto& space = config.objective->space;
  ASSERT_EQ(space.size(), 2u);
  EXPECT_TRUE(space[0].choices[1].is_array());
  EXPECT_EQ(space[1].when_param, "layers");
}

}  // namespace
