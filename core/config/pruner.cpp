#include <algorithm>
#include <cmath>

#include "config/sections.hpp"
#include "config/toml_util.hpp"

namespace amcore {
namespace {

const std::vector<std::string_view> kRules = {"none", "median", "percentile", "wilcoxon"};

// The rules each key means something to: a key the chosen rule ignores is an error, so a
// setting never silently does nothing.
struct KeyUse {
  std::string_view key;
  std::vector<std::string_view> rules;
};
const std::vector<KeyUse> kKeyUses = {
    {"startup_trials", {"median", "percentile", "wilcoxon"}},
    {"warmup_steps", {"median", "percentile"}},
    {"percentile", {"percentile"}},
    {"p_value", {"wilcoxon"}},
    {"min_steps", {"wilcoxon"}},
    {"epochs", {"median", "percentile"}},
    {"warmup_epochs", {"median", "percentile"}},
};

std::string quoted_list(const std::vector<std::string_view>& names) {
  std::string text;
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) text += i + 1 == names.size() ? " and " : ", ";
    text += "rule = \"" + std::string(names[i]) + "\"";
  }
  return text;
}

}  // namespace

PrunerConfig read_pruner(const Section& pruner) {
  pruner.allow_only({"rule", "startup_trials", "warmup_steps", "percentile", "p_value",
                     "min_steps", "epochs", "warmup_epochs"});
  PrunerConfig config;
  config.where = pruner.where();
  if (auto rule = pruner.string("rule")) {
    if (std::find(kRules.begin(), kRules.end(), *rule) == kRules.end()) {
      std::string message = "unknown rule \"" + *rule + "\"";
      const std::string suggestion = nearest(*rule, kRules);
      if (!suggestion.empty())
        message += "; did you mean \"" + suggestion + "\"?";
      else
        message += " (rules: none, median, percentile, wilcoxon)";
      pruner.fail("rule", message);
    }
    config.rule = *rule;
  } else {
    pruner.fail_missing("rule", " (the early-stopping rule: \"median\", \"percentile\", "
                                "\"wilcoxon\" or \"none\")");
  }
  for (const KeyUse& use : kKeyUses) {
    if (!pruner.has(use.key)) continue;
    if (std::find(use.rules.begin(), use.rules.end(), config.rule) == use.rules.end())
      pruner.fail(use.key, "does not apply to rule = \"" + config.rule + "\" (it applies to " +
                               quoted_list(use.rules) + ")");
  }
  if (auto n = pruner.integer_at_least("startup_trials", 0)) config.startup_trials = *n;
  if (auto n = pruner.integer_at_least("warmup_steps", 0)) config.warmup_steps = *n;
  if (auto n = pruner.integer_at_least("min_steps", 1)) config.min_steps = *n;
  if (auto epochs = pruner.boolean("epochs")) config.epochs = *epochs;
  if (auto n = pruner.integer_at_least("warmup_epochs", 0)) {
    if (!config.epochs)
      pruner.fail("warmup_epochs", "applies only with epochs = true (the models' per-epoch "
                                   "reports are judged only then)");
    config.warmup_epochs = *n;
  }
  if (auto percentile = pruner.number("percentile")) {
    if (!(*percentile > 0 && *percentile < 100))
      pruner.fail("percentile", "must be between 0 and 100 (exclusive), found " +
                                    number_text(*percentile));
    config.percentile = *percentile;
  }
  if (auto p = pruner.number("p_value")) {
    if (!(*p > 0 && *p < 1))
      pruner.fail("p_value", "must be between 0 and 1 (exclusive), found " + number_text(*p));
    config.p_value = *p;
  }
  return config;
}

}  // namespace amcore
