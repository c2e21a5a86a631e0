// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_bw_2001_exact: leaky integrate-and-fire neuron with AMPA, GABA and NMDA
// synapses (Brunel and Wang 2001), each NMDA connection integrated on its own.
//
//   C_m dV/dt = -g_L (V - E_L) - I_AMPA - I_GABA - I_NMDA + I_stim
//   I_AMPA = (V - E_ex) s_AMPA,  I_GABA = (V - E_in) s_GABA,
//   I_NMDA = (V - E_ex) / (1 + [Mg2+] exp(-0.062 V) / 3.57) * sum_j w_j S_j
//   ds_AMPA/dt = -s_AMPA / tau_AMPA,  ds_GABA/dt = -s_GABA / tau_GABA
//   dS_j/dt = -S_j / tau_decay_NMDA + alpha x_j (1 - S_j)
//   dx_j/dt = -x_j / tau_rise_NMDA + sum_k delta(t - t_j^k)
//
// Receptors AMPA 1, GABA 2, NMDA 3. A spike on AMPA or GABA adds its weight
// to s_X. As in NEST, every connection made to NMDA gets a port of its own,
// numbered 3, 4, 5 ... per target in creation order (GetConnections shows
// that number as the connection's receptor), with its own pair (x_j, S_j):
// a spike adds its multiplicity to x_j, and the connection's weight w_j
// scales S_j in I_NMDA: the weight the first spike finds is kept, and a
// later spike over a connection whose weight has changed since stops the
// simulation ("requires constant weights"). NMDA connections can only be
// made to a neuron before its first Simulate (its ODE system is sized then).
// The whole system (3 + 2 per NMDA connection equations) is integrated with
// the adaptive RKF45 solver (absolute error gsl_error_tol on every
// component); after each step the step's spikes enter s_AMPA, s_GABA and the
// x_j, then the refractory clamp (V = V_reset for t_ref) or the threshold
// test V >= V_th. s_NMDA (recordable) is sum_j w_j S_j. Reference: NEST 3.10
// iaf_bw_2001_exact.

#include <array>
#include <cmath>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_bw_2001.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/ring_buffer.hpp"

namespace roost::models {

struct iaf_bw_2001_exact {
  static constexpr const char* model_name = "iaf_bw_2001_exact";

  // iaf_bw_2001's parameters, then the (hidden) number of NMDA connections.
  using Base = iaf_bw_2001;
  enum Param : int { n_nmda_connections = Base::n_params, n_params };
  static constexpr std::array<FieldSpec, n_params> params =
      join_specs(Base::params, std::array<FieldSpec, 1>{{{"n_nmda_connections", 0.0, "", FieldType::Int, true}}});

  // The solver's fixed-size vectors hold at most this many NMDA connections
  // per neuron (Connect refuses more, naming the limit).
  static constexpr int max_nmda_connections = 64;
  static constexpr int n_fixed_ode = 3;  // V_m, s_AMPA, s_GABA; then (x_j, S_j) per NMDA connection
  static constexpr int max_ode = n_fixed_ode + 2 * max_nmda_connections;

  enum State : int {
    V_m, s_AMPA, s_GABA, s_NMDA, I_AMPA, I_GABA, I_NMDA, refractory_steps_left, I_stim, substep, n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"s_AMPA", 0.0, "nS"},
      {"s_GABA", 0.0, "nS"},
      // NEST records these but does not report them in GetStatus.
      {"s_NMDA", 0.0, "nS", FieldType::Double, true},
      {"I_AMPA", 0.0, "pA", FieldType::Double, true},
      {"I_GABA", 0.0, "pA", FieldType::Double, true},
      {"I_NMDA", 0.0, "pA", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  // One element per NMDA connection: its rise and gating variables, the
  // weight that scales S_j (taken from the connection by its first spike, 0
  // until then, as NEST) and the connection's weight now (written by the
  // kernel at every prepare).
  enum List : int { x_nmda, S_nmda, w_nmda, w_connection };
  static constexpr std::array<ListGroupSpec, 1> list_groups{{{n_nmda_connections, 0, max_nmda_connections}}};
  static constexpr std::array<ListSpec, 4> lists{{
      {"x_NMDA", 0.0, "", 0, ListRole::hidden_state},
      {"S_NMDA", 0.0, "", 0, ListRole::hidden_state},
      {"w_NMDA", 0.0, "", 0, ListRole::hidden_state},
      {"w_connection", 0.0, "", 0, ListRole::hidden_state},
  }};
  // The ring has AMPA and GABA, then one channel per NMDA connection.
  static constexpr int receptor_group = 0;
  static constexpr int per_connection_receptor = 3;
  static constexpr int connection_weight_list = w_connection;

  enum Coef : int { resolution, refractory_steps, n_coef };
  static constexpr std::array<int, 0> coef_list_groups{};

  static constexpr std::array<const char*, 7> recordables{"V_m", "s_AMPA", "s_GABA", "s_NMDA", "I_NMDA", "I_AMPA",
                                                           "I_GABA"};
  static constexpr std::array<const char*, 3> receptor_names{"AMPA", "GABA", "NMDA"};
  enum Channel : int { AMPA, GABA, first_nmda, n_spike_channels = first_nmda };
  static constexpr bool counts_spikes = false;

  // Receptor 3 + j is NMDA connection j (Connect numbers them).
  ROOST_HD static int spike_channel(int receptor_type, double) { return receptor_type >= 1 ? receptor_type - 1 : -1; }
  // NMDA connections deliver spike counts: their weight scales S_j instead.
  ROOST_HD static bool counts_receptor(int receptor_type) { return receptor_type >= per_connection_receptor; }

  static const char* validate(const double* p) { return Base::validate(p); }
  static const char* validate_lists(const double*, const std::vector<double>*) { return nullptr; }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<4>&, const ListSoa<0>&,
                                 double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[Base::t_ref][i], h);
  }

