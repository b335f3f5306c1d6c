#include "output/json.hpp"

#include <charconv>
#include <cmath>
#include <sstream>

#include "host/context.hpp"

namespace amcore {

std::string json_string(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 2);
  out += '"';
  for (unsigned char c : text) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      case '\b': out += "\\b"; break;
      case '\f': out += "\\f"; break;
      default:
        if (c < 0x20) {
          static const char* hex = "0123456789abcdef";
          out += "\\u00";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);  // UTF-8 passes through unchanged
        }
    }
  }
  out += '"';
  return out;
}

std::string json_number(double value) {
  if (!std::isfinite(value)) return "null";
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, value);
  if (ec != std::errc()) return "null";
  return std::string(buf, end);
}

std::string json_of(const toml::node& node) {
  if (auto s = node.as_string()) return json_string(s->get());
  if (auto i = node.as_integer()) return std::to_string(i->get());
  if (auto f = node.as_floating_point()) return json_number(f->get());
  if (auto b = node.as_boolean()) return b->get() ? "true" : "false";
  if (auto a = node.as_array()) {
    std::string out = "[";
    for (size_t k = 0; k < a->size(); ++k) {
      if (k) out += ',';
      out += json_of(*a->get(k));
    }
    return out + "]";
  }
  if (auto t = node.as_table()) {
    std::string out = "{";
    bool first = true;
    for (const auto& [key, value] : *t) {
      if (!first) out += ',';
      out += json_string(std::string(key.str()));
      out += ':';
      out += json_of(value);
      first = false;
    }
    return out + "}";
  }
  // Dates and times: their TOML text, as a string.
  std::ostringstream text;
  node.visit([&](const auto& v) { text << v; });
  return json_string(text.str());
}

namespace {

const char* type_name(int32_t type) {
  switch (type) {
    case AMS_PARAM_FLOAT: return "float";
    case AMS_PARAM_INT: return "int";
    case AMS_PARAM_CATEGORICAL: return "categorical";
    case AMS_PARAM_BOOL: return "bool";
  }
  return "unknown";
}

// The typed value of a categorical parameter: the option the model receives (options_for keeps
// the choice's TOML type), found under the parameter's name or its name without the candidate
// prefix; the displayed text as a string when it cannot be found.
std::string categorical_json(const SearchSpace& space, int32_t i, double value,
                             const toml::table& options) {
  const std::string text = space.format(i, value);
  const std::string& name = space.name(i);
  std::vector<std::string> keys{name};
  if (auto dot = name.find('.'); dot != std::string::npos) keys.push_back(name.substr(dot + 1));
  for (const auto& key : keys) {
    const toml::node* node = options.get(key);
    if (!node || node->is_table() || node->is_array()) continue;
    std::ostringstream shown;
    if (auto s = node->as_string())
      shown << s->get();
    else
      node->visit([&](const auto& v) { shown << v; });
    if (shown.str() == text) return json_of(*node);
  }
  return json_string(text);
}

}  // namespace

std::string space_json(const SearchSpace& space) {
  std::string out = "[";
  for (int32_t i = 0; i < space.size(); ++i) {
    const ams_param& p = space.param(i);
    out += i ? "," : "";
    out += "{\"name\":" + json_string(space.name(i));
    out += ",\"type\":" + json_string(type_name(p.type));
    if (p.type == AMS_PARAM_FLOAT || p.type == AMS_PARAM_INT) {
      out += ",\"low\":" + json_number(p.low) + ",\"high\":" + json_number(p.high);
      out += ",\"step\":" + json_number(p.step);
      out += std::string(",\"log\":") + (p.log ? "true" : "false");
    }
    if (p.type == AMS_PARAM_CATEGORICAL) {
      out += ",\"choices\":[";
      for (int32_t c = 0; c < p.n_choices; ++c)
        {
        if (c) out += ',';
        out += json_string(p.choices && p.choices[c] ? p.choices[c] : "");
      }
      out += "]";
    }
    if (p.parent >= 0) {
      out += ",\"parent\":" + json_string(space.name(p.parent)) + ",\"parent_values\":[";
      for (int32_t k = 0; k < p.n_parent_values; ++k)
        {
        if (k) out += ',';
        out += json_number(p.parent_values[k]);
      }
      out += "]";
    }
    out += "}";
  }
  return out + "]";
}

std::string params_json(const SearchSpace& space, const double* values) {
  toml::table options;
  try {
    options = space.options_for(values);
  } catch (const std::exception&) {
    // Only used to recover the types of choices; without it they are written as text.
  }
  std::string out = "{";
  bool first = true;
  for (int32_t i = 0; i < space.size(); ++i) {
    const double v = values[i];
    if (std::isnan(v)) continue;
    const ams_param& p = space.param(i);
    std::string value;
    switch (p.type) {
      case AMS_PARAM_BOOL: value = v != 0 ? "true" : "false"; break;
      case AMS_PARAM_CATEGORICAL: value = categorical_json(space, i, v, options); break;
      case AMS_PARAM_INT: value = space.format(i, v); break;  // rounded as the model gets it
      default: value = json_number(v); break;
    }
    if (!first) out += ',';
    out += json_string(space.name(i));
    out += ':';
    out += value;
    first = false;
  }
  return out + "}";
}

}  // namespace amcore
