// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Turns the connections that the plastic delivery procedure handles (models
// with state, or watched by a weight_recorder) into per-partition tables, and
// decides which neurons keep a spike history. Host side, shared by the
// backends; each copies the result into its own memory.

#include <functional>
#include <vector>

#include "roost/backend.hpp"
#include "roost/delivery_plan.hpp"
#include "roost/plastic_delivery.hpp"

namespace roost {

// The connections of one synapse model (registry id) owned by one partition,
// CSR by source gid; `targets` in (source, creation) order.
struct PlasticTable {
  int model = -1;  // registry id
  std::vector<std::uint64_t> row;  // n_gids + 1
  std::vector<PlasticTarget> targets;
  // Per target: its connection id and its row in the kernel's SynapseRows
  // (where a backend takes the weight and row from, and writes them back).
  std::vector<std::int64_t> conn, kernel_row;
};

struct PlasticPlan {
  std::vector<std::vector<PlasticTable>> tables;  // [partition][k]
  // Spike histories: one slot per neuron that is the target of a
  // history-reading model, in gid order.
  std::vector<Gid> archived;                       // gid of each slot
  std::vector<std::uint32_t> n_incoming;           // per slot
  std::vector<double> max_delay_ms;                // per slot
  std::vector<std::vector<std::int64_t>> slot_of;  // per population, per local neuron (-1: none); empty: none
  // Clopath histories: one slot per neuron that is the target of a model
  // reading them (clopath_synapse), in gid order; that model's table entries
  // carry the Clopath slot as their archive_slot.
  std::vector<Gid> clopath_archived;
  std::vector<std::uint32_t> clopath_n_incoming;
  std::vector<std::vector<std::int64_t>> clopath_slot_of;  // as slot_of
};

// Populations sorted by first gid, with their neuron
// model index in `neuron_model`.
PlasticPlan plan_plastic(const PrepareInfo& info, const std::vector<PopulationLayout>& populations,
                         const std::vector<int>& neuron_model, int partitions,
                         const std::function<int(int, Index)>& partition_of);

// A table's weights and rows in table order, from the kernel's arrays
// (connection order), and back: what both backends keep for delivery.
void gather_table_values(const PlasticTable& table, const double* kernel_weights, const SynapseRows& kernel_rows,
                         std::vector<double>& weights, std::vector<double>& rows);
void scatter_table_values(const PlasticTable& table, const std::vector<double>& weights, const std::vector<double>& rows,
                          double* kernel_weights, SynapseRows& kernel_rows);

// Whether connection c goes through the plastic procedure (else the static tables).
inline bool delivered_plastic(const PrepareInfo& info, std::size_t c) {
  const auto m = static_cast<std::size_t>(info.connections->synapse_model[c]);
  return m < info.synapses.size() && info.synapses[m].plastic_path;
}

}  // namespace roost
