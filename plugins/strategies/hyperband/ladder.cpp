#include "ladder.hpp"

#include <cmath>

namespace ams_hyperband {

Ladder::Ladder(double min_budget, int64_t eta, int64_t brackets) : eta_(eta) {
  // floor(log_eta(1 / min_budget)), tolerant of 1/27 not being exact in binary.
  top_ = static_cast<int64_t>(
      std::floor(std::log(1 / min_budget) / std::log(static_cast<double>(eta)) + 1e-9));
  brackets_ = brackets <= 0 || brackets > top_ + 1 ? top_ + 1 : brackets;
}

double Ladder::budget(int64_t rung) const {
  return std::pow(static_cast<double>(eta_), static_cast<double>(rung - top_));
}

std::optional<int64_t> Ladder::rung_of(double b) const {
  if (!(b > 0 && b <= 1 + 1e-9)) return std::nullopt;
  for (int64_t k = 0; k <= top_; ++k)
    if (std::abs(b - budget(k)) <= 1e-6 * budget(k)) return k;
  return std::nullopt;
}

int64_t Ladder::bracket_size(int64_t bracket) const {
  const int64_t s = top_ - bracket;
  double n = static_cast<double>(top_ + 1) / static_cast<double>(s + 1) *
             std::pow(static_cast<double>(eta_), static_cast<double>(s));
  return static_cast<int64_t>(std::ceil(n - 1e-9));
}

}  // namespace ams_hyperband
