// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What NEST's conductance-based multisynapse AdEx models share (written once
// for aeif_cond_alpha_multisynapse and aeif_cond_beta_multisynapse): the
// right-hand side with one beta-shaped conductance per receptor port (alpha:
// rise = decay), and the step: integrate with a spike test after every
// substep (aeif::integrate_step), then add this step's spikes to each port.
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
//               + sum_k g_k (E_rev[k] - V) - w + I_e + I_stim
//   tau_w dw/dt = a (V - E_L) - w
//   d(dg_k)/dt = -dg_k/tau_rise[k],   dg_k/dt = dg_k - g_k/tau_decay[k]
//
// The state vector is (V, w, dg_1, g_1, dg_2, g_2, ...): its size follows the
// port count, up to max_ports (the solver keeps it on the stack). Fields holds
// the scalar fields, checks and port routing the two models share.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/aeif_common.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/ring_buffer.hpp"

namespace roost::models::aeif_multisynapse {

constexpr int max_ports = 16;
constexpr int max_ode = 2 + 2 * max_ports;
enum Ode : int { V, W, first_port };

struct Rhs {
  double V_peak, V_reset, g_L, C_m, E_L, Delta_T, tau_w, a, V_th, I_e, I_stim;
  bool refractory;
  int dim;  // 2 + 2 ports
  // Per port k, element k * n + i of these list columns.
  const double *E_rev, *tau_rise, *tau_decay;
  Index n, i;

  ROOST_HD void operator()(double, const double* y, double* f) const {
    const double v = refractory ? V_reset : (y[V] < V_peak ? y[V] : V_peak);
    const int ports = (dim - first_port) / 2;
    double I_syn = 0.0;
    for (int k = 0; k < ports; ++k) I_syn += y[first_port + 2 * k + 1] * (E_rev[k * n + i] - v);
    const double I_spike = aeif::spike_current(g_L, Delta_T, v, V_th);
    f[V] = refractory ? 0.0 : (-g_L * (v - E_L) + I_spike + I_syn - y[W] + I_e + I_stim) / C_m;
    f[W] = (a * (v - E_L) - y[W]) / tau_w;
    for (int k = 0; k < ports; ++k) {
      const double dg = y[first_port + 2 * k], g = y[first_port + 2 * k + 1];
      f[first_port + 2 * k] = -dg / tau_rise[k * n + i];
      f[first_port + 2 * k + 1] = dg - g / tau_decay[k * n + i];
    }
  }
};

// The scalar fields both models have (NEST's parameter set of the two is the
// same; they differ in their port lists): V_m, w and the AdEx parameters, the
// port count n_receptors, the coefficients and the routing of spikes to ports.
struct Fields {
  enum Param : int {
    V_peak, V_reset, t_ref, g_L, C_m, E_L, Delta_T, tau_w, a, b, V_th, I_e, gsl_error_tol, n_receptors, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"V_peak", 0.0, "mV"},
      {"V_reset", -60.0, "mV"},
      {"t_ref", 0.0, "ms"},
      {"g_L", 30.0, "nS"},
      {"C_m", 281.0, "pF"},
      {"E_L", -70.6, "mV"},
      {"Delta_T", 2.0, "mV"},
      {"tau_w", 144.0, "ms"},
      {"a", 4.0, "nS"},
      {"b", 80.5, "pA"},
      {"V_th", -50.4, "mV"},
      {"I_e", 0.0, "pA"},
      {"gsl_error_tol", 1e-6, ""},
      {"n_receptors", 1.0, "", FieldType::Int},
  }};

  enum State : int { V_m, w, refractory_steps_left, I_stim, substep, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.6, "mV"},
      {"w", 0.0, "pA"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  static constexpr int receptor_group = 0;

  enum Coef : int { resolution, refractory_steps, n_coef };
  enum CoefList : int { g0 };  // per port: the spike normalisation
  static constexpr std::array<int, 1> coef_list_groups{0};

  static constexpr std::array<const char*, 2> recordables{"V_m", "w"};
  static constexpr int n_spike_channels = 0;  // set at run time: one per port
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return multisynapse::conductance_port_channel(receptor_type, weight);
  }

  static const char* validate(const double* p) { return aeif::validate<Fields>(p); }
};


// The step of model M: M names its fields as NEST does and provides the
// rise / decay time columns (rise_list, decay_list: the same list for alpha)
// and the per-port spike normalisation (coefficient list g0).
template <class M, int NL, int NCL>
ROOST_HD int step(Index i, Soa<M::n_state> s, ConstSoa<M::n_params> p, ConstSoa<M::n_coef> c, const ListSoa<NL>& l,
                  const ListSoa<NCL>& cl, const InputCells& in) {
  double& r = s.col[M::refractory_steps_left][i];
  const int ports = static_cast<int>(p.col[M::n_receptors][i]);
  Rhs rhs{p.col[M::V_peak][i], p.col[M::V_reset][i], p.col[M::g_L][i], p.col[M::C_m][i], p.col[M::E_L][i],
          p.col[M::Delta_T][i], p.col[M::tau_w][i], p.col[M::a][i], p.col[M::V_th][i], p.col[M::I_e][i],
          s.col[M::I_stim][i], r > 0.0, first_port + 2 * ports, l.col[M::E_rev], l.col[M::rise_list],
          l.col[M::decay_list], l.n, i};
  const aeif::Reset reset{V, W, p.col[M::V_reset][i],
                          aeif::spike_threshold(p.col[M::V_peak][i], p.col[M::V_th][i], p.col[M::Delta_T][i]),
                          p.col[M::b][i], c.col[M::refractory_steps][i]};
  double y[max_ode];
  y[V] = s.col[M::V_m][i];
  y[W] = s.col[M::w][i];
  for (int k = 0; k < ports; ++k) {
    y[first_port + 2 * k] = l.at(M::dg, k, i);
    y[first_port + 2 * k + 1] = l.at(M::g, k, i);
  }
  const double h = c.col[M::resolution][i];
  const double tol = p.col[M::gsl_error_tol][i];
  double substep = ode::substep_or_resolution(s.col[M::substep][i], h);
  const int spikes = aeif::integrate_step<max_ode>(rhs, ode::ErrorControl::on_derivatives(tol, tol), h, substep, y, r, reset);
  if (spikes < 0) return spikes;
  s.col[M::substep][i] = substep;
  for (int k = 0; k < ports; ++k) {
    l.at(M::dg, k, i) = y[first_port + 2 * k] + in.take(k) * cl.at(M::g0, k, i);
    l.at(M::g, k, i) = y[first_port + 2 * k + 1];
  }
  s.col[M::V_m][i] = y[V];
  s.col[M::w][i] = y[W];
  s.col[M::I_stim][i] = in.current();
  return spikes;
}

}  // namespace roost::models::aeif_multisynapse
