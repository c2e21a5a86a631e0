// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// clopath_synapse: voltage-based STDP (Clopath et al. 2010); connects only to
// neurons that keep a Clopath history (aeif_psc_delta_clopath,
// hh_psc_alpha_clopath). The amplitudes and thresholds of the rule (A_LTP,
// A_LTD, theta_plus, theta_minus, u_ref_squared, A_LTD_const, delay_u_bars)
// belong to the target neuron, which archives, every step t (h the resolution):
//   LTP entry  A_LTP (u - theta_plus)(u_bar_plus(t - delay_u_bars) - theta_minus) h
//              when u > theta_plus and the delayed u_bar_plus > theta_minus,
//   LTD value  A_LTD (u_bar_minus(t - delay_u_bars) - theta_minus)
//              (times u_bar_bar^2 / u_ref_squared unless A_LTD_const)
//              when the delayed u_bar_minus > theta_minus
// (the delayed traces read 0 during the first delay_u_bars; see
// roost/clopath_history.hpp). The whole delay d is dendritic. At a
// presynaptic spike t (previous one t_last, 0 before the first):
//   for every LTP entry (t_e, dw) with t_last - d < t_e <= t - d:
//     w <- min(w + dw x_bar exp(-(t_e + d - t_last)/tau_x), Wmax)
//   w <- max(w - LTD value stored at t - d (0 if none), Wmin)
// the event carries the new w, then x_bar <- x_bar exp(-(t - t_last)/tau_x) + 1/tau_x.
// Parameters tau_x (ms), Wmin, Wmax; state x_bar. Checks as NEST: the weight
// has the sign of Wmin (0 counts as positive) and of Wmax (0 counts as
// negative); connecting to another neuron model is NEST's NotImplemented error.
// Reference: NEST 3.10 clopath_synapse, ClopathArchivingNode.

#include <array>
#include <cmath>

#include "roost/clopath_history.hpp"
#include "roost/synapse_model.hpp"

namespace roost::models {

struct clopath_synapse {
  static constexpr const char* model_name = "clopath_synapse";
  static constexpr SynapseTraits traits{.reads_clopath_history = true};

  enum Param : int { tau_x, Wmin, Wmax, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_x", 15.0, "ms"},
      {"Wmin", 0.0, "pA or mV"},
      {"Wmax", 100.0, "pA or mV"},
  }};
  enum State : int { x_bar, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{{"x_bar", 0.0, "1/ms"}}};

  // NEST's two sign checks, in its order; nothing else is checked.
  static const char* validate(const double* p, const double*, double weight) {
    const int sign_w = (weight >= 0.0) - (weight < 0.0);
    if (sign_w != (p[Wmin] >= 0.0) - (p[Wmin] < 0.0)) return "Weight and Wmin must have same sign.";
    if (sign_w != (p[Wmax] > 0.0) - (p[Wmax] <= 0.0)) return "Weight and Wmax must have same sign.";
    return nullptr;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post, double& sent_weight) {
    const double* p = syn.p;
    double& xb = syn.s[x_bar];
    double& w = *syn.weight;
    const ClopathView history = clopath_view(post);
    const HistoryRange r = history.read_ltp(pre.t_last - pre.delay, pre.t - pre.delay);
    for (std::uint32_t k = r.first; k < r.last; ++k) {
      const LtpEntry& e = history.ltp(k);
      const double minus_dt = pre.t_last - (e.t + pre.delay);
      w += e.dw * (xb * std::exp(minus_dt / p[tau_x]));
      if (!(w < p[Wmax])) w = p[Wmax];
    }
    w -= history.ltd_value(pre.t - pre.delay);
    if (!(w > p[Wmin])) w = p[Wmin];
    sent_weight = w;
    xb = xb * std::exp((pre.t_last - pre.t) / p[tau_x]) + 1.0 / p[tau_x];
    return true;
  }
};

}  // namespace roost::models
