#include "config/section.hpp"

#include "config/pipeline.hpp"
#include "config/toml_util.hpp"

namespace amcore {

std::string join_path(std::string_view parent, std::string_view key) {
  if (parent.empty()) return std::string(key);
  return std::string(parent) + "." + std::string(key);
}

Section::Section(const toml::table& table, std::string path, std::string title,
                 const std::string& file)
    : table_(&table), path_(std::move(path)), title_(std::move(title)), file_(&file) {}

void Section::allow_only(const std::vector<std::string_view>& allowed,
                         std::string_view hint) const {
  for (auto&& [key, value] : *table_) {
    bool known = false;
    for (std::string_view name : allowed) known = known || key.str() == name;
    if (known) continue;
    std::string message = "unknown key '" + std::string(key.str()) + "' in " + title_;
    const std::string suggestion = nearest(key.str(), allowed);
    if (!suggestion.empty()) {
      message += "; did you mean '" + suggestion + "'?";
    } else if (!hint.empty()) {
      message += "; " + std::string(hint);
    } else {
      message += "; expected one of:";
      for (size_t i = 0; i < allowed.size(); ++i)
        message += (i ? ", " : " ") + std::string(allowed[i]);
    }
    throw InputError(location_of(key, *file_), message);
  }
}

std::string Section::key_path(std::string_view key) const { return join_path(path_, key); }

SourceLocation Section::where() const { return location_of(*table_, *file_); }

SourceLocation Section::where(std::string_view key) const {
  if (const toml::node* n = table_->get(key)) return location_of(*n, *file_);
  return where();
}

SourceLocation Section::where_key(std::string_view key) const {
  auto it = table_->find(key);
  if (it == table_->end()) return where();
  return location_of(it->first, *file_);
}

void Section::fail(std::string_view key, const std::string& message) const {
  throw InputError(where(key), key_path(key) + ": " + message);
}

void Section::fail_here(const std::string& message) const { throw InputError(where(), message); }

void Section::fail_missing(std::string_view key, std::string_view detail) const {
  throw InputError(where(), "missing key '" + std::string(key) + "' in " + title_ +
                                std::string(detail));
}

void Section::fail_type(std::string_view key, std::string_view expected) const {
  fail(key, "expected " + std::string(expected) + ", found " + type_phrase(*table_->get(key)));
}

std::optional<std::string> Section::string(std::string_view key) const {
  const toml::node* n = table_->get(key);
  if (!n) return std::nullopt;
  if (auto* s = n->as_string()) return s->get();
  fail_type(key, "a string");
}

std::optional<int64_t> Section::integer(std::string_view key) const {
  const toml::node* n = table_->get(key);
  if (!n) return std::nullopt;
  if (auto* i = n->as_integer()) return i->get();
  fail_type(key, "an integer");
}

std::optional<double> Section::number(std::string_view key) const {
  const toml::node* n = table_->get(key);
  if (!n) return std::nullopt;
  if (n->is_number()) return n->value<double>();
  fail_type(key, "a number");
}

std::optional<bool> Section::boolean(std::string_view key) const {
  const toml::node* n = table_->get(key);
  if (!n) return std::nullopt;
  if (auto* b = n->as_boolean()) return b->get();
  fail_type(key, "a boolean (true or false)");
}

const toml::array* Section::array(std::string_view key) const {
  const toml::node* n = table_->get(key);
  if (!n) return nullptr;
  if (auto* a = n->as_array()) return a;
  fail_type(key, "an array");
}

const toml::table* Section::subtable(std::string_view key) const {
  const toml::node* n = table_->get(key);
  if (!n) return nullptr;
  if (auto* t = n->as_table()) return t;
  fail_type(key, "a table");
}

std::string Section::required_string(std::string_view key, std::string_view what) const {
  std::optional<std::string> value = string(key);
  if (!value) fail_missing(key, std::string(" (") + std::string(what) + ")");
  if (value->empty()) fail(key, "must not be empty");
  return *value;
}

std::optional<int64_t> Section::integer_at_least(std::string_view key, int64_t min) const {
  std::optional<int64_t> value = integer(key);
  if (value && *value < min)
    fail(key, "must be at least " + std::to_string(min) + ", found " + std::to_string(*value));
  return value;
}

Section Section::sub(std::string_view key, std::string title) const {
  const toml::table* t = subtable(key);
  if (!t) fail_missing(key);
  return Section(*t, key_path(key), std::move(title), *file_);
}

}  // namespace amcore
