// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What the neurons made for Clopath plasticity share (NEST's
// ClopathArchivingNode): the low-pass filtered membrane potentials the
// Clopath synapse reads, and the plasticity parameters the neuron holds.
//
//   du_bar_plus/dt  = (V - u_bar_plus) / tau_u_bar_plus
//   du_bar_minus/dt = (V - u_bar_minus) / tau_u_bar_minus
//   du_bar_bar/dt   = (u_bar_minus - u_bar_bar) / tau_u_bar_bar
//
// The parameters A_LTD, A_LTP, u_ref_squared, theta_plus, theta_minus,
// A_LTD_const and delay_u_bars are kept, set and checked as NEST does
// (u_ref_squared > 0); they act through the neuron's Clopath history, which
// clopath_synapse reads (roost/clopath_history.hpp: the LTP entries and LTD
// values, the delay of the traces by delay_u_bars).

#include <array>
#include <cstddef>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"

namespace roost::models::clopath {

// The archiving node's parameters, appended to a model's own (in this order).
inline constexpr int n_archiving_params = 7;
inline constexpr std::array<FieldSpec, n_archiving_params> archiving_params{{
    {"A_LTD", 14.0e-5, ""},
    {"A_LTP", 8.0e-5, ""},
    {"u_ref_squared", 60.0, "mV^2"},
    {"theta_plus", -45.3, "mV"},
    {"theta_minus", -70.6, "mV"},
    {"A_LTD_const", 1.0, "", FieldType::Bool},
    {"delay_u_bars", 5.0, "ms"},
}};

// A model's own parameters followed by the archiving node's.
template <std::size_t N>
constexpr std::array<FieldSpec, N + n_archiving_params> with_archiving_params(const std::array<FieldSpec, N>& own) {
  return join_specs(own, archiving_params);
}

// NEST's check of the archiving node (after the model's own); `first` is the
// index of A_LTD in the model's parameters.
inline const char* check_archiving(const double* p, int first) {
  if (p[first + 2] <= 0.0) return "Ensure that u_ref_squared > 0";
  return nullptr;
}

// The three traces' time constants, and their derivatives at membrane
// potential V: u[0..2] = u_bar_plus, u_bar_minus, u_bar_bar (consecutive in
// the ODE state), f the same three derivatives.
struct Traces {
  double tau_plus, tau_minus, tau_bar_bar;
  ROOST_HD void derivatives(double V, const double* u, double* f) const {
    f[0] = (-u[0] + V) / tau_plus;
    f[1] = (-u[1] + V) / tau_minus;
    f[2] = (-u[2] + u[1]) / tau_bar_bar;
  }
};

}  // namespace roost::models::clopath
