// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The voltage history that clopath_synapse reads (NEST's ClopathArchivingNode),
// written once for both backends over raw arrays, next to the spike history
// of roost/post_history.hpp.
//
// Only neurons of a Clopath model (a model with `clopath_archiving = true`)
// that are targets of a synapse reading this history keep one (a "Clopath
// slot"). At the end of each of its steps, at t = (step + 1) h, the neuron
// hands over V, u_bar_plus, u_bar_minus, u_bar_bar and its plasticity
// parameters; the slot then
//   * writes u_bar_plus and u_bar_minus into a delay ring of
//     round(delay_u_bars / h) + 1 values (filled with 0 at first, as NEST) and
//     reads back the values of delay_u_bars ago (del_u_bar_plus/minus);
//   * if V > theta_plus and del_u_bar_plus > theta_minus, appends an LTP
//     entry (t, A_LTP (V - theta_plus)(del_u_bar_plus - theta_minus) h), first
//     dropping, oldest first, entries every incoming synapse has read (one is
//     always kept);
//   * if del_u_bar_minus > theta_minus, writes the LTD value
//     A_LTD (del_u_bar_minus - theta_minus)  (times u_bar_bar^2 / u_ref_squared
//     unless A_LTD_const) at t into a ring of max_delay + 1 entries (NEST's
//     ltd_history_, written cyclically, read by exact time).
// A synapse reads the LTP entries with t1 < t <= t2 (marking them read) and
// the LTD value stored at exactly t (0 if none).
//
// The LTP ring of a slot has `ltp_capacity` entries; the host grows it
// between slices before a slice could fill it (ClopathStore::make_room), and
// a write that still finds it full sets `overflow` (the kernel raises an
// error naming the neuron): entries are never lost silently.

#include <cmath>
#include <cstdint>

#include "roost/hd.hpp"
#include "roost/post_history.hpp"

namespace roost {

struct LtpEntry {
  double t;              // ms
  double dw;             // A_LTP (V - theta_plus)(del_u_bar_plus - theta_minus) h
  std::uint32_t access;  // incoming synapses that have read this entry
  std::uint32_t pad;
};

struct LtdEntry {
  double t;   // ms
  double dw;  // the depression a presynaptic spike at t (at the synapse) applies
};

// What a Clopath neuron hands over at the end of a step.
struct ClopathSample {
  double u, u_bar_plus, u_bar_minus, u_bar_bar;
  double A_LTD, A_LTP, u_ref_squared, theta_plus, theta_minus;
  bool A_LTD_const;
};

// The sample of neuron i of a Clopath model M (its enums name the columns).
template <class M, class StateSoa, class ParamSoa>
ROOST_HD ClopathSample clopath_sample(std::int64_t i, const StateSoa& s, const ParamSoa& p) {
  return ClopathSample{s.col[M::V_m][i],           s.col[M::u_bar_plus][i],    s.col[M::u_bar_minus][i],
                       s.col[M::u_bar_bar][i],     p.col[M::A_LTD][i],         p.col[M::A_LTP][i],
                       p.col[M::u_ref_squared][i], p.col[M::theta_plus][i],    p.col[M::theta_minus][i],
                       p.col[M::A_LTD_const][i] != 0.0};
}

// Whether model M archives for Clopath synapses.
template <class M>
constexpr bool archives_clopath() {
  if constexpr (requires { M::clopath_archiving; }) {
    return M::clopath_archiving;
  } else {
    return false;
  }
}

// All Clopath slots of a backend, per-slot arrays.
struct ClopathHistory {
  LtpEntry* ltp = nullptr;              // ltp[slot * ltp_capacity + (ltp_head[slot] + k) % ltp_capacity]
  std::uint32_t* ltp_head = nullptr;
  std::uint32_t* ltp_count = nullptr;
  std::uint32_t ltp_capacity = 0;
  LtdEntry* ltd = nullptr;              // ltd[slot * ltd_length + k]
  std::uint32_t* ltd_current = nullptr;  // next position to write
  std::uint32_t ltd_length = 0;         // max_delay (steps) + 1
  double* delayed = nullptr;            // per slot at delay_base: delay_length u_bar_plus, then as many u_bar_minus
  const std::uint64_t* delay_base = nullptr;
  const std::uint32_t* delay_length = nullptr;
  std::uint32_t* delay_index = nullptr;
  const std::uint32_t* n_incoming = nullptr;  // Clopath synapses onto the neuron
  double h_ms = 0.1;                         // resolution
  std::int64_t* overflow = nullptr;          // set to slot + 1 when an LTP ring was full

