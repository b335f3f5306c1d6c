#include "categorical_model.hpp"

#include <algorithm>
#include <numeric>

namespace cmaes {

CategoricalModel::CategoricalModel(int32_t n_choices, double margin)
    : p_(size_t(n_choices), 1.0 / n_choices),
      floor_(n_choices > 1 ? std::min(margin / (n_choices - 1), 0.5 / n_choices) : 0.0) {}

int32_t CategoricalModel::sample(Rng& rng) const {
  double u = rng.uniform(), acc = 0;
  for (size_t c = 0; c < p_.size(); ++c) {
    acc += p_[c];
    if (u < acc) return int32_t(c);
  }
  return int32_t(p_.size()) - 1;
}

void CategoricalModel::update(const std::vector<int32_t>& choices,
                              const std::vector<double>& weights, double mu_eff) {
  double total = std::accumulate(weights.begin(), weights.end(), 0.0);
  if (choices.empty() || total <= 0) return;
  const double rate = mu_eff / (mu_eff + double(p_.size()) + 2.0);
  std::vector<double> freq(p_.size(), 0.0);
  for (size_t i = 0; i < choices.size(); ++i) freq[size_t(choices[i])] += weights[i] / total;
  for (size_t c = 0; c < p_.size(); ++c) p_[c] = (1 - rate) * p_[c] + rate * freq[c];
  apply_floor();
}

void CategoricalModel::favour(int32_t choice) {
  for (double& p : p_) p *= 0.5;
  p_[size_t(choice)] += 0.5;
  apply_floor();
}

void CategoricalModel::apply_floor() {
  // Raise every probability to the floor, taking the mass from those above it.
  double deficit = 0, above = 0;
  for (double p : p_) {
    if (p < floor_)
      deficit += floor_ - p;
    else
      above += p - floor_;
  }
  for (double& p : p_)
    p = p < floor_ ? floor_ : p - (above > 0 ? deficit * (p - floor_) / above : 0);
  double sum = std::accumulate(p_.begin(), p_.end(), 0.0);
  for (double& p : p_) p /= sum;
}

}  // namespace cmaes
