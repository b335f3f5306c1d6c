#include "storage/study_storage.hpp"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <limits>
#include <map>

#include <sqlite3.h>
#include <nlohmann/json.hpp>

#include <ams/ams.h>

#include "storage/sqlite_handle.hpp"

namespace amcore {

namespace fs = std::filesystem;

namespace {

// PRAGMA application_id of a study database: "AMSD". Lets us tell our files from any other
// SQLite database before reading a single table.
constexpr int32_t kApplicationId = 0x414d5344;

constexpr const char* kSchema = R"sql(
CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE study (
  id INTEGER PRIMARY KEY CHECK (id = 1),
  name TEXT NOT NULL,
  pipeline TEXT NOT NULL,
  pipeline_hash TEXT NOT NULL,
  space TEXT NOT NULL,
  seed INTEGER NOT NULL,
  direction TEXT NOT NULL,
  metric TEXT NOT NULL,
  created REAL NOT NULL
);
CREATE TABLE study_params (position INTEGER PRIMARY KEY, name TEXT NOT NULL UNIQUE);
CREATE TABLE trials (
  number INTEGER PRIMARY KEY,
  state TEXT NOT NULL CHECK (state IN ('running', 'complete', 'pruned', 'failed')),
  value REAL,
  params TEXT NOT NULL,
  budget REAL NOT NULL,
  start_time REAL,
  end_time REAL,
  duration REAL,
  worker TEXT NOT NULL,
  error TEXT NOT NULL
);
CREATE TABLE trial_params (
  trial INTEGER NOT NULL REFERENCES trials (number),
  position INTEGER NOT NULL,
  name TEXT NOT NULL,
  value REAL,
  PRIMARY KEY (trial, position)
) WITHOUT ROWID;
CREATE TABLE trial_values (
  trial INTEGER NOT NULL REFERENCES trials (number),
  step INTEGER NOT NULL,
  value REAL,
  PRIMARY KEY (trial, step)
) WITHOUT ROWID;
)sql";

double now_unix() {
  return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch())
      .count();
}

std::string fnv1a_hex(const std::string& text) {
  uint64_t h = 0xcbf29ce484222325ULL;
  for (unsigned char c : text) {
    h ^= c;
    h *= 0x100000001b3ULL;
  }
  char buf[17];
  std::snprintf(buf, sizeof buf, "%016llx", static_cast<unsigned long long>(h));
  return buf;
}

// What the storage fills in when the caller left it empty.
void fill_derived(StudyInfo& info) {
  if (info.pipeline_hash.empty()) info.pipeline_hash = fnv1a_hex(info.pipeline_text);
  if (info.created == 0) info.created = now_unix();
}

// "metric accuracy (maximize)" or "an objective (minimize)".
std::string scoring_of(const StudyInfo& info) {
  return (info.metric.empty() ? std::string("an objective") : "metric " + info.metric) + " (" +
         info.direction + ")";
}

// The first parameter whose definition differs between two space_json texts, for a message.
std::string space_difference(const std::string& stored_json, const std::string& now_json) {
  const nlohmann::json stored = nlohmann::json::parse(stored_json, nullptr, false);
  const nlohmann::json now = nlohmann::json::parse(now_json, nullptr, false);
  if (!stored.is_array() || !now.is_array()) return "the stored space cannot be read";
  for (size_t i = 0; i < std::max(stored.size(), now.size()); ++i) {
    if (i >= stored.size()) return "parameter " + now[i].dump() + " is new";
    if (i >= now.size()) return "parameter " + stored[i].dump() + " is gone";
    if (stored[i] != now[i])
      return "stored " + stored[i].dump() + ", now " + now[i].dump();
  }
  return "the spaces differ";
}

std::string join(const std::vector<std::string>& names) {
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : ", ") + n;
  return out.empty() ? "(none)" : out;
}

}  // namespace

