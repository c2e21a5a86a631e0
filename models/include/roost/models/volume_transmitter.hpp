// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// volume_transmitter: collects the spikes of a neuromodulating population
// (dopamine) for the synapses that name it (stdp_dopamine_synapse's common
// property `volume_transmitter`). It emits nothing a Connect can route: each
// step in which spikes arrive it passes their count on as one neuromodulator
// spike at the arrival time; the kernel gathers those and hands them to the
// synapses every deliver_interval min-delay slices (NEST's
// trigger_update_weight). Weights of incoming connections are ignored, as in
// NEST. Reference: NEST 3.10 volume_transmitter.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"

namespace roost::models {

struct volume_transmitter {
  static constexpr const char* model_name = "volume_transmitter";
  // Its spikes are neuromodulator spikes: kept from Connect as a source.
  static constexpr bool neuromodulator_source = true;

  enum Param : int { deliver_interval, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{{"deliver_interval", 1.0, "min-delay slices", FieldType::Int}}};
  enum State : int { n_state };
  static constexpr std::array<FieldSpec, 0> state{};
  enum Coef : int { n_coef };

  static constexpr std::array<const char*, 0> recordables{};
  enum Channel : int { collect, n_spike_channels };
  static constexpr bool counts_spikes = true;

  ROOST_HD static int spike_channel(int receptor_type, double /*weight*/) { return receptor_type == 0 ? collect : -1; }

  static const char* validate(const double* p) {
    return p[deliver_interval] >= 1.0 ? nullptr : "deliver_interval must be >= 1.";
  }

  ROOST_HD static void calibrate(Index, ConstSoa<n_params>, Soa<0>, double) {}

  ROOST_HD static int step(Index, Soa<0>, ConstSoa<n_params>, ConstSoa<0>, const double* input) {
    return static_cast<int>(input[collect] + 0.5);
  }
};

}  // namespace roost::models
