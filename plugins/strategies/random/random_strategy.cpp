// The `random` strategy: independent samples from the search space.
//
// Options: sampler = "uniform" (pseudo-random, default) or "sobol" (scrambled Sobol points:
// better coverage for the same number of trials; dimensions past the 32nd fall back to
// uniform); max_trials (answer AMS_EXHAUSTED once that many trials were asked or told).
// Trial `number` picks the point, so a run is reproducible from the seed whatever order the
// host asks in, and a resumed run continues the same sequence.
#include <ams/plugin.hpp>

#include <cmath>
#include <limits>
#include <optional>
#include <random>
#include <set>

#include "param_mapping.hpp"
#include "scrambled_sobol.hpp"

namespace ams_random {

namespace {

uint64_t finalize(uint64_t z) {  // SplitMix64's output function: a bijective avalanche
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

// The generator seed of one trial. Seed and trial number are each scrambled before they meet, so
// no (seed + 1, n) lands on the stream of (seed, n + k): seeds give independent sequences.
uint64_t mix(uint64_t seed, uint64_t number) {
  return finalize(finalize(seed ^ 0x9e3779b97f4a7c15ull) ^ finalize(number + 0x632be59bd9b4e019ull));
}

double unit(std::mt19937_64& rng) { return static_cast<double>(rng() >> 11) * 0x1p-53; }

}  // namespace

class RandomStrategy : public ams::Strategy {
 public:
  static constexpr const char* name = "random";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Random search: uniform or scrambled-Sobol samples, log-, step- and condition-aware";

  explicit RandomStrategy(ams::Context ctx) : ams::Strategy(ctx), seed_(ctx.seed()) {
    sobol_ = ctx.get_choice("sampler", "uniform", {"uniform", "sobol"}) == "sobol";
    if (ctx.has("max_trials"))
      max_trials_ = ctx.get_int_in("max_trials", 0, 1, std::numeric_limits<int64_t>::max());
  }

  void start(const ams_space& space) override {
    space_ = &space;
    for (int32_t i = 0; i < space.n_params; ++i) check_param(*space.params[i], i);
    if (sobol_) {
      int dims = std::min(space.n_params, ScrambledSobol::max_dimensions);
      sequence_.emplace(dims, seed_);
      if (space.n_params > ScrambledSobol::max_dimensions)
        ctx_.log(AMS_LOG_WARNING,
                 "sampler = \"sobol\" covers the first " +
                     std::to_string(ScrambledSobol::max_dimensions) + " of " +
                     std::to_string(space.n_params) + " parameters; the rest are sampled uniformly");
    }
  }

  ams_status ask(int64_t number, double* values, double* /*budget*/) override {
    if (max_trials_ && !seen_.count(number) && static_cast<int64_t>(seen_.size()) >= *max_trials_)
      return AMS_EXHAUSTED;
    seen_.insert(number);
    std::mt19937_64 rng(mix(seed_, static_cast<uint64_t>(number)));
    for (int32_t i = 0; i < space_->n_params; ++i) {
      const ams_param& p = *space_->params[i];
      // Every parameter draws its u even when inactive, so the others do not shift with it.
      double u = sequence_ && i < sequence_->dimensions()
                     ? sequence_->coordinate(static_cast<uint64_t>(number), i)
                     : unit(rng);
      values[i] = is_active(p, values) ? map_unit(p, u) : std::numeric_limits<double>::quiet_NaN();
    }
    return AMS_OK;
  }

  // Random search learns nothing from results; told trials only count toward max_trials.
  void tell(const ams_trial_result& result) override { seen_.insert(result.trial.number); }

 private:
  const uint64_t seed_;
  bool sobol_ = false;
  std::optional<int64_t> max_trials_;
  const ams_space* space_ = nullptr;
  std::optional<ScrambledSobol> sequence_;
  std::set<int64_t> seen_;
};

}  // namespace ams_random

AMS_PLUGIN("org.amsearch.strategies.random", "1.0.0", "amsearch",
           ams::strategy<ams_random::RandomStrategy>())
