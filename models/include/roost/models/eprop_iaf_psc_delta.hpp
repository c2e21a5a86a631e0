// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// eprop_iaf_psc_delta: NEST 3.10's current-based leaky integrate-and-fire neuron with delta-shaped
// postsynaptic currents, iaf_psc_delta's reset and refractoriness, for e-prop
// plasticity.
//
// Per step, with v = V_m - E_L (NEST's update):
//   if r == 0:  v <- P_i_in (i_in + I_e) + P_v_m v + z_in (+ the input kept
//               while refractory, with refractory_input), v >= V_min - E_L
//   else:       (refractory_input: keep z_in exp(-r h/tau_m)), r <- r - 1
//   psi <- surrogate_gradient(r, v, V_th)
//   if v >= V_th (or the ignore-and-spike countdown says so):
//               spike, r <- round(t_ref/h), v <- V_reset - E_L
//   i_in <- (step current read now)
// with P_v_m = exp(-h/tau_m), P_i_in = tau_m/C_m (1 - P_v_m).
// Without eprop_synapse (not in Roost yet) there is no e-prop history:
// learning_signal and eprop_history_duration stay 0, NEST's
// eprop_indegree == 0 case. The step: eprop_iaf_psc_delta_common.hpp.

#include "roost/models/eprop_iaf_psc_delta_common.hpp"

namespace roost::models {

struct eprop_iaf_psc_delta : eprop_iaf_psc_delta_t<false> {
  static constexpr const char* model_name = "eprop_iaf_psc_delta";
};

}  // namespace roost::models
