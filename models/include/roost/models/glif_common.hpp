// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What NEST's generalized leaky integrate-and-fire models (Teeter et al. 2018,
// Allen Institute GLIF 1-5) share, written once for glif_psc,
// glif_psc_double_alpha and glif_cond: the parameters, the common state, the
// after-spike-current (ASC) lists, the checks, and the threshold / reset part
// of the step.
//
// All potentials are handled relative to E_L inside the step (U = V_m - E_L),
// as NEST stores them. Three flags switch the mechanisms:
//   spike_dependent_threshold (R): threshold_spike decays with th_spike_decay
//     and jumps by th_spike_add at a spike; V resets to
//     voltage_reset_fraction * U_old + voltage_reset_add (U_old: U at the
//     start of the step) instead of V_reset;
//   after_spike_currents (ASC): currents I_j decaying with rates asc_decay[j]
//     enter dV/dt as their exact mean over the step; at a spike
//     I_j = asc_amps[j] + asc_r[j] exp(-asc_decay[j] t_ref) I_j;
//   adapting_threshold (A): threshold_voltage follows
//     d theta_v/dt = a_v U - b_v theta_v (th_voltage_index, th_voltage_decay),
//     integrated exactly over the step from U_old and the step's input.
// Only lif (none), lif_r (R), lif_asc (ASC), lif_r_asc (R + ASC) and
// lif_r_asc_a (all three) exist; other combinations are refused as in NEST.
// A spike is U > th_inf + threshold_spike + threshold_voltage at the end of
// the step; for the t_ref that follows, V_m, threshold and the ASCs are held.

#include <array>
#include <cmath>
#include <cstring>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models::glif {

// Lists: group 0 holds the receptor-port lists (one element per port, ports
// numbered from 1), group 1 the after-spike-current lists (their own length).
constexpr int port_group = 0;
constexpr int asc_group = 1;

enum Param : int {
  V_th, g, E_L, C_m, t_ref, V_reset, th_spike_add, th_spike_decay, voltage_reset_fraction, voltage_reset_add,
  th_voltage_index, th_voltage_decay, spike_dependent_threshold, after_spike_currents, adapting_threshold,
  n_receptors, n_asc, n_params
};

// The parameters (NEST names the membrane conductance g in glif_psc* and g_m
// in glif_cond, whose default has two receptor ports).
template <bool conductance_model>
struct Params {
  static constexpr std::array<FieldSpec, n_params> params{{
      {"V_th", -51.68, "mV"},
      {conductance_model ? "g_m" : "g", 9.43, "nS"},
      {"E_L", -78.85, "mV"},
      {"C_m", 58.72, "pF"},
      {"t_ref", 3.75, "ms"},
      {"V_reset", -78.85, "mV"},
      {"th_spike_add", 0.37, "mV"},
      {"th_spike_decay", 0.009, "1/ms"},
      {"voltage_reset_fraction", 0.2, ""},
      {"voltage_reset_add", 18.51, "mV"},
      {"th_voltage_index", 0.005, "1/ms"},
      {"th_voltage_decay", 0.09, "1/ms"},
      {"spike_dependent_threshold", 0.0, "", FieldType::Bool},
      {"after_spike_currents", 0.0, "", FieldType::Bool},
      {"adapting_threshold", 0.0, "", FieldType::Bool},
      {"n_receptors", conductance_model ? 2.0 : 1.0, "", FieldType::Int, true},
      {"n_asc", 2.0, "", FieldType::Int, true},
  }};
};

// State every GLIF model has, first in its state table; model-specific fields follow.
enum State : int { V_m, threshold_spike, threshold_voltage, threshold, I, ASCurrents_sum, refractory_steps_left,
                   n_common_state };
struct CommonState {
  static constexpr std::array<FieldSpec, n_common_state> state{{
    {"V_m", -78.85, "mV"},
    {"threshold_spike", 0.0, "mV"},
    {"threshold_voltage", 0.0, "mV"},
    {"threshold", -51.68, "mV", FieldType::Double, true},    // recordable: th_inf + both components
    {"I", 0.0, "pA", FieldType::Double, true},               // recordable: the current input of the next step
    {"ASCurrents_sum", 0.0, "pA", FieldType::Double, true},  // recordable: ASC mean over the last step
    {"refractory_steps_left", 0.0, "", FieldType::Int, true},
  }};
};

template <std::size_t N>
constexpr std::array<FieldSpec, n_common_state + N> with_common_state(const std::array<FieldSpec, N>& extra) {
  return join_specs(CommonState::state, extra);
}

