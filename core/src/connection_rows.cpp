// SPDX-License-Identifier: GPL-2.0-or-later
// Per-connection values of synapse models (plastic state, per-connection
// parameters, synapse_label): syn_spec keys at Connect, and reading/writing
// them through GetConnections(...).get/.set.
#include <algorithm>
#include <cmath>

#include "roost/error.hpp"
#include "roost/kernel.hpp"
#include "roost/rng.hpp"

namespace roost {
namespace {

[[noreturn]] void illegal(const std::string& message) { throw Error(ErrorKind::IllegalConnection, message); }

}  // namespace

std::int64_t SynapseRows::row_of(std::int64_t id) const {
  auto it = std::lower_bound(conn.begin(), conn.end(), id);
  return it != conn.end() && *it == id ? static_cast<std::int64_t>(it - conn.begin()) : -1;
}

void Kernel::check_syn_spec_keys(const ModelInfo& syn, const SynSpec& syn_spec) const {
  if (syn.synapse_traits.common_weight && syn_spec.weight) {
    illegal(syn.name + ": the weight is a common property of the model; set it with SetDefaults or CopyModel, "
                       "not in Connect.");
  }
  for (const auto& [key, value] : syn_spec.extra) {
    const int f = syn.visible_field_index(key);
    if (f >= 0 && f < syn.n_params && syn.synapse_traits.homogeneous) {
      illegal(syn.name + ": '" + key + "' is a common property of the model; set it with SetDefaults or "
                         "CopyModel, not in Connect.");
    }
    if (f >= 0 || (key == "synapse_label" && syn.labelled)) continue;
    if (key == "weight_recorder") {
      illegal(syn.name + ": 'weight_recorder' is a common property of the model; set it with SetDefaults or "
                         "CopyModel.");
    }
    throw Error(ErrorKind::UnknownParameter, "Unknown parameter '" + key + "' for synapse model " + syn.name + ".");
  }
}

void Kernel::store_connection_rows(std::size_t base, const GeneratedConnections& gen, std::span<const std::uint64_t> tgt,
                                   const SynSpec& syn_spec, std::uint64_t projection) {
  const int model = registry_.find(syn_spec.synapse_model);
  const ModelInfo& syn = registry_.at(model);
  if (!syn.has_connection_rows()) return;
  if (synapse_rows_.size() <= static_cast<std::size_t>(model)) synapse_rows_.resize(static_cast<std::size_t>(model) + 1);
  SynapseRows& rows = synapse_rows_[static_cast<std::size_t>(model)];
  const SynapseRowLayout layout = syn.row_layout();
  rows.width = layout.width();
  const std::size_t first = rows.size(), n = gen.size();
  rows.conn.resize(first + n);
  for (std::size_t c = 0; c < n; ++c) rows.conn[first + c] = static_cast<std::int64_t>(base + c);
  // Defaults first: t_last = 0, the model's parameters (per connection unless
  // homogeneous) and state.
  std::vector<double> proto(static_cast<std::size_t>(rows.width), 0.0);
  if (!layout.homogeneous) {
    std::copy(syn.field_defaults.begin(), syn.field_defaults.begin() + syn.n_params, proto.begin() + layout.param_offset());
  }
  std::copy(syn.field_defaults.begin() + syn.n_params, syn.field_defaults.end(), proto.begin() + layout.state_offset());
  rows.values.resize((first + n) * proto.size());
  for (std::size_t c = 0; c < n; ++c) std::copy(proto.begin(), proto.end(), rows.values.begin() + static_cast<std::ptrdiff_t>((first + c) * proto.size()));
  if (syn.labelled) rows.label.resize(first + n, static_cast<std::int32_t>(as_int(syn.dict_defaults.at("synapse_label"), "synapse_label")));

  // syn_spec values: numbers, arrays (per connection, NEST's shapes) or random
  // Parameters, drawn per target from a stream of their own per key.
  std::uint64_t key_index = 0;
  for (const auto& [key, value] : syn_spec.extra) {
    ++key_index;
    const int f = syn.field_index(key);
    const int column = f < 0 ? -1 : (f < syn.n_params ? layout.param_offset() + f : layout.state_offset() + f - syn.n_params);
    auto write = [&](std::size_t c, double v) {
      if (f < 0) {
        if (std::floor(v) != v) illegal("synapse_label must be an integer.");
        rows.label[first + c] = static_cast<std::int32_t>(v);
      } else {
        if (syn.fields[static_cast<std::size_t>(f)].type != FieldType::Double && std::floor(v) != v) {
          illegal(syn.name + ": '" + key + "' must be an integer.");
        }
        rows.values[(first + c) * proto.size() + static_cast<std::size_t>(column)] = v;
      }
    };
    std::optional<RandomStream> rng;
    std::uint32_t group_target = 0;
    for (std::size_t c = 0; c < n; ++c) {
      switch (value.kind) {
        case SynapseValue::Kind::constant: write(c, value.constant); break;
        case SynapseValue::Kind::array: write(c, value.array.at(gen.array_index[c])); break;
        case SynapseValue::Kind::parameter:
          if (!rng || gen.target_index[c] != group_target) {
            group_target = gen.target_index[c];
            rng.emplace(rng_seed_, RngPurpose::SynapseParameter, projection | (key_index << 48), tgt[group_target]);
          }
          write(c, value.parameter->value(*rng));
          break;
      }
    }
  }
  if (syn.synapse_validate) {
    for (std::size_t c = 0; c < n; ++c) {
      const double* row = rows.values.data() + (first + c) * proto.size();
      const double* p = layout.homogeneous ? syn.field_defaults.data() : row + layout.param_offset();
      if (const char* problem = syn.synapse_validate(p, row + layout.state_offset(), store_.weight[base + c])) {
        throw Error(ErrorKind::BadProperty, syn.name + ": " + problem);
      }
    }
  }
}

std::vector<double> Kernel::get_connection_field(std::span<const std::int64_t> ids, const std::string& key) const {
  backend_->sync_connections();
  std::vector<double> out(ids.size());
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const auto id = ids[k];
    if (id < 0 || static_cast<std::size_t>(id) >= store_.size()) {
      throw Error(ErrorKind::KernelException, "Connection id " + std::to_string(id) + " does not exist.");
    }
    const int model = store_.synapse_model[static_cast<std::size_t>(id)];
    const ModelInfo& syn = registry_.at(model);
    const int f = syn.visible_field_index(key);
    if (f < 0 && !(key == "synapse_label" && syn.labelled)) {
      throw Error(ErrorKind::UnknownParameter, "Connections of " + syn.name + " have no parameter '" + key + "'.");
    }
    const SynapseRowLayout layout = syn.row_layout();
    if (f >= 0 && f < syn.n_params && layout.homogeneous) {
      out[k] = syn.field_defaults[static_cast<std::size_t>(f)];  // a common property
      continue;
    }
    const SynapseRows& rows = synapse_rows_.at(static_cast<std::size_t>(model));
    const std::int64_t r = rows.row_of(id);
    if (f < 0) {
      out[k] = rows.label[static_cast<std::size_t>(r)];
      continue;
    }
    const int column = f < syn.n_params ? layout.param_offset() + f : layout.state_offset() + f - syn.n_params;
    out[k] = rows.values[static_cast<std::size_t>(r * rows.width + column)];
  }
  return out;
}

