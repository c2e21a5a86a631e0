// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Where a population keeps the list-valued fields of its neurons (host side,
// shared by the backends). A population's field buffer is column-major:
// the model's scalar fields, then for each list as many columns as its
// group's capacity (the longest list any neuron of the population has had;
// it only grows). Coefficient lists follow the scalar coefficients likewise.
// The number of receptor ports, and with it the population's ring channels,
// is the capacity of the model's receptor group.

#include <string>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/model_registry.hpp"

namespace roost {

struct ListColumns {
  std::vector<int> capacity;    // per group
  std::vector<int> first;       // per list: column of element 0 (scalar fields come first)
  std::vector<int> coef_first;  // per coefficient list: column after the scalar coefficients
  int columns = 0;              // all field columns
  int coef_list_columns = 0;    // coefficient columns of the lists
  int spike_channels = 0;       // receptor ports (models with fixed ports: theirs)

  bool operator==(const ListColumns&) const = default;
};

// The layout for the given capacities (per group; empty: the model's defaults).
ListColumns list_columns(const ModelInfo& model, std::vector<int> capacity = {});

// The name of every field column: scalar fields by name, list elements by
// their recordable name (<prefix>k) or "" where they have none.
std::vector<std::string> column_names(const ModelInfo& model, const ListColumns& layout);

// The column a multimeter reads for `recordable` (its recorded_as column, a
// list element, or the field of that name) among a population's
// column_names(); -1 when there is none.
int recordable_column(const ModelInfo& model, const std::vector<std::string>& names, const std::string& recordable);

// A population's field buffer with the model's defaults.
std::vector<double> default_fields(const ModelInfo& model, const ListColumns& layout, Index n);

// Copies `fields` into the larger layout `next`; new elements get their default.
std::vector<double> relayout_fields(const ModelInfo& model, const ListColumns& old_layout, const ListColumns& next,
                                    Index n, const std::vector<double>& fields);

// One neuron's lists (all `capacity` elements of each; the caller trims to the count).
ListValues read_lists(const ModelInfo& model, const ListColumns& layout, Index n, const double* fields, Index local);
void write_lists(const ModelInfo& model, const ListColumns& layout, Index n, double* fields, Index local,
                 const ListValues& lists);

// The capacities that hold `lists` (at least the present ones).
std::vector<int> capacity_for(const ModelInfo& model, const ListColumns& layout, const ListValues& lists);

// The list columns of a population as the model's step sees them.
template <int N>
ListSoa<N> list_soa(const ListColumns& layout, double* fields, Index n) {
  ListSoa<N> v{};
  for (int l = 0; l < N && l < static_cast<int>(layout.first.size()); ++l) v.col[l] = fields + static_cast<Index>(layout.first[static_cast<std::size_t>(l)]) * n;
  v.n = n;
  return v;
}
template <int N>
ListSoa<N> coef_list_soa(const ListColumns& layout, double* coef, int n_scalar_coef, Index n) {
  ListSoa<N> v{};
  for (int l = 0; l < N && l < static_cast<int>(layout.coef_first.size()); ++l) {
    v.col[l] = coef + static_cast<Index>(n_scalar_coef + layout.coef_first[static_cast<std::size_t>(l)]) * n;
  }
  v.n = n;
  return v;
}

}  // namespace roost
