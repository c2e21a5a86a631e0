// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// THE list of built-in synapse models, beside the neuron list. The registry
// registers each entry (and NEST's _hpc and _lbl variants of it, see
// synapse_variants below); each backend instantiates every entry's delivery.

#include "roost/models/model_list.hpp"
#include "roost/models/synapses/diffusion_connection.hpp"
#include "roost/models/synapses/gap_junction.hpp"
#include "roost/models/synapses/rate_connections.hpp"
#include "roost/models/synapses/sic_connection.hpp"
#include "roost/models/synapses/static_synapse.hpp"
#include "roost/models/synapses/clopath_synapse.hpp"
#include "roost/models/synapses/ht_synapse.hpp"
#include "roost/models/synapses/stdp_dopamine_synapse.hpp"
#include "roost/models/synapses/stdp_nn.hpp"
#include "roost/models/synapses/stdp_pl_synapse_hom.hpp"
#include "roost/models/synapses/stdp_synapse.hpp"
#include "roost/models/synapses/stdp_triplet_synapse.hpp"
#include "roost/models/synapses/stochastic.hpp"
#include "roost/models/synapses/tsodyks.hpp"
#include "roost/models/synapses/urbanczik_synapse.hpp"
#include "roost/models/synapses/vogels_sprekeler.hpp"

namespace roost::models {

using SynapseModels =
    TypeList<static_synapse, static_synapse_hom_w, stdp_synapse, stdp_synapse_hom, stdp_pl_synapse_hom,
             stdp_triplet_synapse, stdp_nn_symm_synapse, stdp_nn_pre_centered_synapse, stdp_nn_restr_synapse,
             vogels_sprekeler_synapse, jonke_synapse, tsodyks_synapse, tsodyks_synapse_hom, tsodyks2_synapse,
             quantal_stp_synapse, bernoulli_synapse, ht_synapse, stdp_dopamine_synapse, clopath_synapse,
             rate_connection_delayed, rate_connection_instantaneous, gap_junction,
             diffusion_connection, sic_connection, urbanczik_synapse>;

// The default weight of a model (1 unless the model says otherwise).
template <class S>
constexpr double default_weight() {
  if constexpr (requires { S::default_weight; }) {
    return S::default_weight;
  } else {
    return 1.0;
  }
}

}  // namespace roost::models
