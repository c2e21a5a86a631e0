// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Rules NEST's conductance-based point neurons share, written once.

#include <cmath>
#include <limits>

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

// NEST's normalisation of a beta-shaped conductance (rise tau_rise, decay
// tau_decay) so that a unit weight peaks at 1 nS: the alpha function's e/tau
// when the two time constants coincide.
ROOST_HD inline double beta_normalization_factor(double tau_rise, double tau_decay) {
  constexpr double eps = std::numeric_limits<double>::epsilon();
  const double tau_difference = tau_decay - tau_rise;
  double peak_value = 0.0;
  if (std::fabs(tau_difference) > eps) {
    const double t_peak = tau_decay * tau_rise * std::log(tau_decay / tau_rise) / tau_difference;
    peak_value = std::exp(-t_peak / tau_decay) - std::exp(-t_peak / tau_rise);
  }
  if (std::fabs(peak_value) < eps) return 2.718281828459045 / tau_decay;
  return (1.0 / tau_rise - 1.0 / tau_decay) / peak_value;
}

}  // namespace roost::models::cond
