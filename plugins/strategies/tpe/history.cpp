#include "history.hpp"

#include <algorithm>
#include <cmath>

namespace tpe {

History::History(const Space& space)
    : space_(space), columns_(size_t(space.size())), sorted_(size_t(space.size())) {}

void History::add(const double* internal, const Rank& rank) {
  const int32_t t = n_++;
  for (int32_t d = 0; d < space_.size(); ++d) {
    auto& column = columns_[size_t(d)];
    column.push_back(internal[d]);
    if (std::isnan(internal[d]) || space_.dims[size_t(d)].categorical) continue;
    auto& order = sorted_[size_t(d)];
    auto at = std::upper_bound(order.begin(), order.end(), internal[d],
                               [&](double v, int32_t i) { return v < column[size_t(i)]; });
    order.insert(at, t);
  }
  ranks_.push_back(rank);
  auto at = std::upper_bound(ranking_.begin(), ranking_.end(), rank,
                             [&](const Rank& r, int32_t i) { return r < ranks_[size_t(i)]; });
  ranking_.insert(at, t);
}

}  // namespace tpe
