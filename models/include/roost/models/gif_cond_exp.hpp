// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// gif_cond_exp: generalized integrate-and-fire neuron (Mensi et al. 2012,
// Pozzorini et al. 2015) with exponentially decaying synaptic conductances and
// escape noise (the family's rules: gif_common.hpp).
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) - I_stc + I_e + I_stim
//   dg_x/dt   = -g_x / tau_syn_x,  a spike of weight w (nS) adds |w| to g_x
//
// Positive weights open g_ex, negative ones g_in. Integrated with the adaptive
// RKF45 solver (absolute error gsl_error_tol, the substep kept per neuron);
// while refractory dV/dt = 0 and the conductances see V_reset. After the
// integration the step's spikes enter the conductances, then the spike draw.
// Reference: NEST 3.10 gif_cond_exp.

#include <array>
#include <cmath>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/gif_common.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/ring_buffer.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct gif_cond_exp {
  static constexpr const char* model_name = "gif_cond_exp";

  enum Param : int { E_ex = gif::n_params, E_in, tau_syn_ex, tau_syn_in, gsl_error_tol, n_params };
  static constexpr std::array<FieldSpec, n_params> params = join_specs(gif::params, std::array<FieldSpec, 5>{{
      {"E_ex", 0.0, "mV"},
      {"E_in", -85.0, "mV"},
      {"tau_syn_ex", 2.0, "ms"},
      {"tau_syn_in", 2.0, "ms"},
      {"gsl_error_tol", 1e-3, ""},
  }});

  enum State : int { g_ex = gif::n_state, g_in, substep, n_state };
  static constexpr std::array<FieldSpec, n_state> state = join_specs(gif::state, std::array<FieldSpec, 3>{{
      {"g_ex", 0.0, "nS"},
      {"g_in", 0.0, "nS"},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }});

  static constexpr auto list_groups = gif::list_groups;
  static constexpr auto lists = gif::lists;
  static constexpr int receptor_group = -1;  // receptor 0 only

  static constexpr int n_coef = gif::n_coef;
  static constexpr auto coef_list_groups = gif::coef_list_groups;

  static constexpr std::array<const char*, 5> recordables{"V_m", "E_sfa", "I_stc", "g_ex", "g_in"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool stochastic = true;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) {
    if (const char* problem = gif::validate(p)) return problem;
    if (!(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0)) return "Synapse time constants must be strictly positive.";
    if (!(p[gsl_error_tol] > 0.0)) return "The gsl_error_tol must be strictly positive.";
    return nullptr;
  }
  static const char* validate_lists(const double*, const std::vector<double>* l) { return gif::validate_kernels(l); }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<gif::n_lists>& l,
                                 const ListSoa<gif::n_coef_lists>& cl, double h) {
    gif::calibrate(i, p, c, l, cl, h);
  }

  enum Ode : int { V, G_EX, G_IN, n_ode };
  struct Rhs {
    double g_L, E_L, C_m, E_ex, E_in, tau_syn_ex, tau_syn_in, V_reset, I_e, I_stim, I_stc;
    bool refractory;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double v = refractory ? V_reset : y[V];
      const double I_syn = -y[G_EX] * (v - E_ex) - y[G_IN] * (v - E_in);
      f[V] = refractory ? 0.0 : (-g_L * (v - E_L) + I_stim + I_e + I_syn - I_stc) / C_m;
      f[G_EX] = -y[G_EX] / tau_syn_ex;
      f[G_IN] = -y[G_IN] / tau_syn_in;
    }
  };

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c,
                           const ListSoa<gif::n_lists>& l, const ListSoa<gif::n_coef_lists>& cl, const InputCells& input,
                           RandomStream& noise) {
    gif::advance_kernels(i, s, p, l, cl);
    const Rhs rhs{p.col[gif::g_L][i], p.col[gif::E_L][i], p.col[gif::C_m][i], p.col[E_ex][i], p.col[E_in][i],
                  p.col[tau_syn_ex][i], p.col[tau_syn_in][i], p.col[gif::V_reset][i], p.col[gif::I_e][i],
                  s.col[gif::I_stim][i], s.col[gif::I_stc][i], s.col[gif::refractory_steps_left][i] > 0.0};
    double y[n_ode] = {s.col[gif::V_m][i], s.col[g_ex][i], s.col[g_in][i]};
    const double h = c.col[gif::h_ms][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    ode::integrate_step<n_ode>(rhs, ode::ErrorControl::on_values(p.col[gsl_error_tol][i], 0.0), h, substep_size, y);
    s.col[substep][i] = substep_size;
    y[G_EX] += input.take(ex);
    y[G_IN] -= input.take(in);  // negative weights open g_in
    const int spikes = gif::fire_or_hold(i, s, p, c, l, y[V], noise);
    s.col[gif::V_m][i] = y[V];
    s.col[g_ex][i] = y[G_EX];
    s.col[g_in][i] = y[G_IN];
    s.col[gif::I_stim][i] = input.current();
    return spikes;
  }
};

}  // namespace roost::models
