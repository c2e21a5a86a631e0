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

namespace roost {

template <class Body>
void parallel_for(std::size_t n, int threads, Body&& body) {
  std::exception_ptr error;
  std::size_t error_index = std::numeric_limits<std::size_t>::max();
  std::mutex mutex;
#ifdef _OPENMP
#pragma omp parallel for schedule(static) num_threads(threads > 0 ? threads : 1)
#endif
  for (std::size_t i = 0; i < n; ++i) {
    try {
      body(i);
    } catch (...) {
      std::lock_guard<std::mutex> lock(mutex);
      if (i < error_index) {
        error_index = i;
        error = std::current_exception();
      }
    }
  }
  (void)threads;
  if (error) std::rethrow_exception(error);
}

}  // namespace roost
