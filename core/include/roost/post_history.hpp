// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The postsynaptic spike history that spike-timing synapses read (NEST's
// ArchivingNode), written once for both backends over raw arrays.
//
// Only neurons that are targets of a history-reading synapse keep one (an
// "archive slot"). Each slot holds a ring of at most `capacity` entries
// (spike time, K- and K-triplet just after that spike, how many incoming
// synapses have read the entry). An entry is dropped, as in NEST, once every
// incoming synapse has read it and a later entry lies more than
// max_delay + min_delay behind the newest spike; a spike that finds the ring
// full sets `overflow` (the kernel raises an error naming the neuron and the
// kernel property post_history_capacity): history is never lost silently.

#include <cmath>
#include <cstdint>

#include "roost/hd.hpp"

#if !defined(__CUDA_ARCH__)
#include <atomic>
#endif

namespace roost {

// NEST compares spike times in the history with this tolerance (ms).
inline constexpr double kStdpEps = 1.0e-6;

struct HistoryEntry {
  double t;               // spike time (ms)
  double Kminus;          // K- just after this spike
  double Kminus_triplet;  // K-triplet just after this spike
  std::uint32_t access;   // incoming synapses that have read this entry
  std::uint32_t pad;
};

// Increments a counter that synapses on other device threads may increment too.
ROOST_HD inline void history_atomic_increment(std::uint32_t* counter) {
#if defined(__CUDA_ARCH__)
  atomicAdd(counter, 1u);
#else
  std::atomic_ref<std::uint32_t>(*counter).fetch_add(1u, std::memory_order_relaxed);
#endif
}

// All archive slots of a backend: per-slot arrays, entries[slot * capacity + k].
struct PostHistory {
  HistoryEntry* entries = nullptr;
  std::uint32_t* head = nullptr;   // ring position of the oldest entry
  std::uint32_t* count = nullptr;  // entries held
  double* Kminus = nullptr;        // trace after the last spike
  double* Kminus_triplet = nullptr;
  double* last_spike = nullptr;    // ms; -1 before the first spike (as NEST)
  const std::uint32_t* n_incoming = nullptr;  // history-reading synapses onto the neuron
  const double* max_delay = nullptr;          // their largest delay (ms)
  const double* tau_minus_inv = nullptr;      // 1/tau_minus of the neuron
  const double* tau_minus_triplet_inv = nullptr;
  std::uint32_t capacity = 0;
  double min_delay_ms = 0.0;  // the kernel's min_delay (ms), for pruning
  std::int64_t* overflow = nullptr;  // set to slot + 1 when a ring was full

  ROOST_HD HistoryEntry& at(std::int64_t slot, std::uint32_t k) const {
    return entries[slot * static_cast<std::int64_t>(capacity) + (head[slot] + k) % capacity];
  }

  // A spike of the neuron in `slot` at t_ms (NEST's set_spiketime).
  ROOST_HD void archive_spike(std::int64_t slot, double t_ms) const {
    if (n_incoming[slot] == 0) {
      last_spike[slot] = t_ms;
      return;
    }
    const double horizon = max_delay[slot] + min_delay_ms + kStdpEps;
    while (count[slot] > 1 && at(slot, 0).access >= n_incoming[slot] && t_ms - at(slot, 1).t > horizon) {
      head[slot] = (head[slot] + 1) % capacity;
      --count[slot];
    }
    const double decay_by = last_spike[slot] - t_ms;
    Kminus[slot] = Kminus[slot] * std::exp(decay_by * tau_minus_inv[slot]) + 1.0;
    Kminus_triplet[slot] = Kminus_triplet[slot] * std::exp(decay_by * tau_minus_triplet_inv[slot]) + 1.0;
    last_spike[slot] = t_ms;
    if (count[slot] == capacity) {
      *overflow = slot + 1;
      return;
    }
    HistoryEntry& e = at(slot, count[slot]);
    e = HistoryEntry{t_ms, Kminus[slot], Kminus_triplet[slot], 0u, 0u};
    ++count[slot];
  }
};

// Entries k in [first, last) of a slot's ring, oldest first.
struct HistoryRange {
  std::uint32_t first = 0, last = 0;
};

struct ClopathHistory;  // roost/clopath_history.hpp

// What a plastic synapse sees of its target: the target's archive slot.
struct PostView {
  const PostHistory* history = nullptr;
  std::int64_t slot = -1;  // -1: the target keeps no history
  // Models that read the Clopath history (SynapseTraits::reads_clopath_history):
  // `slot` is the target's Clopath slot in here (clopath_view()).
  const ClopathHistory* clopath = nullptr;

  ROOST_HD std::uint32_t size() const { return slot < 0 ? 0u : history->count[slot]; }
  ROOST_HD const HistoryEntry& entry(std::uint32_t k) const { return history->at(slot, k); }

  // The entries with t1 < t <= t2 (NEST's get_history, with its tolerance),
  // each marked as read by one more synapse.
  ROOST_HD HistoryRange read_history(double t1, double t2) const {
    HistoryRange r;
    std::uint32_t k = size();
    while (k > 0 && entry(k - 1).t >= t2 + kStdpEps) --k;
    r.last = k;
    while (k > 0 && entry(k - 1).t >= t1 + kStdpEps) {
      history_atomic_increment(&history->at(slot, k - 1).access);
      --k;
    }
    r.first = k;
    return r;
  }

  // Index + 1 of the latest entry strictly before t (0: none).
  ROOST_HD std::uint32_t latest_before(double t) const {
    std::uint32_t k = size();
    while (k > 0 && !(t - entry(k - 1).t > kStdpEps)) --k;
    return k;
  }

  // K- at time t from the spikes strictly before t (NEST's get_K_value).
  ROOST_HD double k_value(double t) const {
    const std::uint32_t k = latest_before(t);
    if (k == 0) return 0.0;
    const HistoryEntry& e = entry(k - 1);
    return e.Kminus * std::exp((e.t - t) * history->tau_minus_inv[slot]);
  }

  // NEST's get_K_values: K-, the nearest-neighbour trace exp(-(t - t_last)/tau_minus)
  // and K-triplet at time t, from the spikes strictly before t.
  ROOST_HD void k_values(double t, double& K, double& nearest_K, double& K_triplet) const {
    if (size() == 0) {
      const bool any = slot >= 0;
      K = any ? history->Kminus[slot] : 0.0;
      nearest_K = K;
      K_triplet = any ? history->Kminus_triplet[slot] : 0.0;
      return;
    }
    const std::uint32_t k = latest_before(t);
    if (k == 0) {
      K = nearest_K = K_triplet = 0.0;
      return;
    }
    const HistoryEntry& e = entry(k - 1);
    K_triplet = e.Kminus_triplet * std::exp((e.t - t) * history->tau_minus_triplet_inv[slot]);
    K = e.Kminus * std::exp((e.t - t) * history->tau_minus_inv[slot]);
    nearest_K = std::exp((e.t - t) * history->tau_minus_inv[slot]);
  }

  ROOST_HD double tau_minus_inv() const { return slot < 0 ? 0.0 : history->tau_minus_inv[slot]; }
};

}  // namespace roost
