// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// sic_connection: carries an astrocyte's slow inward current (NEST's
// SICEvent) to a neuron that takes it (aeif_cond_alpha_astro), scaled by the
// weight, with a delay: the SIC of step n is read by the target in step
// n + delay. It transmits no spikes: the kernel's rate transmission
// (rate_transmission.hpp) delivers it, into the target's SIC channel
// (sic_common.hpp). Reference: NEST 3.10 sic_connection.

#include "roost/models/synapses/static_synapse.hpp"
#include "roost/synapse_model.hpp"

namespace roost::models {

struct sic_connection : static_synapse {
  static constexpr const char* model_name = "sic_connection";
  static constexpr SynapseTraits traits{.is_static = true, .rate_connection = kRateDelayed | kSicConnection};
};

}  // namespace roost::models
