// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What NEST's adaptive exponential integrate-and-fire models (aeif_*) share:
// their checks, and the step loop that tests for a spike after every RKF45
// substep (with t_ref = 0 a neuron can spike several times in one step).

#include <cmath>
#include <limits>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/ode_model.hpp"

namespace roost::models::aeif {

// NEST's checks of the aeif parameters; nullptr when all hold.
inline const char* check(double V_peak, double V_reset, double V_th, double Delta_T, double C_m, double t_ref,
                         double tau_w, double gsl_error_tol) {
  if (!(Delta_T >= 0.0)) return "Delta_T must be positive.";
  if (Delta_T > 0.0) {
    const double max_exp_arg = std::log(std::numeric_limits<double>::max() / 1e20);
    if ((V_peak - V_th) / Delta_T >= max_exp_arg) {
      return "The combination of V_peak, V_th and Delta_T would overflow at spike time; increase Delta_T or "
             "reduce V_peak.";
    }
  }
  if (!(V_peak >= V_th)) return "V_peak >= V_th required.";
  if (!(V_reset < V_peak)) return "Ensure that V_reset < V_peak.";
  if (!(C_m > 0.0)) return "Capacitance (C_m) must be strictly positive.";
  if (!(t_ref >= 0.0)) return "Refractory time (t_ref) cannot be negative.";
  if (!(tau_w > 0.0)) return "All time constants must be strictly positive.";
  if (!(gsl_error_tol > 0.0)) return "The gsl_error_tol must be strictly positive.";
  return nullptr;
}

// The spike threshold: V_peak, or V_th where the exponential term is off.
ROOST_HD inline double spike_threshold(double V_peak, double V_th, double Delta_T) {
  return Delta_T > 0.0 ? V_peak : V_th;
}

// The exponential spike current g_L Delta_T exp((V - V_th)/Delta_T) (0 if Delta_T = 0).
ROOST_HD inline double spike_current(double g_L, double Delta_T, double V, double V_th) {
  return Delta_T == 0.0 ? 0.0 : g_L * Delta_T * std::exp((V - V_th) / Delta_T);
}

// The AdEx membrane with NEST's arithmetic (multiplying by precomputed
// inverses), at an effective potential V (capped or clamped by the caller):
//   dV/dt = (-g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T) - w + I_extra + I_e + I_stim) / C_m
//   dw/dt = (a (V - E_L) - w) / tau_w
// I_extra: a model's own current (aeif_psc_delta_clopath's spike afterpotential z).
struct Membrane {
  double g_L, E_L, Delta_T, a, I_e, Delta_T_inv, C_m_inv, tau_w_inv;
  ROOST_HD double dV(double V, double w, double V_th, double I_extra, double I_stim) const {
    const double I_spike = Delta_T == 0.0 ? 0.0 : g_L * Delta_T * std::exp((V - V_th) * Delta_T_inv);
    return (-g_L * (V - E_L) + I_spike - w + I_extra + I_e + I_stim) * C_m_inv;
  }
  ROOST_HD double dw(double V, double w) const { return (a * (V - E_L) - w) * tau_w_inv; }
};

// NEST's range check after every substep ("we allow V_M to explode").
ROOST_HD inline bool out_of_range(double V, double w) { return V < -1e3 || w < -1e6 || w > 1e6; }

struct Reset {
  int v_index, w_index;
  double V_reset, V_peak, b, refractory_steps;
};

// Integrates one grid step of length h; after every substep: numerical range
// check, V held at V_reset while refractory, else V >= V_peak is a spike (V =
// V_reset, w += b, refractory for t_ref from the next substep on). `r` is the
// refractory counter (steps); rhs.refractory follows it. Returns the number of
// spikes, or ode::numerical_instability.
template <int N, class Rhs>
ROOST_HD int integrate_step(Rhs& rhs, const ode::ErrorControl& control, double h, double& substep, double* y,
                            double& r, const Reset& reset) {
  double t = 0.0;
  int spikes = 0;
  double dydt[N];  // carried from substep to substep while y and rhs stay as the solver left them
  bool dydt_valid = false;
  while (t < h) {
    ode::evolve_apply<N>(rhs, control, t, h, substep, y, dydt, dydt_valid);
    const double V = y[reset.v_index], w = y[reset.w_index];
    if (out_of_range(V, w)) return ode::numerical_instability;
    if (r > 0.0) {
      dydt_valid = dydt_valid && y[reset.v_index] == reset.V_reset;
      y[reset.v_index] = reset.V_reset;
    } else if (V >= reset.V_peak) {
      dydt_valid = false;
      y[reset.v_index] = reset.V_reset;
      y[reset.w_index] += reset.b;
      // +1: the count-down after the loop; t_ref = 0 keeps the neuron free.
      r = reset.refractory_steps > 0.0 ? reset.refractory_steps + 1.0 : 0.0;
      rhs.refractory = r > 0.0;
      ++spikes;
    }
  }
  if (r > 0.0) r -= 1.0;
  return spikes;
}

// NEST's checks of an aeif model M (and of its synaptic time constants, where
// it has tau_syn_ex / tau_syn_in).
template <class M>
const char* validate(const double* p) {
  if (const char* problem = check(p[M::V_peak], p[M::V_reset], p[M::V_th], p[M::Delta_T], p[M::C_m], p[M::t_ref],
                                  p[M::tau_w], p[M::gsl_error_tol])) {
    return problem;
  }
  if constexpr (requires { M::tau_syn_ex; }) {
    if (!(p[M::tau_syn_ex] > 0.0) || !(p[M::tau_syn_in] > 0.0)) return "All time constants must be strictly positive.";
  }
  return nullptr;
}

// The step of an aeif model M with synaptic state: integrate the grid step
// (integrate_step above, derivative-based error control with gsl_error_tol),
// then let the step's spikes enter the synaptic state (M::add_input), latch the
// step current for the next step. M provides make_rhs(i, p, I_stim,
// refractory) and add_input(i, y, c, input), and NEST's field names.
template <class M>
ROOST_HD int step(Index i, Soa<M::n_state> s, ConstSoa<M::n_params> p, ConstSoa<M::n_coef> c, const double* input) {
  double& r = s.col[M::refractory_steps_left][i];
  auto rhs = M::make_rhs(i, p, s.col[M::I_stim][i], r > 0.0);
  const Reset reset{M::V_m, M::w, p.col[M::V_reset][i],
                    spike_threshold(p.col[M::V_peak][i], p.col[M::V_th][i], p.col[M::Delta_T][i]), p.col[M::b][i],
                    c.col[M::refractory_steps][i]};
  const double tol = p.col[M::gsl_error_tol][i];
  double y[M::n_ode];
  ode::load<M::n_ode>(s, i, y);
  const double h = c.col[M::resolution][i];
  double substep_size = ode::substep_or_resolution(s.col[M::substep][i], h);
  const int spikes =
      integrate_step<M::n_ode>(rhs, ode::ErrorControl::on_derivatives(tol, tol), h, substep_size, y, r, reset);
  if (spikes < 0) return spikes;
  s.col[M::substep][i] = substep_size;
  M::add_input(i, y, c, input);
  ode::store<M::n_ode>(s, i, y);
  s.col[M::I_stim][i] = input[M::n_spike_channels];
  return spikes;
}

}  // namespace roost::models::aeif
