// cmaes: CMA-ES in the [0, 1]-normalised space (log parameters on a log scale), IPOP restarts,
// margin for integer / stepped / bool parameters and a frequency model for categorical ones.
//
// Generations: every ask samples from the current distribution and is tagged with the current
// generation; the distribution is updated once popsize results of that generation are told
// (failed trials do not count, pruned ones rank after complete ones). Asking more than popsize
// trials in flight is fine: the extra ones come from the same distribution, and results of a
// generation that has already been updated are not used. Inactive conditional parameters are
// NaN in the trial; their coordinates keep the values the distribution drew, which carry no
// selection signal, so the update neither favours nor shrinks them.
#include <Eigen/Dense>
#include <algorithm>
#include <ams/plugin.hpp>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <optional>
#include <vector>

#include "categorical_model.hpp"
#include "encoding.hpp"
#include "gaussian.hpp"
#include "rng.hpp"

namespace cmaes {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr double kTolFun = 1e-12;

// Complete trials by value, then pruned ones by the step they reached (later first) and value.
struct Rank {
  int32_t tier = 0;
  double first = 0, second = 0;
  bool operator<(const Rank& o) const {
    if (tier != o.tier) return tier < o.tier;
    if (first != o.first) return first < o.first;
    return second < o.second;
  }
};

std::optional<Rank> rank_of(const ams_trial_result& r) {
  if (r.state == AMS_TRIAL_COMPLETE) {
    if (std::isnan(r.value)) return std::nullopt;
    return Rank{0, r.value, 0};
  }
  if (r.state == AMS_TRIAL_PRUNED) {
    if (std::isnan(r.value)) return Rank{1, 1, 0};
    return Rank{1, -double(std::max<int64_t>(r.last_step, 0)), r.value};
  }
  if (r.state == AMS_TRIAL_FAILED) return std::nullopt;
  throw ams::Error("cmaes: told trial " + std::to_string(r.trial.number) +
                       " has an unknown state " + std::to_string(r.state),
                   AMS_ERR_INVALID);
}

double median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + long(v.size() / 2), v.end());
  return v[v.size() / 2];
}

}  // namespace

class CmaesStrategy : public ams::Strategy {
 public:
  static constexpr const char* name = "cmaes";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "CMA-ES with IPOP restarts, margin for integer parameters and a frequency model for "
      "categorical ones";

  explicit CmaesStrategy(ams::Context ctx) : ams::Strategy(ctx), rng_(ctx.seed()) {
    sigma0_ = ctx.get_double("sigma0", 1.0 / 6.0);
    if (!(sigma0_ > 0 && sigma0_ <= 1))
      ctx.option_error("sigma0",
                       "is the initial step size in coordinates normalised to [0, 1] "
                       "and must be in (0, 1]");
    popsize_ = ctx.get_int_in("popsize", 0, 0, 1000000);
    if (popsize_ == 1) ctx.option_error("popsize", "must be at least 2 (0 chooses 4 + 3 ln n)");
    ipop_ = ctx.get_choice("restart", "ipop", {"ipop", "none"}) == "ipop";
    inc_popsize_ = ctx.get_int_in("inc_popsize", 2, 1, 16);
    has_x0_ = ctx.has("x0");
  }

  void start(const ams_space& space) override {
    encoding_.emplace(space);
    const Encoding& e = *encoding_;
    n_ = int32_t(e.coordinates.size());
    Eigen::VectorXd mean = Eigen::VectorXd::Constant(n_, 0.5);
    lambda_ = popsize_ > 0 ? int32_t(popsize_)
                           : 4 + int32_t(std::floor(3 * std::log(double(std::max(n_, 1)))));
    models_.clear();
    for (size_t c = 0; c < e.categoricals.size(); ++c) models_.push_back(fresh_model(c));
    if (has_x0_) read_x0(mean);
    restart(mean, lambda_);
  }

  ams_status ask(int64_t number, double* values, double* /*budget*/) override {
    if (!encoding_) throw ams::Error("cmaes: ask called before start", AMS_ERROR);
    const Encoding& e = *encoding_;
    Pending p;
    p.generation = generation_id_;
    if (gaussian_) gaussian_->sample(rng_, p.x);
    p.choices.resize(models_.size());
    for (size_t c = 0; c < models_.size(); ++c) p.choices[c] = models_[c].sample(rng_);
    for (int32_t i = 0; i < e.n_params(); ++i) {
      if (!e.is_active(i, values)) {
        values[i] = kNaN;
        continue;
      }
      int32_t slot = e.slot[size_t(i)];
      values[i] = slot >= 0 ? e.coordinates[size_t(slot)].decode(p.x[slot])
                            : double(p.choices[size_t(-1 - slot)]);
    }
    for (size_t c = 0; c < models_.size(); ++c)
      if (std::isnan(values[e.categoricals[c].param])) p.choices[c] = -1;  // inactive
    pending_[number] = std::move(p);
    asked_any_ = true;
    return AMS_OK;
  }

