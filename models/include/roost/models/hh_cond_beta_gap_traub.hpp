// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// hh_cond_beta_gap_traub: Hodgkin-Huxley neuron with Traub & Miles (1991) rate
// functions, beta-shaped synaptic conductances and gap junctions.
//
//   C_m dV/dt = -g_Na m^3 h (V - E_Na) - g_K n^4 (V - E_K) - g_L (V - E_L)
//               - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim + I_gap
//   dx/dt = alpha_x(V - V_T) - (alpha_x + beta_x)(V - V_T) x   for x = m, h, n
//   d(dg_x)/dt = -dg_x / tau_decay_x,  dg_x/dt = dg_x - g_x / tau_rise_x
//
// I_gap is the gap-junction current (gap_junction_common.hpp). A spike of
// weight w (nS) adds |w| times the beta normalisation (peak |w|) to dg_x,
// negative weights to the inhibitory conductance. Adaptive RKF45 (absolute
// error 1e-3). A spike is V >= V_T + 30 mV at the end of a step while V
// falls; then no spike for t_ref (V is not reset). The gating variables start
// at NEST's values, which evaluate the rate functions at E_L itself.
// Reference: NEST 3.10 hh_cond_beta_gap_traub.

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/cond_common.hpp"
#include "roost/models/gap_junction_common.hpp"
#include "roost/models/hh_cond_exp_traub.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct hh_cond_beta_gap_traub {
  static constexpr const char* model_name = "hh_cond_beta_gap_traub";
  static constexpr bool gap_junction_node = true;

  enum Param : int {
    g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, V_T, E_ex, E_in, tau_rise_ex, tau_decay_ex, tau_rise_in, tau_decay_in,
    t_ref, I_e, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"g_Na", 20000.0, "nS"},
      {"g_K", 6000.0, "nS"},
      {"g_L", 10.0, "nS"},
      {"C_m", 200.0, "pF"},
      {"E_Na", 50.0, "mV"},
      {"E_K", -90.0, "mV"},
      {"E_L", -60.0, "mV"},
      {"V_T", -50.0, "mV"},
      {"E_ex", 0.0, "mV"},
      {"E_in", -80.0, "mV"},
      {"tau_rise_ex", 0.5, "ms"},
      {"tau_decay_ex", 5.0, "ms"},
      {"tau_rise_in", 0.5, "ms"},
      {"tau_decay_in", 10.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"I_e", 0.0, "pA"},
  }};

  static constexpr int n_ode = 8;
  enum State : int {
    V_m, Act_m, Inact_h, Act_n, dg_ex, g_ex, dg_in, g_in, refractory_steps_left, I_stim, substep,
    gap_c0, gap_c1, gap_c2, gap_c3, n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -60.0, "mV"},
      {"Act_m", 9.895563096746586e-09, ""},
      {"Inact_h", 0.999999999106396, ""},
      {"Act_n", 2.551577051602551e-07, ""},
      {"dg_ex", 0.0, "nS/ms", FieldType::Double, true},
      {"g_ex", 0.0, "nS", FieldType::Double, true},
      {"dg_in", 0.0, "nS/ms", FieldType::Double, true},
      {"g_in", 0.0, "nS", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
      {"gap_c0", 0.0, "mV", FieldType::Double, true},
      {"gap_c1", 0.0, "mV", FieldType::Double, true},
      {"gap_c2", 0.0, "mV", FieldType::Double, true},
      {"gap_c3", 0.0, "mV", FieldType::Double, true},
  }};
  static constexpr int gap_coefficient_field = gap_c0;
  static constexpr int gap_relax_field = V_m;
  static constexpr int wfr_carried_field = substep;

  enum Coef : int { resolution, refractory_steps, g0_ex, g0_in, n_coef };

  static constexpr std::array<const char*, 6> recordables{"V_m", "g_ex", "g_in", "Act_m", "Inact_h", "Act_n"};
  enum Channel : int { ex, in, gap_g, gap_c0_in, gap_c1_in, gap_c2_in, gap_c3_in, n_spike_channels };
  static constexpr int gap_channel = gap_g;
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) {
    const double* s = p + n_params;
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    if (!(p[t_ref] >= 0.0)) return "Refractory time cannot be negative.";
    if (!(p[tau_rise_ex] > 0.0) || !(p[tau_decay_ex] > 0.0) || !(p[tau_rise_in] > 0.0) || !(p[tau_decay_in] > 0.0)) {
      return "All time constants must be strictly positive.";
    }
    if (!(p[g_K] >= 0.0) || !(p[g_Na] >= 0.0) || !(p[g_L] >= 0.0)) return "All conductances must be non-negative.";
    if (s[Act_m] < 0.0 || s[Inact_h] < 0.0 || s[Act_n] < 0.0) {
      return "All (in)activation variables must be non-negative.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    c.col[g0_ex][i] = cond::beta_normalization_factor(p.col[tau_rise_ex][i], p.col[tau_decay_ex][i]);
    c.col[g0_in][i] = cond::beta_normalization_factor(p.col[tau_rise_in][i], p.col[tau_decay_in][i]);
  }

  // Fills f[0 .. 7]; `gap` points at the step's five gap-junction sums.
  struct Rhs {
    double g_Na, g_K, g_L, C_m, E_Na, E_K, E_L, V_T, E_ex, E_in, tau_rise_ex, tau_decay_ex, tau_rise_in, tau_decay_in,
        I_e, I_stim, h;
    const double* gap;
    ROOST_HD void operator()(double t, const double* y, double* f) const {
      const double m = y[Act_m], hh = y[Inact_h], n = y[Act_n];
      const double I_Na = g_Na * m * m * m * hh * (y[V_m] - E_Na);
      const double I_K = g_K * n * n * n * n * (y[V_m] - E_K);
      const double I_L = g_L * (y[V_m] - E_L);
      const double I_syn_ex = y[g_ex] * (y[V_m] - E_ex);
      const double I_syn_in = y[g_in] * (y[V_m] - E_in);
      const double I_gap = gap::current(gap, y[V_m], t / h);
      f[V_m] = (-I_Na - I_K - I_L - I_syn_ex - I_syn_in + I_stim + I_gap + I_e) / C_m;
      traub::gating(y[V_m] - V_T, m, hh, n, f[Act_m], f[Inact_h], f[Act_n]);
      f[dg_ex] = -y[dg_ex] / tau_decay_ex;
      f[g_ex] = y[dg_ex] - y[g_ex] / tau_rise_ex;
      f[dg_in] = -y[dg_in] / tau_decay_in;
      f[g_in] = y[dg_in] - y[g_in] / tau_rise_in;
    }
  };

  // input[ex], input[in]: summed weights (nS; inhibitory ones negative)
  // arriving now; input[gap_g .. gap_c3_in]: this step's gap-junction sums;
  // input[n_spike_channels]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           gap::StepInfo info) {
    const double h = c.col[resolution][i];
    const Rhs rhs{p.col[g_Na][i],        p.col[g_K][i],          p.col[g_L][i],         p.col[C_m][i],
                  p.col[E_Na][i],        p.col[E_K][i],          p.col[E_L][i],         p.col[V_T][i],
                  p.col[E_ex][i],        p.col[E_in][i],         p.col[tau_rise_ex][i], p.col[tau_decay_ex][i],
                  p.col[tau_rise_in][i], p.col[tau_decay_in][i], p.col[I_e][i],         s.col[I_stim][i],
                  h,                     input + gap_g};
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    double coefficients[gap::n_coefficients];
    const double V_before = gap::integrate_step<n_ode>(rhs, h, 1e-3, substep_size, y, info, [&](double* x) {
      x[dg_ex] += input[ex] * c.col[g0_ex][i];
      x[dg_in] -= input[in] * c.col[g0_in][i];
    }, coefficients);
    s.col[substep][i] = substep_size;
    return gap::finish_hh_step<hh_cond_beta_gap_traub>(i, s, c, y, V_before, rhs.V_T + 30.0, coefficients, input, info);
  }
};

}  // namespace roost::models
