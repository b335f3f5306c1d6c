#include "bayes_strategy.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace amsbayes {

namespace {

// Space problems are bad input: report them as such, with the codec's message.
template <class F>
auto invalid_as_error(F&& f) {
  try {
    return f();
  } catch (const SpaceError& e) {
    throw ams::Error(std::string("bayes: ") + e.what(), AMS_ERR_INVALID);
  }
}

}  // namespace

BayesStrategy::BayesStrategy(ams::Context ctx) : ams::Strategy(ctx), rng_(ctx.seed()) {
  acquisition_ = acquisition_from_name(ctx.get_choice("acquisition", "ucb", {"logei", "ucb", "pi"}));
  output_transform_ = output_transform_from_name(
      ctx.get_choice("output_transform", "power", {"none", "power"}));
  beta_ = ctx.get_double_in("ucb_beta", 4.0, 1e-6, 1e6);
  startup_option_ = ctx.get_int_in("startup_trials", 0, 0, 1000000);
  refit_every_ = ctx.get_int_in("refit_every", 0, 0, 1000000);
  fit_max_points_ = ctx.get_int_in("fit_max_points", 200, 16, 100000);
  fit_options_.random_restarts = static_cast<int>(ctx.get_int_in("fit_restarts", 1, 0, 100));
  optimizer_options_.candidates = static_cast<int>(ctx.get_int_in("candidates", 2048, 16, 1000000));
  optimizer_options_.refine_starts = static_cast<int>(ctx.get_int_in("refine_starts", 5, 0, 1000));
  impute_failed_ = ctx.get_choice("failed", "worst", {"worst", "ignore"}) == "worst";
  const std::string liar = ctx.get_choice("liar", "mean", {"mean", "min", "max"});
  liar_ = liar == "mean" ? Liar::Mean : (liar == "min" ? Liar::Min : Liar::Max);
  const double noise_floor = ctx.get_double_in("noise_floor", 1e-6, 1e-12, 1e-1);
  prior_.log_noise_min = std::log(noise_floor);
}

void BayesStrategy::start(const ams_space& space) {
  codec_ = invalid_as_error([&] { return std::make_unique<SpaceCodec>(space); });
  optimizer_ = std::make_unique<AcquisitionOptimizer>(*codec_, optimizer_options_);
  const int d = codec_->n_params();
  startup_trials_ = startup_option_ > 0 ? startup_option_ : std::max(5, d + 1);
  design_ = latin_hypercube(static_cast<int>(startup_trials_), d, rng_);
  design_next_ = 0;
}

std::vector<double> BayesStrategy::random_unit() {
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::vector<double> u(static_cast<size_t>(codec_->n_params()));
  for (double& v : u) v = uniform(rng_);
  return u;
}

bool BayesStrategy::taken(const VectorXd& features) const {
  auto same = [&](const VectorXd& other) {
    return (other - features).cwiseAbs().maxCoeff() <= 1e-9;
  };
  for (const auto& o : observations_)
    if (same(o.features)) return true;
  for (const auto& [number, p] : pending_)
    if (same(p.features)) return true;
  return false;
}

void BayesStrategy::model_data(std::vector<size_t>& points, std::vector<double>& targets) const {
  points.clear();
  targets.clear();
  double worst = -std::numeric_limits<double>::infinity();
  for (const auto& o : observations_)
    if (!std::isnan(o.value)) worst = std::max(worst, o.value);
  const bool impute = impute_failed_ && std::isfinite(worst);
  for (size_t i = 0; i < observations_.size(); ++i) {
    const double v = observations_[i].value;
    if (std::isnan(v) && !impute) continue;
    points.push_back(i);
    targets.push_back(std::isnan(v) ? worst : v);
  }
}

bool BayesStrategy::in_startup() const {
  size_t finite = 0;
  for (const auto& o : observations_) finite += !std::isnan(o.value);
  const size_t seen = observations_.size() + pending_.size();
  return static_cast<int64_t>(seen) < startup_trials_ || finite < 2;
}

