// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What a synapse model is, for both backends. A synapse model is one header in
// models/include/roost/models/synapses/ with a struct like
//
//   struct stdp_synapse {
//     static constexpr const char* model_name = "stdp_synapse";
//     static constexpr SynapseTraits traits{.reads_post_history = true};
//     enum Param : int { tau_plus, lambda, ..., n_params };   // NEST's parameter names
//     static constexpr std::array<FieldSpec, n_params> params{...};
//     enum State : int { Kplus, n_state };                    // per-connection state
//     static constexpr std::array<FieldSpec, n_state> state{...};
//     static const char* validate(const double* p, const double* s, double weight);
//     ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView& post,
//                                 double& sent_weight);
//     // only with traits.neuromodulated (stdp_dopamine_synapse):
//     ROOST_HD static void on_neuromodulation(SynapseRef syn, const NeuromodulatorSpikes& spikes,
//                                             double t_trig, double delay, const PostView& post);
//   };
//
// listed once in models/synapse_list.hpp. The kernel's registry takes names,
// defaults, units and checks from it; each backend's delivery calls on_pre
// (roost/plastic_delivery.hpp) for every presynaptic spike, in time order per
// connection, exactly as NEST's Connection::send; models with a neuromodulator
// also get on_neuromodulation whenever their volume_transmitter hands over its
// spikes (NEST's trigger_update_weight).

#include <cstdint>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/post_history.hpp"
#include "roost/rng.hpp"

namespace roost {

struct SynapseTraits {
  // Parameters are common to all connections of a (copied) model: NEST's _hom
  // models; set with SetDefaults/CopyModel only, Connect refuses them.
  bool homogeneous = false;
  // The weight is a common property too (static_synapse_hom_w, tsodyks_synapse_hom):
  // Connect refuses a weight, GetConnections shows none.
  bool common_weight = false;
  // on_pre reads the target's spike history (every spike-timing rule).
  bool reads_post_history = false;
  // on_pre reads the target's Clopath history (clopath_synapse): the target
  // must be a Clopath model; PostView::slot is its Clopath slot.
  bool reads_clopath_history = false;
  // on_pre reads the target's Urbanczik history (urbanczik_synapse,
  // roost/urbanczik_history.hpp): the target must be an Urbanczik model;
  // PostView::slot is its history slot (a slot of the Clopath store).
  bool reads_urbanczik_history = false;
  // on_pre draws random numbers (pre.rng is valid).
  bool stochastic = false;
  // No state, sends its weight unchanged: delivered by the static fast path
  // unless a weight_recorder is attached.
  bool is_static = false;
  // Reads the spikes of a volume_transmitter (a common property of the model,
  // `volume_transmitter`), in on_pre and in on_neuromodulation.
  bool neuromodulated = false;
  // Carries rates between rate models instead of spikes (NEST's secondary
  // events; rate_transmission.hpp): kRateDelayed, kRateInstantaneous,
  // kGapJunction (between gap-junction neurons) or kDiffusion.
  int rate_connection = 0;
  // NEST's REQUIRES_SYMMETRIC: Connect makes both directions (gap_junction).
  bool requires_symmetric = false;
};
inline constexpr int kRateDelayed = 1;
inline constexpr int kRateInstantaneous = 2;
inline constexpr int kGapJunction = 4;
inline constexpr int kDiffusion = 8;  // diffusion_connection (between siegert_neurons)
// With kRateDelayed: sic_connection, an astrocyte's slow inward current (models/sic_common.hpp).
inline constexpr int kSicConnection = 16;

// The spikes a volume_transmitter has collected since it last handed them to
// its synapses: entry 0 is the time of that hand-over with multiplicity 0
// (NEST's pseudo spike), then every arrival in time order, one per step.
struct NeuromodulatorSpikes {
  const double* t = nullptr;             // ms
  const double* multiplicity = nullptr;
  std::uint32_t count = 0;
};

// One connection as a model's hooks see it. Parameters come from the
// connection (or from the model for homogeneous models); state belongs to the
// connection.
struct SynapseRef {
  double* weight;   // the connection's weight (NEST's weight_)
  const double* p;  // parameters, indexed by the model's Param enum
  double* s;        // state, indexed by the model's State enum
};

// One presynaptic spike arriving at the synapse (unrolled: a spike of
// multiplicity n calls on_pre n times with the same time).
struct PreSpike {
  double t;       // emission time stamp (ms)
  double t_last;  // this connection's previous presynaptic spike (ms), 0 before the first
  double delay;   // connection delay (ms); spike-timing rules treat it as dendritic
  RandomStream* rng;  // only for stochastic models: keyed by (seed, target, input ordinal, step)
  const NeuromodulatorSpikes* neuromod = nullptr;  // only for neuromodulated models
};

// Layout of a plastic connection's row of doubles (per connection, AoS):
// [t_last, parameters (not for homogeneous models), state].
struct SynapseRowLayout {
  int n_params = 0;
  int n_state = 0;
  bool homogeneous = false;
  ROOST_HD int width() const { return 1 + (homogeneous ? 0 : n_params) + n_state; }
  ROOST_HD int param_offset() const { return 1; }
  ROOST_HD int state_offset() const { return 1 + (homogeneous ? 0 : n_params); }
};

}  // namespace roost
