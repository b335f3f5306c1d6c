// kill -9 at random moments loses no finished trial: a study is killed again and again while it
// runs, resumed each time, and every trial that had finished before a kill must still be there,
// exactly once and unchanged, until the study reaches its trial count.
#include <gtest/gtest.h>

#include <chrono>
#include <csignal>
#include <map>
#include <random>
#include <thread>

#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>

#include "amhost_runner.hpp"
#include "storage/study_storage.hpp"

extern char** environ;

using namespace amtest;

namespace {

constexpr int64_t kTrials = 80;

struct Seen {
  std::string params;
  double value;
};

pid_t start_amhost(const std::vector<std::string>& args) {
  std::vector<char*> argv;
  std::string program = AMS_TEST_AMHOST;
  argv.push_back(program.data());
  std::vector<std::string> copy = args;
  for (std::string& a : copy) argv.push_back(a.data());
  argv.push_back(nullptr);
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_addopen(&actions, 1, "/dev/null", O_WRONLY, 0);
  posix_spawn_file_actions_addopen(&actions, 2, "/dev/null", O_WRONLY, 0);
  pid_t pid = -1;
  const int rc = posix_spawn(&pid, program.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  return rc == 0 ? pid : -1;
}

// Finished trials by number; fails the test when one seen before changed or vanished.
void check_and_collect(const TempDir& dir, std::map<int64_t, Seen>& seen) {
  amcore::StudyStorage storage = amcore::StudyStorage::open_read_only(dir / "out");
  std::map<int64_t, Seen> now;
  for (const amcore::StoredTrial& t : storage.finished_trials())
    now[t.number] = {t.params_json, t.value};
  for (const auto& [number, before] : seen) {
    auto it = now.find(number);
    ASSERT_NE(it, now.end()) << "trial " << number << " finished before a kill and is gone";
    EXPECT_EQ(it->second.params, before.params) << "trial " << number;
    EXPECT_EQ(it->second.value, before.value) << "trial " << number;
  }
  seen = std::move(now);
}

void kill_resume_cycle(const std::string& isolation) {
  TempDir dir;
  write_text(dir / "pipeline.toml",
             "[study]\nname = \"soak\"\ntrials = " + std::to_string(kTrials) +
                 "\nparallel = 2\nseed = 11\n" + isolation +
                 "\n[objective]\nplugin = \"misbehave\"\n[objective.space]\n"
                 "action = { choice = [\"sleep\"] }\nx = { float = [0.0, 1.0] }\n");
  const std::vector<std::string> base = {dir / "pipeline.toml", "--output", dir / "out",
                                         "--plugin-path", AMS_ISOLATION_PLUGIN_DIR, "--quiet"};
  std::mt19937 rng(20261206);
  std::uniform_int_distribution<int> pause_ms(60, 400);
  std::map<int64_t, Seen> seen;
  int kills = 0;
  for (int round = 0; round < 8; ++round) {
    std::vector<std::string> args = base;
    // A round killed before it created the database leaves nothing to resume.
    if (amcore::StudyStorage::exists(dir / "out")) args.push_back("--resume");
    const pid_t pid = start_amhost(args);
    ASSERT_GT(pid, 0);
    std::this_thread::sleep_for(std::chrono::milliseconds(pause_ms(rng)));
    const bool killed = kill(pid, SIGKILL) == 0;
    int status = 0;
    waitpid(pid, &status, 0);
    if (killed && WIFSIGNALED(status)) ++kills;
    if (!amcore::StudyStorage::exists(dir / "out")) continue;  // killed before it began
    check_and_collect(dir, seen);
    if (static_cast<int64_t>(seen.size()) >= kTrials) break;
  }
  EXPECT_GE(kills, 3) << "the study finished too fast to be killed while it ran";
  const Result last = run_amhost([&] {
    std::vector<std::string> args = base;
    if (amcore::StudyStorage::exists(dir / "out")) args.push_back("--resume");
    return args;
  }());
  ASSERT_EQ(last.status, 0) << last.out << last.err;
  check_and_collect(dir, seen);
  EXPECT_EQ(static_cast<int64_t>(seen.size()), kTrials);
  amcore::StudyStorage storage = amcore::StudyStorage::open_read_only(dir / "out");
  EXPECT_TRUE(storage.running_trials().empty());
  // trials.csv, derived from the database, lists each trial once.
  EXPECT_EQ(static_cast<int64_t>(lines_of(read_text(dir / "out/trials.csv")).size()),
            kTrials + 1);
}

}  // namespace

TEST(KillResume, NoFinishedTrialIsLostWithThreads) { kill_resume_cycle(""); }

TEST(KillResume, NoFinishedTrialIsLostWithWorkerProcesses) {
  kill_resume_cycle("isolation = \"process\"\n");
}