ams_status BayesStrategy::ask(int64_t number, double* values, double* budget) {
  if (!codec_) throw ams::Error("bayes: ask before start", AMS_ERR_INVALID);
  std::vector<double> v(static_cast<size_t>(codec_->n_params()));
  const ams_status status = in_startup() ? ask_startup(v) : ask_model(v);
  if (status != AMS_OK) return status;
  Pending p;
  p.features.resize(codec_->n_features());
  codec_->features_from_trial(v.data(), p.features.data());
  pending_[number] = std::move(p);
  std::copy(v.begin(), v.end(), values);
  if (budget) *budget = 1;
  return AMS_OK;
}

ams_status BayesStrategy::ask_startup(std::vector<double>& values) {
  // Design points in order; past the design (or when a discrete space repeats one), random.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    std::vector<double> u =
        design_next_ < design_.size() ? design_[design_next_++] : random_unit();
    Candidate c = optimizer_->make_candidate(std::move(u));
    if (!taken(c.features) || !codec_->is_discrete()) {
      values = c.values;
      return AMS_OK;
    }
  }
  return pending_.empty() ? AMS_EXHAUSTED : AMS_NOT_READY;
}

int BayesStrategy::refit_period(size_t n) const {
  if (refit_every_ > 0) return static_cast<int>(refit_every_);
  // Every trial while the fit is cheap and each point still reshapes the model (n <= ~120);
  // then growing like n^2, so the amortized cost of fits (O(min(n, fit_max_points)^3) per
  // likelihood evaluation) stays flat: every 4 trials at n = 200, every 30 at n = 500.
  return std::max(1, static_cast<int>(double(n) * double(n) / 8000.0));
}

void BayesStrategy::update_posterior(const std::vector<size_t>& points, const VectorXd& y) {
  const Eigen::Index D = codec_->n_features();
  const size_t n = points.size();
  const bool refit = theta_.size() == 0 || n >= fitted_at_ + static_cast<size_t>(refit_period(n)) ||
                     n < fitted_at_;
  if (refit) {
    // Hyperparameters from at most fit_max_points points: the better half of the budget by
    // value (they shape the model where it matters) and a random draw from the rest.
    std::vector<size_t> chosen(n);
    std::iota(chosen.begin(), chosen.end(), size_t{0});
    const size_t cap = static_cast<size_t>(fit_max_points_);
    if (n > cap) {
      std::stable_sort(chosen.begin(), chosen.end(),
                       [&](size_t a, size_t b) { return y[Eigen::Index(a)] < y[Eigen::Index(b)]; });
      std::shuffle(chosen.begin() + static_cast<std::ptrdiff_t>(cap / 2), chosen.end(), rng_);
      chosen.resize(cap);
    }
    MatrixXd X(D, static_cast<Eigen::Index>(chosen.size()));
    VectorXd ys(static_cast<Eigen::Index>(chosen.size()));
    for (size_t j = 0; j < chosen.size(); ++j) {
      X.col(Eigen::Index(j)) = observations_[points[chosen[j]]].features;
      ys[Eigen::Index(j)] = y[Eigen::Index(chosen[j])];
    }
    // Random restarts guard the early fits, where few points leave the likelihood multimodal.
    // Past kRestartsUntil points the previous optimum is a reliable start and the restarts
    // would only double the dominant cost of a refit.
    constexpr size_t kRestartsUntil = 150;
    FitOptions options = fit_options_;
    if (n > kRestartsUntil && theta_.size()) options.random_restarts = 0;
    theta_ = fit_hyperparameters(X, ys, theta_.size() ? &theta_ : nullptr, prior_, options, rng_);
    fitted_at_ = n;
    posterior_points_.clear();
  }
  const bool extends = !refit && posterior_points_.size() <= n &&
                       std::equal(posterior_points_.begin(), posterior_points_.end(), points.begin());
  if (extends) {
    for (size_t j = posterior_points_.size(); j < n; ++j)
      posterior_.append(observations_[points[j]].features, y[Eigen::Index(j)]);
    posterior_.set_targets(y);
  } else {
    MatrixXd X(D, static_cast<Eigen::Index>(n));
    for (size_t j = 0; j < n; ++j) X.col(Eigen::Index(j)) = observations_[points[j]].features;
    posterior_ = Posterior(theta_);
    posterior_.reset(X, y);
  }
  posterior_points_ = points;
}

