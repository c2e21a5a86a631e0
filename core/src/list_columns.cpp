// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/list_columns.hpp"

#include <algorithm>

namespace roost {

ListColumns list_columns(const ModelInfo& model, std::vector<int> capacity) {
  ListColumns out;
  if (capacity.empty()) {
    // As long as the model's current defaults (SetDefaults may have changed them).
    for (const auto& g : model.list_groups) capacity.push_back(static_cast<int>(model.field_defaults[static_cast<std::size_t>(g.count_field)]));
  }
  out.capacity = std::move(capacity);
  int column = model.n_fields();
  for (const auto& l : model.lists) {
    out.first.push_back(column);
    column += out.capacity[static_cast<std::size_t>(l.group)];
  }
  out.columns = column;
  int coef = 0;
  for (int g : model.coef_list_groups) {
    out.coef_first.push_back(coef);
    coef += out.capacity[static_cast<std::size_t>(g)];
  }
  out.coef_list_columns = coef;
  // Fixed ports first, then one per element of the receptor group.
  out.spike_channels = model.n_spike_channels +
                       (model.receptor_group >= 0 ? out.capacity[static_cast<std::size_t>(model.receptor_group)] : 0);
  return out;
}

std::vector<std::string> column_names(const ModelInfo& model, const ListColumns& layout) {
  std::vector<std::string> names;
  for (const auto& f : model.fields) names.emplace_back(f.name);
  for (const auto& l : model.lists) {
    const int cap = layout.capacity[static_cast<std::size_t>(l.group)];
    for (int k = 0; k < cap; ++k) {
      names.push_back(l.element_prefix.empty() ? std::string() : l.element_prefix + std::to_string(k + l.element_base));
    }
  }
  return names;
}

int recordable_column(const ModelInfo& model, const std::vector<std::string>& names, const std::string& recordable) {
  std::string column = recordable;
  for (const auto& [name, target] : model.recorded_as) {
    if (name == recordable) column = target;
  }
  for (std::size_t c = 0; c < names.size(); ++c) {
    if (!names[c].empty() && names[c] == column) return static_cast<int>(c);
  }
  return -1;
}

std::vector<double> default_fields(const ModelInfo& model, const ListColumns& layout, Index n) {
  std::vector<double> fields(static_cast<std::size_t>(layout.columns) * static_cast<std::size_t>(n), 0.0);
  for (int f = 0; f < model.n_fields(); ++f) {
    std::fill_n(fields.begin() + f * n, n, model.field_defaults[static_cast<std::size_t>(f)]);
  }
  for (std::size_t l = 0; l < model.lists.size(); ++l) {
    const int cap = layout.capacity[static_cast<std::size_t>(model.lists[l].group)];
    const std::vector<double>& defaults = model.list_defaults[l];
    for (int k = 0; k < cap; ++k) {
      const double v = k < static_cast<int>(defaults.size()) ? defaults[static_cast<std::size_t>(k)] : model.lists[l].element_default;
      std::fill_n(fields.begin() + (layout.first[l] + k) * n, n, v);
    }
  }
  return fields;
}

std::vector<double> relayout_fields(const ModelInfo& model, const ListColumns& old_layout, const ListColumns& next,
                                    Index n, const std::vector<double>& fields) {
  std::vector<double> out(static_cast<std::size_t>(next.columns) * static_cast<std::size_t>(n), 0.0);
  std::copy_n(fields.begin(), static_cast<std::size_t>(model.n_fields()) * static_cast<std::size_t>(n), out.begin());
  for (std::size_t l = 0; l < model.lists.size(); ++l) {
    const auto g = static_cast<std::size_t>(model.lists[l].group);
    for (int k = 0; k < next.capacity[g]; ++k) {
      auto to = out.begin() + (next.first[l] + k) * n;
      if (k < old_layout.capacity[g]) {
        std::copy_n(fields.begin() + (old_layout.first[l] + k) * n, n, to);
      } else {
        std::fill_n(to, n, model.lists[l].element_default);
      }
    }
  }
  return out;
}

ListValues read_lists(const ModelInfo& model, const ListColumns& layout, Index n, const double* fields, Index local) {
  ListValues out(model.lists.size());
  for (std::size_t l = 0; l < model.lists.size(); ++l) {
    const int cap = layout.capacity[static_cast<std::size_t>(model.lists[l].group)];
    for (int k = 0; k < cap; ++k) out[l].push_back(fields[(layout.first[l] + k) * n + local]);
  }
  return out;
}

void write_lists(const ModelInfo& model, const ListColumns& layout, Index n, double* fields, Index local,
                 const ListValues& lists) {
  for (std::size_t l = 0; l < model.lists.size(); ++l) {
    const int cap = layout.capacity[static_cast<std::size_t>(model.lists[l].group)];
    for (int k = 0; k < cap && k < static_cast<int>(lists[l].size()); ++k) {
      fields[(layout.first[l] + k) * n + local] = lists[l][static_cast<std::size_t>(k)];
    }
  }
}

std::vector<int> capacity_for(const ModelInfo& model, const ListColumns& layout, const ListValues& lists) {
  std::vector<int> capacity = layout.capacity;
  for (std::size_t l = 0; l < model.lists.size(); ++l) {
    int& cap = capacity[static_cast<std::size_t>(model.lists[l].group)];
    cap = std::max(cap, static_cast<int>(lists[l].size()));
  }
  return capacity;
}

}  // namespace roost
