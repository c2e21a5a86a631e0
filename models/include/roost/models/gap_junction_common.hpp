// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What the gap-junction neurons (hh_psc_alpha_gap, hh_cond_beta_gap_traub)
// share: NEST's coupling through gap_junction connections by waveform
// relaxation (Hahne et al. 2015).
//
// A gap-junction neuron receives, for every step of a slice, the summed
// weights g = sum_j g_ij of its gap junctions and the summed weighted
// coefficients c_k = sum_j g_ij c_jk of its partners' membrane potentials,
// interpolated over the step as V_j(t) = c_j0 + c_j1 s + c_j2 s^2 + c_j3 s^3
// with s = t / h. Its gap current is then
//   I_gap(t) = sum_j g_ij (V_j(t) - V) = -g V + c_0 + c_1 s + c_2 s^2 + c_3 s^3.
// These five sums arrive on five ring channels from `gap_channel` on (the
// kernel's rate transmission, rate_transmission.hpp, delivers them). What it
// sends is written by its step into the state fields from
// `gap_coefficient_field` on: in a waveform-relaxation iteration the
// interpolation of its own V over the step (order 0: V_i; 1: V_i, V_i+1 - V_i;
// 3: NEST's cubic Hermite form from V and h dV/dt at both ends); the final
// update of a slice sends its end potential as every step's constant term
// (written by the kernel, neuron_update.hpp).
//
// The model trait: gap_junction_node = true, gap_channel, gap_coefficient_field,
// gap_relax_field (the V that waveform relaxation checks for convergence) and
// step(..., gap::StepInfo) (it must not spike, count down its refractory time
// or take a new step current in an iteration, as NEST's wfr_update).

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/ode_model.hpp"

namespace roost::models {

namespace gap {

// Passed to a gap-junction neuron's step().
struct StepInfo {
  bool wfr_iteration = false;   // an iteration of waveform relaxation (the state is restored afterwards)
  int interpolation_order = 3;  // NEST's wfr_interpolation_order: 0, 1 or 3
};

// The ring channels: g, then c_0 .. c_3.
inline constexpr int n_channels = 5;
inline constexpr int n_coefficients = 4;

// I_gap at s = t / h in [0, 1] for membrane potential V; `in` points at the g channel.
ROOST_HD inline double current(const double* in, double V, double s) {
  return -in[0] * V + in[1] + s * (in[2] + s * (in[3] + s * in[4]));
}

// The coefficients of the interpolation of V over a step, from its values
// y_i, y_ip1 and h dV/dt (hf_i, hf_ip1) at the ends; the unused ones are 0.
ROOST_HD inline void interpolation(int order, double y_i, double y_ip1, double hf_i, double hf_ip1, double* c) {
  c[0] = y_i;
  c[1] = c[2] = c[3] = 0.0;
  if (order == 1) {
    c[1] = y_ip1 - y_i;
  } else if (order == 3) {
    c[1] = hf_i;
    c[2] = -3.0 * y_i + 3.0 * y_ip1 - 2.0 * hf_i - hf_ip1;
    c[3] = 2.0 * y_i - 2.0 * y_ip1 + hf_i + hf_ip1;
  }
}

// One step of a gap-junction neuron as NEST's update_ integrates it: the N ODE
// values y (V first) over the step h with the adaptive RKF45 (absolute error
// eps_abs, substep carried), then add_spikes(y) lets the step's spikes in. In
// an iteration of waveform relaxation it also fills the four coefficients to
// send (from V and h dV/dt at both ends, evaluated as NEST does). Returns V
// before the step (the spike test's "falling" check).
template <int N, class Rhs, class AddSpikes>
ROOST_HD double integrate_step(const Rhs& rhs, double h, double eps_abs, double& substep, double* y, StepInfo info,
                               AddSpikes&& add_spikes, double* coefficients) {
  const double V_before = y[0];
  double f[N];
  double hf_before = 0.0;
  const bool cubic = info.wfr_iteration && info.interpolation_order == 3;
  if (cubic) {
    rhs(0.0, y, f);
    hf_before = h * f[0];
  }
  ode::integrate_step<N>(rhs, ode::ErrorControl::on_values(eps_abs, 0.0), h, substep, y);
  add_spikes(y);
  if (info.wfr_iteration) {
    double hf_after = 0.0;
    if (cubic) {
      rhs(h, y, f);
      hf_after = h * f[0];
    }
    interpolation(info.interpolation_order, V_before, y[0], hf_before, hf_after, coefficients);
  }
  return V_before;
}

// The rest of a gap-junction HH neuron's step (both models name their fields
// alike): store y; in an iteration the coefficients to send and nothing else;
// otherwise NEST's pseudo-refractory spike test (V >= threshold at the end of
// the step while V falls, then no spike for t_ref) and the new step current.
template <class M, class State, class Coefs>
ROOST_HD int finish_hh_step(Index i, State s, Coefs c, const double* y, double V_before, double threshold,
                            const double* coefficients, const double* input, StepInfo info) {
  ode::store<M::n_ode>(s, i, y);
  if (info.wfr_iteration) {
    for (int k = 0; k < n_coefficients; ++k) s.col[M::gap_c0 + k][i] = coefficients[k];
    return 0;
  }
  int spikes = 0;
  double& r = s.col[M::refractory_steps_left][i];
  if (r > 0.0) {
    r -= 1.0;
  } else if (y[0] >= threshold && V_before > y[0]) {
    r = c.col[M::refractory_steps][i];
    spikes = 1;
  }
  s.col[M::I_stim][i] = input[M::n_spike_channels];
  return spikes;
}

}  // namespace gap

template <class M>
constexpr bool is_gap_node() {
  if constexpr (requires { M::gap_junction_node; }) {
    return M::gap_junction_node;
  } else {
    return false;
  }
}

// The state field a waveform-relaxation iteration carries over instead of
// restoring (NEST keeps its solver's step size in the node's buffers), or -1.
template <class M>
constexpr int wfr_carried_state_field() {
  if constexpr (requires { M::wfr_carried_field; }) {
    return static_cast<int>(M::wfr_carried_field);
  } else {
    return -1;
  }
}

}  // namespace roost::models
