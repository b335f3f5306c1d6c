// The `grid` strategy: the full factorial design over the space (see grid_axes.hpp for the
// values each parameter takes), each active combination exactly once, then AMS_EXHAUSTED.
//
// Options: resolution (points per float axis, and per wide int axis; default 5),
// max_int_values (an int axis with at most this many values is enumerated whole; default 10),
// shuffle (visit the points in a seeded random order; default false), max_points (limit for
// a shuffled grid, which is held in memory; default 1000000).
// A point told but never asked (a resumed run) is not proposed again.
#include <ams/plugin.hpp>

#include <cmath>
#include <cstring>
#include <limits>
#include <optional>
#include <random>
#include <set>

#include "grid_axes.hpp"
#include "grid_walk.hpp"

namespace ams_grid {

namespace {

// Exact identity of a point: bit patterns, with every NaN and both zeros made equal.
using PointKey = std::vector<uint64_t>;
PointKey key_of(const double* values, int32_t n) {
  PointKey key(static_cast<size_t>(n));
  for (int32_t i = 0; i < n; ++i) {
    double v = std::isnan(values[i]) ? std::numeric_limits<double>::quiet_NaN()
                                     : (values[i] == 0 ? 0.0 : values[i]);
    std::memcpy(&key[static_cast<size_t>(i)], &v, sizeof v);
  }
  return key;
}

}  // namespace

class GridStrategy : public ams::Strategy {
 public:
  static constexpr const char* name = "grid";
  static constexpr const char* version = "1.0.0";
  static constexpr const char* summary =
      "Grid search: every combination of per-parameter values, conditional-aware";

  explicit GridStrategy(ams::Context ctx) : ams::Strategy(ctx) {
    rules_.resolution = ctx.get_int_in("resolution", 5, 1, 1000000);
    rules_.max_int_values = ctx.get_int_in("max_int_values", 10, 1, 1000000000);
    shuffle_ = ctx.get_bool("shuffle", false);
    max_points_ = ctx.get_int_in("max_points", 1000000, 1, std::numeric_limits<int64_t>::max());
  }

  void start(const ams_space& space) override {
    n_params_ = space.n_params;
    if (n_params_ == 0) throw ams::Error("the search space has no parameters to grid", AMS_ERR_INVALID);
    std::vector<std::vector<double>> axes;
    for (int32_t i = 0; i < space.n_params; ++i) {
      const ams_param& p = *space.params[i];
      if (p.parent >= i)
        throw ams::Error(std::string("parameter '") + (p.name ? p.name : "?") +
                             "': its parent must come before it in the space",
                         AMS_ERR_INVALID);
      axes.push_back(axis_values(p, i, rules_));
    }
    walk_.emplace(space, std::move(axes));
    if (shuffle_) materialize_shuffled();
  }

  ams_status ask(int64_t number, double* values, double* /*budget*/) override {
    for (;;) {
      const double* point = next_point();
      if (!point) return AMS_EXHAUSTED;
      if (!told_.empty()) {
        auto it = told_.find(key_of(point, n_params_));
        if (it != told_.end()) {
          told_.erase(it);  // each grid point comes once, so the entry is spent
          continue;
        }
      }
      std::copy(point, point + n_params_, values);
      asked_.insert(number);
      return AMS_OK;
    }
  }

  void tell(const ams_trial_result& result) override {
    if (asked_.count(result.trial.number)) return;
    if (result.trial.n_params != n_params_ || !result.trial.values) return;  // not from this space
    told_.insert(key_of(result.trial.values, n_params_));
  }

 private:
  // The next point of the walk (or of the shuffled list), or nullptr when all were given.
  const double* next_point() {
    if (shuffle_) {
      const size_t at = next_ * static_cast<size_t>(n_params_);
      if (at >= shuffled_.size()) return nullptr;
      ++next_;
      return &shuffled_[at];
    }
    if (started_) walk_->advance();
    started_ = true;
    return walk_->done() ? nullptr : walk_->point().data();
  }

  void materialize_shuffled() {
    int64_t count = 0;
    for (; !walk_->done(); walk_->advance()) {
      if (++count > max_points_)
        throw ams::Error("the grid has more than max_points = " + std::to_string(max_points_) +
                             " points; lower resolution or max_int_values, or raise max_points",
                         AMS_ERR_INVALID);
      const auto& p = walk_->point();
      shuffled_.insert(shuffled_.end(), p.begin(), p.end());
    }
    ctx_.log(AMS_LOG_INFO, "grid of " + std::to_string(count) + " points, shuffled");
    // Fisher-Yates with our own index draw: std::shuffle's order differs between libraries.
    std::mt19937_64 rng(ctx_.seed());
    const auto n = static_cast<size_t>(count), w = static_cast<size_t>(n_params_);
    for (size_t i = n; i > 1; --i) {
      // Modulo bias is below i / 2^64: negligible for any grid that fits in memory.
      size_t j = static_cast<size_t>(rng() % i);
      if (j != i - 1)
        std::swap_ranges(shuffled_.begin() + static_cast<std::ptrdiff_t>((i - 1) * w),
                         shuffled_.begin() + static_cast<std::ptrdiff_t>(i * w),
                         shuffled_.begin() + static_cast<std::ptrdiff_t>(j * w));
    }
  }

  AxisRules rules_;
  bool shuffle_ = false;
  int64_t max_points_ = 0;
  int32_t n_params_ = 0;
  std::optional<GridWalk> walk_;
  bool started_ = false;
  std::vector<double> shuffled_;
  size_t next_ = 0;  // index of the next shuffled point
  std::set<int64_t> asked_;
  std::set<PointKey> told_;
};

}  // namespace ams_grid

AMS_PLUGIN("org.amsearch.strategies.grid", "1.0.0", "amsearch",
           ams::strategy<ams_grid::GridStrategy>())
