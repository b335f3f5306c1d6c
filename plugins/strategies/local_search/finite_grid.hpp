// A space with finitely many trials (no continuous parameter and a small grid): which of them
// were asked or told, so that a strategy avoids repeats and says when nothing is left.
#pragma once

#include <iterator>
#include <map>
#include <optional>
#include <set>
#include <string>

#include "rng.hpp"
#include "unit_space.hpp"

namespace ams_local {

class FiniteGrid {
 public:
  // Spaces with more combinations than this are treated as unbounded.
  static constexpr double kLimit = 20000;

  explicit FiniteGrid(const UnitSpace& space) : all_(space.enumerate(kLimit)) {}

  bool finite() const { return !all_.empty(); }
  void note(const std::string& key) {
    if (all_.count(key)) seen_.insert(key);
  }
  bool seen(const std::string& key) const { return seen_.count(key) != 0; }
  bool exhausted() const { return finite() && seen_.size() >= all_.size(); }
  // A trial not yet seen, searched from a random place in the grid; none when exhausted.
  std::optional<Point> unseen(Rng& rng) const {
    if (exhausted()) return std::nullopt;
    auto it = all_.begin();
    std::advance(it, rng.below(int64_t(all_.size())));
    for (size_t n = 0; n < all_.size(); ++n, ++it) {
      if (it == all_.end()) it = all_.begin();
      if (!seen_.count(it->first)) return it->second;
    }
    return std::nullopt;
  }

 private:
  std::map<std::string, Point> all_;
  std::set<std::string> seen_;
};

}  // namespace ams_local
