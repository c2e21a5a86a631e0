// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// aeif_psc_delta_clopath: adaptive exponential integrate-and-fire neuron
// (AdEx) with delta-shaped synaptic input, a spike afterpotential current z,
// an adaptive threshold V_th, a clamped spike shape and the low-pass filtered
// membrane potentials that Clopath plasticity reads (Clopath et al. 2010).
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - w + z + I_e + I_stim
//   tau_w dw/dt = a (V - E_L) - w
//   tau_z dz/dt = -z
//   tau_V_th dV_th/dt = -(V_th - V_th_rest)
//   u_bar_plus, u_bar_minus, u_bar_bar: the traces of clopath_common.hpp
//
// The membrane equations are aeif_psc_delta's (aeif::Membrane in
// aeif_common.hpp). Inside the right-hand side V is V_clamp while clamped,
// V_reset while refractory (dV/dt = 0 in both), else min(V, V_peak); w is
// frozen while clamped; the traces follow that effective V.
// NEST semantics reproduced: adaptive RKF45 with derivative-based error
// control (gsl_error_tol), the substep size carried across steps. After every
// substep: the numerical range check; the step's summed input (mV) is added
// to V after the first substep unless clamped or refractory (then dropped);
// the threshold is V_peak, or V_th when Delta_T = 0; V >= threshold while not
// clamped is a spike: V = V_clamp, w += b, z = I_sp, V_th = V_th_max, and the
// clamp holds V for t_clamp (the step of the spike counts); in the substep
// after the clamp ends, V = V_reset and the refractory period t_ref begins (V
// held at V_reset). With t_clamp = 0 there is no clamp and no refractory
// period (NEST's behaviour). Recordables V_m, w, z, V_th, u_bar_plus,
// u_bar_minus, u_bar_bar (z and V_th are not status keys, as in NEST).
// The plasticity parameters of clopath_common.hpp are held and checked; at
// the end of every step the neuron archives V and the traces for the
// clopath_synapse connections onto it (NEST's write_clopath_history, see
// roost/clopath_history.hpp).
// Reference: NEST 3.10 aeif_psc_delta_clopath.

