#include <cstdio>

#include "scheduler.hpp"

namespace ams_hyperband {

std::string ConfigTable::key(const std::vector<double>& values) {
  // 12 significant digits: a value that went through storage and back still matches.
  std::string k;
  for (double x : values) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.12g,", x);
    k += buf;
  }
  return k;
}

int64_t ConfigTable::add(std::vector<double> values) {
  const int64_t id = static_cast<int64_t>(values_.size());
  ids_.emplace(key(values), id);  // a repeated configuration keeps its first id for lookups
  values_.push_back(std::move(values));
  return id;
}

std::optional<int64_t> ConfigTable::find(const std::vector<double>& values) const {
  auto it = ids_.find(key(values));
  if (it == ids_.end()) return std::nullopt;
  return it->second;
}

}  // namespace ams_hyperband
