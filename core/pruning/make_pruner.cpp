#include <stdexcept>

#include "pruning/percentile_pruner.hpp"
#include "pruning/pruner.hpp"
#include "pruning/wilcoxon_pruner.hpp"

namespace amcore {

std::unique_ptr<Pruner> make_pruner(const PrunerConfig& config) {
  if (config.rule == "none") return nullptr;
  if (config.rule == "median" || config.rule == "percentile") {
    PercentileRule rule;
    rule.percentile = config.rule == "median" ? 50.0 : config.percentile;
    rule.startup_trials = config.startup_trials;
    rule.warmup_steps = config.warmup_steps;
    rule.epochs = config.epochs;
    rule.warmup_epochs = config.warmup_epochs;
    return std::make_unique<PercentilePruner>(rule);
  }
  if (config.rule == "wilcoxon") {
    WilcoxonRule rule;
    rule.p_value = config.p_value;
    rule.startup_trials = config.startup_trials;
    rule.min_steps = config.min_steps;
    return std::make_unique<WilcoxonPruner>(rule);
  }
  // The config reader accepts only the rules above.
  throw std::logic_error("make_pruner: unknown rule \"" + config.rule + "\"");
}

}  // namespace amcore