ams_status BayesStrategy::ask_model(std::vector<double>& values) {
  std::vector<size_t> points;
  std::vector<double> raw;
  model_data(points, raw);
  const Eigen::Index n = static_cast<Eigen::Index>(raw.size());
  VectorXd y = Eigen::Map<const VectorXd>(raw.data(), n);
  y = transform_outputs(y, output_transform_);
  update_posterior(points, y);

  // Pending trials enter as fantasies so parallel asks spread out instead of piling up.
  // The incumbent includes the fantasies: a believed value below the best observed one
  // must stop counting as an improvement, or the next ask lands on the same spot.
  Posterior fantasized;
  const Posterior* gp = &posterior_;
  double incumbent = y.minCoeff();
  if (!pending_.empty()) {
    fantasized = posterior_;
    for (const auto& [number, p] : pending_) {
      double m = 0, var = 0;
      if (liar_ == Liar::Mean) {
        fantasized.predict(p.features, m, var);
      } else {
        m = liar_ == Liar::Min ? y.minCoeff() : y.maxCoeff();
      }
      fantasized.append(p.features, m);
      incumbent = std::min(incumbent, m);
    }
    gp = &fantasized;
  }

  Acquisition acquisition;
  acquisition.kind = acquisition_;
  acquisition.beta = beta_;
  acquisition.best = incumbent;

  std::vector<size_t> by_value(points.size());
  std::iota(by_value.begin(), by_value.end(), size_t{0});
  const size_t n_anchors = std::min<size_t>(5, by_value.size());
  std::partial_sort(by_value.begin(), by_value.begin() + static_cast<std::ptrdiff_t>(n_anchors),
                    by_value.end(), [&](size_t a, size_t b) { return raw[a] < raw[b]; });
  std::vector<std::vector<double>> anchors;
  for (size_t i = 0; i < n_anchors; ++i) anchors.push_back(observations_[points[by_value[i]]].unit);

  // Fewer screened points as n grows (each costs O(n^2)); refinement and the local moves
  // around the best points carry the search by then.
  const int wanted = optimizer_options_.candidates;
  optimizer_->set_candidates(
      std::min(wanted, std::max(std::min(wanted, 256), static_cast<int>(wanted * 128.0 / double(n)))));
  auto proposal = optimizer_->propose(*gp, acquisition, anchors,
                                      [this](const VectorXd& f) { return taken(f); }, rng_);
  if (proposal) {
    values = proposal->values;
    return AMS_OK;
  }
  // Every screened candidate repeats a trial: likely a small discrete space nearly used up.
  for (int attempt = 0; attempt < 1000; ++attempt) {
    Candidate c = optimizer_->make_candidate(random_unit());
    if (!taken(c.features)) {
      values = c.values;
      return AMS_OK;
    }
  }
  if (codec_->is_discrete()) return pending_.empty() ? AMS_EXHAUSTED : AMS_NOT_READY;
  values = optimizer_->make_candidate(random_unit()).values;
  return AMS_OK;
}

void BayesStrategy::tell(const ams_trial_result& result) {
  if (!codec_) throw ams::Error("bayes: tell before start", AMS_ERR_INVALID);
  pending_.erase(result.trial.number);
  if (result.trial.n_params != codec_->n_params() || !result.trial.values)
    throw ams::Error("bayes: told trial " + std::to_string(result.trial.number) + " has " +
                         std::to_string(result.trial.n_params) + " values, the space has " +
                         std::to_string(codec_->n_params()),
                     AMS_ERR_INVALID);
  double value = std::nan("");
  switch (result.state) {
    case AMS_TRIAL_COMPLETE:
      if (std::isfinite(result.value)) value = result.value;
      break;
    case AMS_TRIAL_PRUNED:
      // The last reported loss is a pessimistic but honest summary; without one the trial
      // taught nothing.
      if (!std::isfinite(result.value)) return;
      value = result.value;
      break;
    case AMS_TRIAL_FAILED:
      break;
    default:
      throw ams::Error("bayes: unknown trial state " + std::to_string(result.state),
                       AMS_ERR_INVALID);
  }
  Observation o;
  o.values.assign(result.trial.values, result.trial.values + result.trial.n_params);
  o.unit = random_unit();  // inactive parameters keep a random remembered value
  o.features.resize(codec_->n_features());
  invalid_as_error([&] {
    codec_->unit_from_trial(o.values.data(), o.unit.data());
    codec_->features_from_trial(o.values.data(), o.features.data());
    return 0;
  });
  o.value = value;
  observations_.push_back(std::move(o));
}

}  // namespace amsbayes
