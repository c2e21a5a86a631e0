// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// glif_cond: generalized leaky integrate-and-fire neuron (GLIF 1-5 of Teeter
// et al. 2018) with alpha-shaped synaptic conductances on any number of
// receptor ports (up to 16 in Roost), each with its own time constant and
// reversal potential (lists tau_syn and E_rev, one element per port, ports
// numbered from 1).
//
//   C_m dU/dt = -g_m U - sum_k g_k (U + E_L - E_rev[k]) + I_stim + I_ASC   (U = V_m - E_L)
//   d(dg_k)/dt = -dg_k/tau_syn[k],   dg_k/dt = dg_k - g_k/tau_syn[k]
//
// A spike of weight w (nS) on port k adds w e/tau_syn[k] to dg_k: the
// conductance peaks at w after tau_syn[k]. Inhibition comes from a port
// whose E_rev lies below rest.
//
// The flags select NEST's GLIF 1-5 (lif, lif_r, lif_asc, lif_r_asc,
// lif_r_asc_a; other combinations are refused), U_old is U at the start of
// the step:
//   spike_dependent_threshold (R): threshold_spike decays with rate th_spike_decay;
//     at a spike threshold_spike = threshold_spike exp(-th_spike_decay t_ref) + th_spike_add
//     and U = voltage_reset_fraction U_old + voltage_reset_add (without R: U = V_reset - E_L)
//   after_spike_currents (ASC): I_ASC = sum_j I_j, each decaying with rate asc_decay[j];
//     at a spike I_j = asc_amps[j] + asc_r[j] exp(-asc_decay[j] t_ref) I_j
//   adapting_threshold (A): d threshold_voltage/dt = th_voltage_index U - th_voltage_decay threshold_voltage
//   spike: U > V_th - E_L + threshold_spike + threshold_voltage at the end of the step
//
// NEST's update, reproduced step by step: the grid step is integrated with
// the adaptive RKF45 solver (absolute error 1e-3, y-based control, the
// substep size carried from step to step, rkf45.hpp), I_stim and the ASC sum
// held at the values of the previous step, and V clamped (dU/dt = 0, the
// synaptic driving force taken at V_reset) during t_ref. Once at the end of
// the step come the mechanisms above: outside t_ref
// threshold_spike and the ASCs decay, the voltage-dependent threshold is
// propagated with U at the start of the step, and U > threshold is a spike
// (reset, ASC jumps); during t_ref V_m is set back to its value at the start
// of the step. Then this step's spikes enter dg. Recordables V_m, I,
// ASCurrents_sum, threshold, threshold_spike, threshold_voltage and g_1, g_2,
// ... Reference: NEST 3.10 glif_cond.

#include <array>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/glif_common.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"
#include "roost/ring_buffer.hpp"

namespace roost::models {

namespace glif {

constexpr int max_cond_ports = 16;
constexpr int max_cond_ode = 1 + 2 * max_cond_ports;
inline constexpr double cond_tau_syn_initial[2] = {0.2, 2.0};
inline constexpr double cond_E_rev_initial[2] = {0.0, -85.0};

// The right-hand side of glif_cond: y = (U, dg_1, g_1, dg_2, g_2, ...).
struct CondRhs {
  double V_reset, E_L, G, C_m, I, asc_sum;
  bool refractory;
  int dim;  // 1 + 2 ports
  // Per port k, element k * n + i of these list columns.
  const double *E_rev, *tau_syn;
  Index n, i;

  ROOST_HD void operator()(double, const double* y, double* f) const {
    const double V = refractory ? V_reset : y[0];
    const int ports = (dim - 1) / 2;
    double I_syn = 0.0;
    for (int k = 0; k < ports; ++k) I_syn += y[2 + 2 * k] * (V + E_L - E_rev[k * n + i]);
    const double I_leak = G * V;
    f[0] = refractory ? 0.0 : (-I_leak - I_syn + I + asc_sum) / C_m;
    for (int k = 0; k < ports; ++k) {
      const double tau = tau_syn[k * n + i];
      f[1 + 2 * k] = -y[1 + 2 * k] / tau;
      f[2 + 2 * k] = y[1 + 2 * k] - y[2 + 2 * k] / tau;
    }
  }
};

}  // namespace glif

struct glif_cond {
  static constexpr const char* model_name = "glif_cond";

  using Param = glif::Param;
  static constexpr int n_params = glif::n_params;
  static constexpr std::array<FieldSpec, n_params> params = glif::Params<true>::params;

