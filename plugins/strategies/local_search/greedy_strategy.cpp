// greedy: local search around the incumbent. A design of `initial_points` random points (told
// trials count toward it, so a resumed or warm-started study goes straight to local search
// from its best trial) is followed by moves from the incumbent: with probability
// `coordinate_prob` one parameter moves, otherwise every active numeric parameter takes a
// Gaussian step and each choice parameter may flip. The step follows the one-fifth success
// rule (grow on an improvement, shrink on a failure, so about one move in five improves at
// equilibrium). When the step falls below `min_step` or `patience` moves in a row fail to
// improve, the search restarts from a fresh random point; the best trial overall is kept by
// the host, the restart only moves where the search looks.
//
// Trials in flight: every ask moves from the current incumbent; results of an earlier run
// (before a restart) only count if they beat the new run's incumbent.
#include <ams/plugin.hpp>

#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "finite_grid.hpp"
#include "moves.hpp"
#include "rng.hpp"
#include "trial_ledger.hpp"
#include "components.hpp"
#include "unit_space.hpp"

namespace ams_local {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr const char* kWho = "greedy";
// One-fifth rule: a success multiplies the step by kGrow, a failure by kGrow^(-1/4).
constexpr double kGrow = 1.5;
constexpr double kMaxStep = 0.5;
// Attempts to find a move that does not repeat an asked trial before accepting a repeat.
constexpr int kFreshAttempts = 16;

}  // namespace

class GreedyStrategy : public ams::Strategy {
 public:
  static constexpr const char* name = "greedy";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Local search: coordinate and Gaussian hill-climbing moves around the incumbent with an "
      "adaptive step and random restarts";

  explicit GreedyStrategy(ams::Context ctx) : ams::Strategy(ctx), rng_(ctx.seed()), ledger_(ctx) {
    initial_points_ = ctx.get_int_in("initial_points", 10, 1, 1000000);
    initial_step_ = ctx.get_double("initial_step", 0.2);
    if (!(initial_step_ > 0 && initial_step_ <= kMaxStep))
      ctx.option_error("initial_step",
                       "is the first step in coordinates normalised to [0, 1] and must be in "
                       "(0, 0.5]");
    min_step_ = ctx.get_double("min_step", 1e-3);
    if (!(min_step_ > 0 && min_step_ < initial_step_))
      ctx.option_error("min_step", "must be > 0 and below initial_step (a restart happens "
                                   "when the step falls below it)");
    patience_ = ctx.get_int_in("patience", 30, 1, 1000000);
    coordinate_prob_ = ctx.get_double_in("coordinate_prob", 0.3, 0.0, 1.0);
    step_ = initial_step_;
  }

  void start(const ams_space& space) override {
    space_.emplace(space, kWho);
    grid_.emplace(*space_);
    design_left_ = initial_points_;
  }

  ams_status ask(int64_t number, double* values, double* /*budget*/) override {
    if (!space_) throw ams::Error("greedy: ask called before start", AMS_ERROR);
    if (ledger_.exhausted(number) || grid_->exhausted()) return AMS_EXHAUSTED;
    ledger_.note(number);
    Point point;
    const bool local = design_left_ == 0 && center_;
    if (local) {
      point = propose();
    } else {
      if (design_left_ > 0) --design_left_;
      point = space_->random_point(rng_);
    }
    // In a finite space a repeat is replaced by a trial not asked yet.
    if (grid_->seen(space_->key(point))) point = grid_->unseen(rng_).value_or(point);
    remember(point);
    pending_[number] = {point, run_, local};
    space_->decode(point, values);
    return AMS_OK;
  }

  void tell(const ams_trial_result& result) override {
    if (!space_) throw ams::Error("greedy: tell called before start", AMS_ERROR);
    const int64_t number = result.trial.number;
    const double loss = loss_of(result, kWho);
    ledger_.note(number);
    auto it = pending_.find(number);
    if (it == pending_.end()) {
      // Not asked by this object: a resumed or warm-start trial, a candidate incumbent.
      Point fill = center_ ? *center_ : Point(size_t(space_->size()), 0.5);
      Point point = told_point(*space_, result, fill, kWho);
      remember(point);
      if (design_left_ > 0) --design_left_;
      if (loss < center_loss_) set_center(point, loss);
      return;
    }
    Pending trial = std::move(it->second);
    pending_.erase(it);
    const bool local_move = trial.run == run_ && trial.from_center;
    if (loss < center_loss_) {
      set_center(trial.point, loss);
      if (local_move) step_ = std::min(step_ * kGrow, kMaxStep);
      failures_ = 0;
    } else if (local_move) {
      step_ *= std::pow(kGrow, -0.25);
      ++failures_;
    }
    if (center_ && design_left_ == 0 && (step_ < min_step_ || failures_ >= patience_)) restart();
  }

 private:
  struct Pending {
    Point point;
    int64_t run = 0;
    bool from_center = false;
  };

  Point propose() {
    Point best;
    for (int attempt = 0; attempt < kFreshAttempts; ++attempt) {
      best = rng_.uniform() < coordinate_prob_ ? coordinate_move(*space_, rng_, *center_, step_)
                                                : gaussian_move(*space_, rng_, *center_, step_,
                                                                flip_probability());
      if (!asked_.count(space_->key(best))) break;
    }
    return best;
  }

  // About one choice parameter flips per Gaussian move.
  double flip_probability() const {
    std::vector<bool> on = space_->active(*center_);
    int32_t n = 0;
    for (int32_t i = 0; i < space_->size(); ++i) n += on[size_t(i)] ? 1 : 0;
    return n > 0 ? std::min(0.5, 1.0 / double(n)) : 0.5;
  }

  void remember(const Point& point) {
    std::string key = space_->key(point);
    grid_->note(key);
    asked_.insert(std::move(key));
  }

  void set_center(const Point& point, double loss) {
    center_ = point;
    center_loss_ = loss;
  }

  void restart() {
    ++run_;
    center_.reset();
    center_loss_ = kInf;
    step_ = initial_step_;
    failures_ = 0;
    ctx_.log(AMS_LOG_DEBUG, "greedy: restart " + std::to_string(run_) + " from a random point");
  }

  int64_t initial_points_ = 10;
  double initial_step_ = 0.2;
  double min_step_ = 1e-3;
  int64_t patience_ = 30;
  double coordinate_prob_ = 0.3;

  std::optional<UnitSpace> space_;
  std::optional<FiniteGrid> grid_;
  Rng rng_;
  TrialLedger ledger_;
  std::map<int64_t, Pending> pending_;
  std::set<std::string> asked_;
  int64_t design_left_ = 0;
  int64_t run_ = 0;
  std::optional<Point> center_;
  double center_loss_ = kInf;
  double step_ = 0.2;
  int64_t failures_ = 0;
};

const ams_component* greedy_component() { return ams::strategy<GreedyStrategy>(); }

}  // namespace ams_local
