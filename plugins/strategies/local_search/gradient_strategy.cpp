// gradient: SPSA with Adam step control over the numeric parameters (floats and integers, in
// the normalised space, log parameters on their log scale), projected to the box, with local
// moves for categorical and bool parameters. See spsa.hpp for the iteration.
//
// A design of `initial_points` random points (told trials count toward it) gives the start:
// the best trial known. Each iteration asks two trials, x + c_k D and x - c_k D; with
// probability `categorical_prob` an iteration is replaced by a probe that flips one active
// choice parameter of x, kept when it beats the current estimate of f(x) (the mean of the
// last pair). A run restarts from a fresh random point when `patience` iterations in a row
// have not improved its best loss. Told trials this object never asked become the current
// point when they beat the run's best (warm start, resume).
//
// Trials in flight: the + and - trials of an iteration can be in flight together; asking
// more starts further iterations from the current point, and each applies its gradient
// estimate when both of its trials are told (asynchronous SPSA). A failed or pruned trial
// voids its iteration's estimate.
#include <ams/plugin.hpp>

#include <algorithm>
#include <cmath>
#include <iterator>
#include <limits>
#include <map>
#include <optional>
#include <string>

#include "finite_grid.hpp"
#include "rng.hpp"
#include "spsa.hpp"
#include "trial_ledger.hpp"
#include "components.hpp"
#include "unit_space.hpp"

namespace ams_local {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
constexpr const char* kWho = "gradient";

enum class Role { design, plus, minus, probe };

}  // namespace

class GradientStrategy : public ams::Strategy {
 public:
  static constexpr const char* name = "gradient";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "SPSA gradient descent with Adam step control, categorical moves and restarts";

  explicit GradientStrategy(ams::Context ctx)
      : ams::Strategy(ctx), rng_(ctx.seed()), ledger_(ctx) {
    initial_points_ = ctx.get_int_in("initial_points", 5, 1, 1000000);
    gains_.a = ctx.get_double("a", 0.05);
    if (!(gains_.a > 0 && gains_.a <= 1))
      ctx.option_error("a", "is the first step in coordinates normalised to [0, 1] and must be "
                            "in (0, 1]");
    gains_.c = ctx.get_double("c", 0.01);
    if (!(gains_.c > 0 && gains_.c <= 0.5))
      ctx.option_error("c", "is the first perturbation in coordinates normalised to [0, 1] and "
                            "must be in (0, 0.5]");
    gains_.stability = ctx.get_double_in("stability", 5, 0, 1e9);
    gains_.alpha = ctx.get_double_in("alpha", 0.602, 0, 1);
    gains_.gamma = ctx.get_double_in("gamma", 0.101, 0, 1);
    gains_.beta1 = ctx.get_double_in("beta1", 0.9, 0, 0.999999);
    gains_.beta2 = ctx.get_double_in("beta2", 0.999, 0, 0.999999999);
    categorical_prob_ = ctx.get_double_in("categorical_prob", 0.1, 0, 1);
    patience_ = ctx.get_int_in("patience", 8, 1, 1000000);
  }

  void start(const ams_space& space) override {
    space_.emplace(space, kWho);
    grid_.emplace(*space_);
    design_left_ = initial_points_;
  }

  ams_status ask(int64_t number, double* values, double* /*budget*/) override {
    if (!space_) throw ams::Error("gradient: ask called before start", AMS_ERROR);
    if (ledger_.exhausted(number) || grid_->exhausted()) return AMS_EXHAUSTED;
    ledger_.note(number);
    if (!run_ && design_left_ == 0 && best_) begin_run(*best_, best_loss_);
    Pending trial;
    trial.run = run_id_;
    if (!run_) {
      if (design_left_ > 0) --design_left_;
      trial.role = Role::design;
      trial.point = space_->random_point(rng_);
    } else if (auto half = open_minus()) {
      trial.role = Role::minus;
      trial.iteration = *half;
      trial.point = iterations_.at(*half).p.minus;
      iterations_.at(*half).minus_asked = true;
    } else if (auto flipped = probe()) {
      trial.role = Role::probe;
      trial.point = *flipped;
      trial.reference = f_estimate_;
    } else {
      trial.role = Role::plus;
      trial.iteration = next_iteration_++;
      Iteration it;
      it.run = run_id_;
      it.p = run_->perturb(rng_);
      trial.point = it.p.plus;
      iterations_.emplace(trial.iteration, std::move(it));
    }
    grid_->note(space_->key(trial.point));
    space_->decode(trial.point, values);
    pending_.insert_or_assign(number, std::move(trial));
    return AMS_OK;
  }

