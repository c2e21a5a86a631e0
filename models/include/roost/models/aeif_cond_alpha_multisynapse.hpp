// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// aeif_cond_alpha_multisynapse: adaptive exponential integrate-and-fire neuron
// (AdEx) with any number of receptor ports (up to 16 in Roost), each an
// alpha-shaped conductance with its own reversal potential E_rev and time
// constant tau_syn (lists, one element per port).
//
// A spike of weight w (nS, w >= 0) on port k adds w e/tau_syn[k] to dg_k: the
// conductance peaks at w after tau_syn[k].
// Equations and step: aeif_multisynapse_common.hpp. Recordables V_m, w and
// g_1, g_2, ... Reference: NEST 3.10 aeif_cond_alpha_multisynapse.

#include <array>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/aeif_common.hpp"
#include "roost/models/aeif_multisynapse_common.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

// Scalar fields, coefficients, checks and port routing: aeif_multisynapse::Fields.
struct aeif_cond_alpha_multisynapse : aeif_multisynapse::Fields {
  static constexpr const char* model_name = "aeif_cond_alpha_multisynapse";

  enum List : int { E_rev, tau_syn, dg, g };
  static constexpr int rise_list = tau_syn, decay_list = tau_syn;
  static constexpr std::array<ListGroupSpec, 1> list_groups{{
      {n_receptors, 1, aeif_multisynapse::max_ports,
       "The reversal potential, and synaptic time constant arrays must have the same size."},
  }};
  static constexpr std::array<ListSpec, 4> lists{{
      {"E_rev", 0.0, "mV", 0, ListRole::param},
      {"tau_syn", 2.0, "ms", 0, ListRole::param},
      {"dg", 0.0, "nS/ms", 0, ListRole::state},
      {"g", 0.0, "nS", 0, ListRole::state, "g_"},
  }};

  static const char* validate_lists(const double*, const std::vector<double>* l) {
    const std::vector<double>& tau = l[tau_syn];
    if (!multisynapse::all_positive(tau.data(), static_cast<int>(tau.size()))) {
      return "All synaptic time constants must be strictly positive";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<4>& l,
                                 const ListSoa<1>& cl, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    const int ports = static_cast<int>(p.col[n_receptors][i]);
    for (int k = 0; k < ports; ++k) cl.at(g0, k, i) = alpha_normalization(l.at(tau_syn, k, i));
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const ListSoa<4>& l,
                           const ListSoa<1>& cl, const InputCells& in) {
    return aeif_multisynapse::step<aeif_cond_alpha_multisynapse>(i, s, p, c, l, cl, in);
  }
};

}  // namespace roost::models
