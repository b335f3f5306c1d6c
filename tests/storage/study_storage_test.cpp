#include "storage/study_storage.hpp"

#include <chrono>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <random>

#include <ams/ams.h>
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

namespace fs = std::filesystem;

namespace {

using amcore::StoredState;
using amcore::StoredTrial;
using amcore::StudyInfo;
using amcore::StudyStorage;

class Storage : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = fs::temp_directory_path() /
           ("ams_storage_" + std::to_string(::getpid()) + "_" + info->name());
    fs::remove_all(dir_);
    fs::create_directories(dir_);
  }
  void TearDown() override {
    std::error_code ec;
    fs::permissions(dir_, fs::perms::owner_all, ec);
    fs::remove_all(dir_, ec);
  }

  static StudyInfo info(const std::string& name = "study-a") {
    StudyInfo i;
    i.name = name;
    i.pipeline_text = "[study]\nname = \"" + name + "\"\n";
    i.space_json = R"([{"name":"alpha","type":"float"},{"name":"kind","type":"categorical"}])";
    i.param_names = {"alpha", "kind"};
    i.seed = 42;
    i.direction = "maximize";
    i.metric = "accuracy";
    return i;
  }

  static StoredTrial trial(int64_t number) {
    StoredTrial t;
    t.number = number;
    t.state = StoredState::Complete;
    t.value = 0.5 + 0.001 * static_cast<double>(number);
    t.values = {0.1 * static_cast<double>(number), number % 2 ? std::nan("") : 1.0};
    t.params_json = R"({"alpha":)" + std::to_string(0.1 * static_cast<double>(number)) + "}";
    t.budget = 1.0;
    t.intermediate = {{0, 0.4}, {1, 0.45}};
    t.start_time = 1000.0 + static_cast<double>(number);
    t.end_time = t.start_time + 0.25;
    t.duration_s = 0.25;
    t.worker = "thread 1";
    return t;
  }

  std::string db() const { return (dir_ / "study.db").string(); }

  static std::string bytes_of(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    return std::string((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  }

  // Expects an InputError whose message contains `needle`.
  template <class F>
  static void expect_refused(F&& f, const std::string& needle) {
    try {
      f();
      FAIL() << "expected an InputError mentioning '" << needle << "'";
    } catch (const amcore::InputError& e) {
      EXPECT_NE(std::string(e.what()).find(needle), std::string::npos) << e.what();
    }
  }

  fs::path dir_;
};

TEST_F(Storage, RoundTripsEveryField) {
  {
    auto storage = StudyStorage::create(dir_.string(), info());
    StoredTrial failed = trial(1);
    failed.state = StoredState::Failed;
    failed.value = std::nan("");
    failed.error = "model knn: fit failed: \"quoted\"\nsecond line";
    failed.intermediate.clear();
    storage.append_trial(trial(0));
    storage.append_trial(failed);
  }
  auto storage = StudyStorage::resume(dir_.string(), info());
  EXPECT_FALSE(storage.pipeline_changed());
  EXPECT_EQ(storage.info().name, "study-a");
  EXPECT_EQ(storage.info().seed, 42u);
  EXPECT_EQ(storage.info().param_names, (std::vector<std::string>{"alpha", "kind"}));
  EXPECT_GT(storage.info().created, 0);
  EXPECT_EQ(storage.info().pipeline_hash.size(), 16u);
  const auto trials = storage.trials();
  ASSERT_EQ(trials.size(), 2u);
  const StoredTrial expected = trial(0);
  EXPECT_EQ(trials[0].number, 0);
  EXPECT_EQ(trials[0].state, StoredState::Complete);
  EXPECT_DOUBLE_EQ(trials[0].value, expected.value);
  EXPECT_EQ(trials[0].values, expected.values);
  EXPECT_EQ(trials[0].params_json, expected.params_json);
  EXPECT_EQ(trials[0].intermediate, expected.intermediate);
  EXPECT_DOUBLE_EQ(trials[0].start_time, expected.start_time);
  EXPECT_DOUBLE_EQ(trials[0].duration_s, 0.25);
  EXPECT_EQ(trials[0].worker, "thread 1");
  EXPECT_EQ(trials[1].state, StoredState::Failed);
  EXPECT_TRUE(std::isnan(trials[1].value));
  EXPECT_TRUE(std::isnan(trials[1].values[1]));  // inactive stays NaN
  EXPECT_EQ(trials[1].error, "model knn: fit failed: \"quoted\"\nsecond line");
  EXPECT_EQ(storage.next_trial_number(), 2);
}

TEST_F(Storage, EpochReportsComeBackInTheOrderTheyWereMade) {
  // Cross-validation: fold k's epoch reports (steps (k + 1) * 10^9 + e) came before fold k's
  // running mean (step k); the last report is where a pruned trial stopped.
  const int64_t base = AMS_EPOCH_STEP_BASE;
  StoredTrial t = trial(0);
  t.state = StoredState::Pruned;
  t.intermediate = {{base + 1, 0.3}, {base + 2, 0.4}, {0, 0.41}, {2 * base + 1, 0.2},
                    {2 * base + 2, 0.35}, {1, 0.4}};
  StoredTrial u = trial(1);
  u.state = StoredState::Pruned;
  u.intermediate = {{base + 1, 0.3}, {0, 0.41}, {2 * base + 1, 0.2}, {2 * base + 2, 0.1}};
  {
    auto storage = StudyStorage::create(dir_.string(), info());
    storage.append_trial(t);
    storage.append_trial(u);
  }
  auto trials = StudyStorage::open_read_only(dir_.string()).trials();
  ASSERT_EQ(trials.size(), 2u);
  EXPECT_EQ(trials[0].intermediate, t.intermediate);
  EXPECT_EQ(trials[1].intermediate, u.intermediate);

  // An objective's steps are its own: by step.
  const fs::path other = dir_ / "objective";
  fs::create_directories(other);
  StudyInfo objective = info();
  objective.metric = "";
  StoredTrial v = trial(0);
  v.intermediate = {{base + 1, 0.3}, {0, 0.41}};
  {
    auto storage = StudyStorage::create(other.string(), objective);
    storage.append_trial(v);
  }
  trials = StudyStorage::open_read_only(other.string()).trials();
  ASSERT_EQ(trials.size(), 1u);
  EXPECT_EQ(trials[0].intermediate,
            (std::vector<std::pair<int64_t, double>>{{0, 0.41}, {base + 1, 0.3}}));
}

TEST_F(Storage, EachTrialIsCommittedWhenAppended) {
  auto storage = StudyStorage::create(dir_.string(), info());
  for (int64_t n = 0; n < 5; ++n) {
    storage.append_trial(trial(n));
    // Another connection sees it at once: it is committed, not buffered.
    auto reader = StudyStorage::open_read_only(dir_.string());
    ASSERT_EQ(reader.trials().size(), static_cast<size_t>(n + 1));
  }
}

TEST_F(Storage, RunningTrialsAreReplacedWhenTheyFinish) {
  auto storage = StudyStorage::create(dir_.string(), info());
  StoredTrial running = trial(0);
  storage.mark_running(running);
  storage.mark_running(trial(1));
  ASSERT_EQ(storage.running_trials().size(), 2u);
  EXPECT_TRUE(storage.finished_trials().empty());
  storage.append_trial(trial(0));
  ASSERT_EQ(storage.running_trials().size(), 1u);
  EXPECT_EQ(storage.running_trials()[0].number, 1);
  ASSERT_EQ(storage.finished_trials().size(), 1u);
  EXPECT_EQ(storage.finished_trials()[0].intermediate.size(), 2u);  // not doubled
  storage.forget_running();
  EXPECT_EQ(storage.trials().size(), 1u);
  StoredTrial still_running = trial(3);
  still_running.state = StoredState::Running;
  EXPECT_THROW(storage.append_trial(still_running), std::logic_error);
}

TEST_F(Storage, CreateRefusesAFolderThatHoldsAStudy) {
  { auto storage = StudyStorage::create(dir_.string(), info()); storage.append_trial(trial(0)); }
  const std::string before = bytes_of(db());
  expect_refused([&] { StudyStorage::create(dir_.string(), info()); }, "--resume");
  expect_refused([&] { StudyStorage::create(dir_.string(), info()); }, "study 'study-a' (1 trials)");
  EXPECT_EQ(bytes_of(db()), before);
}

TEST_F(Storage, MissingFolderOrDatabaseIsBadInput) {
  expect_refused([&] { StudyStorage::create((dir_ / "nope").string(), info()); }, "does not exist");
  expect_refused([&] { StudyStorage::resume(dir_.string(), info()); }, "no study to resume");
}

TEST_F(Storage, AnotherStudyOrSpaceIsRefusedUntouched) {
  { auto storage = StudyStorage::create(dir_.string(), info()); storage.append_trial(trial(0)); }
  const std::string before = bytes_of(db());
  expect_refused([&] { StudyStorage::resume(dir_.string(), info("study-b")); }, "holds study 'study-a'");
  StudyInfo other_space = info();
  other_space.param_names = {"alpha", "beta"};
  expect_refused([&] { StudyStorage::resume(dir_.string(), other_space); }, "other parameters");
  other_space = info();
  other_space.space_json += " ";
  expect_refused([&] { StudyStorage::resume(dir_.string(), other_space); }, "another search space");
  EXPECT_EQ(bytes_of(db()), before);

  StudyInfo changed = info();
  changed.pipeline_text += "# more trials\n";
  EXPECT_TRUE(StudyStorage::resume(dir_.string(), changed).pipeline_changed());
}

TEST_F(Storage, ResumeNamesTheParameterThatChanged) {
  StudyInfo before = info();
  before.space_json = R"([{"name":"alpha","type":"float","low":0,"high":1},{"name":"kind","type":"bool"}])";
  { auto storage = StudyStorage::create(dir_.string(), before); }
  StudyInfo now = before;
  now.space_json = R"([{"name":"alpha","type":"float","low":0,"high":2},{"name":"kind","type":"bool"}])";
  expect_refused([&] { StudyStorage::resume(dir_.string(), now); },
                 R"(stored {"high":1,"low":0,"name":"alpha","type":"float"}, now {"high":2,)");
}

TEST_F(Storage, ResumeWithAnotherMetricIsRefused) {
  { auto storage = StudyStorage::create(dir_.string(), info()); storage.append_trial(trial(0)); }
  const std::string before = bytes_of(db());
  StudyInfo other = info();
  other.metric = "f1_macro";
  expect_refused([&] { StudyStorage::resume(dir_.string(), other); },
                 "scored with metric accuracy (maximize), the pipeline now asks for metric "
                 "f1_macro (maximize)");
  EXPECT_EQ(bytes_of(db()), before);
}

TEST_F(Storage, InMemoryStorageKeepsTrialsAndWritesNoFile) {
  auto storage = StudyStorage::create_in_memory(info());
  storage.mark_running(trial(0));
  storage.append_trial(trial(0));
  storage.append_trial(trial(1));
  ASSERT_EQ(storage.finished_trials().size(), 2u);
  EXPECT_EQ(storage.finished_trials()[1].values[0], trial(1).values[0]);
  EXPECT_EQ(storage.next_trial_number(), 2);
  EXPECT_FALSE(StudyStorage::exists(dir_.string()));
  EXPECT_TRUE(fs::is_empty(dir_));
}

TEST_F(Storage, MetaValuesAreKeptAndReplaced) {
  {
    auto storage = StudyStorage::create(dir_.string(), info());
    EXPECT_FALSE(storage.meta("test_score").has_value());
    storage.set_meta("test_score", "0.5");
    storage.set_meta("test_score", "0.75");
  }
  EXPECT_EQ(StudyStorage::open_read_only(dir_.string()).meta("test_score"), "0.75");
}

TEST_F(Storage, AStudyKilledWhileWritingCanBeReadReadOnly) {
  { auto storage = StudyStorage::create(dir_.string(), info()); storage.append_trial(trial(0)); }
  // A process dies in the middle of a large transaction, as a kill -9 would leave it: pages
  // spilled into the file, and a journal that only a writer may roll back.
  const pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    const std::string path = db();
    sqlite3* handle = nullptr;
    sqlite3_open_v2(path.c_str(), &handle, SQLITE_OPEN_READWRITE, nullptr);
    sqlite3_exec(handle, "PRAGMA journal_mode = DELETE; PRAGMA cache_size = 2; BEGIN; "
                 "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 2000) "
                 "INSERT INTO meta (key, value) SELECT 'k' || i, hex(randomblob(400)) FROM n;",
                 nullptr, nullptr, nullptr);
    _exit(0);
  }
  int status = 0;
  ASSERT_EQ(waitpid(child, &status, 0), child);
  ASSERT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  ASSERT_TRUE(fs::exists(db() + "-journal") || fs::exists(db() + "-wal"));
  auto storage = StudyStorage::open_read_only(dir_.string());
  EXPECT_EQ(storage.finished_trials().size(), 1u);
  EXPECT_FALSE(storage.meta("k1").has_value());  // the dead transaction was rolled back
}

