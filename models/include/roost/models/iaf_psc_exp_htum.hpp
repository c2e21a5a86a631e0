// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_psc_exp_htum: iaf_psc_exp with separate absolute and total refractory
// periods (Hill & Tononi 2005; used by Tsodyks et al. 2000's network).
//
//   dV/dt       = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   dI_syn_x/dt = -I_syn_x/tau_syn_x,  each spike adds its weight (pA) to I_syn_x
//
// At V_m >= V_th (while not totally refractory) the neuron spikes and V_m goes to
// V_reset. For t_ref_abs V_m is clamped there; until t_ref_tot has passed V_m
// evolves but no spike can occur (t_ref_abs <= t_ref_tot). The synaptic currents
// evolve throughout. Positive weights go to the excitatory, negative weights to
// the inhibitory current. Exact integration on the grid; a step current read in
// step n acts from step n+1 on. Setting E_L alone leaves V_m, V_th and V_reset
// where they are (NEST keeps their absolute values).
// Reference: NEST 3.10 iaf_psc_exp_htum (Rotter & Diesmann 1999 for the integration).

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct iaf_psc_exp_htum {
  static constexpr const char* model_name = "iaf_psc_exp_htum";

  enum Param : int { E_L, C_m, tau_m, t_ref_abs, t_ref_tot, V_th, V_reset, I_e, tau_syn_ex, tau_syn_in, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"C_m", 250.0, "pF"},
      {"tau_m", 10.0, "ms"},
      {"t_ref_abs", 2.0, "ms"},
      {"t_ref_tot", 2.0, "ms"},
      {"V_th", -55.0, "mV"},
      {"V_reset", -70.0, "mV"},
      {"I_e", 0.0, "pA"},
      {"tau_syn_ex", 2.0, "ms"},
      {"tau_syn_in", 2.0, "ms"},
  }};

  // NEST records the synaptic currents but does not show them in GetStatus.
  enum State : int { V_m, I_syn_ex, I_syn_in, clamped_steps_left, refractory_steps_left, I_stim, V_m_rel, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"I_syn_ex", 0.0, "pA", FieldType::Double, true},
      {"I_syn_in", 0.0, "pA", FieldType::Double, true},
      {"clamped_steps_left", 0.0, "", FieldType::Int, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"V_m_rel", 0.0, "mV", FieldType::Double, true},
  }};

  enum Coef : int { P22, P20, P21ex, P21in, P11ex, P11in, clamped_steps, refractory_steps, n_coef };

  // NEST records V_m relative to E_L here (GetStatus shows it absolute).
  static constexpr std::array<const char*, 3> recordables{"V_m", "I_syn_ex", "I_syn_in"};
  static constexpr std::array<RecordedAs, 1> recorded_as{{{"V_m", "V_m_rel"}}};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  // NEST's checks, in NEST's order. NEST also refuses, at Simulate, refractory
  // times shorter than one step; Roost cannot check that here (see the model page).
  static const char* validate(const double* p) {
    if (!(p[V_reset] < p[V_th])) return "Reset potential must be smaller than threshold.";
    if (p[t_ref_abs] > p[t_ref_tot]) {
      return "Total refractory period must be larger or equal than absolute refractory time.";
    }
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    if (!(p[tau_m] > 0.0) || !(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0) || !(p[t_ref_tot] > 0.0) ||
        !(p[t_ref_abs] > 0.0)) {
      return "All time constants must be strictly positive.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    const double tau = p.col[tau_m][i];
    const double C = p.col[C_m][i];
    c.col[P22][i] = std::exp(-h / tau);
    c.col[P20][i] = tau / C * (1.0 - std::exp(-h / tau));
    c.col[P11ex][i] = std::exp(-h / p.col[tau_syn_ex][i]);
    c.col[P11in][i] = std::exp(-h / p.col[tau_syn_in][i]);
    c.col[P21ex][i] = propagator_exp_current(p.col[tau_syn_ex][i], tau, C, h);
    c.col[P21in][i] = propagator_exp_current(p.col[tau_syn_in][i], tau, C, h);
    c.col[clamped_steps][i] = nest_steps_of(p.col[t_ref_abs][i], h);
    c.col[refractory_steps][i] = nest_steps_of(p.col[t_ref_tot][i], h);
  }

  // input[ex], input[in]: summed weights (pA) arriving now; input[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    const double E = p.col[E_L][i];
    double y = s.col[V_m][i] - E;
    double& clamped = s.col[clamped_steps_left][i];
    double& refractory = s.col[refractory_steps_left][i];
    if (clamped == 0.0) {
      y = y * c.col[P22][i] + s.col[I_syn_ex][i] * c.col[P21ex][i] + s.col[I_syn_in][i] * c.col[P21in][i] +
          (p.col[I_e][i] + s.col[I_stim][i]) * c.col[P20][i];
    } else {
      clamped -= 1.0;
    }
    // Currents decay, then this step's spikes act at once on them.
    s.col[I_syn_ex][i] = s.col[I_syn_ex][i] * c.col[P11ex][i] + input[ex];
    s.col[I_syn_in][i] = s.col[I_syn_in][i] * c.col[P11in][i] + input[in];
    int spikes = 0;
    if (refractory == 0.0) {
      if (y >= p.col[V_th][i] - E) {
        clamped = c.col[clamped_steps][i];
        refractory = c.col[refractory_steps][i];
        y = p.col[V_reset][i] - E;
        spikes = 1;
      }
    } else {
      refractory -= 1.0;
    }
    s.col[I_stim][i] = input[n_spike_channels];
    s.col[V_m][i] = y + E;
    s.col[V_m_rel][i] = y;
    return spikes;
  }
};

}  // namespace roost::models