  void tell(const ams_trial_result& result) override {
    if (!encoding_) throw ams::Error("cmaes: tell called before start", AMS_ERROR);
    const ams_trial& trial = result.trial;
    if (trial.n_params != encoding_->n_params() || !trial.values)
      throw ams::Error("cmaes: told trial " + std::to_string(trial.number) + " has " +
                           std::to_string(trial.n_params) + " values, the space has " +
                           std::to_string(encoding_->n_params()) + " parameters",
                       AMS_ERR_INVALID);
    const std::optional<Rank> rank = rank_of(result);
    auto it = pending_.find(trial.number);
    if (it == pending_.end()) {
      if (rank && !asked_any_) consider_start(trial, *rank);
      return;
    }
    Pending p = std::move(it->second);
    pending_.erase(it);
    if (!rank || p.generation != generation_id_) return;
    told_.push_back({*rank, std::move(p)});
    if (int32_t(told_.size()) >= lambda_) end_generation();
  }

 private:
  struct Pending {
    int64_t generation = 0;
    Eigen::VectorXd x;
    std::vector<int32_t> choices;  // -1 where inactive
  };
  struct Told {
    Rank rank;
    Pending trial;
  };

  // Uniform over the choices, with the margin of the current population size.
  CategoricalModel fresh_model(size_t c) const {
    return CategoricalModel(encoding_->categoricals[c].n_choices,
                            1.0 / (double(encoding_->n_params()) * lambda_));
  }

  void read_x0(Eigen::VectorXd& mean) {
    const Encoding& e = *encoding_;
    for (int32_t i = 0; i < e.n_params(); ++i) {
      const std::string path = "x0." + e.names[size_t(i)];
      int32_t slot = e.slot[size_t(i)];
      if (slot >= 0) {
        auto v = ctx_.find_double(path);
        if (!v) continue;
        const Coordinate& c = e.coordinates[size_t(slot)];
        if (!(*v >= c.ext_low && *v <= c.ext_high))
          ctx_.option_error(path, "must lie within the parameter's bounds [" +
                                      std::to_string(c.ext_low) + ", " +
                                      std::to_string(c.ext_high) + "]");
        mean[slot] = c.encode(*v);
      } else {
        auto v = ctx_.find_int(path);
        if (!v) continue;
        const Categorical& c = e.categoricals[size_t(-1 - slot)];
        if (*v < 0 || *v >= c.n_choices)
          ctx_.option_error(path,
                            "must be a choice index from 0 to " + std::to_string(c.n_choices - 1));
        models_[size_t(-1 - slot)].favour(int32_t(*v));
      }
    }
  }

  // A told trial from before the first ask (resume): the best one becomes the start mean.
  void consider_start(const ams_trial& trial, const Rank& rank) {
    if (best_start_ && !(rank < *best_start_)) return;
    best_start_ = rank;
    const Encoding& e = *encoding_;
    Eigen::VectorXd mean = start_mean_;
    for (int32_t i = 0; i < e.n_params(); ++i) {
      double v = trial.values[i];
      if (std::isnan(v)) continue;
      int32_t slot = e.slot[size_t(i)];
      if (slot >= 0) mean[slot] = e.coordinates[size_t(slot)].encode(v);
    }
    for (size_t c = 0; c < models_.size(); ++c) {
      models_[c] = fresh_model(c);
      double v = trial.values[e.categoricals[c].param];
      if (!std::isnan(v))
        models_[c].favour(
            int32_t(std::lround(std::clamp(v, 0.0, double(e.categoricals[c].n_choices - 1)))));
    }
    restart_from(mean);
  }

  void restart(const Eigen::VectorXd& mean, int32_t lambda) {
    lambda_ = lambda;
    start_mean_ = mean;
    restart_from(mean);
  }

