// isolation = "process" and "thread", trial_timeout, trial_memory and max_failures, end to end:
// amhost runs the misbehaving test objective and each trial's stored state and message are
// checked in study.db.
#include <gtest/gtest.h>

#include <map>
#include <string>

#include "amhost_runner.hpp"
#include "storage/study_storage.hpp"

using namespace amtest;

namespace {

std::string pipeline(const std::string& study_extra, const std::string& actions,
                     const std::string& strategy = "grid") {
  return "[study]\nname = \"misbehave\"\ntrials = 40\nseed = 3\n" + study_extra +
         "\n[objective]\nplugin = \"misbehave\"\n[objective.space]\naction = { choice = [" +
         actions + "] }\n\n[strategy]\nplugin = \"" + strategy + "\"\n";
}

Result run(const TempDir& dir, const std::string& text) {
  write_text(dir / "pipeline.toml", text);
  return run_amhost({dir / "pipeline.toml", "--output", dir / "out", "--plugin-path",
                     AMS_ISOLATION_PLUGIN_DIR, "--quiet"});
}

struct Outcome {
  amcore::StoredState state;
  std::string error;
  std::string worker;
};

// Stored trials by their action.
std::map<std::string, Outcome> outcomes(const TempDir& dir) {
  amcore::StudyStorage storage = amcore::StudyStorage::open_read_only(dir / "out");
  std::map<std::string, Outcome> by_action;
  for (const amcore::StoredTrial& t : storage.trials()) {
    const size_t colon = t.params_json.find(':');
    std::string action = t.params_json.substr(colon + 1);
    action.erase(0, action.find('"') + 1);
    action.erase(action.find('"'));
    by_action[action] = {t.state, t.error, t.worker};
  }
  return by_action;
}

// trials.csv without its duration_s column (the 4th), which differs from run to run.
std::string without_durations(const std::string& csv) {
  std::string out;
  for (const std::string& line : lines_of(csv)) {
    size_t start = 0;
    for (int comma = 0; comma < 3 && start != std::string::npos; ++comma)
      start = line.find(',', start) + 1;
    const size_t end = line.find(',', start);
    out += line.substr(0, start) + (end == std::string::npos ? "" : line.substr(end)) + "\n";
  }
  return out;
}

bool contains(const std::string& text, const std::string& part) {
  return text.find(part) != std::string::npos;
}

}  // namespace

TEST(ProcessIsolation, EachMisbehaviourFailsOnlyItsOwnTrial) {
  TempDir dir;
  const Result r = run(dir, pipeline("isolation = \"process\"\nparallel = 2\n"
                                     "trial_timeout = \"4s\"\ntrial_memory = \"256MiB\"\n",
                                     "\"ok\", \"throw\", \"nan\", \"segfault\", \"abort\", "
                                     "\"exit\", \"hang\", \"allocate\""));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::map<std::string, Outcome> by_action = outcomes(dir);
  ASSERT_EQ(by_action.size(), 8u);
  EXPECT_EQ(by_action["ok"].state, amcore::StoredState::Complete) << by_action["ok"].error;
  EXPECT_TRUE(contains(by_action["ok"].worker, "process ")) << by_action["ok"].worker;
  for (const char* action : {"throw", "nan", "segfault", "abort", "exit", "hang", "allocate"})
    EXPECT_EQ(by_action[action].state, amcore::StoredState::Failed) << action;
  EXPECT_TRUE(contains(by_action["throw"].error, "thrown on purpose")) << by_action["throw"].error;
  EXPECT_TRUE(contains(by_action["nan"].error, "non-finite")) << by_action["nan"].error;
  // Under AddressSanitizer a segfault is reported and turned into an abort: a signal either way.
  EXPECT_TRUE(contains(by_action["segfault"].error, "killed by signal"))
      << by_action["segfault"].error;
  EXPECT_TRUE(contains(by_action["abort"].error, "killed by signal")) << by_action["abort"].error;
  EXPECT_TRUE(contains(by_action["exit"].error, "exited with status 7")) << by_action["exit"].error;
  EXPECT_TRUE(contains(by_action["hang"].error, "exceeded trial_timeout = 4s"))
      << by_action["hang"].error;
  EXPECT_TRUE(contains(by_action["allocate"].error, "exceeded trial_memory = 256 MiB"))
      << by_action["allocate"].error;
}

