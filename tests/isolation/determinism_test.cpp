// [study] deterministic = true: the same seed gives the same trials whatever `parallel` is,
// even when parallel trials finish out of order (the test objective's "jitter" action sleeps
// a time that depends on x). The strategy is tpe, whose proposals depend on everything it was
// told and on what is still pending.
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "amhost_runner.hpp"
#include "storage/study_storage.hpp"

using namespace amtest;

namespace {

std::string pipeline(int parallel, const std::string& isolation) {
  return "[study]\nname = \"jitter\"\ntrials = 22\nseed = 11\ndeterministic = true\nbatch = 4\n"
         "parallel = " + std::to_string(parallel) + "\nisolation = \"" + isolation + "\"\n"
         "[objective]\nplugin = \"misbehave\"\n[objective.space]\n"
         "action = { choice = [\"jitter\"] }\nx = { float = [0.0, 1.0] }\n"
         "[strategy]\nplugin = \"tpe\"\nstartup_trials = 4\n";
}

// number, parameters and value of every stored trial, in order.
std::vector<std::string> stored_trials(const TempDir& dir, int parallel,
                                       const std::string& isolation = "thread") {
  const std::string folder = dir / ("p" + std::to_string(parallel) + isolation);
  write_text(folder + ".toml", pipeline(parallel, isolation));
  const Result r = run_amhost({folder + ".toml", "--output", folder, "--plugin-path",
                               AMS_ISOLATION_PLUGIN_DIR, "--quiet"});
  EXPECT_EQ(r.status, 0) << r.err;
  amcore::StudyStorage storage = amcore::StudyStorage::open_read_only(folder);
  std::vector<std::string> rows;
  for (const amcore::StoredTrial& t : storage.trials())
    rows.push_back(std::to_string(t.number) + " " + amcore::stored_state_name(t.state) + " " +
                   t.params_json + " " + std::to_string(t.value));
  return rows;
}

}  // namespace

TEST(Deterministic, SameTrialsWithOneTwoAndFourWorkers) {
  TempDir dir;
  const std::vector<std::string> one = stored_trials(dir, 1);
  ASSERT_EQ(one.size(), 22u);  // the last batch is cut short by the count: it still runs whole
  EXPECT_EQ(stored_trials(dir, 2), one);
  EXPECT_EQ(stored_trials(dir, 4), one);
}

TEST(Deterministic, SameTrialsInWorkerProcesses) {
  TempDir dir;
  EXPECT_EQ(stored_trials(dir, 3, "process"), stored_trials(dir, 1));
}