const char* stored_state_name(StoredState state) {
  switch (state) {
    case StoredState::Running: return "running";
    case StoredState::Complete: return "complete";
    case StoredState::Pruned: return "pruned";
    case StoredState::Failed: return "failed";
  }
  return "?";
}

StoredState stored_state_from_name(const std::string& name) {
  if (name == "running") return StoredState::Running;
  if (name == "complete") return StoredState::Complete;
  if (name == "pruned") return StoredState::Pruned;
  if (name == "failed") return StoredState::Failed;
  throw InputError("unknown trial state '" + name + "' in the study database");
}

struct StudyStorage::Impl {
  std::string path;
  sqlite3* db = nullptr;
  StudyInfo info;
  bool read_only = false;
  bool pipeline_changed = false;
  sqlite::Statement begin, commit, rollback, delete_params, delete_values,
      insert_trial, insert_param, insert_value;

  ~Impl() {
    // Statements must be finalized before the connection closes.
    begin = {}; commit = {}; rollback = {}; delete_params = {}; delete_values = {};
    insert_trial = {}; insert_param = {}; insert_value = {};
    if (db) sqlite3_close_v2(db);
  }

  void open(int flags) {
    const int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
    if (rc != SQLITE_OK) sqlite::fail(db, rc, path, "cannot open the study database");
    sqlite3_extended_result_codes(db, 1);
    // Another process committing a trial holds the lock for well under a millisecond; wait a
    // little before calling the database locked.
    sqlite3_busy_timeout(db, 2000);
  }

  int64_t pragma_int(const char* sql) {
    sqlite::Statement s(db, path, sql);
    return s.step() ? s.column_int(0) : 0;
  }

  // Checks, without writing anything, that this is a study database we can read.
  void check_ours() {
    const int64_t app = pragma_int("PRAGMA application_id");
    if (app != kApplicationId)
      throw InputError(path + ": not an amsearch study database (it is an SQLite database of "
                       "something else); it was left untouched: move it away or choose another "
                       "output folder");
    const int64_t version = pragma_int("PRAGMA user_version");
    if (version > kStorageFormatVersion)
      throw InputError(path + ": written by a newer amsearch (storage format " +
                       std::to_string(version) + "; this build reads up to format " +
                       std::to_string(kStorageFormatVersion) +
                       "): use a newer amhost; the file was left untouched");
    if (version < 1)
      throw InputError(path + ": malformed study database (format version " +
                       std::to_string(version) + ")");
    sqlite::Statement check(db, path, "PRAGMA quick_check");
    while (check.step()) {
      const std::string line = check.column_text(0);
      if (line != "ok")
        throw InputError(path + ": the study database is corrupted (" + line +
                         "); it was left untouched: move it away or choose another output "
                         "folder");
    }
  }

  void read_info() {
    sqlite::Statement s(db, path,
                        "SELECT name, pipeline, pipeline_hash, space, seed, direction, metric, "
                        "created FROM study WHERE id = 1");
    if (!s.step()) throw InputError(path + ": malformed study database (no study row)");
    info.name = s.column_text(0);
    info.pipeline_text = s.column_text(1);
    info.pipeline_hash = s.column_text(2);
    info.space_json = s.column_text(3);
    info.seed = static_cast<uint64_t>(s.column_int(4));
    info.direction = s.column_text(5);
    info.metric = s.column_text(6);
    info.created = s.column_double(7);
    sqlite::Statement p(db, path, "SELECT name FROM study_params ORDER BY position");
    info.param_names.clear();
    while (p.step()) info.param_names.push_back(p.column_text(0));
  }

  void set_write_mode() {
    sqlite::exec(db, path, "PRAGMA journal_mode = WAL");
    sqlite::exec(db, path, "PRAGMA synchronous = NORMAL");
    if (sqlite3_db_readonly(db, "main") == 1)
      sqlite::fail(db, SQLITE_READONLY, path, "cannot write the study database");
  }

