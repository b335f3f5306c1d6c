#include "population.hpp"

#include <algorithm>

namespace ams_genetic {

bool better(const Member& a, const Member& b) {
  if (a.pruned != b.pruned) return !a.pruned;
  if (a.loss != b.loss) return a.loss < b.loss;
  return a.number < b.number;
}

Population::Population(int64_t size, int64_t elite, int64_t tournament)
    : size_(size), elite_(elite), tournament_(tournament) {}

void Population::add(Member member) {
  offspring_.push_back(std::move(member));
  advance();
}

void Population::advance() {
  // The first generation is the first `size` results; later ones need size - elite children.
  const int64_t needed = current_.empty() ? size_ : size_ - elite_;
  if (static_cast<int64_t>(offspring_.size()) < needed) return;
  std::vector<Member> next;
  std::sort(current_.begin(), current_.end(), better);
  for (int64_t i = 0; i < std::min<int64_t>(elite_, static_cast<int64_t>(current_.size())); ++i)
    next.push_back(std::move(current_[static_cast<size_t>(i)]));
  std::sort(offspring_.begin(), offspring_.end(), better);
  for (auto& child : offspring_) {
    if (static_cast<int64_t>(next.size()) >= size_) break;
    next.push_back(std::move(child));
  }
  current_ = std::move(next);
  offspring_.clear();
  ++generation_;
}

const Member& Population::select(Rng& rng) const {
  const int64_t n = static_cast<int64_t>(current_.size());
  const Member* winner = nullptr;
  // Entrants drawn without replacement (a partial Fisher-Yates over indices).
  std::vector<int64_t> order(static_cast<size_t>(n));
  for (int64_t i = 0; i < n; ++i) order[static_cast<size_t>(i)] = i;
  for (int64_t t = 0; t < std::min(tournament_, n); ++t) {
    int64_t j = t + rng.below(n - t);
    std::swap(order[static_cast<size_t>(t)], order[static_cast<size_t>(j)]);
    const Member& entrant = current_[static_cast<size_t>(order[static_cast<size_t>(t)])];
    if (!winner || better(entrant, *winner)) winner = &entrant;
  }
  return *winner;
}

}  // namespace ams_genetic
