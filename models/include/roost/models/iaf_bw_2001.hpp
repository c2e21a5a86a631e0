// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_bw_2001: leaky integrate-and-fire neuron with AMPA, GABA and NMDA
// synapses (Brunel and Wang 2001), NMDA approximated by a jump of the gating
// variable that the presynaptic neuron computes.
//
//   C_m dV/dt = -g_L (V - E_L) - I_AMPA - I_GABA - I_NMDA + I_stim
//   I_AMPA = (V - E_ex) s_AMPA,  I_GABA = (V - E_in) s_GABA,
//   I_NMDA = (V - E_ex) s_NMDA / (1 + [Mg2+] exp(-0.062 V) / 3.57)
//   ds_X/dt = -s_X / tau_X  (tau_decay_NMDA for NMDA)
//
// Receptors AMPA 1, GABA 2, NMDA 3. A spike on AMPA or GABA adds its weight
// to s_X; one on NMDA adds weight * the jump its sender computed: at each of
// its spikes an iaf_bw_2001 decays its own s_NMDA_pre over the time since its
// last spike, sends k_0 + k_1 s_NMDA_pre as the spike's offset and adds it to
// s_NMDA_pre, with k_1 = expm1(-alpha tau_rise_NMDA) and k_0 = (alpha
// tau_rise)^(tau_rise/tau_decay) * lower_gamma(1 - tau_rise/tau_decay, alpha
// tau_rise). (A spike recorder shows such a spike at its stamp minus the jump,
// as NEST.) Integrated with the adaptive RKF45 solver (absolute error
// gsl_error_tol); after each step the step's spikes enter the gating
// variables, then the refractory clamp (V = V_reset for t_ref) or the
// threshold test V >= V_th. Reference: NEST 3.10 iaf_bw_2001.

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/ode_model.hpp"

namespace roost::models {

// The lower incomplete gamma function gamma(a, x) for a > 0, x >= 0, by its
// series x^a e^-x sum_n x^n / (a (a+1) ... (a+n)).
ROOST_HD inline double lower_incomplete_gamma(double a, double x) {
  double term = 1.0 / a, sum = term;
  for (int n = 1; n < 500 && term > 1e-17 * sum; ++n) {
    term *= x / (a + n);
    sum += term;
  }
  return std::pow(x, a) * std::exp(-x) * sum;
}

struct iaf_bw_2001 {
  static constexpr const char* model_name = "iaf_bw_2001";

