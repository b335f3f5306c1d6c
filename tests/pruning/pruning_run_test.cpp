// amhost runs with a [pruner]: pruned trials land in trials.csv and the study database with the
// step they stopped at, and the best trial is always a complete one.
#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <regex>
#include <string>

#include "amhost_runner.hpp"
#include "storage/study_storage.hpp"

using namespace amtest;

namespace {

// knn on iris: n_neighbors up to 110 of the 96 training rows of a fold, so many trials are far
// worse than the rest after the first folds.
std::string knn_pipeline(const std::string& pruner, int trials = 30, int parallel = 1) {
  return "[study]\nname = \"prune\"\ntrials = " + std::to_string(trials) +
         "\nseed = 11\nparallel = " + std::to_string(parallel) + "\n\n[data]\nloader = \"csv\"\npath = \"" +
         data_file("iris.csv") +
         "\"\ntarget = \"species\"\n\n[evaluation]\ncv = { method = \"stratified_kfold\", "
         "folds = 5 }\nmetric = \"accuracy\"\ntest_fraction = 0.2\n\n[model]\nplugin = \"knn\"\n"
         "[model.space]\nn_neighbors = { int = [1, 110] }\nweights = { choice = [\"uniform\", "
         "\"distance\"] }\n\n[strategy]\nplugin = \"random\"\n\n[pruner]\n" +
         pruner + "\n";
}

struct Row {
  std::string state;
  double value = 0;
};

// number -> (state, value) from trials.csv (its first three columns).
std::map<int64_t, Row> trials_csv(const std::string& path) {
  std::map<int64_t, Row> rows;
  const std::vector<std::string> lines = lines_of(read_text(path));
  for (size_t i = 1; i < lines.size(); ++i) {
    const std::string& line = lines[i];
    const size_t a = line.find(','), b = line.find(',', a + 1), c = line.find(',', b + 1);
    Row row;
    row.state = line.substr(a + 1, b - a - 1);
    const std::string value = line.substr(b + 1, c - b - 1);
    row.value = value.empty() ? std::nan("") : std::stod(value);
    rows[std::stoll(line.substr(0, a))] = row;
  }
  return rows;
}

int64_t best_trial_number(const std::string& best_json) {
  std::smatch m;
  if (!std::regex_search(best_json, m, std::regex(R"("trial":\s*(\d+))"))) return -1;
  return std::stoll(m[1]);
}

// Runs the pipeline and checks what every pruned run must show; returns the pruned count.
int check_pruned_run(const std::string& pruner, int64_t earliest_step, int parallel = 1) {
  TempDir dir;
  write_text(dir / "pipeline.toml", knn_pipeline(pruner, 30, parallel));
  Result r = run_amhost({dir / "pipeline.toml", "-o", dir / "run", "-q"});
  EXPECT_EQ(r.status, 0) << r.out << r.err;
  if (r.status != 0) return 0;

  const std::map<int64_t, Row> rows = trials_csv(dir / "run/trials.csv");
  EXPECT_EQ(rows.size(), 30u);
  int pruned = 0, complete = 0;
  for (const auto& [number, row] : rows) {
    if (row.state == "pruned") ++pruned;
    if (row.state == "complete") ++complete;
    EXPECT_TRUE(row.state == "pruned" || row.state == "complete") << number << " " << row.state;
  }
  EXPECT_GT(complete, 0);

  // The best is complete, and no complete trial beats it.
  const int64_t best = best_trial_number(read_text(dir / "run/best.json"));
  EXPECT_TRUE(rows.count(best)) << best;
  if (rows.count(best)) {
    EXPECT_EQ(rows.at(best).state, "complete");
    for (const auto& [number, row] : rows)
      if (row.state == "complete") {
        EXPECT_LE(row.value, rows.at(best).value) << number;
      }
  }

  // The database keeps where each pruned trial stopped: its last report, before the last fold.
  const amcore::StudyStorage storage = amcore::StudyStorage::open_read_only(dir / "run");
  for (const amcore::StoredTrial& t : storage.finished_trials()) {
    if (t.state != amcore::StoredState::Pruned) {
      if (t.state == amcore::StoredState::Complete) {
        EXPECT_EQ(t.intermediate.size(), 5u) << t.number;
      }
      continue;
    }
    EXPECT_FALSE(t.intermediate.empty()) << t.number;
    if (t.intermediate.empty()) continue;
    const int64_t step = t.intermediate.back().first;
    EXPECT_GE(step, earliest_step) << t.number;
    EXPECT_LT(step, 4) << t.number;
    EXPECT_EQ(t.error, "pruned after fold " + std::to_string(step)) << t.number;
    EXPECT_DOUBLE_EQ(t.value, t.intermediate.back().second) << t.number;
  }
  return pruned;
}

}  // namespace

