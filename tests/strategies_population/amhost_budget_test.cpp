// End to end through amhost: the trial budgets hyperband proposes reach the study (stored with
// each trial, with parallel workers and a resumed run), in the rung structure of synchronous
// Hyperband, with promotions carrying the parameters of the best of their rung.
#include <gtest/gtest.h>

#include "support/temp_dir.hpp"

#include <algorithm>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <random>
#include <string>

#include "storage/study_storage.hpp"

namespace {

namespace fs = std::filesystem;

using amtest::TempDir;

int run_amhost(const std::string& args, const fs::path& log) {
  std::string command = std::string("\"") + AMS_TEST_AMHOST + "\" " + args + " > \"" +
                        log.string() + "\" 2>&1";
  return std::system(command.c_str());
}

std::string read(const fs::path& p) {
  std::ifstream in(p);
  return std::string(std::istreambuf_iterator<char>(in), {});
}

TEST(HyperbandThroughAmhost, BudgetsFollowTheRungsAcrossAResume) {
  TempDir dir;
  const fs::path pipeline = dir.path() / "pipeline.toml";
  std::ofstream(pipeline) << "[study]\nname = \"hb\"\nparallel = 2\nseed = 3\n"
                          << "[data]\nloader = \"csv\"\npath = \"" << AMS_TEST_SOURCE_DIR
                          << "/examples/data/iris.csv\"\ntarget = \"species\"\n"
                          << "task = \"classification\"\n"
                          << "[evaluation]\ncv = { method = \"stratified_kfold\", folds = 3 }\n"
                          << "metric = \"accuracy\"\n"
                          << "[model]\nplugin = \"random_forest\"\nfixed = { n_jobs = 1 }\n"
                          << "[model.space]\nn_estimators = { int = [9, 60] }\n"
                          << "max_depth = { int = [1, 8] }\n"
                          << "[strategy]\nplugin = \"hyperband\"\nmode = \"sync\"\n"
                          << "min_budget = 0.1111111111111111\nbrackets = 1\n";
  const fs::path out = dir.path() / "run", log = dir.path() / "log.txt";
  const std::string base = "\"" + pipeline.string() + "\" -q -o \"" + out.string() + "\"";
  ASSERT_EQ(run_amhost(base + " -n 5", log), 0) << read(log);
  // Resumed: the strategy is told the 5 stored trials, then finishes its only bracket.
  ASSERT_EQ(run_amhost(base + " -n 30 --resume", log), 0) << read(log);

  auto trials = amcore::StudyStorage::open_read_only(out.string()).finished_trials();
  ASSERT_EQ(trials.size(), 13u) << "9 + 3 + 1, then the strategy is exhausted";
  std::map<int, std::vector<const amcore::StoredTrial*>> rungs;
  for (const auto& t : trials) {
    ASSERT_EQ(t.state, amcore::StoredState::Complete) << t.error;
    int rung = t.budget < 0.2 ? 0 : t.budget < 0.5 ? 1 : 2;
    const double expected[] = {1.0 / 9, 1.0 / 3, 1.0};
    EXPECT_NEAR(t.budget, expected[rung], 1e-12);
    rungs[rung].push_back(&t);
  }
  ASSERT_EQ(rungs[0].size(), 9u);
  ASSERT_EQ(rungs[1].size(), 3u);
  ASSERT_EQ(rungs[2].size(), 1u);
  // Accuracy is maximised; ties go to the earlier trial.
  auto best = [](std::vector<const amcore::StoredTrial*> rung, size_t keep) {
    std::stable_sort(rung.begin(), rung.end(),
                     [](const auto* a, const auto* b) { return a->value > b->value; });
    rung.resize(keep);
    std::vector<std::vector<double>> values;
    for (const auto* t : rung) values.push_back(t->values);
    std::sort(values.begin(), values.end());
    return values;
  };
  std::vector<std::vector<double>> promoted;
  for (const auto* t : rungs[1]) promoted.push_back(t->values);
  std::sort(promoted.begin(), promoted.end());
  EXPECT_EQ(promoted, best(rungs[0], 3));
  EXPECT_EQ(std::vector<std::vector<double>>{rungs[2][0]->values}, best(rungs[1], 1));
}

}  // namespace
