// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Incoming spikes of the precise-spiking models (NEST's SliceRingBuffer).
//
// A model that declares `precise_input = true` (iaf_psc_*_ps) gets every
// spike from a neuron or spike generator as its own event, (offset, weight),
// instead of a sum in a ring cell, and integrates from event to event in
// time order. The events wait in a buffer beside the ring with the ring's
// slots: per slot, each precise target has a block of as many events as it
// has incoming connections (a connection delivers at most one event per
// source spike, and a neuron spikes at most once per step), and a count.
// Delivery appends (CPU: by the thread that owns the target; CUDA: claiming
// the place atomically), the target's step reads the block of its step,
// sorts it and clears the count. Generator input (Poisson counts, currents)
// stays in the ring: it carries no offsets.
//
// Layout: events[slot * total + base[t] + k], counts[slot * n_targets + t],
// for precise target t (its population's precise_first + local index).

#include <cstdint>

#include "roost/hd.hpp"
#include "roost/ring_buffer.hpp"

namespace roost {

struct PreciseEvent {
  double offset;  // ms before the end of the step (NEST's SpikeEvent offset)
  double weight;  // weight * multiplicity (* spike_generator's spike weight)
};

struct PreciseEventView {
  PreciseEvent* events = nullptr;
  unsigned long long* counts = nullptr;
  const std::uint64_t* base = nullptr;  // n_targets + 1 entries
  std::uint64_t total = 0;               // events per slot
  std::uint64_t n_targets = 0;
  unsigned long long* overflow = nullptr;  // set to 1 when a block was full (a spike generator's burst)

  // Stores an event for target t in ring slot `slot`; `claim(counter)`
  // returns the counter's old value and increments it (atomically where
  // several threads deliver to one target).
  template <class Claim>
  ROOST_HD void push(Step slot, std::uint64_t t, double offset, double weight, Claim claim) const {
    const auto s = static_cast<std::uint64_t>(slot);
    const unsigned long long k = claim(counts + s * n_targets + t);
    if (base[t] + k >= base[t + 1]) {
      *overflow = 1;
      return;
    }
    events[s * total + base[t] + k] = PreciseEvent{offset, weight};
  }
  // Target t's events of ring slot `slot` (count in n); the caller clears them with take_done.
  ROOST_HD PreciseEvent* block(Step slot, std::uint64_t t, int& n) const {
    const auto s = static_cast<std::uint64_t>(slot);
    const unsigned long long c = counts[s * n_targets + t];
    const unsigned long long cap = base[t + 1] - base[t];
    n = static_cast<int>(c < cap ? c : cap);
    return events + s * total + base[t];
  }
  ROOST_HD void clear(Step slot, std::uint64_t t) const { counts[static_cast<std::uint64_t>(slot) * n_targets + t] = 0; }
};

// Sorts a target's events into NEST's order: earlier first (larger offset),
// ties by weight, so that the order does not depend on which thread or rank
// delivered first.
ROOST_HD inline void sort_precise_events(PreciseEvent* ev, int n) {
  for (int a = 1; a < n; ++a) {
    const PreciseEvent x = ev[a];
    int b = a - 1;
    while (b >= 0 && (ev[b].offset < x.offset || (ev[b].offset == x.offset && ev[b].weight > x.weight))) {
      ev[b + 1] = ev[b];
      --b;
    }
    ev[b + 1] = x;
  }
}

// Models that take their spikes as events (see above).
template <class M>
constexpr bool has_precise_input() {
  if constexpr (requires { M::precise_input; }) {
    return M::precise_input;
  } else {
    return false;
  }
}

// Models that repeat their input events as their spikes (parrot_neuron_ps):
// update_neuron leaves the step's sorted block in place; the backend sends
// one spike per event (repeat_events) and clears it. A neuron of such a model
// can send several spikes, each with its own offset, in one step.
template <class M>
constexpr bool repeats_events() {
  if constexpr (requires { M::repeats_events; }) {
    return M::repeats_events;
  } else {
    return false;
  }
}

// The spikes of target t in ring slot `slot` of a model that repeats its
// events: emit(multiplicity, offset) per event in time order (weights hold
// multiplicities; 0: an ignored port), then the rest of `total` (the
// generators' counts, at the end of the step); clears the block.
template <class Emit>
ROOST_HD void repeat_events(const PreciseEventView& v, Step slot, std::uint64_t t, int total, Emit emit) {
  int n = 0, sent = 0;
  const PreciseEvent* ev = v.counts != nullptr ? v.block(slot, t, n) : nullptr;
  for (int k = 0; k < n; ++k) {
    const int m = static_cast<int>(ev[k].weight + 0.5);
    if (m <= 0) continue;
    emit(m, ev[k].offset);
    sent += m;
  }
  if (total > sent) emit(total - sent, 0.0);
  if (v.counts != nullptr) v.clear(slot, t);
}

}  // namespace roost
