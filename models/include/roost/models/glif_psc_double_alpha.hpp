// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// glif_psc_double_alpha: generalized leaky integrate-and-fire neuron (GLIF
// 1-5 of Teeter et al. 2018) whose synaptic current on each receptor port is
// the sum of a fast and a slow alpha function (lists tau_syn_fast,
// tau_syn_slow, amp_slow, one element per port, ports numbered from 1;
// weights of either sign).
//
//   C_m dU/dt = -g U + I_syn + I_ASC + I_stim          (U = V_m - E_L)
//   I_syn = sum_k (y2f_k + y2s_k),  each pair (y1, y2) an alpha kernel:
//   dy1/dt = -y1/tau,  dy2/dt = y1 - y2/tau   (tau = tau_syn_fast[k] or tau_syn_slow[k])
//
// A spike of weight w on port k adds w e/tau_syn_fast[k] to y1f_k and
// w amp_slow[k] e/tau_syn_slow[k] to y1s_k: the fast part of a unit weight
// peaks at 1 pA, the slow one at amp_slow[k] pA.
//
// The flags select NEST's GLIF 1-5 (lif, lif_r, lif_asc, lif_r_asc,
// lif_r_asc_a; other combinations are refused), U_old is U at the start of
// the step:
//   spike_dependent_threshold (R): threshold_spike decays with rate th_spike_decay;
//     at a spike threshold_spike = threshold_spike exp(-th_spike_decay t_ref) + th_spike_add
//     and U = voltage_reset_fraction U_old + voltage_reset_add (without R: U = V_reset - E_L)
//   after_spike_currents (ASC): I_ASC = sum_j I_j, each decaying with rate asc_decay[j];
//     at a spike I_j = asc_amps[j] + asc_r[j] exp(-asc_decay[j] t_ref) I_j
//   adapting_threshold (A): d threshold_voltage/dt = th_voltage_index U - th_voltage_decay threshold_voltage
//   spike: U > V_th - E_L + threshold_spike + threshold_voltage at the end of the step
//
// NEST's update, as glif_psc's: outside t_ref, threshold_spike and the ASCs
// decay, U is propagated exactly from the step's start with the ASC mean over
// the step (fast currents of all ports, then slow ones), the
// voltage-dependent threshold with U_old, and U > threshold is tested; the
// currents then advance and this step's spikes enter. During t_ref V_m, the
// threshold and the ASCs are held. The recordable I_syn (fast + slow) is
// one step behind V_m and, like ASCurrents_sum, held during t_ref.
// Reference: NEST 3.10 glif_psc_double_alpha.

#include <array>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/glif_common.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/ring_buffer.hpp"

namespace roost::models {

struct glif_psc_double_alpha {
  static constexpr const char* model_name = "glif_psc_double_alpha";

  using Param = glif::Param;
  static constexpr int n_params = glif::n_params;
  static constexpr std::array<FieldSpec, n_params> params = glif::Params<false>::params;

  enum State : int { I_syn = glif::n_common_state, n_state };
  static constexpr std::array<FieldSpec, n_state> state =
      glif::with_common_state<1>({{{"I_syn", 0.0, "pA", FieldType::Double, true}}});

  enum List : int { tau_syn_fast = glif::n_asc_lists, tau_syn_slow, amp_slow, y1_fast, y2_fast, y1_slow, y2_slow,
                    n_lists };
  static constexpr std::array<ListGroupSpec, 2> list_groups{{
      {glif::n_receptors, 1, 0, "tau_syn_fast, tau_syn_slow and amp_slow must have the same size (one element per receptor port)."},
      glif::asc_group_spec,
  }};
  static constexpr std::array<ListSpec, 7> port_lists{{
      {"tau_syn_fast", 2.0, "ms", glif::port_group, ListRole::param},
      {"tau_syn_slow", 6.0, "ms", glif::port_group, ListRole::param},
      {"amp_slow", 0.3, "", glif::port_group, ListRole::param},
      {"y1_fast", 0.0, "pA/ms", glif::port_group, ListRole::hidden_state},
      {"y2_fast", 0.0, "pA", glif::port_group, ListRole::hidden_state},
      {"y1_slow", 0.0, "pA/ms", glif::port_group, ListRole::hidden_state},
      {"y2_slow", 0.0, "pA", glif::port_group, ListRole::hidden_state},
  }};
  static constexpr std::array<ListSpec, n_lists> lists = glif::with_asc_lists(port_lists);
  static constexpr int receptor_group = glif::port_group;