  enum Param : int {
    E_L, E_ex, E_in, V_th, V_reset, C_m, g_L, t_ref, tau_AMPA, tau_GABA, tau_decay_NMDA, tau_rise_NMDA, alpha,
    conc_Mg2, gsl_error_tol, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"E_ex", 0.0, "mV"},
      {"E_in", -70.0, "mV"},
      {"V_th", -55.0, "mV"},
      {"V_reset", -60.0, "mV"},
      {"C_m", 500.0, "pF"},
      {"g_L", 25.0, "nS"},
      {"t_ref", 2.0, "ms"},
      {"tau_AMPA", 2.0, "ms"},
      {"tau_GABA", 5.0, "ms"},
      {"tau_decay_NMDA", 100.0, "ms"},
      {"tau_rise_NMDA", 2.0, "ms"},
      {"alpha", 0.5, "1/ms"},
      {"conc_Mg2", 1.0, "mM"},
      {"gsl_error_tol", 1e-3, ""},
  }};

  // The ODE variables come first (ode::load/store).
  static constexpr int n_ode = 4;
  enum State : int {
    V_m, s_AMPA, s_GABA, s_NMDA, I_AMPA, I_GABA, I_NMDA, refractory_steps_left, I_stim, substep, s_NMDA_pre,
    steps_since_spike, nmda_jump, n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"s_AMPA", 0.0, "nS"},
      {"s_GABA", 0.0, "nS"},
      {"s_NMDA", 0.0, "nS"},
      {"I_AMPA", 0.0, "pA"},
      {"I_GABA", 0.0, "pA"},
      {"I_NMDA", 0.0, "pA"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
      {"s_NMDA_pre", 0.0, "", FieldType::Double, true},
      {"steps_since_spike", 0.0, "", FieldType::Int, true},
      {"nmda_jump", 0.0, "", FieldType::Double, true},
  }};
  static constexpr int spike_offset_field = nmda_jump;

  enum Coef : int { resolution, refractory_steps, k_0, k_1, n_coef };

  static constexpr std::array<const char*, 7> recordables{"V_m", "s_AMPA", "s_GABA", "s_NMDA", "I_NMDA", "I_AMPA",
                                                           "I_GABA"};
  static constexpr std::array<const char*, 3> receptor_names{"AMPA", "GABA", "NMDA"};
  enum Channel : int { AMPA, GABA, NMDA, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double) {
    return receptor_type >= 1 && receptor_type <= n_spike_channels ? receptor_type - 1 : -1;
  }
  ROOST_HD static bool reads_spike_offset(int receptor_type) { return receptor_type == NMDA + 1; }

  static const char* validate(const double* p) {
    if (!(p[V_reset] < p[V_th])) return "Reset potential must be smaller than threshold.";
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    if (!(p[t_ref] >= 0.0)) return "Refractory time cannot be negative.";
    if (!(p[tau_AMPA] > 0.0) || !(p[tau_GABA] > 0.0) || !(p[tau_decay_NMDA] > 0.0) || !(p[tau_rise_NMDA] > 0.0)) {
      return "All time constants must be strictly positive.";
    }
    if (!(p[alpha] > 0.0)) return "alpha > 0 required.";
    if (!(p[conc_Mg2] > 0.0)) return "Mg2 concentration must be strictly positive.";
    if (!(p[gsl_error_tol] > 0.0)) return "The gsl_error_tol must be strictly positive.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    const double alpha_tau = p.col[alpha][i] * p.col[tau_rise_NMDA][i];
    const double rise_over_decay = p.col[tau_rise_NMDA][i] / p.col[tau_decay_NMDA][i];
    c.col[k_1][i] = std::expm1(-alpha_tau);
    c.col[k_0][i] = std::pow(alpha_tau, rise_over_decay) * lower_incomplete_gamma(1.0 - rise_over_decay, alpha_tau);
  }

  struct Rhs {
    double E_L, E_ex, E_in, C_m, g_L, tau_AMPA, tau_GABA, tau_NMDA, conc_Mg2, I_stim;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double V = y[V_m];
      const double I_syn = (V - E_ex) * y[s_AMPA] + (V - E_in) * y[s_GABA] +
                           (V - E_ex) / (1.0 + conc_Mg2 * std::exp(-0.062 * V) / 3.57) * y[s_NMDA];
      f[V_m] = (-g_L * (V - E_L) - I_syn + I_stim) / C_m;
      f[s_AMPA] = -y[s_AMPA] / tau_AMPA;
      f[s_GABA] = -y[s_GABA] / tau_GABA;
      f[s_NMDA] = -y[s_NMDA] / tau_NMDA;
    }
  };

  // input[AMPA|GABA|NMDA]: summed weights (NMDA: times the senders' jumps) arriving now; input[3]: step current.
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    const Rhs rhs{p.col[E_L][i], p.col[E_ex][i], p.col[E_in][i], p.col[C_m][i], p.col[g_L][i], p.col[tau_AMPA][i],
                  p.col[tau_GABA][i], p.col[tau_decay_NMDA][i], p.col[conc_Mg2][i], s.col[I_stim][i]};
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    ode::integrate_step<n_ode>(rhs, ode::ErrorControl::on_values(p.col[gsl_error_tol][i], 0.0), h, substep_size, y);
    s.col[substep][i] = substep_size;
    // NEST's recorded currents come from its last right-hand-side evaluation:
    // the integrated state, before this step's spikes, reset or clamp.
    const double V = y[V_m];
    s.col[I_AMPA][i] = (V - p.col[E_ex][i]) * y[s_AMPA];
    s.col[I_GABA][i] = (V - p.col[E_in][i]) * y[s_GABA];
    s.col[I_NMDA][i] = (V - p.col[E_ex][i]) / (1.0 + p.col[conc_Mg2][i] * std::exp(-0.062 * V) / 3.57) * y[s_NMDA];
    y[s_AMPA] += input[AMPA];
    y[s_GABA] += input[GABA];
    y[s_NMDA] += input[NMDA];
    double& r = s.col[refractory_steps_left][i];
    double& steps = s.col[steps_since_spike][i];
    steps += 1.0;
    int spikes = 0;
    if (r > 0.0) {
      r -= 1.0;
      y[V_m] = p.col[V_reset][i];
    } else if (y[V_m] >= p.col[V_th][i]) {
      r = c.col[refractory_steps][i];
      y[V_m] = p.col[V_reset][i];
      double& pre = s.col[s_NMDA_pre][i];
      pre *= std::exp(-steps * h / p.col[tau_decay_NMDA][i]);
      const double jump = c.col[k_0][i] + c.col[k_1][i] * pre;
      pre += jump;
      s.col[nmda_jump][i] = jump;
      steps = 0.0;
      spikes = 1;
    }
    ode::store<n_ode>(s, i, y);
    s.col[I_stim][i] = input[n_spike_channels];
    return spikes;
  }
};

}  // namespace roost::models