  ROOST_HD LtpEntry& ltp_at(std::int64_t slot, std::uint32_t k) const {
    return ltp[slot * static_cast<std::int64_t>(ltp_capacity) + (ltp_head[slot] + k) % ltp_capacity];
  }

  // The end of a step of the neuron in `slot` at t_ms (NEST's write_clopath_history).
  ROOST_HD void archive(std::int64_t slot, double t_ms, const ClopathSample& v) const {
    const std::uint32_t len = delay_length[slot];
    double* plus = delayed + delay_base[slot];
    double* minus = plus + len;
    std::uint32_t& idx = delay_index[slot];
    plus[idx] = v.u_bar_plus;
    minus[idx] = v.u_bar_minus;
    idx = (idx + 1) % len;
    const double del_plus = plus[idx];
    const double del_minus = minus[idx];
    if (v.u > v.theta_plus && del_plus > v.theta_minus) {
      std::uint32_t& count = ltp_count[slot];
      while (count > 1 && ltp_at(slot, 0).access >= n_incoming[slot]) {
        ltp_head[slot] = (ltp_head[slot] + 1) % ltp_capacity;
        --count;
      }
      if (count == ltp_capacity) {
        *overflow = slot + 1;
      } else {
        const double dw = v.A_LTP * (v.u - v.theta_plus) * (del_plus - v.theta_minus) * h_ms;
        ltp_at(slot, count) = LtpEntry{t_ms, dw, 0u, 0u};
        ++count;
      }
    }
    if (del_minus > v.theta_minus) {
      const double dw = v.A_LTD_const ? v.A_LTD * (del_minus - v.theta_minus)
                                      : v.A_LTD * v.u_bar_bar * v.u_bar_bar * (del_minus - v.theta_minus) / v.u_ref_squared;
      std::uint32_t& cur = ltd_current[slot];
      ltd[slot * static_cast<std::int64_t>(ltd_length) + cur] = LtdEntry{t_ms, dw};
      cur = (cur + 1) % ltd_length;
    }
  }
};

// What a Clopath synapse sees of its target (the PostView's slot is its Clopath slot).
struct ClopathView {
  const ClopathHistory* history = nullptr;
  std::int64_t slot = -1;

  ROOST_HD std::uint32_t size() const { return slot < 0 ? 0u : history->ltp_count[slot]; }
  ROOST_HD const LtpEntry& ltp(std::uint32_t k) const { return history->ltp_at(slot, k); }

  // The LTP entries with t1 < t <= t2 (NEST's get_LTP_history: an entry at t
  // counts as t - 1e-6), each marked as read by one more synapse.
  ROOST_HD HistoryRange read_ltp(double t1, double t2) const {
    HistoryRange r;
    std::uint32_t k = size();
    while (k > 0 && !(ltp(k - 1).t - kStdpEps < t2)) --k;
    r.last = k;
    while (k > 0 && !(ltp(k - 1).t - kStdpEps < t1)) {
      history_atomic_increment(&history->ltp_at(slot, k - 1).access);
      --k;
    }
    r.first = k;
    return r;
  }

  // The LTD value written at t (NEST's get_LTD_value), 0 if none.
  ROOST_HD double ltd_value(double t) const {
    if (slot < 0 || t < 0.0) return 0.0;
    const LtdEntry* ring = history->ltd + slot * static_cast<std::int64_t>(history->ltd_length);
    for (std::uint32_t k = 0; k < history->ltd_length; ++k) {
      if (std::fabs(t - ring[k].t) < kStdpEps) return ring[k].dw;
    }
    return 0.0;
  }
};

ROOST_HD inline ClopathView clopath_view(const PostView& post) { return ClopathView{post.clopath, post.slot}; }

}  // namespace roost