  enum Coef : int { P33 = glif::n_common_coef, P30, n_coef };
  // Per port, the fast kernel's coefficient lists, then the slow one's.
  enum CoefList : int {
    fast_first = glif::n_asc_coef_lists,
    slow_first = fast_first + glif::AlphaCurrent::n_coef_lists,
    n_coef_lists = slow_first + glif::AlphaCurrent::n_coef_lists
  };
  // Returned by value, not static members: device code may not read a host object.
  ROOST_HD static constexpr glif::AlphaCurrent fast_current() { return {y1_fast, y2_fast, fast_first}; }
  ROOST_HD static constexpr glif::AlphaCurrent slow_current() { return {y1_slow, y2_slow, slow_first}; }
  static constexpr std::array<int, n_coef_lists> coef_list_groups{
      glif::asc_group,  glif::asc_group,  glif::asc_group,  glif::port_group, glif::port_group, glif::port_group,
      glif::port_group, glif::port_group, glif::port_group, glif::port_group, glif::port_group, glif::port_group,
      glif::port_group};

  static constexpr std::array<const char*, 7> recordables{"V_m",       "ASCurrents_sum",  "I",
                                                          "I_syn",     "threshold",       "threshold_spike",
                                                          "threshold_voltage"};
  static constexpr int n_spike_channels = 0;  // set at run time: one per port
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double) { return multisynapse::port_channel(receptor_type); }

  static const char* validate(const double* p) { return glif::check_params(p, false); }
  static const char* validate_key(const double* p, const char* key) { return glif::check_key(p, key); }

  static const char* validate_lists(const double* p, const std::vector<double>* l) {
    if (const char* problem = glif::check_asc_lists(p, l)) return problem;
    if (!glif::all_positive(l[tau_syn_fast])) return "All synaptic time constants must be strictly positive.";
    if (!glif::all_positive(l[tau_syn_slow])) return "All slow synaptic time constants must be strictly positive.";
    if (!glif::all_positive(l[amp_slow])) return "All slow synaptic amplitudes must be strictly positive.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<n_lists>& l,
                                 const ListSoa<n_coef_lists>& cl, double h) {
    glif::calibrate_common(i, p, c, l, cl, h);
    glif::calibrate_membrane(i, p, c, h, P33, P30);
    const double C = p.col[glif::C_m][i];
    const double tau = C / p.col[glif::g][i];
    const int ports = static_cast<int>(p.col[glif::n_receptors][i]);
    for (int k = 0; k < ports; ++k) {
      fast_current().calibrate(cl, k, i, l.at(tau_syn_fast, k, i), tau, C, h, 1.0);
      slow_current().calibrate(cl, k, i, l.at(tau_syn_slow, k, i), tau, C, h, l.at(amp_slow, k, i));
    }
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c,
                           const ListSoa<n_lists>& l, const ListSoa<n_coef_lists>& cl, const InputCells& in) {
    const double E = p.col[glif::E_L][i];
    const int ports = static_cast<int>(p.col[glif::n_receptors][i]);
    const double U_old = s.col[glif::V_m][i] - E;
    const double input = s.col[glif::I][i];
    double U;
    int spikes = 0;
    if (s.col[glif::refractory_steps_left][i] == 0.0) {
      const double asc_sum = glif::begin_step(i, s, p, c, l, cl);
      U = U_old * c.col[P33][i] + (input + asc_sum) * c.col[P30][i];
      double fast = 0.0, slow = 0.0;
      for (int k = 0; k < ports; ++k) {
        U += fast_current().drive(l, cl, k, i);
        fast += l.at(y2_fast, k, i);
      }
      for (int k = 0; k < ports; ++k) {
        U += slow_current().drive(l, cl, k, i);
        slow += l.at(y2_slow, k, i);
      }
      s.col[I_syn][i] = fast + slow;
      spikes = glif::finish_step(i, s, p, c, l, cl, U_old, input, asc_sum, U);
    } else {
      U = glif::hold_refractory(i, s, p, U_old);
    }
    for (int k = 0; k < ports; ++k) {
      const double spikes = in.take(k);
      fast_current().advance(l, cl, k, i, spikes);
      slow_current().advance(l, cl, k, i, spikes);
    }
    s.col[glif::I][i] = in.current();
    s.col[glif::V_m][i] = U + E;
    return spikes;
  }
};

}  // namespace roost::models
