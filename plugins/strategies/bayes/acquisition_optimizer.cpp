#include "acquisition_optimizer.hpp"

#include "box_lbfgs.hpp"
#include "designs.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>

namespace amsbayes {

Candidate AcquisitionOptimizer::make_candidate(std::vector<double> unit) const {
  Candidate c;
  c.unit = std::move(unit);
  c.values.resize(static_cast<size_t>(codec_.n_params()));
  codec_.trial_from_unit(c.unit.data(), c.values.data());
  c.features.resize(codec_.n_features());
  codec_.features_from_trial(c.values.data(), c.features.data());
  return c;
}

std::vector<std::vector<double>> AcquisitionOptimizer::screening_units(
    const std::vector<std::vector<double>>& anchors, std::mt19937_64& rng) const {
  const int P = codec_.n_params();
  const int total = std::max(options_.candidates, 1);
  const int local = anchors.empty() ? 0 : total / 4;
  std::vector<std::vector<double>> units;
  units.reserve(static_cast<size_t>(total));

  ShiftedKronecker sequence(P, rng);
  for (int i = 0; i < total - local; ++i) {
    std::vector<double> u(static_cast<size_t>(P));
    sequence.next(u.data());
    units.push_back(std::move(u));
  }
  // Perturbations of good points: each moves a few coordinates by a step whose size is
  // log-uniform between fine tuning and a jump across a fifth of the range.
  std::uniform_real_distribution<double> uniform(0.0, 1.0);
  std::normal_distribution<double> normal(0.0, 1.0);
  const double move_probability = std::min(1.0, std::max(0.2, 3.0 / P));
  for (int i = 0; i < local; ++i) {
    std::vector<double> u = anchors[static_cast<size_t>(i) % anchors.size()];
    const double scale = std::exp(std::log(0.005) + uniform(rng) * std::log(0.3 / 0.005));
    bool moved = false;
    while (!moved) {
      for (int p = 0; p < P; ++p) {
        if (uniform(rng) >= move_probability) continue;
        double& v = u[static_cast<size_t>(p)];
        if (codec_.is_categorical(p)) {
          if (uniform(rng) < 0.5) v = uniform(rng);  // a categorical jumps, or stays
        } else {
          v = std::clamp(v + scale * normal(rng), 0.0, 1.0);
        }
        moved = true;
      }
    }
    units.push_back(std::move(u));
  }
  return units;
}

void AcquisitionOptimizer::score(const Posterior& gp, const Acquisition& acquisition,
                                 std::vector<Candidate>& candidates) const {
  if (candidates.empty()) return;
  MatrixXd Z(codec_.n_features(), static_cast<Eigen::Index>(candidates.size()));
  for (size_t i = 0; i < candidates.size(); ++i)
    Z.col(static_cast<Eigen::Index>(i)) = candidates[i].features;
  const VectorXd s = acquisition.batch(gp, Z);
  for (size_t i = 0; i < candidates.size(); ++i)
    candidates[i].score = s[static_cast<Eigen::Index>(i)];
}

Candidate AcquisitionOptimizer::refine(const Posterior& gp, const Acquisition& acquisition,
                                       const Candidate& start) const {
  // Free variables: the feature columns of the active numeric parameters.
  std::vector<int> params, columns;
  for (int p = 0; p < codec_.n_params(); ++p)
    if (!codec_.is_categorical(p) && !std::isnan(start.values[static_cast<size_t>(p)])) {
      params.push_back(p);
      columns.push_back(codec_.column(p));
    }
  if (columns.empty()) return start;
  const Eigen::Index k = static_cast<Eigen::Index>(columns.size());
  VectorXd x0(k);
  for (Eigen::Index j = 0; j < k; ++j)
    x0[j] = start.unit[static_cast<size_t>(params[static_cast<size_t>(j)])];
  VectorXd full = start.features, grad;
  const Objective f = [&](const VectorXd& x, VectorXd& g) {
    for (Eigen::Index j = 0; j < k; ++j) full[columns[static_cast<size_t>(j)]] = x[j];
    const double value = acquisition.at(gp, full, &grad);
    for (Eigen::Index j = 0; j < k; ++j) g[j] = -grad[columns[static_cast<size_t>(j)]];
    return -value;
  };
  BoxLbfgsOptions lbfgs;
  lbfgs.max_iterations = options_.max_iterations;
  lbfgs.gradient_tolerance = 1e-7;
  lbfgs.value_tolerance = 1e-10;
  const BoxLbfgsResult r =
      minimize_in_box(f, x0, VectorXd::Zero(k), VectorXd::Ones(k), lbfgs);
  std::vector<double> unit = start.unit;
  for (Eigen::Index j = 0; j < k; ++j) unit[static_cast<size_t>(params[static_cast<size_t>(j)])] = r.x[j];
  Candidate out = make_candidate(std::move(unit));
  out.score = acquisition.at(gp, out.features);
  return out;
}

std::vector<Candidate> AcquisitionOptimizer::categorical_neighbours(const Candidate& c) const {
  std::vector<Candidate> out;
  for (int p = 0; p < codec_.n_params(); ++p) {
    const double v = c.values[static_cast<size_t>(p)];
    if (!codec_.is_categorical(p) || std::isnan(v)) continue;
    for (int choice = 0; choice < codec_.n_choices(p); ++choice) {
      if (choice == static_cast<int>(v)) continue;
      std::vector<double> unit = c.unit;
      unit[static_cast<size_t>(p)] = codec_.unit_of_choice(p, choice);
      out.push_back(make_candidate(std::move(unit)));
    }
  }
  return out;
}

std::optional<Candidate> AcquisitionOptimizer::propose(
    const Posterior& gp, const Acquisition& acquisition,
    const std::vector<std::vector<double>>& anchors,
    const std::function<bool(const VectorXd&)>& taken, std::mt19937_64& rng) const {
  std::vector<Candidate> pool;
  for (auto& u : screening_units(anchors, rng)) pool.push_back(make_candidate(std::move(u)));
  score(gp, acquisition, pool);

  auto better = [](const Candidate& a, const Candidate& b) { return a.score > b.score; };
  std::vector<size_t> order(pool.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return better(pool[a], pool[b]); });

  // Starts: the best screened points, skipping ones whose rounded features repeat.
  std::vector<Candidate> starts;
  for (size_t i : order) {
    if (static_cast<int>(starts.size()) >= options_.refine_starts) break;
    const bool repeat = std::any_of(starts.begin(), starts.end(), [&](const Candidate& s) {
      return (s.features - pool[i].features).cwiseAbs().maxCoeff() < 1e-12;
    });
    if (!repeat) starts.push_back(pool[i]);
  }
  std::vector<Candidate> refined;
  for (const Candidate& s : starts) refined.push_back(refine(gp, acquisition, s));

  std::vector<Candidate> neighbours;
  for (const Candidate& r : refined) {
    std::vector<Candidate> n = categorical_neighbours(r);
    score(gp, acquisition, n);
    const auto top = std::max_element(n.begin(), n.end(), better);
    if (top != n.end() && top->score > r.score) neighbours.push_back(refine(gp, acquisition, *top));
    for (auto& c : n) neighbours.push_back(std::move(c));
  }

  for (auto& c : refined) pool.push_back(std::move(c));
  for (auto& c : neighbours) pool.push_back(std::move(c));
  std::stable_sort(pool.begin(), pool.end(), better);
  for (Candidate& c : pool)
    if (std::isfinite(c.score) && !taken(c.features)) return std::move(c);
  return std::nullopt;
}

}  // namespace amsbayes
