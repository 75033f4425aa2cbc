// Runs job(i) for i = 0 .. n-1 on up to `threads` threads (0: the
// machine's), each taking the next index as it finishes one. Jobs must be
// independent: each writes only its own result, so what they compute does
// not depend on which thread ran which, or in what order.
#pragma once
#include <algorithm>
#include <atomic>
#include <cstddef>
#include <thread>
#include <vector>

namespace sluice::base {

template <class Job>
void parallel_for(std::size_t n, int threads, const Job& job) {
  const std::size_t machine = std::max(1u, std::thread::hardware_concurrency());
  const std::size_t want = threads > 0 ? static_cast<std::size_t>(threads) : machine;
  const std::size_t workers = std::min(want, n);
  if (workers <= 1) {
    for (std::size_t i = 0; i < n; ++i) job(i);
    return;
  }
  std::atomic<std::size_t> next{0};
  auto work = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < n;) job(i);
  };
  std::vector<std::thread> pool;
  for (std::size_t w = 1; w < workers; ++w) pool.emplace_back(work);
  work();  // the calling thread is one of the workers
  for (auto& t : pool) t.join();
}

}  // namespace sluice::base
