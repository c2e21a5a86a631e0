// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// THE delivery procedure for synapses with state (and any synapse a
// weight_recorder watches), written once for both backends. For each
// presynaptic spike and connection, in time order per connection (the order
// NEST's Connection::send sees): call the model's on_pre, stamp t_last, and
// add the weight it sends into the target's ring cell, on the channel the
// target chooses for that weight (roost/neuron_update.hpp reads it).
//
// The CPU backend calls it from the thread that owns the target (so the
// connection's state and the target's cells are that thread's alone); the
// CUDA backend from one device thread per (source, connection), which walks
// that source's spikes of the slice in time order.

#include <cstdint>

#include "roost/clopath_history.hpp"
#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/model_list.hpp"
#include "roost/post_history.hpp"
#include "roost/ring_buffer.hpp"
#include "roost/rng.hpp"
#include "roost/synapse_model.hpp"

namespace roost {

// One delivery through a connection whose model has a weight_recorder.
struct WeightEvent {
  Step step;  // emission step of the presynaptic spike (stamp step + 1)
  Gid sender;
  Gid target;
  std::int32_t receptor;
  std::int64_t port;
  double weight;
  std::int32_t model;  // synapse registry id (which weight_recorder)
};

// The order of a slice's weight_recorder events on every backend and thread count.
struct WeightEventOrder {
  bool operator()(const WeightEvent& a, const WeightEvent& b) const {
    if (a.step != b.step) return a.step < b.step;
    if (a.sender != b.sender) return a.sender < b.sender;
    if (a.target != b.target) return a.target < b.target;
    return a.port < b.port;
  }
};

// One connection of a model delivered by this procedure, as the partition that
// owns its target keeps it.
// Its weight and row are at the same position in the group's arrays as the
// entry in its table (both backends keep them in table order).
struct PlasticTarget {
  std::uint32_t buffer_base;   // the population's ring offset + the target's local index
  std::uint32_t channel_stride;  // the population's size: channel c is at buffer_base + c * stride
  std::int32_t neuron_model;   // the target's model (index into models::NeuronModels)
  std::int32_t receptor;
  std::int32_t delay;          // steps
  std::int32_t counting;       // the target counts spikes (parrot_neuron): adds multiplicities
  std::int64_t archive_slot;   // the target's spike history, -1: none
  std::uint64_t stream;        // (target gid << 32 | ordinal of the input): keys stochastic draws
  Gid target;
  std::int64_t port;           // NEST's port: position among the model's connections of this partition
};
static_assert(sizeof(PlasticTarget) == 56, "docs/benchmarks.md counts 56 B per delivery entry");

// The connections of one synapse model in one partition, as raw views.
struct PlasticGroupView {
  double* weights = nullptr;       // in table order
  double* rows = nullptr;          // width doubles per connection (SynapseRowLayout), in table order
  SynapseRowLayout layout;
  const double* common = nullptr;  // the model's parameters (homogeneous models)
  bool records = false;            // a weight_recorder watches this model
  std::int32_t model = -1;         // registry id
  NeuromodulatorSpikes neuromod;   // neuromodulated models: their volume_transmitter's spikes so far
};

// What every delivery of a slice shares.
struct PlasticDeliveryContext {
  RingCell* ring = nullptr;
  RingGeometry geometry;
  PostHistory history;
  ClopathHistory clopath;           // Clopath slots (models with reads_clopath_history)
  std::uint64_t seed = 0;           // stochastic models: streams (seed, SynapseTransmission, stream, step)
  std::int64_t tics_per_step = 100;
  double ms_per_tic = 0.001;  // 1 / the kernel's tics_per_ms
  ROOST_HD double ms(Step steps) const { return static_cast<double>(steps * tics_per_step) * ms_per_tic; }
};

// Delivers one spike (emitted in `step` by `sender`, multiplicity m) through
// connection `t`, entry `index` of its table. Spikes of neurons are unrolled into m deliveries of the same
// time (NEST's send for each copy); spikes of devices keep their multiplicity.
// `add(cell, value)` adds ring_value(value) into the ring; `record(event)` takes weight_recorder events.
template <class S, class Add, class Record>
ROOST_HD void deliver_plastic(const PlasticGroupView& g, const PlasticTarget& t, std::int64_t index,
                              const PlasticDeliveryContext& ctx, Gid sender, Step step, std::uint32_t multiplicity,
                              double weight_scale, bool unroll, const Add& add, const Record& record) {
  double scratch[1] = {0.0};  // static models keep no row (they are here for a weight_recorder)
  double* row = g.rows != nullptr ? g.rows + index * g.layout.width() : scratch;
  SynapseRef syn{g.weights + index, g.layout.homogeneous ? g.common : row + g.layout.param_offset(),
                 row + g.layout.state_offset()};
  const double t_spike = ctx.ms(step + 1);
  // The stream's key depends on the target (the high half of t.stream): derived
  // per delivery, and only for models that draw.
  RandomStream rng = S::traits.stochastic
                         ? RandomStream(ctx.seed, RngPurpose::SynapseTransmission, t.stream, static_cast<std::uint64_t>(step))
                         : RandomStream(Philox4x32::Key{}, 0, 0);
  PreSpike pre{t_spike, 0.0, ctx.ms(t.delay), S::traits.stochastic ? &rng : nullptr, &g.neuromod};
  const PostView post{&ctx.history, t.archive_slot, &ctx.clopath};
  const std::uint32_t copies = unroll ? multiplicity : 1u;
  const double per_copy = unroll ? 1.0 : static_cast<double>(multiplicity);
  const Step base = ctx.geometry.slot(step);
  for (std::uint32_t copy = 0; copy < copies; ++copy) {
    pre.t_last = row[0];
    double sent = 0.0;
    const bool sends = S::on_pre(syn, pre, post, sent);
    row[0] = t_spike;
    if (!sends) continue;
    const int channel = models::neuron_spike_channel(t.neuron_model, t.receptor, sent);
    if (channel < 0) continue;  // receptor checked at Connect; a target never refuses a weight sign here
    const std::size_t cell = ctx.geometry.index(ctx.geometry.slot_after(base, t.delay),
                                                t.buffer_base + static_cast<std::size_t>(channel) * t.channel_stride);
    add(cell, t.counting ? per_copy : sent * weight_scale * per_copy);
    if (g.records) record(WeightEvent{step, sender, t.target, t.receptor, t.port, sent, g.model});
  }
}

// The hand-over of a volume_transmitter's spikes at t_trig to connection `t`
// of a neuromodulated model (NEST's trigger_update_weight); other models: nothing.
template <class S>
ROOST_HD void neuromodulate_plastic(const PlasticGroupView& g, const PlasticTarget& t, std::int64_t index,
                                    const PlasticDeliveryContext& ctx, double t_trig) {
  if constexpr (S::traits.neuromodulated) {
    double* row = g.rows + index * g.layout.width();
    SynapseRef syn{g.weights + index, g.layout.homogeneous ? g.common : row + g.layout.param_offset(),
                   row + g.layout.state_offset()};
    S::on_neuromodulation(syn, g.neuromod, t_trig, ctx.ms(t.delay), PostView{&ctx.history, t.archive_slot});
  } else {
    (void)g, (void)t, (void)index, (void)ctx, (void)t_trig;
  }
}

}  // namespace roost
