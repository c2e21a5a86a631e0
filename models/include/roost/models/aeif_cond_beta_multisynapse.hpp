// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// aeif_cond_beta_multisynapse: adaptive exponential integrate-and-fire neuron
// (AdEx) with any number of receptor ports (up to 16 in Roost), each a
// beta-shaped conductance with its own reversal potential E_rev, rise time
// tau_rise and decay time tau_decay (lists, one element per port).
//
// A spike of weight w (nS, w >= 0) on port k adds w g0_k to dg_k, with g0_k
// normalising the conductance to peak at w (NEST's beta normalisation).
// Equations and step: aeif_multisynapse_common.hpp. Recordables V_m, w and
// g_1, g_2, ... Reference: NEST 3.10 aeif_cond_beta_multisynapse.

#include <array>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/aeif_common.hpp"
#include "roost/models/aeif_multisynapse_common.hpp"
#include "roost/models/cond_common.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

// Scalar fields, coefficients, checks and port routing: aeif_multisynapse::Fields.
struct aeif_cond_beta_multisynapse : aeif_multisynapse::Fields {
  static constexpr const char* model_name = "aeif_cond_beta_multisynapse";

  enum List : int { E_rev, tau_rise, tau_decay, dg, g };
  static constexpr int rise_list = tau_rise, decay_list = tau_decay;
  static constexpr std::array<ListGroupSpec, 1> list_groups{{
      {n_receptors, 1, aeif_multisynapse::max_ports,
       "The reversal potential, synaptic rise time and synaptic decay time arrays must have the same size."},
  }};
  static constexpr std::array<ListSpec, 5> lists{{
      {"E_rev", 0.0, "mV", 0, ListRole::param},
      {"tau_rise", 2.0, "ms", 0, ListRole::param},
      {"tau_decay", 20.0, "ms", 0, ListRole::param},
      {"dg", 0.0, "nS/ms", 0, ListRole::state},
      {"g", 0.0, "nS", 0, ListRole::state, "g_"},
  }};

  static const char* validate_lists(const double*, const std::vector<double>* l) {
    const std::vector<double>& rise = l[tau_rise];
    const std::vector<double>& decay = l[tau_decay];
    if (!multisynapse::all_positive(rise.data(), static_cast<int>(rise.size())) ||
        !multisynapse::all_positive(decay.data(), static_cast<int>(decay.size()))) {
      return "All synaptic time constants must be strictly positive";
    }
    for (std::size_t k = 0; k < rise.size(); ++k) {
      if (decay[k] < rise[k]) return "Synaptic rise time must be smaller than or equal to decay time.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<5>& l,
                                 const ListSoa<1>& cl, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    const int ports = static_cast<int>(p.col[n_receptors][i]);
    for (int k = 0; k < ports; ++k) cl.at(g0, k, i) = cond::beta_normalization_factor(l.at(tau_rise, k, i), l.at(tau_decay, k, i));
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const ListSoa<5>& l,
                           const ListSoa<1>& cl, const InputCells& in) {
    return aeif_multisynapse::step<aeif_cond_beta_multisynapse>(i, s, p, c, l, cl, in);
  }
};

}  // namespace roost::models
