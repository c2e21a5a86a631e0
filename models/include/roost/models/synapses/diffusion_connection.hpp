// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// diffusion_connection: carries the rate of a siegert_neuron to another as
// drift (drift_factor x rate) and variance (diffusion_factor x rate) of its
// input, instantaneously (solved by waveform relaxation). It has no weight
// and no delay, as NEST's. The kernel's rate transmission delivers it
// (rate_transmission.hpp): two instantaneous entries, one per channel.
// Reference: NEST 3.10 diffusion_connection.

#include <array>

#include "roost/models/synapses/static_synapse.hpp"
#include "roost/synapse_model.hpp"

namespace roost::models {

struct diffusion_connection : static_synapse {
  static constexpr const char* model_name = "diffusion_connection";
  static constexpr SynapseTraits traits{.is_static = true, .rate_connection = kDiffusion};
  static constexpr double default_weight = 0.0;
  enum Param : int { drift_factor, diffusion_factor, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"drift_factor", 1.0, "mV s"},
      {"diffusion_factor", 1.0, "mV^2 s"},
  }};
};

}  // namespace roost::models
