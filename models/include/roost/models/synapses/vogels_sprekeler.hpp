// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Two spike-timing rules on the target's spike history; as for stdp_synapse
// the whole delay d is dendritic. At a presynaptic spike t (previous one
// t_last, 0 before the first), post spikes t_post in (t_last - d, t - d] pair
// with K+ decayed to t_post + d, and K- is the target's trace at t - d from
// its spikes strictly before (with the target's tau_minus).
//
// vogels_sprekeler_synapse (Vogels et al. 2011), symmetric inhibitory STDP
// with one time constant tau (the target's tau_minus should equal it):
//   for each t_post:  |w| <- min(|w| + eta K+ exp(-(t_post + d - t_last)/tau), |Wmax|)
//   then              |w| <- min(|w| + eta K-, |Wmax|);  |w| <- max(|w| - alpha eta, 0)
// with the sign of Wmax; the event carries the new w, and
// K+ <- K+ exp(-(t - t_last)/tau) + 1. NEST's default weight is 0.5.
//
// jonke_synapse (Jonke et al. 2017), parameters common to the model, weight
// and K+ per connection:
//   for each t_post:  w <- min(w + lambda (exp(mu_plus w) K+ exp(-(t_post + d - t_last)/tau_plus) - beta), Wmax)
//   then              w <- max(w + lambda (-alpha exp(mu_minus w) K- - beta), 0)
// (lambda = 0 leaves w untouched), the event carries w, and
// K+ <- K+ exp(-(t - t_last)/tau_plus) + 1.
// Reference: NEST 3.10 vogels_sprekeler_synapse, jonke_synapse.

#include <array>
#include <cmath>

#include "roost/models/synapses/pair_stdp.hpp"
#include "roost/synapse_model.hpp"

namespace roost::models {

struct vogels_sprekeler_synapse {
  static constexpr const char* model_name = "vogels_sprekeler_synapse";
  static constexpr SynapseTraits traits{.reads_post_history = true};
  // NEST's connection default weight for this model (1.0 for the others).
  static constexpr double default_weight = 0.5;
  enum Param : int { tau, alpha, eta, Wmax, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau", 20.0, "ms"},
      {"alpha", 0.12, ""},
      {"eta", 0.001, ""},
      {"Wmax", 1.0, "pA or nS"},
  }};
  enum State : int { Kplus, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{{"Kplus", 0.0, ""}}};

  // A zero weight goes with either sign of Wmax; NaN Kplus is refused.
  static const char* validate(const double* p, const double* s, double weight) {
    if (weight != 0.0 && std::signbit(weight) != std::signbit(p[Wmax])) return "Weight and Wmax must have same sign.";
    if (s != nullptr && !(s[Kplus] >= 0.0)) return "State Kplus must be positive.";
    return nullptr;
  }

  ROOST_HD static double facilitate(const double* p, double w, double k) {
    const double new_w = std::fabs(w) + p[eta] * k;
    return std::copysign(new_w < std::fabs(p[Wmax]) ? new_w : p[Wmax], p[Wmax]);
  }
  ROOST_HD static double depress(const double* p, double w) {
    const double new_w = std::fabs(w) - p[alpha] * p[eta];
    return std::copysign(new_w > 0.0 ? new_w : 0.0, p[Wmax]);
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    const double* p = syn.p;
    double& w = *syn.weight;
    const HistoryRange r = post.read_history(pre.t_last - pre.delay, pre.t - pre.delay);
    for (std::uint32_t k = r.first; k < r.last; ++k) {
      const double minus_dt = pre.t_last - (post.entry(k).t + pre.delay);
      w = facilitate(p, w, syn.s[Kplus] * std::exp(minus_dt / p[tau]));
    }
    // The pre spike pairs with the post trace (facilitation), then the constant depression.
    w = facilitate(p, w, post.k_value(pre.t - pre.delay));
    w = depress(p, w);
    sent_weight = w;
    syn.s[Kplus] = syn.s[Kplus] * std::exp((pre.t_last - pre.t) / p[tau]) + 1.0;
    return true;
  }
};

struct jonke_synapse {
  static constexpr const char* model_name = "jonke_synapse";
  static constexpr SynapseTraits traits{.homogeneous = true, .reads_post_history = true};
  enum Param : int { alpha, beta, lambda, mu_plus, mu_minus, tau_plus, Wmax, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"alpha", 1.0, ""},
      {"beta", 0.0, ""},
      {"lambda", 0.01, ""},
      {"mu_plus", 0.0, ""},
      {"mu_minus", 0.0, ""},
      {"tau_plus", 20.0, "ms"},
      {"Wmax", 100.0, "pA or nS"},
  }};
  enum State : int { Kplus, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{{"Kplus", 0.0, ""}}};

  // NEST checks no common parameter of this model, and no weight sign.
  static const char* validate(const double*, const double* s, double) {
    if (s != nullptr && s[Kplus] < 0.0) return "Kplus must be non-negative.";
    return nullptr;
  }

  ROOST_HD static double facilitate(const double* p, double w, double kplus) {
    if (p[lambda] == 0.0) return w;
    const double new_w = w + p[lambda] * (std::exp(p[mu_plus] * w) * kplus - p[beta]);
    return new_w < p[Wmax] ? new_w : p[Wmax];
  }
  ROOST_HD static double depress(const double* p, double w, double kminus) {
    if (p[lambda] == 0.0) return w;
    const double new_w = w + p[lambda] * (-p[alpha] * std::exp(p[mu_minus] * w) * kminus - p[beta]);
    return new_w > 0.0 ? new_w : 0.0;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    return all_to_all_pair_stdp<jonke_synapse>(syn, pre, post, sent_weight);
  }
};

}  // namespace roost::models
