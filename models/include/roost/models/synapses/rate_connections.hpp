// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// rate_connection_delayed and rate_connection_instantaneous: carry the rate
// of a rate model to another, scaled by the weight, with a delay or (without
// waveform relaxation) one min-delay slice late. They transmit no spikes: the
// kernel's rate transmission (core rate_transmission.hpp) delivers them.
// Reference: NEST 3.10 rate_connection_delayed, rate_connection_instantaneous.

#include <array>

#include "roost/synapse_model.hpp"

namespace roost::models {

struct rate_connection_delayed {
  static constexpr const char* model_name = "rate_connection_delayed";
  static constexpr SynapseTraits traits{.is_static = true, .rate_connection = kRateDelayed};
  enum Param : int { n_params };
  static constexpr std::array<FieldSpec, 0> params{};
  enum State : int { n_state };
  static constexpr std::array<FieldSpec, 0> state{};

  static const char* validate(const double*, const double*, double) { return nullptr; }

  // Never called for spikes (rate connections carry none); present for the synapse interface.
  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike&, const PostView&, double& sent_weight) {
    sent_weight = *syn.weight;
    return true;
  }
};

struct rate_connection_instantaneous : rate_connection_delayed {
  static constexpr const char* model_name = "rate_connection_instantaneous";
  static constexpr SynapseTraits traits{.is_static = true, .rate_connection = kRateInstantaneous};
};

}  // namespace roost::models
