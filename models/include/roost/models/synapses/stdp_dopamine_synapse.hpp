// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// stdp_dopamine_synapse: dopamine-modulated STDP (Izhikevich 2007; Potjans,
// Morrison & Diesmann 2010). Spike pairs do not change the weight directly;
// they change an eligibility trace c:
//   pre spike t:  c -= A_minus K-(t - d)        (K- of the target, d the dendritic delay)
//   post spike:   c += A_plus K+                (K+ the presynaptic trace, tau_plus)
// and c decays with tau_c. The dopamine trace n jumps by m/tau_n at every
// neuromodulator spike of multiplicity m and decays with tau_n. Between
// events the weight integrates dw/dt = c (n - b), in closed form, clipped to
// [Wmin, Wmax] after each piece.
//
// The neuromodulator spikes come from the model's volume_transmitter, which
// hands its spikes to all its synapses every deliver_interval min-delay
// slices (on_neuromodulation) and shows the spikes collected so far at every
// presynaptic spike (on_pre). All parameters are common to the model.
// Reference: NEST 3.10 stdp_dopamine_synapse (same event order, same
// closed-form pieces, same clipping points).

#include <array>
#include <cmath>
#include <cstdint>

#include "roost/synapse_model.hpp"

namespace roost::models {

struct stdp_dopamine_synapse {
  static constexpr const char* model_name = "stdp_dopamine_synapse";
  static constexpr SynapseTraits traits{.homogeneous = true, .reads_post_history = true, .neuromodulated = true};

