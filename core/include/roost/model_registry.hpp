// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The registry of models a kernel knows: the built-in neuron models (from
// models/model_list.hpp), the devices, the synapse models, and copies made with
// CopyModel. Each entry carries names, units and the current defaults, so
// GetDefaults / SetDefaults / CopyModel work on any model generically.

#include <map>
#include <string>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/models/rate_nonlinearities.hpp"
#include "roost/synapse_model.hpp"
#include "roost/value.hpp"

namespace roost {

enum class ElementType { neuron, stimulator, recorder, synapse };
const char* element_type_name(ElementType);

enum class DeviceKind {
  none,
  spike_generator,
  poisson_generator,
  dc_generator,
  step_current_generator,
  spike_recorder,
  multimeter,
  weight_recorder,
  ac_generator,
  noise_generator,
  pulsepacket_generator,
  spike_train_injector,
  // Rate-modulated and renewal spike generators (devices_rate.hpp).
  sinusoidal_poisson_generator,
  inhomogeneous_poisson_generator,
  gamma_sup_generator,
  sinusoidal_gamma_generator,
  ppd_sup_generator,
  mip_generator,
  spike_dilutor,
  // Recorders of spike-pair correlations (correlation_detectors.hpp).
  correlation_detector,
  correlomatrix_detector,
  // Sends a piecewise-constant rate to rate models (rate_transmission.hpp).
  step_rate_generator,
  // Binary neurons' recorders: states decoded from multiplicities
  // (recording.cpp) and their count covariances (correlospin_detector.cpp).
  spin_detector,
  correlospinmatrix_detector,
  // Poisson trains with dead time and spike times off the grid (devices_ps.hpp).
  poisson_generator_ps,
};

// A list-valued field of a neuron model (from the model's ListSpec).
struct ListInfo {
  std::string name;
  std::string unit;
  double element_default = 0.0;  // value of an element added when the list grows
  int group = 0;
  ListRole role = ListRole::param;
  std::string element_prefix;  // recordable elements <prefix>1 ...; empty: none
  int element_base = 1;        // number of the first element in those names
  bool visible() const { return role != ListRole::hidden_state; }
};

struct ListGroupInfo {
  int count_field = -1;
  int default_length = 0;
  int max_length = 0;  // 0: unbounded
  std::string length_mismatch;
  int restart_field = -1;  // set to 0 when a list of the group is given
};

// One neuron's lists, each with as many elements as its group's count.
using ListValues = std::vector<std::vector<double>>;

struct ModelInfo {
  std::string name;
  ElementType element_type = ElementType::neuron;
  std::string base_name;  // the built-in model a copy derives from (== name for built-ins)