  // The tables, format markers and the study row, in one transaction.
  void write_schema(const StudyInfo& info) {
    sqlite::exec(db, path, "BEGIN IMMEDIATE");
    try {
      sqlite::exec(db, path, kSchema);
      sqlite::exec(db, path, ("PRAGMA application_id = " + std::to_string(kApplicationId)).c_str());
      sqlite::exec(db, path,
                   ("PRAGMA user_version = " + std::to_string(kStorageFormatVersion)).c_str());
      sqlite::Statement meta(db, path, "INSERT INTO meta (key, value) VALUES (?1, ?2)");
      meta.bind(1, std::string("format_version")).bind(2, std::to_string(kStorageFormatVersion)).run();
      meta.bind(1, std::string("writer")).bind(2, std::string("amsearch " AMS_VERSION)).run();
      sqlite::Statement study(db, path,
                              "INSERT INTO study (id, name, pipeline, pipeline_hash, space, seed, "
                              "direction, metric, created) VALUES (1, ?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)");
      study.bind(1, info.name)
          .bind(2, info.pipeline_text)
          .bind(3, info.pipeline_hash)
          .bind(4, info.space_json)
          .bind(5, static_cast<int64_t>(info.seed))
          .bind(6, info.direction)
          .bind(7, info.metric)
          .bind(8, info.created)
          .run();
      sqlite::Statement param(db, path, "INSERT INTO study_params (position, name) VALUES (?1, ?2)");
      for (size_t i = 0; i < info.param_names.size(); ++i)
        param.bind(1, static_cast<int64_t>(i)).bind(2, info.param_names[i]).run();
      sqlite::exec(db, path, "COMMIT");
    } catch (...) {
      sqlite3_exec(db, "ROLLBACK", nullptr, nullptr, nullptr);
      throw;
    }
  }

  void prepare_writes() {
    begin = sqlite::Statement(db, path, "BEGIN IMMEDIATE");
    commit = sqlite::Statement(db, path, "COMMIT");
    rollback = sqlite::Statement(db, path, "ROLLBACK");
    delete_params = sqlite::Statement(db, path, "DELETE FROM trial_params WHERE trial = ?1");
    delete_values = sqlite::Statement(db, path, "DELETE FROM trial_values WHERE trial = ?1");
    insert_trial = sqlite::Statement(
        db, path,
        "INSERT OR REPLACE INTO trials (number, state, value, params, budget, start_time, "
        "end_time, duration, worker, error) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)");
    insert_param = sqlite::Statement(
        db, path, "INSERT INTO trial_params (trial, position, name, value) VALUES (?1, ?2, ?3, ?4)");
    insert_value = sqlite::Statement(
        db, path, "INSERT OR REPLACE INTO trial_values (trial, step, value) VALUES (?1, ?2, ?3)");
  }

  void write_trial(const StoredTrial& t) {
    if (t.values.size() != info.param_names.size())
      throw std::logic_error("StudyStorage: trial " + std::to_string(t.number) + " has " +
                             std::to_string(t.values.size()) + " values for " +
                             std::to_string(info.param_names.size()) + " parameters");
    begin.run();
    try {
      delete_params.bind(1, t.number).run();
      delete_values.bind(1, t.number).run();
      insert_trial.bind(1, t.number)
          .bind(2, std::string(stored_state_name(t.state)))
          .bind(3, std::isfinite(t.value) ? t.value : std::nan(""))
          .bind(4, t.params_json.empty() ? std::string("{}") : t.params_json)
          .bind(5, t.budget)
          .bind(6, t.start_time)
          .bind(7, t.end_time)
          .bind(8, t.duration_s)
          .bind(9, t.worker)
          .bind(10, t.error)
          .run();
      for (size_t i = 0; i < t.values.size(); ++i)
        insert_param.bind(1, t.number)
            .bind(2, static_cast<int64_t>(i))
            .bind(3, info.param_names[i])
            .bind(4, t.values[i])
            .run();
      for (const auto& [step, value] : t.intermediate)
        insert_value.bind(1, t.number).bind(2, step).bind(3, value).run();
      commit.run();
    } catch (...) {
      rollback.step();
      rollback.reset();
      throw;
    }
  }

