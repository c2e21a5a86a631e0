// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Host storage behind a ClopathHistory (the CPU backend's own; the CUDA
// backend keeps a host copy to carry histories over when the set of slots
// changes and to grow the LTP rings).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "roost/clopath_history.hpp"
#include "roost/field_spec.hpp"

namespace roost {

// NEST's delay_u_bars in steps (Time::delay_ms_to_steps: rounded).
inline std::int64_t clopath_delay_steps(double delay_u_bars_ms, double h_ms) {
  const double steps = std::round(delay_u_bars_ms / h_ms);
  return steps > 0.0 ? static_cast<std::int64_t>(steps) : 0;
}

struct ClopathStore {
  // LTP ring capacity of a new store; doubled by make_room when needed.
  static constexpr std::uint32_t kInitialLtpCapacity = 256;
  // Beyond this many entries per neuron a full ring is an error (the kernel names the neuron).
  static constexpr std::uint32_t kMaxLtpCapacity = 1u << 24;

  std::vector<Gid> gids;  // neuron of each slot, ascending
  std::uint32_t ltp_capacity = 0, ltd_length = 0;
  std::vector<LtpEntry> ltp;
  std::vector<std::uint32_t> ltp_head, ltp_count, n_incoming;
  std::vector<LtdEntry> ltd;
  std::vector<std::uint32_t> ltd_current;
  std::vector<double> delayed;
  std::vector<std::uint64_t> delay_base;
  std::vector<std::uint32_t> delay_length, delay_index;
  std::int64_t overflow = 0;

  std::size_t slots() const { return gids.size(); }

  // New slots for `next` (ascending gids). A neuron that had a slot keeps its
  // history and its delay rings (NEST sizes them once); a new one gets
  // `delay_steps(gid) + 1` zeros per delayed trace. `ltd_len` = max_delay + 1
  // (steps); the LTD ring of a kept slot keeps its entries.
  template <class DelaySteps>
  void remap(const std::vector<Gid>& next, std::uint32_t ltd_len, DelaySteps&& delay_steps) {
    ClopathStore old = std::move(*this);
    *this = ClopathStore{};
    gids = next;
    const std::size_t n = next.size();
    ltp_capacity = std::max(old.ltp_capacity, kInitialLtpCapacity);
    ltd_length = std::max<std::uint32_t>(ltd_len, 1);
    ltp.assign(n * ltp_capacity, LtpEntry{0.0, 0.0, 0u, 0u});
    ltp_head.assign(n, 0);
    ltp_count.assign(n, 0);
    n_incoming.assign(n, 0);
    ltd.assign(n * ltd_length, LtdEntry{0.0, 0.0});
    ltd_current.assign(n, 0);
    delay_base.assign(n, 0);
    delay_length.assign(n, 1);
    delay_index.assign(n, 0);
    std::vector<std::int64_t> from(n, -1);
    std::uint64_t total = 0;
    for (std::size_t s = 0; s < n; ++s) {
      auto it = std::lower_bound(old.gids.begin(), old.gids.end(), next[s]);
      if (it != old.gids.end() && *it == next[s]) from[s] = it - old.gids.begin();
      delay_length[s] = from[s] >= 0 ? old.delay_length[static_cast<std::size_t>(from[s])]
                                     : static_cast<std::uint32_t>(delay_steps(next[s])) + 1;
      delay_base[s] = total;
      total += 2ull * delay_length[s];
    }
    delayed.assign(total, 0.0);
    for (std::size_t s = 0; s < n; ++s) {
      if (from[s] < 0) continue;
      const auto o = static_cast<std::size_t>(from[s]);
      const ClopathHistory h = old.view(0.0);
      for (std::uint32_t k = 0; k < old.ltp_count[o]; ++k) ltp[s * ltp_capacity + k] = h.ltp_at(static_cast<std::int64_t>(o), k);
      ltp_count[s] = old.ltp_count[o];
      // Positions of the LTD ring do not matter (it is read by time), the write position does.
      const std::uint32_t keep = std::min(old.ltd_length, ltd_length);
      for (std::uint32_t k = 0; k < keep; ++k) ltd[s * ltd_length + k] = old.ltd[o * old.ltd_length + k];
      ltd_current[s] = old.ltd_current[o] % ltd_length;
      std::copy_n(old.delayed.begin() + static_cast<std::ptrdiff_t>(old.delay_base[o]), 2 * delay_length[s],
                  delayed.begin() + static_cast<std::ptrdiff_t>(delay_base[s]));
      delay_index[s] = old.delay_index[o];
    }
  }

  // Makes sure no LTP ring can fill up in the next `steps` steps (one entry per
  // step at most): doubles the capacity while some ring lacks the room.
  // Returns whether the arrays changed.
  bool make_room(std::uint32_t steps) {
    std::uint32_t need = 0;
    for (std::uint32_t c : ltp_count) need = std::max(need, c);
    if (gids.empty() || static_cast<std::uint64_t>(need) + steps <= ltp_capacity) return false;
    std::uint64_t cap = ltp_capacity;
    while (cap < static_cast<std::uint64_t>(need) + steps && cap < kMaxLtpCapacity) cap *= 2;
    if (cap == ltp_capacity) return false;  // at the limit: a full ring reports an overflow
    const auto next = static_cast<std::uint32_t>(std::min<std::uint64_t>(cap, kMaxLtpCapacity));
    std::vector<LtpEntry> grown(gids.size() * next, LtpEntry{0.0, 0.0, 0u, 0u});
    const ClopathHistory h = view(0.0);
    for (std::size_t s = 0; s < gids.size(); ++s) {
      for (std::uint32_t k = 0; k < ltp_count[s]; ++k) grown[s * next + k] = h.ltp_at(static_cast<std::int64_t>(s), k);
      ltp_head[s] = 0;
    }
    ltp = std::move(grown);
    ltp_capacity = next;
    return true;
  }

  ClopathHistory view(double h_ms) {
    ClopathHistory h;
    h.ltp = ltp.data();
    h.ltp_head = ltp_head.data();
    h.ltp_count = ltp_count.data();
    h.ltp_capacity = ltp_capacity;
    h.ltd = ltd.data();
    h.ltd_current = ltd_current.data();
    h.ltd_length = ltd_length;
    h.delayed = delayed.data();
    h.delay_base = delay_base.data();
    h.delay_length = delay_length.data();
    h.delay_index = delay_index.data();
    h.n_incoming = n_incoming.data();
    h.h_ms = h_ms;
    h.overflow = &overflow;
    return h;
  }
};

}  // namespace roost