  // Neurons: numeric fields, parameters [0, n_params) then state.
  int neuron_model = -1;  // position in models::NeuronModels
  std::vector<FieldSpec> fields;
  int n_params = 0;
  std::vector<double> field_defaults;
  std::vector<std::string> recordables;
  std::vector<std::pair<std::string, std::string>> recorded_as;  // recordable -> column it reads
  int tau_minus_field = -1;  // tau_minus, then tau_minus_triplet (after the model's own fields)
  int n_spike_channels = 0;
  bool counts_spikes = false;
  bool binary_input = false;  // binary neurons: input +w / -w by multiplicity (binary_delivery)
  bool precise_input = false;  // precise-spiking models: spikes as timed events (precise_events.hpp)
  bool repeats_events = false;  // sends its input events as its spikes (parrot_neuron_ps)
  bool neuromodulator_source = false;  // volume_transmitter: its spikes feed synapses, never a Connect
  bool clopath_archiving = false;      // keeps the history clopath_synapse reads (NEST's ClopathArchivingNode)
  bool urbanczik_archiving = false;    // keeps the history urbanczik_synapse reads (NEST's UrbanczikArchivingNode)
  // NEST's rport of a spike receptor (what handles_test_event returns, what a
  // weight_recorder records as 'receptors'); nullptr: the receptor_type itself.
  int (*rport)(int receptor_type) = nullptr;
  int (*spike_channel)(int receptor_type, double weight) = nullptr;
  // Receptors whose input is weight * the spike's offset (nullptr: none).
  bool (*reads_spike_offset)(int receptor_type) = nullptr;
  // Receptors whose input is the spike count, the weight being the model's
  // business (nullptr: none beyond counts_spikes).
  bool (*counts_receptor)(int receptor_type) = nullptr;
  // Rate models (NEST's rate_neuron_ipn/opn, rate_transformer_node): they
  // send and take rates through rate connections only; from a parameter row,
  // whether they sum their input linearly, and their gain function.
  bool rate_node = false;
  bool (*sums_linearly)(const double* params) = nullptr;
  models::RateGain (*rate_gain)(const double* params) = nullptr;
  // Gap-junction neurons (gap_junction_common.hpp): their first gap channel,
  // and the field (index into fields) that waveform relaxation carries over
  // instead of restoring (-1: none).
  bool gap_node = false;
  int gap_channel = -1;
  // siegert_neuron: a rate node that sends and takes diffusion_connection only.
  bool diffusion_node = false;
  int wfr_carried_field = -1;
  // Astrocytes (models/sic_common.hpp): send a slow inward current per step
  // through sic_connection (rate transmission; spikes they do not send), and
  // the neurons that take it.
  bool sends_sic = false;
  bool accepts_sic = false;
  // Keys that set a second field too, unless it is given as well (NEST's
  // gauss_rate_ipn: mu and sigma are its gain's and its noise's).
  std::vector<std::pair<std::string, std::string>> also_sets;
  // String-valued parameters (eprop_iaf's surrogate_gradient_function): the
  // field keeps the index of the name among `choices`; `error` is the text
  // for any other name.
  struct StringField {
    std::string key;
    int field = -1;
    std::vector<std::string> choices;
    std::string error;
  };
  std::vector<StringField> string_fields;
  // Keys whose given value is kept times a factor (eprop_iaf's f_target: set
  // in spikes/s, kept and reported in spikes/ms as NEST does).
  std::vector<std::pair<std::string, double>> set_scales;
  // Receptors that take delayed rates (rate_connection_delayed) and no
  // spikes, on a model that is no rate node (eprop_readout's target signal
  // and learning window); nullptr: none. The error for a step_rate_generator
  // on another receptor.
  bool (*rate_receptor)(int receptor_type) = nullptr;
  std::string rate_receptor_error;
  bool accepts_current = true;              // false: no current generator may target it (iaf_chs_2007)
  std::vector<std::string> receptor_names;  // NEST's receptor_types: name of port k + 1 (ht_neuron)
  // Receptors that take current generators' input (routed by spike_channel),
  // where receptor 0 is refused to them (nullptr: currents on receptor 0 only).
  bool (*current_receptor)(int receptor_type) = nullptr;
  // Optional: how many ports [0, n) a target whose list groups have `counts`
  // elements has for spikes (current = false) or for currents (cm_default:
  // spikes address receptors, currents compartments). Replaces the generic
  // checks of receptor ports at Connect.
  int (*port_count)(const int* counts, bool current) = nullptr;
  // Parameter groups (NEST's sub-dictionaries, iaf_cond_alpha_mc's "soma"):
  // field "<group>.<key>" is reported and set as status[group][key].
  std::vector<std::string> field_groups;
  const char* (*validate)(const double* params) = nullptr;
  // Optional: a problem with setting `key` given the new fields (nullptr: fine).
  const char* (*validate_key)(const double* fields, const char* key) = nullptr;
  // Optional: adjusts other fields after `key` was set (eprop_iaf_adapt's
  // adaptation moves V_th_adapt).
  void (*after_set)(double* fields, const char* key) = nullptr;

  // List-valued fields (multisynapse and adaptation-kernel models): their
  // groups, defaults, the coefficient lists a backend keeps per neuron, and
  // the group whose length is the number of receptor ports (-1: fixed ports).
  std::vector<ListInfo> lists;
  std::vector<ListGroupInfo> list_groups;
  ListValues list_defaults;
  std::vector<int> coef_list_groups;
  int receptor_group = -1;
  // >= 0: every connection made to this receptor gets a receptor port of its
  // own (numbered from it, per target in creation order; iaf_bw_2001_exact's
  // NMDA), sized into the neuron's receptor group at its first Simulate, with
  // the connection's current weight in list connection_weight_list.
  int per_connection_receptor = -1;
  int connection_weight_list = -1;
  const char* (*validate_lists)(const double* params, const std::vector<double>* lists) = nullptr;
  // Optional (NEST's pre_run_hook for state sized at run time, gif_pop_psc_exp):
  // run by the kernel on each neuron's row before every Simulate, first with
  // lists == nullptr (checks of the row; `changed` = it needs its lists), then,
  // if asked, with the lists; returns an error text or nullptr and says
  // whether it wrote row or lists.
  const char* (*pre_run)(double* row, std::vector<double>* lists, double resolution, bool& changed) = nullptr;
  // >= 0: a (hidden) field every SetStatus of a neuron sets to 0 (the model's
  // "rebuild at the next Simulate" flag, NEST's initialized_).
  int reset_on_set = -1;
  bool has_lists() const { return !lists.empty(); }
  int list_index(const std::string& name) const;  // -1 when absent
  bool is_count_field(int field) const;
  // The names a multimeter may record from a neuron whose list groups have
  // `counts` elements (the model's recordables, then <prefix>k of each list).
  std::vector<std::string> recordables_for(const std::vector<int>& counts) const;
  std::vector<int> counts_of(const double* row) const;