  void tell(const ams_trial_result& result) override {
    if (!space_) throw ams::Error("gradient: tell called before start", AMS_ERROR);
    const double loss = loss_of(result, kWho);
    ledger_.note(result.trial.number);
    auto it = pending_.find(result.trial.number);
    if (it == pending_.end()) {
      Point fill = run_ ? run_->point() : Point(size_t(space_->size()), 0.5);
      Point point = told_point(*space_, result, fill, kWho);
      grid_->note(space_->key(point));
      if (design_left_ > 0) --design_left_;
      note_best(point, loss);
      // A better trial from outside becomes the current point.
      if (run_ && loss < run_best_) {
        run_->point() = point;
        run_->reset_moments();
        run_best_ = loss;
        stalled_ = 0;
      }
      return;
    }
    Pending trial = std::move(it->second);
    pending_.erase(it);
    note_best(trial.point, loss);
    const bool current = run_ && trial.run == run_id_;
    switch (trial.role) {
      case Role::design: break;
      case Role::probe:
        if (current && loss < trial.reference) {
          run_->point() = trial.point;
          f_estimate_ = loss;
        }
        if (current) improve(loss);
        break;
      case Role::plus:
      case Role::minus: finish_half(trial, loss, current); break;
    }
  }

 private:
  struct Pending {
    Role role = Role::design;
    int64_t run = 0;
    int64_t iteration = -1;
    Point point;
    double reference = kInf;  // probe: the estimate of f(x) it must beat
  };
  struct Iteration {
    int64_t run = 0;
    Perturbation p;
    bool minus_asked = false;
    double plus = kNaN(), minus = kNaN();
  };
  static constexpr double kNaN() { return std::numeric_limits<double>::quiet_NaN(); }

  void begin_run(const Point& start, double loss) {
    ++run_id_;
    run_.emplace(*space_, gains_, start);
    run_best_ = loss;
    f_estimate_ = loss;
    stalled_ = 0;
  }

  std::optional<int64_t> open_minus() const {
    for (const auto& [id, it] : iterations_)
      if (it.run == run_id_ && !it.minus_asked) return id;
    return std::nullopt;
  }

  // The current point with one active choice parameter flipped, at random times.
  std::optional<Point> probe() {
    if (!std::isfinite(f_estimate_)) return std::nullopt;
    std::vector<bool> on = space_->active(run_->point());
    std::vector<int32_t> choices;
    bool numeric = false;
    for (int32_t i = 0; i < space_->size(); ++i) {
      if (!on[size_t(i)]) continue;
      const Dim& d = space_->dim(i);
      if (!d.numeric() && d.n_choices > 1) choices.push_back(i);
      if (d.numeric() && d.hi != d.lo) numeric = true;
    }
    if (choices.empty()) return std::nullopt;
    // With no numeric coordinate to descend, every trial is a probe.
    if (numeric && rng_.uniform() >= categorical_prob_) return std::nullopt;
    Point to = run_->point();
    int32_t i = choices[size_t(rng_.below(int64_t(choices.size())))];
    int32_t n = space_->dim(i).n_choices;
    int64_t c = rng_.below(n - 1);
    to[size_t(i)] = double(c >= int64_t(to[size_t(i)]) ? c + 1 : c);
    return to;
  }

  void finish_half(const Pending& trial, double loss, bool current) {
    auto found = iterations_.find(trial.iteration);
    if (found == iterations_.end()) return;
    Iteration& it = found->second;
    (trial.role == Role::plus ? it.plus : it.minus) = loss;
    if (std::isnan(it.plus) || std::isnan(it.minus)) return;
    Iteration done = std::move(it);
    iterations_.erase(found);
    if (!current || done.run != run_id_) return;
    if (std::isfinite(done.plus) && std::isfinite(done.minus)) {
      run_->update(done.p, done.plus, done.minus);
      f_estimate_ = 0.5 * (done.plus + done.minus);
    }
    improve(std::min(done.plus, done.minus));
  }

  // Counts a finished step of the current run; restarts a run that stopped improving.
  void improve(double loss) {
    if (loss < run_best_) {
      run_best_ = loss;
      stalled_ = 0;
      return;
    }
    if (++stalled_ < patience_) return;
    ctx_.log(AMS_LOG_DEBUG, "gradient: restart from a random point after " +
                                std::to_string(patience_) + " steps without improvement");
    begin_run(space_->random_point(rng_), kInf);
    f_estimate_ = kInf;
    // Iterations of the old run whose second half was never asked will never finish.
    for (auto it = iterations_.begin(); it != iterations_.end();)
      it = it->second.minus_asked ? std::next(it) : iterations_.erase(it);
  }

  void note_best(const Point& point, double loss) {
    if (loss < best_loss_) {
      best_ = point;
      best_loss_ = loss;
    }
  }

  int64_t initial_points_ = 5;
  Gains gains_;
  double categorical_prob_ = 0.1;
  int64_t patience_ = 8;

  std::optional<UnitSpace> space_;
  std::optional<FiniteGrid> grid_;
  Rng rng_;
  TrialLedger ledger_;
  std::map<int64_t, Pending> pending_;
  std::map<int64_t, Iteration> iterations_;
  int64_t next_iteration_ = 0;
  int64_t design_left_ = 0;

  std::optional<SpsaRun> run_;
  int64_t run_id_ = 0;
  double run_best_ = kInf;
  double f_estimate_ = kInf;
  int64_t stalled_ = 0;
  std::optional<Point> best_;
  double best_loss_ = kInf;
};

const ams_component* gradient_component() { return ams::strategy<GradientStrategy>(); }

}  // namespace ams_local
