// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Rules the leaky integrate-and-fire models share (NEST's checks and routing),
// written once.

#include "roost/hd.hpp"

namespace roost::models::iaf {

// Models with separate excitatory and inhibitory inputs (currents or
// conductances): NEST takes spikes on receptor 0 only and routes them by the
// sign of the weight. (Some NEST models send a zero weight to the inhibitory
// side, `weight > 0`; a zero weight adds nothing on either side.)
ROOST_HD inline int sign_routed_channel(int receptor_type, double weight, int excitatory, int inhibitory) {
  if (receptor_type != 0) return -1;
  return weight >= 0.0 ? excitatory : inhibitory;
}

// Threshold test of the grid-constrained iaf models, on V relative to E_L: at
// or above theta the neuron spikes, V goes to reset and the refractory counter
// starts. Returns the number of spikes (0 or 1).
ROOST_HD inline int fire_if_above(double& y, double theta, double reset, double& refractory_steps_left,
                                  double refractory_steps) {
  if (y < theta) return 0;
  refractory_steps_left = refractory_steps;
  y = reset;
  return 1;
}

// The membrane checks every iaf model makes; nullptr when all hold.
inline const char* check_membrane(double C_m, double tau_m, double t_ref, double V_reset, double V_th) {
  if (!(C_m > 0.0)) return "Capacitance (C_m) must be > 0.";
  if (!(tau_m > 0.0)) return "Membrane time constant (tau_m) must be > 0.";
  if (!(t_ref >= 0.0)) return "Refractory time (t_ref) must not be negative.";
  if (!(V_reset < V_th)) return "Reset potential (V_reset) must be smaller than threshold (V_th).";
  return nullptr;
}

inline const char* check_synapses(double tau_syn_ex, double tau_syn_in) {
  if (!(tau_syn_ex > 0.0) || !(tau_syn_in > 0.0)) return "Synaptic time constants must be > 0.";
  return nullptr;
}

inline const char* check_lower_bound(double V_min, double V_reset) {
  if (!(V_min <= V_reset)) return "Reset potential (V_reset) must not be below V_min.";
  return nullptr;
}

}  // namespace roost::models::iaf
