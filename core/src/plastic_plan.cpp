// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/plastic_plan.hpp"

#include <algorithm>
#include <numeric>

namespace roost {

PlasticPlan plan_plastic(const PrepareInfo& info, const std::vector<PopulationLayout>& pops,
                         const std::vector<int>& neuron_model, int partitions,
                         const std::function<int(int, Index)>& partition_of) {
  const ConnectionStore& store = *info.connections;
  const std::vector<NodeRole>& roles = *info.roles;
  const std::size_t n_gids = roles.size();
  PlasticPlan plan;
  plan.tables.assign(static_cast<std::size_t>(partitions), {});
  std::vector<std::int32_t> pop_of(n_gids, -1);
  for (std::size_t p = 0; p < pops.size(); ++p) {
    std::fill(pop_of.begin() + pops[p].first, pop_of.begin() + pops[p].first + pops[p].n, static_cast<std::int32_t>(p));
  }
  auto delivered = [&](std::size_t c) {
    const NodeRole src = roles[store.source[c]];
    return roles[store.target[c]] == NodeRole::neuron && (src == NodeRole::neuron || src == NodeRole::spike_generator) &&
           delivered_plastic(info, c);
  };

  // Spike histories: the targets of history-reading models, slots in gid order.
  std::vector<std::int64_t> slot_of_gid(n_gids, -1);
  for (std::size_t c = 0; c < store.size(); ++c) {
    if (delivered(c) && info.synapses[store.synapse_model[c]].reads_post_history) slot_of_gid[store.target[c]] = 0;
  }
  for (std::size_t g = 0; g < n_gids; ++g) {
    if (slot_of_gid[g] < 0) continue;
    slot_of_gid[g] = static_cast<std::int64_t>(plan.archived.size());
    plan.archived.push_back(static_cast<Gid>(g));
  }
  // Clopath histories: the targets of models that read them, the same way.
  std::vector<std::int64_t> clopath_slot_of_gid(n_gids, -1);
  for (std::size_t c = 0; c < store.size(); ++c) {
    if (delivered(c) && info.synapses[store.synapse_model[c]].reads_clopath_history) clopath_slot_of_gid[store.target[c]] = 0;
  }
  for (std::size_t g = 0; g < n_gids; ++g) {
    if (clopath_slot_of_gid[g] < 0) continue;
    clopath_slot_of_gid[g] = static_cast<std::int64_t>(plan.clopath_archived.size());
    plan.clopath_archived.push_back(static_cast<Gid>(g));
  }
  plan.clopath_n_incoming.assign(plan.clopath_archived.size(), 0);
  plan.clopath_slot_of.resize(pops.size());
  for (std::size_t p = 0; p < pops.size(); ++p) {
    const auto begin = clopath_slot_of_gid.begin() + pops[p].first, end = begin + pops[p].n;
    if (std::any_of(begin, end, [](std::int64_t s) { return s >= 0; })) plan.clopath_slot_of[p].assign(begin, end);
  }
  plan.n_incoming.assign(plan.archived.size(), 0);
  plan.max_delay_ms.assign(plan.archived.size(), 0.0);
  plan.slot_of.resize(pops.size());
  for (std::size_t p = 0; p < pops.size(); ++p) {
    const auto begin = slot_of_gid.begin() + pops[p].first, end = begin + pops[p].n;
    if (std::any_of(begin, end, [](std::int64_t s) { return s >= 0; })) plan.slot_of[p].assign(begin, end);
  }

  // Tables: one per (partition, model), rows by source, creation order within.
  std::vector<std::vector<int>> table_of(static_cast<std::size_t>(partitions), std::vector<int>(info.synapses.size(), -1));
  std::vector<std::size_t> row_cursor(info.synapses.size(), 0);
  std::vector<std::uint32_t> ordinal(n_gids, 0);
  struct Pending {
    int partition, table;
    std::uint32_t source;
    PlasticTarget target;
    std::int64_t conn, kernel_row;
  };
  std::vector<Pending> pending;
  for (std::size_t c = 0; c < store.size(); ++c) {
    // Every connection of a model with rows has one, in connection order.
    const auto model = static_cast<std::size_t>(store.synapse_model[c]);
    const bool has_row = model < info.synapse_rows->size() && !(*info.synapse_rows)[model].conn.empty();
    const std::size_t row = has_row ? row_cursor[model]++ : 0;
    if (!delivered(c)) continue;
    const Gid target = store.target[c];
    const auto p = static_cast<std::size_t>(pop_of[static_cast<std::size_t>(target)]);
    const Index local = target - pops[p].first;
    const int part = partition_of(static_cast<int>(p), local);
    int& table = table_of[static_cast<std::size_t>(part)][model];
    if (table < 0) {
      table = static_cast<int>(plan.tables[static_cast<std::size_t>(part)].size());
      PlasticTable t;
      t.model = static_cast<int>(model);
      t.row.assign(n_gids + 1, 0);
      plan.tables[static_cast<std::size_t>(part)].push_back(std::move(t));
    }
    std::int64_t slot = info.synapses[model].reads_post_history ? slot_of_gid[static_cast<std::size_t>(target)] : -1;
    if (info.synapses[model].reads_clopath_history) {
      slot = clopath_slot_of_gid[static_cast<std::size_t>(target)];
      ++plan.clopath_n_incoming[static_cast<std::size_t>(slot)];
    }
    if (slot >= 0 && info.synapses[model].reads_post_history) {
      ++plan.n_incoming[static_cast<std::size_t>(slot)];
      const double delay_ms = static_cast<double>(store.delay_steps[c]) * info.resolution;
      plan.max_delay_ms[static_cast<std::size_t>(slot)] = std::max(plan.max_delay_ms[static_cast<std::size_t>(slot)], delay_ms);
    }
    PlasticTarget t{};
    t.buffer_base = static_cast<std::uint32_t>(pops[p].buffer_offset + static_cast<std::size_t>(local));
    t.channel_stride = static_cast<std::uint32_t>(pops[p].n);
    t.neuron_model = neuron_model[p];
    t.receptor = store.receptor[c];
    t.delay = store.delay_steps[c];
    t.counting = pops[p].counts(store.receptor[c]) ? 1 : 0;
    t.archive_slot = slot;
    t.stream = (static_cast<std::uint64_t>(target) << 32) | ordinal[static_cast<std::size_t>(target)]++;
    t.target = target;
    pending.push_back({part, table, store.source[c], t, static_cast<std::int64_t>(c), static_cast<std::int64_t>(row)});
  }
  // CSR fill: counts, prefix sums, then creation order within each source.
  for (const Pending& e : pending) ++plan.tables[static_cast<std::size_t>(e.partition)][static_cast<std::size_t>(e.table)].row[e.source + 1];
  std::vector<std::vector<std::vector<std::uint64_t>>> cursor(plan.tables.size());
  for (std::size_t part = 0; part < plan.tables.size(); ++part) {
    for (PlasticTable& t : plan.tables[part]) {
      std::partial_sum(t.row.begin(), t.row.end(), t.row.begin());
      t.targets.resize(t.row.back());
      t.conn.resize(t.row.back());
      t.kernel_row.resize(t.row.back());
      cursor[part].emplace_back(t.row.begin(), t.row.end() - 1);
    }
  }
  for (const Pending& e : pending) {
    PlasticTable& t = plan.tables[static_cast<std::size_t>(e.partition)][static_cast<std::size_t>(e.table)];
    const std::uint64_t k = cursor[static_cast<std::size_t>(e.partition)][static_cast<std::size_t>(e.table)][e.source]++;
    t.targets[k] = e.target;
    t.targets[k].port = static_cast<std::int64_t>(k);
    t.conn[k] = e.conn;
    t.kernel_row[k] = e.kernel_row;
  }
  return plan;
}

void gather_table_values(const PlasticTable& table, const double* kernel_weights, const SynapseRows& kernel_rows,
                         std::vector<double>& weights, std::vector<double>& rows) {
  const std::size_t n = table.conn.size();
  weights.resize(n);
  for (std::size_t k = 0; k < n; ++k) weights[k] = kernel_weights[table.conn[k]];
  rows.clear();
  if (kernel_rows.conn.empty()) return;  // a model without rows (a watched static one)
  const auto width = static_cast<std::size_t>(kernel_rows.width);
  rows.resize(n * width);
  for (std::size_t k = 0; k < n; ++k) {
    const auto from = kernel_rows.values.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(table.kernel_row[k]) * width);
    std::copy(from, from + static_cast<std::ptrdiff_t>(width), rows.begin() + static_cast<std::ptrdiff_t>(k * width));
  }
}

void scatter_table_values(const PlasticTable& table, const std::vector<double>& weights, const std::vector<double>& rows,
                          double* kernel_weights, SynapseRows& kernel_rows) {
  for (std::size_t k = 0; k < table.conn.size(); ++k) kernel_weights[table.conn[k]] = weights[k];
  if (rows.empty()) return;
  const auto width = static_cast<std::size_t>(kernel_rows.width);
  for (std::size_t k = 0; k < table.conn.size(); ++k) {
    std::copy(rows.begin() + static_cast<std::ptrdiff_t>(k * width), rows.begin() + static_cast<std::ptrdiff_t>((k + 1) * width),
              kernel_rows.values.begin() + static_cast<std::ptrdiff_t>(static_cast<std::size_t>(table.kernel_row[k]) * width));
  }
}

}  // namespace roost
