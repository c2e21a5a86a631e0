// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Every connection the user made, in creation order (struct of arrays). This is
// the backend-neutral record (NEST's view: GetConnections reads it, SetStatus on
// connections writes it); backends build their delivery tables from it at
// prepare(). Connection id = position in these arrays.

#include <cstdint>
#include <vector>

#include "roost/pod_array.hpp"

#include "roost/field_spec.hpp"

namespace roost {

struct ConnectionStore {
  // PodArray: growing the store moves pages instead of copying them.
  PodArray<std::uint32_t> source;  // gid
  PodArray<std::uint32_t> target;  // gid
  PodArray<double> weight;
  PodArray<std::int32_t> delay_steps;
  PodArray<std::int32_t> receptor;  // NEST receptor_type
  PodArray<std::uint16_t> synapse_model;

  std::size_t size() const { return source.size(); }
  // New entries unset: the caller writes every one of them (Connect).
  void resize_for_overwrite(std::size_t n) {
    source.resize_for_overwrite(n);
    target.resize_for_overwrite(n);
    weight.resize_for_overwrite(n);
    delay_steps.resize_for_overwrite(n);
    receptor.resize_for_overwrite(n);
    synapse_model.resize_for_overwrite(n);
  }
  void resize(std::size_t n) {
    source.resize(n);
    target.resize(n);
    weight.resize(n);
    delay_steps.resize(n);
    receptor.resize(n);
    synapse_model.resize(n);
  }
};

// The per-connection values of one synapse model beyond weight, delay and
// receptor (plastic state, per-connection parameters, synapse_label): one row
// of `width` doubles per connection, laid out as SynapseRowLayout says.
struct SynapseRows {
  std::vector<std::int64_t> conn;    // connection ids, ascending
  std::vector<double> values;        // conn.size() rows of `width`
  std::vector<std::int32_t> label;   // _lbl models: synapse_label per connection
  int width = 1;
  std::size_t size() const { return conn.size(); }
  void truncate(std::size_t n) {
    conn.resize(n);
    values.resize(n * static_cast<std::size_t>(width));
    if (!label.empty()) label.resize(n);
  }
  // Row of connection `id`, or -1.
  std::int64_t row_of(std::int64_t id) const;
};

}  // namespace roost
