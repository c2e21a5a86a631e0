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
#include <vector>

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

// One neuron's cells in one slot, for models whose number of receptor ports
// is set at run time (multisynapse models): take(ch) reads and clears the
// input of spike channel ch; current() the step-current channel (the last).
struct InputCells {
  RingCell* block;  // the population's block in this step's slot
  Index n;          // neurons of the population
  Index i;
  int current_channel;
  ROOST_HD double take(int channel) const {
    RingCell& cell = block[static_cast<Index>(channel) * n + i];
    const double v = ring_input(cell);
    cell = 0;
    return v;
  }
  ROOST_HD double current() const { return take(current_channel); }
};

// Where one population's cells sit in a slot (offset, neurons, channels; the
// last channel takes step currents).
struct RingBlock {
  std::size_t offset = 0;
  Index n = 0;
  int channels = 1;
  bool operator==(const RingBlock&) const = default;
};

// A contiguous run of cells to carry from one slot layout to the next.
struct RingSegment {
  std::size_t from = 0, to = 0, length = 0;
};

// The copies that move pending input into a new slot layout: populations only
// get appended, but a population's channel count may grow (a multisynapse
// neuron given more receptor ports); spike channel k stays channel k and the
// current channel stays last. `before` lists the old blocks, `after` the new
// ones in the same order (and possibly more of them).
inline std::vector<RingSegment> ring_segments(const std::vector<RingBlock>& before, const std::vector<RingBlock>& after) {
  std::vector<RingSegment> out;
  auto add = [&out](std::size_t from, std::size_t to, std::size_t length) {
    if (length == 0) return;
    if (!out.empty() && out.back().from + out.back().length == from && out.back().to + out.back().length == to) {
      out.back().length += length;
    } else {
      out.push_back({from, to, length});
    }
  };
  for (std::size_t p = 0; p < before.size() && p < after.size(); ++p) {
    const RingBlock& b = before[p];
    const RingBlock& a = after[p];
    const auto n = static_cast<std::size_t>(b.n);
    add(b.offset, a.offset, static_cast<std::size_t>(b.channels - 1) * n);
    add(b.offset + static_cast<std::size_t>(b.channels - 1) * n, a.offset + static_cast<std::size_t>(a.channels - 1) * n, n);
  }
  return out;
}

}  // namespace roost
