// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The dendritic prediction-error history that urbanczik_synapse reads (NEST's
// UrbanczikArchivingNode), written once for both backends.
//
// It lives in the slots of roost/clopath_history.hpp, which already hold what
// it needs: a neuron of a model with `urbanczik_archiving = true`
// (pp_cond_exp_mc_urbanczik) that is the target of a model with
// `SynapseTraits::reads_urbanczik_history` gets such a slot (the kernel hands
// these models to plan_plastic as history readers of that store; a neuron is
// never both a Clopath and an Urbanczik neuron, Connect refuses the mix). Of
// the slot it uses
//   * the entry ring (LtpEntry: t, dw, read count), with its pruning, its
//     reading of (t1, t2] and its growth between slices: one entry per step,
//     (t, dPI) with, as NEST's write_urbanczik_history,
//       V_W* = (E_L.s g_L.s + V_W g_sp) / (g_sp + g_L.s)     (V_W: the dendrite's V_m)
//       dPI  = (n_spikes - phi(V_W*) h) h(V_W*),
//       phi(u) = phi_max / (1 + rate_slope exp(beta (theta - u))),
//       h(u)   = 15 beta / (1 + exp(-beta (theta - u)) / rate_slope);
//   * its delay storage (unused otherwise: delay_u_bars belongs to Clopath
//     neurons), sized kUrbanczikParamSteps + 1 per trace, i.e. 4 doubles, for
//     the dendrite's C_m, g_L, tau_syn_ex and tau_syn_in, which the synapse
//     reads at each presynaptic spike (NEST's get_C_m(1) ...). They are the
//     values of the neuron's latest step.

#include <cstdint>

#include "roost/clopath_history.hpp"
#include "roost/hd.hpp"

namespace roost {

// The delay "steps" of an Urbanczik slot: its delay storage then holds 2 x 2 doubles.
inline constexpr std::int64_t kUrbanczikParamSteps = 1;

// What an Urbanczik neuron hands over at the end of a step.
struct UrbanczikSample {
  double V_W;       // dendritic V_m after the step
  double n_spikes;  // spikes of the step
  double g_D, g_L_soma, E_L_soma;  // g_sp, soma's g_L and E_L
  double phi_max, rate_slope, beta, theta;
  double C_m, g_L, tau_syn_ex, tau_syn_in;  // the dendrite's
};

// The sample of neuron i of an Urbanczik model M (compartment 0 soma, 1 dendrite).
template <class M, class StateSoa, class ParamSoa>
ROOST_HD UrbanczikSample urbanczik_sample(std::int64_t i, const StateSoa& s, const ParamSoa& p, int spikes) {
  constexpr int soma = 0, dend = 1;
  return UrbanczikSample{s.col[M::y_of(dend, M::V)][i],
                         static_cast<double>(spikes),
                         p.col[M::g_sp][i],
                         p.col[M::param_of(soma, M::g_L)][i],
                         p.col[M::param_of(soma, M::E_L)][i],
                         p.col[M::phi_max][i],
                         p.col[M::rate_slope][i],
                         p.col[M::beta][i],
                         p.col[M::theta][i],
                         p.col[M::param_of(dend, M::C_m)][i],
                         p.col[M::param_of(dend, M::g_L)][i],
                         p.col[M::param_of(dend, M::tau_syn_ex)][i],
                         p.col[M::param_of(dend, M::tau_syn_in)][i]};
}

// Whether model M archives for Urbanczik synapses.
template <class M>
constexpr bool archives_urbanczik() {
  if constexpr (requires { M::urbanczik_archiving; }) {
    return M::urbanczik_archiving;
  } else {
    return false;
  }
}

// The end of a step of the neuron in `slot` at t_ms (NEST's write_urbanczik_history).
ROOST_HD inline void urbanczik_archive(const ClopathHistory& hist, std::int64_t slot, double t_ms,
                                       const UrbanczikSample& v) {
  double* dendrite = hist.delayed + hist.delay_base[slot];
  dendrite[0] = v.C_m;
  dendrite[1] = v.g_L;
  dendrite[2] = v.tau_syn_ex;
  dendrite[3] = v.tau_syn_in;
  const double V_W_star = (v.E_L_soma * v.g_L_soma + v.V_W * v.g_D) / (v.g_D + v.g_L_soma);
  std::uint32_t& count = hist.ltp_count[slot];
  while (count > 1 && hist.ltp_at(slot, 0).access >= hist.n_incoming[slot]) {
    hist.ltp_head[slot] = (hist.ltp_head[slot] + 1) % hist.ltp_capacity;
    --count;
  }
  if (count == hist.ltp_capacity) {
    *hist.overflow = slot + 1;
    return;
  }
  const double phi = v.phi_max / (1.0 + v.rate_slope * std::exp(v.beta * (v.theta - V_W_star)));
  const double h = 15.0 * v.beta / (1.0 + (1.0 / v.rate_slope) * std::exp(-v.beta * (v.theta - V_W_star)));
  const double dPI = (v.n_spikes - phi * hist.h_ms) * h;
  hist.ltp_at(slot, count) = LtpEntry{t_ms, dPI, 0u, 0u};
  ++count;
}

// What an Urbanczik synapse sees of its target (the PostView's slot is its history slot).
struct UrbanczikView {
  ClopathView entries;

  ROOST_HD const LtpEntry& entry(std::uint32_t k) const { return entries.ltp(k); }
  // The entries with t1 < t <= t2 (NEST's get_urbanczik_history: an entry at
  // t counts as t - 1e-6), each marked as read by one more synapse.
  ROOST_HD HistoryRange read(double t1, double t2) const { return entries.read_ltp(t1, t2); }
  // The dendrite's parameters (NEST's get_C_m(1), get_g_L(1), get_tau_syn_ex(1), get_tau_syn_in(1)).
  ROOST_HD double dendrite(int k) const {
    return entries.slot < 0 ? 0.0 : entries.history->delayed[entries.history->delay_base[entries.slot] + k];
  }
  ROOST_HD double C_m() const { return dendrite(0); }
  ROOST_HD double g_L() const { return dendrite(1); }
  ROOST_HD double tau_syn_ex() const { return dendrite(2); }
  ROOST_HD double tau_syn_in() const { return dendrite(3); }
};

ROOST_HD inline UrbanczikView urbanczik_view(const PostView& post) { return UrbanczikView{clopath_view(post)}; }

}  // namespace roost
