// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// gif_psc_exp_multisynapse: generalized integrate-and-fire neuron with escape
// noise (as gif_psc_exp; the family's rules: gif_common.hpp) with any number of
// receptor ports, each an exponentially decaying current with its own time
// constant (tau_syn, one element per port, numbered from 1; weights of either
// sign).
//
//   C_m dV/dt = -g_L (V - E_L) - I_stc + sum_k I_k + I_e + I_stim
//   dI_k/dt   = -I_k / tau_syn[k],  a spike on port k+1 adds its weight (pA)
//
// Exact integration in NEST's order for this model: V is propagated with the
// currents at the start of the step, which then decay and take this step's
// spikes. Reference: NEST 3.10 gif_psc_exp_multisynapse.

#include <array>
#include <cmath>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/gif_common.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/models/propagators.hpp"
#include "roost/ring_buffer.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct gif_psc_exp_multisynapse {
  static constexpr const char* model_name = "gif_psc_exp_multisynapse";

  enum Param : int { n_receptors = gif::n_params, n_params };
  static constexpr std::array<FieldSpec, n_params> params = join_specs(gif::params, std::array<FieldSpec, 1>{{
      {"n_receptors", 1.0, "", FieldType::Int},
  }});

  static constexpr int n_state = gif::n_state;
  static constexpr auto state = gif::state;

  enum ListGroup : int { port_group = gif::n_groups };
  static constexpr auto list_groups = join_specs(gif::list_groups, std::array<ListGroupSpec, 1>{{{n_receptors, 1}}});
  enum List : int { tau_syn = gif::n_lists, i_syn, n_lists };
  static constexpr std::array<ListSpec, n_lists> lists = join_specs(gif::lists, std::array<ListSpec, 2>{{
      {"tau_syn", 2.0, "ms", port_group, ListRole::param},
      {"i_syn", 0.0, "pA", port_group, ListRole::hidden_state},
  }});
  static constexpr int receptor_group = port_group;

  static constexpr int n_coef = gif::n_coef;
  // Per port, after the kernels' coefficient lists: the current's decay and its drive of V.
  enum CoefList : int { port_P11 = gif::n_coef_lists, port_P21, n_coef_lists };
  static constexpr auto coef_list_groups = join_specs(gif::coef_list_groups, std::array<int, 2>{port_group, port_group});

  static constexpr std::array<const char*, 3> recordables{"V_m", "E_sfa", "I_stc"};
  static constexpr int n_spike_channels = 0;  // set at run time: one per port
  static constexpr bool counts_spikes = false;
  static constexpr bool stochastic = true;

  ROOST_HD static int spike_channel(int receptor_type, double) { return multisynapse::port_channel(receptor_type); }

  static const char* validate(const double* p) { return gif::validate(p); }
  static const char* validate_lists(const double*, const std::vector<double>* l) {
    const std::vector<double>& tau = l[tau_syn];
    if (!multisynapse::all_positive(tau.data(), static_cast<int>(tau.size()))) {
      return "All synaptic time constants must be > 0.";
    }
    return gif::validate_kernels(l);
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<n_lists>& l,
                                 const ListSoa<n_coef_lists>& cl, double h) {
    gif::calibrate(i, p, c, l, cl, h);
    const double C = p.col[gif::C_m][i];
    const double tau_m = C / p.col[gif::g_L][i];
    for (int k = 0; k < static_cast<int>(p.col[n_receptors][i]); ++k) {
      cl.at(port_P11, k, i) = std::exp(-h / l.at(tau_syn, k, i));
      cl.at(port_P21, k, i) = propagator_exp_current(l.at(tau_syn, k, i), tau_m, C, h);
    }
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c,
                           const ListSoa<n_lists>& l, const ListSoa<n_coef_lists>& cl, const InputCells& in,
                           RandomStream& noise) {
    gif::advance_kernels(i, s, p, l, cl);
    double synaptic_drive = 0.0;
    for (int k = 0; k < static_cast<int>(p.col[n_receptors][i]); ++k) {
      double& current = l.at(i_syn, k, i);
      synaptic_drive += cl.at(port_P21, k, i) * current;
      current = current * cl.at(port_P11, k, i) + in.take(k);
    }
    double V = s.col[gif::V_m][i];
    if (s.col[gif::refractory_steps_left][i] == 0.0) {
      V = c.col[gif::P30][i] * (s.col[gif::I_stim][i] + p.col[gif::I_e][i] - s.col[gif::I_stc][i]) +
          c.col[gif::P33][i] * V + c.col[gif::P31][i] * p.col[gif::E_L][i] + synaptic_drive;
    }
    const int spikes = gif::fire_or_hold(i, s, p, c, l, V, noise);
    s.col[gif::V_m][i] = V;
    s.col[gif::I_stim][i] = in.current();
    return spikes;
  }
};

}  // namespace roost::models
