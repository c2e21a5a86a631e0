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

}  // namespace roost
