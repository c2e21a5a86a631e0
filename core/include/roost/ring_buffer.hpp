// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Geometry of the spike ring buffers, shared by the backends.
//
// Input for step n (read by the target in step n) lives in slot n % n_slots.
// Spikes of a slice [T, T+m), m <= min_delay, are delivered at its end with
// delays d in [min_delay, max_delay]; they land in steps up to
// T+m-1+max_delay while steps from T+m on are still to be read, so
// n_slots = min_delay + max_delay slots never overlap (NEST's ring_buffer.h
// derives the same length). A slot holds, for each population, channel-major
// blocks: slot[offset + channel * n + neuron].

#include <cmath>
#include <cstddef>
#include <cstdint>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"

namespace roost {

// A ring cell holds the sum of its inputs in fixed point, in units of
// 2^-32 (pA, mV or spikes, whatever the channel takes): integer additions are
// exact, so the sum does not depend on the order of the additions, and every
// thread count, rank count and backend (atomics on the GPU) gives the same
// bits. One input is rounded to 2^-33 (1.2e-10) at most; a cell holds
// |sum| < 2^31 (2.1e9). See docs/architecture.md ("Input accumulation").
using RingCell = std::int64_t;
ROOST_HD inline RingCell ring_value(double v) { return static_cast<RingCell>(llrint(v * 0x1p32)); }
ROOST_HD inline double ring_input(RingCell cell) { return static_cast<double>(cell) * 0x1p-32; }

struct RingGeometry {
  std::size_t slot_size = 0;  // cells per slot
  Step n_slots = 0;

  static RingGeometry for_delays(std::size_t slot_size, Step min_delay, Step max_delay) {
    return {slot_size, min_delay + max_delay};
  }
  ROOST_HD Step slot(Step step) const { return step % n_slots; }
  // Slot `delay` steps after slot `base`; valid for 0 <= delay < n_slots.
  ROOST_HD Step slot_after(Step base, Step delay) const {
    const Step s = base + delay;
    return s >= n_slots ? s - n_slots : s;
  }
  ROOST_HD std::size_t index(Step slot_number, std::size_t offset) const {
    return static_cast<std::size_t>(slot_number) * slot_size + offset;
  }
  std::size_t total() const { return static_cast<std::size_t>(n_slots) * slot_size; }
};

}  // namespace roost
