// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/model_registry.hpp"

#include <algorithm>
#include <cmath>

#include "roost/devices.hpp"
#include "roost/devices_rate.hpp"
#include "roost/error.hpp"
#include "roost/models/model_list.hpp"
#include "roost/models/synapse_list.hpp"

namespace roost {

const char* element_type_name(ElementType t) {
  switch (t) {
    case ElementType::neuron: return "neuron";
    case ElementType::stimulator: return "stimulator";
    case ElementType::recorder: return "recorder";
    case ElementType::synapse: return "synapse";
  }
  return "neuron";
}

int ModelInfo::field_index(const std::string& field) const {
  for (int f = 0; f < n_fields(); ++f) {
    if (field == fields[static_cast<std::size_t>(f)].name) return f;
  }
  return -1;
}

int ModelInfo::list_index(const std::string& name) const {
  for (std::size_t l = 0; l < lists.size(); ++l) {
    if (lists[l].name == name) return static_cast<int>(l);
  }
  return -1;
}

bool ModelInfo::is_count_field(int field) const {
  for (const auto& g : list_groups) {
    if (g.count_field == field) return true;
  }
  return false;
}

std::vector<int> ModelInfo::counts_of(const double* row) const {
  std::vector<int> counts;
  for (const auto& g : list_groups) counts.push_back(static_cast<int>(row[g.count_field]));
  return counts;
}

std::vector<std::string> ModelInfo::recordables_for(const std::vector<int>& counts) const {
  std::vector<std::string> out = recordables;
  for (const auto& l : lists) {
    if (l.element_prefix.empty()) continue;
    const int count = counts[static_cast<std::size_t>(l.group)];
    for (int k = 0; k < count; ++k) out.push_back(l.element_prefix + std::to_string(k + l.element_base));
  }
  return out;
}

namespace {

template <class M>
void add_list_info(ModelInfo& info) {
  if constexpr (list_count<M>() > 0) {
    for (const auto& g : M::list_groups) {
      info.list_groups.push_back({g.count_field, g.default_length, g.max_length, g.length_mismatch, g.restart_field});
      info.field_defaults[static_cast<std::size_t>(g.count_field)] = g.default_length;
    }
    for (const auto& l : M::lists) {
      info.lists.push_back({l.name, l.unit, l.default_value, l.group, l.role, l.element_prefix ? l.element_prefix : "", l.element_base});
      const int length = M::list_groups[static_cast<std::size_t>(l.group)].default_length;
      if (l.initial != nullptr) {
        info.list_defaults.emplace_back(l.initial, l.initial + length);
      } else {
        info.list_defaults.emplace_back(static_cast<std::size_t>(length), l.default_value);
      }
    }
    for (int g : M::coef_list_groups) info.coef_list_groups.push_back(g);
    info.receptor_group = M::receptor_group;
    if constexpr (requires { M::per_connection_receptor; }) {
      info.per_connection_receptor = M::per_connection_receptor;
      info.connection_weight_list = M::connection_weight_list;
    }
    info.validate_lists = &M::validate_lists;
    if constexpr (requires { M::pre_run; }) info.pre_run = &M::pre_run;
    if constexpr (requires { M::reset_on_set; }) info.reset_on_set = static_cast<int>(M::n_params) + static_cast<int>(M::reset_on_set);
  }
}

template <class M>
ModelInfo neuron_info(int index) {
  ModelInfo info;
  info.name = M::model_name;
  info.base_name = M::model_name;
  info.element_type = ElementType::neuron;
  info.neuron_model = index;
  for (const auto& f : M::params) info.fields.push_back(f);
  for (const auto& f : M::state) info.fields.push_back(f);
  // Every neuron can be the target of spike-timing synapses (NEST's ArchivingNode).
  info.tau_minus_field = info.n_fields();
  info.fields.push_back({"tau_minus", 20.0, "ms"});
  info.fields.push_back({"tau_minus_triplet", 110.0, "ms"});
  info.n_params = static_cast<int>(M::n_params);
  for (const auto& f : info.fields) info.field_defaults.push_back(f.default_value);
  for (const char* r : M::recordables) info.recordables.emplace_back(r);
  if constexpr (requires { M::recorded_as; }) {
    for (const auto& alias : M::recorded_as) info.recorded_as.emplace_back(alias.recordable, alias.column);
  }
  info.n_spike_channels = static_cast<int>(M::n_spike_channels);
  info.counts_spikes = M::counts_spikes;
  if constexpr (requires { M::binary_input; }) info.binary_input = M::binary_input;
  if constexpr (requires { M::precise_input; }) info.precise_input = M::precise_input;
  info.repeats_events = repeats_events<M>();
  info.neuromodulator_source = models::is_neuromodulator_source<M>();
  if constexpr (requires { M::clopath_archiving; }) info.clopath_archiving = M::clopath_archiving;
  if constexpr (requires { M::urbanczik_archiving; }) info.urbanczik_archiving = M::urbanczik_archiving;
  if constexpr (requires { M::rport(0); }) info.rport = &M::rport;
  info.spike_channel = &M::spike_channel;
  if constexpr (requires { M::reads_spike_offset(0); }) info.reads_spike_offset = &M::reads_spike_offset;
  if constexpr (requires { M::counts_receptor(0); }) info.counts_receptor = &M::counts_receptor;
  if constexpr (requires { M::accepts_current; }) info.accepts_current = M::accepts_current;
  if constexpr (requires { M::string_fields; }) {
    for (const auto& f : M::string_fields) {
      info.string_fields.push_back({f.name, f.field, std::vector<std::string>(f.choices, f.choices + f.n_choices), f.error});
    }
  }
  if constexpr (requires { M::set_scales; }) {
    for (const auto& s : M::set_scales) info.set_scales.emplace_back(s.name, s.factor);
  }
  if constexpr (requires { M::rate_receptor(0); }) {
    info.rate_receptor = &M::rate_receptor;
    info.rate_receptor_error = M::rate_receptor_error;
  }
  if constexpr (requires { M::receptor_names; }) {
    for (const char* name : M::receptor_names) info.receptor_names.emplace_back(name);
  }
  if constexpr (requires { M::also_sets; }) {
    for (const auto& [key, other] : M::also_sets) info.also_sets.emplace_back(key, other);
  }
  if constexpr (models::is_rate_node<M>()) {
    info.rate_node = true;
    info.sums_linearly = &M::sums_linearly;
    info.rate_gain = &M::rate_gain;
  }
  if constexpr (requires { M::diffusion_node; }) info.diffusion_node = M::diffusion_node;
  if constexpr (models::is_gap_node<M>()) {
    info.gap_node = true;
    info.gap_channel = M::gap_channel;
  }
  if constexpr (models::wfr_carried_state_field<M>() >= 0) {
    info.wfr_carried_field = static_cast<int>(M::n_params) + models::wfr_carried_state_field<M>();
  }
  info.sends_sic = models::sends_sic<M>();
  info.accepts_sic = models::accepts_sic<M>();
  if constexpr (requires { M::current_receptor(0); }) info.current_receptor = &M::current_receptor;
  if constexpr (requires { M::port_count(nullptr, false); }) info.port_count = &M::port_count;
  if constexpr (requires { M::field_groups; }) {
    for (const char* group : M::field_groups) info.field_groups.emplace_back(group);
  }
  info.validate = &M::validate;
  if constexpr (requires { M::validate_key; }) info.validate_key = &M::validate_key;
  if constexpr (requires { M::after_set; }) info.after_set = &M::after_set;
  add_list_info<M>(info);
  return info;
}

// A synapse model of the list, or one of NEST's variants of it: `_hpc` (the
// same model) and `_lbl` (connections carry a synapse_label).
template <class S>
ModelInfo synapse_info(int index, const std::string& suffix) {
  ModelInfo info;
  info.name = std::string(S::model_name) + suffix;
  info.base_name = info.name;
  info.element_type = ElementType::synapse;
  info.synapse_model = index;
  info.synapse_traits = S::traits;
  info.labelled = suffix == "_lbl";
  for (const auto& f : S::params) info.fields.push_back(f);
  for (const auto& f : S::state) info.fields.push_back(f);
  info.n_params = static_cast<int>(S::n_params);
  for (const auto& f : info.fields) info.field_defaults.push_back(f.default_value);
  info.synapse_validate = &S::validate;
  // A hidden state field that every SetStatus of a connection clears (urbanczik_synapse's init_weight).
  if constexpr (requires { S::reset_on_set; }) info.reset_on_set = static_cast<int>(S::n_params) + static_cast<int>(S::reset_on_set);
  info.dict_defaults = {{"weight", models::default_weight<S>()}, {"delay", 1.0}, {"receptor_type", std::int64_t{0}},
                        {"weight_recorder", std::int64_t{0}}};
  if (info.labelled) info.dict_defaults["synapse_label"] = std::int64_t{-1};
  if (S::traits.neuromodulated) info.dict_defaults["volume_transmitter"] = std::int64_t{0};
  info.dict_defaults["requires_symmetric"] = S::traits.requires_symmetric;
  info.dict_defaults["has_delay"] = (S::traits.rate_connection & (kRateInstantaneous | kGapJunction | kDiffusion)) == 0;
  return info;
}

ModelInfo device_info(const char* name, ElementType type, DeviceKind kind) {
  ModelInfo info;
  info.name = name;
  info.base_name = name;
  info.element_type = type;
  info.device_kind = kind;
  info.dict_defaults = device_defaults(kind);
  return info;
}

// Keys a model accepts only in some settings (NEST's glif models: a threshold
// component only with its mechanism switched on), checked against the new row.
void check_keys(const ModelInfo& model, const double* row, const Dict& changes) {
  if (!model.validate_key) return;
  for (const auto& [key, value] : changes) {
    if (const char* problem = model.validate_key(row, key.c_str())) {
      throw Error(ErrorKind::BadProperty, model.name + ": " + problem);
    }
  }
}

double field_value_from(const FieldSpec& spec, const Value& v, const std::string& key) {
  switch (spec.type) {
    case FieldType::Bool: return as_bool(v, key) ? 1.0 : 0.0;
    case FieldType::Int: return static_cast<double>(as_int(v, key));
    case FieldType::Double: return as_double(v, key);
  }
  return 0.0;
}

}  // namespace

void apply_neuron_fields(const ModelInfo& model, double* row, const Dict& changes) {
  std::vector<double> next(row, row + model.n_fields());
  for (const auto& [key, value] : changes) {
    const int f = model.field_index(key);
    if (f < 0 || model.fields[static_cast<std::size_t>(f)].hidden) {
      throw Error(ErrorKind::UnknownParameter,
                  "Unknown parameter '" + key + "' for model " + model.name + ".");
    }
    if (model.is_count_field(f)) {
      throw Error(ErrorKind::BadProperty, model.name + ": " + key + " is read-only; it is the length of the lists it counts.");
    }
    const auto string_field = std::find_if(model.string_fields.begin(), model.string_fields.end(),
                                           [&](const ModelInfo::StringField& s) { return s.key == key; });
    if (string_field != model.string_fields.end()) {
      const std::string& name = as_string(value, key);
      const auto choice = std::find(string_field->choices.begin(), string_field->choices.end(), name);
      if (choice == string_field->choices.end()) throw Error(ErrorKind::BadProperty, model.name + ": " + string_field->error);
      next[static_cast<std::size_t>(f)] = static_cast<double>(choice - string_field->choices.begin());
      continue;
    }
    next[static_cast<std::size_t>(f)] = field_value_from(model.fields[static_cast<std::size_t>(f)], value, key);
    for (const auto& [scaled, factor] : model.set_scales) {
      if (scaled == key) next[static_cast<std::size_t>(f)] *= factor;
    }
  }
  // A key NEST's model applies to two parameters (gauss_rate_ipn's mu, sigma),
  // unless the second is given too.
  for (const auto& [key, other] : model.also_sets) {
    if (changes.count(key) == 0 || changes.count(other) != 0) continue;
    next[static_cast<std::size_t>(model.field_index(other))] = next[static_cast<std::size_t>(model.field_index(key))];
  }
  if (model.after_set) {
    for (const auto& [key, value] : changes) model.after_set(next.data(), key.c_str());
  }
  if (model.tau_minus_field >= 0 &&
      !(next[static_cast<std::size_t>(model.tau_minus_field)] > 0.0 && next[static_cast<std::size_t>(model.tau_minus_field) + 1] > 0.0)) {
    throw Error(ErrorKind::BadProperty, model.name + ": tau_minus and tau_minus_triplet must be > 0.");
  }
  if (model.validate) {
    if (const char* problem = model.validate(next.data())) {
      throw Error(ErrorKind::BadProperty, std::string(model.name) + ": " + problem);
    }
  }
  check_keys(model, next.data(), changes);
  std::copy(next.begin(), next.end(), row);
}

Dict neuron_fields_dict(const ModelInfo& model, const double* row) {
  Dict out;
  for (int f = 0; f < model.n_fields(); ++f) {
    const auto& spec = model.fields[static_cast<std::size_t>(f)];
    if (spec.hidden) continue;
    switch (spec.type) {
      case FieldType::Bool: out[spec.name] = row[f] != 0.0; break;
      case FieldType::Int: out[spec.name] = static_cast<std::int64_t>(row[f]); break;
      case FieldType::Double: out[spec.name] = row[f]; break;
    }
  }
  for (const auto& s : model.string_fields) out[s.key] = s.choices.at(static_cast<std::size_t>(row[s.field]));
  return out;
}

void apply_neuron_status(const ModelInfo& model, double* row, ListValues& lists, const Dict& changes) {
  Dict scalar_changes;
  ListValues next_lists = lists;
  std::vector<bool> given(model.lists.size(), false);
  for (const auto& [key, value] : changes) {
    const int l = model.list_index(key);
    if (l < 0 || !model.lists[static_cast<std::size_t>(l)].visible()) {
      scalar_changes[key] = value;
      continue;
    }
    next_lists[static_cast<std::size_t>(l)] = as_doubles(value, key);
    given[static_cast<std::size_t>(l)] = true;
  }
  std::vector<double> next_row(row, row + model.n_fields());
  apply_neuron_fields(model, next_row.data(), scalar_changes);
  // Each group takes the length of the lists given for it; lists not given
  // keep theirs, so a parameter list of another length is an error (NEST's
  // message), while state lists follow the new length.
  for (std::size_t g = 0; g < model.list_groups.size(); ++g) {
    const ListGroupInfo& group = model.list_groups[g];
    auto length = static_cast<std::size_t>(row[group.count_field]);
    for (std::size_t l = 0; l < model.lists.size(); ++l) {
      if (given[l] && static_cast<std::size_t>(model.lists[l].group) == g) length = next_lists[l].size();
    }
    for (std::size_t l = 0; l < model.lists.size(); ++l) {
      const ListInfo& list = model.lists[l];
      if (static_cast<std::size_t>(list.group) != g) continue;
      if (next_lists[l].size() == length) continue;
      if (list.role == ListRole::param || given[l]) throw Error(ErrorKind::BadProperty, model.name + ": " + group.length_mismatch);
      next_lists[l].resize(length, list.element_default);
    }
    if (group.max_length > 0 && length > static_cast<std::size_t>(group.max_length)) {
      throw Error(ErrorKind::BadProperty, model.name + ": Roost supports at most " + std::to_string(group.max_length) +
                                              " elements in " + model.fields[static_cast<std::size_t>(group.count_field)].name +
                                              " for this model (got " + std::to_string(length) + ").");
    }
    next_row[static_cast<std::size_t>(group.count_field)] = static_cast<double>(length);
    if (group.restart_field >= 0) {
      for (std::size_t l = 0; l < model.lists.size(); ++l) {
        if (given[l] && static_cast<std::size_t>(model.lists[l].group) == g) next_row[static_cast<std::size_t>(group.restart_field)] = 0.0;
      }
    }
  }
  if (model.validate_lists) {
    if (const char* problem = model.validate_lists(next_row.data(), next_lists.data())) {
      throw Error(ErrorKind::BadProperty, model.name + ": " + problem);
    }
  }
  Dict list_changes;
  for (const auto& [key, value] : changes) {
    if (model.list_index(key) >= 0) list_changes[key] = value;
  }
  check_keys(model, next_row.data(), list_changes);
  if (model.reset_on_set >= 0) next_row[static_cast<std::size_t>(model.reset_on_set)] = 0.0;
  std::copy(next_row.begin(), next_row.end(), row);
  lists = std::move(next_lists);
}

void add_lists_to_dict(const ModelInfo& model, const ListValues& lists, Dict& out) {
  for (std::size_t l = 0; l < model.lists.size(); ++l) {
    if (model.lists[l].visible()) out[model.lists[l].name] = lists[l];
  }
}

ModelRegistry::ModelRegistry() {
  models::for_each_model(models::NeuronModels{}, [this]<class M>(int index) { add(neuron_info<M>(index)); });
  add(device_info("spike_generator", ElementType::stimulator, DeviceKind::spike_generator));
  add(device_info("poisson_generator", ElementType::stimulator, DeviceKind::poisson_generator));
  add(device_info("poisson_generator_ps", ElementType::stimulator, DeviceKind::poisson_generator_ps));
  add(device_info("dc_generator", ElementType::stimulator, DeviceKind::dc_generator));
  add(device_info("step_current_generator", ElementType::stimulator, DeviceKind::step_current_generator));
  add(device_info("step_rate_generator", ElementType::stimulator, DeviceKind::step_rate_generator));
  for (DeviceKind kind : {DeviceKind::sinusoidal_poisson_generator, DeviceKind::inhomogeneous_poisson_generator,
                          DeviceKind::gamma_sup_generator, DeviceKind::sinusoidal_gamma_generator,
                          DeviceKind::ppd_sup_generator, DeviceKind::mip_generator, DeviceKind::spike_dilutor}) {
    add(device_info(device_kind_name(kind), ElementType::stimulator, kind));
  }
  add(device_info("spike_recorder", ElementType::recorder, DeviceKind::spike_recorder));
  add(device_info("multimeter", ElementType::recorder, DeviceKind::multimeter));
  ModelInfo voltmeter = device_info("voltmeter", ElementType::recorder, DeviceKind::multimeter);
  voltmeter.dict_defaults["record_from"] = std::vector<std::string>{"V_m"};
  add(std::move(voltmeter));

  add(device_info("weight_recorder", ElementType::recorder, DeviceKind::weight_recorder));
  models::for_each_model(models::SynapseModels{}, [this]<class S>(int index) {
    for (const char* suffix : {"", "_hpc", "_lbl"}) {
      if (S::traits.rate_connection != 0 && *suffix != '\0') continue;  // NEST has no variants of these
      add(synapse_info<S>(index, suffix));
    }
  });
  add(device_info("ac_generator", ElementType::stimulator, DeviceKind::ac_generator));
  add(device_info("noise_generator", ElementType::stimulator, DeviceKind::noise_generator));
  add(device_info("pulsepacket_generator", ElementType::stimulator, DeviceKind::pulsepacket_generator));
  ModelInfo injector = device_info("spike_train_injector", ElementType::stimulator, DeviceKind::spike_train_injector);
  injector.neuron_like = true;  // NEST's spike_train_injector is a neuron
  add(std::move(injector));
  add(device_info("correlation_detector", ElementType::recorder, DeviceKind::correlation_detector));
  add(device_info("correlomatrix_detector", ElementType::recorder, DeviceKind::correlomatrix_detector));
  add(device_info("correlospinmatrix_detector", ElementType::recorder, DeviceKind::correlospinmatrix_detector));
  add(device_info("spin_detector", ElementType::recorder, DeviceKind::spin_detector));
}

int ModelRegistry::add(ModelInfo info) {
  const int id = static_cast<int>(models_.size());
  by_name_[info.name] = id;
  models_.push_back(std::move(info));
  return id;
}

int ModelRegistry::find(const std::string& name) const {
  auto it = by_name_.find(name);
  if (it == by_name_.end()) throw Error(ErrorKind::UnknownModelName, "Unknown model name '" + name + "'.");
  return it->second;
}

std::vector<std::string> ModelRegistry::names() const {
  std::vector<std::string> out;
  for (const auto& [name, id] : by_name_) out.push_back(name);
  return out;
}

void ModelRegistry::set_defaults(const std::string& name, const Dict& changes, double resolution) {
  ModelInfo& info = models_[static_cast<std::size_t>(find(name))];
  if (info.element_type == ElementType::neuron) {
    if (info.has_lists()) {
      apply_neuron_status(info, info.field_defaults.data(), info.list_defaults, changes);
    } else {
      apply_neuron_fields(info, info.field_defaults.data(), changes);
    }
    return;
  }
  if (info.element_type == ElementType::synapse) {
    set_synapse_defaults(info, changes, resolution);
    return;
  }
  Dict next = info.dict_defaults;
  for (const auto& [key, value] : changes) {
    auto it = next.find(key);
    if (it == next.end()) {
      throw Error(ErrorKind::UnknownParameter, "Unknown parameter '" + key + "' for model " + name + ".");
    }
    it->second = coerce_like(it->second, value, key);
  }
  if (is_rate_generator(info.device_kind)) check_rate_generator_status(info.device_kind, changes, next, resolution, false);
  validate_device_params(info.device_kind, next, resolution);
  info.dict_defaults = std::move(next);
}

// Synapse defaults: model fields (parameters, state) and the connection
// entries; the model checks the result as a whole (e.g. weight vs Wmax sign).
void ModelRegistry::set_synapse_defaults(ModelInfo& info, const Dict& changes, double resolution) {
  Dict next = info.dict_defaults;
  std::vector<double> fields = info.field_defaults;
  for (const auto& [key, value] : changes) {
    const int f = info.visible_field_index(key);
    if (f >= 0) {
      fields[static_cast<std::size_t>(f)] = field_value_from(info.fields[static_cast<std::size_t>(f)], value, key);
      continue;
    }
    auto it = next.find(key);
    if (it == next.end()) {
      throw Error(ErrorKind::UnknownParameter, "Unknown parameter '" + key + "' for synapse model " + info.name + ".");
    }
    it->second = coerce_like(it->second, value, key);
  }
  // As for connections: rounded to the grid, at least one step.
  if (std::llround(as_double(next.at("delay"), "delay") / resolution) < 1) {
    throw Error(ErrorKind::BadDelay, "Delay must be greater than or equal to the resolution.");
  }
  if (as_int(next.at("weight_recorder"), "weight_recorder") < 0) {
    throw Error(ErrorKind::BadProperty, info.name + ": weight_recorder must be a weight_recorder node.");
  }
  if (next.count("volume_transmitter") && as_int(next.at("volume_transmitter"), "volume_transmitter") < 0) {
    throw Error(ErrorKind::BadProperty, info.name + ": volume_transmitter must be a volume_transmitter node.");
  }
  if (info.synapse_validate) {
    const double weight = as_double(next.at("weight"), "weight");
    if (const char* problem = info.synapse_validate(fields.data(), fields.data() + info.n_params, weight)) {
      throw Error(ErrorKind::BadProperty, info.name + ": " + problem);
    }
  }
  info.dict_defaults = std::move(next);
  info.field_defaults = std::move(fields);
}

void ModelRegistry::copy_model(const std::string& old_name, const std::string& new_name, const Dict& changes,
                               double resolution) {
  if (contains(new_name)) {
    throw Error(ErrorKind::KernelException, "CopyModel: a model named '" + new_name + "' already exists.");
  }
  ModelInfo copy = at(find(old_name));
  copy.name = new_name;
  const int id = add(std::move(copy));
  try {
    set_defaults(new_name, changes, resolution);
  } catch (...) {
    by_name_.erase(new_name);
    models_.erase(models_.begin() + id);
    throw;
  }
}

}  // namespace roost
