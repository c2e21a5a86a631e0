// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// hh_cond_exp_traub: Hodgkin-Huxley neuron with Traub & Miles (1991) rate
// functions (as modified by Brette et al. 2007) and exponentially decaying
// synaptic conductances.
//
//   C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
//               - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//   dx/dt = alpha_x(V - V_T) - (alpha_x + beta_x)(V - V_T) x   for x = m, h, n
//   dg_x/dt = -g_x / tau_syn_x,  a spike of weight w (nS) adds |w| to g_x
//
// Adaptive RKF45 (absolute error 1e-3). A spike is V >= V_T + 30 mV at the end
// of a step while V falls; then no spike for t_ref (V is not reset). The gating
// variables start at NEST's initial values, which evaluate the rate functions
// at E_L itself (not E_L - V_T); from them the neuron fires once at ~11 ms.
// g_ex / g_in are recordable, not status keys (as in NEST).
// Reference: NEST 3.10 hh_cond_exp_traub.

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

namespace traub {
// The Traub & Miles gating kinetics at v = V - V_T: the derivatives of m, h, n.
ROOST_HD inline void gating(double v, double m, double h, double n, double& dm, double& dh, double& dn) {
  const double alpha_n = 0.032 * (15.0 - v) / (std::exp((15.0 - v) / 5.0) - 1.0);
  const double beta_n = 0.5 * std::exp((10.0 - v) / 40.0);
  const double alpha_m = 0.32 * (13.0 - v) / (std::exp((13.0 - v) / 4.0) - 1.0);
  const double beta_m = 0.28 * (v - 40.0) / (std::exp((v - 40.0) / 5.0) - 1.0);
  const double alpha_h = 0.128 * std::exp((17.0 - v) / 18.0);
  const double beta_h = 4.0 / (1.0 + std::exp((40.0 - v) / 5.0));
  dm = alpha_m - (alpha_m + beta_m) * m;
  dh = alpha_h - (alpha_h + beta_h) * h;
  dn = alpha_n - (alpha_n + beta_n) * n;
}
}  // namespace traub

struct hh_cond_exp_traub {
  static constexpr const char* model_name = "hh_cond_exp_traub";

  enum Param : int { g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, V_T, E_ex, E_in, tau_syn_ex, tau_syn_in, t_ref, I_e, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"g_Na", 20000.0, "nS"},
      {"g_K", 6000.0, "nS"},
      {"g_L", 10.0, "nS"},
      {"C_m", 200.0, "pF"},
      {"E_Na", 50.0, "mV"},
      {"E_K", -90.0, "mV"},
      {"E_L", -60.0, "mV"},
      {"V_T", -63.0, "mV"},
      {"E_ex", 0.0, "mV"},
      {"E_in", -80.0, "mV"},
      {"tau_syn_ex", 5.0, "ms"},
      {"tau_syn_in", 10.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"I_e", 0.0, "pA"},
  }};

  static constexpr int n_ode = 6;
  enum State : int { V_m, Act_m, Inact_h, Act_n, g_ex, g_in, refractory_steps_left, I_stim, substep, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -60.0, "mV"},
      {"Act_m", 9.895563096746586e-09, ""},
      {"Inact_h", 0.999999999106396, ""},
      {"Act_n", 2.551577051602551e-07, ""},
      {"g_ex", 0.0, "nS", FieldType::Double, true},
      {"g_in", 0.0, "nS", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, n_coef };

  static constexpr std::array<const char*, 6> recordables{"V_m", "g_ex", "g_in", "Act_m", "Inact_h", "Act_n"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) {
    if (!(p[C_m] > 0.0)) return "Capacitance (C_m) must be strictly positive.";
    if (!(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0)) return "All time constants must be strictly positive.";
    if (!(p[t_ref] >= 0.0)) return "Refractory time (t_ref) cannot be negative.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
  }

  struct Rhs {
    double g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, V_T, E_ex, E_in, tau_syn_ex, tau_syn_in, I_e, I_stim;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double m = y[Act_m], h = y[Inact_h], n = y[Act_n];
      const double I_Na = g_Na * m * m * m * h * (y[V_m] - E_Na);
      const double I_K = g_K * n * n * n * n * (y[V_m] - E_K);
      const double I_L = g_L * (y[V_m] - E_L);
      const double I_syn_ex = y[g_ex] * (y[V_m] - E_ex);
      const double I_syn_in = y[g_in] * (y[V_m] - E_in);
      f[V_m] = (-I_Na - I_K - I_L - I_syn_ex - I_syn_in + I_stim + I_e) / C_m;
      traub::gating(y[V_m] - V_T, m, h, n, f[Act_m], f[Inact_h], f[Act_n]);
      f[g_ex] = -y[g_ex] / tau_syn_ex;
      f[g_in] = -y[g_in] / tau_syn_in;
    }
  };

  // in[ex], in[in]: summed weights (nS) arriving now; in[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    const Rhs rhs{p.col[g_Na][i], p.col[g_K][i],  p.col[g_L][i],        p.col[C_m][i],        p.col[E_Na][i],
                  p.col[E_K][i],  p.col[E_L][i],  p.col[V_T][i],        p.col[E_ex][i],       p.col[E_in][i],
                  p.col[tau_syn_ex][i], p.col[tau_syn_in][i], p.col[I_e][i], s.col[I_stim][i]};
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    const double V_before = y[V_m];
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    ode::integrate_step<n_ode>(rhs, ode::ErrorControl::on_values(1e-3, 0.0), h, substep_size, y);
    s.col[substep][i] = substep_size;
    y[g_ex] += input[ex];
    y[g_in] -= input[in];
    int spikes = 0;
    double& r = s.col[refractory_steps_left][i];
    if (r > 0.0) {
      r -= 1.0;
    } else if (y[V_m] >= rhs.V_T + 30.0 && V_before > y[V_m]) {  // above threshold, past the peak
      r = c.col[refractory_steps][i];
      spikes = 1;
    }
    ode::store<n_ode>(s, i, y);
    s.col[I_stim][i] = input[n_spike_channels];
    return spikes;
  }
};

}  // namespace roost::models
