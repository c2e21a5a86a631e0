// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Host storage behind a PostHistory (the CPU backend's own; the CUDA backend
// mirrors it on the device only to carry histories over when the set of
// archived neurons changes between runs).

#include <algorithm>
#include <cstdint>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/post_history.hpp"

namespace roost {

struct HistoryStore {
  std::vector<Gid> gids;  // archived neuron of each slot, ascending
  std::uint32_t capacity = 0;
  std::vector<HistoryEntry> entries;
  std::vector<std::uint32_t> head, count, n_incoming;
  std::vector<double> Kminus, Kminus_triplet, last_spike, max_delay, tau_minus_inv, tau_minus_triplet_inv;
  std::int64_t overflow = 0;

  std::size_t slots() const { return gids.size(); }

  // New slots for `next` (ascending gids) with room for `cap` entries each;
  // neurons archived before keep their history and traces.
  void remap(const std::vector<Gid>& next, std::uint32_t cap) {
    HistoryStore old = std::move(*this);
    *this = HistoryStore{};
    gids = next;
    capacity = cap;
    const std::size_t n = next.size();
    entries.assign(n * cap, HistoryEntry{});
    head.assign(n, 0);
    count.assign(n, 0);
    n_incoming.assign(n, 0);
    Kminus.assign(n, 0.0);
    Kminus_triplet.assign(n, 0.0);
    last_spike.assign(n, -1.0);
    max_delay.assign(n, 0.0);
    tau_minus_inv.assign(n, 1.0 / 20.0);
    tau_minus_triplet_inv.assign(n, 1.0 / 110.0);
    for (std::size_t s = 0; s < n; ++s) {
      auto it = std::lower_bound(old.gids.begin(), old.gids.end(), next[s]);
      if (it == old.gids.end() || *it != next[s]) continue;
      const auto o = static_cast<std::size_t>(it - old.gids.begin());
      const PostHistory from = old.view();
      const std::uint32_t keep = std::min(old.count[o], cap);
      const std::uint32_t skip = old.count[o] - keep;
      if (skip > 0) overflow = static_cast<std::int64_t>(s) + 1;  // the capacity shrank below what is held: an error, not a loss
      for (std::uint32_t k = 0; k < keep; ++k) entries[s * cap + k] = from.at(static_cast<std::int64_t>(o), skip + k);
      count[s] = keep;
      Kminus[s] = old.Kminus[o];
      Kminus_triplet[s] = old.Kminus_triplet[o];
      last_spike[s] = old.last_spike[o];
    }
  }

  PostHistory view() {
    PostHistory h;
    h.entries = entries.data();
    h.head = head.data();
    h.count = count.data();
    h.Kminus = Kminus.data();
    h.Kminus_triplet = Kminus_triplet.data();
    h.last_spike = last_spike.data();
    h.n_incoming = n_incoming.data();
    h.max_delay = max_delay.data();
    h.tau_minus_inv = tau_minus_inv.data();
    h.tau_minus_triplet_inv = tau_minus_triplet_inv.data();
    h.capacity = capacity;
    h.overflow = &overflow;
    return h;
  }
};

}  // namespace roost
