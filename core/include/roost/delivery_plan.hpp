// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Turns the connection store into what a backend delivers with (host side,
// shared by the backends; each copies the result into its own memory):
//  - delivery tables: CSR by source gid over the connections from neurons and
//    spike generators, one table per partition (CPU: per thread that owns the
//    targets; CUDA: one), split into weighted and counting targets;
//  - generator inputs: per population, CSR by neuron of StimulusInput.
// Rows keep creation order, which makes delivery order thread-independent.

#include <functional>
#include <vector>

#include "roost/backend.hpp"
#include "roost/neuron_update.hpp"
#include "roost/rate_transmission.hpp"

namespace roost {

// Where a population sits in the ring and how it takes input.
struct PopulationLayout {
  Gid first = 0;
  Index n = 0;
  std::size_t buffer_offset = 0;
  int n_channels = 1;  // spike channels + the current channel
  bool counts_spikes = false;
  int (*spike_channel)(int receptor, double weight) = nullptr;
  bool (*reads_spike_offset)(int receptor) = nullptr;  // nullptr: no receptor reads offsets
  bool (*counts_receptor)(int receptor) = nullptr;     // nullptr: counts_spikes decides for all
  bool binary_input = false;  // binary neurons: +w / -w by multiplicity (binary_delivery)
  int gap_channel = -1;       // gap-junction neurons: the first of their gap channels
  bool precise_input = false;  // spikes as timed events (precise_events.hpp, precise_delivery)
  bool (*rate_receptor)(int receptor) = nullptr;  // eprop_readout's rate ports (ModelInfo::rate_receptor)
  bool repeats_events = false;  // parrot_neuron_ps: events carry multiplicities, port 1 none
  // Input on `receptor` is the spike count (the weight is the model's business).
  bool counts(int receptor) const { return counts_spikes || (counts_receptor != nullptr && counts_receptor(receptor)); }
};

struct DeliveryTable {
  std::vector<std::uint64_t> row;     // size n_gids + 1 (CSR layout)
  std::vector<std::uint32_t> source;  // per connection (flat layout: creation order, not grouped)
  std::vector<std::uint32_t> buffer_index;
  std::vector<std::int32_t> delay;
  std::vector<double> weight;
};

struct DeliveryPlan {
  std::vector<DeliveryTable> weighted, counting, offset_weighted, binary;  // one per partition
  // Connections onto precise-input models (buffer_index: the event target).
  std::vector<DeliveryTable> precise;
  DeliveryTable& table(int kind, std::size_t partition) {
    return (kind == counting_delivery         ? counting
            : kind == offset_weighted_delivery ? offset_weighted
            : kind == binary_delivery          ? binary
            : kind == precise_delivery         ? precise
                                               : weighted)[partition];
  }
  // Event targets (precise_events.hpp): per population the target of its
  // neuron 0 (-1: not a precise-input model); per target its first event in
  // a slot's block (n_targets + 1 entries; capacity = incoming connections).
  std::vector<std::int64_t> precise_first;
  std::vector<std::uint64_t> precise_base{0};
  std::vector<std::vector<std::int64_t>> stimulus_begin;  // per population; empty = none
  std::vector<std::vector<StimulusInput>> stimuli;        // per population
  std::vector<double> stimulus_state;  // initial per-input state (StimulusInput::state), all populations
  std::vector<RateTable> rates;        // rate connections, one table per partition
  std::vector<RateTable> generator_rates;  // from step_rate_generators (delivered before the update)
};

// `populations` must be sorted by first gid; `partition_of(population, local)`
// names the partition that owns a neuron's cells. With layout `flat` the tables
// list each connection's source instead of grouping rows, for a backend that
// groups them itself (the CUDA backend sorts on the device).
enum class TableLayout { csr, flat };
DeliveryPlan plan_delivery(const PrepareInfo& info, const std::vector<PopulationLayout>& populations,
                           int partitions, const std::function<int(int, Index)>& partition_of,
                           TableLayout layout = TableLayout::csr);

}  // namespace roost
