// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// parrot_neuron: repeats every spike it receives on receptor 0, at the arrival
// time and with its multiplicity; weights are ignored. Spikes arriving on
// receptor 1 are accepted but not repeated (used to feed plastic synapses
// without driving the neuron). Reference: NEST 3.10 parrot_neuron.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"

namespace roost::models {

struct parrot_neuron {
  static constexpr const char* model_name = "parrot_neuron";

  enum Param : int { n_params };
  static constexpr std::array<FieldSpec, 0> params{};
  enum State : int { n_state };
  static constexpr std::array<FieldSpec, 0> state{};
  enum Coef : int { n_coef };

  static constexpr std::array<const char*, 0> recordables{};
  enum Channel : int { repeat, ignore, n_spike_channels };
  // Delivery adds the spike multiplicity (not the weight) into the channels.
  static constexpr bool counts_spikes = true;

  ROOST_HD static int spike_channel(int receptor_type, double /*weight*/) {
    return receptor_type == 0 ? repeat : receptor_type == 1 ? ignore : -1;
  }

  static const char* validate(const double*) { return nullptr; }

  ROOST_HD static void calibrate(Index, ConstSoa<0>, Soa<0>, double) {}

  ROOST_HD static int step(Index, Soa<0>, ConstSoa<0>, ConstSoa<0>, const double* input) {
    return static_cast<int>(input[repeat] + 0.5);
  }
};

}  // namespace roost::models
