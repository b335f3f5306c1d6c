// The [pruner] table of the pipeline file: defaults, each rule's keys, and located errors.
#include <gtest/gtest.h>

#include "config/pipeline.hpp"
#include "pruning/percentile_pruner.hpp"
#include "pruning/pruner.hpp"

using namespace amcore;

namespace {

const char* kObjective =
    "[study]\ntrials = 3\n\n[objective]\nplugin = \"branin\"\n\n";  // lines 1-6

PipelineConfig parse(const std::string& pruner) {
  return parse_pipeline(std::string(kObjective) + pruner, "pipe.toml", "/tmp");
}

// The error of a pipeline whose [pruner] table is bad, or "" when it loads.
std::string error_of(const std::string& pruner) {
  try {
    parse(pruner);
  } catch (const InputError& e) {
    return e.what();
  }
  return "";
}

}  // namespace

TEST(PrunerConfig, AbsentMeansNoPruning) {
  const PipelineConfig config = parse("");
  EXPECT_EQ(config.pruner.rule, "none");
  EXPECT_EQ(make_pruner(config.pruner), nullptr);
}

TEST(PrunerConfig, MedianWithDefaults) {
  const PrunerConfig p = parse("[pruner]\nrule = \"median\"\n").pruner;
  EXPECT_EQ(p.rule, "median");
  EXPECT_EQ(p.startup_trials, 5);
  EXPECT_EQ(p.warmup_steps, 1);
  std::unique_ptr<Pruner> pruner = make_pruner(p);
  ASSERT_NE(pruner, nullptr);
  EXPECT_EQ(pruner->values(), Pruner::Values::RunningSummary);
}

TEST(PrunerConfig, PercentileKeys) {
  const PrunerConfig p = parse("[pruner]\nrule = \"percentile\"\npercentile = 10\n"
                               "startup_trials = 0\nwarmup_steps = 3\n")
                             .pruner;
  EXPECT_EQ(p.rule, "percentile");
  EXPECT_EQ(p.percentile, 10.0);
  EXPECT_EQ(p.startup_trials, 0);
  EXPECT_EQ(p.warmup_steps, 3);
  EXPECT_NE(dynamic_cast<PercentilePruner*>(make_pruner(p).get()), nullptr);
}

TEST(PrunerConfig, WilcoxonKeys) {
  const PrunerConfig p =
      parse("[pruner]\nrule = \"wilcoxon\"\np_value = 0.05\nmin_steps = 3\nstartup_trials = 1\n")
          .pruner;
  EXPECT_EQ(p.rule, "wilcoxon");
  EXPECT_EQ(p.p_value, 0.05);
  EXPECT_EQ(p.min_steps, 3);
  EXPECT_EQ(p.startup_trials, 1);
  std::unique_ptr<Pruner> pruner = make_pruner(p);
  ASSERT_NE(pruner, nullptr);
  EXPECT_EQ(pruner->values(), Pruner::Values::PerStep);
}

TEST(PrunerConfig, EpochKeys) {
  const PrunerConfig off = parse("[pruner]\nrule = \"median\"\n").pruner;
  EXPECT_FALSE(off.epochs);
  EXPECT_FALSE(make_pruner(off)->watches_epochs());
  const PrunerConfig p =
      parse("[pruner]\nrule = \"percentile\"\nepochs = true\nwarmup_epochs = 3\n").pruner;
  EXPECT_TRUE(p.epochs);
  EXPECT_EQ(p.warmup_epochs, 3);
  EXPECT_TRUE(make_pruner(p)->watches_epochs());
  EXPECT_EQ(parse("[pruner]\nrule = \"median\"\nepochs = true\n").pruner.warmup_epochs, 5);
}

TEST(PrunerConfig, ExplicitNone) {
  EXPECT_EQ(make_pruner(parse("[pruner]\nrule = \"none\"\n").pruner), nullptr);
}

struct BadPruner {
  const char* table;
  const char* error;  // the whole message, location first
};

class BadPrunerTable : public ::testing::TestWithParam<BadPruner> {};