TEST_F(Storage, GarbageIsRefusedUntouched) {
  {
    std::ofstream out(db(), std::ios::binary);
    std::mt19937 rng(1);
    for (int i = 0; i < 8192; ++i) out.put(static_cast<char>(rng()));
  }
  const std::string before = bytes_of(db());
  expect_refused([&] { StudyStorage::resume(dir_.string(), info()); }, "not an SQLite database");
  expect_refused([&] { StudyStorage::open_read_only(dir_.string()); }, "study.db");
  EXPECT_EQ(bytes_of(db()), before);
  EXPECT_FALSE(fs::exists(db() + "-wal"));
}

namespace raw {
void exec(const std::string& path, const char* sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql, nullptr, nullptr, nullptr), SQLITE_OK) << sqlite3_errmsg(db);
  sqlite3_close(db);
}
}  // namespace raw

TEST_F(Storage, ANewerFormatIsRefusedUntouched) {
  { auto storage = StudyStorage::create(dir_.string(), info()); storage.append_trial(trial(0)); }
  raw::exec(db(), "PRAGMA journal_mode = DELETE; PRAGMA user_version = 99;");
  const std::string before = bytes_of(db());
  expect_refused([&] { StudyStorage::resume(dir_.string(), info()); }, "newer amsearch (storage format 99");
  expect_refused([&] { StudyStorage::open_read_only(dir_.string()); }, "newer amsearch");
  EXPECT_EQ(bytes_of(db()), before);
}