// NEST's set_status of some synapse models also resets state (urbanczik_synapse:
// init_weight_ = weight_); such a model names a hidden flag that is cleared here.
void Kernel::clear_reset_on_set(std::span<const std::int64_t> ids) {
  for (const std::int64_t id : ids) {
    const int model = store_.synapse_model[static_cast<std::size_t>(id)];
    const ModelInfo& syn = registry_.at(model);
    if (syn.reset_on_set < 0) continue;
    const SynapseRowLayout layout = syn.row_layout();
    SynapseRows& rows = synapse_rows_.at(static_cast<std::size_t>(model));
    const int column = layout.state_offset() + syn.reset_on_set - syn.n_params;
    rows.values[static_cast<std::size_t>(rows.row_of(id) * rows.width + column)] = 0.0;
  }
}

// Writes a model field or synapse_label; false if `key` is neither for these
// connections' models (the caller tries the built-in keys).
bool Kernel::set_connection_field(std::span<const std::int64_t> ids, const std::string& key,
                                  std::span<const double> values) {
  struct Write {
    SynapseRows* rows;
    std::int64_t row;
    int column;  // -1: synapse_label
  };
  std::vector<Write> writes;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    const int model = store_.synapse_model[static_cast<std::size_t>(ids[k])];
    const ModelInfo& syn = registry_.at(model);
    const int f = syn.visible_field_index(key);
    if (f < 0 && !(key == "synapse_label" && syn.labelled)) {
      if (k == 0) return false;
      throw Error(ErrorKind::UnknownParameter, "Connections of " + syn.name + " have no parameter '" + key + "'.");
    }
    const SynapseRowLayout layout = syn.row_layout();
    if (f >= 0 && f < syn.n_params && layout.homogeneous) {
      throw Error(ErrorKind::BadProperty, syn.name + ": '" + key + "' is a common property of the model; set it "
                                          "with SetDefaults or CopyModel.");
    }
    if (f >= 0 && syn.fields[static_cast<std::size_t>(f)].type != FieldType::Double && std::floor(values[k]) != values[k]) {
      throw Error(ErrorKind::BadProperty, syn.name + ": '" + key + "' must be an integer.");
    }
    SynapseRows& rows = synapse_rows_.at(static_cast<std::size_t>(model));
    const int column = f < 0 ? -1 : f < syn.n_params ? layout.param_offset() + f : layout.state_offset() + f - syn.n_params;
    writes.push_back({&rows, rows.row_of(ids[k]), column});
    // The connection as a whole must stay valid for its model.
    if (column >= 0 && syn.synapse_validate) {
      std::vector<double> row(rows.values.begin() + writes.back().row * rows.width,
                              rows.values.begin() + (writes.back().row + 1) * rows.width);
      row[static_cast<std::size_t>(column)] = values[k];
      const double* p = layout.homogeneous ? syn.field_defaults.data() : row.data() + layout.param_offset();
      if (const char* problem = syn.synapse_validate(p, row.data() + layout.state_offset(), store_.weight[static_cast<std::size_t>(ids[k])])) {
        throw Error(ErrorKind::BadProperty, syn.name + ": " + problem);
      }
    }
  }
  for (std::size_t k = 0; k < writes.size(); ++k) {
    const Write& w = writes[k];
    if (w.column < 0) {
      w.rows->label[static_cast<std::size_t>(w.row)] = static_cast<std::int32_t>(values[k]);
    } else {
      w.rows->values[static_cast<std::size_t>(w.row * w.rows->width + w.column)] = values[k];
    }
  }
  return true;
}

}  // namespace roost
