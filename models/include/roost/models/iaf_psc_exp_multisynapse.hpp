// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_psc_exp_multisynapse: leaky integrate-and-fire neuron with any number of
// receptor ports, each an exponentially decaying current with its own time
// constant (tau_syn, one element per port).
//
//   dV/dt       = -(V - E_L)/tau_m + (sum_k I_k + I_e + I_stim)/C_m
//   dI_k/dt     = -I_k/tau_syn[k],  a spike on port k+1 adds its weight (pA)
//
// Ports are numbered from 1 (receptor_type); weights of either sign go to
// the port named. Exact integration on the grid, as iaf_psc_exp; I_syn
// (recordable) is the summed current, I_syn_k each port's. Reference: NEST 3.10
// iaf_psc_exp_multisynapse.

#include <array>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/models/propagators.hpp"
#include "roost/ring_buffer.hpp"

namespace roost::models {

struct iaf_psc_exp_multisynapse {
  static constexpr const char* model_name = "iaf_psc_exp_multisynapse";

  enum Param : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, I_e, n_synapses, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"C_m", 250.0, "pF"},
      {"tau_m", 10.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"V_th", -55.0, "mV", FieldType::Double},
      {"V_reset", -70.0, "mV", FieldType::Double},
      {"I_e", 0.0, "pA"},
      {"n_synapses", 1.0, "", FieldType::Int},
  }};

  enum State : int { V_m, I_syn, refractory_steps_left, I_stim, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV", FieldType::Double},
      {"I_syn", 0.0, "pA", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
  }};

  enum List : int { tau_syn, i_syn };
  static constexpr std::array<ListGroupSpec, 1> list_groups{{{n_synapses, 1}}};
  static constexpr std::array<ListSpec, 2> lists{{
      {"tau_syn", 2.0, "ms", 0, ListRole::param},
      {"i_syn", 0.0, "pA", 0, ListRole::hidden_state, "I_syn_"},
  }};
  static constexpr int receptor_group = 0;

  enum Coef : int { P22, P20, refractory_steps, n_coef };
  enum CoefList : int { P11, P21 };
  static constexpr std::array<int, 2> coef_list_groups{0, 0};

  static constexpr std::array<const char*, 2> recordables{"V_m", "I_syn"};
  static constexpr int n_spike_channels = 0;  // set at run time: one per port
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double) { return multisynapse::port_channel(receptor_type); }

  static const char* validate(const double* p) {
    return iaf::check_membrane(p[C_m], p[tau_m], p[t_ref], p[V_reset], p[V_th]);
  }

  static const char* validate_lists(const double* p, const std::vector<double>* l) {
    const std::vector<double>& tau = l[tau_syn];
    if (!multisynapse::all_positive(tau.data(), static_cast<int>(tau.size()))) {
      return "All synaptic time constants must be strictly positive.";
    }
    for (double t : tau) {
      if (t == p[tau_m]) return "Membrane and synapse time constant(s) must differ. See note in documentation.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<2>& l,
                                 const ListSoa<2>& cl, double h) {
    const double tau = p.col[tau_m][i];
    const double C = p.col[C_m][i];
    c.col[P22][i] = std::exp(-h / tau);
    c.col[P20][i] = -tau / C * std::expm1(-h / tau);
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    const int ports = static_cast<int>(p.col[n_synapses][i]);
    for (int k = 0; k < ports; ++k) {
      const double ts = l.at(tau_syn, k, i);
      cl.at(P11, k, i) = std::exp(-h / ts);
      cl.at(P21, k, i) = propagator_exp_current(ts, tau, C, h);
    }
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const ListSoa<2>& l,
                           const ListSoa<2>& cl, const InputCells& in) {
    const double E = p.col[E_L][i];
    const int ports = static_cast<int>(p.col[n_synapses][i]);
    double y = s.col[V_m][i] - E;
    if (s.col[refractory_steps_left][i] == 0.0) {
      y = y * c.col[P22][i] + (p.col[I_e][i] + s.col[I_stim][i]) * c.col[P20][i];
      for (int k = 0; k < ports; ++k) y += cl.at(P21, k, i) * l.at(i_syn, k, i);
    } else {
      s.col[refractory_steps_left][i] -= 1.0;
    }
    // Currents decay, then this step's spikes act at once on them.
    double total = 0.0;
    for (int k = 0; k < ports; ++k) {
      double& current = l.at(i_syn, k, i);
      current = current * cl.at(P11, k, i) + in.take(k);
      total += current;
    }
    const int spikes = iaf::fire_if_above(y, p.col[V_th][i] - E, p.col[V_reset][i] - E,
                                          s.col[refractory_steps_left][i], c.col[refractory_steps][i]);
    s.col[I_stim][i] = in.current();
    s.col[V_m][i] = y + E;
    s.col[I_syn][i] = total;
    return spikes;
  }
};

}  // namespace roost::models