  struct Rhs {
    double E_L, E_ex, E_in, C_m, g_L, tau_AMPA, tau_GABA, tau_rise, tau_decay, alpha, conc_Mg2, I_stim;
    const double* weight;  // per NMDA connection
    int dim;
    ROOST_HD double nmda_gating(const double* y) const {
      double sum = 0.0;
      for (int k = n_fixed_ode, j = 0; k < dim; k += 2, ++j) sum += y[k + 1] * weight[j];
      return sum;
    }
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double V = y[0];
      const double I_syn = (V - E_ex) * y[1] + (V - E_in) * y[2] +
                           (V - E_ex) / (1.0 + conc_Mg2 * std::exp(-0.062 * V) / 3.57) * nmda_gating(y);
      f[0] = (-g_L * (V - E_L) - I_syn + I_stim) / C_m;
      f[1] = -y[1] / tau_AMPA;
      f[2] = -y[2] / tau_GABA;
      for (int k = n_fixed_ode; k < dim; k += 2) {
        f[k] = -y[k] / tau_rise;
        f[k + 1] = -y[k + 1] / tau_decay + alpha * y[k] * (1.0 - y[k + 1]);
      }
    }
  };

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const ListSoa<4>& l,
                           const ListSoa<0>&, const InputCells& in) {
    using B = Base;
    const int ports = static_cast<int>(p.col[n_nmda_connections][i]);
    double weight[max_nmda_connections > 0 ? max_nmda_connections : 1];
    double y[max_ode];
    y[0] = s.col[V_m][i];
    y[1] = s.col[s_AMPA][i];
    y[2] = s.col[s_GABA][i];
    for (int j = 0; j < ports; ++j) {
      weight[j] = l.at(w_nmda, j, i);
      y[n_fixed_ode + 2 * j] = l.at(x_nmda, j, i);
      y[n_fixed_ode + 2 * j + 1] = l.at(S_nmda, j, i);
    }
    const Rhs rhs{p.col[B::E_L][i], p.col[B::E_ex][i], p.col[B::E_in][i], p.col[B::C_m][i], p.col[B::g_L][i],
                  p.col[B::tau_AMPA][i], p.col[B::tau_GABA][i], p.col[B::tau_rise_NMDA][i],
                  p.col[B::tau_decay_NMDA][i], p.col[B::alpha][i], p.col[B::conc_Mg2][i], s.col[I_stim][i],
                  weight, n_fixed_ode + 2 * ports};
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    ode::integrate_step<max_ode>(rhs, ode::ErrorControl::on_values(p.col[B::gsl_error_tol][i], 0.0), h,
                                 substep_size, y);
    s.col[substep][i] = substep_size;
    // NEST's recorded currents come from its last right-hand-side evaluation:
    // the integrated state, before this step's spikes, reset or clamp.
    const double V = y[0];
    const double gating = rhs.nmda_gating(y);
    s.col[s_NMDA][i] = gating;
    s.col[I_AMPA][i] = (V - p.col[B::E_ex][i]) * y[1];
    s.col[I_GABA][i] = (V - p.col[B::E_in][i]) * y[2];
    s.col[I_NMDA][i] = (V - p.col[B::E_ex][i]) / (1.0 + p.col[B::conc_Mg2][i] * std::exp(-0.062 * V) / 3.57) * gating;
    y[1] += in.take(AMPA);
    y[2] += in.take(GABA);
    for (int j = 0; j < ports; ++j) {
      const double count = in.take(first_nmda + j);
      if (count == 0.0) continue;
      y[n_fixed_ode + 2 * j] += count;
      // NEST: the first spike fixes the weight that scales S_j; a later spike
      // over a connection whose weight has changed since is an error.
      double& w = l.at(w_nmda, j, i);
      if (w == 0.0) {
        w = l.at(w_connection, j, i);
      } else if (w != l.at(w_connection, j, i)) {
        return ode::inconstant_weight;
      }
    }
    double& r = s.col[refractory_steps_left][i];
    int spikes = 0;
    if (r > 0.0) {
      r -= 1.0;
      y[0] = p.col[B::V_reset][i];
    } else if (y[0] >= p.col[B::V_th][i]) {
      r = c.col[refractory_steps][i];
      y[0] = p.col[B::V_reset][i];
      spikes = 1;
    }
    s.col[V_m][i] = y[0];
    s.col[s_AMPA][i] = y[1];
    s.col[s_GABA][i] = y[2];
    for (int j = 0; j < ports; ++j) {
      l.at(x_nmda, j, i) = y[n_fixed_ode + 2 * j];
      l.at(S_nmda, j, i) = y[n_fixed_ode + 2 * j + 1];
    }
    s.col[I_stim][i] = in.current();
    return spikes;
  }
};

}  // namespace roost::models