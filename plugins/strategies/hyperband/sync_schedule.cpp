#include "sync_schedule.hpp"

#include <algorithm>

namespace ams_hyperband {

SyncSchedule::SyncSchedule(const Ladder& ladder) : ladder_(ladder) { start_bracket(); }

void SyncSchedule::start_bracket() {
  rung_ = bracket_;
  slots_.assign(static_cast<size_t>(ladder_.bracket_size(bracket_)), Slot{});
}

void SyncSchedule::fill_from_told() {
  const bool base = rung_ == bracket_;
  for (Slot& slot : slots_) {
    if (slot.done || slot.number >= 0) continue;
    for (Told& t : told_) {
      if (t.used || t.job.rung != rung_) continue;
      if (!base && t.job.config != slot.config) continue;
      if (base && std::any_of(slots_.begin(), slots_.end(),
                              [&](const Slot& s) { return s.config == t.job.config; }))
        continue;  // one configuration fills one slot
      t.used = true;
      slot.config = t.job.config;
      slot.loss = t.loss;
      slot.done = true;
      break;
    }
  }
}

void SyncSchedule::climb() {
  const size_t keep = slots_.size() / static_cast<size_t>(ladder_.eta());
  if (rung_ == ladder_.top() || keep == 0) {
    ++bracket_;
    if (bracket_ < ladder_.brackets()) start_bracket();
    return;
  }
  std::stable_sort(slots_.begin(), slots_.end(), [](const Slot& a, const Slot& b) {
    return a.loss < b.loss || (a.loss == b.loss && a.config < b.config);
  });
  std::vector<Slot> next(keep);
  for (size_t i = 0; i < keep; ++i) next[i].config = slots_[i].config;
  slots_ = std::move(next);
  ++rung_;
}

ams_status SyncSchedule::next(int64_t number, const std::function<int64_t()>& new_config,
                              Job& job) {
  while (bracket_ < ladder_.brackets()) {
    fill_from_told();
    if (std::all_of(slots_.begin(), slots_.end(), [](const Slot& s) { return s.done; })) {
      climb();
      continue;
    }
    for (Slot& slot : slots_) {
      if (slot.done || slot.number >= 0) continue;
      if (slot.config < 0) slot.config = new_config();
      slot.number = number;
      job = {slot.config, rung_};
      return AMS_OK;
    }
    return AMS_NOT_READY;
  }
  return AMS_EXHAUSTED;
}

void SyncSchedule::result(int64_t number, const Job& /*job*/, double loss) {
  for (Slot& slot : slots_)
    if (slot.number == number && !slot.done) {
      slot.loss = loss;
      slot.done = true;
    }
}

void SyncSchedule::foreign(const Job& job, double loss) { told_.push_back({job, loss}); }

}  // namespace ams_hyperband