// The after-spike-current lists come first in every GLIF model's list table.
enum AscList : int { asc_init, asc_decay, asc_amps, asc_r, ASCurrents, n_asc_lists };
inline constexpr double asc_decay_initial[2] = {0.003, 0.1};
inline constexpr double asc_amps_initial[2] = {-9.18, -198.94};
constexpr std::array<ListSpec, n_asc_lists> asc_lists{{
    {"asc_init", 0.0, "pA", asc_group, ListRole::param},
    {"asc_decay", 0.1, "1/ms", asc_group, ListRole::param, nullptr, asc_decay_initial},
    {"asc_amps", 0.0, "pA", asc_group, ListRole::param, nullptr, asc_amps_initial},
    {"asc_r", 1.0, "", asc_group, ListRole::param},
    {"ASCurrents", 0.0, "pA", asc_group, ListRole::state},
}};

template <std::size_t N>
constexpr std::array<ListSpec, n_asc_lists + N> with_asc_lists(const std::array<ListSpec, N>& port_lists) {
  return join_specs(asc_lists, port_lists);
}

constexpr ListGroupSpec asc_group_spec{
    n_asc, 2, 0, "All after spike current parameters (i.e., asc_init, k, asc_amps, r) must have the same size."};

// Coefficients every GLIF model keeps; model-specific ones follow.
enum Coef : int { refractory_steps, theta_spike_decay_rate, theta_spike_refractory_decay_rate, potential_decay_rate,
                  theta_voltage_decay_rate_inverse, phi, abpara_ratio_voltage, n_common_coef };
// Coefficient lists of the ASC group, first in every model's coefficient lists.
enum AscCoefList : int { asc_decay_rate, asc_stable_coeff, asc_refractory_decay_rate, n_asc_coef_lists };

ROOST_HD inline bool on(const double flag) { return flag != 0.0; }

// NEST's checks of the scalar parameters, in its order (glif_cond checks the
// spike-threshold parameters before the voltage-threshold ones, and words the
// mechanism message slightly differently).
inline const char* check_params(const double* p, bool conductance_model) {
  const bool R = on(p[spike_dependent_threshold]), ASC = on(p[after_spike_currents]),
             A = on(p[adapting_threshold]);
  const bool glif1_to_5 = (!R && !ASC && !A) || (R && !ASC && !A) || (!R && ASC && !A) || (R && ASC && !A) ||
                          (R && ASC && A);
  if (!glif1_to_5) {
    return conductance_model
               ? "Incorrect model mechanism combination setting.See documents for setting of model mechanism "
                 "parameters:spike_dependent_threshold, after_spike_currents, adapting_threshold."
               : "Incorrect model mechanism combination setting.See documentation for setting of model mechanism "
                 "parameters:spike_dependent_threshold, after_spike_currents, adapting_threshold.";
  }
  if (p[V_reset] - p[E_L] >= p[V_th] - p[E_L]) return "Reset potential must be smaller than threshold.";
  if (p[C_m] <= 0.0) return "Capacitance must be strictly positive.";
  if (p[g] <= 0.0) return "Membrane conductance must be strictly positive.";
  if (p[t_ref] <= 0.0) return "Refractory time constant must be strictly positive.";
  const char* voltage_problem = A && p[th_voltage_decay] <= 0.0
                                    ? "Voltage-induced threshold time constant must be strictly positive."
                                    : nullptr;
  if (voltage_problem && !conductance_model) return voltage_problem;
  if (R) {
    if (p[th_spike_decay] <= 0.0) return "Spike induced threshold time constant must be strictly positive.";
    if (p[voltage_reset_fraction] < 0.0 || p[voltage_reset_fraction] > 1.0) {
      return "Voltage fraction coefficient following spike must be within [0.0, 1.0].";
    }
  }
  return voltage_problem;
}

// The ASC lists' values (their sizes agree: one list group).
inline const char* check_asc_lists(const double* p, const std::vector<double>* l) {
  if (!on(p[after_spike_currents])) return nullptr;
  for (double k : l[asc_decay]) {
    if (k <= 0.0) return "After-spike current time constant must be strictly positive.";
  }
  for (double r : l[asc_r]) {
    if (r < 0.0 || r > 1.0) return "After spike current fraction following spike coefficients r must be within [0.0, 1.0].";
  }
  return nullptr;
}

// Every element of `values` must be > 0.
inline bool all_positive(const std::vector<double>& values) {
  for (double v : values) {
    if (!(v > 0.0)) return false;
  }
  return true;
}

