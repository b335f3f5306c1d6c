// Reads one table of the pipeline file with strict checks. Every failure is an InputError
// located at the offending node: its key for an unknown key, its value for a wrong type or
// range, the table itself for a missing key.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <toml++/toml.h>

#include "common/errors.hpp"

namespace amcore {

class Section {
 public:
  // `path` is the dotted path of the table ("study", "candidates[1].space"); `title` is how
  // messages name it ("[study]", "evaluation.cv"); `file` is the fallback source name.
  Section(const toml::table& table, std::string path, std::string title, const std::string& file);

  const toml::table& table() const { return *table_; }
  const std::string& path() const { return path_; }
  const std::string& title() const { return title_; }
  const std::string& file() const { return *file_; }

  // Fails on the first key not in `allowed`, suggesting the nearest allowed one. `hint` is
  // appended to the message when no close match exists.
  void allow_only(const std::vector<std::string_view>& allowed, std::string_view hint = {}) const;

  bool has(std::string_view key) const { return table_->contains(key); }
  const toml::node* node(std::string_view key) const { return table_->get(key); }

  // Typed getters: nullopt when absent, InputError when of another type.
  std::optional<std::string> string(std::string_view key) const;
  std::optional<int64_t> integer(std::string_view key) const;
  std::optional<double> number(std::string_view key) const;  // integers accepted
  std::optional<bool> boolean(std::string_view key) const;
  const toml::array* array(std::string_view key) const;
  const toml::table* subtable(std::string_view key) const;

  // A required non-empty string.
  std::string required_string(std::string_view key, std::string_view what) const;
  // An integer at least `min`.
  std::optional<int64_t> integer_at_least(std::string_view key, int64_t min) const;

  Section sub(std::string_view key, std::string title) const;  // key must hold a table

  std::string key_path(std::string_view key) const;  // "study.trials"
  SourceLocation where() const;                       // of the table
  SourceLocation where(std::string_view key) const;   // of the key's value
  SourceLocation where_key(std::string_view key) const;  // of the key itself

  // "file:l:c: study.trials: <message>", located at the value of `key`.
  [[noreturn]] void fail(std::string_view key, const std::string& message) const;
  // "file:l:c: <message>", located at the table.
  [[noreturn]] void fail_here(const std::string& message) const;
  // "file:l:c: missing key 'plugin' in [model]<detail>", located at the table.
  [[noreturn]] void fail_missing(std::string_view key, std::string_view detail = {}) const;
  // "expected <expected>, found <type of node>".
  [[noreturn]] void fail_type(std::string_view key, std::string_view expected) const;

 private:
  const toml::table* table_;
  std::string path_;
  std::string title_;
  const std::string* file_;
};

// Messages name values by dotted path; array elements as "candidates[1]".
std::string join_path(std::string_view parent, std::string_view key);

}  // namespace amcore
