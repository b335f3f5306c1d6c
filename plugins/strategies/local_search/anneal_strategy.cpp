// anneal: simulated annealing in the normalised space. After a design of `initial_points`
// random points (told trials count toward it) the search walks from the best of them: each
// trial is a neighbour of the current point (a Gaussian step of scale
// initial_step * sqrt(T / t0) on every active numeric parameter, never below min_step, and
// flips of choice parameters, likelier when hot), accepted by the Metropolis rule at
// temperature T, which cools by `cooling` after every finished move. t0, when not given, is
// the standard deviation of the design's losses. After `patience` rejected moves in a row, or
// once T is below a thousandth of t0, the walk reheats to reheat * t0 at the best point found;
// if the previous reheat found nothing better, it restarts from a fresh random point at t0.
//
// Trials in flight: every ask proposes a neighbour of the current point; each result is judged
// against the current point when it is told. Told trials this object never asked are taken
// as the current point when they beat it (warm start, resume).
#include <ams/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "finite_grid.hpp"
#include "moves.hpp"
#include "rng.hpp"
#include "schedule.hpp"
#include "trial_ledger.hpp"
#include "components.hpp"
#include "unit_space.hpp"

namespace ams_local {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr const char* kWho = "anneal";
constexpr double kFrozen = 1e-3;  // T / t0 below which the walk reheats
constexpr int kFreshAttempts = 16;

}  // namespace

class AnnealStrategy : public ams::Strategy {
 public:
  static constexpr const char* name = "anneal";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Simulated annealing: temperature-scaled neighbour moves, Metropolis acceptance, "
      "exponential cooling, reheats and restarts";

  explicit AnnealStrategy(ams::Context ctx) : ams::Strategy(ctx), rng_(ctx.seed()), ledger_(ctx) {
    initial_points_ = ctx.get_int_in("initial_points", 10, 1, 1000000);
    if (ctx.has("t0")) {
      t0_ = ctx.get_double("t0", 1.0);
      if (!(*t0_ > 0 && std::isfinite(*t0_)))
        ctx.option_error("t0", "is the first temperature, in units of the loss, and must be > 0 "
                               "(leave it out to set it from the spread of the first losses)");
    }
    cooling_ = ctx.get_double("cooling", 0.92);
    if (!(cooling_ > 0 && cooling_ < 1))
      ctx.option_error("cooling", "multiplies the temperature after every move and must be in "
                                  "(0, 1)");
    initial_step_ = ctx.get_double("initial_step", 0.15);
    if (!(initial_step_ > 0 && initial_step_ <= 0.5))
      ctx.option_error("initial_step", "is the step at t0 in coordinates normalised to [0, 1] "
                                       "and must be in (0, 0.5]");
    min_step_ = ctx.get_double("min_step", 0.01);
    if (!(min_step_ > 0 && min_step_ <= initial_step_))
      ctx.option_error("min_step", "must be > 0 and at most initial_step");
    patience_ = ctx.get_int_in("patience", 25, 1, 1000000);
    reheat_ = ctx.get_double("reheat", 0.3);
    if (!(reheat_ > 0 && reheat_ <= 1))
      ctx.option_error("reheat", "is the fraction of t0 a reheat returns to, in (0, 1]");
  }

  void start(const ams_space& space) override {
    space_.emplace(space, kWho);
    grid_.emplace(*space_);
    design_left_ = initial_points_;
  }

  ams_status ask(int64_t number, double* values, double* /*budget*/) override {
    if (!space_) throw ams::Error("anneal: ask called before start", AMS_ERROR);
    if (ledger_.exhausted(number) || grid_->exhausted()) return AMS_EXHAUSTED;
    ledger_.note(number);
    if (!current_ && design_left_ == 0 && best_) begin_walk();
    Pending trial;
    trial.walk = walk_;
    if (!current_) {
      if (design_left_ > 0) --design_left_;
      trial.point = space_->random_point(rng_);
    } else {
      trial.move = true;
      trial.point = neighbour();
    }
    // In a finite space a repeat is replaced by a trial not asked yet.
    if (grid_->seen(space_->key(trial.point)))
      trial.point = grid_->unseen(rng_).value_or(trial.point);
    remember(trial.point);
    space_->decode(trial.point, values);
    pending_.insert_or_assign(number, std::move(trial));
    return AMS_OK;
  }