TEST(PruningRun, MedianRulePrunesKnnTrials) {
  // warmup_steps = 1: fold 0 never prunes.
  EXPECT_GT(check_pruned_run("rule = \"median\"", 1), 0);
}

TEST(PruningRun, ParallelTrialsShareThePruner) {
  EXPECT_GT(check_pruned_run("rule = \"median\"", 1, 3), 0);
}

TEST(PruningRun, WilcoxonRulePrunesOnPairedFolds) {
  // All 4 folds worse than the best: p = 1/16 < 0.1, so the earliest stop is fold 3.
  EXPECT_GT(check_pruned_run("rule = \"wilcoxon\"\np_value = 0.1", 3), 0);
}

TEST(PruningRun, NoPrunerPrunesNothing) {
  TempDir dir;
  write_text(dir / "pipeline.toml", knn_pipeline("rule = \"none\"", 10));
  Result r = run_amhost({dir / "pipeline.toml", "-o", dir / "run", "-q"});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  for (const auto& [number, row] : trials_csv(dir / "run/trials.csv"))
    EXPECT_EQ(row.state, "complete") << number;
}

TEST(PruningRun, ResumedStudyRemembersTheStoredTrials) {
  // Twenty new trials cannot reach startup_trials = 20 on their own (the twentieth sees nineteen
  // finished): any of them pruned was judged against the trials of the first run.
  TempDir dir;
  write_text(dir / "pipeline.toml", knn_pipeline("rule = \"median\"\nstartup_trials = 20", 10));
  Result first = run_amhost({dir / "pipeline.toml", "-o", dir / "run", "-q"});
  ASSERT_EQ(first.status, 0) << first.out << first.err;
  Result resumed = run_amhost({dir / "pipeline.toml", "-o", dir / "run", "-q", "-n", "30",
                               "--resume"});
  ASSERT_EQ(resumed.status, 0) << resumed.out << resumed.err;
  const std::map<int64_t, Row> rows = trials_csv(dir / "run/trials.csv");
  EXPECT_EQ(rows.size(), 30u);
  int pruned_after_resume = 0;
  for (const auto& [number, row] : rows)
    if (number >= 10 && row.state == "pruned") ++pruned_after_resume;
  EXPECT_GT(pruned_after_resume, 0);
}

TEST(PruningRun, ObjectiveReportsPerEpochArePruned) {
  // The learning curve reports 10 epochs; slow or high curves fall behind the median early.
  TempDir dir;
  write_text(dir / "pipeline.toml",
             "[study]\nname = \"curves\"\ntrials = 30\nseed = 3\n\n[objective]\nplugin = "
             "\"learning_curve\"\n[objective.space]\nrate = { float = [0.05, 1.0] }\nfloor = { "
             "float = [0.0, 0.5] }\n\n[pruner]\nrule = \"median\"\nwarmup_steps = 2\n");
  Result r = run_amhost({dir / "pipeline.toml", "-o", dir / "run", "-q", "--plugin-path",
                         AMS_PRUNING_PLUGIN_DIR});
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  const std::map<int64_t, Row> rows = trials_csv(dir / "run/trials.csv");
  EXPECT_EQ(rows.size(), 30u);
  const int64_t best = best_trial_number(read_text(dir / "run/best.json"));
  ASSERT_TRUE(rows.count(best)) << best;
  EXPECT_EQ(rows.at(best).state, "complete");

  const amcore::StudyStorage storage = amcore::StudyStorage::open_read_only(dir / "run");
  int pruned = 0;
  for (const amcore::StoredTrial& t : storage.finished_trials()) {
    EXPECT_NE(t.state, amcore::StoredState::Failed) << t.number << ": " << t.error;
    if (t.state == amcore::StoredState::Complete) {
      EXPECT_EQ(t.intermediate.size(), 10u) << t.number;
      EXPECT_LE(rows.at(best).value, t.value) << t.number;
    }
    if (t.state != amcore::StoredState::Pruned) continue;
    ++pruned;
    // Stopped at the epoch of its last report, after the warm-up, before the end.
    ASSERT_FALSE(t.intermediate.empty()) << t.number;
    EXPECT_GE(t.intermediate.back().first, 2) << t.number;
    EXPECT_LT(t.intermediate.size(), 10u) << t.number;
    EXPECT_DOUBLE_EQ(t.value, t.intermediate.back().second) << t.number;
    EXPECT_EQ(rows.at(t.number).state, "pruned");
  }
  EXPECT_GT(pruned, 0);
}
