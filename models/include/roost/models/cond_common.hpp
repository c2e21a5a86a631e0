// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Rules NEST's conductance-based point neurons share, written once.

#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models::cond {

// NEST's checks of iaf_cond_*; nullptr when all hold.
inline const char* check_iaf_cond(double C_m, double t_ref, double V_reset, double V_th, double tau_syn_ex,
                                  double tau_syn_in) {
  if (!(V_reset < V_th)) return "Reset potential (V_reset) must be smaller than threshold (V_th).";
  if (!(C_m > 0.0)) return "Capacitance (C_m) must be strictly positive.";
  if (!(t_ref >= 0.0)) return "Refractory time (t_ref) cannot be negative.";
  if (!(tau_syn_ex > 0.0) || !(tau_syn_in > 0.0)) return "All time constants must be strictly positive.";
  return nullptr;
}

// NEST's normalisation of a beta-shaped conductance (rise tau_rise, decay
// tau_decay) so that a unit weight peaks at 1 nS: the alpha function's e/tau
// when the two time constants coincide.
ROOST_HD inline double beta_normalization_factor(double tau_rise, double tau_decay) {
  constexpr double eps = 0x1p-52;  // the double epsilon, written out: numeric_limits is host-only for nvcc
  const double tau_difference = tau_decay - tau_rise;
  double peak_value = 0.0;
  if (std::fabs(tau_difference) > eps) {
    const double t_peak = tau_decay * tau_rise * std::log(tau_decay / tau_rise) / tau_difference;
    peak_value = std::exp(-t_peak / tau_decay) - std::exp(-t_peak / tau_rise);
  }
  if (std::fabs(peak_value) < eps) return alpha_normalization(tau_decay);
  return (1.0 / tau_rise - 1.0 / tau_decay) / peak_value;
}

// The step of NEST's iaf_cond_* models: integrate the grid step with the
// adaptive RKF45 solver (absolute error 1e-3, NEST's hard-wired value), then
// the refractory clamp or the threshold test (V >= V_th: spike, V = V_reset
// for t_ref, M::on_spike if the model has one), with the step's spikes entering
// the conductances before (M::input_before_threshold, iaf_cond_exp*) or after
// that test (iaf_cond_alpha/beta), as NEST orders them.
template <class M>
ROOST_HD int step(Index i, Soa<M::n_state> s, ConstSoa<M::n_params> p, ConstSoa<M::n_coef> c, const double* input) {
  double& r = s.col[M::refractory_steps_left][i];
  const auto rhs = M::make_rhs(i, p, s.col[M::I_stim][i], r > 0.0);
  double y[M::n_ode];
  ode::load<M::n_ode>(s, i, y);
  const double h = c.col[M::resolution][i];
  double substep_size = ode::substep_or_resolution(s.col[M::substep][i], h);
  ode::integrate_step<M::n_ode>(rhs, ode::ErrorControl::on_values(1e-3, 0.0), h, substep_size, y);
  s.col[M::substep][i] = substep_size;
  if constexpr (M::input_before_threshold) M::add_input(i, y, c, input);
  int spikes = 0;
  if (r > 0.0) {
    r -= 1.0;
    y[M::V_m] = p.col[M::V_reset][i];
  } else if (y[M::V_m] >= p.col[M::V_th][i]) {
    r = c.col[M::refractory_steps][i];
    y[M::V_m] = p.col[M::V_reset][i];
    if constexpr (requires { M::on_spike(i, y, p); }) M::on_spike(i, y, p);
    spikes = 1;
  }
  if constexpr (!M::input_before_threshold) M::add_input(i, y, c, input);
  ode::store<M::n_ode>(s, i, y);
  if constexpr (requires { M::t_ref_remaining; }) s.col[M::t_ref_remaining][i] = h * r;
  s.col[M::I_stim][i] = input[M::n_spike_channels];
  return spikes;
}

}  // namespace roost::models::cond
