// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Host storage of the precise models' event buffer (precise_events.hpp): the
// CPU backend works on it, the CUDA backend keeps its arrays on the device
// and comes here only to re-lay them out at a prepare.

#include <algorithm>
#include <cstdint>
#include <vector>

#include "roost/error.hpp"
#include "roost/precise_events.hpp"

namespace roost {

struct PreciseEventStore {
  std::vector<std::uint64_t> base{0};
  std::vector<unsigned long long> counts;
  std::vector<PreciseEvent> events;
  Step n_slots = 0;

  std::uint64_t n_targets() const { return base.size() - 1; }
  std::uint64_t total() const { return base.back(); }
  bool same_layout(const std::vector<std::uint64_t>& next_base, Step next_slots) const {
    return next_slots == n_slots && next_base == base;
  }

  // New capacities or slot count: pending events (the steps now ..
  // now + slots - 1) move to their targets' new blocks. Targets keep their
  // numbers (new populations come after the old ones).
  void relayout(const std::vector<std::uint64_t>& next_base, Step next_slots, Step now) {
    PreciseEventStore next;
    next.base = next_base;
    next.n_slots = next_slots;
    const std::uint64_t nt = next.n_targets();
    next.counts.assign(static_cast<std::size_t>(next_slots) * nt, 0);
    next.events.assign(static_cast<std::size_t>(next_slots) * next.total(), PreciseEvent{0.0, 0.0});
    const Step carry = std::min(next_slots, n_slots);
    const std::uint64_t common = std::min(nt, n_targets());
    for (Step step = now; step < now + carry; ++step) {
      const auto from = static_cast<std::uint64_t>(step % n_slots), to = static_cast<std::uint64_t>(step % next_slots);
      for (std::uint64_t t = 0; t < common; ++t) {
        const unsigned long long c = std::min<unsigned long long>(
            {counts[from * n_targets() + t], base[t + 1] - base[t], next.base[t + 1] - next.base[t]});
        next.counts[to * nt + t] = c;
        std::copy_n(events.begin() + static_cast<std::ptrdiff_t>(from * total() + base[t]), c,
                    next.events.begin() + static_cast<std::ptrdiff_t>(to * next.total() + next.base[t]));
      }
    }
    *this = std::move(next);
  }

  PreciseEventView view(unsigned long long* overflow) {
    PreciseEventView v;
    v.events = events.data();
    v.counts = counts.data();
    v.base = base.data();
    v.total = total();
    v.n_targets = n_targets();
    v.overflow = overflow;
    return v;
  }
};

// Blocks hold one event per connection and step (a spike generator's: as
// many as its train has in one step when the tables were built); more (spike
// times changed to a denser train since) is an error, never a silent loss.
inline void check_precise_overflow(unsigned long long& flag) {
  if (flag == 0) return;
  flag = 0;
  throw Error(ErrorKind::KernelException,
              "A precise-spiking neuron received more spikes in one step than its input buffer was sized "
              "for (a spike_generator's spike_times made denser after the connections were made); "
              "connect again or call ResetKernel.");
}

}  // namespace roost
