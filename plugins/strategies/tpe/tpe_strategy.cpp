// tpe: the tree-structured Parzen estimator, following Optuna's TPESampler (defaults included:
// gamma(n) = min(ceil(0.1 n), 25), the ramp weights of older trials, prior weight 1, magic clip,
// 24 candidates drawn from l(x) and ranked by log l(x) - log g(x), 10 random startup trials).
//
// The history lives in flat per-parameter columns with the ranking and per-parameter value
// orders kept sorted on insertion, and every buffer is reused, so an ask costs O(n) per
// parameter plus the density evaluation of the candidates, not Optuna's rebuild of everything.
#include <algorithm>
#include <ams/plugin.hpp>
#include <cmath>
#include <limits>
#include <optional>
#include <utility>
#include <vector>

#include "history.hpp"
#include "parzen.hpp"
#include "rng.hpp"
#include "space.hpp"

namespace tpe {
namespace {
constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();
constexpr int32_t kMaxBelow = 25;
}  // namespace

class TpeStrategy : public ams::Strategy {
 public:
  static constexpr const char* name = "tpe";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Tree-structured Parzen estimator (Optuna's TPE): univariate or multivariate, grouped "
      "conditional spaces, constant liar for parallel trials";

  explicit TpeStrategy(ams::Context ctx) : ams::Strategy(ctx), rng_(ctx.seed()) {
    startup_trials_ = int32_t(ctx.get_int_in("startup_trials", 10, 0, 1000000));
    candidates_ = int32_t(ctx.get_int_in("candidates", 24, 1, 100000));
    gamma_ = ctx.get_double_in("gamma", 0.1, 1e-9, 1.0);
    estimator_.prior_weight = ctx.get_double_in("prior_weight", 1.0, 1e-12, 1e12);
    estimator_.consider_endpoints = ctx.get_bool("consider_endpoints", false);
    estimator_.normalized_kernels = ctx.get_bool("normalized_kernels", false);
    multivariate_ = ctx.get_bool("multivariate", false);
    group_ = ctx.get_bool("group", false);
    constant_liar_ = ctx.get_bool("constant_liar", true);
    if (group_ && !multivariate_)
      ctx.option_error("group",
                       "group = true samples groups jointly and needs multivariate = true");
  }

  void start(const ams_space& space) override {
    history_.reset();
    space_.emplace(space);
    history_.emplace(*space_);
    pending_.clear();
  }

  ams_status ask(int64_t number, double* values, double* /*budget*/) override {
    if (!space_) throw ams::Error("tpe: ask called before start", AMS_ERROR);
    const int32_t n_dims = space_->size();
    internal_.assign(size_t(n_dims), kNaN);
    const bool startup = history_->size() < startup_trials_;
    if (!startup) split();
    for (int32_t i = 0; i < n_dims; ++i) {
      const Dim& dim = space_->dims[size_t(i)];
      if (!space_->is_active(i, values)) {
        values[i] = kNaN;
        continue;
      }
      if (std::isnan(internal_[size_t(i)])) {
        if (dim.fixed())
          internal_[size_t(i)] = dim.low;
        else if (startup)
          internal_[size_t(i)] = sample_random(dim);
        else if (multivariate_ && (group_ || dim.parent < 0))
          sample_joint(space_->group_members[size_t(dim.group)]);
        else
          sample_univariate(i);
      }
      values[i] = dim.to_external(internal_[size_t(i)]);
    }
    // Values of inactive parameters may have been drawn with their group; they are not part of
    // the trial.
    for (int32_t i = 0; i < n_dims; ++i)
      if (std::isnan(values[i])) internal_[size_t(i)] = kNaN;
    if (constant_liar_) pending_.push_back({number, internal_});
    return AMS_OK;
  }

  void tell(const ams_trial_result& result) override {
    if (!space_) throw ams::Error("tpe: tell called before start", AMS_ERROR);
    const ams_trial& trial = result.trial;
    if (trial.n_params != space_->size() || !trial.values)
      throw ams::Error("tpe: told trial " + std::to_string(trial.number) + " has " +
                           std::to_string(trial.n_params) + " values, the space has " +
                           std::to_string(space_->size()) + " parameters",
                       AMS_ERR_INVALID);
    std::erase_if(pending_, [&](const Pending& p) { return p.number == trial.number; });
    Rank rank;
    switch (result.state) {
      case AMS_TRIAL_FAILED:
        return;
      case AMS_TRIAL_COMPLETE:
        if (std::isnan(result.value)) return;  // no value to learn from: like a failure
        rank = {0, result.value, 0};
        break;
      case AMS_TRIAL_PRUNED:
        if (std::isnan(result.value))
          rank = {1, 1, 0};  // stopped before reporting anything: after every other trial
        else
          rank = {1, -double(std::max<int64_t>(result.last_step, 0)), result.value};
        break;
      default:
        throw ams::Error("tpe: told trial " + std::to_string(trial.number) +
                             " has an unknown state " + std::to_string(result.state),
                         AMS_ERR_INVALID);
    }
    row_.resize(size_t(space_->size()));
    for (int32_t d = 0; d < space_->size(); ++d)
      row_[size_t(d)] = space_->dims[size_t(d)].to_internal(trial.values[d]);
    history_->add(row_.data(), rank);
  }

 private:
  struct Pending {
    int64_t number;
    std::vector<double> internal;
  };

  // Marks the best gamma(n) trials ("below"); the rest and the pending trials are "above".
  void split() {
    const int32_t n = history_->size();
    int32_t n_below = int32_t(std::ceil(gamma_ * double(n)));
    n_below = std::clamp(n_below, 0, std::min(kMaxBelow, n));
    below_flag_.assign(size_t(n), 0);
    const auto& ranking = history_->ranking();
    below_.assign(ranking.begin(), ranking.begin() + n_below);
    std::sort(below_.begin(), below_.end());
    for (int32_t t : below_) below_flag_[size_t(t)] = 1;
  }

  // Optuna's default_weights: equal for the newest 25, a linear ramp from 1/count for older.
  static double weight(int32_t rank, int32_t count) {
    const int32_t ramp = count - kMaxBelow;
    if (rank >= ramp) return 1.0;
    const double lo = 1.0 / count;
    return ramp == 1 ? lo : lo + (1.0 - lo) * double(rank) / double(ramp - 1);
  }

  double sample_random(const Dim& dim) {
    if (dim.categorical) return double(rng_.below(dim.n_choices));
    if (dim.step > 0) {
      int64_t cells = int64_t(std::llround((dim.high - dim.low) / dim.step)) + 1;
      return dim.low + double(rng_.below(cells)) * dim.step;
    }
    return dim.snap(dim.low + rng_.uniform() * (dim.high - dim.low));
  }

  void sample_univariate(int32_t d) {
    const Dim& dim = space_->dims[size_t(d)];
    const auto& column = history_->column(d);
    const int32_t n = history_->size();

    below_obs_.clear();
    for (int32_t t : below_)
      if (!std::isnan(column[size_t(t)])) below_obs_.push_back(column[size_t(t)]);
    if (!dim.categorical) std::sort(below_obs_.begin(), below_obs_.end());
    ones_.assign(below_obs_.size(), 1.0);  // at most 25: equal weights

    // Above: ranks in tell order (older trials weigh less), pending trials newest.
    rank_of_.resize(size_t(n));
    int32_t count = 0;
    for (int32_t t = 0; t < n; ++t)
      if (!below_flag_[size_t(t)] && !std::isnan(column[size_t(t)])) rank_of_[size_t(t)] = count++;
    pending_obs_.clear();
    for (const Pending& p : pending_)
      if (!std::isnan(p.internal[size_t(d)]))
        pending_obs_.push_back({p.internal[size_t(d)], count++});
    above_obs_.clear();
    above_w_.clear();
    if (dim.categorical) {
      for (int32_t t = 0; t < n; ++t)
        if (!below_flag_[size_t(t)] && !std::isnan(column[size_t(t)])) {
          above_obs_.push_back(column[size_t(t)]);
          above_w_.push_back(weight(rank_of_[size_t(t)], count));
        }
      for (const auto& [v, r] : pending_obs_) {
        above_obs_.push_back(v);
        above_w_.push_back(weight(r, count));
      }
    } else {
      // Merge the value-sorted history with the (few) pending values: sorted without sorting.
      std::sort(pending_obs_.begin(), pending_obs_.end());
      size_t p = 0;
      for (int32_t t : history_->sorted(d)) {
        if (below_flag_[size_t(t)]) continue;
        const double v = column[size_t(t)];
        for (; p < pending_obs_.size() && pending_obs_[p].first < v; ++p) {
          above_obs_.push_back(pending_obs_[p].first);
          above_w_.push_back(weight(pending_obs_[p].second, count));
        }
        above_obs_.push_back(v);
        above_w_.push_back(weight(rank_of_[size_t(t)], count));
      }
      for (; p < pending_obs_.size(); ++p) {
        above_obs_.push_back(pending_obs_[p].first);
        above_w_.push_back(weight(pending_obs_[p].second, count));
      }
    }
    EstimatorOptions options = estimator_;
    options.multivariate = false;
    below_mix_.build(*space_, &d, 1, below_obs_.data(), ones_.data(), int32_t(below_obs_.size()),
                     options);
    above_mix_.build(*space_, &d, 1, above_obs_.data(), above_w_.data(), int32_t(above_obs_.size()),
                     options);
    internal_[size_t(d)] = best_candidate(1)[0];
  }

  void sample_joint(const std::vector<int32_t>& members) {
    const int32_t k = int32_t(members.size());
    const int32_t n = history_->size();
    auto complete = [&](int32_t t) {
      for (int32_t d : members)
        if (std::isnan(history_->column(d)[size_t(t)])) return false;
      return true;
    };
    auto push_row = [&](std::vector<double>& rows, int32_t t) {
      for (int32_t d : members) rows.push_back(history_->column(d)[size_t(t)]);
    };
    below_obs_.clear();
    for (int32_t t : below_)
      if (complete(t)) push_row(below_obs_, t);
    const int32_t n_below = int32_t(below_obs_.size()) / k;
    ones_.assign(size_t(n_below), 1.0);

    above_obs_.clear();
    for (int32_t t = 0; t < n; ++t)
      if (!below_flag_[size_t(t)] && complete(t)) push_row(above_obs_, t);
    for (const Pending& p : pending_) {
      bool all = true;
      for (int32_t d : members) all &= !std::isnan(p.internal[size_t(d)]);
      if (all)
        for (int32_t d : members) above_obs_.push_back(p.internal[size_t(d)]);
    }
    const int32_t n_above = int32_t(above_obs_.size()) / k;
    above_w_.resize(size_t(n_above));
    for (int32_t r = 0; r < n_above; ++r) above_w_[size_t(r)] = weight(r, n_above);

    EstimatorOptions options = estimator_;
    options.multivariate = true;
    below_mix_.build(*space_, members.data(), k, below_obs_.data(), ones_.data(), n_below, options);
    above_mix_.build(*space_, members.data(), k, above_obs_.data(), above_w_.data(), n_above,
                     options);
    const double* best = best_candidate(k);
    for (int32_t i = 0; i < k; ++i) internal_[size_t(members[size_t(i)])] = best[i];
  }

  // Draws the candidates from l(x) and returns the one maximising log l(x) - log g(x).
  const double* best_candidate(int32_t k) {
    candidates_buf_.resize(size_t(candidates_) * size_t(k));
    log_below_.resize(size_t(candidates_));
    log_above_.resize(size_t(candidates_));
    below_mix_.sample(rng_, candidates_, candidates_buf_.data());
    below_mix_.log_pdf(candidates_buf_.data(), candidates_, log_below_.data());
    above_mix_.log_pdf(candidates_buf_.data(), candidates_, log_above_.data());
    int32_t best = 0;
    double best_score = -std::numeric_limits<double>::infinity();
    for (int32_t c = 0; c < candidates_; ++c) {
      double score = log_below_[size_t(c)] - log_above_[size_t(c)];
      if (score > best_score) {
        best_score = score;
        best = c;
      }
    }
    return candidates_buf_.data() + size_t(best) * size_t(k);
  }

  Rng rng_;
  int32_t startup_trials_ = 10, candidates_ = 24;
  double gamma_ = 0.1;
  bool multivariate_ = false, group_ = false, constant_liar_ = true;
  EstimatorOptions estimator_;

  std::optional<Space> space_;
  std::optional<History> history_;
  std::vector<Pending> pending_;

  // Reused between asks.
  std::vector<double> internal_, row_;
  std::vector<uint8_t> below_flag_;
  std::vector<int32_t> below_, rank_of_;
  std::vector<std::pair<double, int32_t>> pending_obs_;
  std::vector<double> below_obs_, above_obs_, above_w_, ones_;
  std::vector<double> candidates_buf_, log_below_, log_above_;
  Mixture below_mix_, above_mix_;
};

}  // namespace tpe

AMS_PLUGIN("org.amsearch.tpe", "1.0.0", "amsearch", ams::strategy<tpe::TpeStrategy>())