// A state component may only be set when its mechanism is on (NEST's State_::set).
inline const char* check_key(const double* p, const char* key) {
  if (std::strcmp(key, "ASCurrents") == 0 && !on(p[after_spike_currents])) {
    return "After spike currents are not supported or settable in the current model mechanisms.";
  }
  if (std::strcmp(key, "threshold_spike") == 0 && !on(p[spike_dependent_threshold])) {
    return "Threshold spike component is not supported or settable in the current model mechanisms.";
  }
  if (std::strcmp(key, "threshold_voltage") == 0 && !on(p[adapting_threshold])) {
    return "Threshold voltage component is not supported or settable in the current model mechanisms.";
  }
  return nullptr;
}

// The coefficients of the threshold and ASC dynamics for resolution h (NEST's pre_run_hook).
template <int NP, int NC, int NL, int NCL>
ROOST_HD void calibrate_common(Index i, ConstSoa<NP> p, Soa<NC> c, const ListSoa<NL>& l, const ListSoa<NCL>& cl,
                               double h) {
  const double tr = p.col[t_ref][i];
  c.col[refractory_steps][i] = nest_steps_of(tr, h);
  c.col[theta_spike_decay_rate][i] = std::exp(-p.col[th_spike_decay][i] * h);
  c.col[theta_spike_refractory_decay_rate][i] = std::exp(-p.col[th_spike_decay][i] * tr);
  const double G = p.col[g][i], C = p.col[C_m][i];
  const double b_v = p.col[th_voltage_decay][i], a_v = p.col[th_voltage_index][i];
  c.col[potential_decay_rate][i] = std::exp(-G * h / C);
  c.col[theta_voltage_decay_rate_inverse][i] = 1.0 / std::exp(b_v * h);
  c.col[phi][i] = a_v / (b_v - G / C);
  c.col[abpara_ratio_voltage][i] = a_v / b_v;
  const int n = static_cast<int>(p.col[n_asc][i]);
  for (int a = 0; a < n; ++a) {
    const double k = l.at(asc_decay, a, i);
    const double rate = std::exp(-k * h);
    cl.at(asc_decay_rate, a, i) = rate;
    cl.at(asc_stable_coeff, a, i) = ((1.0 / k) / h) * (1.0 - rate);
    cl.at(asc_refractory_decay_rate, a, i) = l.at(asc_r, a, i) * std::exp(-k * tr);
  }
}

// Start of a step outside t_ref: threshold_spike decays over the step, and
// the ASCs give their exact mean over the step (returned, and kept as the
// recordable ASCurrents_sum) before decaying to the step's end.
template <int NS, int NP, int NC, int NL, int NCL>
ROOST_HD double begin_step(Index i, Soa<NS> s, ConstSoa<NP> p, ConstSoa<NC> c, const ListSoa<NL>& l,
                           const ListSoa<NCL>& cl) {
  if (on(p.col[spike_dependent_threshold][i])) s.col[threshold_spike][i] *= c.col[theta_spike_decay_rate][i];
  double sum = 0.0;
  if (on(p.col[after_spike_currents][i])) {
    const int n = static_cast<int>(p.col[n_asc][i]);
    for (int a = 0; a < n; ++a) {
      double& current = l.at(ASCurrents, a, i);
      sum += cl.at(asc_stable_coeff, a, i) * current;
      current = current * cl.at(asc_decay_rate, a, i);
    }
  }
  s.col[ASCurrents_sum][i] = sum;
  return sum;
}