  void tell(const ams_trial_result& result) override {
    if (!space_) throw ams::Error("anneal: tell called before start", AMS_ERROR);
    const double loss = loss_of(result, kWho);
    ledger_.note(result.trial.number);
    ++told_;
    auto it = pending_.find(result.trial.number);
    if (it == pending_.end()) {
      Point fill = current_ ? *current_ : Point(size_t(space_->size()), 0.5);
      Point point = told_point(*space_, result, fill, kWho);
      remember(point);
      if (design_left_ > 0) --design_left_;
      design_losses_.push_back(loss);
      note_best(point, loss);
      if (current_ && loss < current_loss_) accept(point, loss);
      return;
    }
    Pending trial = std::move(it->second);
    pending_.erase(it);
    if (!trial.move) design_losses_.push_back(loss);
    note_best(trial.point, loss);
    if (!current_) return;
    if (!trial.move || trial.walk != walk_) {
      // A design point or a stale proposal: taken only when better, and not a move.
      if (loss < current_loss_) accept(trial.point, loss);
      return;
    }
    if (metropolis(current_loss_, loss, temperature_, rng_.uniform())) {
      accept(trial.point, loss);
      rejected_ = 0;
    } else {
      ++rejected_;
    }
    temperature_ *= cooling_;
    if (rejected_ >= patience_ || temperature_ < kFrozen * t0_value_) reheat();
  }

 private:
  struct Pending {
    Point point;
    int64_t walk = 0;
    bool move = false;
  };

  void begin_walk() {
    t0_value_ = t0_ ? *t0_ : automatic_t0(design_losses_);
    // A resumed study continues the schedule: the trials told beyond the design count as
    // moves already made (not colder than ten times the reheat threshold).
    double moves = double(std::max<int64_t>(0, told_ - initial_points_));
    temperature_ = t0_value_ * std::max(std::pow(cooling_, moves), 10 * kFrozen);
    current_ = *best_;
    current_loss_ = best_loss_;
    best_at_reheat_ = best_loss_;
    ++walk_;
    ctx_.log(AMS_LOG_DEBUG, "anneal: t0 = " + std::to_string(t0_value_));
  }

  void reheat() {
    ++walk_;
    rejected_ = 0;
    if (best_loss_ < best_at_reheat_) {
      current_ = *best_;
      current_loss_ = best_loss_;
      temperature_ = reheat_ * t0_value_;
    } else {
      // The last reheat found nothing better: look elsewhere.
      current_ = space_->random_point(rng_);
      current_loss_ = kInf;
      temperature_ = t0_value_;
    }
    best_at_reheat_ = best_loss_;
  }

  Point neighbour() {
    const double heat = std::sqrt(std::clamp(temperature_ / t0_value_, 0.0, 1.0));
    const double step = std::max(min_step_, initial_step_ * heat);
    std::vector<bool> on = space_->active(*current_);
    int32_t n = 0;
    for (bool b : on) n += b ? 1 : 0;
    const double flip = std::min(0.5, 1.0 / double(std::max(n, 1))) * std::max(0.25, heat);
    Point to;
    for (int attempt = 0; attempt < kFreshAttempts; ++attempt) {
      to = gaussian_move(*space_, rng_, *current_, step, flip);
      if (!asked_.count(space_->key(to))) break;
    }
    return to;
  }

  void remember(const Point& point) {
    std::string key = space_->key(point);
    grid_->note(key);
    asked_.insert(std::move(key));
  }

  void accept(const Point& point, double loss) {
    current_ = point;
    current_loss_ = loss;
  }

  void note_best(const Point& point, double loss) {
    if (loss < best_loss_ || !best_) {
      best_ = point;
      best_loss_ = loss;
    }
  }

  int64_t initial_points_ = 10;
  std::optional<double> t0_;
  double cooling_ = 0.92;
  double initial_step_ = 0.15;
  double min_step_ = 0.01;
  int64_t patience_ = 25;
  double reheat_ = 0.3;

  std::optional<UnitSpace> space_;
  std::optional<FiniteGrid> grid_;
  Rng rng_;
  TrialLedger ledger_;
  std::map<int64_t, Pending> pending_;
  std::set<std::string> asked_;
  int64_t design_left_ = 0;
  int64_t told_ = 0;
  std::vector<double> design_losses_;

  std::optional<Point> current_;
  double current_loss_ = kInf;
  double t0_value_ = 1;
  double temperature_ = 1;
  int64_t rejected_ = 0;
  int64_t walk_ = 0;
  std::optional<Point> best_;
  double best_loss_ = kInf;
  double best_at_reheat_ = kInf;
};

const ams_component* anneal_component() { return ams::strategy<AnnealStrategy>(); }

}  // namespace ams_local
