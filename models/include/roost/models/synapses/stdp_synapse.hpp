// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// stdp_synapse: pair-based spike-timing dependent plasticity (Guetig et al.
// 2003) with all-to-all pairing; the whole delay is dendritic.
//
// At a presynaptic spike t (previous one t_last, delay d), for every archived
// postsynaptic spike t_post in (t_last - d, t - d]:
//   w/Wmax += lambda (1 - w/Wmax)^mu_plus K+ exp(-(t_post + d - t_last)/tau_plus)   (clipped at Wmax)
// then, with K- the target's trace at t - d from its spikes strictly before:
//   w/Wmax -= alpha lambda (w/Wmax)^mu_minus K-                                     (clipped at 0)
// the event carries the new w, and K+ <- K+ exp(-(t - t_last)/tau_plus) + 1.
// stdp_synapse_hom: the same with the parameters common to the model.
// Reference: NEST 3.10 stdp_synapse, stdp_synapse_hom.

#include <array>
#include <cmath>

#include "roost/models/synapses/pair_stdp.hpp"
#include "roost/synapse_model.hpp"

namespace roost::models {

struct stdp_rule {
  enum Param : int { tau_plus, lambda, alpha, mu_plus, mu_minus, Wmax, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_plus", 20.0, "ms"},
      {"lambda", 0.01, ""},
      {"alpha", 1.0, ""},
      {"mu_plus", 1.0, ""},
      {"mu_minus", 1.0, ""},
      {"Wmax", 100.0, "pA or nS"},
  }};
  enum State : int { Kplus, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{{"Kplus", 0.0, ""}}};

  static const char* validate(const double* p, const double* s, double weight) {
    if (!(p[tau_plus] > 0.0)) return "tau_plus must be > 0.";
    if (s != nullptr && !(s[Kplus] >= 0.0)) return "Kplus must be non-negative.";
    if (weight * p[Wmax] < 0.0) return "Weight and Wmax must have the same sign.";
    return nullptr;
  }

  ROOST_HD static double facilitate(const double* p, double w, double kplus) {
    const double norm_w = w / p[Wmax] + p[lambda] * std::pow(1.0 - w / p[Wmax], p[mu_plus]) * kplus;
    return norm_w < 1.0 ? norm_w * p[Wmax] : p[Wmax];
  }
  ROOST_HD static double depress(const double* p, double w, double kminus) {
    const double norm_w = w / p[Wmax] - p[alpha] * p[lambda] * std::pow(w / p[Wmax], p[mu_minus]) * kminus;
    return norm_w > 0.0 ? norm_w * p[Wmax] : 0.0;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    return all_to_all_pair_stdp<stdp_rule>(syn, pre, post, sent_weight);
  }
};

struct stdp_synapse : stdp_rule {
  static constexpr const char* model_name = "stdp_synapse";
  static constexpr SynapseTraits traits{.reads_post_history = true};
};

struct stdp_synapse_hom : stdp_rule {
  static constexpr const char* model_name = "stdp_synapse_hom";
  static constexpr SynapseTraits traits{.homogeneous = true, .reads_post_history = true};
};

}  // namespace roost::models