  enum State : int { substep = glif::n_common_state, n_state };
  static constexpr std::array<FieldSpec, n_state> state =
      glif::with_common_state<1>({{{"substep", 0.0, "ms", FieldType::Double, true}}});

  enum List : int { tau_syn = glif::n_asc_lists, E_rev, dg, g, n_lists };
  static constexpr std::array<ListGroupSpec, 2> list_groups{{
      {glif::n_receptors, 2, glif::max_cond_ports,
       "The reversal potential and synaptic time constant arrays, i.e., E_rev and tau_syn, must have the same size."},
      glif::asc_group_spec,
  }};
  static constexpr std::array<ListSpec, 4> port_lists{{
      {"tau_syn", 2.0, "ms", glif::port_group, ListRole::param, nullptr, glif::cond_tau_syn_initial},
      {"E_rev", 0.0, "mV", glif::port_group, ListRole::param, nullptr, glif::cond_E_rev_initial},
      {"dg", 0.0, "nS/ms", glif::port_group, ListRole::state},
      {"g", 0.0, "nS", glif::port_group, ListRole::state, "g_"},
  }};
  static constexpr std::array<ListSpec, n_lists> lists = glif::with_asc_lists(port_lists);
  static constexpr int receptor_group = glif::port_group;

  enum Coef : int { resolution = glif::n_common_coef, n_coef };
  enum CoefList : int { g0 = glif::n_asc_coef_lists, n_coef_lists };  // per port: the spike normalisation
  static constexpr std::array<int, n_coef_lists> coef_list_groups{glif::asc_group, glif::asc_group, glif::asc_group,
                                                                  glif::port_group};

  static constexpr std::array<const char*, 6> recordables{"V_m",       "I",
                                                          "ASCurrents_sum", "threshold",
                                                          "threshold_spike", "threshold_voltage"};
  static constexpr int n_spike_channels = 0;  // set at run time: one per port
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double) { return multisynapse::port_channel(receptor_type); }

  static const char* validate(const double* p) { return glif::check_params(p, true); }
  static const char* validate_key(const double* p, const char* key) { return glif::check_key(p, key); }

  static const char* validate_lists(const double* p, const std::vector<double>* l) {
    if (const char* problem = glif::check_asc_lists(p, l)) return problem;
    if (!glif::all_positive(l[tau_syn])) return "All synaptic time constants must be strictly positive.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<n_lists>& l,
                                 const ListSoa<n_coef_lists>& cl, double h) {
    glif::calibrate_common(i, p, c, l, cl, h);
    c.col[resolution][i] = h;
    const int ports = static_cast<int>(p.col[glif::n_receptors][i]);
    for (int k = 0; k < ports; ++k) cl.at(g0, k, i) = alpha_normalization(l.at(tau_syn, k, i));
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c,
                           const ListSoa<n_lists>& l, const ListSoa<n_coef_lists>& cl, const InputCells& in) {
    const double E = p.col[glif::E_L][i];
    const int ports = static_cast<int>(p.col[glif::n_receptors][i]);
    const double U_old = s.col[glif::V_m][i] - E;
    const double input = s.col[glif::I][i];
    double& r = s.col[glif::refractory_steps_left][i];
    const glif::CondRhs rhs{p.col[glif::V_reset][i] - E, E, p.col[glif::g][i], p.col[glif::C_m][i], input,
                            s.col[glif::ASCurrents_sum][i], r > 0.0, 1 + 2 * ports, l.col[E_rev], l.col[tau_syn],
                            l.n, i};
    double y[glif::max_cond_ode];
    y[0] = U_old;
    for (int k = 0; k < ports; ++k) {
      y[1 + 2 * k] = l.at(dg, k, i);
      y[2 + 2 * k] = l.at(g, k, i);
    }
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    ode::integrate_step<glif::max_cond_ode>(rhs, ode::ErrorControl::on_values(1e-3, 0.0), h, substep_size, y);
    s.col[substep][i] = substep_size;
    double U = y[0];
    int spikes = 0;
    if (r == 0.0) {
      const double asc_sum = glif::begin_step(i, s, p, c, l, cl);
      spikes = glif::finish_step(i, s, p, c, l, cl, U_old, input, asc_sum, U);
    } else {
      U = glif::hold_refractory(i, s, p, U_old);
    }
    for (int k = 0; k < ports; ++k) {
      l.at(dg, k, i) = y[1 + 2 * k] + in.take(k) * cl.at(g0, k, i);
      l.at(g, k, i) = y[2 + 2 * k];
    }
    s.col[glif::I][i] = in.current();
    s.col[glif::V_m][i] = U + E;
    return spikes;
  }
};

}  // namespace roost::models
