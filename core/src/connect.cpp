// SPDX-License-Identifier: GPL-2.0-or-later
// Kernel::connect and the connection queries (GetConnections, SetStatus).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <unordered_map>

#include "roost/binary_signal.hpp"
#include "roost/correlation_detectors.hpp"
#include "roost/devices_rate.hpp"
#include "roost/error.hpp"
#include "roost/kernel.hpp"
#include "roost/parallel.hpp"
#include "roost/rng.hpp"
#include "roost/spatial_connect.hpp"

namespace roost {
namespace {

[[noreturn]] void illegal(const std::string& message) { throw Error(ErrorKind::IllegalConnection, message); }

const char* role_noun(ElementType t) {
  switch (t) {
    case ElementType::stimulator: return "a stimulation device";
    case ElementType::recorder: return "a recording device";
    default: return "a neuron";
  }
}

}  // namespace

Step Kernel::delay_to_steps(double delay_ms) const {
  if (!std::isfinite(delay_ms)) throw Error(ErrorKind::BadDelay, "Delay must be a finite number of ms.");
  const Step steps = static_cast<Step>(std::llround(delay_ms / resolution_));
  // NEST rounds to the grid first and then checks: [h/2, h) becomes one step.
  if (steps < 1) {
    throw Error(ErrorKind::BadDelay, "Delay " + std::to_string(delay_ms) +
                                         " ms must be greater than or equal to the resolution (" +
                                         std::to_string(resolution_) + " ms).");
  }
  if (steps > (1 << 30)) throw Error(ErrorKind::BadDelay, "Delay " + std::to_string(delay_ms) + " ms is too large.");
  return steps;
}

// NEST's rules for devices: stimulators only send, spike recorders only receive
// (from neurons and spike generators), multimeters only send (to what they record);
// a synapse with state connects neurons only (NEST's devices send events it
// cannot take: generators go through a parrot_neuron first).
void Kernel::check_connection_roles(std::span<const Gid> sources, std::span<const Gid> targets,
                                    const ModelInfo& syn) const {
  auto check_side = [this, &syn](std::span<const Gid> gids, bool as_source) {
    std::size_t k = 0;
    while (k < gids.size()) {
      const NodeRange& r = range_of(gids[k]);
      const ModelInfo& m = registry_.at(r.model);
      if (!syn.synapse_traits.is_static && m.element_type != ElementType::neuron && !(as_source && m.neuron_like)) {
        illegal(syn.name + " cannot connect " + (as_source ? "from " : "to ") + m.name +
                " (as in NEST; connect through a parrot_neuron, or use static_synapse).");
      }
      if (!as_source && syn.synapse_traits.reads_clopath_history && !m.clopath_archiving) {
        // NEST 3.10 raises NotImplemented here; Roost keeps IllegalConnection with
        // NEST's text (ErrorKind::NotImplemented exists now: switching changes the class scripts catch).
        illegal("NotImplemented: This synapse model is not supported by the neuron model of at least one "
                "connection.");
      }
      if (!as_source && syn.synapse_traits.reads_urbanczik_history && !m.urbanczik_archiving) {
        // NEST 3.10's text for this case, with its double space.
        illegal("NotImplemented: This synapse model is not supported by the neuron model of at least one  "
                "connection.");
      }
      if (m.device_kind == DeviceKind::weight_recorder) {
        illegal("weight_recorder takes no connections: set it as the synapse model's 'weight_recorder' "
                "(CopyModel or SetDefaults).");
      }
      if (as_source && m.neuromodulator_source) {
        illegal(m.name + " sends no spikes to other nodes: name it as the synapse model's 'volume_transmitter' "
                         "(CopyModel or SetDefaults).");
      }
      if (as_source && m.device_kind == DeviceKind::spike_recorder) {
        illegal("spike_recorder cannot send: connect neurons to the recorder, Connect(neurons, recorder).");
      }
      if (!as_source && m.device_kind == DeviceKind::multimeter) {
        illegal(m.name + " cannot receive connections: connect it to the nodes it records, "
                         "Connect(" + m.name + ", neurons).");
      }
      while (k < gids.size() && gids[k] <= r.last) ++k;
    }
  };
  check_side(sources, true);
  check_side(targets, false);
  // Combinations that are legal one by one but not together.
  for (std::size_t k = 0; k < targets.size();) {
    const NodeRange& r = range_of(targets[k]);
    const ModelInfo& target = registry_.at(r.model);
    for (std::size_t j = 0; j < sources.size();) {
      const NodeRange& rs = range_of(sources[j]);
      const ModelInfo& source = registry_.at(rs.model);
      const bool ok =
          (source.element_type == ElementType::neuron && target.element_type == ElementType::neuron) ||
          (source.element_type == ElementType::stimulator && target.element_type == ElementType::neuron) ||
          (source.device_kind == DeviceKind::multimeter &&
           (target.element_type == ElementType::neuron || is_current_source(target.device_kind) ||
            records_rate(target.device_kind))) ||
          ((source.element_type == ElementType::neuron || source.device_kind == DeviceKind::spike_generator ||
            source.device_kind == DeviceKind::poisson_generator || is_rate_generator(source.device_kind) ||
            source.device_kind == DeviceKind::pulsepacket_generator || source.neuron_like) &&
           (target.device_kind == DeviceKind::spike_recorder || target.device_kind == DeviceKind::spike_dilutor ||
            target.device_kind == DeviceKind::spin_detector || is_correlation_detector(target.device_kind)));
      if (ok && !signals_compatible(source, target)) {
        illegal("Creation of connection is not possible because:\nSource and target neuron are not compatible "
                "(e.g., spiking vs binary neuron).");
      }
      if (ok && target.neuromodulator_source && source.element_type != ElementType::neuron) {
        illegal(target.name + " takes spikes from neurons only (as in NEST): connect the " + source.name +
                " to a parrot_neuron and the parrot to the " + target.name + ".");
      }
      if (!ok && target.neuron_like) {
        illegal(target.name + " does not support spike input: it cannot receive connections (as in NEST).");
      }
      if (!ok && target.element_type == ElementType::stimulator) {
        illegal(target.name + " is a stimulation device and cannot receive connections; connect it to neurons, "
                              "Connect(generator, neurons).");
      }
      if (!ok) {
        illegal("Cannot connect " + std::string(role_noun(source.element_type)) + " (" + source.name + ") to " +
                role_noun(target.element_type) + " (" + target.name + ").");
      }
      while (j < sources.size() && sources[j] <= rs.last) ++j;
    }
    while (k < targets.size() && targets[k] <= r.last) ++k;
  }
}

void Kernel::connect(std::span<const Gid> sources, std::span<const Gid> targets, const ConnSpec& conn_spec,
                     const SynSpec& syn_spec) {
  const auto t0 = std::chrono::steady_clock::now();
  if (sources.empty() || targets.empty()) return;
  backend_->sync_connections();  // the store is about to move: take what a run learned first
  const std::size_t base = store_.size();
  multimeter_links_added_.clear();
  const Step delay_min = event_delay_min_, delay_max = event_delay_max_, any_min = any_delay_min_;
  std::exception_ptr error;
  try {
    connect_local(sources, targets, conn_spec, syn_spec);
  } catch (...) {
    error = std::current_exception();
  }
  try {
    agree(error, Call::connect);  // a rank that failed has rolled back; the others do so here
  } catch (...) {
    store_.resize(base);
    forget_multimeter_links();
    for (auto& rows : synapse_rows_) {
      rows.truncate(static_cast<std::size_t>(std::lower_bound(rows.conn.begin(), rows.conn.end(),
                                                              static_cast<std::int64_t>(base)) - rows.conn.begin()));
    }
    event_delay_min_ = delay_min;
    event_delay_max_ = delay_max;
    any_delay_min_ = any_min;
    throw;
  }
  // Counts and delay extrema over all ranks (two small reductions per Connect).
  const int syn_model = registry_.find(syn_spec.synapse_model);
  std::int64_t added = static_cast<std::int64_t>(store_.size() - base);
  if (comm_->size() > 1) {
    comm_->allreduce_sum(std::span<std::int64_t>(&added, 1));
    std::int64_t extrema[2] = {event_delay_min_, -event_delay_max_};
    comm_->allreduce_min(extrema);
    event_delay_min_ = extrema[0];
    event_delay_max_ = -extrema[1];
  }
  if (global_connections_.size() <= static_cast<std::size_t>(syn_model)) {
    global_connections_.resize(static_cast<std::size_t>(syn_model) + 1, 0);
  }
  global_connections_[static_cast<std::size_t>(syn_model)] += added;
  if (!syn_spec.pre_element.empty() || !syn_spec.post_element.empty()) bind_connected_elements(base, syn_spec);
  if (added > 0) {
    for (std::size_t j = 0; j < sources.size();) {
      const NodeRange& r = range_of(sources[j]);
      const ModelInfo& m = registry_.at(r.model);
      const bool stimulator = m.element_type == ElementType::stimulator && !m.neuron_like;  // spike_train_injector: any
      for (; j < sources.size() && sources[j] <= r.last; ++j) {
        if (stimulator) stimulator_synapse_.emplace(sources[j], syn_model);
      }
    }
  }
  ++projections_;
  connections_changed_ = true;
  prepared_ = false;
  time_connect_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

// Generates and stores this rank's part of a Connect call; on error nothing changed.
void Kernel::connect_local(std::span<const Gid> sources, std::span<const Gid> targets, const ConnSpec& conn_spec,
                           const SynSpec& syn_spec) {
  for (Gid g : sources) range_of(g);
  for (Gid g : targets) range_of(g);
  const int syn_model = registry_.find(syn_spec.synapse_model);
  const ModelInfo& syn = registry_.at(syn_model);
  if (syn.element_type != ElementType::synapse) {
    illegal("'" + syn_spec.synapse_model + "' is not a synapse model.");
  }
  check_connection_roles(sources, targets, syn);
  check_rate_connections(sources, targets, syn);
  if (syn_spec.delay) refuse_delay(syn);
  if (syn_spec.weight) refuse_weight(syn);
  if (conn_spec.rule != Rule::all_to_all && conn_spec.rule != Rule::one_to_one) {
    for (std::size_t k = 0; k < targets.size();) {  // per node range: NEST's has_proxies()
      const NodeRange& r = range_of(targets[k]);
      const ElementType type = registry_.at(r.model).element_type;
      if (type == ElementType::recorder || type == ElementType::stimulator) {
        illegal("Creation of connection is not possible because:\nCannot use this rule to connect to nodes without "
                "proxies (usually devices).");
      }
      while (k < targets.size() && targets[k] <= r.last) ++k;
    }
  }
  for (Gid g : sources) {
    const auto used = stimulator_synapse_.find(g);
    if (used != stimulator_synapse_.end() && used->second != syn_model) {
      illegal("Creation of connection is not possible because:\nAll outgoing connections from a device must use "
              "the same synapse type.");
    }
  }

  if (syn.synapse_traits.neuromodulated && as_int(syn.dict_defaults.at("volume_transmitter"), "volume_transmitter") == 0) {
    throw Error(ErrorKind::BadProperty, syn.name + ": no volume_transmitter has been assigned to the model; set its "
                                                   "'volume_transmitter' with SetDefaults or CopyModel before Connect.");
  }
  check_syn_spec_keys(syn, syn_spec);
  if ((!syn_spec.pre_element.empty() || !syn_spec.post_element.empty()) && conn_spec.rule != Rule::one_to_one &&
      conn_spec.rule != Rule::all_to_all) {
    throw Error(ErrorKind::NotImplemented, "This connection rule is not implemented for structural plasticity.");
  }

  std::vector<std::uint64_t> src(sources.begin(), sources.end()), tgt(targets.begin(), targets.end());
  const SpatialSpec* spatial = conn_spec.spatial.get();
  const GeneratedConnections* pairs = conn_spec.pairs.get();
  if (!spatial && !pairs) validate_conn_spec(conn_spec, src.size(), tgt.size());
  const auto expected_array =
      spatial || pairs ? std::nullopt : parameter_array_length(conn_spec, src.size(), tgt.size());
  auto check_array = [&](const std::optional<SynapseValue>& v, const char* what) {
    if (!v || v->kind != SynapseValue::Kind::array) return;
    if (!expected_array) illegal(std::string("Rule ") + std::string(rule_name(conn_spec.rule)) +
                                 " does not accept an array for '" + what + "'.");
    if (v->array.size() != *expected_array) {
      illegal(std::string("'") + what + "' array has " + std::to_string(v->array.size()) + " values; rule " +
              std::string(rule_name(conn_spec.rule)) + " needs " + std::to_string(*expected_array) + ".");
    }
  };
  check_array(syn_spec.weight, "weight");
  check_array(syn_spec.delay, "delay");
  check_array(syn_spec.receptor_type, "receptor_type");

  const std::uint64_t projection = projections_;
  // With several ranks, each generates only the connections it stores: those
  // onto the neurons it holds; devices as targets are decided below.
  std::vector<std::uint8_t> keep_target;
  if (comm_->size() > 1) {
    keep_target.resize(tgt.size());
    for (std::size_t t = 0; t < tgt.size(); ++t) keep_target[t] = is_local(targets[t]) ? 1 : 0;
  }
  // Indices: on the backend's device where it constructs there (the same draws
  // as the host's), else on the host threads.
  // Spatial Connects are generated (and valued) on the host on every backend.
  std::optional<GeneratedConnections> drawn_on_device;
  if (backend_->constructs_on_device() && !spatial && !pairs) {
    check_connect_ids(src, tgt);
    if (auto plan = plan_draws(conn_spec, src, tgt, rng_seed_, projection, keep_target)) {
      drawn_on_device = backend_->draw_connections(*plan);
    }
  }
  GeneratedConnections gen =
      pairs           ? *pairs
      : drawn_on_device ? std::move(*drawn_on_device)
      : spatial       ? generate_spatial_connections(conn_spec, *spatial, src, tgt, rng_seed_, projection, threads_,
                                                     keep_target)
                      : generate_connections(conn_spec, src, tgt, rng_seed_, projection, threads_, keep_target);
  const bool pool_is_source = spatial && spatial_pool_is_source(conn_spec, *spatial);
  auto is_spatial_value = [](const std::optional<SynapseValue>& v) {
    return v && v->kind == SynapseValue::Kind::parameter && v->parameter->is_spatial();
  };
  const bool spatial_values = spatial && (is_spatial_value(syn_spec.weight) || is_spatial_value(syn_spec.delay) ||
                                          is_spatial_value(syn_spec.receptor_type));

  // Per-connection values. Random ones come from one stream per target, drawn in
  // connection order (weight, delay, receptor), so any thread count agrees.
  const SynapseValue default_weight{SynapseValue::Kind::constant, as_double(syn.dict_defaults.at("weight"), "weight"), {}, {}};
  const SynapseValue default_delay{SynapseValue::Kind::constant, as_double(syn.dict_defaults.at("delay"), "delay"), {}, {}};
  const SynapseValue default_receptor{SynapseValue::Kind::constant,
                                      static_cast<double>(as_int(syn.dict_defaults.at("receptor_type"), "receptor_type")),
                                      {}, {}};
  const SynapseValue& wv = syn_spec.weight ? *syn_spec.weight : default_weight;
  const SynapseValue& dv = syn_spec.delay ? *syn_spec.delay : default_delay;
  const SynapseValue& rv = syn_spec.receptor_type ? *syn_spec.receptor_type : default_receptor;
  const bool random = wv.kind == SynapseValue::Kind::parameter || dv.kind == SynapseValue::Kind::parameter ||
                      rv.kind == SynapseValue::Kind::parameter;

  // Models per position in sources/targets, looked up once (not per connection).
  auto models_of = [this](std::span<const Gid> gids) {
    std::vector<const ModelInfo*> out(gids.size());
    std::size_t k = 0;
    while (k < gids.size()) {
      const NodeRange& r = range_of(gids[k]);
      const ModelInfo* m = &registry_.at(r.model);
      while (k < gids.size() && gids[k] <= r.last) out[k++] = m;
    }
    return out;
  };
  const std::vector<const ModelInfo*> source_models = models_of(sources), target_models = models_of(targets);

  // Links between a recorder and what it records live with the recorded node:
  // on the neuron's rank, and on rank 0 for devices (which every rank holds:
  // generators into a spike recorder, multimeters on a current generator), so
  // that each event is recorded once.
  if (comm_->size() > 1) {
    std::size_t kept = 0;
    for (std::size_t c = 0; c < gen.size(); ++c) {
      const ModelInfo& sm = *source_models[gen.source_index[c]];
      const ModelInfo& tm = *target_models[gen.target_index[c]];
      if (tm.element_type != ElementType::neuron) {
        const bool mine = tm.element_type == ElementType::recorder && sm.element_type == ElementType::neuron
                              ? is_local(sources[gen.source_index[c]])
                              : comm_->rank() == 0;
        if (!mine) continue;
      }
      gen.source_index[kept] = gen.source_index[c];
      gen.target_index[kept] = gen.target_index[c];
      gen.array_index[kept] = gen.array_index[c];
      ++kept;
    }
    gen.source_index.resize(kept);
    gen.target_index.resize(kept);
    gen.array_index.resize(kept);
  }
  const std::size_t n = gen.size();

  // Targets whose receptor ports (and recordables) are set at run time
  // (multisynapse models): the length of their list groups.
  const bool any_list_target =
      std::any_of(target_models.begin(), target_models.end(), [](const ModelInfo* m) { return m->has_lists(); });
  const std::vector<std::vector<int>> target_counts = any_list_target ? list_counts(targets) : std::vector<std::vector<int>>{};

  // Multimeters may only record what their targets can record (checked per
  // pair of populations, or per target where that varies, before anything is
  // generated into the store).
  for (std::size_t j = 0; j < sources.size(); ++j) {
    const ModelInfo& sm = *source_models[j];
    if (sm.device_kind != DeviceKind::multimeter) continue;
    const auto record_from = as_strings(device(sources[j]).params.at("record_from"), "record_from");
    for (std::size_t t = 0; t < targets.size(); ++t) {
      const ModelInfo& tm = *target_models[t];
      if (t > 0 && target_models[t] == target_models[t - 1] && !tm.has_lists()) continue;
      if (tm.has_lists() && target_counts[t].empty()) continue;  // held by another rank
      const std::vector<std::string> recordables =
          records_rate(tm.device_kind)           ? std::vector<std::string>{"rate"}
          : tm.element_type != ElementType::neuron ? std::vector<std::string>{"I"}
          : tm.has_lists()                       ? tm.recordables_for(target_counts[t])
                                                 : tm.recordables;
      for (const auto& name : record_from) {
        if (std::find(recordables.begin(), recordables.end(), name) == recordables.end()) {
          std::string all;
          for (const auto& r : recordables) all += (all.empty() ? "" : ", ") + r;
          illegal(sm.name + " cannot record '" + name + "' from " + tm.name + " (node " + std::to_string(targets[t]) +
                  "); it records: " + (all.empty() ? std::string("nothing") : all) + ".");
        }
      }
    }
  }

  // Values go straight into the store's new tail (no per-connection
  // temporaries); any invalid connection rolls the whole call back. Connections
  // come grouped by target, and each group draws its random values (weight,
  // delay, receptor, in connection order) from its own stream, so the result
  // does not depend on the thread count.
  std::optional<DrawnSynapseValues> device_values;
  if (random && backend_->constructs_on_device() && !spatial && !pairs) {
    auto program_of = [](const SynapseValue& v) {
      return v.kind == SynapseValue::Kind::parameter ? &v.parameter->program() : nullptr;
    };
    SynapseValueDraws draws{gen.target_index, tgt, rng_seed_, projection, program_of(wv), program_of(dv), program_of(rv)};
    device_values = backend_->draw_synapse_values(draws);
    if (device_values && device_values->error != 0) throw_parameter_error(*device_values->failed, device_values->error);
  }
  std::vector<std::size_t> group_begin;
  for (std::size_t c = 0; c < n; ++c) {
    if (c == 0 || gen.target_index[c] != gen.target_index[c - 1]) group_begin.push_back(c);
  }
  group_begin.push_back(n);
  const std::size_t base = store_.size();
  store_.resize_for_overwrite(base + n);  // every new entry is written below (or rolled back)
  try {
    parallel_for(group_begin.size() - 1, threads_, [&](std::size_t g) {
      RandomStream rng = random && !device_values
                             ? RandomStream(rng_seed_, RngPurpose::SynapseParameter, projection,
                                            tgt[gen.target_index[group_begin[g]]])
                             : RandomStream(Philox4x32::Key{}, 0, 0);
      std::int32_t next_port = -1;  // ports numbered per connection, for this group's target
      for (std::size_t c = group_begin[g]; c < group_begin[g + 1]; ++c) {
        ParameterGeometry geometry{};
        if (spatial_values) {
          geometry = spatial_pair_geometry(*spatial, pool_is_source, gen.source_index[c], gen.target_index[c]);
        }
        auto value_of = [&](const SynapseValue& v, const std::vector<double>* drawn) {
          switch (v.kind) {
            case SynapseValue::Kind::constant: return v.constant;
            case SynapseValue::Kind::array: return v.array[gen.array_index[c]];
            case SynapseValue::Kind::parameter:
              return device_values ? (*drawn)[c] : v.parameter->value(rng, spatial_values ? &geometry : nullptr);
          }
          return 0.0;
        };
        const DrawnSynapseValues* d = device_values ? &*device_values : nullptr;
        const double weight = value_of(wv, d ? &d->weight : nullptr), delay_ms = value_of(dv, d ? &d->delay : nullptr),
                     receptor = value_of(rv, d ? &d->receptor : nullptr);
        const ModelInfo& sm = *source_models[gen.source_index[c]];
        const ModelInfo& tm = *target_models[gen.target_index[c]];
        if (std::floor(receptor) != receptor || receptor < 0) {
          illegal("receptor_type must be a non-negative integer (got " + std::to_string(receptor) + ").");
        }
        auto receptor_type = static_cast<std::int32_t>(receptor);
        Step delay_steps;
        if (sm.element_type == ElementType::recorder || tm.element_type == ElementType::recorder) {
          delay_steps = std::max<Step>(1, std::llround(delay_ms / resolution_));  // recorders ignore delays
          if (is_correlation_detector(tm.device_kind)) {  // receptor 0/1 (correlomatrix: 0 .. N_channels-1)
            check_correlation_receptor(tm.device_kind, device(targets[gen.target_index[c]]).params, receptor_type);
          }
        } else {
          delay_steps = delay_to_steps(delay_ms);
          if (!std::isfinite(weight)) illegal("Weights must be finite numbers.");
          const bool current = is_current_source(sm.device_kind);
          const std::size_t ti = gen.target_index[c];
          // Ports the target does not have (per-connection ports: only their first may be named).
          const bool beyond_ports =
              tm.per_connection_receptor >= 0
                  ? receptor_type > tm.per_connection_receptor
                  : tm.receptor_group >= 0 && !target_counts[ti].empty() &&
                        receptor_type > target_counts[ti][static_cast<std::size_t>(tm.receptor_group)];
          if (current && !tm.accepts_current) {
            illegal("Creation of connection is not possible because:\nThe target node or synapse model does not "
                    "support current input.");
          }
          const bool relay = tm.spike_channel == nullptr;  // spike_dilutor: one port
          // Models with current receptors (iaf_cond_alpha_mc) take currents there only, spikes elsewhere.
          const bool current_port = tm.current_receptor != nullptr && tm.current_receptor(receptor_type);
          if (tm.port_count != nullptr && !target_counts[ti].empty()) {
            // Models that number spike and current ports separately (cm_default): NEST's UnknownPort text.
            const int ports = tm.port_count(target_counts[ti].data(), current);
            if (receptor_type >= ports) {
              illegal("Port with id " + std::to_string(receptor_type) + " does not exist. Valid " +
                      (current ? "current" : "spike") + " receptor ports for " + tm.name + " are in [0, " +
                      std::to_string(ports) + "[");
            }
          }
          const bool refused =
              tm.port_count != nullptr ? !current && tm.spike_channel(receptor_type, weight) < 0
              : current ? (tm.current_receptor != nullptr ? !current_port : receptor_type != 0)
              : relay   ? receptor_type != 0
                        : tm.spike_channel(receptor_type, weight) < 0 || beyond_ports || current_port;
          // Models with rate ports beside their spike port (eprop_readout): rates there only.
          if (tm.rate_receptor != nullptr && !current &&
              (syn.synapse_traits.rate_connection != 0) != tm.rate_receptor(receptor_type)) {
            if (sm.device_kind == DeviceKind::step_rate_generator) {
              illegal("Creation of connection is not possible because:\n" + tm.rate_receptor_error);
            }
            illegal("Model " + tm.name + " does not accept receptor_type " + std::to_string(receptor_type) +
                    " from " + sm.name + " (UnknownReceptorType: receptor type " + std::to_string(receptor_type) +
                    " is not available in " + tm.name + ").");
          }
          if (refused && tm.port_count != nullptr && weight < 0.0) {
            illegal("Synaptic weights must be positive.");  // NEST's text (it finds out during Simulate)
          }
          if (refused) {
            illegal("Model " + tm.name + " does not accept receptor_type " + std::to_string(receptor_type) +
                    " from " + sm.name + ".");
          }
          if (!current && receptor_type == tm.per_connection_receptor) {
            receptor_type = connection_port(tm, targets[ti], next_port);
          }
        }
        if (syn.synapse_traits.rate_connection & (kRateInstantaneous | kGapJunction | kDiffusion)) {
          delay_steps = instantaneous_rate_delay();
        }
        check_user_delay(delay_steps, !syn_spec.delay.has_value(), syn.name);
        const std::size_t at = base + c;
        store_.source[at] = static_cast<std::uint32_t>(sources[gen.source_index[c]]);
        store_.target[at] = static_cast<std::uint32_t>(targets[gen.target_index[c]]);
        store_.weight[at] = weight;
        store_.delay_steps[at] = static_cast<std::int32_t>(delay_steps);
        store_.receptor[at] = receptor_type;
        store_.synapse_model[at] = static_cast<std::uint16_t>(syn_model);
      }
    });
    store_connection_rows(base, gen, tgt, syn_spec, projection);
    if (std::any_of(source_models.begin(), source_models.end(),
                    [](const ModelInfo* m) { return m->device_kind == DeviceKind::multimeter; })) {
      number_multimeter_links(base);
    }
  } catch (...) {
    store_.resize(base);
    forget_multimeter_links();
    if (static_cast<std::size_t>(syn_model) < synapse_rows_.size()) {
      SynapseRows& rows = synapse_rows_[static_cast<std::size_t>(syn_model)];
      rows.truncate(static_cast<std::size_t>(std::lower_bound(rows.conn.begin(), rows.conn.end(),
                                                              static_cast<std::int64_t>(base)) - rows.conn.begin()));
    }
    throw;
  }
  if (any_list_target) {
    std::vector<Gid> conn_targets(n);
    for (std::size_t c = 0; c < n; ++c) conn_targets[c] = targets[gen.target_index[c]];
    note_receptors_in_use(conn_targets, std::span<const std::int32_t>(store_.receptor.data() + base, n));
  }
  for (std::size_t c = 0; c < n; ++c) {
    any_delay_min_ = std::min<Step>(any_delay_min_, store_.delay_steps[base + c]);
    if (source_models[gen.source_index[c]]->element_type == ElementType::recorder ||
        target_models[gen.target_index[c]]->element_type == ElementType::recorder) {
      continue;
    }
    event_delay_min_ = std::min<Step>(event_delay_min_, store_.delay_steps[base + c]);
    event_delay_max_ = std::max<Step>(event_delay_max_, store_.delay_steps[base + c]);
  }
}

std::vector<std::int64_t> Kernel::get_connections(const std::optional<std::vector<Gid>>& sources,
                                                  const std::optional<std::vector<Gid>>& targets,
                                                  const std::optional<std::string>& synapse_model) const {
  const auto size = static_cast<std::size_t>(network_size() + 1);
  auto mask_of = [&](const std::optional<std::vector<Gid>>& gids) {
    std::vector<char> mask;
    if (!gids) return mask;
    mask.assign(size, 0);
    for (Gid g : *gids) {
      range_of(g);
      mask[static_cast<std::size_t>(g)] = 1;
    }
    return mask;
  };
  const std::vector<char> src_mask = mask_of(sources), tgt_mask = mask_of(targets);
  const int model = synapse_model ? registry_.find(*synapse_model) : -1;
  std::vector<std::int64_t> ids;
  for (std::size_t c = 0; c < store_.size(); ++c) {
    if (!src_mask.empty() && !src_mask[store_.source[c]]) continue;
    if (!tgt_mask.empty() && !tgt_mask[store_.target[c]]) continue;
    if (model >= 0 && store_.synapse_model[c] != model) continue;
    ids.push_back(static_cast<std::int64_t>(c));
  }
  // Order (source, target, creation): a counting sort by source keeps creation
  // order; within a source, connections mostly come in target order already
  // (rules generate target by target), so the stable sort rarely has work.
  std::vector<std::size_t> begin(size + 1, 0);
  for (auto id : ids) ++begin[store_.source[static_cast<std::size_t>(id)] + 1];
  std::partial_sum(begin.begin(), begin.end(), begin.begin());
  std::vector<std::int64_t> ordered(ids.size());
  std::vector<std::size_t> cursor(begin.begin(), begin.end() - 1);
  for (auto id : ids) ordered[cursor[store_.source[static_cast<std::size_t>(id)]]++] = id;
  const auto by_target = [this](std::int64_t a, std::int64_t b) {
    return store_.target[static_cast<std::size_t>(a)] < store_.target[static_cast<std::size_t>(b)];
  };
  for (std::size_t g = 0; g < size; ++g) {
    const auto first = ordered.begin() + static_cast<std::ptrdiff_t>(begin[g]);
    const auto last = ordered.begin() + static_cast<std::ptrdiff_t>(begin[g + 1]);
    if (!std::is_sorted(first, last, by_target)) std::stable_sort(first, last, by_target);
  }
  return ordered;
}

std::vector<std::int64_t> Kernel::connection_ports(std::span<const std::int64_t> ids) const {
  std::unordered_map<std::int64_t, std::size_t> wanted;
  std::int64_t last = -1;
  for (std::size_t k = 0; k < ids.size(); ++k) {
    wanted[ids[k]] = k;
    last = std::max(last, ids[k]);
  }
  std::vector<std::int64_t> ports(ids.size(), 0);
  std::vector<std::int64_t> seen(static_cast<std::size_t>(network_size() + 1), 0);
  for (std::int64_t c = 0; c <= last; ++c) {
    const auto s = store_.source[static_cast<std::size_t>(c)];
    if (auto it = wanted.find(c); it != wanted.end()) ports[it->second] = seen[s];
    ++seen[s];
  }
  return ports;
}

int Kernel::connection_thread(std::int64_t id) const {
  const Gid t = store_.target.at(static_cast<std::size_t>(id));
  const NodeRange& r = range_of(t);
  return r.population >= 0 ? backend_->owner_thread(r.population, t - r.local_first) : 0;
}

void Kernel::set_connection_values(std::span<const std::int64_t> ids, const std::string& key,
                                   std::span<const double> values) {
  if (values.size() != ids.size()) throw Error(ErrorKind::BadProperty, "set: need one value per connection.");
  backend_->sync_connections();  // writes apply on top of what a run learned
  for (auto id : ids) {
    if (id < 0 || static_cast<std::size_t>(id) >= store_.size()) {
      throw Error(ErrorKind::KernelException, "Connection id " + std::to_string(id) + " does not exist.");
    }
  }
  if (key != "weight" && key != "delay" && set_connection_field(ids, key, values)) {
    clear_reset_on_set(ids);
    connections_changed_ = true;
    prepared_ = false;
    return;
  }
  if (key == "weight") {
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const ModelInfo& syn = registry_.at(store_.synapse_model[static_cast<std::size_t>(ids[k])]);
      refuse_weight(syn);
      if (syn.synapse_traits.common_weight) {
        throw Error(ErrorKind::BadProperty, syn.name + ": the weight is a common property of the model; set it "
                                            "with SetDefaults or CopyModel.");
      }
    }
    for (double w : values) {
      if (!std::isfinite(w)) throw Error(ErrorKind::BadProperty, "Weights must be finite numbers.");
    }
    // The receptor channel follows the weight's sign; reject changes a target cannot take.
    std::vector<const ModelInfo*> model_by_gid(static_cast<std::size_t>(network_size() + 1), nullptr);
    for (const NodeRange& r : ranges_) {
      std::fill(model_by_gid.begin() + r.first, model_by_gid.begin() + r.last + 1, &registry_.at(r.model));
    }
    for (std::size_t k = 0; k < ids.size(); ++k) {
      const auto c = static_cast<std::size_t>(ids[k]);
      const ModelInfo& tm = *model_by_gid[store_.target[c]];
      const ModelInfo& sm = *model_by_gid[store_.source[c]];
      if (tm.element_type == ElementType::neuron && sm.element_type != ElementType::recorder &&
          !is_current_source(sm.device_kind) &&
          tm.spike_channel(store_.receptor[c], values[k]) < 0) {
        throw Error(ErrorKind::BadProperty, "Weight not accepted by " + tm.name + ".");
      }
    }
    for (std::size_t k = 0; k < ids.size(); ++k) store_.weight[static_cast<std::size_t>(ids[k])] = values[k];
  } else if (key == "delay") {
    for (std::int64_t id : ids) refuse_delay(registry_.at(store_.synapse_model[static_cast<std::size_t>(id)]));
    std::vector<std::int32_t> steps(ids.size());
    for (std::size_t k = 0; k < ids.size(); ++k) {
      steps[k] = static_cast<std::int32_t>(delay_to_steps(values[k]));
      check_user_delay(steps[k], false, "");
    }
    for (std::size_t k = 0; k < ids.size(); ++k) store_.delay_steps[static_cast<std::size_t>(ids[k])] = steps[k];
    recompute_event_delays();  // a delay may have shrunk the range
  } else if (key == "receptor_type" || key == "source" || key == "target" || key == "synapse_model" ||
             key == "port" || key == "target_thread" || key == "synapse_id" || key == "sizeof") {
    throw Error(ErrorKind::BadProperty, "Connection property '" + key + "' is read-only.");
  } else {
    throw Error(ErrorKind::UnknownParameter, "Unknown connection property '" + key + "'.");
  }
  clear_reset_on_set(ids);
  connections_changed_ = true;
  prepared_ = false;
}

std::size_t Kernel::num_connections(int synapse_model) const {
  const auto m = static_cast<std::size_t>(synapse_model);
  return m < global_connections_.size() ? static_cast<std::size_t>(global_connections_[m]) : 0;
}

}  // namespace roost