TEST(ProcessIsolation, ResultsMatchThreadIsolation) {
  TempDir threads, processes;
  // Parameters out of alphabetical order: the worker must see the
  // space exactly as amhost does (the objective returns x; b's values are far from x's).
  const std::string actions = "\"ok\", \"throw\", \"nan\"] }\nx = { float = [0.0, 1.0] }\n"
                              "b = { float = [5.0, 6.0";
  const Result a = run(threads, pipeline("", actions, "random"));
  const Result b = run(processes, pipeline("isolation = \"process\"\n", actions, "random"));
  ASSERT_EQ(a.status, 0) << a.err;
  ASSERT_EQ(b.status, 0) << b.err;
  EXPECT_EQ(without_durations(read_text(threads / "out/trials.csv")),
            without_durations(read_text(processes / "out/trials.csv")));
  amcore::StudyStorage storage = amcore::StudyStorage::open_read_only(processes / "out");
  int complete = 0;
  for (const amcore::StoredTrial& t : storage.finished_trials())
    if (t.state == amcore::StoredState::Complete) {
      ++complete;
      EXPECT_GE(t.value, 0.0);
      EXPECT_LE(t.value, 1.0);
    }
  EXPECT_GT(complete, 0);
}

TEST(ThreadIsolation, TrialTimeoutCancelsThroughIsCancelled) {
  TempDir dir;
  const Result r = run(dir, pipeline("trial_timeout = 0.3\n", "\"ok\", \"patient\", \"throw\""));
  ASSERT_EQ(r.status, 0) << r.out << r.err;
  std::map<std::string, Outcome> by_action = outcomes(dir);
  EXPECT_EQ(by_action["ok"].state, amcore::StoredState::Complete);
  EXPECT_EQ(by_action["patient"].state, amcore::StoredState::Failed);
  EXPECT_TRUE(contains(by_action["patient"].error, "exceeded trial_timeout = 0.3s"))
      << by_action["patient"].error;
  EXPECT_TRUE(contains(by_action["throw"].error, "thrown on purpose"));
  EXPECT_TRUE(contains(by_action["ok"].worker, "thread "));
}

TEST(MaxFailures, EndsTheStudyWithASummary) {
  TempDir dir;
  const Result r = run(dir, pipeline("max_failures = 3\n", "\"throw\"", "random"));
  EXPECT_EQ(r.status, 1) << r.out << r.err;
  EXPECT_TRUE(contains(r.err, "stopped after 3 failed trials (max_failures = 3)")) << r.err;
  amcore::StudyStorage storage = amcore::StudyStorage::open_read_only(dir / "out");
  EXPECT_EQ(storage.finished_trials().size(), 3u);
}

TEST(IsolationConfig, TrialMemoryNeedsProcessIsolation) {
  TempDir dir;
  write_text(dir / "pipeline.toml", pipeline("trial_memory = \"1GiB\"\n", "\"ok\""));
  const Result r = run_amhost({"validate", dir / "pipeline.toml", "--plugin-path",
                               AMS_ISOLATION_PLUGIN_DIR});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "pipeline.toml:5:16: study.trial_memory: needs isolation = "
                              "\"process\""))
      << r.err;
}

TEST(IsolationConfig, UnknownIsolationIsLocated) {
  TempDir dir;
  write_text(dir / "pipeline.toml", pipeline("isolation = \"fork\"\n", "\"ok\""));
  const Result r = run_amhost({"validate", dir / "pipeline.toml", "--plugin-path",
                               AMS_ISOLATION_PLUGIN_DIR});
  EXPECT_EQ(r.status, 2);
  EXPECT_TRUE(contains(r.err, "pipeline.toml:5:13: study.isolation: expected \"thread\" or "
                              "\"process\", found \"fork\""))
      << r.err;
}
