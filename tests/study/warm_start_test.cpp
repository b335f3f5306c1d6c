// [study] warm_start: trials of earlier studies reach the strategy before its first ask.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

#include <cmath>
#include <filesystem>
#include <set>

#include "study/study.hpp"
#include "study/warm_start.hpp"

namespace fs = std::filesystem;
using namespace amcore;

namespace {

using amtest::TempDir;

class Notes : public StudyObserver {
 public:
  void on_note(const std::string& message) override { notes.push_back(message); }
  std::vector<std::string> notes;
};

StudySummary run(const std::string& text, const fs::path& dir, const std::string& out,
                 StudyObserver* observer = nullptr) {
  PipelineConfig config = parse_pipeline(text, "test.toml", dir.string());
  RunOptions options;
  options.plugin_paths = {AMS_TEST_PLUGIN_DIR};
  options.output_dir = (dir / out).string();
  options.observer = observer;
  return run_study(config, options);
}

std::string grid_study(const std::string& name, const std::string& extra) {
  return "[study]\nname = \"" + name + "\"\nseed = 1\n" + extra +
         "\n[objective]\nplugin = \"branin\"\n[strategy]\nplugin = \"grid\"\nresolution = 3\n";
}

SearchSpace space_of(const std::string& params) {
  PipelineConfig config = parse_pipeline(
      "[objective]\nplugin = \"branin\"\n[objective.space]\n" + params, "space.toml", ".");
  return SearchSpace::from_params(config.objective->space);
}

}  // namespace

TEST(WarmStart, TheStrategyHearsEarlierTrialsBeforeItsFirstAsk) {
  TempDir dir;
  const StudySummary first = run(grid_study("first", "trials = 4"), dir.path(), "first");
  ASSERT_EQ(first.trials.size(), 4u);

  Notes notes;
  const StudySummary second =
      run(grid_study("second", "warm_start = [\"first\"]"), dir.path(), "second", &notes);
  // The 3 x 3 grid skips the 4 points it was told: 5 are left, and together they cover it.
  ASSERT_EQ(second.trials.size(), 5u);
  EXPECT_EQ(second.stop_reason, "exhausted");
  EXPECT_EQ(second.trials.front().number, 0);
  std::set<std::vector<double>> points;
  for (const StoredTrial& t : first.trials) points.insert(t.values);
  for (const StoredTrial& t : second.trials) points.insert(t.values);
  EXPECT_EQ(points.size(), 9u);
  ASSERT_FALSE(notes.notes.empty());
  EXPECT_NE(notes.notes.front().find("4 of 4 finished trials fit this space"), std::string::npos)
      << notes.notes.front();
}

TEST(WarmStart, AnotherMetricOrTheStudysOwnDatabaseIsRefused) {
  TempDir dir;
  run(grid_study("first", "trials = 2"), dir.path(), "first");
  try {
    run(grid_study("first", "trials = 2\nwarm_start = [\"first\"]"), dir.path(), "first");
    FAIL() << "warm-starting from the study's own database was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("this study's own database"), std::string::npos)
        << e.what();
  }
  try {
    run(grid_study("third", "warm_start = [\"missing\"]"), dir.path(), "third");
    FAIL() << "a missing warm-start database was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("[study] warm_start"), std::string::npos) << e.what();
  }
  // A study scored with a metric, to be maximized: its values mean nothing to a branin study.
  fs::create_directories(dir.path() / "accuracy");
  StudyInfo info;
  info.name = "accuracy";
  info.direction = "maximize";
  info.metric = "accuracy";
  StudyStorage::create((dir.path() / "accuracy").string(), info);
  try {
    run(grid_study("fourth", "warm_start = [\"accuracy/study.db\"]"), dir.path(), "fourth");
    FAIL() << "a study of another metric was accepted";
  } catch (const InputError& e) {
    EXPECT_NE(std::string(e.what()).find("metric accuracy, maximize"), std::string::npos)
        << e.what();
  }
}

TEST(WarmStart, TrialsAreMatchedByNameAndKeptOnlyWhenTheyFit) {
  const SearchSpace space =
      space_of("x1 = { float = [0.0, 15.0] }\nkind = { choice = [\"b\", \"a\"] }\n"
               "x0 = { float = [-5.0, 10.0], when = { kind = \"a\" } }\n");
  // Reordered, choice by value, conditional parameter present exactly when active.
  std::vector<double> v = values_in_space(space, R"({"kind":"a","x0":1.5,"x1":2})");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_EQ(v[0], 2.0);
  EXPECT_EQ(v[1], 1.0);
  EXPECT_EQ(v[2], 1.5);
  v = values_in_space(space, R"({"kind":"b","x1":3})");
  ASSERT_EQ(v.size(), 3u);
  EXPECT_TRUE(std::isnan(v[2]));
  // Left out: a parameter this space lacks, an active one missing, out of bounds, no such choice.
  EXPECT_TRUE(values_in_space(space, R"({"kind":"b","x1":3,"y":1})").empty());
  EXPECT_TRUE(values_in_space(space, R"({"kind":"a","x1":3})").empty());
  EXPECT_TRUE(values_in_space(space, R"({"kind":"b","x1":30})").empty());
  EXPECT_TRUE(values_in_space(space, R"({"kind":"c","x1":3})").empty());
  EXPECT_TRUE(values_in_space(space, "not json").empty());
}
