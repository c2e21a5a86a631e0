// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// stdp_triplet_synapse: triplet spike-timing dependent plasticity (Pfister &
// Gerstner 2006), all-to-all interaction; the whole delay is dendritic.
// Presynaptic traces r1 = Kplus (tau_plus), r2 = Kplus_triplet
// (tau_plus_triplet) live in the connection; postsynaptic traces o1 = K-
// (tau_minus) and o2 = K-triplet (tau_minus_triplet) live in the target's archive.
//
// At a presynaptic spike t (previous one t_last, delay d), for every archived
// postsynaptic spike t_post in (t_last - d, t - d], with o2 just before that
// post spike (its archived K-triplet minus 1):
//   |w| += K+ exp(-(t_post + d - t_last)/tau_plus) (Aplus + Aplus_triplet o2)   (clipped at |Wmax|)
// then r2 <- r2 exp(-(t - t_last)/tau_plus_triplet) and, with K- the target's
// trace at t - d from its spikes strictly before:
//   |w| -= K- (Aminus + Aminus_triplet r2)                                      (clipped at 0)
// each step giving w the sign of Wmax; then r2 <- r2 + 1,
// K+ <- K+ exp(-(t - t_last)/tau_plus) + 1; the event carries the new w.
// Reference: NEST 3.10 stdp_triplet_synapse.

#include <array>
#include <cmath>

#include "roost/synapse_model.hpp"

namespace roost::models {

struct stdp_triplet_synapse {
  static constexpr const char* model_name = "stdp_triplet_synapse";
  static constexpr SynapseTraits traits{.reads_post_history = true};

  // Defaults: Pfister & Gerstner (2006), as NEST.
  enum Param : int { tau_plus, tau_plus_triplet, Aplus, Aminus, Aplus_triplet, Aminus_triplet, Wmax, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_plus", 16.8, "ms"},
      {"tau_plus_triplet", 101.0, "ms"},
      {"Aplus", 5e-10, ""},
      {"Aminus", 7e-3, ""},
      {"Aplus_triplet", 6.2e-3, ""},
      {"Aminus_triplet", 2.3e-4, ""},
      {"Wmax", 100.0, "pA or nS"},
  }};
  enum State : int { Kplus, Kplus_triplet, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"Kplus", 0.0, ""},
      {"Kplus_triplet", 0.0, ""},
  }};

  // NEST's sign: 0 counts as positive, NaN as neither (so it never matches).
  static int sign(double x) { return (x >= 0.0) - (x < 0.0); }

  // As NEST: no check of the time constants; Kplus rejects NaN, Kplus_triplet only < 0.
  static const char* validate(const double* p, const double* s, double weight) {
    if (sign(weight) != sign(p[Wmax])) return "Weight and Wmax must have same sign.";
    if (s != nullptr && !(s[Kplus] >= 0.0)) return "State Kplus must be positive.";
    if (s != nullptr && s[Kplus_triplet] < 0.0) return "State Kplus_triplet must be positive.";
    return nullptr;
  }

  ROOST_HD static double facilitate(const double* p, double w, double kplus, double ky) {
    const double new_w = std::fabs(w) + kplus * (p[Aplus] + p[Aplus_triplet] * ky);
    return std::copysign(new_w < std::fabs(p[Wmax]) ? new_w : p[Wmax], p[Wmax]);
  }
  ROOST_HD static double depress(const double* p, double w, double kminus, double kplus_triplet) {
    const double new_w = std::fabs(w) - kminus * (p[Aminus] + p[Aminus_triplet] * kplus_triplet);
    return std::copysign(new_w > 0.0 ? new_w : 0.0, p[Wmax]);
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    const double* p = syn.p;
    double* s = syn.s;
    double& w = *syn.weight;
    const HistoryRange r = post.read_history(pre.t_last - pre.delay, pre.t - pre.delay);
    for (std::uint32_t k = r.first; k < r.last; ++k) {
      const HistoryEntry& e = post.entry(k);
      const double minus_dt = pre.t_last - (e.t + pre.delay);
      // The archived K-triplet includes this post spike's own +1: remove it
      // to get the trace just before the spike (Pfister's t - epsilon).
      const double ky = e.Kminus_triplet - 1.0;
      w = facilitate(p, w, s[Kplus] * std::exp(minus_dt / p[tau_plus]), ky);
    }
    // Depression sees r2 decayed to t but without this spike's increment.
    s[Kplus_triplet] *= std::exp((pre.t_last - pre.t) / p[tau_plus_triplet]);
    w = depress(p, w, post.k_value(pre.t - pre.delay), s[Kplus_triplet]);
    s[Kplus_triplet] += 1.0;
    s[Kplus] = s[Kplus] * std::exp((pre.t_last - pre.t) / p[tau_plus]) + 1.0;
    sent_weight = w;
    return true;
  }
};

}  // namespace roost::models
