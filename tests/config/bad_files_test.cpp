// Each malformed pipeline file under bad/ must fail with its exact location and message.
#include <gtest/gtest.h>

#include <filesystem>
#include <iterator>
#include <string>

#include "config/pipeline.hpp"

namespace {

struct BadFile {
  const char* file;
  const char* location;  // "line:column"
  const char* message;   // must appear right after "file:line:column: "
};

std::string bad_path(const std::string& file) {
  return std::string(AMS_TEST_SOURCE_DIR) + "/tests/config/bad/" + file;
}

// Loads the file and returns the error message, or fails the test when it loads.
std::string error_of(const std::string& path) {
  try {
    amcore::load_pipeline(path);
  } catch (const amcore::InputError& error) {
    return error.what();
  }
  ADD_FAILURE() << path << " loaded without an error";
  return {};
}

class BadPipelineFile : public ::testing::TestWithParam<BadFile> {};

TEST_P(BadPipelineFile, FailsWithLocationAndMessage) {
  const BadFile& bad = GetParam();
  const std::string path = bad_path(bad.file);
  const std::string message = error_of(path);
  const std::string prefix = path + ":" + bad.location + ": ";
  ASSERT_EQ(message.substr(0, prefix.size()), prefix) << message;
  EXPECT_EQ(message.substr(prefix.size(), std::string(bad.message).size()), bad.message)
      << message;
}

const BadFile kBadFiles[] = {
    {"study_unknown_key.toml", "3:1", "unknown key 'trails' in [study]; did you mean 'trials'?"},
    {"study_trials_string.toml", "2:10", "study.trials: expected an integer, found a string"},
    {"study_trials_zero.toml", "2:10", "study.trials: must be at least 1, found 0"},
    {"study_parallel_zero.toml", "2:12", "study.parallel: must be at least 1, found 0"},
    {"study_bad_timeout.toml", "2:11",
     "study.timeout: expected a duration such as \"90s\", \"10m\" or \"1h30m\", found "
     "\"10 minutes\""},
    {"study_name_slash.toml", "2:8", "study.name: must not contain '/'"},
    {"study_not_a_table.toml", "1:9", "study: expected a table, found a string"},
    {"top_level_typo.toml", "4:2",
     "unknown key 'strategey' in the pipeline file; did you mean 'strategy'?"},
    {"toml_syntax.toml", "3:16", "invalid TOML: "},
    {"float_bounds_reversed.toml", "11:19",
     "model.space.alpha.float: the lower bound must be less than the upper bound, found "
     "[10, 0.1]"},
    {"float_log_nonpositive.toml", "11:19",
     "model.space.alpha.float: log = true needs a lower bound above 0, found 0"},
    {"int_float_bound.toml", "11:17",
     "model.space.k.int: expected [lower, upper] with two integers, found a floating-point "
     "number as the upper bound"},
    {"choice_empty.toml", "11:22", "model.space.weights.choice: needs at least one value"},
    {"choice_duplicate.toml", "11:46", "model.space.weights.choice: duplicate choice \"uniform\""},
    {"choice_with_log.toml", "11:53",
     "model.space.weights.log: applies only to float and int parameters"},
    {"bool_not_boolean.toml", "11:27",
     "model.space.early_stopping.bool: expected a boolean (bool = true searches true and "
     "false), found a string"},
    {"param_no_kind.toml", "11:9",
     "model.space.alpha: expected one of float = [lo, hi], int = [lo, hi], choice = [...] or "
     "bool = true"},
    {"param_two_kinds.toml", "11:35",
     "model.space.alpha.int: a parameter has one kind, found both 'float' and 'int'"},
    {"param_key_typo.toml", "11:11",
     "unknown key 'flaot' in model.space.alpha; did you mean 'float'?"},
    {"param_not_table.toml", "11:9",
     "model.space.alpha: expected a table such as { float = [0, 1] }, found a floating-point "
     "number"},
    {"step_with_log.toml", "11:49", "model.space.alpha.step: cannot be combined with log = true"},
    {"when_unknown_param.toml", "12:36",
     "model.space.units_2.when: unknown parameter 'n_layer' in [model.space]; did you mean "
     "'n_layers'?"},
    {"when_impossible_value.toml", "12:50",
     "model.space.gamma.when: \"poly\" is not a choice of 'kernel' (choices: \"linear\", "
     "\"rbf\")"},
    {"when_out_of_range.toml", "12:36",
     "model.space.units_4.when: 4 is not a possible value of 'n_layers' (1 to 3)"},
    {"when_float_parent.toml", "12:37",
     "model.space.momentum.when: 'lr' is a float parameter"},
    {"when_cycle.toml", "11:31", "model.space.a.when: conditions form a cycle: a -> b -> a"},
    {"when_two_parents.toml", "13:30",
     "model.space.c.when: expected exactly one parameter to depend on, found 2"},
    {"cv_folds_one.toml", "5:34", "evaluation.cv.folds: must be at least 2, found 1"},
    {"cv_method_typo.toml", "5:17",
     "evaluation.cv.method: unknown method \"kfld\"; did you mean \"kfold\"?"},
    {"cv_folds_with_holdout.toml", "5:36",
     "evaluation.cv.folds: does not apply to method \"holdout\""},
    {"cv_key_typo.toml", "5:26", "unknown key 'fodls' in evaluation.cv; did you mean 'folds'?"},
    {"test_fraction_too_big.toml", "6:17",
     "evaluation.test_fraction: must be between 0 and 0.9, found 0.95"},
    {"metric_wrong_type.toml", "5:10",
     "evaluation.metric: expected a metric name or a table { name = \"...\", ... }, found an "
     "integer"},
    {"metric_missing.toml", "4:1", "missing key 'metric' in [evaluation]"},
    {"metric_table_without_name.toml", "5:10", "missing key 'name' in evaluation.metric"},
    {"evaluation_missing.toml", "1:1", "missing [evaluation] with a metric"},
    {"model_missing_plugin.toml", "7:1", "missing key 'plugin' in [model]"},
    {"model_option_outside_fixed.toml", "9:1",
     "unknown key 'alpha' in [model]; options of the model go in fixed = { ... }, searched "
     "ones in [model.space]"},
    {"model_fixed_and_searched.toml", "12:1",
     "model.space.alpha: 'alpha' is also set in model.fixed; an option is either fixed or "
     "searched"},
    {"model_and_candidates.toml", "10:1", "[[candidates]] cannot be combined with [model]"},
    {"candidate_missing_plugin.toml", "10:1", "missing key 'plugin' in candidates[1]"},
    {"model_without_data.toml", "1:1", "missing [data]"},
    {"data_without_model.toml", "1:1", "missing [model] (or [[candidates]])"},
    {"nothing_to_search.toml", "1:1", "nothing to search"},
    {"objective_with_data.toml", "4:1", "[data] cannot be combined with [objective]"},
    {"output_save_model_string.toml", "5:14",
     "output.save_model: expected a boolean (true or false), found a string"},
    {"plugins_paths_string.toml", "5:9", "plugins.paths: expected an array, found a string"},
    {"plugins_paths_number.toml", "5:27",
     "plugins.paths: expected an array of strings, found an integer in it"},
};

INSTANTIATE_TEST_SUITE_P(Files, BadPipelineFile, ::testing::ValuesIn(kBadFiles),
                         [](const ::testing::TestParamInfo<BadFile>& info) {
                           std::string name = info.param.file;
                           name = name.substr(0, name.find('.'));
                           return name;
                         });

TEST(BadPipelineFile, EveryFileInTheFolderIsChecked) {
  // A new bad file without an expectation would silently test nothing.
  size_t on_disk = 0;
  for (const auto& entry :
       std::filesystem::directory_iterator(std::string(AMS_TEST_SOURCE_DIR) + "/tests/config/bad"))
    on_disk += entry.path().extension() == ".toml";
  EXPECT_EQ(on_disk, std::size(kBadFiles));
}

TEST(BadPipelineFile, MissingFileNamesIt) {
  const std::string message = error_of("/nonexistent/pipeline.toml");
  EXPECT_EQ(message.rfind("/nonexistent/pipeline.toml: cannot open the pipeline file", 0), 0u)
      << message;
}

TEST(BadPipelineFile, FolderInsteadOfFile) {
  const std::string folder = std::string(AMS_TEST_SOURCE_DIR) + "/tests/config/bad";
  const std::string message = error_of(folder);
  EXPECT_EQ(message, folder + ": is a folder; expected a pipeline file (TOML)");
}

TEST(BadPipelineText, UnknownKeyWithoutCloseMatchListsTheKeys) {
  try {
    amcore::parse_pipeline("[output]\nzzz = 1\n[objective]\nplugin = 'f'\n", "p.toml", "/base");
    FAIL() << "no error";
  } catch (const amcore::InputError& error) {
    EXPECT_STREQ(error.what(),
                 "p.toml:2:1: unknown key 'zzz' in [output]; expected one of: dir, save_model, storage");
  }
}

TEST(BadPipelineText, CandidatesMustBeTables) {
  try {
    amcore::parse_pipeline("candidates = [1, 2]\n[data]\npath='x'\n[evaluation]\nmetric='a'\n",
                           "p.toml", "");
    FAIL() << "no error";
  } catch (const amcore::InputError& error) {
    EXPECT_STREQ(error.what(),
                 "p.toml:1:14: candidates: expected an array of tables ([[candidates]] with "
                 "plugin = ...), found an array");
  }
}

TEST(BadPipelineText, ParameterNamesArePlainOptionNames) {
  try {
    amcore::parse_pipeline("[objective]\nplugin = 'f'\n[objective.space]\n\"a.b\" = { bool = true }\n",
                           "p.toml", "");
    FAIL() << "no error";
  } catch (const amcore::InputError& error) {
    EXPECT_STREQ(error.what(), "p.toml:4:1: objective.space.a.b: a parameter name may only use "
                               "letters, digits, '_' and '-'");
  }
}

TEST(BadPipelineText, CvRepeatsOnlyForRepeatedMethods) {
  const std::string text =
      "[data]\npath='x'\n[model]\nplugin='m'\n[evaluation]\nmetric='a'\n"
      "cv = { method = 'kfold', repeats = 3 }\n";
  try {
    amcore::parse_pipeline(text, "p.toml", "");
    FAIL() << "no error";
  } catch (const amcore::InputError& error) {
    EXPECT_STREQ(error.what(), "p.toml:7:36: evaluation.cv.repeats: applies only to "
                               "repeated_kfold and repeated_stratified_kfold");
  }
}

}  // namespace
