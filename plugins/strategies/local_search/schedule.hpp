// The temperature of simulated annealing: exponential cooling T <- cooling * T after every
// finished move, the Metropolis rule, and the automatic first temperature.
#pragma once

#include <algorithm>
#include <cmath>
#include <vector>

namespace ams_local {

// Metropolis: a better (or equal) loss is always accepted, a worse one with probability
// exp(-(new - old) / T). A failed trial (infinite loss) is accepted only from an infinite one.
inline bool metropolis(double old_loss, double new_loss, double temperature, double u) {
  if (!std::isfinite(new_loss)) return !std::isfinite(old_loss);
  if (new_loss <= old_loss) return true;
  if (temperature <= 0) return false;
  return u < std::exp(-(new_loss - old_loss) / temperature);
}

// t0 from the spread of the first losses: their standard deviation, so that a move uphill by
// a typical difference between random points is accepted with probability exp(-1) at first.
// Falls back to a scale of the values, then to 1, when the losses are all equal.
inline double automatic_t0(const std::vector<double>& losses) {
  std::vector<double> finite;
  for (double v : losses)
    if (std::isfinite(v)) finite.push_back(v);
  if (finite.empty()) return 1.0;
  double mean = 0;
  for (double v : finite) mean += v;
  mean /= double(finite.size());
  double var = 0;
  for (double v : finite) var += (v - mean) * (v - mean);
  double sd = finite.size() > 1 ? std::sqrt(var / double(finite.size() - 1)) : 0.0;
  if (sd > 0) return sd;
  if (mean != 0) return 0.1 * std::abs(mean);
  return 1.0;
}

}  // namespace ams_local
