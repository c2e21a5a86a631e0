// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// parrot_neuron_ps: repeats every spike it receives on receptor 0 at its
// precise time (stamp and offset) and with its multiplicity; weights are
// ignored, spikes on receptor 1 are accepted and not repeated (NEST 3.10's
// parrot_neuron_ps). Several spikes within one step are all sent, each with
// its own offset, in time order (precise_events.hpp repeat_events): the step
// only counts them; the backend sends the events of the step's sorted block.
// Poisson generators' spikes arrive as counts at the end of the step (offset 0).

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/precise_events.hpp"

namespace roost::models {

struct parrot_neuron_ps {
  static constexpr const char* model_name = "parrot_neuron_ps";

  enum Param : int { n_params };
  static constexpr std::array<FieldSpec, 0> params{};
  enum State : int { n_state };
  static constexpr std::array<FieldSpec, 0> state{};
  enum Coef : int { n_coef };
  static constexpr std::array<const char*, 0> recordables{};
  enum Channel : int { repeat, ignore, n_spike_channels };
  static constexpr bool counts_spikes = true;   // generator input: counts, not weights
  static constexpr bool precise_input = true;   // spikes as (offset, multiplicity) events
  static constexpr bool repeats_events = true;  // sends them again as its spikes

  ROOST_HD static int spike_channel(int receptor_type, double /*weight*/) {
    return receptor_type == 0 ? repeat : receptor_type == 1 ? ignore : -1;
  }
  static const char* validate(const double*) { return nullptr; }
  ROOST_HD static void calibrate(Index, ConstSoa<0>, Soa<0>, double) {}

  // The step's spikes: the events' multiplicities (receptor 1's events carry
  // 0) and the generators' count on receptor 0.
  ROOST_HD static int step(Index, Soa<0>, ConstSoa<0>, ConstSoa<0>, const double* input, const PreciseEvent* events,
                           int n_events) {
    int total = static_cast<int>(input[repeat] + 0.5);
    for (int k = 0; k < n_events; ++k) total += static_cast<int>(events[k].weight + 0.5);
    return total;
  }
};

}  // namespace roost::models