  void restart_from(const Eigen::VectorXd& mean) {
    std::vector<const std::vector<double>*> thresholds;
    for (const auto& c : encoding_->coordinates) thresholds.push_back(&c.thresholds);
    if (n_ > 0) gaussian_.emplace(mean, sigma0_, lambda_, thresholds);
    ++generation_id_;
    told_.clear();
    best_history_.clear();
    generations_ = 0;
  }

  void end_generation() {
    std::stable_sort(told_.begin(), told_.end(),
                     [](const Told& a, const Told& b) { return a.rank < b.rank; });
    told_.resize(size_t(lambda_));
    const int32_t mu = lambda_ / 2;
    std::vector<double> weights;
    for (int32_t i = 0; i < mu; ++i)
      weights.push_back(std::log((lambda_ + 1) / 2.0) - std::log(i + 1.0));
    double sum = 0, sum_sq = 0;
    for (double w : weights) sum += w;
    for (double& w : weights) {
      w /= sum;
      sum_sq += w * w;
    }
    const double mu_eff = 1.0 / sum_sq;

    if (gaussian_) {
      std::vector<const Eigen::VectorXd*> ranked;
      for (const Told& t : told_) ranked.push_back(&t.trial.x);
      gaussian_->update(ranked);
    }
    for (size_t c = 0; c < models_.size(); ++c) {
      std::vector<int32_t> choices;
      std::vector<double> w;
      for (int32_t i = 0; i < mu; ++i) {
        int32_t choice = told_[size_t(i)].trial.choices[c];
        if (choice < 0) continue;
        choices.push_back(choice);
        w.push_back(weights[size_t(i)]);
      }
      models_[c].update(choices, w, mu_eff);
    }

    ++generations_;
    std::vector<double> values;
    for (const Told& t : told_) values.push_back(t.rank.tier == 0 ? t.rank.first : kNaN);
    const bool stuck = stagnated(values) || (gaussian_ && *gaussian_->degenerate() != '\0');
    told_.clear();
    ++generation_id_;
    if (stuck && ipop_) {
      // IPOP: a larger population from a random mean explores more globally.
      Eigen::VectorXd mean(n_);
      for (int32_t i = 0; i < n_; ++i) mean[i] = rng_.uniform();
      for (size_t c = 0; c < models_.size(); ++c)
        lambda_ = int32_t(std::min<int64_t>(int64_t(lambda_) * inc_popsize_, 1 << 20));
      for (size_t c = 0; c < models_.size(); ++c) models_[c] = fresh_model(c);
      restart(mean, lambda_);
    }
  }

  // Hansen's tolfun (flat values now and over recent generations) and tolstagnation (the
  // median of recent best values no better than of earlier ones).
  bool stagnated(const std::vector<double>& values) {
    double lo = std::numeric_limits<double>::infinity(), hi = -lo;
    for (double v : values)
      if (!std::isnan(v)) lo = std::min(lo, v), hi = std::max(hi, v);
    if (!(lo <= hi)) return false;  // nothing completed this generation
    best_history_.push_back(lo);
    const size_t recent = size_t(10 + std::ceil(30.0 * n_ / lambda_));
    if (best_history_.size() >= recent) {
      auto [mn, mx] = std::minmax_element(best_history_.end() - long(recent), best_history_.end());
      if (*mx - *mn < kTolFun && hi - lo < kTolFun) return true;
    }
    const size_t window = size_t(120 + 30.0 * n_ / lambda_);
    if (best_history_.size() >= window) {
      const size_t fifth = std::max<size_t>(1, window / 5);
      std::vector<double> early(best_history_.end() - long(window),
                                best_history_.end() - long(window - fifth));
      std::vector<double> late(best_history_.end() - long(fifth), best_history_.end());
      if (median(late) >= median(early)) return true;
    }
    return false;
  }

  Rng rng_;
  double sigma0_ = 1.0 / 6.0;
  int64_t popsize_ = 0, inc_popsize_ = 2;
  bool ipop_ = true, has_x0_ = false;

  std::optional<Encoding> encoding_;
  int32_t n_ = 0, lambda_ = 0;
  std::optional<Gaussian> gaussian_;
  std::vector<CategoricalModel> models_;
  Eigen::VectorXd start_mean_;
  std::optional<Rank> best_start_;
  bool asked_any_ = false;

  int64_t generation_id_ = 0, generations_ = 0;
  std::map<int64_t, Pending> pending_;
  std::vector<Told> told_;
  std::deque<double> best_history_;
};

}  // namespace cmaes

AMS_PLUGIN("org.amsearch.cmaes", "1.0.0", "amsearch", ams::strategy<cmaes::CmaesStrategy>())
