// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_psc_alpha: leaky integrate-and-fire neuron with alpha-shaped post-synaptic
// currents.
//
//   dV/dt = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   I_syn_x(t) = sum_k w_k (t - t_k)/tau_syn_x * exp(1 - (t - t_k)/tau_syn_x)
//
// A spike of weight w (pA) makes a current that peaks at w after tau_syn.
// Positive weights excite, negative inhibit. Exact integration on the grid; V is
// clamped to V_reset for t_ref while the currents evolve; V never goes below V_min.
// A step current read in step n acts from step n+1 on.
// Reference: NEST 3.10 iaf_psc_alpha (Rotter & Diesmann 1999).

#include <limits>

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct iaf_psc_alpha {
  static constexpr const char* model_name = "iaf_psc_alpha";

  enum Param : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, I_e, tau_syn_ex, tau_syn_in, V_min, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"C_m", 250.0, "pF"},
      {"tau_m", 10.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"V_th", -55.0, "mV", FieldType::Double},
      {"V_reset", -70.0, "mV", FieldType::Double},
      {"I_e", 0.0, "pA"},
      {"tau_syn_ex", 2.0, "ms"},
      {"tau_syn_in", 2.0, "ms"},
      {"V_min", -std::numeric_limits<double>::infinity(), "mV", FieldType::Double},
  }};

  enum State : int { V_m, I_syn_ex, I_syn_in, dI_syn_ex, dI_syn_in, refractory_steps_left, I_stim, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"I_syn_ex", 0.0, "pA"},
      {"I_syn_in", 0.0, "pA"},
      {"dI_syn_ex", 0.0, "pA/ms", FieldType::Double, true},
      {"dI_syn_in", 0.0, "pA/ms", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
  }};

  enum Coef : int {
    P11ex, P21ex, P31ex, P32ex, P11in, P21in, P31in, P32in, P30, expm1_h_tau_m, psc_norm_ex, psc_norm_in,
    refractory_steps, n_coef
  };

  static constexpr std::array<const char*, 3> recordables{"V_m", "I_syn_ex", "I_syn_in"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) {
    if (const char* problem = iaf::check_membrane(p[C_m], p[tau_m], p[t_ref], p[V_reset], p[V_th])) return problem;
    if (const char* problem = iaf::check_synapses(p[tau_syn_ex], p[tau_syn_in])) return problem;
    return iaf::check_lower_bound(p[V_min], p[V_reset]);
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    const double tau = p.col[tau_m][i];
    const double C = p.col[C_m][i];
    const double tex = p.col[tau_syn_ex][i];
    const double tin = p.col[tau_syn_in][i];
    c.col[P11ex][i] = std::exp(-h / tex);
    c.col[P21ex][i] = h * std::exp(-h / tex);
    c.col[P31ex][i] = propagator_alpha_current(tex, tau, C, h);
    c.col[P32ex][i] = propagator_exp_current(tex, tau, C, h);
    c.col[P11in][i] = std::exp(-h / tin);
    c.col[P21in][i] = h * std::exp(-h / tin);
    c.col[P31in][i] = propagator_alpha_current(tin, tau, C, h);
    c.col[P32in][i] = propagator_exp_current(tin, tau, C, h);
    c.col[P30][i] = -tau / C * std::expm1(-h / tau);
    c.col[expm1_h_tau_m][i] = std::expm1(-h / tau);
    // e/tau_syn makes a unit weight peak at 1 pA.
    c.col[psc_norm_ex][i] = alpha_normalization(tex);
    c.col[psc_norm_in][i] = alpha_normalization(tin);
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
  }

  // input[ex], input[in]: summed weights (pA) arriving now; input[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    const double E = p.col[E_L][i];
    double y = s.col[V_m][i] - E;
    double& I_ex = s.col[I_syn_ex][i];
    double& I_in = s.col[I_syn_in][i];
    double& dI_ex = s.col[dI_syn_ex][i];
    double& dI_in = s.col[dI_syn_in][i];
    if (s.col[refractory_steps_left][i] == 0.0) {
      y = c.col[P30][i] * (s.col[I_stim][i] + p.col[I_e][i]) + c.col[P31ex][i] * dI_ex + c.col[P32ex][i] * I_ex +
          c.col[P31in][i] * dI_in + c.col[P32in][i] * I_in + c.col[expm1_h_tau_m][i] * y + y;
      const double y_min = p.col[V_min][i] - E;
      if (y < y_min) y = y_min;
    } else {
      s.col[refractory_steps_left][i] -= 1.0;
    }
    I_ex = c.col[P21ex][i] * dI_ex + c.col[P11ex][i] * I_ex;
    dI_ex = dI_ex * c.col[P11ex][i] + c.col[psc_norm_ex][i] * input[ex];
    I_in = c.col[P21in][i] * dI_in + c.col[P11in][i] * I_in;
    dI_in = dI_in * c.col[P11in][i] + c.col[psc_norm_in][i] * input[in];
    const int spikes = iaf::fire_if_above(y, p.col[V_th][i] - E, p.col[V_reset][i] - E,
                                          s.col[refractory_steps_left][i], c.col[refractory_steps][i]);
    s.col[I_stim][i] = input[n_spike_channels];
    s.col[V_m][i] = y + E;
    return spikes;
  }
};

}  // namespace roost::models