// End of a step outside t_ref, with U the membrane potential (relative to
// E_L) the step reached and U_old the one it started from: the
// voltage-dependent threshold component, the spike test U > threshold and
// the reset. `input` is the current input of the step, `asc_sum` the ASC
// mean. Returns the number of spikes (0 or 1).
template <int NS, int NP, int NC, int NL, int NCL>
ROOST_HD int finish_step(Index i, Soa<NS> s, ConstSoa<NP> p, ConstSoa<NC> c, const ListSoa<NL>& l,
                         const ListSoa<NCL>& cl, double U_old, double input, double asc_sum, double& U) {
  const double E = p.col[E_L][i];
  const double th_inf = p.col[V_th][i] - E;
  double& th_spike = s.col[threshold_spike][i];
  double& th_voltage = s.col[threshold_voltage][i];
  if (on(p.col[adapting_threshold][i])) {
    const double beta = (input + asc_sum) / p.col[g][i];
    const double ph = c.col[phi][i], ratio = c.col[abpara_ratio_voltage][i];
    th_voltage = ph * (U_old - beta) * c.col[potential_decay_rate][i] +
                 c.col[theta_voltage_decay_rate_inverse][i] * (th_voltage - ph * (U_old - beta) - ratio * beta) +
                 ratio * beta;
  }
  double total = th_spike + th_voltage + th_inf;
  int spikes = 0;
  if (U > total) {
    s.col[refractory_steps_left][i] = c.col[refractory_steps][i];
    if (on(p.col[after_spike_currents][i])) {
      const int n = static_cast<int>(p.col[n_asc][i]);
      for (int a = 0; a < n; ++a) {
        double& current = l.at(ASCurrents, a, i);
        current = l.at(asc_amps, a, i) + current * cl.at(asc_refractory_decay_rate, a, i);
      }
    }
    if (!on(p.col[spike_dependent_threshold][i])) {
      U = p.col[V_reset][i] - E;
    } else {
      U = p.col[voltage_reset_fraction][i] * U_old + p.col[voltage_reset_add][i];
      th_spike = th_spike * c.col[theta_spike_refractory_decay_rate][i] + p.col[th_spike_add][i];
      total = th_spike + th_voltage + th_inf;
    }
    spikes = 1;
  }
  s.col[threshold][i] = total + E;
  return spikes;
}

// A step inside t_ref: V_m (returned, relative to E_L) and the threshold stay.
template <int NS, int NP>
ROOST_HD double hold_refractory(Index i, Soa<NS> s, ConstSoa<NP> p, double U_old) {
  s.col[refractory_steps_left][i] -= 1.0;
  const double E = p.col[E_L][i];
  s.col[threshold][i] = s.col[threshold_spike][i] + s.col[threshold_voltage][i] + (p.col[V_th][i] - E) + E;
  return U_old;
}

// The exact membrane propagators of glif_psc and glif_psc_double_alpha (tau_m = C_m / g).
template <int NP, int NC>
ROOST_HD void calibrate_membrane(Index i, ConstSoa<NP> p, Soa<NC> c, double h, int P33, int P30) {
  const double C = p.col[C_m][i];
  const double tau = C / p.col[g][i];
  c.col[P33][i] = std::exp(-h / tau);
  c.col[P30][i] = 1.0 / C * (1.0 - c.col[P33][i]) * tau;
}

// One alpha-shaped current per receptor port (glif_psc; a fast and a slow one
// in glif_psc_double_alpha): list y1 is its slope, y2 the current, and five
// coefficient lists from `first` hold the decay, y1 -> y2, y1 -> U, y2 -> U
// and the spike's normalisation (a unit weight peaks at `scale` pA).
struct AlphaCurrent {
  enum CoefList : int { P11, P21, P31, P32, norm, n_coef_lists };
  int y1, y2, first;

  template <int NCL>
  ROOST_HD void calibrate(const ListSoa<NCL>& cl, int k, Index i, double tau_syn, double tau_m, double C, double h,
                          double scale) const {
    cl.at(first + P11, k, i) = std::exp(-h / tau_syn);
    cl.at(first + P21, k, i) = h * cl.at(first + P11, k, i);
    cl.at(first + P31, k, i) = propagator_alpha_current(tau_syn, tau_m, C, h);
    cl.at(first + P32, k, i) = propagator_exp_current(tau_syn, tau_m, C, h);
    cl.at(first + norm, k, i) = alpha_normalization(tau_syn) * scale;
  }
  // Its contribution to U over the step, from its state at the step's start.
  template <int NL, int NCL>
  ROOST_HD double drive(const ListSoa<NL>& l, const ListSoa<NCL>& cl, int k, Index i) const {
    return cl.at(first + P31, k, i) * l.at(y1, k, i) + cl.at(first + P32, k, i) * l.at(y2, k, i);
  }
  // One step on, then the step's spikes (summed weights) enter the slope.
  template <int NL, int NCL>
  ROOST_HD void advance(const ListSoa<NL>& l, const ListSoa<NCL>& cl, int k, Index i, double spikes) const {
    double& slope = l.at(y1, k, i);
    double& current = l.at(y2, k, i);
    current = cl.at(first + P21, k, i) * slope + cl.at(first + P11, k, i) * current;
    slope *= cl.at(first + P11, k, i);
    slope += cl.at(first + norm, k, i) * spikes;
  }
};

}  // namespace roost::models::glif
