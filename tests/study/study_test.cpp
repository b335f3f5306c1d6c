#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

#include <cmath>
#include <filesystem>
#include <set>

#include "study/interrupt.hpp"
#include "study/study.hpp"

namespace fs = std::filesystem;
using namespace amcore;

namespace {

using amtest::TempDir;

class Recorder : public StudyObserver {
 public:
  void on_start(const StudyPlan& plan) override { started = plan.name; }
  void on_trial(const StoredTrial& trial, const StoredTrial* best,
                const StudyProgress& progress) override {
    numbers.push_back(trial.number);
    if (best) best_values.push_back(best->value);
    finished = progress.finished;
  }
  void on_finish(const StudySummary&) override { ++finishes; }
  std::string started;
  std::vector<int64_t> numbers;
  std::vector<double> best_values;
  int64_t finished = 0;
  int finishes = 0;
};

StudySummary run(const std::string& text, const TempDir& dir, StudyObserver* observer = nullptr) {
  PipelineConfig config = parse_pipeline(text, "test.toml", dir.path().string());
  RunOptions options;
  options.plugin_paths = {AMS_TEST_PLUGIN_DIR};
  options.output_dir = (dir.path() / "out").string();
  options.observer = observer;
  return run_study(config, options);
}

}  // namespace

TEST(Study, ObjectiveStudyRecordsEveryTrialAndTheBest) {
  TempDir dir;
  Recorder recorder;
  StudySummary s = run(
      "[study]\nname = \"b\"\ntrials = 25\nparallel = 2\nseed = 3\n[objective]\nplugin = "
      "\"branin\"\n",
      dir, &recorder);
  ASSERT_EQ(s.trials.size(), 25u);
  EXPECT_EQ(s.stop_reason, "trials");
  std::set<int64_t> numbers;
  double best = INFINITY;
  for (const StoredTrial& t : s.trials) {
    numbers.insert(t.number);
    EXPECT_EQ(t.state, StoredState::Complete);
    best = std::min(best, t.value);
  }
  EXPECT_EQ(numbers.size(), 25u);
  EXPECT_EQ(*numbers.rbegin(), 24);
  ASSERT_NE(s.best_trial(), nullptr);
  EXPECT_EQ(s.best_trial()->value, best);
  ASSERT_TRUE(s.optimum.has_value());
  EXPECT_GE(best, *s.optimum - 1e-9);
  // The observer saw every trial once, and the best so far never got worse.
  EXPECT_EQ(recorder.started, "b");
  EXPECT_EQ(recorder.numbers.size(), 25u);
  EXPECT_EQ(recorder.finishes, 1);
  for (size_t i = 1; i < recorder.best_values.size(); ++i)
    EXPECT_LE(recorder.best_values[i], recorder.best_values[i - 1]);
  EXPECT_TRUE(fs::exists(dir.path() / "out/study.db"));
  EXPECT_TRUE(fs::exists(dir.path() / "out/trials.csv"));
  EXPECT_TRUE(fs::exists(dir.path() / "out/best.json"));
}

TEST(Study, TargetStopsTheStudy) {
  TempDir dir;
  // Any value of the sphere function in its domain is below 1000: the first trial reaches it.
  StudySummary s = run(
      "[study]\ntrials = 500\ntarget = 1000.0\n[objective]\nplugin = \"sphere\"\n", dir);
  EXPECT_EQ(s.stop_reason, "target");
  EXPECT_EQ(s.trials.size(), 1u);
}

TEST(Study, AnExhaustedStrategyEndsTheStudy) {
  TempDir dir;
  StudySummary s = run(
      "[study]\ntrials = 500\n[objective]\nplugin = \"branin\"\n[objective.space]\n"
      "x0 = { choice = [-3.0, 3.0] }\nx1 = { choice = [2.0, 4.0, 6.0] }\n"
      "[strategy]\nplugin = \"grid\"\n",
      dir);
  EXPECT_EQ(s.stop_reason, "exhausted");
  EXPECT_EQ(s.trials.size(), 6u);
}

TEST(Study, AnInterruptStopsAsking) {
  TempDir dir;
  request_interrupt();
  StudySummary s = run("[study]\ntrials = 50\n[objective]\nplugin = \"branin\"\n", dir);
  clear_interrupt();
  EXPECT_EQ(s.stop_reason, "interrupted");
  EXPECT_TRUE(s.trials.empty());
}

TEST(Study, ValidateRunsNoTrial) {
  TempDir dir;
  PipelineConfig config = parse_pipeline(
      "[study]\nname = \"v\"\n[objective]\nplugin = \"hartmann6\"\n", "test.toml",
      dir.path().string());
  RunOptions options;
  options.plugin_paths = {AMS_TEST_PLUGIN_DIR};
  options.output_dir = (dir.path() / "out").string();
  StudyPlan plan = validate_study(config, options);
  EXPECT_EQ(plan.n_params, 6);
  EXPECT_TRUE(plan.objective_mode);
  EXPECT_FALSE(plan.maximize);
  EXPECT_FALSE(fs::exists(dir.path() / "out/study.db"));
}

TEST(Study, UnknownObjectiveOptionIsBadInput) {
  TempDir dir;
  EXPECT_THROW(run("[study]\ntrials = 3\n[objective]\nplugin = \"branin\"\nnoize = 0.1\n", dir),
               InputError);
}
