#include "config/params.hpp"

#include <algorithm>
#include <cctype>
#include <cmath>
#include <map>
#include <tuple>

#include "config/toml_util.hpp"

namespace amcore {
namespace {

// Integers beyond 2^53 do not survive the trip through a trial's doubles.
constexpr double kMaxExactInteger = 9007199254740992.0;

struct Pending {
  ParamDef def;
  SourceLocation when_where;
  std::string when_path;
  std::string source;  // source file of the key, to keep command-line params after the file's
};

std::pair<double, double> read_bounds(const Section& param, std::string_view key, bool integers) {
  const toml::array* bounds = param.array(key);
  const std::string expected = integers ? "[lower, upper] with two integers"
                                        : "[lower, upper] with two numbers";
  if (bounds->size() != 2)
    param.fail(key, "expected " + expected + ", found an array of " +
                        std::to_string(bounds->size()));
  double values[2];
  for (size_t i = 0; i < 2; ++i) {
    const toml::node& element = *bounds->get(i);
    const bool ok = integers ? element.is_integer() : element.is_number();
    if (!ok)
      throw InputError(location_of(element, param.file()),
                       param.key_path(key) + ": expected " + expected + ", found " +
                           type_phrase(element) + " as the " + (i ? "upper" : "lower") +
                           " bound");
    values[i] = element.value<double>().value_or(0);
    if (!std::isfinite(values[i]))
      throw InputError(location_of(element, param.file()),
                       param.key_path(key) + ": bounds must be finite");
    if (integers && std::fabs(values[i]) > kMaxExactInteger)
      throw InputError(location_of(element, param.file()),
                       param.key_path(key) + ": bounds must be within +-2^53");
  }
  if (!(values[0] < values[1]))
    param.fail(key, "the lower bound must be less than the upper bound, found [" +
                        number_text(values[0]) + ", " + number_text(values[1]) + "]");
  return {values[0], values[1]};
}

void read_numeric(const Section& param, ParamDef& def) {
  const bool integers = def.type == ParamDef::Type::Int;
  const std::string_view kind = integers ? "int" : "float";
  std::tie(def.low, def.high) = read_bounds(param, kind, integers);
  def.log = param.boolean("log").value_or(false);
  if (def.log && def.low <= 0)
    param.fail(kind, "log = true needs a lower bound above 0, found " + number_text(def.low));
  def.step = integers ? 1 : 0;
  if (!param.has("step")) return;
  double step;
  if (integers) {
    step = static_cast<double>(*param.integer("step"));
  } else {
    step = *param.number("step");
  }
  if (!(step > 0)) param.fail("step", "must be above 0, found " + number_text(step));
  if (step > def.high - def.low)
    param.fail("step", "must not exceed the range width " + number_text(def.high - def.low) +
                           ", found " + number_text(step));
  if (def.log && (!integers || step > 1))
    param.fail("step", "cannot be combined with log = true");
  def.step = step;
}

void read_choice(const Section& param, ParamDef& def) {
  const toml::array* choices = param.array("choice");
  if (choices->empty()) param.fail("choice", "needs at least one value");
  for (size_t i = 0; i < choices->size(); ++i) {
    const toml::node& choice = *choices->get(i);
    for (size_t j = 0; j < i; ++j) {
      if (same_value(*choices->get(j), choice))
        throw InputError(location_of(choice, param.file()),
                         param.key_path("choice") + ": duplicate choice " + toml_text(choice));
    }
  }
  def.choices = *choices;
}

Pending read_param(const Section& space, const toml::key& key, const toml::node& value) {
  const std::string name(key.str());
  const std::string path = space.key_path(name);
  if (!is_valid_param_name(name))
    throw InputError(location_of(key, space.file()),
                     path + ": a parameter name may only use letters, digits, '_' and '-'");
  const toml::table* table = value.as_table();
  if (!table)
    throw InputError(location_of(value, space.file()),
                     path + ": expected a table such as { float = [0, 1] }, found " +
                         type_phrase(value));
  Section param(*table, path, path, space.file());
  param.allow_only({"float", "int", "choice", "bool", "log", "step", "when"});

  Pending pending;
  ParamDef& def = pending.def;
  def.name = name;
  def.where = location_of(key, space.file());
  pending.source = key.source().path ? *key.source().path : std::string();

  std::vector<std::string_view> kinds;
  for (std::string_view kind : {"float", "int", "choice", "bool"})
    if (param.has(kind)) kinds.push_back(kind);
  if (kinds.empty())
    throw InputError(location_of(value, space.file()),
                     path + ": expected one of float = [lo, hi], int = [lo, hi], "
                            "choice = [...] or bool = true");
  if (kinds.size() > 1)
    param.fail(kinds[1], "a parameter has one kind, found both '" + std::string(kinds[0]) +
                             "' and '" + std::string(kinds[1]) + "'");
  const std::string_view kind = kinds.front();
  if (kind == "choice" || kind == "bool") {
    for (std::string_view numeric_only : {"log", "step"})
      if (param.has(numeric_only))
        param.fail(numeric_only, "applies only to float and int parameters");
  }
  if (kind == "float") {
    def.type = ParamDef::Type::Float;
    read_numeric(param, def);
  } else if (kind == "int") {
    def.type = ParamDef::Type::Int;
    read_numeric(param, def);
  } else if (kind == "choice") {
    def.type = ParamDef::Type::Choice;
    read_choice(param, def);
    def.low = 0;
    def.high = static_cast<double>(def.choices.size() - 1);
  } else {
    def.type = ParamDef::Type::Bool;
    if (!param.node("bool")->is_boolean())
      param.fail_type("bool", "a boolean (bool = true searches true and false)");
    def.low = 0;
    def.high = 1;
  }

  if (const toml::node* when = param.node("when")) {
    pending.when_where = location_of(*when, space.file());
    pending.when_path = param.key_path("when");
    const toml::table* condition = when->as_table();
    if (!condition)
      param.fail_type("when", "a table such as { other_param = [values] }");
    if (condition->size() != 1)
      param.fail("when", "expected exactly one parameter to depend on, found " +
                             std::to_string(condition->size()) +
                             " (to combine conditions, make the parent conditional itself)");
    for (auto&& [parent, values] : *condition) {
      def.when_param = std::string(parent.str());
      if (const toml::array* list = values.as_array()) {
        def.when_values = *list;
      } else {
        def.when_values.push_back(values);
      }
    }
    if (def.when_values.empty()) param.fail("when", "needs at least one value of '" +
                                                        def.when_param + "'");
  }
  return pending;
}

// Parents before children; otherwise the order of the file (TOML++ iterates keys sorted).
std::vector<ParamDef> order_parents_first(std::vector<Pending>& pending,
                                          const std::string& file) {
  std::sort(pending.begin(), pending.end(), [&](const Pending& a, const Pending& b) {
    const auto key = [&](const Pending& p) {
      return std::make_tuple(p.source != file, p.source, p.def.where.line, p.def.where.column,
                             p.def.name);
    };
    return key(a) < key(b);
  });
  std::vector<ParamDef> ordered;
  std::vector<bool> placed(pending.size(), false);
  std::map<std::string, bool> done;
  while (ordered.size() < pending.size()) {
    bool progress = false;
    for (size_t i = 0; i < pending.size(); ++i) {
      if (placed[i]) continue;
      const ParamDef& def = pending[i].def;
      if (!def.when_param.empty() && !done[def.when_param]) continue;
      ordered.push_back(def);
      placed[i] = true;
      done[def.name] = true;
      progress = true;
      break;  // restart so an earlier param whose parent just got placed keeps its place
    }
    if (progress) continue;
    // Every remaining param waits on another remaining one: there is a cycle.
    size_t first = 0;
    while (placed[first]) ++first;
    std::string chain = pending[first].def.name;
    std::string at = pending[first].def.when_param;
    for (size_t guard = 0; guard <= pending.size(); ++guard) {
      chain += " -> " + at;
      if (at == pending[first].def.name) break;
      for (const Pending& p : pending)
        if (p.def.name == at) {
          at = p.def.when_param;
          break;
        }
    }
    throw InputError(pending[first].when_where,
                     pending[first].when_path + ": conditions form a cycle: " + chain);
  }
  return ordered;
}

}  // namespace

bool is_valid_param_name(std::string_view name) {
  if (name.empty()) return false;
  for (char c : name)
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '_' && c != '-') return false;
  return true;
}

