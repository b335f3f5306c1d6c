// The search space a strategy sees, built from the pipeline's parameter definitions, and the
// translation of a trial's vector of doubles back into typed options for a model or objective.
//
// With several candidates (CASH), the space starts with a categorical "model" parameter whose
// choices are the candidates' plugins; every candidate parameter is named "<plugin>.<name>"
// (or "<index>:<plugin>.<name>" when a plugin appears twice, the index counting candidates
// from 0; the "model" choice is then labelled "<index>:<plugin>" too) and is conditional on
// "model". A candidate parameter with its own `when` has that parameter as parent, which is in
// turn conditional on "model", so it is active only when both hold.
//
// Every builder checks what it is given (known parents, valid conditions, parents before
// children in the result) and throws InputError located at the parameter (from_abi: PluginError).
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include <ams/ams.h>
#include <toml++/toml.h>

#include "config/pipeline.hpp"

namespace amcore {

class SearchSpace {
 public:
  // A space over one model's parameters, or over several candidates (adds the "model" root).
  static SearchSpace from_candidates(const std::vector<CandidateConfig>& candidates);
  // A space over plain parameters (objectives).
  static SearchSpace from_params(const std::vector<ParamDef>& params);
  // A copy of a space a plugin described (objective default spaces).
  static SearchSpace from_abi(const ams_space& space);

  SearchSpace();
  SearchSpace(SearchSpace&&) noexcept;
  SearchSpace& operator=(SearchSpace&&) noexcept;
  ~SearchSpace();

  // The ABI view handed to strategies; valid as long as this object.
  const ams_space* abi() const;
  int32_t size() const;
  const ams_param& param(int32_t i) const;
  const std::string& name(int32_t i) const;

  // True when parameter i is active given the other values of a trial.
  bool is_active(int32_t i, const double* values) const;
  // Checks a trial from a strategy: right types, within bounds, NaN exactly when inactive.
  // Returns an empty string when valid, else what is wrong (names the parameter).
  std::string check(const double* values) const;

  // Which candidate a trial chose (0 when there is a single candidate or no candidates).
  int32_t candidate_of(const double* values) const;
  // The options of the chosen candidate: its fixed options plus its active parameters, with
  // their TOML types (ints as integers, choices as the original value), under their plain
  // names. For objectives (no candidates) the active parameters alone.
  toml::table options_for(const double* values) const;
  // The value of parameter i as text for tables and CSV: "" when inactive, the choice's value
  // for categoricals, "true"/"false" for bools, shortest round-trip text for numbers.
  std::string format(int32_t i, double value) const;
  // Where parameter i was defined, for located option errors.
  const SourceLocation& where(int32_t i) const;

  // The index of the parameter with this (full) name, or -1.
  int32_t find(const std::string& name) const;
  // Number of candidates the space was built from (0 for plain parameters).
  int32_t candidate_count() const;
  // Where an option of the trial's model was set, for a located plugin error: the searched
  // parameter it comes from, else the fixed option (by "a.b[2].c" path, longest match), else
  // the chosen candidate's table. Parameters have no location when the space came from a plugin.
  SourceLocation locate_option(const double* values, const std::string& option_path) const;

  struct Impl;  // space/space_impl.hpp; public only so the space's own files can name it

 private:
  std::unique_ptr<Impl> impl_;
};

}  // namespace amcore