  std::vector<StoredTrial> read_trials(const char* where) const {
    std::vector<StoredTrial> trials;
    std::map<int64_t, size_t> by_number;
    {
      sqlite::Statement s(db, path,
                          (std::string("SELECT number, state, value, params, budget, start_time, "
                                       "end_time, duration, worker, error FROM trials ") +
                           where + " ORDER BY number")
                              .c_str());
      while (s.step()) {
        StoredTrial t;
        t.number = s.column_int(0);
        t.state = stored_state_from_name(s.column_text(1));
        t.value = s.column_double(2);
        t.params_json = s.column_text(3);
        t.budget = s.column_double(4);
        t.start_time = s.column_double(5);
        t.end_time = s.column_double(6);
        t.duration_s = s.column_double(7);
        t.worker = s.column_text(8);
        t.error = s.column_text(9);
        t.values.assign(info.param_names.size(), std::numeric_limits<double>::quiet_NaN());
        by_number[t.number] = trials.size();
        trials.push_back(std::move(t));
      }
    }
    sqlite::Statement p(db, path, "SELECT trial, position, value FROM trial_params");
    while (p.step()) {
      auto it = by_number.find(p.column_int(0));
      const int64_t pos = p.column_int(1);
      if (it == by_number.end()) continue;
      auto& values = trials[it->second].values;
      if (pos >= 0 && static_cast<size_t>(pos) < values.size()) values[pos] = p.column_double(2);
    }
    // Reports in the order they were made. The table keeps them by step; in cross-validation
    // fold k's epoch reports (steps (k + 1) * 10^9 + e, evaluation/report_steps.hpp) came
    // before fold k's running mean (step k), so the last one is where a pruned trial stopped.
    static_assert(AMS_EPOCH_STEP_BASE == 1000000000, "the ORDER BY below spells it out");
    const char* in_order =
        info.metric.empty()
            ? "SELECT trial, step, value FROM trial_values ORDER BY trial, step"
            : "SELECT trial, step, value FROM trial_values ORDER BY trial, "
              "CASE WHEN step >= 1000000000 THEN step / 1000000000 - 1 ELSE step END, "
              "step < 1000000000, step";
    sqlite::Statement v(db, path, in_order);
    while (v.step()) {
      auto it = by_number.find(v.column_int(0));
      if (it != by_number.end())
        trials[it->second].intermediate.emplace_back(v.column_int(1), v.column_double(2));
    }
    return trials;
  }
};