std::string condition_values(const ParamDef& parent, const toml::array& when_values,
                             std::vector<double>& out) {
  out.clear();
  if (when_values.empty()) return "needs at least one value of '" + parent.name + "'";
  for (const toml::node& value : when_values) {
    double encoded = 0;
    switch (parent.type) {
      case ParamDef::Type::Float:
        return "'" + parent.name +
               "' is a float parameter: its values are continuous and cannot be a condition "
               "(use an int or choice parameter)";
      case ParamDef::Type::Bool:
        if (!value.is_boolean())
          return "'" + parent.name + "' is a bool parameter: expected true or false, found " +
                 toml_text(value);
        encoded = value.as_boolean()->get() ? 1 : 0;
        break;
      case ParamDef::Type::Int: {
        if (!value.is_integer())
          return "'" + parent.name + "' is an int parameter: expected an integer, found " +
                 type_phrase(value);
        encoded = static_cast<double>(value.as_integer()->get());
        const double step = parent.step > 0 ? parent.step : 1;
        const double k = (encoded - parent.low) / step;
        if (encoded < parent.low || encoded > parent.high || k != std::floor(k))
          return number_text(encoded) + " is not a possible value of '" + parent.name + "' (" +
                 number_text(parent.low) + " to " + number_text(parent.high) +
                 (step != 1 ? " by " + number_text(step) : std::string()) + ")";
        break;
      }
      case ParamDef::Type::Choice: {
        size_t index = 0;
        while (index < parent.choices.size() && !same_value(*parent.choices.get(index), value))
          ++index;
        if (index == parent.choices.size()) {
          std::string listed;
          for (const toml::node& choice : parent.choices)
            listed += (listed.empty() ? "" : ", ") + toml_text(choice);
          return toml_text(value) + " is not a choice of '" + parent.name + "' (choices: " +
                 listed + ")";
        }
        encoded = static_cast<double>(index);
        break;
      }
    }
    if (std::find(out.begin(), out.end(), encoded) == out.end()) out.push_back(encoded);
  }
  return {};
}

std::vector<ParamDef> read_space(const Section& space) {
  std::vector<Pending> pending;
  for (auto&& [key, value] : space.table()) pending.push_back(read_param(space, key, value));

  std::vector<std::string_view> names;
  for (const Pending& p : pending) names.push_back(p.def.name);
  for (const Pending& p : pending) {
    const ParamDef& def = p.def;
    if (def.when_param.empty()) continue;
    if (def.when_param == def.name)
      throw InputError(p.when_where, p.when_path + ": a parameter cannot depend on itself");
    const Pending* parent = nullptr;
    for (const Pending& q : pending)
      if (q.def.name == def.when_param) parent = &q;
    if (!parent) {
      std::string message = p.when_path + ": unknown parameter '" + def.when_param + "' in " +
                            space.title();
      const std::string suggestion = nearest(def.when_param, names);
      if (!suggestion.empty()) message += "; did you mean '" + suggestion + "'?";
      throw InputError(p.when_where, message);
    }
    std::vector<double> encoded;
    const std::string problem = condition_values(parent->def, def.when_values, encoded);
    if (!problem.empty()) throw InputError(p.when_where, p.when_path + ": " + problem);
  }
  return order_parents_first(pending, space.file());
}

}  // namespace amcore
