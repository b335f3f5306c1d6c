// The `genetic` strategy: a generational genetic algorithm with elitism over mixed, conditional
// spaces (see population.hpp for how generations turn over asynchronously, operators.hpp for
// crossover and mutation per parameter type).
//
// Options: population (20), tournament (3), elite (1), crossover_rate (0.9), mutation_rate
// (per parameter; default 1 / number of parameters), sbx_eta (15), mutation_eta (20),
// max_trials (answer AMS_EXHAUSTED once that many trials were asked or told).
#include <ams/plugin.hpp>

#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <set>
#include <string>

#include "operators.hpp"
#include "population.hpp"
#include "rng.hpp"
#include "space_codec.hpp"

namespace ams_genetic {

class GeneticStrategy : public ams::Strategy {
 public:
  static constexpr const char* name = "genetic";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Genetic algorithm: tournament selection, SBX/uniform crossover, polynomial mutation, "
      "elitism; mixed and conditional spaces";

  explicit GeneticStrategy(ams::Context ctx)
      : ams::Strategy(ctx),
        seed_(ctx.seed()),
        population_(population_of(ctx)) {
    settings_.crossover_rate = ctx.get_double_in("crossover_rate", 0.9, 0, 1);
    settings_.mutation_rate = ctx.get_double_in("mutation_rate", 0, 0, 1);
    if (ctx.has("mutation_rate") && settings_.mutation_rate <= 0)
      ctx.option_error("mutation_rate", "must be > 0 (leave it out for 1 / number of parameters)");
    settings_.sbx_eta = ctx.get_double_in("sbx_eta", 15, 0, 1000);
    settings_.mutation_eta = ctx.get_double_in("mutation_eta", 20, 0, 1000);
    if (ctx.has("max_trials"))
      max_trials_ = ctx.get_int_in("max_trials", 0, 1, std::numeric_limits<int64_t>::max());
  }

  void start(const ams_space& space) override {
    space_ = &space;
    for (int32_t i = 0; i < space.n_params; ++i) check_param(*space.params[i], i);
  }

  ams_status ask(int64_t number, double* values, double* /*budget*/) override {
    if (max_trials_ && !seen_.count(number) && static_cast<int64_t>(seen_.size()) >= *max_trials_)
      return AMS_EXHAUSTED;
    seen_.insert(number);
    Rng rng(mix_seed(seed_, static_cast<uint64_t>(number)));
    std::vector<double> trial;
    // A few tries at a trial not proposed before: duplicates waste evaluations, but a small
    // discrete space may leave nothing new, and then a repeat is still a valid answer.
    for (int attempt = 0; attempt < 16; ++attempt) {
      trial = population_.ready() ? breed(rng) : random_trial(*space_, rng);
      if (proposed_.insert(key(trial)).second) break;
    }
    std::copy(trial.begin(), trial.end(), values);
    return AMS_OK;
  }

  void tell(const ams_trial_result& r) override {
    if (r.trial.n_params != space_->n_params || !r.trial.values)
      throw ams::Error("told a trial with " + std::to_string(r.trial.n_params) +
                           " values, but the space has " + std::to_string(space_->n_params) +
                           " parameters",
                       AMS_ERR_INVALID);
    seen_.insert(r.trial.number);
    if (r.state == AMS_TRIAL_FAILED || !std::isfinite(r.value)) return;
    if (r.state != AMS_TRIAL_COMPLETE && r.state != AMS_TRIAL_PRUNED) return;
    Member m;
    m.values.assign(static_cast<size_t>(space_->n_params), std::numeric_limits<double>::quiet_NaN());
    for (int32_t i = 0; i < space_->n_params; ++i) {
      const ams_param& p = *space_->params[i];
      // Told trials may come from another run: made valid so children inherit valid genes.
      m.values[static_cast<size_t>(i)] =
          is_active(p, m.values.data()) ? sanitise(p, r.trial.values[i])
                                        : std::numeric_limits<double>::quiet_NaN();
      if (std::isnan(m.values[static_cast<size_t>(i)]) && is_active(p, m.values.data()))
        return;  // an active parameter without a value: not a usable genome
    }
    m.loss = r.value;
    m.pruned = r.state == AMS_TRIAL_PRUNED;
    m.number = r.trial.number;
    proposed_.insert(key(m.values));
    population_.add(std::move(m));
  }

 private:
  static Population population_of(const ams::Context& ctx) {
    const int64_t size = ctx.get_int_in("population", 20, 2, 100000);
    const int64_t elite = ctx.get_int_in("elite", 1, 0, size - 1);
    const int64_t tournament = ctx.get_int_in("tournament", 3, 1, size);
    return Population(size, elite, tournament);
  }

  std::vector<double> breed(Rng& rng) {
    const Member& mother = population_.select(rng);
    const Member& father = population_.select(rng);
    return make_child(*space_, settings_, mother.values, father.values, rng);
  }

  static std::string key(const std::vector<double>& v) {
    std::string k;
    for (double x : v) {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.17g,", x);
      k += buf;
    }
    return k;
  }

  const uint64_t seed_;
  Population population_;
  OperatorSettings settings_;
  std::optional<int64_t> max_trials_;
  const ams_space* space_ = nullptr;
  std::set<int64_t> seen_;
  std::set<std::string> proposed_;
};

}  // namespace ams_genetic

AMS_PLUGIN("org.amsearch.strategies.genetic", "1.0.0", "amsearch",
           ams::strategy<ams_genetic::GeneticStrategy>())