  enum Param : int { A_plus, A_minus, tau_plus, tau_c, tau_n, b, Wmin, Wmax, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"A_plus", 1.0, ""},
      {"A_minus", 1.5, ""},
      {"tau_plus", 20.0, "ms"},
      {"tau_c", 1000.0, "ms"},
      {"tau_n", 200.0, "ms"},
      {"b", 0.0, "1/ms"},
      {"Wmin", 0.0, "pA or nS"},
      {"Wmax", 200.0, "pA or nS"},
  }};
  // t_updated: when c, n, K+ and the weight were last brought up to date;
  // spike: the neuromodulator spike (index into the volume_transmitter's
  // list) that n refers to.
  enum State : int { Kplus, c, n, t_updated, spike, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"Kplus", 0.0, ""},
      {"c", 0.0, ""},
      {"n", 0.0, ""},
      {"t_updated", 0.0, "ms", FieldType::Double, true},
      {"spike", 0.0, "", FieldType::Int, true},
  }};

  static const char* validate(const double* p, const double* s, double /*weight*/) {
    if (!(p[tau_plus] > 0.0 && p[tau_c] > 0.0 && p[tau_n] > 0.0)) return "tau_plus, tau_c and tau_n must be > 0.";
    if (s != nullptr && !(s[Kplus] >= 0.0)) return "Kplus must be non-negative.";
    return nullptr;
  }

  // w += integral over a piece of length -minus_dt of c(t) (n(t) - b), with
  // c and n at the piece's start c0, n0.
  ROOST_HD static void integrate_weight(const double* p, double& w, double c0, double n0, double minus_dt) {
    const double rate = (p[tau_c] + p[tau_n]) / (p[tau_c] * p[tau_n]);  // decay rate of c*n
    w -= c0 * (n0 / rate * std::expm1(rate * minus_dt) - p[b] * p[tau_c] * std::expm1(minus_dt / p[tau_c]));
    w = w < p[Wmin] ? p[Wmin] : (w > p[Wmax] ? p[Wmax] : w);
  }

  // n moves on to the next neuromodulator spike.
  ROOST_HD static void next_spike(const double* p, double* s, const NeuromodulatorSpikes& dopa) {
    const auto k = static_cast<std::uint32_t>(s[spike]);
    s[n] = s[n] * std::exp((dopa.t[k] - dopa.t[k + 1]) / p[tau_n]) + dopa.multiplicity[k + 1] / p[tau_n];
    s[spike] = static_cast<double>(k + 1);
  }

  // Brings the weight from t0 to t1 (c refers to t0, n to the current spike),
  // through every neuromodulator spike up to t1; c ends at t1.
  ROOST_HD static void advance(const double* p, double* s, double& w, const NeuromodulatorSpikes& dopa, double t0,
                               double t1) {
    auto has_next = [&] {
      const auto k = static_cast<std::uint32_t>(s[spike]);
      return k + 1 < dopa.count && t1 - dopa.t[k + 1] > -kStdpEps;
    };
    const auto k0 = static_cast<std::uint32_t>(s[spike]);
    const double t_ref = dopa.count > 0 ? dopa.t[k0] : t0;  // n refers to this time
    if (has_next()) {
      integrate_weight(p, w, s[c], s[n] * std::exp((t_ref - t0) / p[tau_n]), t0 - dopa.t[k0 + 1]);
      next_spike(p, s, dopa);
      while (has_next()) {
        const auto k = static_cast<std::uint32_t>(s[spike]);
        integrate_weight(p, w, s[c] * std::exp((t0 - dopa.t[k]) / p[tau_c]), s[n], dopa.t[k] - dopa.t[k + 1]);
        next_spike(p, s, dopa);
      }
      const auto k = static_cast<std::uint32_t>(s[spike]);
      integrate_weight(p, w, s[c] * std::exp((t0 - dopa.t[k]) / p[tau_c]), s[n], dopa.t[k] - t1);
    } else {
      integrate_weight(p, w, s[c], s[n] * std::exp((t_ref - t0) / p[tau_n]), t0 - t1);
    }
    s[c] *= std::exp((t0 - t1) / p[tau_c]);
  }

  // Every postsynaptic spike in (t_updated - d, t_end - d], in order: advance
  // to its arrival at the synapse, then c += A_plus K+ there. `strict_before`
  // keeps NEST's check at a presynaptic spike (post spike strictly before it).
  ROOST_HD static double pass_post_spikes(const double* p, double* s, double& w, const NeuromodulatorSpikes& dopa,
                                          const PostView& post, double delay, double t_end, bool strict_before) {
    const HistoryRange r = post.read_history(s[t_updated] - delay, t_end - delay);
    double t0 = s[t_updated];
    for (std::uint32_t k = r.first; k < r.last; ++k) {
      const double t_post = post.entry(k).t;
      advance(p, s, w, dopa, t0, t_post + delay);
      t0 = t_post + delay;
      if (!strict_before || t_end - t_post > kStdpEps) s[c] += p[A_plus] * s[Kplus] * std::exp((s[t_updated] - t0) / p[tau_plus]);
    }
    return t0;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    const double* p = syn.p;
    double* s = syn.s;
    double& w = *syn.weight;
    const NeuromodulatorSpikes none{};
    const NeuromodulatorSpikes& dopa = pre.neuromod != nullptr ? *pre.neuromod : none;
    const double t0 = pass_post_spikes(p, s, w, dopa, post, pre.delay, pre.t, true);
    advance(p, s, w, dopa, t0, pre.t);
    s[c] -= p[A_minus] * post.k_value(pre.t - pre.delay);
    sent_weight = w;
    s[Kplus] = s[Kplus] * std::exp((s[t_updated] - pre.t) / p[tau_plus]) + 1.0;
    s[t_updated] = pre.t;
    return true;
  }

  // The volume_transmitter hands over its spikes at t_trig: everything up to
  // t_trig, then n, K+ refer to t_trig and the next list starts afresh.
  ROOST_HD static void on_neuromodulation(SynapseRef syn, const NeuromodulatorSpikes& dopa, double t_trig,
                                          double delay, const PostView& post) {
    const double* p = syn.p;
    double* s = syn.s;
    double& w = *syn.weight;
    const double t0 = pass_post_spikes(p, s, w, dopa, post, delay, t_trig, false);
    advance(p, s, w, dopa, t0, t_trig);
    if (dopa.count > 0) s[n] *= std::exp((dopa.t[static_cast<std::uint32_t>(s[spike])] - t_trig) / p[tau_n]);
    s[Kplus] *= std::exp((s[t_updated] - t_trig) / p[tau_plus]);
    s[t_updated] = t_trig;
    s[spike] = 0.0;
  }
};

}  // namespace roost::models
