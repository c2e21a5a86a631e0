// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// gif_cond_exp_multisynapse: generalized integrate-and-fire neuron with escape
// noise (as gif_cond_exp; the family's rules: gif_common.hpp) with any number
// of receptor ports (up to 16 in Roost), each an exponentially decaying
// conductance with its own reversal potential E_rev and time constant tau_syn
// (lists, one element per port, numbered from 1).
//
//   C_m dV/dt = -g_L (V - E_L) - sum_k g_k (V - E_rev[k]) - I_stc + I_e + I_stim
//   dg_k/dt   = -g_k / tau_syn[k],  a spike of weight w >= 0 (nS) on port k+1 adds w
//
// Negative weights are refused (inhibition comes from a port whose E_rev is
// below rest). Integrated with the adaptive RKF45 solver (absolute error
// gsl_error_tol, the substep kept per neuron); while refractory dV/dt = 0 and
// the conductances see V_reset. After the integration the step's spikes enter
// the conductances, then the spike draw. Reference: NEST 3.10
// gif_cond_exp_multisynapse.

#include <array>
#include <cmath>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/gif_common.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/ring_buffer.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct gif_cond_exp_multisynapse {
  static constexpr const char* model_name = "gif_cond_exp_multisynapse";
  static constexpr int max_ports = 16;

  enum Param : int { gsl_error_tol = gif::n_params, n_receptors, n_params };
  static constexpr std::array<FieldSpec, n_params> params = join_specs(gif::params, std::array<FieldSpec, 2>{{
      {"gsl_error_tol", 1e-3, ""},
      {"n_receptors", 1.0, "", FieldType::Int},
  }});

  enum State : int { substep = gif::n_state, n_state };
  static constexpr std::array<FieldSpec, n_state> state = join_specs(gif::state, std::array<FieldSpec, 1>{{
      {"substep", 0.0, "ms", FieldType::Double, true},
  }});

  enum ListGroup : int { port_group = gif::n_groups };
  static constexpr auto list_groups = join_specs(gif::list_groups, std::array<ListGroupSpec, 1>{{
      {n_receptors, 1, max_ports, "The reversal potential, and synaptic time constant arrays must have the same size."},
  }});
  enum List : int { E_rev = gif::n_lists, tau_syn, g, n_lists };
  static constexpr std::array<ListSpec, n_lists> lists = join_specs(gif::lists, std::array<ListSpec, 3>{{
      {"E_rev", 0.0, "mV", port_group, ListRole::param},
      {"tau_syn", 2.0, "ms", port_group, ListRole::param},
      {"g", 0.0, "nS", port_group, ListRole::state},
  }});
  static constexpr int receptor_group = port_group;

  static constexpr int n_coef = gif::n_coef;
  static constexpr int n_coef_lists = gif::n_coef_lists;
  static constexpr auto coef_list_groups = gif::coef_list_groups;

  static constexpr std::array<const char*, 3> recordables{"V_m", "E_sfa", "I_stc"};
  static constexpr int n_spike_channels = 0;  // set at run time: one per port
  static constexpr bool counts_spikes = false;
  static constexpr bool stochastic = true;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return multisynapse::conductance_port_channel(receptor_type, weight);
  }

  static const char* validate(const double* p) {
    if (const char* problem = gif::validate(p)) return problem;
    if (!(p[gsl_error_tol] > 0.0)) return "The gsl_error_tol must be strictly positive.";
    return nullptr;
  }
  static const char* validate_lists(const double*, const std::vector<double>* l) {
    const std::vector<double>& tau = l[tau_syn];
    if (!multisynapse::all_positive(tau.data(), static_cast<int>(tau.size()))) {
      return "All synaptic time constants must be strictly positive";
    }
    return gif::validate_kernels(l);
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<n_lists>& l,
                                 const ListSoa<n_coef_lists>& cl, double h) {
    gif::calibrate(i, p, c, l, cl, h);
  }

  // The state vector (V, g_1, ..., g_n): its size follows the port count.
  static constexpr int max_ode = 1 + max_ports;
  struct Rhs {
    double g_L, E_L, C_m, V_reset, I_e, I_stim, I_stc;
    bool refractory;
    int dim;
    const double *E_rev, *tau_syn;  // per port k: element k * n + i
    Index n, i;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double v = refractory ? V_reset : y[0];
      double I_syn = 0.0;
      for (int k = 0; k + 1 < dim; ++k) {
        I_syn -= y[1 + k] * (v - E_rev[k * n + i]);
        f[1 + k] = -y[1 + k] / tau_syn[k * n + i];
      }
      f[0] = refractory ? 0.0 : (-g_L * (y[0] - E_L) + I_stim + I_e + I_syn - I_stc) / C_m;
    }
  };

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c,
                           const ListSoa<n_lists>& l, const ListSoa<n_coef_lists>& cl, const InputCells& in,
                           RandomStream& noise) {
    gif::advance_kernels(i, s, p, l, cl);
    const int ports = static_cast<int>(p.col[n_receptors][i]);
    const Rhs rhs{p.col[gif::g_L][i], p.col[gif::E_L][i], p.col[gif::C_m][i], p.col[gif::V_reset][i],
                  p.col[gif::I_e][i], s.col[gif::I_stim][i], s.col[gif::I_stc][i],
                  s.col[gif::refractory_steps_left][i] > 0.0, 1 + ports, l.col[E_rev], l.col[tau_syn], l.n, i};
    double y[max_ode];
    y[0] = s.col[gif::V_m][i];
    for (int k = 0; k < ports; ++k) y[1 + k] = l.at(g, k, i);
    const double h = c.col[gif::h_ms][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    ode::integrate_step<max_ode>(rhs, ode::ErrorControl::on_values(p.col[gsl_error_tol][i], 0.0), h, substep_size, y);
    s.col[substep][i] = substep_size;
    for (int k = 0; k < ports; ++k) l.at(g, k, i) = y[1 + k] + in.take(k);
    const int spikes = gif::fire_or_hold(i, s, p, c, l, y[0], noise);
    s.col[gif::V_m][i] = y[0];
    s.col[gif::I_stim][i] = in.current();
    return spikes;
  }
};

}  // namespace roost::models
