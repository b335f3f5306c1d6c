// amhost runs whose pruner judges a model's per-epoch reports ([pruner] epochs = true): an mlp
// on the shipped digits data, where configurations that learn too slowly are stopped after a
// few epochs of a fold instead of after whole folds, and are stored as pruned at that epoch.
#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <string>
#include <vector>

#include "amhost_runner.hpp"
#include "evaluation/report_steps.hpp"
#include "storage/study_storage.hpp"

using namespace amtest;
using amcore::StoredState;
using amcore::StoredTrial;

namespace {

constexpr int kTrials = 16;
constexpr int kFolds = 3;
constexpr int kEpochs = 12;

// learning_rate from 1e-6 (adam barely moves the weights in 12 epochs) to 3e-2.
std::string mlp_pipeline(const std::string& pruner, const std::string& study_extra = "") {
  return "[study]\nname = \"epochs\"\ntrials = " + std::to_string(kTrials) + "\nseed = 5\n" +
         study_extra + "\n[data]\nloader = \"csv\"\npath = \"" + data_file("digits.csv") +
         "\"\ntarget = \"digit\"\n\n[evaluation]\ncv = { method = \"stratified_kfold\", folds = " +
         std::to_string(kFolds) +
         " }\nmetric = \"accuracy\"\ntest_fraction = 0.2\n\n[model]\nplugin = \"mlp\"\nfixed = { "
         "hidden = [16], max_epochs = " +
         std::to_string(kEpochs) +
         ", batch_size = 64 }\n[model.space]\nlearning_rate = { float = [1e-6, 3e-2], log = true "
         "}\n\n[strategy]\nplugin = \"random\"\n\n[pruner]\n" +
         pruner + "\n";
}

std::vector<StoredTrial> run(const std::string& pipeline, const std::string& out) {
  TempDir dir;
  write_text(dir / "pipeline.toml", pipeline);
  Result r = run_amhost({dir / "pipeline.toml", "-o", dir / out, "-q"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  if (r.status != 0) return {};
  return amcore::StudyStorage::open_read_only(dir / out).finished_trials();
}

const char* kMedianOnEpochs =
    "rule = \"median\"\nstartup_trials = 3\nepochs = true\nwarmup_epochs = 2";

}  // namespace

TEST(EpochPruningRun, SlowLearnersArePrunedMidFoldAtAnEpoch) {
  const std::vector<StoredTrial> trials = run(mlp_pipeline(kMedianOnEpochs), "run");
  ASSERT_EQ(trials.size(), static_cast<size_t>(kTrials));
  std::vector<double> pruned_rates, complete_rates;
  int pruned_in_first_fold = 0;
  for (const StoredTrial& t : trials) {
    ASSERT_NE(t.state, StoredState::Failed) << t.number << ": " << t.error;
    ASSERT_FALSE(t.intermediate.empty()) << t.number;
    const double rate = t.values.at(0);
    if (t.state == StoredState::Complete) {
      complete_rates.push_back(rate);
      // Every epoch of every fold and every fold's running mean are stored, in order.
      EXPECT_EQ(t.intermediate.size(), static_cast<size_t>(kFolds * (kEpochs + 1))) << t.number;
      EXPECT_EQ(t.intermediate[kEpochs - 1].first, amcore::epoch_step(0, kEpochs)) << t.number;
      EXPECT_EQ(t.intermediate[kEpochs].first, 0) << t.number;
      EXPECT_EQ(t.intermediate.back().first, kFolds - 1) << t.number;
      continue;
    }
    pruned_rates.push_back(rate);
    // Pruned at an epoch step: the last stored report, after the warm-up epochs.
    const auto [step, value] = t.intermediate.back();
    ASSERT_TRUE(amcore::is_epoch_step(step)) << t.number << " stopped at step " << step;
    const int fold = amcore::fold_of_epoch_step(step);
    const int64_t epoch = amcore::epoch_of_step(step);
    EXPECT_GT(epoch, 2) << t.number;
    EXPECT_LE(epoch, kEpochs) << t.number;
    EXPECT_EQ(t.error, "pruned at epoch " + std::to_string(epoch) + " of fold " +
                           std::to_string(fold))
        << t.number;
    EXPECT_DOUBLE_EQ(t.value, value) << t.number;  // its last report, an accuracy
    EXPECT_TRUE(value >= 0 && value <= 1) << value;
    if (fold == 0) ++pruned_in_first_fold;
  }
  // Bad configurations are caught in their first fold, and they are the slow learners: every
  // pruned trial's rate is below the median rate of the complete ones.
  EXPECT_GT(pruned_in_first_fold, 0);
  ASSERT_FALSE(complete_rates.empty());
  std::sort(complete_rates.begin(), complete_rates.end());
  const double median_complete = complete_rates[complete_rates.size() / 2];
  for (double rate : pruned_rates) EXPECT_LT(rate, median_complete);
}

TEST(EpochPruningRun, WithoutEpochsOnlyFoldsAreJudged) {
  const std::vector<StoredTrial> trials =
      run(mlp_pipeline("rule = \"median\"\nstartup_trials = 3"), "run");
  ASSERT_EQ(trials.size(), static_cast<size_t>(kTrials));
  for (const StoredTrial& t : trials)
    for (const auto& [step, value] : t.intermediate)
      EXPECT_FALSE(amcore::is_epoch_step(step)) << t.number;
}

TEST(EpochPruningRun, WorkerProcessesPruneTheSameTrialsAtTheSameEpochs) {
  const std::vector<StoredTrial> threads = run(mlp_pipeline(kMedianOnEpochs), "threads");
  const std::vector<StoredTrial> processes =
      run(mlp_pipeline(kMedianOnEpochs, "isolation = \"process\"\n"), "processes");
  ASSERT_EQ(threads.size(), processes.size());
  int pruned = 0;
  for (size_t i = 0; i < threads.size(); ++i) {
    EXPECT_EQ(threads[i].state, processes[i].state) << threads[i].number;
    EXPECT_EQ(threads[i].intermediate, processes[i].intermediate) << threads[i].number;
    if (threads[i].state == StoredState::Pruned) ++pruned;
  }
  EXPECT_GT(pruned, 0);
}

TEST(EpochPruningRun, EpochsWithoutAnIterativeModelIsAnError) {
  TempDir dir;
  std::string pipeline = mlp_pipeline(kMedianOnEpochs);
  const std::string mlp_model = "plugin = \"mlp\"";
  pipeline.replace(pipeline.find(mlp_model), mlp_model.size(), "plugin = \"knn\"");
  const std::string fixed = pipeline.substr(pipeline.find("fixed = {"));
  pipeline.replace(pipeline.find("fixed = {"), fixed.find('\n') + 1, "");
  pipeline.replace(pipeline.find("learning_rate = { float = [1e-6, 3e-2], log = true }"),
                   std::string("learning_rate = { float = [1e-6, 3e-2], log = true }").size(),
                   "n_neighbors = { int = [1, 20] }");
  write_text(dir / "pipeline.toml", pipeline);
  Result r = run_amhost({dir / "pipeline.toml", "-o", dir / "run", "-q"});
  EXPECT_EQ(r.status, 2) << r.out << r.err;
  EXPECT_NE(r.err.find("pipeline.toml:"), std::string::npos) << r.err;
  EXPECT_NE(r.err.find("[pruner] epochs = true, but no model of the search reports per epoch "
                       "(knn declare no report_direction)"),
            std::string::npos)
      << r.err;
}

TEST(EpochPruningRun, AResumedStudyJudgesEpochsAsAStraightRunDoes) {
  // The resumed run's pruner must hear the stored epoch reports of the first run's trials
  // (replay): then every trial ends as in one uninterrupted run. startup_trials = 9 keeps the
  // first run (9 trials) from pruning; the first resumed trial (a slow learner, learning_rate
  // 4e-5) has only the stored trials' epoch curves to be judged against.
  const std::string pipeline = mlp_pipeline(
      "rule = \"median\"\nstartup_trials = 9\nepochs = true\nwarmup_epochs = 2");
  const std::vector<StoredTrial> straight = run(pipeline, "straight");

  TempDir dir;
  write_text(dir / "pipeline.toml", pipeline);
  Result first = run_amhost({dir / "pipeline.toml", "-o", dir / "run", "-q", "-n", "9"});
  ASSERT_EQ(first.status, 0) << first.out << first.err;
  Result resumed = run_amhost({dir / "pipeline.toml", "-o", dir / "run", "-q", "--resume"});
  ASSERT_EQ(resumed.status, 0) << resumed.out << resumed.err;
  const std::vector<StoredTrial> trials =
      amcore::StudyStorage::open_read_only(dir / "run").finished_trials();

  ASSERT_EQ(trials.size(), straight.size());
  ASSERT_GT(trials.size(), 9u);
  EXPECT_EQ(trials[9].state, StoredState::Pruned);
  EXPECT_TRUE(amcore::is_epoch_step(trials[9].intermediate.back().first));
  int pruned_at_epoch = 0;
  for (size_t i = 0; i < trials.size(); ++i) {
    EXPECT_EQ(trials[i].state, straight[i].state) << trials[i].number;
    EXPECT_EQ(trials[i].intermediate, straight[i].intermediate) << trials[i].number;
    if (trials[i].state == StoredState::Pruned &&
        amcore::is_epoch_step(trials[i].intermediate.back().first))
      ++pruned_at_epoch;
  }
  EXPECT_GT(pruned_at_epoch, 0);
}
