// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <cstdint>

namespace roost {

using Index = std::int64_t;  // position inside a population (local neuron index)
using Gid = std::int64_t;    // global node id, 1-based as in NEST
using Step = std::int64_t;   // time in simulation steps of the resolution h

// How a numeric field shows up in Python: all fields are stored as double.
enum class FieldType : std::uint8_t { Double, Int, Bool };

// One named field of a model (parameter or state), with NEST's name, default and unit.
struct FieldSpec {
  const char* name;
  double default_value;
  const char* unit;
  FieldType type = FieldType::Double;
  // NEST keeps thresholds and reset relative to E_L: setting E_L alone moves them
  // along by the same amount. Fields with this flag follow E_L like that.
  bool follows_E_L = false;
  // Internal state that Python does not see (refractory counters, input latches).
  bool hidden = false;
};

// Column-major view of a population's fields: col[f][i] is field f of neuron i.
// Trivially copyable so that kernels can take it by value.
template <int N>
struct Soa {
  double* col[N > 0 ? N : 1];
};

template <int N>
struct ConstSoa {
  const double* col[N > 0 ? N : 1];
};

}  // namespace roost
