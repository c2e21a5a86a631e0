// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// gif_psc_exp: generalized integrate-and-fire neuron (Mensi et al. 2012,
// Pozzorini et al. 2015) with exponentially decaying synaptic currents and
// escape noise (the family's rules: gif_common.hpp).
//
//   C_m dV/dt = -g_L (V - E_L) - I_stc + I_syn_ex + I_syn_in + I_e + I_stim
//   dI_syn_x/dt = -I_syn_x / tau_syn_x,  a spike of weight w (pA) adds w
//
// Positive weights go to I_syn_ex, negative ones to I_syn_in. Exact
// integration on the grid in NEST's order: the synaptic currents decay and take
// this step's spikes first, and V is propagated with those new currents.
// Reference: NEST 3.10 gif_psc_exp.

#include <array>
#include <cmath>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/gif_common.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/propagators.hpp"
#include "roost/ring_buffer.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct gif_psc_exp {
  static constexpr const char* model_name = "gif_psc_exp";

  enum Param : int { tau_syn_ex = gif::n_params, tau_syn_in, n_params };
  static constexpr std::array<FieldSpec, n_params> params = join_specs(gif::params, std::array<FieldSpec, 2>{{
      {"tau_syn_ex", 2.0, "ms"},
      {"tau_syn_in", 2.0, "ms"},
  }});

  enum State : int { I_syn_ex = gif::n_state, I_syn_in, n_state };
  static constexpr std::array<FieldSpec, n_state> state = join_specs(gif::state, std::array<FieldSpec, 2>{{
      {"I_syn_ex", 0.0, "pA", FieldType::Double, true},
      {"I_syn_in", 0.0, "pA", FieldType::Double, true},
  }});

  static constexpr auto list_groups = gif::list_groups;
  static constexpr auto lists = gif::lists;
  static constexpr int receptor_group = -1;  // receptor 0 only

  enum Coef : int { P11ex = gif::n_coef, P11in, P21ex, P21in, n_coef };
  static constexpr auto coef_list_groups = gif::coef_list_groups;

  static constexpr std::array<const char*, 5> recordables{"V_m", "E_sfa", "I_stc", "I_syn_ex", "I_syn_in"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool stochastic = true;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) {
    if (const char* problem = gif::validate(p)) return problem;
    if (!(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0)) return "Synapse time constants must be strictly positive.";
    return nullptr;
  }
  static const char* validate_lists(const double*, const std::vector<double>* l) { return gif::validate_kernels(l); }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<gif::n_lists>& l,
                                 const ListSoa<gif::n_coef_lists>& cl, double h) {
    gif::calibrate(i, p, c, l, cl, h);
    const double C = p.col[gif::C_m][i];
    const double tau_m = C / p.col[gif::g_L][i];
    c.col[P11ex][i] = std::exp(-h / p.col[tau_syn_ex][i]);
    c.col[P11in][i] = std::exp(-h / p.col[tau_syn_in][i]);
    c.col[P21ex][i] = propagator_exp_current(p.col[tau_syn_ex][i], tau_m, C, h);
    c.col[P21in][i] = propagator_exp_current(p.col[tau_syn_in][i], tau_m, C, h);
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c,
                           const ListSoa<gif::n_lists>& l, const ListSoa<gif::n_coef_lists>& cl, const InputCells& input,
                           RandomStream& noise) {
    gif::advance_kernels(i, s, p, l, cl);
    double& I_ex = s.col[I_syn_ex][i];
    double& I_in = s.col[I_syn_in][i];
    I_ex = I_ex * c.col[P11ex][i] + input.take(ex);
    I_in = I_in * c.col[P11in][i] + input.take(in);
    double V = s.col[gif::V_m][i];
    if (s.col[gif::refractory_steps_left][i] == 0.0) {
      V = c.col[gif::P30][i] * (s.col[gif::I_stim][i] + p.col[gif::I_e][i] - s.col[gif::I_stc][i]) +
          c.col[gif::P33][i] * V + c.col[gif::P31][i] * p.col[gif::E_L][i] + I_ex * c.col[P21ex][i] +
          I_in * c.col[P21in][i];
    }
    const int spikes = gif::fire_or_hold(i, s, p, c, l, V, noise);
    s.col[gif::V_m][i] = V;
    s.col[gif::I_stim][i] = input.current();
    return spikes;
  }
};

}  // namespace roost::models
