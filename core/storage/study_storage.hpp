// The study's trial history in SQLite: one database file, study.db, in the output folder.
//
// Every finished trial is committed in its own transaction before the next is told to the
// strategy, so a killed run loses at most the trials that were running (WAL journal,
// synchronous=NORMAL: a commit survives a crash of the process; a power loss may drop the last
// few commits but never corrupts the file).
//
// A database that is not ours, is corrupted, was written by a newer amsearch, or belongs to
// another study is refused with an InputError and left untouched: it is only written after every
// check passed.
//
// Threads: one StudyStorage is used from one thread at a time (the study's main thread).
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "common/errors.hpp"

namespace amcore {

// The format written by this build. Readers accept 1..kStorageFormatVersion.
inline constexpr int kStorageFormatVersion = 1;
inline constexpr const char* kStudyDatabaseName = "study.db";

struct StudyInfo {
  std::string name;
  std::string pipeline_text;  // the effective pipeline document (TOML)
  std::string pipeline_hash;  // filled by the storage when empty (FNV-1a 64 of pipeline_text, hex)
  std::string space_json;     // space_json(SearchSpace), see output/json.hpp
  std::vector<std::string> param_names;  // aligned with the space; trial values follow them
  uint64_t seed = 0;
  std::string direction;  // "maximize" / "minimize"
  std::string metric;     // metric component name ("" for objectives)
  double created = 0;     // unix seconds; filled by the storage when 0
};

// A trial as stored (named apart from the study's own TrialRecord, which it mirrors with what
// the storage adds: running state, parameter JSON, times, worker).
enum class StoredState { Running, Complete, Pruned, Failed };
const char* stored_state_name(StoredState state);  // "running", "complete", "pruned", "failed"
// Parses a name back; throws InputError for an unknown name.
StoredState stored_state_from_name(const std::string& name);

struct StoredTrial {
  int64_t number = 0;
  StoredState state = StoredState::Running;
  double value = 0;  // oriented like the metric; NaN when there is none (failed, running)
  std::vector<double> values;  // aligned with StudyInfo::param_names; NaN = inactive
  std::string params_json;     // {"name": typed value, ...} of the active parameters
  double budget = 1.0;
  std::vector<std::pair<int64_t, double>> intermediate;  // (step, value) reports
  double start_time = 0;  // unix seconds
  double end_time = 0;    // unix seconds; 0 while running
  double duration_s = 0;
  std::string worker;  // who ran it: "thread 2", "rank 3", ...
  std::string error;   // failed: the message
};

class StudyStorage {
 public:
  // Creates <dir>/study.db for a new study. Throws InputError when the folder is missing or not
  // writable, or when it already holds a study database (names the study and its trial count
  // and suggests --resume or another folder).
  static StudyStorage create(const std::string& dir, StudyInfo info);
  // A study database in memory ([output] storage = "memory"): the same checks and queries,
  // nothing on disk, nothing to resume.
  static StudyStorage create_in_memory(StudyInfo info);
  // Opens <dir>/study.db to continue the study `expected`. Throws InputError when there is no
  // database, it is not an amsearch study, corrupted, read-only, locked by another process, of
  // a newer format, or of another study (different name or search space; both are named).
  // A different pipeline text with the same space is accepted: see pipeline_changed().
  static StudyStorage resume(const std::string& dir, const StudyInfo& expected);
  // Opens <dir>/study.db (or a .db file) read-only, for reports. Same checks but the study.
  static StudyStorage open_read_only(const std::string& dir_or_file);
  // True when <dir>/study.db exists.
  static bool exists(const std::string& dir);

  StudyStorage(StudyStorage&&) noexcept;
  StudyStorage& operator=(StudyStorage&&) noexcept;
  ~StudyStorage();

  const StudyInfo& info() const;
  const std::string& path() const;  // the database file
  // resume(): the stored pipeline text differs from the expected one (same space).
  bool pipeline_changed() const;

  // Facts about the study's end, kept with it so that `amhost export` can rebuild best.json:
  // "test_score", "model_file". Keys are free text; a key written again is replaced.
  void set_meta(const std::string& key, const std::string& value);
  std::optional<std::string> meta(const std::string& key) const;

  // Records that a trial started (state running), so a killed run shows what was in flight.
  void mark_running(const StoredTrial& trial);
  // Commits a finished trial in its own transaction, replacing its running row when there is
  // one. Throws InputError (e.g. disk full, read-only) with SQLite's message.
  void append_trial(const StoredTrial& trial);
  // Every trial, by number; running ones included.
  std::vector<StoredTrial> trials() const;
  std::vector<StoredTrial> running_trials() const;
  // Finished trials only (complete, pruned, failed), by number.
  std::vector<StoredTrial> finished_trials() const;
  // The next unused trial number (1 + the largest stored, 0 when none).
  int64_t next_trial_number() const;
  // Deletes the rows of trials left running by a killed run (before resuming re-asks them).
  void forget_running();

 private:
  struct Impl;
  explicit StudyStorage(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace amcore
