// Runs task(i) for i in [0, n) on up to n_threads threads; the first exception is rethrown
// on the caller's thread once every worker has stopped.
#pragma once

#include <algorithm>
#include <atomic>
#include <cstdint>
#include <exception>
#include <mutex>
#include <thread>
#include <vector>

namespace amsrf {

inline int32_t resolve_threads(int64_t n_jobs) {
  if (n_jobs > 0) return static_cast<int32_t>(n_jobs);
  const auto hw = static_cast<int32_t>(std::thread::hardware_concurrency());
  return std::max(1, hw);
}

// make_worker() is called once per thread and returns that thread's callable; this lets each
// thread own scratch state (a tree builder) without sharing it.
template <class MakeWorker>
void parallel_for(int64_t n, int32_t n_threads, MakeWorker make_worker) {
  n_threads = static_cast<int32_t>(std::max<int64_t>(1, std::min<int64_t>(n_threads, n)));
  std::atomic<int64_t> next{0};
  std::atomic<bool> failed{false};
  std::exception_ptr error;
  std::mutex error_mutex;
  auto run = [&] {
    try {
      auto work = make_worker();
      for (int64_t i; !failed.load(std::memory_order_relaxed) && (i = next.fetch_add(1)) < n;) work(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(error_mutex);
      if (!error) error = std::current_exception();
      failed = true;
    }
  };
  if (n_threads == 1) {
    run();
  } else {
    std::vector<std::thread> threads;
    threads.reserve(static_cast<size_t>(n_threads - 1));
    for (int32_t t = 1; t < n_threads; ++t) threads.emplace_back(run);
    run();
    for (auto& t : threads) t.join();
  }
  if (error) std::rethrow_exception(error);
}

}  // namespace amsrf
