#include "config/toml_util.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <sstream>

#include "common/suggest.hpp"
#include "config/pipeline.hpp"

namespace amcore {

SourceLocation location_of(const toml::source_region& region, const std::string& fallback_file) {
  SourceLocation where;
  if (!region.path || region.path->empty()) {
    where.file = fallback_file;
    return where;
  }
  where.file = *region.path;
  if (std::string_view(where.file).substr(0, kOverrideSourcePrefix.size()) ==
      kOverrideSourcePrefix)
    return where;  // a command-line value: its "line 1" would only mislead
  where.line = static_cast<int>(region.begin.line);
  where.column = static_cast<int>(region.begin.column);
  return where;
}

SourceLocation location_of(const toml::node& node, const std::string& fallback_file) {
  return location_of(node.source(), fallback_file);
}

SourceLocation location_of(const toml::key& key, const std::string& fallback_file) {
  return location_of(key.source(), fallback_file);
}

std::string type_phrase(const toml::node& node) {
  switch (node.type()) {
    case toml::node_type::string: return "a string";
    case toml::node_type::integer: return "an integer";
    case toml::node_type::floating_point: return "a floating-point number";
    case toml::node_type::boolean: return "a boolean";
    case toml::node_type::table: return "a table";
    case toml::node_type::array: return "an array";
    case toml::node_type::date: return "a date";
    case toml::node_type::time: return "a time";
    case toml::node_type::date_time: return "a date-time";
    case toml::node_type::none: break;
  }
  return "nothing";
}

std::string number_text(double value) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  char buffer[64];
  auto result = std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

namespace {

std::string quoted(const std::string& text) {
  std::string out = "\"";
  for (char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\t': out += "\\t"; break;
      case '\r': out += "\\r"; break;
      default: out += c;
    }
  }
  return out + "\"";
}

}  // namespace

// Written by hand rather than with TOML++'s printer, which prefers 'literal' strings and
// multi-line tables; messages read better with "double quotes" on one line.
std::string toml_text(const toml::node& node) {
  if (auto* s = node.as_string()) return quoted(s->get());
  if (auto* d = node.as_floating_point()) return number_text(d->get());
  if (auto* i = node.as_integer()) return std::to_string(i->get());
  if (auto* b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto* array = node.as_array()) {
    std::string out = "[";
    for (size_t i = 0; i < array->size(); ++i) {
      if (i) out += ", ";
      out += toml_text(*array->get(i));
    }
    return out + "]";
  }
  if (auto* table = node.as_table()) {
    if (table->empty()) return "{}";
    std::string out = "{ ";
    bool first = true;
    for (auto&& [key, value] : *table) {
      if (!first) out += ", ";
      first = false;
      const bool bare = std::all_of(key.str().begin(), key.str().end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
      });
      out += bare && !key.str().empty() ? std::string(key.str()) : quoted(std::string(key.str()));
      out += " = ";
      out += toml_text(value);
    }
    return out + " }";
  }
  std::ostringstream out;  // dates and times
  node.visit([&](auto&& value) { out << value; });
  return out.str();
}

std::string plain_text(const toml::node& node) {
  if (auto* s = node.as_string()) return s->get();
  return toml_text(node);
}

bool same_value(const toml::node& a, const toml::node& b) {
  if (a.is_number() && b.is_number()) return a.value<double>() == b.value<double>();
  if (a.type() != b.type()) return false;
  if (auto* ta = a.as_table()) {
    const auto& tb = *b.as_table();
    if (ta->size() != tb.size()) return false;
    for (auto&& [k, v] : *ta) {
      const toml::node* other = tb.get(k.str());
      if (!other || !same_value(v, *other)) return false;
    }
    return true;
  }
  if (auto* aa = a.as_array()) {
    const auto& ab = *b.as_array();
    if (aa->size() != ab.size()) return false;
    for (size_t i = 0; i < aa->size(); ++i)
      if (!same_value(*aa->get(i), *ab.get(i))) return false;
    return true;
  }
  if (auto* s = a.as_string()) return s->get() == b.as_string()->get();
  if (auto* v = a.as_boolean()) return v->get() == b.as_boolean()->get();
  if (auto* v = a.as_date()) return v->get() == b.as_date()->get();
  if (auto* v = a.as_time()) return v->get() == b.as_time()->get();
  if (auto* v = a.as_date_time()) return v->get() == b.as_date_time()->get();
  return false;
}

toml::table take_table(toml::table& table, std::string_view key) {
  toml::table out;
  if (toml::table* inner = table.get_as<toml::table>(key)) out = std::move(*inner);
  table.erase(key);
  return out;
}

std::string nearest(std::string_view word, const std::vector<std::string_view>& candidates) {
  return nearest_name(word, candidates).value_or("");
}

}  // namespace amcore
