// SPDX-License-Identifier: GPL-2.0-or-later
// Kernel: settings, nodes and their status, and the simulation loop.
#include "roost/kernel.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>
#include <optional>
#include <string>
#include <tuple>

#include "roost/clopath_history_store.hpp"
#include "roost/correlation_detectors.hpp"
#include "roost/devices_ps.hpp"
#include "roost/error.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/sic_common.hpp"
#include "roost/rng.hpp"

namespace roost {
namespace {

using Clock = std::chrono::steady_clock;

double seconds_since(Clock::time_point t0) {
  return std::chrono::duration<double>(Clock::now() - t0).count();
}

[[noreturn]] void bad_property(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

// A recorder's backend options exist (for NEST) only while record_to names a
// backend that has them: precision (ascii, screen), file_extension (ascii).
bool backend_has_option(const std::string& record_to, const std::string& key) {
  if (key == "precision") return record_to == "ascii" || record_to == "screen";
  if (key == "file_extension") return record_to == "ascii";
  return true;
}

void hide_backend_options(Dict& d) {
  auto it = d.find("record_to");
  if (it == d.end() || !std::holds_alternative<std::string>(it->second)) return;
  const std::string to = std::get<std::string>(it->second);
  for (const char* key : {"precision", "file_extension"}) {
    if (!backend_has_option(to, key)) d.erase(key);
  }
}

}  // namespace

Kernel::Kernel(std::unique_ptr<Backend> backend) : comm_(make_local_communicator()), backend_(std::move(backend)) {}

Kernel::Kernel(BackendFactory factory, const std::string& initial)
    : Kernel(std::move(factory), initial, make_local_communicator()) {}

Kernel::Kernel(BackendFactory factory, const std::string& initial, std::shared_ptr<Communicator> communicator)
    : factory_(std::move(factory)),
      comm_(communicator ? std::move(communicator) : make_local_communicator()),
      backend_(factory_(initial)) {}

Kernel::~Kernel() { close_recorder_files(); }

// ---------------------------------------------------------------- models

Dict Kernel::get_defaults(const std::string& name) const {
  const ModelInfo& m = registry_.get(name);
  Dict d = m.element_type == ElementType::neuron ? neuron_fields_dict(m, m.field_defaults.data()) : m.dict_defaults;
  d["element_type"] = std::string(m.neuron_like ? "neuron" : element_type_name(m.element_type));
  d["model"] = m.name;
  d["type_id"] = m.base_name;  // NEST reports the built-in model a copy derives from
  if (m.element_type == ElementType::neuron) {
    add_lists_to_dict(m, m.list_defaults, d);
    if (archives_calcium(m)) add_plasticity_status(plasticity_prototype(registry_.find(name)), d);
    d["recordables"] = m.recordables_for(m.counts_of(m.field_defaults.data()));
    if (m.receptor_group >= 0 && m.per_connection_receptor < 0 && m.port_count == nullptr) d["has_connections"] = false;
  } else if (m.element_type == ElementType::synapse) {
    for (auto& [key, value] : neuron_fields_dict(m, m.field_defaults.data())) d[key] = value;
    d["num_connections"] = static_cast<std::int64_t>(num_connections(registry_.find(name)));
    d["synapse_model"] = m.name;
    d["synapse_modelid"] = static_cast<std::int64_t>(registry_.find(name));  // the connections' synapse_id
  } else if (m.element_type == ElementType::recorder) {
    d["n_events"] = std::int64_t{0};
    if (is_correlation_detector(m.device_kind)) CorrelationDetectors().add_status(kNoDevice, m.device_kind, d);
    hide_backend_options(d);
  } else if (is_current_source(m.device_kind)) {
    d["recordables"] = std::vector<std::string>{"I"};
  } else if (records_rate(m.device_kind)) {
    d["recordables"] = std::vector<std::string>{"rate"};
  }
  return d;
}

void Kernel::set_defaults(const std::string& model, const Dict& changes) {
  const int id = registry_.find(model);
  Dict rest = changes;
  const Dict plasticity = take_plasticity_keys(registry_.at(id), rest);
  NodePlasticity prototype = plasticity_prototype(id);
  apply_plasticity_status(prototype, plasticity);  // checked before anything changes
  check_model_node_links(model, rest);
  registry_.set_defaults(model, rest, resolution_);
  if (!plasticity.empty()) plasticity_defaults_[id] = std::move(prototype);
}

void Kernel::copy_model(const std::string& old_name, const std::string& new_name, const Dict& changes) {
  const int id = registry_.find(old_name);
  Dict rest = changes;
  const Dict plasticity = take_plasticity_keys(registry_.at(id), rest);
  NodePlasticity prototype = plasticity_prototype(id);
  apply_plasticity_status(prototype, plasticity);
  check_model_node_links(old_name, rest);
  registry_.copy_model(old_name, new_name, rest, resolution_);
  if (archives_calcium(registry_.at(id))) plasticity_defaults_[registry_.find(new_name)] = std::move(prototype);
}

// A synapse model's volume_transmitter must be a node of that model (as NEST
// checks at SetDefaults); weight_recorder is checked at prepare.
void Kernel::check_model_node_links(const std::string& model, const Dict& changes) const {
  auto it = changes.find("volume_transmitter");
  if (it == changes.end() || !registry_.get(model).dict_defaults.count("volume_transmitter")) return;
  const std::int64_t gid = as_int(it->second, "volume_transmitter");
  if (gid < 1 || gid > network_size() || !registry_.at(range_of(gid).model).neuromodulator_source) {
    throw Error(ErrorKind::BadProperty, model + ": volume_transmitter must be a single volume_transmitter node (got " +
                                            std::to_string(gid) + ").");
  }
}

// ---------------------------------------------------------------- nodes

Gid Kernel::create(const std::string& model_name, Index n) {
  const auto t0 = Clock::now();
  const int model_id = registry_.find(model_name);
  if (n < 1) bad_property("Create: the number of nodes must be >= 1.");
  const ModelInfo& model = registry_.at(model_id);
  if (model.element_type == ElementType::synapse) {
    throw Error(ErrorKind::BadProperty, "Create: '" + model_name + "' is a synapse model, not a node model.");
  }
  NodeRange range;
  range.first = network_size() + 1;
  range.last = range.first + n - 1;
  range.model = model_id;
  if (model.element_type == ElementType::neuron) {
    const auto ranks = static_cast<Index>(comm_->size()), rank = static_cast<Index>(comm_->rank());
    const Index begin = n * rank / ranks, end = n * (rank + 1) / ranks;
    range.local_first = range.first + begin;
    range.local_count = end - begin;
    range.population = backend_->add_population(model, range.local_first, range.local_count);
  } else {
    range.first_device = devices_.size();
    for (Index k = 0; k < n; ++k) {
      Device dev;
      dev.gid = range.first + k;
      dev.model = model_id;
      dev.params = model.dict_defaults;
      if (model.device_kind == DeviceKind::multimeter) {
        dev.data.values.resize(as_strings(dev.params.at("record_from"), "record_from").size());
      }
      devices_.push_back(std::move(dev));
    }
  }
  ranges_.push_back(range);
  add_plasticity_nodes(range);
  prepared_ = false;
  time_create_ += seconds_since(t0);
  return range.first;
}

int Kernel::owner_rank(Gid gid) const {
  const NodeRange& r = range_of(gid);
  if (!r.is_neuron()) return comm_->rank();
  // Inverse of the block split in create(): the last rank whose block starts at or before gid.
  const auto n = static_cast<Index>(r.last - r.first + 1), ranks = static_cast<Index>(comm_->size());
  const auto offset = static_cast<Index>(gid - r.first);
  Index owner = (offset * ranks) / n;
  while (owner + 1 < ranks && n * (owner + 1) / ranks <= offset) ++owner;
  while (owner > 0 && n * owner / ranks > offset) --owner;
  return static_cast<int>(owner);
}

const NodeRange& Kernel::range_of(Gid gid) const {
  if (gid < 1 || gid > network_size()) {
    throw Error(ErrorKind::UnknownNode, "Node with id " + std::to_string(gid) + " does not exist.");
  }
  auto it = std::upper_bound(ranges_.begin(), ranges_.end(), gid,
                             [](Gid g, const NodeRange& r) { return g < r.first; });
  return *(it - 1);
}

Device& Kernel::device(Gid gid) {
  const NodeRange& r = range_of(gid);
  if (r.population >= 0) throw Error(ErrorKind::UnknownNode, "Node " + std::to_string(gid) + " is not a device.");
  return devices_[r.first_device + static_cast<std::size_t>(gid - r.first)];
}

const Device& Kernel::device(Gid gid) const { return const_cast<Kernel*>(this)->device(gid); }

const Dict& Kernel::device_params(Gid gid) const { return device(gid).params; }

const RecorderData& Kernel::events(Gid gid) const {
  const Device& dev = device(gid);
  if (registry_.at(dev.model).element_type != ElementType::recorder) {
    throw Error(ErrorKind::BadProperty, "Node " + std::to_string(gid) + " is not a recorder and has no events.");
  }
  return dev.data;
}

Dict Kernel::get_status(Gid gid) const {
  const NodeRange& r = range_of(gid);
  const ModelInfo& m = registry_.at(r.model);
  Dict d;
  std::int64_t thread = 0;
  if (!r.holds_locally(gid)) {
    // A neuron of another rank: NEST's proxy answers with its identity only.
    d["global_id"] = static_cast<std::int64_t>(gid);
    d["model"] = m.name;
    d["element_type"] = std::string(m.neuron_like ? "neuron" : element_type_name(m.element_type));
    d["local"] = false;
    d["rank"] = static_cast<std::int64_t>(owner_rank(gid));
    return d;
  }
  if (r.population >= 0) {
    std::vector<double> row(static_cast<std::size_t>(m.n_fields()));
    const Index local = gid - r.local_first;
    backend_->get_rows(r.population, std::span<const Index>(&local, 1), row);
    d = neuron_fields_dict(m, row.data());
    if (m.has_lists()) add_lists_to_dict(m, neuron_lists(r, m, local, row.data()), d);
    d["recordables"] = m.recordables_for(m.counts_of(row.data()));
    if (m.receptor_group >= 0 && m.per_connection_receptor < 0 && m.port_count == nullptr) {
      d["has_connections"] = max_receptor(gid) > 0;
    }
    if (const NodePlasticity* plasticity = plasticity_of(gid)) add_plasticity_status(*plasticity, d);
    thread = backend_->owner_thread(r.population, local);
  } else {
    const Device& dev = device(gid);
    d = dev.params;
    if (m.element_type == ElementType::recorder) {
      d["n_events"] = static_cast<std::int64_t>(dev.data.size());
      d["filenames"] = dev.data.filenames;
      hide_backend_options(d);
    }
    if (is_correlation_detector(m.device_kind)) {
      const std::size_t index = r.first_device + static_cast<std::size_t>(gid - r.first);
      if (detectors_) {
        detectors_->add_status(index, m.device_kind, d);
      } else {
        CorrelationDetectors().add_status(index, m.device_kind, d);
      }
    }
    if (is_current_source(m.device_kind)) {
      d["recordables"] = std::vector<std::string>{"I"};
    }
    if (records_rate(m.device_kind)) d["recordables"] = std::vector<std::string>{"rate"};
  }
  d["global_id"] = static_cast<std::int64_t>(gid);
  d["model"] = m.name;
  d["element_type"] = std::string(m.neuron_like ? "neuron" : element_type_name(m.element_type));
  d["local"] = true;
  d["thread"] = thread;
  d["vp"] = static_cast<std::int64_t>(comm_->rank()) * threads_ + thread;
  d["rank"] = static_cast<std::int64_t>(comm_->rank());
  // NEST: rate models and gap-junction neurons take part in waveform relaxation when use_wfr is on.
  d["node_uses_wfr"] = (m.rate_node || m.gap_node) && wfr_.use;
  return d;
}

ListValues Kernel::neuron_lists(const NodeRange& r, const ModelInfo& m, Index local, const double* row) const {
  ListValues lists = backend_->get_lists(r.population, local);
  const std::vector<int> counts = m.counts_of(row);
  for (std::size_t l = 0; l < lists.size(); ++l) lists[l].resize(static_cast<std::size_t>(counts[static_cast<std::size_t>(m.lists[l].group)]));
  return lists;
}

std::vector<std::vector<int>> Kernel::list_counts(std::span<const Gid> gids) const {
  std::vector<std::vector<int>> out(gids.size());
  std::size_t k = 0;
  while (k < gids.size()) {
    const NodeRange& r = range_of(gids[k]);
    const ModelInfo& m = registry_.at(r.model);
    std::size_t end = k;
    while (end < gids.size() && gids[end] >= r.first && gids[end] <= r.last) ++end;
    if (r.population >= 0 && m.has_lists()) {
      std::vector<Index> locals;
      std::vector<std::size_t> at;
      for (std::size_t j = k; j < end; ++j) {
        if (!r.holds_locally(gids[j])) continue;
        locals.push_back(gids[j] - r.local_first);
        at.push_back(j);
      }
      std::vector<double> counts(locals.size());
      for (const auto& group : m.list_groups) {
        backend_->get_field(r.population, locals, group.count_field, counts);
        for (std::size_t i = 0; i < at.size(); ++i) out[at[i]].push_back(static_cast<int>(counts[i]));
      }
    }
    k = end;
  }
  return out;
}

void Kernel::note_receptors_in_use(std::span<const Gid> targets, std::span<const std::int32_t> receptors) {
  for (std::size_t c = 0; c < targets.size(); ++c) {
    const NodeRange& r = range_of(targets[c]);
    if (r.population < 0 || registry_.at(r.model).receptor_group < 0) continue;
    if (max_receptor_.size() <= static_cast<std::size_t>(r.population)) max_receptor_.resize(static_cast<std::size_t>(r.population) + 1);
    auto& used = max_receptor_[static_cast<std::size_t>(r.population)];
    if (used.empty()) used.assign(static_cast<std::size_t>(r.local_count), 0);
    auto& m = used[static_cast<std::size_t>(targets[c] - r.local_first)];
    m = std::max(m, receptors[c]);
  }
}

std::int32_t Kernel::max_receptor(Gid gid) const {
  const NodeRange& r = range_of(gid);
  if (r.population < 0 || static_cast<std::size_t>(r.population) >= max_receptor_.size()) return 0;
  const auto& used = max_receptor_[static_cast<std::size_t>(r.population)];
  const auto local = static_cast<std::size_t>(gid - r.local_first);
  return local < used.size() ? used[local] : 0;
}

void Kernel::set_status(Gid gid, const Dict& changes) {
  const NodeRange& r = range_of(gid);
  const ModelInfo& m = registry_.at(r.model);
  if (r.population >= 0) {
    if (!r.holds_locally(gid)) return;  // as NEST: each rank sets the nodes it holds
    // The calcium trace and synaptic elements: checked first, changed last.
    Dict fields = changes;
    const Dict plasticity_changes = take_plasticity_keys(m, fields);
    NodePlasticity* plasticity = plasticity_of(gid);
    NodePlasticity next_plasticity;
    if (plasticity && !plasticity_changes.empty()) {
      next_plasticity = *plasticity;
      apply_plasticity_status(next_plasticity, plasticity_changes);
    }
    auto commit_plasticity = [&] {
      if (plasticity && !plasticity_changes.empty()) *plasticity = std::move(next_plasticity);
    };
    std::vector<double> row(static_cast<std::size_t>(m.n_fields()));
    const Index local = gid - r.local_first;
    backend_->get_rows(r.population, std::span<const Index>(&local, 1), row);
    if (!m.has_lists()) {
      apply_neuron_fields(m, row.data(), fields);
      backend_->set_rows(r.population, std::span<const Index>(&local, 1), row);
      commit_plasticity();
      return;
    }
    ListValues lists = neuron_lists(r, m, local, row.data());
    apply_neuron_status(m, row.data(), lists, fields);
    // As NEST: receptor ports that connections use cannot go away.
    if (m.receptor_group >= 0 && m.per_connection_receptor < 0 &&
        row[static_cast<std::size_t>(m.list_groups[static_cast<std::size_t>(m.receptor_group)].count_field)] < max_receptor(gid)) {
      bad_property(m.name + ": The neuron has connections, therefore the number of ports cannot be reduced.");
    }
    backend_->set_rows(r.population, std::span<const Index>(&local, 1), row);
    if (backend_->set_lists(r.population, local, lists)) {
      // More receptor ports: the ring and the delivery tables are laid out anew.
      connections_changed_ = true;
      prepared_ = false;
    }
    commit_plasticity();
    return;
  }
  Device& dev = device(gid);
  if (is_correlation_detector(m.device_kind)) {
    detectors().set_status(r.first_device + static_cast<std::size_t>(gid - r.first), m.device_kind, dev.params,
                           changes, resolution_);
    prepared_ = false;
    return;
  }
  Dict next = dev.params;
  bool clear_events = false;
  for (const auto& [key, value] : changes) {
    if (key == "n_events" && m.element_type == ElementType::recorder) {
      if (as_int(value, key) != 0) bad_property("n_events can only be set to 0 (which clears the recorder).");
      clear_events = true;
      continue;
    }
    auto it = next.find(key);
    if (it == next.end()) {
      throw Error(ErrorKind::UnknownParameter, "Unknown parameter '" + key + "' for model " + m.name + ".");
    }
    it->second = coerce_like(it->second, value, key);
  }
  if (is_rate_generator(m.device_kind)) check_rate_generator_status(m.device_kind, changes, next, resolution_, true);
  if (next.count("record_to") && std::holds_alternative<std::string>(next.at("record_to"))) {
    for (const char* key : {"precision", "file_extension"}) {
      if (changes.count(key) && !backend_has_option(std::get<std::string>(next.at("record_to")), key)) {
        throw Error(ErrorKind::UnknownParameter, "Unaccessed elements in params of " + m.name + ": " + key +
                                                     " (an option of record_to " +
                                                     (std::string(key) == "precision" ? "'ascii' and 'screen'" : "'ascii'") +
                                                     ", not of '" + std::get<std::string>(next.at("record_to")) + "').");
      }
    }
  }
  validate_device_params(m.device_kind, next, resolution_);
  if (m.device_kind == DeviceKind::multimeter && next.at("record_from") != dev.params.at("record_from")) {
    if (!dev.data.senders.empty()) bad_property("record_from cannot be changed after the multimeter has recorded.");
    dev.data.values.assign(as_strings(next.at("record_from"), "record_from").size(), {});
  }
  dev.params = std::move(next);
  if (clear_events) {
    dev.data.senders.clear();
    dev.data.stamps.clear();
    dev.data.offsets.clear();
    dev.data.targets.clear();
    dev.data.weights.clear();
    dev.data.receptors.clear();
    dev.data.ports.clear();
    dev.data.states.clear();
    dev.data.file_events = 0;
    for (auto& column : dev.data.values) column.clear();
  }
  prepared_ = false;
}

namespace {

constexpr Index kNotLocal = std::numeric_limits<Index>::max();

Value value_for_field(const FieldSpec& spec, double v, const std::string& key) {
  if (spec.type == FieldType::Bool) {
    if (v != 0.0 && v != 1.0) throw Error(ErrorKind::TypeMismatch, "Parameter '" + key + "' expects a boolean.");
    return v != 0.0;
  }
  return v;
}

}  // namespace

// Calls body(range, model, field, begin, end, locals) for each run of gids that
// lie in one Create range; for neuron ranges `field` is the visible field
// `key` (UnknownParameter otherwise) and `locals` the indices, in the rank's
// population, of the run's gids that this rank holds (-1 for the others).
template <class Body>
void Kernel::for_each_run(std::span<const Gid> gids, const std::string& key, Body&& body) const {
  std::size_t k = 0;
  while (k < gids.size()) {
    const NodeRange& r = range_of(gids[k]);
    const ModelInfo& m = registry_.at(r.model);
    std::size_t end = k;
    while (end < gids.size() && gids[end] >= r.first && gids[end] <= r.last) ++end;
    int f = -1;
    std::vector<Index> locals;
    if (r.population >= 0) {
      f = m.field_index(key);
      if (f < 0 || m.fields[static_cast<std::size_t>(f)].hidden) {
        throw Error(ErrorKind::UnknownParameter, "Unknown parameter '" + key + "' for model " + m.name + ".");
      }
      for (std::size_t j = k; j < end; ++j) locals.push_back(r.holds_locally(gids[j]) ? gids[j] - r.local_first : kNotLocal);
    }
    body(r, m, f, k, end, locals);
    k = end;
  }
}

void Kernel::get_values(std::span<const Gid> gids, const std::string& key, std::span<double> out) const {
  if (get_calcium_values(gids, key, out)) return;
  for_each_run(gids, key, [&](const NodeRange& r, const ModelInfo& m, int f, std::size_t k, std::size_t end,
                              const std::vector<Index>& locals) {
    if (r.population >= 0) {
      // Nodes of other ranks read as NaN (their values live there).
      std::vector<Index> held;
      for (Index l : locals) {
        if (l != kNotLocal) held.push_back(l);
      }
      std::vector<double> values(held.size());
      backend_->get_field(r.population, held, f, values);
      for (std::size_t j = k, h = 0; j < end; ++j) {
        out[j] = locals[j - k] == kNotLocal ? std::numeric_limits<double>::quiet_NaN() : values[h++];
      }
      return;
    }
    for (std::size_t j = k; j < end; ++j) {
      const Dict& p = device(gids[j]).params;
      auto it = p.find(key);
      if (it == p.end()) {
        throw Error(ErrorKind::UnknownParameter, "Unknown parameter '" + key + "' for model " + m.name + ".");
      }
      out[j] = std::holds_alternative<bool>(it->second) ? (std::get<bool>(it->second) ? 1.0 : 0.0)
                                                        : as_double(it->second, key);
    }
  });
}

void Kernel::set_values(std::span<const Gid> gids, const std::string& key, std::span<const double> values) {
  if (values.size() != gids.size()) bad_property("set: need one value per node for '" + key + "'.");
  if (set_calcium_values(gids, key, values)) return;
  // Compute every change first, then commit, so that an error changes nothing.
  struct PendingRows {
    int population;
    std::vector<Index> locals;
    std::vector<double> rows;
  };
  std::vector<PendingRows> pending;
  std::vector<std::pair<Gid, Dict>> device_changes;
  for_each_run(gids, key, [&](const NodeRange& r, const ModelInfo& m, int f, std::size_t k, std::size_t end,
                              const std::vector<Index>& locals) {
    if (r.population < 0) {
      // The Python layer sends a boolean key as 0/1: give the device a bool back.
      const auto it = m.dict_defaults.find(key);
      const bool flag = it != m.dict_defaults.end() && std::holds_alternative<bool>(it->second);
      for (std::size_t j = k; j < end; ++j) {
        const Value v = flag && (values[j] == 0.0 || values[j] == 1.0) ? Value(values[j] == 1.0) : Value(values[j]);
        device_changes.push_back({gids[j], Dict{{key, v}}});
      }
      return;
    }
    // Each rank sets the nodes it holds (all values are checked everywhere).
    PendingRows p{r.population, {}, {}};
    std::vector<std::size_t> position;
    for (std::size_t j = 0; j < locals.size(); ++j) {
      value_for_field(m.fields[static_cast<std::size_t>(f)], values[k + j], key);
      if (locals[j] == kNotLocal) continue;
      p.locals.push_back(locals[j]);
      position.push_back(k + j);
    }
    const auto width = static_cast<std::size_t>(m.n_fields());
    p.rows.resize(p.locals.size() * width);
    backend_->get_rows(r.population, p.locals, p.rows);
    for (std::size_t j = 0; j < p.locals.size(); ++j) {
      Dict change{{key, value_for_field(m.fields[static_cast<std::size_t>(f)], values[position[j]], key)}};
      apply_neuron_fields(m, p.rows.data() + j * width, change);
    }
    pending.push_back(std::move(p));
  });
  // Devices validate in set_status; check them all before committing anything.
  std::vector<Dict> saved;
  for (auto& [gid, change] : device_changes) saved.push_back(device(gid).params);
  try {
    for (auto& [gid, change] : device_changes) set_status(gid, change);
  } catch (...) {
    for (std::size_t j = 0; j < saved.size(); ++j) device(device_changes[j].first).params = saved[j];
    throw;
  }
  for (const auto& p : pending) backend_->set_rows(p.population, p.locals, p.rows);
}

std::vector<double> Kernel::evaluate_parameter(const Parameter& parameter, std::span<const Gid> gids,
                                               std::span<const double> positions, int dim) {
  const bool have_positions = dim > 0 && positions.size() == gids.size() * static_cast<std::size_t>(dim);
  if (!positions.empty() && !have_positions) {
    throw Error(ErrorKind::BadProperty, "evaluate_parameter: positions must have one row of dim values per node");
  }
  const std::uint64_t draw = parameter_draws_++;
  std::vector<double> out(gids.size());
  for (std::size_t k = 0; k < gids.size(); ++k) {
    RandomStream rng(rng_seed_, static_cast<std::uint32_t>(RngPurpose::NodeParameter), draw,
                     static_cast<std::uint64_t>(gids[k]));
    ParameterGeometry geometry{};
    if (have_positions) {
      geometry.dim = dim;
      for (int i = 0; i < dim && i < 3; ++i) geometry.node[i] = positions[k * static_cast<std::size_t>(dim) + i];
    }
    out[k] = parameter.value(rng, have_positions ? &geometry : nullptr);
  }
  return out;
}

// ---------------------------------------------------------------- simulation

std::vector<NodeRole> Kernel::node_roles() const {
  std::vector<NodeRole> roles(static_cast<std::size_t>(network_size() + 1), NodeRole::none);
  for (const auto& r : ranges_) {
    const ModelInfo& m = registry_.at(r.model);
    NodeRole role = NodeRole::neuron;
    switch (m.device_kind) {
      case DeviceKind::none: role = NodeRole::neuron; break;
      case DeviceKind::spike_generator: role = NodeRole::spike_generator; break;
      case DeviceKind::poisson_generator:
      case DeviceKind::poisson_generator_ps: role = NodeRole::poisson_generator; break;
      case DeviceKind::dc_generator:
      case DeviceKind::step_current_generator:
      case DeviceKind::step_rate_generator: role = NodeRole::current_generator; break;
      case DeviceKind::spike_recorder:
      case DeviceKind::weight_recorder:
      case DeviceKind::multimeter: role = NodeRole::recorder; break;
      case DeviceKind::correlation_detector:
      case DeviceKind::correlomatrix_detector: role = NodeRole::recorder; break;
      case DeviceKind::correlospinmatrix_detector: role = NodeRole::recorder; break;
      case DeviceKind::spin_detector: role = NodeRole::recorder; break;
      case DeviceKind::ac_generator: role = NodeRole::current_generator; break;
      case DeviceKind::noise_generator: role = NodeRole::noise_generator; break;
      case DeviceKind::pulsepacket_generator:
      case DeviceKind::spike_train_injector: role = NodeRole::spike_generator; break;
      default:
        if (is_rate_generator(m.device_kind)) role = NodeRole::poisson_generator;  // drawn at the target, like it
        break;
    }
    std::fill(roles.begin() + r.first, roles.begin() + r.last + 1, role);
  }
  return roles;
}

void Kernel::agree(std::exception_ptr local_error, Call call) {
  if (comm_->size() == 1) {
    if (local_error) std::rethrow_exception(local_error);
    return;
  }
  // One reduction: the lowest failing rank, and the call's code (min and max).
  const auto code = static_cast<std::int64_t>(call);
  std::int64_t state[3] = {local_error ? comm_->rank() : comm_->size(), code, -code};
  comm_->allreduce_min(state);
  if (state[1] != -state[2]) {
    throw Error(ErrorKind::KernelException,
                "MPI ranks are out of step: some called Connect while others called Prepare/Simulate/Run. "
                "Every rank must make the same Connect and Simulate calls in the same order.");
  }
  const std::int64_t failing = state[0];
  if (failing == comm_->size()) return;
  // The lowest failing rank tells the others what went wrong: kind, then message.
  std::string payload;
  if (comm_->rank() == failing) {
    ErrorKind kind = ErrorKind::KernelException;
    try {
      std::rethrow_exception(local_error);
    } catch (const Error& e) {
      kind = e.kind();
      payload = e.what();
    } catch (const std::exception& e) {
      payload = e.what();
    }
    payload.insert(payload.begin(), static_cast<char>(kind));
  }
  const std::vector<char> message = comm_->broadcast_bytes(payload, static_cast<int>(failing));
  if (local_error) std::rethrow_exception(local_error);
  throw Error(static_cast<ErrorKind>(message.at(0)),
              "rank " + std::to_string(failing) + ": " + std::string(message.begin() + 1, message.end()));
}

void Kernel::prepare() {
  agree(nullptr, Call::prepare);  // are all ranks here? (cheap; catches out-of-step scripts)
  compute_delay_extrema();
  agree_rate_connections();
  agree_repeat_rooms();
  const bool connections_changed = connections_changed_;  // prepare_local resets it
  std::exception_ptr error;
  try {
    prepare_local();
  } catch (...) {
    error = std::current_exception();
    prepared_ = false;
  }
  try {
    agree(error, Call::prepare);
  } catch (...) {
    prepared_ = false;
    throw;
  }
  agree_neuromodulator_intervals();
  // Destinations scan the store: only when connections or nodes changed (a
  // Simulate loop without changes stays O(nodes) per call).
  if (comm_->size() > 1 && spike_exchange_ == "alltoallv") {
    // Agreed over ranks: a SynapseCollection.set may have touched only some of them.
    std::int64_t stale[1] = {connections_changed || destinations_.size() != static_cast<std::size_t>(network_size() + 1)};
    comm_->allreduce_max(stale);
    if (stale[0] != 0) compute_destinations();
  } else {
    destinations_.clear();  // empty: allgather
  }
}

// Which ranks need the spikes of each gid: those that store a delivered
// connection from it. Each rank marks its sources; rank 0 gathers the marks
// and broadcasts them (network_size bytes per rank, once per prepare).
void Kernel::compute_destinations() {
  const std::vector<NodeRole>& roles = roles_;  // made by prepare_local
  const auto n = static_cast<std::size_t>(network_size() + 1);
  std::vector<char> needs(n, 0);
  for (std::size_t c = 0; c < store_.size(); ++c) {
    if (roles[store_.target[c]] == NodeRole::neuron) needs[store_.source[c]] = 1;
  }
  for (const NeuromodulatorBuffer& b : neuromodulators_) needs[static_cast<std::size_t>(b.gid)] = 1;  // every rank's synapses read them
  std::vector<std::int64_t> counts;
  const std::vector<char> all = comm_->broadcast_bytes(comm_->gather_bytes(needs, 0, counts), 0);
  destinations_.assign(n, {});
  for (int r = 0; r < comm_->size(); ++r) {
    for (std::size_t g = 0; g < n; ++g) {
      if (all[static_cast<std::size_t>(r) * n + g]) destinations_[g].push_back(r);
    }
  }
}

void Kernel::prepare_local() {
  run_model_pre_run();
  size_connection_ports();
  roles_ = node_roles();
  const std::vector<NodeRole>& roles = roles_;
  PrepareInfo info;
  info.resolution = resolution_;
  info.tics_per_ms = tics_per_ms_;
  info.repeat_room = &repeat_room_;
  info.min_delay = min_delay_;
  info.max_delay = max_delay_;
  info.now = now_;
  info.seed = rng_seed_;
  info.threads = threads_;
  info.connections = &store_;
  info.connections_changed = connections_changed_;
  info.roles = &roles;
  info.synapses.resize(registry_.size());
  for (int m = 0; m < registry_.size(); ++m) {
    const ModelInfo& syn = registry_.at(m);
    if (syn.element_type != ElementType::synapse) continue;
    SynapseDeliverySpec& spec = info.synapses[static_cast<std::size_t>(m)];
    spec.type = syn.synapse_model;
    spec.weight_recorder = static_cast<Gid>(as_int(syn.dict_defaults.at("weight_recorder"), "weight_recorder"));
    spec.rate_connection = syn.synapse_traits.rate_connection;
    spec.plastic_path = spec.rate_connection == 0 && (!syn.synapse_traits.is_static || spec.weight_recorder != 0);
    spec.reads_post_history = syn.synapse_traits.reads_post_history;
    // The Urbanczik history lives in the Clopath store's slots (roost/urbanczik_history.hpp).
    spec.reads_clopath_history = syn.synapse_traits.reads_clopath_history || syn.synapse_traits.reads_urbanczik_history;
    spec.layout = syn.row_layout();
    spec.common.assign(syn.field_defaults.begin(), syn.field_defaults.begin() + syn.n_params);
    if (spec.weight_recorder != 0 &&
        (spec.weight_recorder > network_size() || registry_.at(range_of(spec.weight_recorder).model).device_kind != DeviceKind::weight_recorder)) {
      throw Error(ErrorKind::BadProperty, syn.name + ": weight_recorder " + std::to_string(spec.weight_recorder) +
                                              " is not a weight_recorder node.");
    }
  }
  if (synapse_rows_.size() < static_cast<std::size_t>(registry_.size())) synapse_rows_.resize(static_cast<std::size_t>(registry_.size()));
  info.synapse_rows = &synapse_rows_;
  info.connection_weights = store_.weight.data();
  info.post_history_capacity = post_history_capacity_;
  prepare_neuromodulators(info);

  // Generators become programs; multimeters become samplers.
  std::vector<int> sampler_of_device(devices_.size(), -1);
  sampler_device_.clear();
  rate_rows_.begin(resolution_, min_delay_);
  info.rate_values = &rate_values_;
  for (std::size_t d = 0; d < devices_.size(); ++d) {
    Device& dev = devices_[d];
    const ModelInfo& m = registry_.at(dev.model);
    if (m.element_type == ElementType::recorder) dev.data.window = exclusive_start_window(dev.params, resolution_);
    switch (m.device_kind) {
      case DeviceKind::spike_generator: info.spike_trains.push_back(make_spike_train(dev.gid, dev.params, resolution_, now_, tics_per_ms_)); break;
      case DeviceKind::poisson_generator: info.poissons.push_back(make_poisson(dev.gid, dev.params, resolution_)); break;
      case DeviceKind::poisson_generator_ps: info.poissons.push_back(make_poisson_ps(dev.gid, dev.params, resolution_)); break;
      case DeviceKind::dc_generator:
      case DeviceKind::step_current_generator:
        info.currents.push_back(make_current(dev.gid, m.device_kind, dev.params, resolution_));
        break;
      case DeviceKind::step_rate_generator:  // its rate as step_current_generator's current; sent by rate_transmission.hpp
        info.currents.push_back(make_current(dev.gid, DeviceKind::step_current_generator, dev.params, resolution_));
        break;
      case DeviceKind::ac_generator: info.currents.push_back(make_ac_current(dev.gid, dev.params, resolution_)); break;
      case DeviceKind::noise_generator: info.noises.push_back(make_noise(dev.gid, dev.params, resolution_, now_)); break;
      case DeviceKind::pulsepacket_generator:
        info.spike_trains.push_back(
            make_pulse_packets(dev.gid, dev.params, resolution_, now_, nest_min_delay_, rng_seed_));
        break;
      case DeviceKind::spike_train_injector:
        info.spike_trains.push_back(make_injector_train(dev.gid, dev.params, resolution_, now_));
        info.unrolled_sources.push_back(dev.gid);
        break;
      case DeviceKind::multimeter: {
        SamplerSpec s;
        s.id = static_cast<int>(sampler_device_.size());
        s.interval = on_grid_steps(as_double(dev.params.at("interval"), "interval"), resolution_, "interval");
        s.offset = on_grid_steps(as_double(dev.params.at("offset"), "offset"), resolution_, "offset");
        s.window = exclusive_start_window(dev.params, resolution_);
        s.record_from = as_strings(dev.params.at("record_from"), "record_from");
        sampler_of_device[d] = s.id;
        sampler_device_.push_back(static_cast<int>(d));
        info.samplers.push_back(std::move(s));
        break;
      }
      default:
        if (is_rate_generator(m.device_kind)) info.poissons.push_back(rate_rows_.add(dev.gid, m.device_kind, dev.params));
        break;
    }
  }
  // Recorder connections: who samples whom, whose spikes go where.
  spike_recorders_of_.assign(static_cast<std::size_t>(network_size() + 1), {});
  std::vector<PoissonRecording> previous_recordings = std::move(poisson_recordings_);
  poisson_recordings_.clear();
  std::vector<std::uint32_t> poisson_inputs(static_cast<std::size_t>(network_size() + 1), 0);
  // The connections that touch a recorder, found again
  // only when connections changed: a prepare without changes is O(nodes).
  if (connections_changed_ || recorder_links_stale_) {
    recorder_links_.clear();
    for (std::size_t c = 0; c < store_.size(); ++c) {
      const NodeRole src = roles[store_.source[c]], tgt = roles[store_.target[c]];
      if (src == NodeRole::recorder || tgt == NodeRole::recorder) recorder_links_.push_back(c);
    }
    recorder_links_stale_ = false;
  }
  // Generators drawn at the target -> spike_recorder: a train per connection,
  // whose process state carries over from the last run (rate generators).
  std::vector<int> program_of(recorder_links_.empty() ? 0 : static_cast<std::size_t>(network_size() + 1), -1);
  for (std::size_t k = 0; k < info.poissons.size() && !program_of.empty(); ++k) {
    program_of[static_cast<std::size_t>(info.poissons[k].gid)] = static_cast<int>(k);
  }
  for (const std::size_t c : recorder_links_) {
    const Gid src = store_.source[c], tgt = store_.target[c];
    if (roles[static_cast<std::size_t>(src)] == NodeRole::recorder) {
      const NodeRange& r = range_of(src);
      const int s = sampler_of_device[r.first_device + static_cast<std::size_t>(src - r.first)];
      info.samplers[static_cast<std::size_t>(s)].targets.push_back(tgt);
    } else if (roles[static_cast<std::size_t>(tgt)] == NodeRole::recorder) {
      const NodeRange& r = range_of(tgt);
      const int recorder = static_cast<int>(r.first_device + static_cast<std::size_t>(tgt - r.first));
      if (roles[static_cast<std::size_t>(src)] == NodeRole::poisson_generator) {
        const PoissonProgram& program = info.poissons[static_cast<std::size_t>(program_of[static_cast<std::size_t>(src)])];
        PoissonRecording rec{poisson_stream_id(tgt, poisson_inputs[static_cast<std::size_t>(tgt)]++), program, recorder};
        rec.weight = store_.weight[c];
        rec.receptor = store_.receptor[c];
        rec.state.resize(static_cast<std::size_t>(program.state_size));
        if (program.state_size > 0) init_rate_state(program, rec.state.data());
        const std::size_t k = poisson_recordings_.size();
        if (k < previous_recordings.size() && previous_recordings[k].stream == rec.stream &&
            previous_recordings[k].program.gid == src && previous_recordings[k].state.size() == rec.state.size()) {
          rec.state = std::move(previous_recordings[k].state);
        }
        poisson_recordings_.push_back(std::move(rec));
      } else if (!is_correlation_detector(registry_.at(r.model).device_kind)) {  // detectors: below
        spike_recorders_of_[static_cast<std::size_t>(src)].push_back(recorder);
      }
    }
  }
  add_noise_streams(info);
  for (auto& s : info.samplers) {
    std::sort(s.targets.begin(), s.targets.end());
    s.targets.erase(std::unique(s.targets.begin(), s.targets.end()), s.targets.end());
  }
  for (auto& recs : spike_recorders_of_) {
    std::sort(recs.begin(), recs.end());
    recs.erase(std::unique(recs.begin(), recs.end()), recs.end());
  }
  prepare_dilutors(info);
  prepare_correlation_detectors();
  open_recorder_files();
  prepare_rates(info);  // after the programs: step_rate_generators are rate sources
  backend_->prepare(info);
  connections_changed_ = false;
  prepared_ = true;
}

// NEST's limits on a run's length (BadParameter): a time it can represent, not
// negative, on the grid. Returns the length in steps.
double Kernel::checked_run_steps(double t_ms) const {
  auto bad_time = [&](const std::string& what) {
    throw Error(ErrorKind::BadParameter, what + " (got " + std::to_string(t_ms) + " ms).");
  };
  if (std::isnan(t_ms) || std::fabs(t_ms) > 1.15e15) bad_time("The simulation time must be finite");
  if (t_ms < 0.0) bad_time("The simulation time cannot be negative");
  const double steps_exact = t_ms / resolution_;
  if (std::fabs(steps_exact - std::round(steps_exact)) > 1e-9 * std::max(1.0, steps_exact)) {
    bad_time("The simulation time must be a multiple of the simulation resolution");
  }
  return steps_exact;
}

void Kernel::run(double t_ms) {
  if (!prepared_) throw Error(ErrorKind::KernelException, "Run: call Prepare() first (or use Simulate).");
  const double steps_exact = checked_run_steps(t_ms);
  const Step total = static_cast<Step>(std::llround(steps_exact));
  const Step end = now_ + total;
  const auto t0 = Clock::now();
  // As NEST: the samples of the previous run's last min-delay slice arrive
  // now, and this run's last slice (NEST's slices: its min_delay counts
  // recorder connections) waits for the next one.
  record_withheld_samples();
  const Step withhold_after = total > 0 ? std::max(now_, ((end - 1) / nest_min_delay_) * nest_min_delay_) : kNever;
  SampleBatch samples;
  Step last_report = 0;
  while (now_ < end) {
    // As NEST: slices are aligned to multiples of min_delay from t = 0 (also
    // across Simulate calls that end mid-slice), and a slice's spikes are
    // delivered at the start of the next slice. GetConnections between two
    // Simulate calls therefore shows plastic synapses as NEST shows them.
    deliver_pending_slice();
    // As NEST: the rewiring comes at the start of a slice, after the delivery
    // of the last slice's spikes and before the neurons' update.
    if (structural_plasticity_ && structural_update_due(now_)) update_structural_plasticity();
    const Step slice_end = (now_ / min_delay_ + 1) * min_delay_;
    const Step to = std::min(end, slice_end);
    if (rate_rows_.size() > 0) rate_rows_.fill(now_, to, rng_seed_, rate_values_);
    if (waveform_relaxation_) relax_waveforms(now_, to);
    backend_->update(now_, to);
    transmit_rates(waveform_relaxation_ ? RateDelivery::wfr_final : RateDelivery::step_late);
    const std::vector<SpikeEvent>& spikes = backend_->local_spikes();
    check_numerical_failures(spikes);
    track_calcium(spikes);
    const std::vector<SpikeEvent>* delivered = &spikes;
    if (comm_->size() == 1) {
      record_spikes(spikes);
    } else {
      exchange_spikes(spikes);
      delivered = &slice_spikes_;
      record_spikes(recorded_spikes_);
    }
    // Volume transmitters hand over at the end of their slice, before the
    // slice's spikes are delivered (as NEST's nodes update before delivery).
    collect_neuromodulator_spikes(*delivered, to);
    // A whole slice in one update (the common case) is delivered as it is:
    // the backend's own list on one rank, the exchanged list on several
    // (both already in (step, gid) order). Only a slice split over Simulate
    // calls is gathered here, and sorted before delivery.
    if (pending_.empty() && now_ % min_delay_ == 0 && to == slice_end) {
      if (comm_->size() == 1) {
        pending_is_backend_list_ = true;
      } else {
        pending_.swap(slice_spikes_);
      }
    } else {
      pending_.insert(pending_.end(), delivered->begin(), delivered->end());
      pending_needs_sort_ = true;
    }
    pending_ready_ = to == slice_end;
    record_poisson(now_, to);
    if (detectors_ && detectors_->any()) feed_correlation_detectors(spikes, to, to == end);
    if (!dilutor_inputs_.empty()) feed_dilutors(*delivered, now_, to);
    samples.clear();
    backend_->drain_samples(samples);
    record_samples(samples, withhold_after);
    weight_events_.clear();
    backend_->drain_weight_events(weight_events_);
    if (!weight_events_.empty()) record_weights(weight_events_);
    if (const Gid gid = backend_->history_overflow()) {
      backend_->sync_connections();
      prepared_ = false;
      throw Error(ErrorKind::KernelException,
                  "The spike history of neuron " + std::to_string(gid) + " (read by its spike-timing synapses) "
                  "would exceed post_history_capacity = " + std::to_string(post_history_capacity_) +
                  " spikes: a presynaptic neuron fires far less often than this one. Raise the kernel property "
                  "post_history_capacity (nest.SetKernelStatus) and simulate again from ResetKernel.");
    }
    if (const Gid gid = backend_->clopath_overflow()) {
      backend_->sync_connections();
      prepared_ = false;
      throw Error(ErrorKind::KernelException,
                  "The LTP (or Urbanczik) history of neuron " + std::to_string(gid) +
                  " (read by its clopath_synapse or urbanczik_synapse connections) "
                  "would exceed " + std::to_string(ClopathStore::kMaxLtpCapacity) +
                  " entries: a presynaptic neuron stays silent far longer than this neuron stays above theta_plus.");
    }
    now_ = to;
    if (print_time_ && now_ < end && (now_ - (end - total) - last_report) * 100 >= total) {
      last_report = now_ - (end - total);
      print_progress(last_report, total, seconds_since(t0), false);
    }
  }
  // As NEST at the end of each run: calcium traces and synaptic elements
  // brought up to the run's end (what GetStatus shows until the next spike).
  if (total > 0) {
    for (NodePlasticity& node : plasticity_) node.advance(steps_to_ms(now_), resolution_);
  }
  if (print_time_) print_progress(total, total, seconds_since(t0), true);
  for (auto& dev : devices_) {
    for (auto& file : dev.data.files) file->flush();
  }
  std::fflush(stdout);  // record_to 'screen'
  time_simulate_ += seconds_since(t0);
}

// A neuron whose step returned ode::numerical_instability (a spike count of
// -1, i.e. multiplicity 0xffffffff) stops the simulation, as NEST's
// NumericalInstability does (ode::inconstant_weight, -2, likewise); the kernel stays usable after ResetKernel or a
// SetStatus that moves the neuron back into range.
void Kernel::check_numerical_failures(const std::vector<SpikeEvent>& spikes) {
  constexpr auto instability = static_cast<std::uint32_t>(models::ode::numerical_instability);
  constexpr auto inconstant_weight = static_cast<std::uint32_t>(models::ode::inconstant_weight);
  constexpr auto negative_weight = static_cast<std::uint32_t>(models::sic::negative_spike_weight);
  for (const SpikeEvent& e : spikes) {
    if (e.multiplicity != instability && e.multiplicity != inconstant_weight && e.multiplicity != negative_weight) continue;
    backend_->sync_connections();
    prepared_ = false;
    const std::string at = " at t = " + std::to_string(static_cast<double>(e.step + 1) * resolution_) + " ms";
    if (e.multiplicity == negative_weight) {  // astrocyte_lr_1994 (models/sic_common.hpp)
      throw Error(ErrorKind::KernelException, model_of(e.gid).name + " cannot handle input spikes with negative weights.");
    }
    if (e.multiplicity == inconstant_weight) {
      throw Error(ErrorKind::KernelException, model_of(e.gid).name + " requires constant weights (node " +
                                                  std::to_string(e.gid) + ": a spike crossed a connection whose "
                                                  "weight changed after its first spike" + at + ").");
    }
    throw Error(ErrorKind::KernelException,
                "NumericalInstability: " + model_of(e.gid).name + " node " + std::to_string(e.gid) +
                    " left the range its equations can represent" + at +
                    " (e.g. V_m < -1000 mV or |w| > 1e6 pA). Check its parameters and input.");
  }
}

// Delivers the spikes of the last completed slice (see run()).
void Kernel::deliver_pending_slice() {
  if (!pending_ready_) return;
  if (pending_is_backend_list_) {
    backend_->deliver(backend_->local_spikes());
  } else {
    if (pending_needs_sort_) std::stable_sort(pending_.begin(), pending_.end(), SpikeOrder{});
    backend_->deliver(pending_);
  }
  pending_.clear();
  pending_is_backend_list_ = false;
  pending_needs_sort_ = false;
  pending_ready_ = false;
}

// Every rank's spikes of the slice into slice_spikes_, in the order delivery
// wants, (step, gid), the same list a single rank would have produced. Spike
// generators exist on every rank; only rank 0 sends (and records) their events.
void Kernel::exchange_spikes(const std::vector<SpikeEvent>& local) {
  const auto t0 = Clock::now();
  recorded_spikes_.clear();
  const bool sends_generators = comm_->rank() == 0;
  for (const SpikeEvent& e : local) {
    if (sends_generators || roles_[static_cast<std::size_t>(e.gid)] == NodeRole::neuron) recorded_spikes_.push_back(e);
  }
  if (destinations_.empty()) {
    comm_->allgather_spikes(recorded_spikes_, slice_spikes_);
  } else {
    // Counting sort of the outgoing copies by destination rank.
    send_counts_.assign(static_cast<std::size_t>(comm_->size()), 0);
    for (const SpikeEvent& e : recorded_spikes_) {
      for (std::int32_t r : destinations_[static_cast<std::size_t>(e.gid)]) ++send_counts_[static_cast<std::size_t>(r)];
    }
    std::vector<std::int64_t> cursor(send_counts_.size(), 0);
    for (std::size_t r = 1; r < cursor.size(); ++r) cursor[r] = cursor[r - 1] + send_counts_[r - 1];
    send_buffer_.resize(static_cast<std::size_t>(cursor.back() + send_counts_.back()));
    for (const SpikeEvent& e : recorded_spikes_) {
      for (std::int32_t r : destinations_[static_cast<std::size_t>(e.gid)]) {
        send_buffer_[static_cast<std::size_t>(cursor[static_cast<std::size_t>(r)]++)] = e;
      }
    }
    comm_->alltoallv_spikes(send_buffer_, send_counts_, slice_spikes_);
  }
  std::stable_sort(slice_spikes_.begin(), slice_spikes_.end(), SpikeOrder{});  // ties: one generator's events, in order
  time_communicate_ += seconds_since(t0);
}

void Kernel::cleanup() {
  for (auto& dev : devices_) {
    for (auto& file : dev.data.files) file->flush();
  }
}

void Kernel::simulate(double t_ms) {
  checked_run_steps(t_ms);  // before prepare: a bad time changes nothing
  prepare();
  run(t_ms);
  cleanup();
}

void Kernel::print_progress(Step done, Step total, double elapsed_s, bool final) const {
  const double model_ms = static_cast<double>(done) * resolution_;
  const double rtf = model_ms > 0.0 ? elapsed_s / (model_ms * 1e-3) : 0.0;
  const int percent = total > 0 ? static_cast<int>(100 * done / total) : 100;
  std::printf("\r[ %3d%% ] Model time: %.1f ms, Real-time factor: %.4f%s", percent,
              static_cast<double>(now_) * resolution_, rtf, final ? "\n" : "");
  std::fflush(stdout);
}

}  // namespace roost
