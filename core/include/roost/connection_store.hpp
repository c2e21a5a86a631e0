// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Every connection the user made, in creation order (struct of arrays). This is
// the backend-neutral record (NEST's view: GetConnections reads it, SetStatus on
// connections writes it); backends build their delivery tables from it at
// prepare(). Connection id = position in these arrays.

#include <cstdint>
#include <vector>

#include "roost/field_spec.hpp"

namespace roost {

struct ConnectionStore {
  std::vector<std::uint32_t> source;  // gid
  std::vector<std::uint32_t> target;  // gid
  std::vector<double> weight;
  std::vector<std::int32_t> delay_steps;
  std::vector<std::int32_t> receptor;  // NEST receptor_type
  std::vector<std::uint16_t> synapse_model;

  std::size_t size() const { return source.size(); }
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