StudyStorage::StudyStorage(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
StudyStorage::StudyStorage(StudyStorage&&) noexcept = default;
StudyStorage& StudyStorage::operator=(StudyStorage&&) noexcept = default;
StudyStorage::~StudyStorage() = default;

bool StudyStorage::exists(const std::string& dir) {
  std::error_code ec;
  return fs::exists(fs::path(dir) / kStudyDatabaseName, ec);
}

namespace {
void require_folder(const std::string& dir) {
  std::error_code ec;
  if (!fs::exists(dir, ec))
    throw InputError("output folder '" + dir + "' does not exist");
  if (!fs::is_directory(dir, ec))
    throw InputError("output folder '" + dir + "' is not a folder");
}
}  // namespace

StudyStorage StudyStorage::create(const std::string& dir, StudyInfo info) {
  require_folder(dir);
  auto impl = std::make_unique<Impl>();
  impl->path = (fs::path(dir) / kStudyDatabaseName).string();
  if (exists(dir)) {
    std::string what = "a study database";
    try {
      StudyStorage old = open_read_only(impl->path);
      what = "study '" + old.info().name + "' (" + std::to_string(old.trials().size()) +
             " trials)";
    } catch (const InputError&) {
      // Unreadable: the generic message below says enough.
    }
    throw InputError(impl->path + ": the output folder already holds " + what +
                     ": pass --resume to continue it, or choose another output folder");
  }
  std::error_code ec;
  fill_derived(info);
  // Built under a temporary name and renamed when complete: a run killed while creating it
  // leaves no half-made study.db that a --resume would refuse.
  const std::string final_path = impl->path;
  impl->path = final_path + ".creating";
  fs::remove(impl->path, ec);
  fs::remove(impl->path + "-journal", ec);
  impl->open(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  impl->write_schema(info);
  sqlite3_close_v2(impl->db);
  impl->db = nullptr;
  fs::rename(impl->path, final_path, ec);
  if (ec)
    throw InputError(final_path + ": cannot create the study database: " + ec.message());
  impl->path = final_path;
  impl->open(SQLITE_OPEN_READWRITE);
  impl->set_write_mode();
  impl->info = std::move(info);
  impl->prepare_writes();
  return StudyStorage(std::move(impl));
}

StudyStorage StudyStorage::create_in_memory(StudyInfo info) {
  auto impl = std::make_unique<Impl>();
  impl->path = ":memory:";
  fill_derived(info);
  impl->open(SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_MEMORY);
  impl->write_schema(info);
  impl->info = std::move(info);
  impl->prepare_writes();
  return StudyStorage(std::move(impl));
}

StudyStorage StudyStorage::resume(const std::string& dir, const StudyInfo& expected) {
  require_folder(dir);
  auto impl = std::make_unique<Impl>();
  impl->path = (fs::path(dir) / kStudyDatabaseName).string();
  if (!exists(dir))
    throw InputError(impl->path + ": no study to resume in this output folder (run without "
                     "--resume to start one)");
  impl->open(SQLITE_OPEN_READWRITE);
  impl->check_ours();
  impl->read_info();
  const StudyInfo& stored = impl->info;
  if (stored.name != expected.name)
    throw InputError(impl->path + ": holds study '" + stored.name + "', not '" + expected.name +
                     "': choose another output folder, or use the study's own name");
  if (stored.param_names != expected.param_names)
    throw InputError(impl->path + ": study '" + stored.name +
                     "' was run with other parameters (stored: " + join(stored.param_names) +
                     "; now: " + join(expected.param_names) +
                     "): a study can only be resumed with the same search space");
  if (stored.space_json != expected.space_json)
    throw InputError(impl->path + ": study '" + stored.name +
                     "' was run with another search space: " +
                     space_difference(stored.space_json, expected.space_json) +
                     "; a study can only be resumed with the same search space (start a new "
                     "study, and warm-start it from this one with [study] warm_start)");
  if (stored.metric != expected.metric || stored.direction != expected.direction)
    throw InputError(impl->path + ": study '" + stored.name + "' was scored with " +
                     scoring_of(stored) + ", the pipeline now asks for " + scoring_of(expected) +
                     ": its trials' values cannot be compared; a study can only be resumed "
                     "with the same metric");
  const std::string expected_hash = expected.pipeline_hash.empty()
                                        ? fnv1a_hex(expected.pipeline_text)
                                        : expected.pipeline_hash;
  impl->pipeline_changed = expected_hash != stored.pipeline_hash;
  impl->set_write_mode();
  impl->prepare_writes();
  return StudyStorage(std::move(impl));
}

StudyStorage StudyStorage::open_read_only(const std::string& dir_or_file) {
  auto impl = std::make_unique<Impl>();
  std::error_code ec;
  impl->path = fs::is_directory(dir_or_file, ec)
                   ? (fs::path(dir_or_file) / kStudyDatabaseName).string()
                   : dir_or_file;
  if (!fs::exists(impl->path, ec)) throw InputError(impl->path + ": no study database there");
  impl->read_only = true;
  impl->open(SQLITE_OPEN_READONLY);
  try {
    impl->check_ours();
  } catch (const InputError&) {
    if ((sqlite3_extended_errcode(impl->db) & 0xff) != SQLITE_READONLY) throw;
    // A process killed while writing (kill -9) left a journal to roll back, or a write-ahead
    // log whose index must be rebuilt, and only a writer may do either. A read-write
    // connection does it on its first read (what was committed stays as it is); then the
    // read-only connection reads everything committed.
    sqlite3_close_v2(impl->db);
    impl->db = nullptr;
    impl->open(SQLITE_OPEN_READWRITE);
    sqlite::Statement(impl->db, impl->path, "SELECT count(*) FROM sqlite_master").step();
    sqlite3_close_v2(impl->db);
    impl->db = nullptr;
    impl->open(SQLITE_OPEN_READONLY);
    impl->check_ours();
  }
  impl->read_info();
  return StudyStorage(std::move(impl));
}

const StudyInfo& StudyStorage::info() const { return impl_->info; }
const std::string& StudyStorage::path() const { return impl_->path; }
bool StudyStorage::pipeline_changed() const { return impl_->pipeline_changed; }

void StudyStorage::set_meta(const std::string& key, const std::string& value) {
  sqlite::Statement s(impl_->db, impl_->path,
                      "INSERT OR REPLACE INTO meta (key, value) VALUES (?1, ?2)");
  s.bind(1, key).bind(2, value).run();
}

std::optional<std::string> StudyStorage::meta(const std::string& key) const {
  sqlite::Statement s(impl_->db, impl_->path, "SELECT value FROM meta WHERE key = ?1");
  s.bind(1, key);
  if (!s.step()) return std::nullopt;
  return s.column_text(0);
}

void StudyStorage::mark_running(const StoredTrial& trial) {
  if (impl_->read_only) throw std::logic_error("StudyStorage: opened read-only");
  StoredTrial running = trial;
  running.state = StoredState::Running;
  running.value = std::numeric_limits<double>::quiet_NaN();
  running.end_time = 0;
  if (running.start_time == 0) running.start_time = now_unix();
  impl_->write_trial(running);
}

void StudyStorage::append_trial(const StoredTrial& trial) {
  if (impl_->read_only) throw std::logic_error("StudyStorage: opened read-only");
  if (trial.state == StoredState::Running)
    throw std::logic_error("StudyStorage::append_trial: trial " + std::to_string(trial.number) +
                           " is still running (use mark_running)");
  impl_->write_trial(trial);
}

std::vector<StoredTrial> StudyStorage::trials() const { return impl_->read_trials(""); }

std::vector<StoredTrial> StudyStorage::running_trials() const {
  return impl_->read_trials("WHERE state = 'running'");
}

std::vector<StoredTrial> StudyStorage::finished_trials() const {
  return impl_->read_trials("WHERE state <> 'running'");
}

int64_t StudyStorage::next_trial_number() const {
  sqlite::Statement s(impl_->db, impl_->path, "SELECT MAX(number) FROM trials");
  if (!s.step() || s.column_is_null(0)) return 0;
  return s.column_int(0) + 1;
}

void StudyStorage::forget_running() {
  if (impl_->read_only) throw std::logic_error("StudyStorage: opened read-only");
  impl_->begin.run();
  try {
    sqlite::exec(impl_->db, impl_->path,
                 "DELETE FROM trial_params WHERE trial IN (SELECT number FROM trials WHERE state = 'running');"
                 "DELETE FROM trial_values WHERE trial IN (SELECT number FROM trials WHERE state = 'running');"
                 "DELETE FROM trials WHERE state = 'running';");
    impl_->commit.run();
  } catch (...) {
    impl_->rollback.step();
    impl_->rollback.reset();
    throw;
  }
}

}  // namespace amcore
