// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// aeif_psc_delta: adaptive exponential integrate-and-fire neuron (AdEx,
// Brette & Gerstner 2005) with delta-shaped synaptic input.
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - w + I_e + I_stim
//   tau_w dw/dt = a (V - E_L) - w
//
// A spike of weight w (mV) moves V by w. As in NEST the step's input is added
// to V after the *first* RKF45 substep of the step (so where it lands depends
// on the substep sizes), then V >= V_peak is tested after every substep. Input
// arriving while refractory is dropped, or with refractory_input = True added
// when the refractory period ends, discounted by exp(-r h / tau_m) for the r
// steps it waited (tau_m = C_m / g_L). Solver, reset and the numerical range
// check as aeif_cond_alpha. Reference: NEST 3.10 aeif_psc_delta.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/aeif_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct aeif_psc_delta {
  static constexpr const char* model_name = "aeif_psc_delta";

  enum Param : int {
    V_peak, V_reset, t_ref, g_L, C_m, E_L, Delta_T, tau_w, a, b, V_th, I_e, gsl_error_tol, refractory_input, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"V_peak", 0.0, "mV"},
      {"V_reset", -60.0, "mV"},
      {"t_ref", 0.0, "ms"},
      {"g_L", 30.0, "nS"},
      {"C_m", 281.0, "pF"},
      {"E_L", -70.6, "mV"},
      {"Delta_T", 2.0, "mV"},
      {"tau_w", 144.0, "ms"},
      {"a", 4.0, "nS"},
      {"b", 80.5, "pA"},
      {"V_th", -50.4, "mV"},
      {"I_e", 0.0, "pA"},
      {"gsl_error_tol", 1e-6, ""},
      {"refractory_input", 0.0, "", FieldType::Bool},
  }};

  static constexpr int n_ode = 2;
  enum State : int { V_m, w, refractory_steps_left, refractory_input_sum, I_stim, substep, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.6, "mV"},
      {"w", 0.0, "pA"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"refractory_input_sum", 0.0, "mV", FieldType::Double, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, V_spike, Delta_T_inv, C_m_inv, tau_w_inv, n_coef };

  static constexpr std::array<const char*, 2> recordables{"V_m", "w"};
  enum Channel : int { input_channel, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double) { return receptor_type == 0 ? input_channel : -1; }

  static const char* validate(const double* p) { return aeif::validate<aeif_psc_delta>(p); }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    c.col[V_spike][i] = aeif::spike_threshold(p.col[V_peak][i], p.col[V_th][i], p.col[Delta_T][i]);
    c.col[Delta_T_inv][i] = 1.0 / p.col[Delta_T][i];
    c.col[C_m_inv][i] = 1.0 / p.col[C_m][i];
    c.col[tau_w_inv][i] = 1.0 / p.col[tau_w][i];
  }

  // The membrane equations are aeif::Membrane's (shared with aeif_psc_delta_clopath).
  struct Rhs {
    aeif::Membrane membrane;
    double V_peak, V_reset, V_th, I_stim;
    bool refractory;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double V = refractory ? V_reset : (y[V_m] < V_peak ? y[V_m] : V_peak);
      f[V_m] = refractory ? 0.0 : membrane.dV(V, y[w], V_th, 0.0, I_stim);
      f[w] = membrane.dw(V, y[w]);
    }
  };

  // in[0]: summed weights (mV) arriving now; in[1]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    double& r = s.col[refractory_steps_left][i];
    double& waiting = s.col[refractory_input_sum][i];
    const aeif::Membrane membrane{p.col[g_L][i],         p.col[E_L][i],     p.col[Delta_T][i],
                                  p.col[a][i],           p.col[I_e][i],     c.col[Delta_T_inv][i],
                                  c.col[C_m_inv][i],     c.col[tau_w_inv][i]};
    Rhs rhs{membrane, p.col[V_peak][i], p.col[V_reset][i], p.col[V_th][i], s.col[I_stim][i], r > 0.0};
    const bool with_refractory_input = p.col[refractory_input][i] != 0.0;
    const double tol = p.col[gsl_error_tol][i];
    const auto control = ode::ErrorControl::on_derivatives(tol, tol);
    const double h = c.col[resolution][i];
    const double tau_m = p.col[C_m][i] / p.col[g_L][i];
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    double arriving = input[input_channel];  // read once: later substeps see 0
    double t = 0.0;
    int spikes = 0;
    while (t < h) {
      ode::evolve_apply<n_ode>(rhs, control, t, h, substep_size, y);
      if (aeif::out_of_range(y[V_m], y[w])) return ode::numerical_instability;
      if (r == 0.0) {
        y[V_m] += arriving;
        if (with_refractory_input && waiting != 0.0) {
          y[V_m] += waiting;
          waiting = 0.0;
        }
      } else {
        y[V_m] = rhs.V_reset;
        if (with_refractory_input) waiting += arriving * std::exp(-r * h / tau_m);
      }
      arriving = 0.0;
      if (r == 0.0 && y[V_m] >= c.col[V_spike][i]) {
        y[V_m] = rhs.V_reset;
        r = c.col[refractory_steps][i] > 0.0 ? c.col[refractory_steps][i] + 1.0 : 0.0;
        rhs.refractory = r > 0.0;
        y[w] += p.col[b][i];
        ++spikes;
      }
    }
    if (r > 0.0) r -= 1.0;
    s.col[substep][i] = substep_size;
    ode::store<n_ode>(s, i, y);
    s.col[I_stim][i] = input[n_spike_channels];
    return spikes;
  }
};

}  // namespace roost::models