#include <array>
#include <cmath>
#include <limits>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/aeif_common.hpp"
#include "roost/models/clopath_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct aeif_psc_delta_clopath {
  static constexpr const char* model_name = "aeif_psc_delta_clopath";
  // Keeps the history clopath_synapse reads (roost/clopath_history.hpp).
  static constexpr bool clopath_archiving = true;

  enum Param : int {
    C_m, V_th_max, V_th_rest, tau_V_th, t_ref, g_L, E_L, V_reset, a, b, I_sp, Delta_T, tau_w, tau_z,
    tau_u_bar_plus, tau_u_bar_minus, tau_u_bar_bar, I_e, V_peak, gsl_error_tol, V_clamp, t_clamp,
    A_LTD, A_LTP, u_ref_squared, theta_plus, theta_minus, A_LTD_const, delay_u_bars, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params = clopath::with_archiving_params(
      std::array<FieldSpec, t_clamp + 1>{{
          {"C_m", 281.0, "pF"},
          {"V_th_max", 30.4, "mV"},
          {"V_th_rest", -50.4, "mV"},
          {"tau_V_th", 50.0, "ms"},
          {"t_ref", 0.0, "ms"},
          {"g_L", 30.0, "nS"},
          {"E_L", -70.6, "mV"},
          {"V_reset", -60.0, "mV"},
          {"a", 4.0, "nS"},
          {"b", 80.5, "pA"},
          {"I_sp", 400.0, "pA"},
          {"Delta_T", 2.0, "mV"},
          {"tau_w", 144.0, "ms"},
          {"tau_z", 40.0, "ms"},
          {"tau_u_bar_plus", 7.0, "ms"},
          {"tau_u_bar_minus", 10.0, "ms"},
          {"tau_u_bar_bar", 500.0, "ms"},
          {"I_e", 0.0, "pA"},
          {"V_peak", 33.0, "mV"},
          {"gsl_error_tol", 1e-6, ""},
          {"V_clamp", 33.0, "mV"},
          {"t_clamp", 2.0, "ms"},
      }});

  static constexpr int n_ode = 7;
  enum State : int {
    V_m, w, z, V_th, u_bar_plus, u_bar_minus, u_bar_bar, refractory_steps_left, clamp_steps_left, I_stim, substep,
    n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.6, "mV"},
      {"w", 0.0, "pA"},
      {"z", 0.0, "pA", FieldType::Double, true},
      {"V_th", -50.4, "mV", FieldType::Double, true},
      {"u_bar_plus", -70.6, "mV"},
      {"u_bar_minus", -70.6, "mV"},
      {"u_bar_bar", -70.6, "mV"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"clamp_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, clamp_steps, Delta_T_inv, C_m_inv, tau_w_inv, n_coef };

  static constexpr std::array<const char*, 7> recordables{"V_m", "w", "z", "V_th",
                                                           "u_bar_plus", "u_bar_minus", "u_bar_bar"};
  enum Channel : int { input_channel, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double) { return receptor_type == 0 ? input_channel : -1; }

  static const char* validate(const double* p) {
    if (p[V_reset] >= p[V_peak]) return "Ensure that V_reset < V_peak .";
    if (p[Delta_T] < 0.0) return "Delta_T must be greater than or equal to zero.";
    if (p[Delta_T] > 0.0) {
      const double max_exp_arg = std::log(std::numeric_limits<double>::max() / 1e20);
      if ((p[V_peak] - p[V_th_rest]) / p[Delta_T] >= max_exp_arg) {
        return "The current combination of V_peak, V_th_rest and Delta_T will lead to numerical overflow at spike "
               "time; tryfor instance to increase Delta_T or to reduce V_peakto avoid this problem.";
      }
    }
    if (p[V_th_max] < p[V_th_rest]) return "V_th_max >= V_th_rest required.";
    if (p[V_peak] < p[V_th_rest]) return "V_peak >= V_th_rest required.";
    if (p[C_m] <= 0.0) return "Ensure that C_m > 0";
    if (p[t_ref] < 0.0) return "Refractory time cannot be negative.";
    if (p[t_clamp] < 0.0) return "Ensure that t_clamp >= 0";
    if (p[tau_w] <= 0.0 || p[tau_V_th] <= 0.0 || p[tau_z] <= 0.0 || p[tau_u_bar_plus] <= 0.0 ||
        p[tau_u_bar_minus] <= 0.0 || p[tau_u_bar_bar] <= 0.0) {
      return "All time constants must be strictly positive.";
    }
    if (p[gsl_error_tol] <= 0.0) return "The gsl_error_tol must be strictly positive.";
    return clopath::check_archiving(p, A_LTD);
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = nest_steps_of(p.col[t_ref][i], h);
    c.col[clamp_steps][i] = nest_steps_of(p.col[t_clamp][i], h);
    c.col[Delta_T_inv][i] = 1.0 / p.col[Delta_T][i];
    c.col[C_m_inv][i] = 1.0 / p.col[C_m][i];
    c.col[tau_w_inv][i] = 1.0 / p.col[tau_w][i];
  }

  struct Rhs {
    aeif::Membrane membrane;
    clopath::Traces traces;
    double V_peak, V_reset, V_clamp_value, tau_z_value, tau_V_th_value, V_th_rest_value, I_stim;
    bool refractory, clamped;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double V = clamped ? V_clamp_value : refractory ? V_reset : (y[V_m] < V_peak ? y[V_m] : V_peak);
      f[V_m] = refractory || clamped ? 0.0 : membrane.dV(V, y[w], y[V_th], y[z], I_stim);
      f[w] = clamped ? 0.0 : membrane.dw(V, y[w]);
      f[z] = -y[z] / tau_z_value;
      f[V_th] = -(y[V_th] - V_th_rest_value) / tau_V_th_value;
      traces.derivatives(V, y + u_bar_plus, f + u_bar_plus);
    }
  };

  // in[0]: summed weights (mV) arriving now; in[1]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    double& r = s.col[refractory_steps_left][i];
    double& clamp_r = s.col[clamp_steps_left][i];
    const aeif::Membrane membrane{p.col[g_L][i], p.col[E_L][i],      p.col[Delta_T][i],  p.col[a][i],
                                  p.col[I_e][i], c.col[Delta_T_inv][i], c.col[C_m_inv][i], c.col[tau_w_inv][i]};
    Rhs rhs{membrane,
            {p.col[tau_u_bar_plus][i], p.col[tau_u_bar_minus][i], p.col[tau_u_bar_bar][i]},
            p.col[V_peak][i],
            p.col[V_reset][i],
            p.col[V_clamp][i],
            p.col[tau_z][i],
            p.col[tau_V_th][i],
            p.col[V_th_rest][i],
            s.col[I_stim][i],
            r > 0.0,
            clamp_r > 0.0};
    const double tol = p.col[gsl_error_tol][i];
    const auto control = ode::ErrorControl::on_derivatives(tol, tol);
    const double h = c.col[resolution][i];
    const bool threshold_is_V_th = p.col[Delta_T][i] == 0.0;
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    double arriving = input[input_channel];  // read once: later substeps see 0
    double t = 0.0;
    int spikes = 0;
    while (t < h) {
      ode::evolve_apply<n_ode>(rhs, control, t, h, substep_size, y);
      if (aeif::out_of_range(y[V_m], y[w])) return ode::numerical_instability;
      if (r == 0.0 && clamp_r == 0.0) y[V_m] += arriving;
      arriving = 0.0;
      const double threshold = threshold_is_V_th ? y[V_th] : p.col[V_peak][i];
      if (y[V_m] >= threshold && clamp_r == 0.0) {
        y[V_m] = p.col[V_clamp][i];
        y[w] += p.col[b][i];
        y[z] = p.col[I_sp][i];
        y[V_th] = p.col[V_th_max][i];
        // +1: the count-down after the loop; t_clamp = 0: no clamp.
        clamp_r = c.col[clamp_steps][i] > 0.0 ? c.col[clamp_steps][i] + 1.0 : 0.0;
        ++spikes;
      } else if (clamp_r == 1.0) {
        y[V_m] = p.col[V_reset][i];
        clamp_r = 0.0;
        r = c.col[refractory_steps][i] > 0.0 ? c.col[refractory_steps][i] + 1.0 : 0.0;
      }
      if (r > 0.0) y[V_m] = p.col[V_reset][i];
      rhs.clamped = clamp_r > 0.0;
      rhs.refractory = r > 0.0;
    }
    if (clamp_r > 0.0) clamp_r -= 1.0;
    if (r > 0.0) r -= 1.0;
    s.col[substep][i] = substep_size;
    ode::store<n_ode>(s, i, y);
    s.col[I_stim][i] = input[n_spike_channels];
    return spikes;
  }
};

}  // namespace roost::models
