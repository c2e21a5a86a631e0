// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// NEST's slow inward current (SICEvent) between an astrocyte and a neuron.
// The astrocyte (sends_sic) sends one value per step, carried by
// sic_connection on the kernel's rate transmission (rate_transmission.hpp),
// which adds weight x value into the target's SIC channel of step n + delay.
// That channel is the one the target's spike_channel gives for kSicReceptor,
// an internal port that no user connection can name (receptor types are >= 0).

#include "roost/hd.hpp"

namespace roost::models::sic {

// The port the delivery planner asks a target's spike_channel for, for
// sic_connection (the connection itself stores NEST's receptor_type 0).
inline constexpr int kSicReceptor = -2;

// Returned by astrocyte_lr_1994's step when a spike of negative weight arrives:
// the kernel raises NEST's KernelException naming the model.
inline constexpr int negative_spike_weight = -3;

}  // namespace roost::models::sic

namespace roost::models {

// Whether model M sends a slow inward current (its rate_out_field, per step).
template <class M>
constexpr bool sends_sic() {
  if constexpr (requires { M::sends_sic; }) {
    return M::sends_sic;
  } else {
    return false;
  }
}

// Whether model M takes a slow inward current (spike_channel(kSicReceptor, w) >= 0).
template <class M>
constexpr bool accepts_sic() {
  if constexpr (requires { M::accepts_sic; }) {
    return M::accepts_sic;
  } else {
    return false;
  }
}

}  // namespace roost::models
