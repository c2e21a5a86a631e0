// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The delivery step that NEST's all-to-all pair-based STDP rules share
// (stdp_synapse, jonke_synapse): at a presynaptic spike t (previous t_last,
// dendritic delay d), facilitate once per archived postsynaptic spike in
// (t_last - d, t - d] with K+ decayed to it, depress with K-(t - d), send the
// new weight, then K+ <- K+ exp(-(t - t_last)/tau_plus) + 1. The rule
// supplies facilitate/depress and the indices of tau_plus and Kplus.

#include <cmath>
#include <cstdint>

#include "roost/synapse_model.hpp"

namespace roost::models {

template <class Rule>
ROOST_HD bool all_to_all_pair_stdp(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
  const double* p = syn.p;
  double& w = *syn.weight;
  double& kplus = syn.s[Rule::Kplus];
  const HistoryRange r = post.read_history(pre.t_last - pre.delay, pre.t - pre.delay);
  for (std::uint32_t k = r.first; k < r.last; ++k) {
    const double minus_dt = pre.t_last - (post.entry(k).t + pre.delay);
    w = Rule::facilitate(p, w, kplus * std::exp(minus_dt / p[Rule::tau_plus]));
  }
  w = Rule::depress(p, w, post.k_value(pre.t - pre.delay));
  sent_weight = w;
  kplus = kplus * std::exp((pre.t_last - pre.t) / p[Rule::tau_plus]) + 1.0;
  return true;
}

}  // namespace roost::models
