// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// gap_junction: an electrical synapse between two gap-junction neurons
// (hh_psc_alpha_gap, hh_cond_beta_gap_traub). It has a weight (the coupling
// conductance, nS) and no delay; Connect makes it in both directions
// (make_symmetric, or all_to_all within one population), as NEST requires.
// It transmits no spikes: the kernel's rate transmission carries the
// neurons' membrane potentials (rate_transmission.hpp, gap_junction_common.hpp).
// Reference: NEST 3.10 gap_junction.

#include "roost/models/synapses/static_synapse.hpp"
#include "roost/synapse_model.hpp"

namespace roost::models {

struct gap_junction : static_synapse {
  static constexpr const char* model_name = "gap_junction";
  static constexpr SynapseTraits traits{.is_static = true, .rate_connection = kGapJunction, .requires_symmetric = true};
};

}  // namespace roost::models
