// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// hh_psc_alpha_clopath: hh_psc_alpha (Hodgkin-Huxley neuron with alpha-shaped
// synaptic currents) with the low-pass filtered membrane potentials that
// Clopath plasticity reads (Clopath et al. 2010).
//
//   C_m dV/dt = -(g_Na m^3 h (V - E_Na) + g_K n^4 (V - E_K) + g_L (V - E_L))
//               + I_syn_ex + I_syn_in + I_e + I_stim
//   dx/dt = alpha_x(V) (1 - x) - beta_x(V) x      for x = m, h, n
//   dI_x/dt = dI_x - I_x/tau_syn_x,  d(dI_x)/dt = -dI_x/tau_syn_x
//   du_bar_plus/dt  = (V - u_bar_plus)/tau_u_bar_plus
//   du_bar_minus/dt = (V - u_bar_minus)/tau_u_bar_minus
//   du_bar_bar/dt   = (u_bar_minus - u_bar_bar)/tau_u_bar_bar
//
// The neuron part is hh_psc_alpha's, written once there (equations, step,
// coefficients): the traces are integrated with it by the same adaptive
// RKF45 (absolute error 1e-3, substep carried across steps). A spike of weight
// w > 0 adds w e/tau_syn_ex to dI_syn_ex, otherwise w e/tau_syn_in to
// dI_syn_in (keeping its sign); the step's input enters after the
// integration. Spike: V >= 0 mV at the end of a step while V falls (one step
// after the peak), then no spike for t_ref (V is not reset). As in NEST the
// traces start at 0 mV (not at V_m) and tau_u_bar_plus defaults to 114 ms.
// The plasticity parameters of clopath_common.hpp are held and checked; after
// the integration of every step (before the spike check, as NEST) the neuron
// archives V and the traces for the clopath_synapse connections onto it
// (roost/clopath_history.hpp). Recordables
// V_m, I_syn_ex, I_syn_in, Act_m, Inact_h, Act_n, u_bar_plus, u_bar_minus,
// u_bar_bar. Reference: NEST 3.10 hh_psc_alpha_clopath.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/clopath_common.hpp"
#include "roost/models/hh_psc_alpha.hpp"
#include "roost/models/iaf_common.hpp"

namespace roost::models {

struct hh_psc_alpha_clopath {
  static constexpr const char* model_name = "hh_psc_alpha_clopath";
  // Keeps the history clopath_synapse reads (roost/clopath_history.hpp).
  static constexpr bool clopath_archiving = true;
  using hh = hh_psc_alpha;

  // hh_psc_alpha's parameters (same order and defaults), the trace time
  // constants, then the archiving node's.
  enum Param : int {
    t_ref, g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, tau_syn_ex, tau_syn_in, I_e,
    tau_u_bar_plus, tau_u_bar_minus, tau_u_bar_bar,
    A_LTD, A_LTP, u_ref_squared, theta_plus, theta_minus, A_LTD_const, delay_u_bars, n_params
  };
  static_assert(int{I_e} == int{hh::I_e} && int{tau_u_bar_plus} == int{hh::n_params});
  // hh_psc_alpha's parameters (same names and defaults), the traces' time constants, the archiving node's.
  static constexpr std::array<FieldSpec, n_params> params = clopath::with_archiving_params(
      join_specs(hh::params, std::array<FieldSpec, 3>{{
                                 {"tau_u_bar_plus", 114.0, "ms"},
                                 {"tau_u_bar_minus", 10.0, "ms"},
                                 {"tau_u_bar_bar", 500.0, "ms"},
                             }}));

  // hh_psc_alpha's ODE state (same order and defaults), then the three traces.
  static constexpr int n_ode = 11;
  enum State : int {
    V_m, Act_m, Inact_h, Act_n, dI_syn_ex, I_syn_ex, dI_syn_in, I_syn_in, u_bar_plus, u_bar_minus, u_bar_bar,
    refractory_steps_left, I_stim, substep, n_state
  };
  static_assert(int{I_syn_in} == int{hh::I_syn_in});
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -65.0, "mV"},
      {"Act_m", 0.05293248525724958, ""},
      {"Inact_h", 0.5961207535084603, ""},
      {"Act_n", 0.3176769140606974, ""},
      {"dI_syn_ex", 0.0, "pA/ms", FieldType::Double, true},
      {"I_syn_ex", 0.0, "pA", FieldType::Double, true},
      {"dI_syn_in", 0.0, "pA/ms", FieldType::Double, true},
      {"I_syn_in", 0.0, "pA", FieldType::Double, true},
      {"u_bar_plus", 0.0, "mV"},
      {"u_bar_minus", 0.0, "mV"},
      {"u_bar_bar", 0.0, "mV"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  using Coef = hh::Coef;
  static constexpr int n_coef = hh::n_coef;

  static constexpr std::array<const char*, 9> recordables{
      "V_m", "I_syn_ex", "I_syn_in", "Act_m", "Inact_h", "Act_n", "u_bar_plus", "u_bar_minus", "u_bar_bar"};
  static constexpr int n_spike_channels = hh::n_spike_channels;
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, hh::ex, hh::in);
  }

  static const char* validate(const double* p) {
    const double* s = p + n_params;
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    if (!(p[t_ref] >= 0.0)) return "Refractory time cannot be negative.";
    if (!(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0) || !(p[tau_u_bar_plus] > 0.0) ||
        !(p[tau_u_bar_minus] > 0.0) || !(p[tau_u_bar_bar] > 0.0)) {
      return "All time constants must be strictly positive.";
    }
    if (!(p[g_K] >= 0.0) || !(p[g_Na] >= 0.0) || !(p[g_L] >= 0.0)) return "All conductances must be non-negative.";
    if (s[Act_m] < 0.0 || s[Inact_h] < 0.0 || s[Act_n] < 0.0) {
      return "All (in)activation variables must be non-negative.";
    }
    return clopath::check_archiving(p, A_LTD);
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    hh::calibrate_of(i, p, c, h);
  }

  struct Rhs {
    hh::Rhs neuron;
    clopath::Traces traces;
    ROOST_HD void operator()(double t, const double* y, double* f) const {
      neuron(t, y, f);
      traces.derivatives(y[V_m], y + u_bar_plus, f + u_bar_plus);
    }
  };

  ROOST_HD static Rhs make_rhs(Index i, ConstSoa<n_params> p, double I_stim) {
    return Rhs{hh::make_rhs(i, p, I_stim), {p.col[tau_u_bar_plus][i], p.col[tau_u_bar_minus][i], p.col[tau_u_bar_bar][i]}};
  }

  // in[ex], in[in]: summed weights (pA) arriving now; in[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    return hh::step_of<hh_psc_alpha_clopath>(i, s, p, c, input);
  }
};

}  // namespace roost::models
