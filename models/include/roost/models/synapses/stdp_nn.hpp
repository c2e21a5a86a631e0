// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Nearest-neighbour variants of stdp_synapse (Morrison et al. 2008, fig. 7);
// the whole delay is dendritic. All share stdp_synapse's update rules
//   facilitation  w/Wmax += lambda (1 - w/Wmax)^mu_plus k     (clipped at Wmax)
//   depression    w/Wmax -= alpha lambda (w/Wmax)^mu_minus k  (clipped at 0)
// and differ in which pairs they count. At a presynaptic spike t (previous one
// t_last, delay d), "window" = archived post spikes t_post in (t_last - d, t - d],
// and nn(t) = exp(-(t - d - t_post_last)/tau_minus) with t_post_last the target's
// latest spike strictly before t - d (0 if none; the target's K- is not used).
//
// stdp_nn_symm_synapse: each post spike in the window facilitates with
//   k = exp(-(t_post + d - t_last)/tau_plus) (its nearest preceding pre spike),
//   then depression with k = nn(t). No state. Before the first pre spike
//   t_last = 0, so the first pre spike pairs its window with a pre spike "at 0".
// stdp_nn_pre_centered_synapse: only the first post spike of the window
//   facilitates, with k = K+ exp(-(t_post + d - t_last)/tau_plus) (all pre spikes
//   since the previous post spike), and then K+ <- 0; depression with k = nn(t);
//   then K+ <- K+ exp(-(t - t_last)/tau_plus) + 1.
// stdp_nn_restr_synapse: only if the window is not empty: its first post spike
//   facilitates with k = exp(-(t_post + d - t_last)/tau_plus), then depression
//   with k = nn(t) (which may come from a post spike before the window, as in
//   NEST). An empty window: no change at all. No state.
// Reference: NEST 3.10 stdp_nn_symm_synapse, stdp_nn_pre_centered_synapse,
// stdp_nn_restr_synapse.

#include <array>
#include <cmath>

#include "roost/synapse_model.hpp"

namespace roost::models {

// The parameters and update rules the three variants share.
struct stdp_nn_rule {
  enum Param : int { tau_plus, lambda, alpha, mu_plus, mu_minus, Wmax, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_plus", 20.0, "ms"},
      {"lambda", 0.01, ""},
      {"alpha", 1.0, ""},
      {"mu_plus", 1.0, ""},
      {"mu_minus", 1.0, ""},
      {"Wmax", 100.0, "pA or nS"},
  }};

  // NEST's sign in two of the variants: 0 counts as positive, NaN never matches.
  static int sign(double x) { return (x >= 0.0) - (x < 0.0); }

  ROOST_HD static double facilitate(const double* p, double w, double k) {
    const double norm_w = w / p[Wmax] + p[lambda] * std::pow(1.0 - w / p[Wmax], p[mu_plus]) * k;
    return norm_w < 1.0 ? norm_w * p[Wmax] : p[Wmax];
  }
  ROOST_HD static double depress(const double* p, double w, double k) {
    const double norm_w = w / p[Wmax] - p[alpha] * p[lambda] * std::pow(w / p[Wmax], p[mu_minus]) * k;
    return norm_w > 0.0 ? norm_w * p[Wmax] : 0.0;
  }

  // The nearest-neighbour post trace at t (NEST's get_K_values, middle value).
  ROOST_HD static double nearest_kminus(const PostView& post, double t) {
    double K = 0.0, nearest_K = 0.0, K_triplet = 0.0;
    post.k_values(t, K, nearest_K, K_triplet);
    return nearest_K;
  }
};

struct stdp_nn_symm_synapse : stdp_nn_rule {
  static constexpr const char* model_name = "stdp_nn_symm_synapse";
  static constexpr SynapseTraits traits{.reads_post_history = true};
  enum State : int { n_state };
  static constexpr std::array<FieldSpec, 0> state{};

  // NEST compares sign bits here: -0.0 and 0.0 differ.
  static const char* validate(const double* p, const double*, double weight) {
    if (std::signbit(weight) != std::signbit(p[Wmax])) return "Weight and Wmax must have same sign.";
    return nullptr;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    const double* p = syn.p;
    double& w = *syn.weight;
    const HistoryRange r = post.read_history(pre.t_last - pre.delay, pre.t - pre.delay);
    for (std::uint32_t k = r.first; k < r.last; ++k) {
      const double minus_dt = pre.t_last - (post.entry(k).t + pre.delay);
      w = facilitate(p, w, std::exp(minus_dt / p[tau_plus]));
    }
    w = depress(p, w, nearest_kminus(post, pre.t - pre.delay));
    sent_weight = w;
    return true;
  }
};

struct stdp_nn_pre_centered_synapse : stdp_nn_rule {
  static constexpr const char* model_name = "stdp_nn_pre_centered_synapse";
  static constexpr SynapseTraits traits{.reads_post_history = true};
  enum State : int { Kplus, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{{"Kplus", 0.0, ""}}};

  static const char* validate(const double* p, const double* s, double weight) {
    if (sign(weight) != sign(p[Wmax])) return "Weight and Wmax must have same sign.";
    if (s != nullptr && s[Kplus] < 0.0) return "Kplus must be non-negative.";
    return nullptr;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    const double* p = syn.p;
    double& w = *syn.weight;
    const HistoryRange r = post.read_history(pre.t_last - pre.delay, pre.t - pre.delay);
    if (r.first < r.last) {
      const double minus_dt = pre.t_last - (post.entry(r.first).t + pre.delay);
      w = facilitate(p, w, syn.s[Kplus] * std::exp(minus_dt / p[tau_plus]));
      // A post spike ends the pre spikes' accumulation: they are forgotten.
      syn.s[Kplus] = 0.0;
    }
    w = depress(p, w, nearest_kminus(post, pre.t - pre.delay));
    syn.s[Kplus] = syn.s[Kplus] * std::exp((pre.t_last - pre.t) / p[tau_plus]) + 1.0;
    sent_weight = w;
    return true;
  }
};

struct stdp_nn_restr_synapse : stdp_nn_rule {
  static constexpr const char* model_name = "stdp_nn_restr_synapse";
  static constexpr SynapseTraits traits{.reads_post_history = true};
  enum State : int { n_state };
  static constexpr std::array<FieldSpec, 0> state{};

  static const char* validate(const double* p, const double*, double weight) {
    if (sign(weight) != sign(p[Wmax])) return "Weight and Wmax must have same sign.";
    return nullptr;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    const double* p = syn.p;
    double& w = *syn.weight;
    const HistoryRange r = post.read_history(pre.t_last - pre.delay, pre.t - pre.delay);
    // Pairs only across immediately neighbouring spikes: nothing without a
    // post spike since the previous pre spike.
    if (r.first < r.last) {
      const double minus_dt = pre.t_last - (post.entry(r.first).t + pre.delay);
      w = facilitate(p, w, std::exp(minus_dt / p[tau_plus]));
      w = depress(p, w, nearest_kminus(post, pre.t - pre.delay));
    }
    sent_weight = w;
    return true;
  }
};

}  // namespace roost::models
