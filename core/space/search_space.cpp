// Building a SearchSpace: from the pipeline's parameter definitions, or from a plugin's space.
#include "space/search_space.hpp"

#include <algorithm>
#include <cmath>
#include <cstddef>
#include <cstring>
#include <map>
#include <set>

#include "config/params.hpp"
#include "config/toml_util.hpp"
#include "space/space_impl.hpp"

namespace amcore {
namespace {

// Sizes of the structs as ABI 1.0 defined them. Every 1.x writer fills at least these fields;
// later minors may only add to the end.
constexpr uint32_t kParamV1Size = offsetof(ams_param, parent_values) + sizeof(const double*);
constexpr uint32_t kSpaceV1Size = offsetof(ams_space, params) + sizeof(const ams_param* const*);

using Impl = SearchSpace::Impl;
using Param = Impl::Param;

std::vector<std::string> labels_of(const toml::array& choices) {
  std::vector<std::string> labels;
  for (const toml::node& choice : choices) labels.push_back(plain_text(choice));
  return labels;
}

Param from_def(const ParamDef& def, const std::string& name, int32_t candidate) {
  Param param;
  param.name = name;
  param.plain = def.name;
  param.type = def.type;
  param.log = def.log;
  param.where = def.where;
  param.candidate = candidate;
  const auto fail = [&](const std::string& message) {
    throw InputError(def.where, "parameter '" + name + "': " + message);
  };
  switch (def.type) {
    case ParamDef::Type::Float:
    case ParamDef::Type::Int:
      if (!(def.low < def.high) || !std::isfinite(def.low) || !std::isfinite(def.high))
        fail("needs finite bounds with lower < upper");
      if (def.log && def.low <= 0) fail("a log scale needs a lower bound above 0");
      if (def.step < 0) fail("step must not be negative");
      param.low = def.low;
      param.high = def.high;
      param.step = def.type == ParamDef::Type::Int ? std::max(1.0, def.step) : def.step;
      if (def.type == ParamDef::Type::Int &&
          (def.low != std::floor(def.low) || def.high != std::floor(def.high) ||
           param.step != std::floor(param.step)))
        fail("an int parameter needs integer bounds and step");
      break;
    case ParamDef::Type::Choice:
      if (def.choices.empty()) fail("a choice needs at least one value");
      param.choices = def.choices;
      param.labels = labels_of(def.choices);
      param.low = 0;
      param.high = static_cast<double>(def.choices.size() - 1);
      break;
    case ParamDef::Type::Bool:
      param.low = 0;
      param.high = 1;
      break;
  }
  return param;
}

// Appends a group of definitions, parents first (stable otherwise). `prefix` makes the full
// names; `root`, when >= 0, is the parent of every definition without a `when`, active at
// `root_value`.
void add_group(Impl& impl, const std::vector<ParamDef>& defs, const std::string& prefix,
               int32_t candidate, int32_t root, double root_value) {
  std::set<std::string> seen;
  for (const ParamDef& def : defs) {
    if (!is_valid_param_name(def.name))
      throw InputError(def.where, "parameter '" + def.name +
                                      "': a name may only use letters, digits, '_' and '-'");
    if (!seen.insert(def.name).second)
      throw InputError(def.where, "parameter '" + prefix + def.name + "' is defined twice");
  }
  for (const ParamDef& def : defs) {
    if (!def.when_param.empty() && !seen.count(def.when_param))
      throw InputError(def.where, "parameter '" + prefix + def.name +
                                      "' depends on unknown parameter '" + def.when_param + "'");
  }
  std::map<std::string, int32_t> placed;  // plain name -> index in impl.params
  std::vector<bool> done(defs.size(), false);
  for (size_t count = 0; count < defs.size(); ++count) {
    size_t next = defs.size();
    for (size_t i = 0; i < defs.size() && next == defs.size(); ++i) {
      if (done[i]) continue;
      const ParamDef& def = defs[i];
      if (def.when_param.empty() || placed.count(def.when_param)) next = i;
    }
    if (next == defs.size()) {
      size_t first = 0;
      while (done[first]) ++first;
      throw InputError(defs[first].where, "parameter '" + prefix + defs[first].name +
                                              "': its conditions form a cycle");
    }
    const ParamDef& def = defs[next];
    Param param = from_def(def, prefix + def.name, candidate);
    if (!def.when_param.empty()) {
      const int32_t parent = placed.at(def.when_param);
      ParamDef parent_def;
      parent_def.name = impl.params[static_cast<size_t>(parent)].plain;
      parent_def.type = impl.params[static_cast<size_t>(parent)].type;
      parent_def.low = impl.params[static_cast<size_t>(parent)].low;
      parent_def.high = impl.params[static_cast<size_t>(parent)].high;
      parent_def.step = impl.params[static_cast<size_t>(parent)].step;
      parent_def.choices = impl.params[static_cast<size_t>(parent)].choices;
      const std::string problem = condition_values(parent_def, def.when_values,
                                                   param.parent_values);
      if (!problem.empty())
        throw InputError(def.where, "parameter '" + param.name + "': " + problem);
      param.parent = parent;
    } else if (root >= 0) {
      param.parent = root;
      param.parent_values = {root_value};
    }
    placed[def.name] = static_cast<int32_t>(impl.params.size());
    impl.params.push_back(std::move(param));
    done[next] = true;
  }
}

void record_locations(const toml::node& node, const std::string& path, const std::string& file,
                      std::vector<std::pair<std::string, SourceLocation>>& out) {
  if (!path.empty()) out.emplace_back(path, location_of(node, file));
  if (const toml::table* table = node.as_table()) {
    for (auto&& [key, value] : *table)
      record_locations(value, path.empty() ? std::string(key.str()) : path + "." + std::string(key.str()), file, out);
  } else if (const toml::array* array = node.as_array()) {
    for (size_t i = 0; i < array->size(); ++i)
      record_locations(*array->get(i), path + "[" + std::to_string(i) + "]", file, out);
  }
}

}  // namespace

void SearchSpace::Impl::finish() {
  abi_params.assign(params.size(), ams_param{});
  abi_labels.assign(params.size(), {});
  abi_pointers.clear();
  for (size_t i = 0; i < params.size(); ++i) {
    const Param& param = params[i];
    ams_param& out = abi_params[i];
    out.struct_size = sizeof(ams_param);
    out.name = param.name.c_str();
    out.log = param.log ? 1 : 0;
    out.low = param.low;
    out.high = param.high;
    out.step = param.step;
    switch (param.type) {
      case ParamDef::Type::Float: out.type = AMS_PARAM_FLOAT; break;
      case ParamDef::Type::Int: out.type = AMS_PARAM_INT; break;
      case ParamDef::Type::Choice: out.type = AMS_PARAM_CATEGORICAL; break;
      case ParamDef::Type::Bool: out.type = AMS_PARAM_BOOL; break;
    }
    if (param.type == ParamDef::Type::Choice) {
      for (const std::string& label : param.labels) abi_labels[i].push_back(label.c_str());
      out.n_choices = static_cast<int32_t>(param.labels.size());
      out.choices = abi_labels[i].data();
    }
    out.parent = param.parent;
    out.n_parent_values = static_cast<int32_t>(param.parent_values.size());
    out.parent_values = param.parent_values.empty() ? nullptr : param.parent_values.data();
  }
  for (const ams_param& p : abi_params) abi_pointers.push_back(&p);
  abi_space.struct_size = sizeof(ams_space);
  abi_space.n_params = static_cast<int32_t>(params.size());
  abi_space.params = abi_pointers.empty() ? nullptr : abi_pointers.data();
}

SearchSpace::SearchSpace() : impl_(std::make_unique<Impl>()) { impl_->finish(); }
SearchSpace::SearchSpace(SearchSpace&&) noexcept = default;
SearchSpace& SearchSpace::operator=(SearchSpace&&) noexcept = default;
SearchSpace::~SearchSpace() = default;

SearchSpace SearchSpace::from_candidates(const std::vector<CandidateConfig>& candidates) {
  SearchSpace space;
  Impl& impl = *space.impl_;
  for (const CandidateConfig& config : candidates) {
    Impl::Candidate candidate;
    candidate.plugin = config.plugin;
    candidate.where = config.where;
    record_locations(config.fixed, "", config.where.file, candidate.fixed_where);
    candidate.fixed = config.fixed;
    impl.candidates.push_back(std::move(candidate));
  }
  if (candidates.size() == 1) {
    add_group(impl, candidates[0].space, "", 0, -1, 0);
  } else if (candidates.size() > 1) {
    std::map<std::string, int> uses;
    for (const CandidateConfig& config : candidates) ++uses[config.plugin];
    Param root;
    root.name = "model";
    root.plain = "model";
    root.type = ParamDef::Type::Choice;
    root.where = candidates[0].where;
    std::vector<std::string> prefixes;
    for (size_t c = 0; c < candidates.size(); ++c) {
      std::string label = candidates[c].plugin;
      if (uses[label] > 1) label = std::to_string(c) + ":" + label;
      root.choices.push_back(label);
      root.labels.push_back(label);
      prefixes.push_back(label + ".");
    }
    root.high = static_cast<double>(candidates.size() - 1);
    impl.params.push_back(std::move(root));
    impl.has_root = true;
    for (size_t c = 0; c < candidates.size(); ++c)
      add_group(impl, candidates[c].space, prefixes[c], static_cast<int32_t>(c), 0,
                static_cast<double>(c));
  }
  impl.finish();
  return space;
}

SearchSpace SearchSpace::from_params(const std::vector<ParamDef>& params) {
  SearchSpace space;
  add_group(*space.impl_, params, "", -1, -1, 0);
  space.impl_->finish();
  return space;
}

SearchSpace SearchSpace::from_abi(const ams_space& given) {
  const auto fail = [](const std::string& message) {
    throw PluginError("search space from a plugin: " + message);
  };
  // The struct_size rule: read what the writer knew, zeros for the rest.
  ams_space header{};
  if (given.struct_size < kSpaceV1Size)
    fail("ams_space.struct_size " + std::to_string(given.struct_size) +
         " is smaller than ABI 1.0's");
  std::memcpy(&header, &given, std::min<size_t>(given.struct_size, sizeof header));
  if (header.n_params < 0) fail("negative n_params");
  if (header.n_params > 0 && !header.params) fail("params is NULL");

  SearchSpace space;
  Impl& impl = *space.impl_;
  std::set<std::string> names;
  for (int32_t i = 0; i < header.n_params; ++i) {
    const ams_param* source = header.params[i];
    const std::string at = "parameter " + std::to_string(i);
    if (!source) fail(at + " is NULL");
    if (source->struct_size < kParamV1Size)
      fail(at + ": struct_size " + std::to_string(source->struct_size) +
           " is smaller than ABI 1.0's ams_param");
    ams_param p{};
    std::memcpy(&p, source, std::min<size_t>(source->struct_size, sizeof p));
    if (!p.name || !*p.name) fail(at + " has no name");
    Param param;
    param.name = p.name;
    param.plain = p.name;
    const std::string named = "parameter '" + param.name + "'";
    if (!names.insert(param.name).second) fail(named + " appears twice");
    param.log = p.log != 0;
    switch (p.type) {
      case AMS_PARAM_FLOAT:
      case AMS_PARAM_INT:
        param.type = p.type == AMS_PARAM_FLOAT ? ParamDef::Type::Float : ParamDef::Type::Int;
        if (!(p.low < p.high) || !std::isfinite(p.low) || !std::isfinite(p.high))
          fail(named + " needs finite bounds with low < high");
        if (param.log && p.low <= 0) fail(named + " is on a log scale but low <= 0");
        if (!(p.step >= 0)) fail(named + " has a negative step");
        param.low = p.low;
        param.high = p.high;
        param.step = param.type == ParamDef::Type::Int ? std::max(1.0, p.step) : p.step;
        if (param.type == ParamDef::Type::Int &&
            (param.low != std::floor(param.low) || param.high != std::floor(param.high) ||
             param.step != std::floor(param.step)))
          fail(named + " is an int parameter with non-integer bounds or step");
        break;
      case AMS_PARAM_CATEGORICAL:
        param.type = ParamDef::Type::Choice;
        if (p.n_choices <= 0) fail(named + " has no choices");
        for (int32_t c = 0; c < p.n_choices; ++c) {
          std::string label = p.choices && p.choices[c] ? p.choices[c] : std::to_string(c);
          param.choices.push_back(label);
          param.labels.push_back(std::move(label));
        }
        param.low = 0;
        param.high = p.n_choices - 1;
        break;
      case AMS_PARAM_BOOL:
        param.type = ParamDef::Type::Bool;
        param.low = 0;
        param.high = 1;
        break;
      default:
        fail(named + " has unknown type " + std::to_string(p.type));
    }
    if (p.parent >= 0) {
      if (p.parent >= i) fail(named + ": its parent must come before it");
      if (p.n_parent_values <= 0 || !p.parent_values)
        fail(named + " has a parent but no parent values");
      param.parent = p.parent;
      param.parent_values.assign(p.parent_values, p.parent_values + p.n_parent_values);
    }
    impl.params.push_back(std::move(param));
  }
  impl.finish();
  return space;
}

const ams_space* SearchSpace::abi() const { return &impl_->abi_space; }
int32_t SearchSpace::size() const { return static_cast<int32_t>(impl_->params.size()); }
const ams_param& SearchSpace::param(int32_t i) const {
  return impl_->abi_params.at(static_cast<size_t>(i));
}
const std::string& SearchSpace::name(int32_t i) const {
  return impl_->params.at(static_cast<size_t>(i)).name;
}
const SourceLocation& SearchSpace::where(int32_t i) const {
  return impl_->params.at(static_cast<size_t>(i)).where;
}
int32_t SearchSpace::find(const std::string& name) const {
  for (size_t i = 0; i < impl_->params.size(); ++i)
    if (impl_->params[i].name == name) return static_cast<int32_t>(i);
  return -1;
}
int32_t SearchSpace::candidate_count() const {
  return static_cast<int32_t>(impl_->candidates.size());
}

}  // namespace amcore
