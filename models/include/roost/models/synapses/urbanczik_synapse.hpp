// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// urbanczik_synapse: learning by the dendritic prediction of somatic spiking
// (Urbanczik and Senn 2014); connects only to neurons that keep the
// Urbanczik history (pp_cond_exp_mc_urbanczik). Every step t the target
// archives dPI(t) = (n_spikes(t) - phi(V_W*) h) h(V_W*) (roost/urbanczik_history.hpp).
// The whole delay d is dendritic. At a presynaptic spike t (previous one
// t_last), with the dendrite's tau_L = C_m / g_L and tau_s = tau_syn_ex if the
// weight is positive, else tau_syn_in:
//   for every entry (t_e, dPI) with t_last - d < t_e <= t - d, t_up = t_e + d:
//     PI = (L exp((t_last - t_up)/tau_L) - S exp((t_last - t_up)/tau_s)) dPI
//     PI_integral += PI,  dPI_exp += exp((t_up - t)/tau_Delta) PI
//   PI_exp_integral <- exp((t_last - t)/tau_Delta) PI_exp_integral + dPI_exp
//   w <- init_weight + (PI_integral - PI_exp_integral) 15 C_m tau_s eta / (g_L (tau_L - tau_s)),
//        clipped to [Wmin, Wmax]
// the event carries the new w, then L <- L exp((t_last - t)/tau_L) + 1 and
// S <- S exp((t_last - t)/tau_s) + 1 (the presynaptic traces).
// init_weight is NEST's: the weight whenever the connection's status is set
// (Connect, SetStatus); here a hidden flag that every SetStatus clears makes
// the next presynaptic spike take the weight of that moment, which is the
// same value (only spikes change the weight). NEST keeps t_last = -1 before
// the first spike, Roost 0: the traces are 0 then, so nothing differs.
// Parameters tau_Delta (ms), eta, Wmin, Wmax. Checks as NEST (its texts,
// including the first one's comparison with Wmax): the weight has the sign
// bit of Wmax, and the sign of Wmax (0 counts as negative).
// Reference: NEST 3.10 urbanczik_synapse, UrbanczikArchivingNode.

#include <array>
#include <cmath>

#include "roost/synapse_model.hpp"
#include "roost/urbanczik_history.hpp"

namespace roost::models {

struct urbanczik_synapse {
  static constexpr const char* model_name = "urbanczik_synapse";
  static constexpr SynapseTraits traits{.reads_urbanczik_history = true};

  enum Param : int { tau_Delta, eta, Wmin, Wmax, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_Delta", 100.0, "ms"},
      {"eta", 0.07, ""},
      {"Wmin", 0.0, "pA"},
      {"Wmax", 100.0, "pA"},
  }};
  enum State : int {
    PI_integral,
    PI_exp_integral,
    tau_L_trace,
    tau_s_trace,
    init_weight,
    init_weight_set,
    n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"PI_integral", 0.0, "", FieldType::Double, true},
      {"PI_exp_integral", 0.0, "", FieldType::Double, true},
      {"tau_L_trace", 0.0, "", FieldType::Double, true},
      {"tau_s_trace", 0.0, "", FieldType::Double, true},
      {"init_weight", 0.0, "", FieldType::Double, true},
      {"init_weight_set", 0.0, "", FieldType::Double, true},
  }};
  // Every SetStatus of a connection clears it (NEST's set_status: init_weight_ = weight_).
  static constexpr int reset_on_set = init_weight_set;

  // NEST's two checks, in its order; nothing else is checked.
  static const char* validate(const double* p, const double*, double weight) {
    if (std::signbit(weight) != std::signbit(p[Wmax])) return "Weight and Wmin must have same sign.";
    if ((weight >= 0.0) - (weight < 0.0) != (p[Wmax] > 0.0) - (p[Wmax] <= 0.0)) return "Weight and Wmax must have same sign.";
    return nullptr;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    const double* p = syn.p;
    double* s = syn.s;
    double& w = *syn.weight;
    if (s[init_weight_set] == 0.0) {
      s[init_weight] = w;
      s[init_weight_set] = 1.0;
    }
    const UrbanczikView history = urbanczik_view(post);
    const double d = pre.delay;
    const HistoryRange r = history.read(pre.t_last - d, pre.t - d);
    const double g_L = history.g_L();
    const double tau_L = history.C_m() / g_L;
    const double C_m = history.C_m();
    const double tau_s = w > 0.0 ? history.tau_syn_ex() : history.tau_syn_in();
    double dPI_exp_integral = 0.0;
    for (std::uint32_t k = r.first; k < r.last; ++k) {
      const LtpEntry& e = history.entry(k);
      const double t_up = e.t + d;
      const double minus_delta_t_up = pre.t_last - t_up;
      const double minus_t_down = t_up - pre.t;
      const double PI =
          (s[tau_L_trace] * std::exp(minus_delta_t_up / tau_L) - s[tau_s_trace] * std::exp(minus_delta_t_up / tau_s)) * e.dw;
      s[PI_integral] += PI;
      dPI_exp_integral += std::exp(minus_t_down / p[tau_Delta]) * PI;
    }
    s[PI_exp_integral] = std::exp((pre.t_last - pre.t) / p[tau_Delta]) * s[PI_exp_integral] + dPI_exp_integral;
    w = s[PI_integral] - s[PI_exp_integral];
    w = s[init_weight] + w * 15.0 * C_m * tau_s * p[eta] / (g_L * (tau_L - tau_s));
    if (w > p[Wmax]) {
      w = p[Wmax];
    } else if (w < p[Wmin]) {
      w = p[Wmin];
    }
    sent_weight = w;
    s[tau_L_trace] = s[tau_L_trace] * std::exp((pre.t_last - pre.t) / tau_L) + 1.0;
    s[tau_s_trace] = s[tau_s_trace] * std::exp((pre.t_last - pre.t) / tau_s) + 1.0;
    return true;
  }
};

}  // namespace roost::models
