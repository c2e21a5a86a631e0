// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_psc_alpha_multisynapse: leaky integrate-and-fire neuron with any number
// of receptor ports, each an alpha-shaped current with its own time constant
// (tau_syn, one element per port).
//
//   dV/dt = -(V - E_L)/tau_m + (sum_k I_k + I_e + I_stim)/C_m,  V >= V_min
//   I_k(t) = w e/tau_syn[k] t exp(-t/tau_syn[k]) per spike of weight w on
//   port k+1 (peak w pA after tau_syn[k])
//
// Ports are numbered from 1 (receptor_type). Exact integration on the grid,
// as iaf_psc_alpha; I_syn (recordable) is the summed current, I_syn_k each
// port's. Reference: NEST 3.10 iaf_psc_alpha_multisynapse.

#include <array>
#include <limits>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/models/propagators.hpp"
#include "roost/ring_buffer.hpp"

namespace roost::models {

struct iaf_psc_alpha_multisynapse {
  static constexpr const char* model_name = "iaf_psc_alpha_multisynapse";

  enum Param : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, V_min, I_e, n_synapses, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"C_m", 250.0, "pF"},
      {"tau_m", 10.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"V_th", -55.0, "mV", FieldType::Double},
      {"V_reset", -70.0, "mV", FieldType::Double},
      {"V_min", -std::numeric_limits<double>::infinity(), "mV", FieldType::Double},
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

  // Per port: the current (y2) and its derivative term (y1).
  enum List : int { tau_syn, y2, y1 };
  static constexpr std::array<ListGroupSpec, 1> list_groups{{{n_synapses, 1}}};
  static constexpr std::array<ListSpec, 3> lists{{
      {"tau_syn", 2.0, "ms", 0, ListRole::param},
      {"y2_syn", 0.0, "pA", 0, ListRole::hidden_state, "I_syn_"},
      {"y1_syn", 0.0, "pA/ms", 0, ListRole::hidden_state},
  }};
  static constexpr int receptor_group = 0;

  enum Coef : int { P33, P30, refractory_steps, n_coef };
  enum CoefList : int { P11, P21, P31, P32, psc_norm };
  static constexpr std::array<int, 5> coef_list_groups{0, 0, 0, 0, 0};

  static constexpr std::array<const char*, 2> recordables{"V_m", "I_syn"};
  static constexpr int n_spike_channels = 0;  // set at run time: one per port
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double) { return multisynapse::port_channel(receptor_type); }

  static const char* validate(const double* p) {
    if (const char* problem = iaf::check_membrane(p[C_m], p[tau_m], p[t_ref], p[V_reset], p[V_th])) return problem;
    return iaf::check_lower_bound(p[V_min], p[V_reset]);
  }

  static const char* validate_lists(const double*, const std::vector<double>* l) {
    const std::vector<double>& tau = l[tau_syn];
    if (!multisynapse::all_positive(tau.data(), static_cast<int>(tau.size()))) {
      return "All synaptic time constants must be strictly positive.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<3>& l,
                                 const ListSoa<5>& cl, double h) {
    const double tau = p.col[tau_m][i];
    const double C = p.col[C_m][i];
    c.col[P33][i] = std::exp(-h / tau);
    c.col[P30][i] = -tau / C * std::expm1(-h / tau);
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    const int ports = static_cast<int>(p.col[n_synapses][i]);
    for (int k = 0; k < ports; ++k) {
      const double ts = l.at(tau_syn, k, i);
      cl.at(P11, k, i) = std::exp(-h / ts);
      cl.at(P21, k, i) = h * std::exp(-h / ts);
      cl.at(P31, k, i) = propagator_alpha_current(ts, tau, C, h);
      cl.at(P32, k, i) = propagator_exp_current(ts, tau, C, h);
      cl.at(psc_norm, k, i) = alpha_normalization(ts);  // a unit weight peaks at 1 pA
    }
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const ListSoa<3>& l,
                           const ListSoa<5>& cl, const InputCells& in) {
    const double E = p.col[E_L][i];
    const int ports = static_cast<int>(p.col[n_synapses][i]);
    double y = s.col[V_m][i] - E;
    if (s.col[refractory_steps_left][i] == 0.0) {
      y = c.col[P30][i] * (s.col[I_stim][i] + p.col[I_e][i]) + c.col[P33][i] * y;
      for (int k = 0; k < ports; ++k) y += cl.at(P31, k, i) * l.at(y1, k, i) + cl.at(P32, k, i) * l.at(y2, k, i);
      const double y_min = p.col[V_min][i] - E;
      if (y < y_min) y = y_min;
    } else {
      s.col[refractory_steps_left][i] -= 1.0;
    }
    double total = 0.0;
    for (int k = 0; k < ports; ++k) {
      double& current = l.at(y2, k, i);
      double& slope = l.at(y1, k, i);
      current = cl.at(P21, k, i) * slope + cl.at(P11, k, i) * current;
      slope = slope * cl.at(P11, k, i) + cl.at(psc_norm, k, i) * in.take(k);
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
