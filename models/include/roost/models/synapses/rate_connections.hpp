// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// rate_connection_delayed and rate_connection_instantaneous: carry the rate
// of a rate model to another, scaled by the weight, with a delay or (without
// waveform relaxation) one min-delay slice late. They transmit no spikes: the
// kernel's rate transmission (core rate_transmission.hpp) delivers them.
// Reference: NEST 3.10 rate_connection_delayed, rate_connection_instantaneous.

#include "roost/models/synapses/static_synapse.hpp"
#include "roost/synapse_model.hpp"

namespace roost::models {

// Spike delivery never runs for them; static_synapse gives the synapse interface.
struct rate_connection_delayed : static_synapse {
  static constexpr const char* model_name = "rate_connection_delayed";
  static constexpr SynapseTraits traits{.is_static = true, .rate_connection = kRateDelayed};
};

struct rate_connection_instantaneous : rate_connection_delayed {
  static constexpr const char* model_name = "rate_connection_instantaneous";
  static constexpr SynapseTraits traits{.is_static = true, .rate_connection = kRateInstantaneous};
};

}  // namespace roost::models