TEST_P(BadPrunerTable, FailsWithLocationAndMessage) {
  EXPECT_EQ(error_of(GetParam().table), GetParam().error);
}

INSTANTIATE_TEST_SUITE_P(
    Pruner, BadPrunerTable,
    ::testing::Values(
        BadPruner{"[pruner]\nrule = \"medain\"\n",
                  "pipe.toml:8:8: pruner.rule: unknown rule \"medain\"; did you mean "
                  "\"median\"?"},
        BadPruner{"[pruner]\nrule = \"hyperband\"\n",
                  "pipe.toml:8:8: pruner.rule: unknown rule \"hyperband\" (rules: none, median, "
                  "percentile, wilcoxon)"},
        BadPruner{"[pruner]\nrule = 3\n",
                  "pipe.toml:8:8: pruner.rule: expected a string, found an integer"},
        BadPruner{"[pruner]\nstartup_trials = 3\n",
                  "pipe.toml:7:1: missing key 'rule' in [pruner] (the early-stopping rule: "
                  "\"median\", \"percentile\", \"wilcoxon\" or \"none\")"},
        BadPruner{"[pruner]\nrule = \"median\"\nwarmup_step = 2\n",
                  "pipe.toml:9:1: unknown key 'warmup_step' in [pruner]; did you mean "
                  "'warmup_steps'?"},
        BadPruner{"[pruner]\nrule = \"median\"\npercentile = 10\n",
                  "pipe.toml:9:14: pruner.percentile: does not apply to rule = \"median\" (it "
                  "applies to rule = \"percentile\")"},
        BadPruner{"[pruner]\nrule = \"wilcoxon\"\nwarmup_steps = 2\n",
                  "pipe.toml:9:16: pruner.warmup_steps: does not apply to rule = \"wilcoxon\" "
                  "(it applies to rule = \"median\" and rule = \"percentile\")"},
        BadPruner{"[pruner]\nrule = \"none\"\nstartup_trials = 2\n",
                  "pipe.toml:9:18: pruner.startup_trials: does not apply to rule = \"none\" (it "
                  "applies to rule = \"median\", rule = \"percentile\" and rule = "
                  "\"wilcoxon\")"},
        BadPruner{"[pruner]\nrule = \"median\"\nstartup_trials = -1\n",
                  "pipe.toml:9:18: pruner.startup_trials: must be at least 0, found -1"},
        BadPruner{"[pruner]\nrule = \"wilcoxon\"\nmin_steps = 0\n",
                  "pipe.toml:9:13: pruner.min_steps: must be at least 1, found 0"},
        BadPruner{"[pruner]\nrule = \"percentile\"\npercentile = 100\n",
                  "pipe.toml:9:14: pruner.percentile: must be between 0 and 100 (exclusive), "
                  "found 100"},
        BadPruner{"[pruner]\nrule = \"wilcoxon\"\np_value = 1.5\n",
                  "pipe.toml:9:11: pruner.p_value: must be between 0 and 1 (exclusive), found "
                  "1.5"},
        BadPruner{"[pruner]\nrule = \"wilcoxon\"\nepochs = true\n",
                  "pipe.toml:9:10: pruner.epochs: does not apply to rule = \"wilcoxon\" (it "
                  "applies to rule = \"median\" and rule = \"percentile\")"},
        BadPruner{"[pruner]\nrule = \"median\"\nepochs = \"yes\"\n",
                  "pipe.toml:9:10: pruner.epochs: expected a boolean (true or false), found a "
                  "string"},
        BadPruner{"[pruner]\nrule = \"median\"\nwarmup_epochs = 3\n",
                  "pipe.toml:9:17: pruner.warmup_epochs: applies only with epochs = true (the "
                  "models' per-epoch reports are judged only then)"},
        BadPruner{"[pruner]\nrule = \"median\"\nepochs = true\nwarmup_epochs = -2\n",
                  "pipe.toml:10:17: pruner.warmup_epochs: must be at least 0, found -2"},
        BadPruner{"[pruner]\nrule = \"wilcoxon\"\np_value = \"low\"\n",
                  "pipe.toml:9:11: pruner.p_value: expected a number, found a string"}));
