// SPDX-License-Identifier: GPL-2.0-or-later
// Receptor ports of one connection each (NEST's iaf_bw_2001_exact gives every
// NMDA connection a port, and an ODE pair, of its own). Connect numbers the
// ports per target; the first prepare that sees a neuron sizes its port lists
// from those numbers; every prepare after a change of connections writes each
// connection's current weight into them (the model decides what a changed
// weight means). From then on the neuron's system has its size: no further
// connections to the receptor.
#include <algorithm>
#include <string>

#include "roost/error.hpp"
#include "roost/kernel.hpp"

namespace roost {
namespace {

std::string receptor_label(const ModelInfo& m) {
  const auto k = static_cast<std::size_t>(m.per_connection_receptor);
  return k >= 1 && k <= m.receptor_names.size() ? m.receptor_names[k - 1] : "receptor " + std::to_string(k);
}

}  // namespace

std::int32_t Kernel::connection_port(const ModelInfo& m, Gid target, std::int32_t& next_port) const {
  const NodeRange& r = range_of(target);
  const auto population = static_cast<std::size_t>(r.population);
  if (population < ports_sized_.size() && ports_sized_[population]) {
    throw Error(ErrorKind::IllegalConnection,
                "Creation of connection is not possible because:\n" + receptor_label(m) +
                    " connections to this model can only be made before the first call to nest.Simulate()");
  }
  if (next_port < 0) next_port = std::max(m.per_connection_receptor - 1, max_receptor(target));
  ++next_port;
  const int limit = m.list_groups[static_cast<std::size_t>(m.receptor_group)].max_length;
  if (limit > 0 && next_port - m.n_spike_channels > limit) {
    throw Error(ErrorKind::IllegalConnection,
                "Creation of connection is not possible because:\n" + m.name + " takes at most " +
                    std::to_string(limit) + " " + receptor_label(m) + " connections per neuron in Roost (node " +
                    std::to_string(target) + ").");
  }
  return next_port;
}

void Kernel::size_connection_ports() {
  std::vector<const NodeRange*> ranges;
  for (const NodeRange& r : ranges_) {
    if (r.population < 0 || r.local_count == 0 || registry_.at(r.model).per_connection_receptor < 0) continue;
    const auto p = static_cast<std::size_t>(r.population);
    if (p >= ports_sized_.size()) ports_sized_.resize(p + 1, 0);
    if (!ports_sized_[p] || connections_changed_) ranges.push_back(&r);
  }
  if (ranges.empty()) return;
  // The weight of every per-connection port, by neuron: one scan of the store.
  std::vector<std::vector<std::vector<double>>> weights(ranges.size());
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    const NodeRange& r = *ranges[k];
    const ModelInfo& m = registry_.at(r.model);
    weights[k].resize(static_cast<std::size_t>(r.local_count));
    for (Index local = 0; local < r.local_count; ++local) {
      const int ports = std::max(0, max_receptor(r.local_first + local) - m.n_spike_channels);
      weights[k][static_cast<std::size_t>(local)].assign(static_cast<std::size_t>(ports), 0.0);
    }
  }
  for (std::size_t c = 0; c < store_.size(); ++c) {
    const Gid target = store_.target[c];
    for (std::size_t k = 0; k < ranges.size(); ++k) {
      const NodeRange& r = *ranges[k];
      if (target < r.local_first || target >= r.local_first + r.local_count) continue;
      const ModelInfo& m = registry_.at(r.model);
      const std::int32_t receptor = store_.receptor[c];
      if (receptor < m.per_connection_receptor) break;
      weights[k][static_cast<std::size_t>(target - r.local_first)][static_cast<std::size_t>(receptor - m.per_connection_receptor)] =
          store_.weight[c];
      break;
    }
  }
  for (std::size_t k = 0; k < ranges.size(); ++k) {
    const NodeRange& r = *ranges[k];
    const ModelInfo& m = registry_.at(r.model);
    const auto population = static_cast<std::size_t>(r.population);
    const bool first = !ports_sized_[population];
    const auto count_field = static_cast<std::size_t>(m.list_groups[static_cast<std::size_t>(m.receptor_group)].count_field);
    const auto weight_list = static_cast<std::size_t>(m.connection_weight_list);
    std::vector<double> row(static_cast<std::size_t>(m.n_fields()));
    for (Index local = 0; local < r.local_count; ++local) {
      const std::vector<double>& w = weights[k][static_cast<std::size_t>(local)];
      if (w.empty()) continue;
      backend_->get_rows(r.population, std::span<const Index>(&local, 1), row);
      ListValues lists = neuron_lists(r, m, local, row.data());
      if (first) {
        row[count_field] = static_cast<double>(w.size());
        for (std::size_t l = 0; l < lists.size(); ++l) lists[l].assign(w.size(), m.lists[l].element_default);
      } else if (lists[weight_list] == w) {
        continue;
      }
      lists[weight_list] = w;
      backend_->set_rows(r.population, std::span<const Index>(&local, 1), row);
      if (backend_->set_lists(r.population, local, lists)) connections_changed_ = true;  // more ring channels
    }
    ports_sized_[population] = 1;
  }
}

}  // namespace roost