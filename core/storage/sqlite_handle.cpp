#include "storage/sqlite_handle.hpp"

#include <cmath>
#include <limits>

#include "common/errors.hpp"

namespace amcore::sqlite {

void fail(sqlite3* db, int code, const std::string& path, const std::string& what) {
  const int primary = code & 0xff;
  std::string message = path + ": " + what + ": " +
                        (db ? sqlite3_errmsg(db) : sqlite3_errstr(code));
  switch (primary) {
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      message += " — the study database is locked by another process; is another amhost "
                 "running on this output folder?";
      break;
    case SQLITE_READONLY:
      message += " — the study database is read-only; check the permissions of the file and "
                 "its folder";
      break;
    case SQLITE_NOTADB:
    case SQLITE_CORRUPT:
      message += " — the file is corrupted or not an SQLite database; it was left untouched: "
                 "move it away or choose another output folder";
      break;
    case SQLITE_FULL:
      message += " — the disk is full";
      break;
    case SQLITE_CANTOPEN:
      message += " — check that the folder exists and is writable";
      break;
    default:
      break;
  }
  throw InputError(message);
}

Statement::Statement(sqlite3* db, const std::string& path, const char* sql)
    : db_(db), path_(&path), sql_(sql) {
  const int rc = sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr);
  if (rc != SQLITE_OK) fail(db, rc, path, "reading the study database");
}

Statement::Statement(Statement&& other) noexcept { *this = std::move(other); }

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    if (stmt_) sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    path_ = other.path_;
    sql_ = other.sql_;
    other.stmt_ = nullptr;
  }
  return *this;
}

Statement::~Statement() {
  if (stmt_) sqlite3_finalize(stmt_);
}

Statement& Statement::bind(int index, int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, double value) {
  if (std::isnan(value))
    sqlite3_bind_null(stmt_, index);
  else
    sqlite3_bind_double(stmt_, index, value);
  return *this;
}

Statement& Statement::bind(int index, const std::string& value) {
  sqlite3_bind_text(stmt_, index, value.data(), static_cast<int>(value.size()), SQLITE_TRANSIENT);
  return *this;
}

Statement& Statement::bind_null(int index) {
  sqlite3_bind_null(stmt_, index);
  return *this;
}

bool Statement::step() {
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  sqlite3_reset(stmt_);
  fail(db_, rc, *path_, "using the study database");
}

void Statement::run() {
  while (step()) {
  }
  reset();
}

void Statement::reset() {
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

int64_t Statement::column_int(int i) const { return sqlite3_column_int64(stmt_, i); }

double Statement::column_double(int i) const {
  if (sqlite3_column_type(stmt_, i) == SQLITE_NULL)
    return std::numeric_limits<double>::quiet_NaN();
  return sqlite3_column_double(stmt_, i);
}

std::string Statement::column_text(int i) const {
  const auto* text = sqlite3_column_text(stmt_, i);
  if (!text) return {};
  return std::string(reinterpret_cast<const char*>(text),
                     static_cast<size_t>(sqlite3_column_bytes(stmt_, i)));
}

bool Statement::column_is_null(int i) const {
  return sqlite3_column_type(stmt_, i) == SQLITE_NULL;
}

void exec(sqlite3* db, const std::string& path, const char* sql) {
  const int rc = sqlite3_exec(db, sql, nullptr, nullptr, nullptr);
  if (rc != SQLITE_OK) fail(db, rc, path, "writing the study database");
}

}  // namespace amcore::sqlite
