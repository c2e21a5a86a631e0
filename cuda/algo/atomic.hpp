// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The one atomic the CUDA backend needs: add a double. atomicAdd on the device,
// std::atomic_ref on the host (the emulated build runs functors on OpenMP threads).

#include <cstdint>

#include "roost/hd.hpp"

#if !defined(__CUDA_ARCH__)
#include <atomic>
#endif

namespace roost::cuda {

// Ring cells (fixed point, roost/ring_buffer.hpp): exact, order-independent.
ROOST_HD inline void atomic_add(std::int64_t* address, std::int64_t value) {
#if defined(__CUDA_ARCH__)
  atomicAdd(reinterpret_cast<unsigned long long*>(address), static_cast<unsigned long long>(value));
#else
  std::atomic_ref<std::int64_t>(*address).fetch_add(value, std::memory_order_relaxed);
#endif
}

ROOST_HD inline void atomic_add(double* address, double value) {
#if defined(__CUDA_ARCH__)
  atomicAdd(address, value);
#else
  std::atomic_ref<double>(*address).fetch_add(value, std::memory_order_relaxed);
#endif
}

}  // namespace roost::cuda

namespace roost::cuda {

// Claims the next slot of a device buffer (weight_recorder events).
ROOST_HD inline unsigned long long atomic_claim(unsigned long long* cursor) {
#if defined(__CUDA_ARCH__)
  return atomicAdd(cursor, 1ull);
#else
  return std::atomic_ref<unsigned long long>(*cursor).fetch_add(1ull, std::memory_order_relaxed);
#endif
}

}  // namespace roost::cuda
