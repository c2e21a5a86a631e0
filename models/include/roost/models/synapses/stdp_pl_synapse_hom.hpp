// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// stdp_pl_synapse_hom: power-law spike-timing dependent plasticity (Morrison
// et al. 2007) with all-to-all pairing and parameters common to the model; the
// whole delay is dendritic.
//
// At a presynaptic spike t (previous one t_last, delay d), for every archived
// postsynaptic spike t_post in (t_last - d, t - d]:
//   w += lambda w^mu K+ exp(-(t_post + d - t_last)/tau_plus)      (no upper bound)
// then, with K- the target's trace at t - d from its spikes strictly before:
//   w -= lambda alpha w K-                                         (clipped at 0)
// the event carries the new w, and K+ <- K+ exp(-(t - t_last)/tau_plus) + 1.
// Reference: NEST 3.10 stdp_pl_synapse_hom (and stdp_pl_synapse_hom_hpc).

#include <array>
#include <cmath>

#include "roost/synapse_model.hpp"

namespace roost::models {

struct stdp_pl_synapse_hom {
  static constexpr const char* model_name = "stdp_pl_synapse_hom";
  static constexpr SynapseTraits traits{.homogeneous = true, .reads_post_history = true};

  enum Param : int { tau_plus, lambda, alpha, mu, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_plus", 20.0, "ms"},
      {"lambda", 0.1, ""},
      {"alpha", 1.0, ""},
      {"mu", 0.4, ""},
  }};
  enum State : int { Kplus, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{{"Kplus", 0.0, ""}}};

  // NEST checks only tau_plus (common property); Kplus and the weight are free.
  static const char* validate(const double* p, const double*, double) {
    if (!(p[tau_plus] > 0.0)) return "tau_plus > 0. required.";
    return nullptr;
  }

  ROOST_HD static double facilitate(const double* p, double w, double kplus) {
    return w + p[lambda] * std::pow(w, p[mu]) * kplus;
  }
  ROOST_HD static double depress(const double* p, double w, double kminus) {
    const double new_w = w - p[lambda] * p[alpha] * w * kminus;
    return new_w > 0.0 ? new_w : 0.0;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    const double* p = syn.p;
    double& w = *syn.weight;
    // NEST multiplies by a stored 1/tau_plus here (not a division): same rounding.
    const double tau_plus_inv = 1.0 / p[tau_plus];
    const HistoryRange r = post.read_history(pre.t_last - pre.delay, pre.t - pre.delay);
    for (std::uint32_t k = r.first; k < r.last; ++k) {
      const double minus_dt = pre.t_last - (post.entry(k).t + pre.delay);
      w = facilitate(p, w, syn.s[Kplus] * std::exp(minus_dt * tau_plus_inv));
    }
    w = depress(p, w, post.k_value(pre.t - pre.delay));
    sent_weight = w;
    syn.s[Kplus] = syn.s[Kplus] * std::exp((pre.t_last - pre.t) * tau_plus_inv) + 1.0;
    return true;
  }
};

}  // namespace roost::models
