#include "config/overrides.hpp"

#include <cctype>
#include <optional>
#include <sstream>

#include "config/toml_util.hpp"

namespace amcore {
namespace {

struct Segment {
  std::string key;
  std::vector<size_t> indices;  // "candidates[1]" -> key "candidates", indices {1}
};

[[noreturn]] void fail(const std::string& text, const std::string& message) {
  throw InputError(std::string(kOverrideSourcePrefix) + text + ": " + message);
}

bool is_bare_key_char(char c) {
  return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '-';
}

std::string trim(std::string_view text) {
  size_t begin = 0, end = text.size();
  while (begin < end && std::isspace(static_cast<unsigned char>(text[begin]))) ++begin;
  while (end > begin && std::isspace(static_cast<unsigned char>(text[end - 1]))) --end;
  return std::string(text.substr(begin, end - begin));
}

// Parses a key path; `context` names the override in messages.
std::vector<Segment> parse_key_path(const std::string& path, const std::string& context) {
  std::vector<Segment> segments;
  size_t pos = 0;
  const auto bad = [&](const std::string& why) {
    fail(context, "bad key path '" + path + "': " + why);
  };
  while (true) {
    while (pos < path.size() && path[pos] == ' ') ++pos;
    Segment segment;
    if (pos < path.size() && (path[pos] == '"' || path[pos] == '\'')) {
      const char quote = path[pos++];
      const size_t close = path.find(quote, pos);
      if (close == std::string::npos) bad("unterminated quoted key");
      segment.key = path.substr(pos, close - pos);
      pos = close + 1;
    } else {
      const size_t start = pos;
      while (pos < path.size() && is_bare_key_char(path[pos])) ++pos;
      if (pos == start) bad("expected a key at position " + std::to_string(start + 1));
      segment.key = path.substr(start, pos - start);
    }
    while (pos < path.size() && path[pos] == '[') {
      const size_t close = path.find(']', pos);
      if (close == std::string::npos || close == pos + 1) bad("expected [index]");
      size_t index = 0;
      for (size_t i = pos + 1; i < close; ++i) {
        if (!std::isdigit(static_cast<unsigned char>(path[i]))) bad("an index must be a number");
        index = index * 10 + static_cast<size_t>(path[i] - '0');
      }
      segment.indices.push_back(index);
      pos = close + 1;
    }
    segments.push_back(std::move(segment));
    while (pos < path.size() && path[pos] == ' ') ++pos;
    if (pos == path.size()) break;
    if (path[pos] != '.') bad("unexpected '" + std::string(1, path[pos]) + "'");
    ++pos;
  }
  return segments;
}

std::string quoted_key(const std::string& key) {
  std::ostringstream out;
  out << toml::value<std::string>(key);
  return out.str();
}

std::string display(const std::vector<Segment>& segments, size_t count) {
  std::string text;
  for (size_t i = 0; i < count; ++i) {
    if (i) text += ".";
    text += segments[i].key;
    for (size_t index : segments[i].indices) {
      text += '[';
      text += std::to_string(index);
      text += ']';
    }
  }
  return text;
}

// The path up to segment `s`, without that segment's indices: "candidates" for candidates[3].
std::string name_at(const std::vector<Segment>& segments, size_t s) {
  std::string text = display(segments, s);
  if (s) text += '.';
  return text + segments[s].key;
}

// Parses `<keys> = <value>` with the override as the source name. A value that is not TOML
// becomes a string, so `--set study.timeout=1h30m` works unquoted; text that starts like a
// TOML array, table or string must parse, so a typo there is reported rather than hidden.
toml::table parse_assignment(const std::vector<std::string>& keys, const Override& override_) {
  std::string lhs;
  for (const std::string& key : keys) {
    if (!lhs.empty()) lhs += '.';
    lhs += quoted_key(key);
  }
  const std::string source = override_source(override_);
  const std::string& value = override_.value_text;
  try {
    return toml::parse(lhs + " = " + value, source);
  } catch (const toml::parse_error& error) {
    const char first = value.empty() ? '\0' : value.front();
    if (first == '[' || first == '{' || first == '"' || first == '\'')
      fail(override_.key_path + "=" + value,
           "invalid TOML value: " + std::string(error.description()));
  }
  return toml::parse(lhs + " = " + quoted_key(value), source);
}

// Moves the only entry of a freshly parsed table out, keeping its source region.
void move_into(toml::table& parsed, const std::string& key, toml::table& target) {
  auto entry = parsed.find(key);
  // The parsed key too: a new key located at the override, e.g. for an unknown-key error.
  const toml::key located_key = entry->first;
  entry->second.visit(
      [&](auto&& value) { target.insert_or_assign(located_key, std::move(value)); });
}

void move_into(toml::table& parsed, const std::string& key, toml::array& target, size_t index) {
  toml::node& node = *parsed.get(key);
  node.visit([&](auto&& value) { target.replace(target.cbegin() + static_cast<std::ptrdiff_t>(index), std::move(value)); });
}

void apply_one(toml::table& document, const Override& override_) {
  const std::string context = override_.key_path + "=" + override_.value_text;
  const std::vector<Segment> segments = parse_key_path(override_.key_path, context);
  toml::table* table = &document;
  for (size_t s = 0; s < segments.size(); ++s) {
    const Segment& segment = segments[s];
    const bool last = s + 1 == segments.size();
    toml::node* node = table->get(segment.key);
    if (!node) {
      // Build the missing part in one parse, so the new tables carry the override as source.
      std::vector<std::string> keys;
      for (size_t r = s; r < segments.size(); ++r) {
        if (!segments[r].indices.empty())
          fail(context, "'" + name_at(segments, r) + "' does not exist, so it cannot be indexed");
        keys.push_back(segments[r].key);
      }
      toml::table parsed = parse_assignment(keys, override_);
      move_into(parsed, segment.key, *table);
      return;
    }
    if (segment.indices.empty() && last) {
      toml::table parsed = parse_assignment({segment.key}, override_);
      move_into(parsed, segment.key, *table);
      return;
    }
    // Walk the indices; the last one of the last segment is replaced.
    for (size_t i = 0; i < segment.indices.size(); ++i) {
      toml::array* array = node->as_array();
      const std::string here = name_at(segments, s);
      if (!array) fail(context, "'" + here + "' is " + type_phrase(*node) + ", not an array");
      const size_t index = segment.indices[i];
      if (index >= array->size())
        fail(context, "index " + std::to_string(index) + " is out of range: '" + here +
                          "' has " + std::to_string(array->size()) + " element" +
                          (array->size() == 1 ? "" : "s"));
      if (last && i + 1 == segment.indices.size()) {
        toml::table parsed = parse_assignment({"value"}, override_);
        move_into(parsed, "value", *array, index);
        return;
      }
      node = array->get(index);
    }
    table = node->as_table();
    if (!table)
      fail(context, "'" + display(segments, s + 1) + "' is " + type_phrase(*node) +
                        ", not a table, so it has no key '" + segments[s + 1].key + "'");
  }
}

}  // namespace

std::string override_source(const Override& override_) {
  return std::string(kOverrideSourcePrefix) + override_.key_path + "=" + override_.value_text;
}

Override parse_override(const std::string& text) {
  // The first '=' outside a quoted key separates the path from the value.
  char quote = 0;
  size_t equals = std::string::npos;
  for (size_t i = 0; i < text.size() && equals == std::string::npos; ++i) {
    const char c = text[i];
    if (quote) {
      if (c == quote) quote = 0;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else if (c == '=') {
      equals = i;
    }
  }
  if (equals == std::string::npos)
    fail(text, "expected key=value, for example --set study.trials=50");
  Override result{trim(std::string_view(text).substr(0, equals)),
                  trim(std::string_view(text).substr(equals + 1))};
  if (result.key_path.empty()) fail(text, "missing the key before '='");
  if (result.value_text.empty())
    fail(text, "missing the value after '=' (write \"\" for an empty string)");
  parse_key_path(result.key_path, text);  // reports a malformed path now
  return result;
}

void apply_overrides(toml::table& document, const std::vector<Override>& overrides) {
  for (const Override& override_ : overrides) apply_one(document, override_);
}

}  // namespace amcore
