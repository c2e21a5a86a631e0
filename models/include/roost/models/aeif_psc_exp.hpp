// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// aeif_psc_exp: adaptive exponential integrate-and-fire neuron (AdEx,
// Brette & Gerstner 2005) with exponentially decaying synaptic currents.
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
//               + I_syn_ex - I_syn_in - w + I_e + I_stim
//   tau_w dw/dt = a (V - E_L) - w,   dI_syn_x/dt = -I_syn_x/tau_syn_x
//
// A spike of weight w (pA) adds |w| to I_syn_ex (w > 0) or I_syn_in (w <= 0);
// both currents are positive. Solver, spike test and reset as aeif_cond_alpha
// (aeif_common.hpp). Reference: NEST 3.10 aeif_psc_exp.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/aeif_common.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct aeif_psc_exp {
  static constexpr const char* model_name = "aeif_psc_exp";

  enum Param : int {
    V_peak, V_reset, t_ref, g_L, C_m, E_L, Delta_T, tau_w, a, b, V_th, tau_syn_ex, tau_syn_in, I_e,
    gsl_error_tol, n_params
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
      {"tau_syn_ex", 0.2, "ms"},
      {"tau_syn_in", 2.0, "ms"},
      {"I_e", 0.0, "pA"},
      {"gsl_error_tol", 1e-6, ""},
  }};

  static constexpr int n_ode = 4;
  enum State : int { V_m, I_syn_ex, I_syn_in, w, refractory_steps_left, I_stim, substep, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.6, "mV"},
      {"I_syn_ex", 0.0, "pA"},
      {"I_syn_in", 0.0, "pA"},
      {"w", 0.0, "pA"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, n_coef };

  static constexpr std::array<const char*, 4> recordables{"V_m", "I_syn_ex", "I_syn_in", "w"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) { return aeif::validate<aeif_psc_exp>(p); }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
  }

  struct Rhs {
    double V_peak, V_reset, g_L, C_m, E_L, Delta_T, tau_w, a, V_th, tau_syn_ex, tau_syn_in, I_e, I_stim;
    bool refractory;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double V = refractory ? V_reset : (y[V_m] < V_peak ? y[V_m] : V_peak);
      const double I_spike = aeif::spike_current(g_L, Delta_T, V, V_th);
      f[V_m] = refractory ? 0.0 : (-g_L * (V - E_L) + I_spike + y[I_syn_ex] - y[I_syn_in] - y[w] + I_e + I_stim) / C_m;
      f[I_syn_ex] = -y[I_syn_ex] / tau_syn_ex;
      f[I_syn_in] = -y[I_syn_in] / tau_syn_in;
      f[w] = (a * (V - E_L) - y[w]) / tau_w;
    }
  };

  ROOST_HD static Rhs make_rhs(Index i, ConstSoa<n_params> p, double I_stim, bool refractory) {
    return Rhs{p.col[V_peak][i], p.col[V_reset][i], p.col[g_L][i], p.col[C_m][i], p.col[E_L][i], p.col[Delta_T][i],
                p.col[tau_w][i], p.col[a][i], p.col[V_th][i], p.col[tau_syn_ex][i], p.col[tau_syn_in][i], p.col[I_e][i], I_stim, refractory};
  }

  // in[ex], in[in]: summed weights (pA) arriving now; in[2]: step current (pA).
  ROOST_HD static void add_input(Index i, double* y, ConstSoa<n_coef> c, const double* input) {
    y[I_syn_ex] += input[ex];
    y[I_syn_in] -= input[in];
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    return aeif::step<aeif_psc_exp>(i, s, p, c, input);
  }
};

}  // namespace roost::models
