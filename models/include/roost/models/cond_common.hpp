// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Rules NEST's conductance-based point neurons share, written once.

#include "roost/hd.hpp"

namespace roost::models::cond {

// Spikes with positive weight open the excitatory conductance, the others the
// inhibitory one (NEST: `weight > 0`); the inhibitory channel's weights arrive
// negative and the model takes their magnitude. Receptor 0 only.
ROOST_HD inline int sign_routed_channel(int receptor_type, double weight, int excitatory, int inhibitory) {
  if (receptor_type != 0) return -1;
  return weight > 0.0 ? excitatory : inhibitory;
}

// NEST's checks of iaf_cond_*; nullptr when all hold.
inline const char* check_iaf_cond(double C_m, double t_ref, double V_reset, double V_th, double tau_syn_ex,
                                  double tau_syn_in) {
  if (!(V_reset < V_th)) return "Reset potential (V_reset) must be smaller than threshold (V_th).";
  if (!(C_m > 0.0)) return "Capacitance (C_m) must be strictly positive.";
  if (!(t_ref >= 0.0)) return "Refractory time (t_ref) cannot be negative.";
  if (!(tau_syn_ex > 0.0) || !(tau_syn_in > 0.0)) return "All time constants must be strictly positive.";
  return nullptr;
}

}  // namespace roost::models::cond
