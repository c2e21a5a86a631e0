// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// mat2_psc_exp: non-resetting leaky integrate-and-fire neuron with exponential
// post-synaptic currents and a threshold that jumps at each spike and relaxes on
// two time scales (multi-timescale adaptive threshold, MAT; Kobayashi et al. 2009).
//
//   dV/dt       = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   dI_syn_x/dt = -I_syn_x/tau_syn_x,  each spike adds its weight (pA) to I_syn_x
//   V_th        = omega + V_th_alpha_1 + V_th_alpha_2
//   dV_th_alpha_k/dt = -V_th_alpha_k/tau_k,  at a spike V_th_alpha_k += alpha_k
//
// A spike is V_m >= V_th while not refractory; V_m is NOT reset, but for t_ref no
// further spike can occur. omega is the absolute resting threshold. Positive
// weights go to the excitatory, negative weights to the inhibitory current. Exact
// integration on the grid; a step current read in step n acts from step n+1 on.
// tau_m must differ from tau_syn_ex and tau_syn_in. Setting E_L alone leaves
// V_m and omega where they are (NEST keeps their absolute values).
// Reference: NEST 3.10 mat2_psc_exp (Rotter & Diesmann 1999 for the integration).

#include <array>
#include <initializer_list>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct mat2_psc_exp {
  static constexpr const char* model_name = "mat2_psc_exp";

  enum Param : int {
    E_L, C_m, tau_m, t_ref, I_e, tau_syn_ex, tau_syn_in, tau_1, tau_2, alpha_1, alpha_2, omega, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"C_m", 100.0, "pF"},
      {"tau_m", 5.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"I_e", 0.0, "pA"},
      {"tau_syn_ex", 1.0, "ms"},
      {"tau_syn_in", 3.0, "ms"},
      {"tau_1", 10.0, "ms"},
      {"tau_2", 200.0, "ms"},
      {"alpha_1", 37.0, "mV"},
      {"alpha_2", 2.0, "mV"},
      {"omega", -51.0, "mV"},
  }};

  // V_th is what NEST records (omega + both threshold components); step() keeps
  // it up to date. NEST shows the synaptic currents neither in GetStatus nor as
  // recordables.
  enum State : int {
    V_m, V_th_alpha_1, V_th_alpha_2, I_syn_ex, I_syn_in, refractory_steps_left, I_stim, V_th, n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"V_th_alpha_1", 0.0, "mV"},
      {"V_th_alpha_2", 0.0, "mV"},
      {"I_syn_ex", 0.0, "pA", FieldType::Double, true},
      {"I_syn_in", 0.0, "pA", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"V_th", -51.0, "mV", FieldType::Double, true},
  }};

  enum Coef : int { expm1_h_tau_m, P20, P21ex, P21in, P11ex, P11in, decay_1, decay_2, refractory_steps, n_coef };

  static constexpr std::array<const char*, 2> recordables{"V_m", "V_th"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  // NEST's checks, in NEST's order. NEST also refuses, at Simulate, a t_ref
  // shorter than one step; Roost cannot check that here (see the model page).
  static const char* validate(const double* p) {
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    for (int k : {tau_m, tau_syn_ex, tau_syn_in, t_ref, tau_1, tau_2}) {
      if (!(p[k] > 0.0)) return "All time constants must be strictly positive.";
    }
    if (p[tau_m] == p[tau_syn_ex] || p[tau_m] == p[tau_syn_in]) {
      return "Membrane and synapse time constant(s) must differ. See note in documentation.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    const double tau = p.col[tau_m][i];
    const double C = p.col[C_m][i];
    c.col[expm1_h_tau_m][i] = std::expm1(-h / tau);
    c.col[P20][i] = -tau / C * std::expm1(-h / tau);
    c.col[P11ex][i] = std::exp(-h / p.col[tau_syn_ex][i]);
    c.col[P11in][i] = std::exp(-h / p.col[tau_syn_in][i]);
    c.col[P21ex][i] = propagator_exp_current(p.col[tau_syn_ex][i], tau, C, h);
    c.col[P21in][i] = propagator_exp_current(p.col[tau_syn_in][i], tau, C, h);
    c.col[decay_1][i] = std::exp(-h / p.col[tau_1][i]);
    c.col[decay_2][i] = std::exp(-h / p.col[tau_2][i]);
    c.col[refractory_steps][i] = nest_steps_of(p.col[t_ref][i], h);
  }

  // input[ex], input[in]: summed weights (pA) arriving now; input[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    const double E = p.col[E_L][i];
    double& I_ex = s.col[I_syn_ex][i];
    double& I_in = s.col[I_syn_in][i];
    double& theta_1 = s.col[V_th_alpha_1][i];
    double& theta_2 = s.col[V_th_alpha_2][i];
    double& refractory = s.col[refractory_steps_left][i];

    // Membrane (relative to E_L) with the currents of the step's start, then the
    // threshold components and the currents decay; this step's spikes act at once.
    double y = s.col[V_m][i] - E;
    y = y * c.col[expm1_h_tau_m][i] + y + I_ex * c.col[P21ex][i] + I_in * c.col[P21in][i] +
        (p.col[I_e][i] + s.col[I_stim][i]) * c.col[P20][i];
    theta_1 *= c.col[decay_1][i];
    theta_2 *= c.col[decay_2][i];
    I_ex = I_ex * c.col[P11ex][i] + input[ex];
    I_in = I_in * c.col[P11in][i] + input[in];

    const double omega_rel = p.col[omega][i] - E;
    int spikes = 0;
    if (refractory == 0.0) {
      if (y >= omega_rel + theta_2 + theta_1) {
        refractory = c.col[refractory_steps][i];
        theta_1 += p.col[alpha_1][i];
        theta_2 += p.col[alpha_2][i];
        spikes = 1;
      }
    } else {
      refractory -= 1.0;
    }
    s.col[I_stim][i] = input[n_spike_channels];
    s.col[V_m][i] = y + E;
    s.col[V_th][i] = E + omega_rel + theta_1 + theta_2;
    return spikes;
  }
};

}  // namespace roost::models
