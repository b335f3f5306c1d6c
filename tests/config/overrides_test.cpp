// --set overrides: parsed from "a.b=value", applied to the document before validation, and
// errors in their values located at the override.
#include <gtest/gtest.h>

#include <string>

#include "config/pipeline.hpp"

namespace {

using amcore::Override;
using amcore::parse_override;
using amcore::parse_pipeline;

const char* kBase = R"([study]
name = "base"
trials = 10

[data]
path = "train.csv"

[evaluation]
metric = "accuracy"

[[candidates]]
plugin = "ridge"

[[candidates]]
plugin = "knn"
[candidates.space]
k = { int = [1, 10] }
)";

amcore::PipelineConfig with(const std::vector<std::string>& sets) {
  std::vector<Override> overrides;
  for (const std::string& text : sets) overrides.push_back(parse_override(text));
  return parse_pipeline(kBase, "p.toml", "/work", overrides);
}

std::string error_of(const std::vector<std::string>& sets) {
  try {
    with(sets);
  } catch (const amcore::InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << "no error";
  return {};
}

TEST(ParseOverride, SplitsAtTheFirstEquals) {
  Override o = parse_override("study.trials=50");
  EXPECT_EQ(o.key_path, "study.trials");
  EXPECT_EQ(o.value_text, "50");
  o = parse_override(" data.sep = \"=\" ");
  EXPECT_EQ(o.key_path, "data.sep");
  EXPECT_EQ(o.value_text, "\"=\"");
  o = parse_override("data.\"a=b\"=1");
  EXPECT_EQ(o.key_path, "data.\"a=b\"");
  EXPECT_EQ(o.value_text, "1");
}

TEST(ParseOverride, MalformedText) {
  const auto message = [](const std::string& text) {
    try {
      parse_override(text);
    } catch (const amcore::InputError& error) {
      return std::string(error.what());
    }
    return std::string("no error");
  };
  EXPECT_EQ(message("study.trials"),
            "--set study.trials: expected key=value, for example --set study.trials=50");
  EXPECT_EQ(message("=5"), "--set =5: missing the key before '='");
  EXPECT_EQ(message("study.trials="),
            "--set study.trials=: missing the value after '=' (write \"\" for an empty string)");
  EXPECT_EQ(message("study..trials=5"),
            "--set study..trials=5: bad key path 'study..trials': expected a key at position 7");
  EXPECT_EQ(message("candidates[x].plugin=a"),
            "--set candidates[x].plugin=a: bad key path 'candidates[x].plugin': an index must be "
            "a number");
}

TEST(Overrides, ReplaceValues) {
  const auto config = with({"study.trials=50", "study.timeout=1h30m", "data.path=\"other.csv\"",
                            "study.name=tuned"});
  EXPECT_EQ(config.study.trials, 50);
  EXPECT_EQ(config.study.timeout_seconds, 5400.0);  // a bare word becomes a string
  EXPECT_EQ(config.data->options["path"].value<std::string>(), "other.csv");
  EXPECT_EQ(config.output.dir, "/work/runs/tuned");
  // The effective document holds the overridden values.
  EXPECT_EQ(config.document["study"]["trials"].value<int64_t>(), 50);
  EXPECT_EQ(config.document["study"]["timeout"].value<std::string>(), "1h30m");
}

TEST(Overrides, CreateTablesAndIndexArrays) {
  const auto config = with({"strategy.plugin=tpe", "strategy.startup_trials=5",
                            "candidates[0].space.alpha={float=[0.01, 10], log=true}",
                            "candidates[1].fixed.algorithm=brute", "output.save_model=false"});
  EXPECT_EQ(config.strategy.plugin, "tpe");
  EXPECT_EQ(config.strategy.options["startup_trials"].value<int64_t>(), 5);
  ASSERT_EQ(config.candidates[0].space.size(), 1u);
  EXPECT_EQ(config.candidates[0].space[0].name, "alpha");
  EXPECT_TRUE(config.candidates[0].space[0].log);
  // A parameter from the command line is located there.
  EXPECT_EQ(config.candidates[0].space[0].where.str(),
            "--set candidates[0].space.alpha={float=[0.01, 10], log=true}");
  EXPECT_EQ(config.candidates[1].fixed["algorithm"].value<std::string>(), "brute");
  EXPECT_FALSE(config.output.save_model);
  EXPECT_EQ(config.document["strategy"]["plugin"].value<std::string>(), "tpe");
}

TEST(Overrides, ReplaceAWholeArrayElement) {
  const auto config = with({"candidates[0]={plugin=\"lasso\"}"});
  EXPECT_EQ(config.candidates[0].plugin, "lasso");
}

TEST(Overrides, QuotedKeys) {
  const auto config = with({"data.\"column names\"=[\"a\", \"b\"]"});
  const toml::array* names = config.data->options["column names"].as_array();
  ASSERT_NE(names, nullptr);
  EXPECT_EQ(names->size(), 2u);
}

TEST(Overrides, ParamAddedAfterTheFileParams) {
  const auto config = with({"candidates[1].space.a={bool=true}"});
  const auto& space = config.candidates[1].space;
  ASSERT_EQ(space.size(), 2u);
  EXPECT_EQ(space[0].name, "k");
  EXPECT_EQ(space[1].name, "a");
}

TEST(Overrides, ValueErrorsAreLocatedAtTheOverride) {
  EXPECT_EQ(error_of({"study.trials=abc"}),
            "--set study.trials=abc: study.trials: expected an integer, found a string");
  EXPECT_EQ(error_of({"study.trails=5"}),
            "--set study.trails=5: unknown key 'trails' in [study]; did you mean 'trials'?");
  EXPECT_EQ(error_of({"candidates[1].space.k={int=[5, 1]}"}),
            "--set candidates[1].space.k={int=[5, 1]}: candidates[1].space.k.int: the lower "
            "bound must be less than the upper bound, found [5, 1]");
  EXPECT_EQ(error_of({"study.parallel=0"}),
            "--set study.parallel=0: study.parallel: must be at least 1, found 0");
}

TEST(Overrides, ValueThatLooksLikeTomlMustParse) {
  EXPECT_EQ(error_of({"data.columns=[1, 2"}).rfind("--set data.columns=[1, 2: invalid TOML value: ", 0),
            0u);
}

TEST(Overrides, PathErrors) {
  EXPECT_EQ(error_of({"study.name.first=x"}),
            "--set study.name.first=x: 'study.name' is a string, not a table, so it has no key "
            "'first'");
  EXPECT_EQ(error_of({"candidates[2].plugin=x"}),
            "--set candidates[2].plugin=x: index 2 is out of range: 'candidates' has 2 elements");
  EXPECT_EQ(error_of({"study[0]=x"}), "--set study[0]=x: 'study' is a table, not an array");
  EXPECT_EQ(error_of({"model2[0].plugin=x"}),
            "--set model2[0].plugin=x: 'model2' does not exist, so it cannot be indexed");
}

TEST(Overrides, ErrorsInTheFileStillPointAtTheFile) {
  // An override elsewhere does not change where a file error is reported.
  try {
    parse_pipeline("[study]\ntrials = 0\n[objective]\nplugin='f'\n", "p.toml", "",
                   {parse_override("study.seed=3")});
    FAIL() << "no error";
  } catch (const amcore::InputError& error) {
    EXPECT_STREQ(error.what(), "p.toml:2:10: study.trials: must be at least 1, found 0");
  }
}

}  // namespace
