// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>

#include "roost/hd.hpp"

namespace roost {

using Index = std::int64_t;  // position inside a population (local neuron index)
using Gid = std::int64_t;    // global node id, 1-based as in NEST
using Step = std::int64_t;   // time in simulation steps of the resolution h

// How a numeric field shows up in Python: all fields are stored as double.
enum class FieldType : std::uint8_t { Double, Int, Bool };

// One named field of a model (parameter or state), with NEST's name, default and unit.
// A model that declares `field_groups` (NEST's sub-dictionaries, e.g.
// iaf_cond_alpha_mc's {"soma", "proximal", "distal"}) names a grouped field
// "<group>.<key>": Python sees it as status[group][key] (bindings/bind_kernel.cpp)
// and sets it with {group: {key: value}} (bindings/convert.cpp).
struct FieldSpec {
  const char* name;
  double default_value;
  const char* unit;
  FieldType type = FieldType::Double;
  // Internal state that Python does not see (refractory counters, input latches).
  bool hidden = false;
};

// A list-valued field (NEST's tau_syn, E_rev, q_sfa ...): as many elements
// as its group's count field says, set and read as a Python list.
enum class ListRole : std::uint8_t {
  param,         // a parameter, in GetStatus and settable
  state,         // a state variable, in GetStatus and settable
  hidden_state,  // internal (recordable through element_prefix, if any)
};

struct ListSpec {
  const char* name;
  double default_value;  // of every element
  const char* unit;
  int group;  // index into the model's list_groups
  ListRole role = ListRole::param;
  // Its elements are recordable as <prefix>1, <prefix>2 ... (NEST's I_syn_1, g_2).
  const char* element_prefix = nullptr;
  // Initial elements when they differ (the group's default_length of them,
  // e.g. NEST's asc_decay {0.003, 0.1}); nullptr: all default_value.
  const double* initial = nullptr;
  // Number of the first element in recordable names: 1 (NEST's g_1 ...) or
  // 0 (cm_default's v_comp0, m_Na_0 ...).
  int element_base = 1;
};

// Lists that have one length (one element per receptor port, per adaptation
// kernel ...). The length lives in the scalar field `count_field` of the model
// (NEST's n_synapses / n_receptors, or a hidden one), which users read but
// cannot set: it follows the lists.
struct ListGroupSpec {
  int count_field;
  int default_length;
  // > 0: at most this many elements (models that keep them in fixed-size
  // arrays, e.g. ODE models); 0: any number.
  int max_length = 0;
  // NEST's message when the lists of the group are given different lengths.
  const char* length_mismatch = "All lists of a group must have the same length.";
  // >= 0: a (hidden) field set to 0 whenever a list of the group is given,
  // the read position of a list the model consumes during the run
  // (iaf_chs_2007's noise).
  int restart_field = -1;
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

// Column-major view of a population's list columns: element k of list L for
// neuron i is col[L][k * n + i] (each list holds its group's capacity of
// columns, n neurons each).
template <int N>
struct ListSoa {
  double* col[N > 0 ? N : 1];
  Index n = 0;
  ROOST_HD double& at(int list, int k, Index i) const { return col[list][static_cast<Index>(k) * n + i]; }
};

// A recordable that reads a column of another name (NEST records some values
// differently from what GetStatus shows, e.g. V_m relative to E_L).
struct RecordedAs {
  const char* recordable;
  const char* column;
};

// How many list fields / coefficient lists a model has (0 for fixed-size models).
template <class M>
constexpr int list_count() {
  if constexpr (requires { M::lists; }) {
    return static_cast<int>(M::lists.size());
  } else {
    return 0;
  }
}
template <class M>
constexpr int coef_list_count() {
  if constexpr (requires { M::coef_list_groups; }) {
    return static_cast<int>(M::coef_list_groups.size());
  } else {
    return 0;
  }
}

// The first M columns of a view: a model that extends another (its fields
// first, then its own) hands the base model the base's part.
template <int M, int N>
ROOST_HD Soa<M> leading(const Soa<N>& v) {
  static_assert(M <= N, "a leading view cannot be wider than the view");
  Soa<M> out{};
  for (int f = 0; f < M; ++f) out.col[f] = v.col[f];
  return out;
}
template <int M, int N>
ROOST_HD ConstSoa<M> leading(const ConstSoa<N>& v) {
  static_assert(M <= N, "a leading view cannot be wider than the view");
  ConstSoa<M> out{};
  for (int f = 0; f < M; ++f) out.col[f] = v.col[f];
  return out;
}

// The entries of `a` followed by those of `b`: the models of one family share
// a leading block of fields (or lists) and append their own.
template <class T, std::size_t A, std::size_t B>
constexpr std::array<T, A + B> join_specs(const std::array<T, A>& a, const std::array<T, B>& b) {
  std::array<T, A + B> joined{};
  for (std::size_t k = 0; k < A; ++k) joined[k] = a[k];
  for (std::size_t k = 0; k < B; ++k) joined[A + k] = b[k];
  return joined;
}

}  // namespace roost
