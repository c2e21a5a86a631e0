// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// ht_neuron: the thalamocortical point neuron of Hill & Tononi (2005), with
// a dynamic threshold, four conductance-based synapse types and four
// intrinsic currents. The membrane has no capacitance: currents are in mV/ms
// after division by tau_m.
//
//   dV/dt     = (I_Na + I_K + I_syn + I_NaP + I_KNa + I_T + I_h + I_stim) / tau_m
//               + I_spike
//   I_Na = -g_NaL (V - E_Na),  I_K = -g_KL (V - E_K)                      (leak)
//   I_syn = -g_AMPA (V - E_rev_AMPA) - g_NMDA m_NMDA (V - E_rev_NMDA)
//           - g_GABA_A (V - E_rev_GABA_A) - g_GABA_B (V - E_rev_GABA_B)
//   I_spike = -(V - E_K) / tau_spike while refractory (t_ref after a spike)
//   dtheta/dt = -(theta - theta_eq) / tau_theta
//   each synapse X: dDG_X/dt = -DG_X/tau_rise_X, dg_X/dt = DG_X - g_X/tau_decay_X
//   NMDA unblocking: m_eq(V) = 1/(1 + exp(-S_act_NMDA (V - V_act_NMDA))),
//     m_fast, m_slow relax to m_eq with tau_Mg_fast/slow_NMDA (both at most
//     m_eq), m_NMDA = A1 m_fast + (1 - A1) m_slow with A1 = 0.51 - 0.0028 V, or
//     m_eq with instant_unblock_NMDA
//   I_NaP = -g_peak_NaP m_inf(V)^N_NaP (V - E_rev_NaP)
//   I_KNa = -g_peak_KNa / (1 + (0.25/D)^3.5) (V - E_rev_KNa), D relaxes to
//     tau_D_KNa D_influx(V) + 0.001 with tau_D_KNa
//   I_T   = -g_peak_T m_T^N_T h_T (V - E_rev_T),  I_h = -g_peak_h m_h (V - E_rev_h)
//   (m_T, h_T, m_h relax to their voltage-dependent equilibria; rate functions
//   as NEST's ht_neuron)
//
// NEST semantics reproduced: adaptive RKF45 (absolute error 1e-3) with the
// substep size carried across steps; after *every* substep m_fast and m_slow
// are capped at m_eq(V) (instantaneous blocking) and, if not refractory,
// V >= theta is a spike: V = theta = E_Na, and the repolarising I_spike acts
// for t_ref (from the next substep on; the step of the spike counts towards
// t_ref). With voltage_clamp, V is held at its value at the start of the run
// (or as last set). A spike of weight w on port AMPA 1, NMDA 2, GABA_A 3 or
// GABA_B 4 adds w g_peak_X times the beta normalisation (peak g_peak_X per
// unit weight) to DG_X after the step; weights of either sign are taken as
// they are; receptor 0 takes current generators only. The state starts at
// the equilibrium of V = (g_NaL E_Na + g_KL E_K)/(g_NaL + g_KL) = -70 mV.
// Recordables: V_m, theta, g_AMPA, g_NMDA (= g_NMDA time course x m_NMDA),
// g_GABA_A, g_GABA_B and I_NaP, I_KNa, I_T, I_h, the last four as NEST
// records them: the values of the last right-hand-side evaluation of the
// step. NEST's write-only `equilibrate` flag of SetStatus is not supported.
// Reference: NEST 3.10 ht_neuron.

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/cond_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct ht_neuron {
  static constexpr const char* model_name = "ht_neuron";

  enum Param : int {
    E_Na, E_K, g_NaL, g_KL, tau_m, theta_eq, tau_theta, tau_spike, t_ref,
    g_peak_AMPA, tau_rise_AMPA, tau_decay_AMPA, E_rev_AMPA,
    g_peak_NMDA, tau_rise_NMDA, tau_decay_NMDA, E_rev_NMDA, V_act_NMDA, S_act_NMDA, tau_Mg_slow_NMDA,
    tau_Mg_fast_NMDA, instant_unblock_NMDA,
    g_peak_GABA_A, tau_rise_GABA_A, tau_decay_GABA_A, E_rev_GABA_A,
    g_peak_GABA_B, tau_rise_GABA_B, tau_decay_GABA_B, E_rev_GABA_B,
    g_peak_NaP, E_rev_NaP, N_NaP, g_peak_KNa, E_rev_KNa, tau_D_KNa, g_peak_T, E_rev_T, N_T, g_peak_h, E_rev_h,
    voltage_clamp, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_Na", 30.0, "mV"},
      {"E_K", -90.0, "mV"},
      {"g_NaL", 0.2, ""},
      {"g_KL", 1.0, ""},
      {"tau_m", 16.0, "ms"},
      {"theta_eq", -51.0, "mV"},
      {"tau_theta", 2.0, "ms"},
      {"tau_spike", 1.75, "ms"},
      {"t_ref", 2.0, "ms"},
      {"g_peak_AMPA", 0.1, ""},
      {"tau_rise_AMPA", 0.5, "ms"},
      {"tau_decay_AMPA", 2.4, "ms"},
      {"E_rev_AMPA", 0.0, "mV"},
      {"g_peak_NMDA", 0.075, ""},
      {"tau_rise_NMDA", 4.0, "ms"},
      {"tau_decay_NMDA", 40.0, "ms"},
      {"E_rev_NMDA", 0.0, "mV"},
      {"V_act_NMDA", -25.57, "mV"},
      {"S_act_NMDA", 0.081, "1/mV"},
      {"tau_Mg_slow_NMDA", 22.7, "ms"},
      {"tau_Mg_fast_NMDA", 0.68, "ms"},
      {"instant_unblock_NMDA", 0.0, "", FieldType::Bool},
      {"g_peak_GABA_A", 0.33, ""},
      {"tau_rise_GABA_A", 1.0, "ms"},
      {"tau_decay_GABA_A", 7.0, "ms"},
      {"E_rev_GABA_A", -70.0, "mV"},
      {"g_peak_GABA_B", 0.0132, ""},
      {"tau_rise_GABA_B", 60.0, "ms"},
      {"tau_decay_GABA_B", 200.0, "ms"},
      {"E_rev_GABA_B", -90.0, "mV"},
      {"g_peak_NaP", 1.0, ""},
      {"E_rev_NaP", 30.0, "mV"},
      {"N_NaP", 3.0, ""},
      {"g_peak_KNa", 1.0, ""},
      {"E_rev_KNa", -90.0, "mV"},
      {"tau_D_KNa", 1250.0, "ms"},
      {"g_peak_T", 1.0, ""},
      {"E_rev_T", 0.0, "mV"},
      {"N_T", 2.0, ""},
      {"g_peak_h", 1.0, ""},
      {"E_rev_h", -40.0, "mV"},
      {"voltage_clamp", 0.0, "", FieldType::Bool},
  }};

  // The ODE state in NEST's order (the synapse pairs DG_X, g_X from index 2),
  // then what the step keeps. Gating variables start at equilibrium for
  // V = -70 mV with the default parameters (as NEST's prototype does).
  static constexpr int n_ode = 16;
  enum State : int {
    V_m, theta, DG_AMPA, g_AMPA, DG_NMDA, g_NMDA_timecourse, DG_GABA_A, g_GABA_A, DG_GABA_B, g_GABA_B,
    m_fast_NMDA, m_slow_NMDA, m_Ih, D_IKNa, m_IT, h_IT,
    g_NMDA, I_NaP, I_KNa, I_T, I_h, refractory_steps_left, I_stim, substep, V_clamp, V_end, n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"theta", -51.0, "mV"},
      {"DG_AMPA", 0.0, "1/ms", FieldType::Double, true},
      {"g_AMPA", 0.0, "", FieldType::Double, true},
      {"DG_NMDA", 0.0, "1/ms", FieldType::Double, true},
      {"g_NMDA_timecourse", 0.0, "", FieldType::Double, true},
      {"DG_GABA_A", 0.0, "1/ms", FieldType::Double, true},
      {"g_GABA_A", 0.0, "", FieldType::Double, true},
      {"DG_GABA_B", 0.0, "1/ms", FieldType::Double, true},
      {"g_GABA_B", 0.0, "", FieldType::Double, true},
      {"m_fast_NMDA", 0.026627301184638463, "", FieldType::Double, true},
      {"m_slow_NMDA", 0.026627301184638463, "", FieldType::Double, true},
      {"m_Ih", 0.2871859013825026, "", FieldType::Double, true},
      {"D_IKNa", 0.00119200545631921, "", FieldType::Double, true},
      {"m_IT", 0.1450215950687922, "", FieldType::Double, true},
      {"h_IT", 0.03732688734412946, "", FieldType::Double, true},
      {"g_NMDA", 0.0, "", FieldType::Double, true},
      {"I_NaP", 0.0, "mV", FieldType::Double, true},
      {"I_KNa", 0.0, "mV", FieldType::Double, true},
      {"I_T", 0.0, "mV", FieldType::Double, true},
      {"I_h", 0.0, "mV", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
      // The clamp value, and V at the end of the last step (a different V_m at
      // the start of a step was set by the user and becomes the clamp value).
      {"V_clamp", -70.0, "mV", FieldType::Double, true},
      {"V_end", -70.0, "mV", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, cond_AMPA, cond_NMDA, cond_GABA_A, cond_GABA_B, n_coef };

  static constexpr std::array<const char*, 10> recordables{"V_m", "theta", "g_AMPA", "g_NMDA", "g_GABA_A",
                                                            "g_GABA_B", "I_NaP", "I_KNa", "I_T", "I_h"};
  static constexpr std::array<const char*, 4> receptor_names{"AMPA", "NMDA", "GABA_A", "GABA_B"};
  enum Channel : int { AMPA, NMDA, GABA_A, GABA_B, n_spike_channels };
  static constexpr bool counts_spikes = false;

  // Ports 1..4 (NEST's SynapseTypes); receptor 0 only for currents.
  ROOST_HD static int spike_channel(int receptor_type, double) {
    return receptor_type >= 1 && receptor_type <= n_spike_channels ? receptor_type - 1 : -1;
  }

  static const char* validate(const double* p) {
    struct Rule {
      int field;
      bool positive;  // > 0 required, else >= 0
      const char* message;
    };
    static constexpr Rule rules[] = {
        {g_peak_AMPA, false, "g_peak_AMPA >= 0 required."}, {g_peak_GABA_A, false, "g_peak_GABA_A >= 0 required."},
        {g_peak_GABA_B, false, "g_peak_GABA_B >= 0 required."}, {g_peak_KNa, false, "g_peak_KNa >= 0 required."},
        {S_act_NMDA, false, "S_act_NMDA >= 0 required."}, {g_peak_NMDA, false, "g_peak_NMDA >= 0 required."},
        {g_peak_T, false, "g_peak_T >= 0 required."}, {g_peak_h, false, "g_peak_h >= 0 required."},
        {g_peak_NaP, false, "g_peak_NaP >= 0 required."}, {g_KL, false, "g_KL >= 0 required."},
        {g_NaL, false, "g_NaL >= 0 required."}, {t_ref, false, "t_ref >= 0 required."},
        {tau_rise_AMPA, true, "tau_rise_AMPA > 0 required."}, {tau_decay_AMPA, true, "tau_decay_AMPA > 0 required."},
        {tau_rise_GABA_A, true, "tau_rise_GABA_A > 0 required."},
        {tau_decay_GABA_A, true, "tau_decay_GABA_A > 0 required."},
        {tau_rise_GABA_B, true, "tau_rise_GABA_B > 0 required."},
        {tau_decay_GABA_B, true, "tau_decay_GABA_B > 0 required."},
        {tau_rise_NMDA, true, "tau_rise_NMDA > 0 required."}, {tau_decay_NMDA, true, "tau_decay_NMDA > 0 required."},
        {tau_Mg_fast_NMDA, true, "tau_Mg_fast_NMDA > 0 required."},
        {tau_Mg_slow_NMDA, true, "tau_Mg_slow_NMDA > 0 required."}, {tau_spike, true, "tau_spike > 0 required."},
        {tau_theta, true, "tau_theta > 0 required."}, {tau_m, true, "tau_m > 0 required."},
        {tau_D_KNa, true, "tau_D_KNa > 0 required."},
    };
    for (const Rule& r : rules) {
      if (r.positive ? !(p[r.field] > 0.0) : p[r.field] < 0.0) return r.message;
    }
    struct Order {
      int fast, slow;
      const char* message;
    };
    static constexpr Order orders[] = {
        {tau_rise_AMPA, tau_decay_AMPA, "tau_rise_AMPA < tau_decay_AMPA required."},
        {tau_rise_GABA_A, tau_decay_GABA_A, "tau_rise_GABA_A < tau_decay_GABA_A required."},
        {tau_rise_GABA_B, tau_decay_GABA_B, "tau_rise_GABA_B < tau_decay_GABA_B required."},
        {tau_rise_NMDA, tau_decay_NMDA, "tau_rise_NMDA < tau_decay_NMDA required."},
        {tau_Mg_fast_NMDA, tau_Mg_slow_NMDA, "tau_Mg_fast_NMDA < tau_Mg_slow_NMDA required."},
    };
    for (const Order& o : orders) {
      if (p[o.fast] >= p[o.slow]) return o.message;
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = nest_steps_of(p.col[t_ref][i], h);
    c.col[cond_AMPA][i] = cond_step(i, p, g_peak_AMPA, tau_rise_AMPA, tau_decay_AMPA);
    c.col[cond_NMDA][i] = cond_step(i, p, g_peak_NMDA, tau_rise_NMDA, tau_decay_NMDA);
    c.col[cond_GABA_A][i] = cond_step(i, p, g_peak_GABA_A, tau_rise_GABA_A, tau_decay_GABA_A);
    c.col[cond_GABA_B][i] = cond_step(i, p, g_peak_GABA_B, tau_rise_GABA_B, tau_decay_GABA_B);
  }

  // The jump of DG_X per unit weight: g_peak_X times the beta normalisation.
  ROOST_HD static double cond_step(Index i, ConstSoa<n_params> p, int g_peak, int rise, int decay) {
    return p.col[g_peak][i] * cond::beta_normalization_factor(p.col[rise][i], p.col[decay][i]);
  }

  // Equilibria of the gating variables (Hill & Tononi 2005, NEST's constants).
  ROOST_HD static double m_eq_NMDA(double S_act, double V_act, double V) {
    return 1.0 / (1.0 + std::exp(-S_act * (V - V_act)));
  }
  ROOST_HD static double m_eq_h(double V) { return 1.0 / (1.0 + std::exp((V - -75.0) / 5.5)); }
  ROOST_HD static double h_eq_T(double V) { return 1.0 / (1.0 + std::exp((V + 83.0) / 4)); }
  ROOST_HD static double m_eq_T(double V) { return 1.0 / (1.0 + std::exp(-(V + 59.0) / 6.2)); }
  ROOST_HD static double D_eq_KNa(double tau_D, double V) {
    const double D_influx = 0.025 / (1.0 + std::exp(-(V - -10.0) / 5.0));
    return tau_D * D_influx + 0.001;
  }
  ROOST_HD static double m_NMDA(bool instant, double V, double m_eq, double m_fast, double m_slow) {
    const double A1 = 0.51 - 0.0028 * V;
    const double A2 = 1 - A1;
    return instant ? m_eq : A1 * m_fast + A2 * m_slow;
  }

  struct Rhs {
    const double* P;  // the neuron's parameters, by Param index
    double I_stim, V_clamp_value;
    bool clamp, instant_unblock, refractory;
    // The intrinsic currents of the last evaluation (NEST's recordables).
    mutable double last_I_NaP = 0.0, last_I_KNa = 0.0, last_I_T = 0.0, last_I_h = 0.0;

    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double V = clamp ? V_clamp_value : y[V_m];
      const double m_eq = m_eq_NMDA(P[S_act_NMDA], P[V_act_NMDA], V);
      const double m_fast = m_eq < y[m_fast_NMDA] ? m_eq : y[m_fast_NMDA];
      const double m_slow = m_eq < y[m_slow_NMDA] ? m_eq : y[m_slow_NMDA];
      const double m = m_NMDA(instant_unblock, V, m_eq, m_fast, m_slow);
      const double I_syn = -y[g_AMPA] * (V - P[E_rev_AMPA]) - y[g_NMDA_timecourse] * m * (V - P[E_rev_NMDA]) -
                           y[g_GABA_A] * (V - P[E_rev_GABA_A]) - y[g_GABA_B] * (V - P[E_rev_GABA_B]);
      const double I_spike = refractory ? -(V - P[E_K]) / P[tau_spike] : 0.0;
      const double I_Na = -P[g_NaL] * (V - P[E_Na]);
      const double I_K = -P[g_KL] * (V - P[E_K]);
      const double m_inf_NaP = 1.0 / (1.0 + std::exp(-(V - -55.7) / 7.7));
      last_I_NaP = -P[g_peak_NaP] * std::pow(m_inf_NaP, P[N_NaP]) * (V - P[E_rev_NaP]);
      const double m_inf_KNa = 1.0 / (1.0 + std::pow(0.25 / y[D_IKNa], 3.5));
      last_I_KNa = -P[g_peak_KNa] * m_inf_KNa * (V - P[E_rev_KNa]);
      last_I_T = -P[g_peak_T] * std::pow(y[m_IT], P[N_T]) * y[h_IT] * (V - P[E_rev_T]);
      last_I_h = -P[g_peak_h] * y[m_Ih] * (V - P[E_rev_h]);
      f[V_m] = (I_Na + I_K + I_syn + last_I_NaP + last_I_KNa + last_I_T + last_I_h + I_stim) / P[tau_m] + I_spike;
      f[theta] = -(y[theta] - P[theta_eq]) / P[tau_theta];
      f[DG_AMPA] = -y[DG_AMPA] / P[tau_rise_AMPA];
      f[g_AMPA] = y[DG_AMPA] - y[g_AMPA] / P[tau_decay_AMPA];
      f[DG_NMDA] = -y[DG_NMDA] / P[tau_rise_NMDA];
      f[g_NMDA_timecourse] = y[DG_NMDA] - y[g_NMDA_timecourse] / P[tau_decay_NMDA];
      f[m_fast_NMDA] = (m_eq - m_fast) / P[tau_Mg_fast_NMDA];
      f[m_slow_NMDA] = (m_eq - m_slow) / P[tau_Mg_slow_NMDA];
      f[DG_GABA_A] = -y[DG_GABA_A] / P[tau_rise_GABA_A];
      f[g_GABA_A] = y[DG_GABA_A] - y[g_GABA_A] / P[tau_decay_GABA_A];
      f[DG_GABA_B] = -y[DG_GABA_B] / P[tau_rise_GABA_B];
      f[g_GABA_B] = y[DG_GABA_B] - y[g_GABA_B] / P[tau_decay_GABA_B];
      f[D_IKNa] = (D_eq_KNa(P[tau_D_KNa], V) - y[D_IKNa]) / P[tau_D_KNa];
      const double tau_m_T = 0.22 / (std::exp(-(V + 132.0) / 16.7) + std::exp((V + 16.8) / 18.2)) + 0.13;
      const double tau_h_T = 8.2 + (56.6 + 0.27 * std::exp((V + 115.2) / 5.0)) / (1.0 + std::exp((V + 86.0) / 3.2));
      f[m_IT] = (m_eq_T(V) - y[m_IT]) / tau_m_T;
      f[h_IT] = (h_eq_T(V) - y[h_IT]) / tau_h_T;
      const double tau_m_h = 1.0 / (std::exp(-14.59 - 0.086 * V) + std::exp(-1.87 + 0.0701 * V));
      f[m_Ih] = (m_eq_h(V) - y[m_Ih]) / tau_m_h;
    }
  };

  // input[AMPA..GABA_B]: summed weights arriving now; input[4]: step current.
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    double P[n_params];
    for (int k = 0; k < n_params; ++k) P[k] = p.col[k][i];
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    double& r = s.col[refractory_steps_left][i];
    double& clamp_value = s.col[V_clamp][i];
    if (y[V_m] != s.col[V_end][i]) clamp_value = y[V_m];  // V_m was set since the last step
    const bool clamp = P[voltage_clamp] != 0.0;
    Rhs rhs{P, s.col[I_stim][i], clamp_value, clamp, P[instant_unblock_NMDA] != 0.0, r > 0.0};
    const auto control = ode::ErrorControl::on_values(1e-3, 0.0);
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    double t = 0.0;
    int spikes = 0;
    while (t < h) {
      ode::evolve_apply<n_ode>(rhs, control, t, h, substep_size, y);
      if (clamp) y[V_m] = clamp_value;
      const double m_eq = m_eq_NMDA(P[S_act_NMDA], P[V_act_NMDA], y[V_m]);
      if (y[m_fast_NMDA] > m_eq) y[m_fast_NMDA] = m_eq;
      if (y[m_slow_NMDA] > m_eq) y[m_slow_NMDA] = m_eq;
      if (r == 0.0 && y[V_m] >= y[theta]) {
        y[V_m] = P[E_Na];
        y[theta] = P[E_Na];
        r = c.col[refractory_steps][i] + 1.0;  // +1: the count-down after the loop
        rhs.refractory = true;
        ++spikes;
      }
    }
    if (r > 0.0) r -= 1.0;
    s.col[substep][i] = substep_size;
    y[DG_AMPA] += c.col[cond_AMPA][i] * input[AMPA];
    y[DG_NMDA] += c.col[cond_NMDA][i] * input[NMDA];
    y[DG_GABA_A] += c.col[cond_GABA_A][i] * input[GABA_A];
    y[DG_GABA_B] += c.col[cond_GABA_B][i] * input[GABA_B];
    ode::store<n_ode>(s, i, y);
    const double V = y[V_m];
    const double m_eq = m_eq_NMDA(P[S_act_NMDA], P[V_act_NMDA], V);
    s.col[g_NMDA][i] =
        y[g_NMDA_timecourse] * m_NMDA(P[instant_unblock_NMDA] != 0.0, V, m_eq, y[m_fast_NMDA], y[m_slow_NMDA]);
    s.col[I_NaP][i] = rhs.last_I_NaP;
    s.col[I_KNa][i] = rhs.last_I_KNa;
    s.col[I_T][i] = rhs.last_I_T;
    s.col[I_h][i] = rhs.last_I_h;
    s.col[V_end][i] = V;
    if (!clamp) clamp_value = V;
    s.col[I_stim][i] = input[n_spike_channels];
    return spikes;
  }
};

}  // namespace roost::models
