#include "asha.hpp"

#include <algorithm>

namespace ams_hyperband {

AshaSchedule::AshaSchedule(const Ladder& ladder)
    : ladder_(ladder),
      rungs_(static_cast<size_t>(ladder.brackets()),
             std::vector<Rung>(static_cast<size_t>(ladder.top() + 1))),
      started_(static_cast<size_t>(ladder.brackets()), 0) {}

int64_t AshaSchedule::next_bracket() const {
  // The bracket furthest behind its share: smallest (started + 1) / bracket size.
  int64_t chosen = 0;
  double lowest = 0;
  for (int64_t b = 0; b < ladder_.brackets(); ++b) {
    double share = static_cast<double>(started_[static_cast<size_t>(b)] + 1) /
                   static_cast<double>(ladder_.bracket_size(b));
    if (b == 0 || share < lowest - 1e-12) {
      chosen = b;
      lowest = share;
    }
  }
  return chosen;
}

ams_status AshaSchedule::next(int64_t /*number*/, const std::function<int64_t()>& new_config,
                              Job& job) {
  for (int64_t k = ladder_.top() - 1; k >= 0; --k) {
    for (int64_t b = 0; b < std::min(k + 1, ladder_.brackets()); ++b) {
      Rung& r = rung(b, k);
      const size_t n_top = r.results.size() / static_cast<size_t>(ladder_.eta());
      if (n_top == 0) continue;
      auto ranked = r.results;
      std::partial_sort(ranked.begin(), ranked.begin() + static_cast<std::ptrdiff_t>(n_top),
                        ranked.end());
      for (size_t i = 0; i < n_top; ++i) {
        int64_t config = ranked[i].second;
        if (r.promoted.insert(config).second) {
          job = {config, k + 1};
          return AMS_OK;
        }
      }
    }
  }
  const int64_t bracket = next_bracket();
  ++started_[static_cast<size_t>(bracket)];
  job = {new_config(), bracket};
  bracket_of_[job.config] = bracket;
  return AMS_OK;
}

void AshaSchedule::record(int64_t config, int64_t k, double loss) {
  auto it = bracket_of_.find(config);
  const int64_t bracket = it != bracket_of_.end() ? it->second : std::min(k, ladder_.brackets() - 1);
  if (it == bracket_of_.end() && bracket == k) ++started_[static_cast<size_t>(bracket)];
  bracket_of_[config] = bracket;
  rung(bracket, k).results.emplace_back(loss, config);
}

void AshaSchedule::result(int64_t /*number*/, const Job& job, double loss) {
  record(job.config, job.rung, loss);
}

void AshaSchedule::foreign(const Job& job, double loss) {
  record(job.config, job.rung, loss);
  // An evaluation above the base rung means the configuration was promoted there.
  const int64_t bracket = bracket_of_[job.config];
  if (job.rung > bracket) rung(bracket, job.rung - 1).promoted.insert(job.config);
}

}  // namespace ams_hyperband