TEST_F(Storage, AForeignSqliteDatabaseIsRefusedUntouched) {
  raw::exec(db(), "CREATE TABLE notes (id INTEGER PRIMARY KEY, text TEXT);"
                  "INSERT INTO notes (text) VALUES ('keep me');");
  const std::string before = bytes_of(db());
  expect_refused([&] { StudyStorage::resume(dir_.string(), info()); }, "not an amsearch study database");
  EXPECT_EQ(bytes_of(db()), before);
}

TEST_F(Storage, AReadOnlyDatabaseIsRefusedForWriting) {
  if (::geteuid() == 0) GTEST_SKIP() << "root ignores file permissions";
  { auto storage = StudyStorage::create(dir_.string(), info()); storage.append_trial(trial(0)); }
  fs::permissions(db(), fs::perms::owner_read);
  fs::permissions(dir_, fs::perms::owner_read | fs::perms::owner_exec);
  expect_refused([&] { StudyStorage::resume(dir_.string(), info()); }, "read-only");
}

TEST_F(Storage, ALockedDatabaseIsNamedAsSuch) {
  auto storage = StudyStorage::create(dir_.string(), info());
  sqlite3* other = nullptr;
  ASSERT_EQ(sqlite3_open(db().c_str(), &other), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  expect_refused([&] { storage.append_trial(trial(0)); }, "locked by another process");
  sqlite3_exec(other, "ROLLBACK", nullptr, nullptr, nullptr);
  sqlite3_close(other);
  storage.append_trial(trial(0));  // usable again once the other writer is gone
  EXPECT_EQ(storage.trials().size(), 1u);
}

// Not a timing assertion: prints the cost per committed trial for the report.
TEST_F(Storage, ThousandTrialsCommitCost) {
  StudyInfo i = info();
  auto storage = StudyStorage::create(dir_.string(), i);
  const auto start = std::chrono::steady_clock::now();
  for (int64_t n = 0; n < 1000; ++n) {
    StoredTrial t = trial(n);
    t.intermediate = {{0, 0.1}, {1, 0.2}, {2, 0.3}, {3, 0.4}, {4, 0.5}};
    storage.append_trial(t);
  }
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::cout << "[ storage  ] 1000 trials appended, " << seconds * 1000.0 / 1000.0
            << " ms per trial\n";
  RecordProperty("ms_per_trial", std::to_string(seconds));
  EXPECT_EQ(storage.trials().size(), 1000u);
}

}  // namespace