  // Synapses: `fields` are the model's parameters [0, n_params) then its
  // per-connection state, with defaults in field_defaults (the common values
  // of homogeneous models); dict_defaults holds weight, delay, receptor_type,
  // weight_recorder (and synapse_label for _lbl variants, volume_transmitter
  // for neuromodulated models).
  int synapse_model = -1;  // position in models::SynapseModels
  SynapseTraits synapse_traits;
  bool labelled = false;   // an _lbl variant: connections carry a synapse_label
  const char* (*synapse_validate)(const double* params, const double* state, double weight) = nullptr;
  SynapseRowLayout row_layout() const {
    return {n_params, n_fields() - n_params, synapse_traits.homogeneous};
  }
  // Per-connection values beyond weight/delay/receptor: stored by the kernel.
  // Plastic models, labelled ones, and those with per-connection parameters (diffusion_connection).
  bool has_connection_rows() const {
    return !synapse_traits.is_static || labelled || (n_params > 0 && !synapse_traits.homogeneous);
  }

  // Devices and synapses: parameters as a dictionary of typed defaults.
  DeviceKind device_kind = DeviceKind::none;
  // A device that NEST lists as a neuron (spike_train_injector): reported with
  // element_type 'neuron' and connectable wherever a neuron may send.
  bool neuron_like = false;
  Dict dict_defaults;

  int field_index(const std::string& field) const;  // -1 when absent
  // As field_index, but -1 for hidden fields too: what users may name.
  int visible_field_index(const std::string& field) const {
    const int f = field_index(field);
    return f >= 0 && fields[static_cast<std::size_t>(f)].hidden ? -1 : f;
  }
  int n_fields() const { return static_cast<int>(fields.size()); }
};

// Applies `changes` to one neuron's field row (all fields, model order), with
// NEST's rules: unknown or hidden keys raise UnknownParameter, the result
// must pass the model's validation (BadProperty otherwise). Setting E_L alone
// leaves V_m, V_th and V_reset where they are (NEST keeps them relative to
// E_L internally but moves them back on set). `row` is unchanged on error.
void apply_neuron_fields(const ModelInfo& model, double* row, const Dict& changes);

// Returns the visible fields of one neuron row as a dictionary.
Dict neuron_fields_dict(const ModelInfo& model, const double* row);

// As apply_neuron_fields, for models with list-valued fields: list keys set
// whole lists (all lists of a group must agree in length; state lists of the
// group follow the new length, the group's count field too), the other keys
// go to the row. The model's checks see scalars and lists together. `row`
// and `lists` are unchanged on error.
void apply_neuron_status(const ModelInfo& model, double* row, ListValues& lists, const Dict& changes);

// The visible lists of one neuron, added to its status dictionary.
void add_lists_to_dict(const ModelInfo& model, const ListValues& lists, Dict& out);

class ModelRegistry {
 public:
  ModelRegistry();  // registers every built-in model

  int find(const std::string& name) const;  // throws UnknownModelName
  bool contains(const std::string& name) const { return by_name_.count(name) > 0; }
  const ModelInfo& at(int id) const { return models_.at(static_cast<std::size_t>(id)); }
  const ModelInfo& get(const std::string& name) const { return at(find(name)); }
  std::vector<std::string> names() const;
  int size() const { return static_cast<int>(models_.size()); }

  void set_defaults(const std::string& name, const Dict& changes, double resolution);
  void copy_model(const std::string& old_name, const std::string& new_name, const Dict& changes, double resolution);

 private:
  int add(ModelInfo info);
  static void set_synapse_defaults(ModelInfo& info, const Dict& changes, double resolution);
  std::vector<ModelInfo> models_;
  std::map<std::string, int> by_name_;
};

}  // namespace roost
