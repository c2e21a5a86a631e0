// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// hh_psc_alpha: Hodgkin-Huxley neuron (Na, K, leak; squid-axon rate functions
// as in Gerstner & Kistler 2002) with alpha-shaped synaptic currents.
//
//   C_m dV/dt = -(g_Na m^3 h (V - E_Na) + g_K n^4 (V - E_K) + g_L (V - E_L))
//               + I_syn_ex + I_syn_in + I_e + I_stim
//   dx/dt = alpha_x(V) (1 - x) - beta_x(V) x      for x = m, h, n
//   dI_x/dt = dI_x - I_x/tau_syn_x,  d(dI_x)/dt = -dI_x/tau_syn_x
//
// A spike of weight w (pA) adds w e/tau_syn_x to dI_x (peak w after tau_syn_x;
// negative weights drive the inhibitory current, keeping their sign). Adaptive
// RKF45 (absolute error 1e-3). A spike is V >= 0 mV at the end of a step while V
// falls (one step after the peak); then no spike for t_ref (V is not reset).
// I_syn_ex / I_syn_in are recordable, not status keys (as in NEST).
// Reference: NEST 3.10 hh_psc_alpha.

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct hh_psc_alpha {
  static constexpr const char* model_name = "hh_psc_alpha";

  enum Param : int { t_ref, g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, tau_syn_ex, tau_syn_in, I_e, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"t_ref", 2.0, "ms"},
      {"g_Na", 12000.0, "nS"},
      {"g_K", 3600.0, "nS"},
      {"g_L", 30.0, "nS"},
      {"C_m", 100.0, "pF"},
      {"E_Na", 50.0, "mV"},
      {"E_K", -77.0, "mV"},
      {"E_L", -54.402, "mV"},
      {"tau_syn_ex", 0.2, "ms"},
      {"tau_syn_in", 2.0, "ms"},
      {"I_e", 0.0, "pA"},
  }};

  // Gating variables start at their steady state for V_m = -65 mV.
  static constexpr int n_ode = 8;
  enum State : int {
    V_m, Act_m, Inact_h, Act_n, dI_syn_ex, I_syn_ex, dI_syn_in, I_syn_in, refractory_steps_left, I_stim, substep,
    n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -65.0, "mV"},
      {"Act_m", 0.05293248525724958, ""},
      {"Inact_h", 0.5961207535084603, ""},
      {"Act_n", 0.3176769140606974, ""},
      {"dI_syn_ex", 0.0, "pA/ms", FieldType::Double, true},
      {"I_syn_ex", 0.0, "pA", FieldType::Double, true},
      {"dI_syn_in", 0.0, "pA/ms", FieldType::Double, true},
      {"I_syn_in", 0.0, "pA", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, psc0_ex, psc0_in, n_coef };

  static constexpr std::array<const char*, 6> recordables{"V_m", "I_syn_ex", "I_syn_in", "Act_m", "Inact_h", "Act_n"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) {
    if (!(p[C_m] > 0.0)) return "Capacitance (C_m) must be strictly positive.";
    if (!(p[t_ref] >= 0.0)) return "Refractory time (t_ref) cannot be negative.";
    if (!(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0)) return "All time constants must be strictly positive.";
    if (!(p[g_K] >= 0.0) || !(p[g_Na] >= 0.0) || !(p[g_L] >= 0.0)) return "All conductances must be non-negative.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) { calibrate_of(i, p, c, h); }

  // The equations and the step are shared with hh_psc_alpha_clopath, whose
  // parameters, coefficients and ODE state begin with these (same order).
  template <int NP>
  ROOST_HD static void calibrate_of(Index i, ConstSoa<NP> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    c.col[psc0_ex][i] = alpha_normalization(p.col[tau_syn_ex][i]);
    c.col[psc0_in][i] = alpha_normalization(p.col[tau_syn_in][i]);
  }

  // Fills f[0 .. 7] (V_m ... I_syn_in).
  struct Rhs {
    double g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, tau_syn_ex, tau_syn_in, I_e, I_stim;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double V = y[V_m], m = y[Act_m], h = y[Inact_h], n = y[Act_n];
      const double alpha_n = (0.01 * (V + 55.0)) / (1.0 - std::exp(-(V + 55.0) / 10.0));
      const double beta_n = 0.125 * std::exp(-(V + 65.0) / 80.0);
      const double alpha_m = (0.1 * (V + 40.0)) / (1.0 - std::exp(-(V + 40.0) / 10.0));
      const double beta_m = 4.0 * std::exp(-(V + 65.0) / 18.0);
      const double alpha_h = 0.07 * std::exp(-(V + 65.0) / 20.0);
      const double beta_h = 1.0 / (1.0 + std::exp(-(V + 35.0) / 10.0));
      const double I_Na = g_Na * m * m * m * h * (V - E_Na);
      const double I_K = g_K * n * n * n * n * (V - E_K);
      const double I_L = g_L * (V - E_L);
      f[V_m] = (-(I_Na + I_K + I_L) + I_stim + I_e + y[I_syn_ex] + y[I_syn_in]) / C_m;
      f[Act_m] = alpha_m * (1 - m) - beta_m * m;
      f[Inact_h] = alpha_h * (1 - h) - beta_h * h;
      f[Act_n] = alpha_n * (1 - n) - beta_n * n;
      f[dI_syn_ex] = -y[dI_syn_ex] / tau_syn_ex;
      f[I_syn_ex] = y[dI_syn_ex] - y[I_syn_ex] / tau_syn_ex;
      f[dI_syn_in] = -y[dI_syn_in] / tau_syn_in;
      f[I_syn_in] = y[dI_syn_in] - y[I_syn_in] / tau_syn_in;
    }
  };

  template <int NP>
  ROOST_HD static Rhs make_rhs(Index i, ConstSoa<NP> p, double I_stim) {
    return Rhs{p.col[g_Na][i], p.col[g_K][i], p.col[g_L][i],        p.col[C_m][i],        p.col[E_Na][i], p.col[E_K][i],
               p.col[E_L][i],  p.col[tau_syn_ex][i], p.col[tau_syn_in][i], p.col[I_e][i], I_stim};
  }

  // in[ex], in[in]: summed weights (pA) arriving now; in[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    return step_of<hh_psc_alpha>(i, s, p, c, input);
  }

  // The step of model M (hh_psc_alpha or its clopath variant): integrate the
  // grid step, let the step's spikes enter the alpha currents, then the
  // refractory count-down or the spike test (V >= 0 mV and falling).
  template <class M>
  ROOST_HD static int step_of(Index i, Soa<M::n_state> s, ConstSoa<M::n_params> p, ConstSoa<M::n_coef> c,
                              const double* input) {
    const auto rhs = M::make_rhs(i, p, s.col[M::I_stim][i]);
    double y[M::n_ode];
    ode::load<M::n_ode>(s, i, y);
    const double V_before = y[V_m];
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[M::substep][i], h);
    ode::integrate_step<M::n_ode>(rhs, ode::ErrorControl::on_values(1e-3, 0.0), h, substep_size, y);
    s.col[M::substep][i] = substep_size;
    y[dI_syn_ex] += input[ex] * c.col[psc0_ex][i];
    y[dI_syn_in] += input[in] * c.col[psc0_in][i];
    int spikes = 0;
    double& r = s.col[M::refractory_steps_left][i];
    if (r > 0.0) {
      r -= 1.0;
    } else if (y[V_m] >= 0.0 && V_before > y[V_m]) {  // above 0 mV, past the peak
      r = c.col[refractory_steps][i];
      spikes = 1;
    }
    ode::store<M::n_ode>(s, i, y);
    s.col[M::I_stim][i] = input[n_spike_channels];
    return spikes;
  }
};

}  // namespace roost::models
