// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// parallel_for over an index range on OpenMP threads (serially without OpenMP),
// for host-side construction work. Exceptions thrown by the body are captured
// and the one from the lowest index is rethrown after the loop, so errors are
// reported as a serial loop would report them.

#include <cstddef>
#include <exception>
#include <limits>
#include <mutex>

#ifdef _OPENMP
#include <omp.h>
#endif

namespace roost {

// Threads to use for `num_threads` as the caller gives it (<= 0: OpenMP's
// default; 1 without OpenMP).
inline int effective_threads(int num_threads) {
#ifdef _OPENMP
  return num_threads > 0 ? num_threads : omp_get_max_threads();
#else
  (void)num_threads;
  return 1;
#endif
}

// schedule: static (equal blocks) or dynamic (chunks of 64 indices handed out
// as threads free up: for bodies of very unequal cost).
enum class Schedule { static_blocks, dynamic_chunks };

template <class Body>
void parallel_for(std::size_t n, int threads, Body&& body, Schedule schedule = Schedule::static_blocks) {
  std::exception_ptr error;
  std::size_t error_index = std::numeric_limits<std::size_t>::max();
  std::mutex mutex;
  auto run = [&](std::size_t i) {
    try {
      body(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      if (i < error_index) {
        error_index = i;
        error = std::current_exception();
      }
    }
  };
  const int team = threads > 0 ? threads : 1;
  if (schedule == Schedule::dynamic_chunks) {
#ifdef _OPENMP
#pragma omp parallel for schedule(dynamic, 64) num_threads(team)
#endif
    for (std::size_t i = 0; i < n; ++i) run(i);
  } else {
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(team)
#endif
    for (std::size_t i = 0; i < n; ++i) run(i);
  }
  (void)team;
  if (error) std::rethrow_exception(error);
}

}  // namespace roost
