// The budget ladder shared by both schedules: rungs k = 0..top with budgets eta^(k - top), so
// the top rung is the full evaluation (budget 1) and the bottom one the smallest power of 1/eta
// not below min_budget. A bracket starts at a base rung and climbs to the top; bracket 0 is the
// most aggressive (most configurations, smallest budget).
#pragma once

#include <cstdint>
#include <optional>

namespace ams_hyperband {

class Ladder {
 public:
  Ladder(double min_budget, int64_t eta, int64_t brackets);  // brackets 0 = all

  int64_t eta() const { return eta_; }
  int64_t top() const { return top_; }             // index of the full-budget rung
  int64_t brackets() const { return brackets_; }   // bracket b starts at rung b
  double budget(int64_t rung) const;
  // The rung whose budget this is (a told trial's), if any.
  std::optional<int64_t> rung_of(double budget) const;
  // Hyperband's number of configurations started in bracket b: ceil((top+1)/(s+1) * eta^s)
  // with s = top - b the number of halvings.
  int64_t bracket_size(int64_t bracket) const;

 private:
  int64_t eta_, top_, brackets_;
};

}  // namespace ams_hyperband
