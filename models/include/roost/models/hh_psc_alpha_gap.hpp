// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// hh_psc_alpha_gap: Hodgkin-Huxley neuron with Na, Kv1 and Kv3 channels
// (Mancilla et al. 2007), alpha-shaped synaptic currents and gap junctions.
//
//   C_m dV/dt = -(g_Na m^3 h (V - E_Na) + (g_Kv1 n^4 + g_Kv3 p^2)(V - E_K)
//                 + g_L (V - E_L)) + I_syn_ex + I_syn_in + I_e + I_stim + I_gap
//   dx/dt = alpha_x(V) (1 - x) - beta_x(V) x      for x = m, h, n, p
//   dI_x/dt = dI_x - I_x/tau_syn_x,  d(dI_x)/dt = -dI_x/tau_syn_x
//
// I_gap is the gap-junction current (gap_junction_common.hpp). A spike of
// weight w adds w e/tau_syn_x to dI_x (negative weights drive the inhibitory
// current). Adaptive RKF45 with absolute error 1e-6. A spike is V >= 0 mV at
// the end of a step while V falls; then no spike for t_ref (V is not reset).
// The gating variables start at their steady state for the initial V_m.
// Reference: NEST 3.10 hh_psc_alpha_gap.

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/gap_junction_common.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct hh_psc_alpha_gap {
  static constexpr const char* model_name = "hh_psc_alpha_gap";
  static constexpr bool gap_junction_node = true;

  enum Param : int { t_ref, g_Na, g_Kv1, g_Kv3, g_L, C_m, E_Na, E_K, E_L, tau_syn_ex, tau_syn_in, I_e, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"t_ref", 2.0, "ms"},
      {"g_Na", 4500.0, "nS"},
      {"g_Kv1", 9.0, "nS"},
      {"g_Kv3", 9000.0, "nS"},
      {"g_L", 10.0, "nS"},
      {"C_m", 40.0, "pF"},
      {"E_Na", 74.0, "mV"},
      {"E_K", -90.0, "mV"},
      {"E_L", -70.0, "mV"},
      {"tau_syn_ex", 0.2, "ms"},
      {"tau_syn_in", 2.0, "ms"},
      {"I_e", 0.0, "pA"},
  }};

  static constexpr int n_ode = 9;
  enum State : int {
    V_m, Act_m, Inact_h, Act_n, Inact_p, dI_syn_ex, I_syn_ex, dI_syn_in, I_syn_in,
    refractory_steps_left, I_stim, substep, gap_c0, gap_c1, gap_c2, gap_c3, n_state
  };
  // NEST's initial V_m and the gating variables' steady state there.
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -69.60401191631222, "mV"},
      {"Act_m", 0.019198766985083732, ""},
      {"Inact_h", 0.868462041294399, ""},
      {"Act_n", 0.0005741576228359767, ""},
      {"Inact_p", 0.0002511318227150632, ""},
      {"dI_syn_ex", 0.0, "pA/ms", FieldType::Double, true},
      {"I_syn_ex", 0.0, "pA", FieldType::Double, true},
      {"dI_syn_in", 0.0, "pA/ms", FieldType::Double, true},
      {"I_syn_in", 0.0, "pA", FieldType::Double, true},
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

  enum Coef : int { resolution, refractory_steps, psc0_ex, psc0_in, n_coef };

  static constexpr std::array<const char*, 7> recordables{"V_m",    "I_syn_ex", "I_syn_in", "Act_m",
                                                          "Inact_h", "Act_n",   "Inact_p"};
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
    if (!(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0)) return "All time constants must be strictly positive.";
    if (!(p[g_Kv1] >= 0.0) || !(p[g_Kv3] >= 0.0) || !(p[g_Na] >= 0.0) || !(p[g_L] >= 0.0)) {
      return "All conductances must be non-negative.";
    }
    if (s[Act_m] < 0.0 || s[Inact_h] < 0.0 || s[Act_n] < 0.0 || s[Inact_p] < 0.0) {
      return "All (in)activation variables must be non-negative.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    c.col[psc0_ex][i] = alpha_normalization(p.col[tau_syn_ex][i]);
    c.col[psc0_in][i] = alpha_normalization(p.col[tau_syn_in][i]);
  }

  // Fills f[0 .. 8]; `gap` points at the step's five gap-junction sums.
  struct Rhs {
    double g_Na, g_Kv1, g_Kv3, g_L, C_m, E_Na, E_K, E_L, tau_syn_ex, tau_syn_in, I_e, I_stim, h;
    const double* gap;
    ROOST_HD void operator()(double t, const double* y, double* f) const {
      const double V = y[V_m], m = y[Act_m], hh = y[Inact_h], n = y[Act_n], p = y[Inact_p];
      const double alpha_m = 40.0 * (V - 75.5) / (1.0 - std::exp(-(V - 75.5) / 13.5));
      const double beta_m = 1.2262 / std::exp(V / 42.248);
      const double alpha_h = 0.0035 / std::exp(V / 24.186);
      const double beta_h = 0.017 * (51.25 + V) / (1.0 - std::exp(-(51.25 + V) / 5.2));
      const double alpha_p = (V - 95.0) / (1.0 - std::exp(-(V - 95.0) / 11.8));
      const double beta_p = 0.025 / std::exp(V / 22.222);
      const double alpha_n = 0.014 * (V + 44.0) / (1.0 - std::exp(-(V + 44.0) / 2.3));
      const double beta_n = 0.0043 / std::exp((V + 44.0) / 34.0);
      const double I_Na = g_Na * m * m * m * hh * (V - E_Na);
      const double I_K = (g_Kv1 * n * n * n * n + g_Kv3 * p * p) * (V - E_K);
      const double I_L = g_L * (V - E_L);
      const double I_gap = gap::current(gap, V, t / h);
      f[V_m] = (-(I_Na + I_K + I_L) + I_stim + I_e + y[I_syn_ex] + y[I_syn_in] + I_gap) / C_m;
      f[Act_m] = alpha_m * (1 - m) - beta_m * m;
      f[Inact_h] = alpha_h * (1 - hh) - beta_h * hh;
      f[Inact_p] = alpha_p * (1 - p) - beta_p * p;
      f[Act_n] = alpha_n * (1 - n) - beta_n * n;
      f[dI_syn_ex] = -y[dI_syn_ex] / tau_syn_ex;
      f[I_syn_ex] = y[dI_syn_ex] - y[I_syn_ex] / tau_syn_ex;
      f[dI_syn_in] = -y[dI_syn_in] / tau_syn_in;
      f[I_syn_in] = y[dI_syn_in] - y[I_syn_in] / tau_syn_in;
    }
  };

  // input[ex], input[in]: summed weights (pA) arriving now; input[gap_g ..
  // gap_c3_in]: this step's gap-junction sums; input[n_spike_channels]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           gap::StepInfo info) {
    const double h = c.col[resolution][i];
    const Rhs rhs{p.col[g_Na][i], p.col[g_Kv1][i],      p.col[g_Kv3][i],      p.col[g_L][i],
                  p.col[C_m][i],  p.col[E_Na][i],       p.col[E_K][i],        p.col[E_L][i],
                  p.col[tau_syn_ex][i], p.col[tau_syn_in][i], p.col[I_e][i], s.col[I_stim][i], h, input + gap_g};
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    double coefficients[gap::n_coefficients];
    const double V_before = gap::integrate_step<n_ode>(rhs, h, 1e-6, substep_size, y, info, [&](double* x) {
      x[dI_syn_ex] += input[ex] * c.col[psc0_ex][i];
      x[dI_syn_in] += input[in] * c.col[psc0_in][i];
    }, coefficients);
    s.col[substep][i] = substep_size;
    return gap::finish_hh_step<hh_psc_alpha_gap>(i, s, c, y, V_before, 0.0, coefficients, input, info);
  }
};

}  // namespace roost::models
