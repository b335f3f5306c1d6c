// Thin RAII over the SQLite C API for the study storage: a connection, prepared statements,
// and errors that name the database file and say what to do.
#pragma once

#include <cstdint>
#include <string>

#include <sqlite3.h>

namespace amcore::sqlite {

// Throws InputError: "<path>: <what>: <SQLite's message>", plus advice for the usual causes
// (locked, read-only, corrupted, disk full).
[[noreturn]] void fail(sqlite3* db, int code, const std::string& path, const std::string& what);

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, const std::string& path, const char* sql);
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;
  ~Statement();

  // Binds by 1-based index. A non-finite double is stored as NULL (SQLite has no NaN).
  Statement& bind(int index, int64_t value);
  Statement& bind(int index, double value);
  Statement& bind(int index, const std::string& value);
  Statement& bind_null(int index);
  // Steps once: true when a row is available, false when done. Throws on error.
  bool step();
  // Steps to completion (statements without result rows), then resets.
  void run();
  void reset();

  int64_t column_int(int i) const;
  double column_double(int i) const;  // NULL reads as NaN
  std::string column_text(int i) const;
  bool column_is_null(int i) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  const std::string* path_ = nullptr;
  const char* sql_ = nullptr;
};

// Runs SQL without results (may hold several statements). Throws.
void exec(sqlite3* db, const std::string& path, const char* sql);

}  // namespace amcore::sqlite
