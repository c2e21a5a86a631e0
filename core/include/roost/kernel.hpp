// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Kernel: one simulation. It owns what the user asked for (nodes, device
// parameters, connections), the clock and a Backend that holds the neuron state
// and runs the steps. Not a global: the Python module holds one and ResetKernel
// replaces it. All mutating calls are all-or-nothing: on error nothing changed.

#include <chrono>
#include <cmath>
#include <cstdint>
#include <exception>
#include <fstream>
#include <limits>
#include <memory>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <unordered_map>
#include <unordered_set>
#include <vector>

#include "roost/backend.hpp"
#include "roost/communicator.hpp"
#include "roost/connect_rules.hpp"
#include "roost/connection_store.hpp"
#include "roost/devices_rate.hpp"
#include "roost/model_registry.hpp"
#include "roost/parameter.hpp"
#include "roost/structural_plasticity.hpp"
#include "roost/value.hpp"

namespace roost {

class CorrelationDetectors;  // correlation_detectors.hpp

// The nodes of one Create call. Neurons are split over the ranks in
// contiguous blocks (rank r of R holds [first + n*r/R, first + n*(r+1)/R));
// devices exist on every rank, as NEST's devices exist on every VP.
struct NodeRange {
  Gid first = 0;
  Gid last = 0;  // inclusive
  int model = 0;
  int population = -1;            // backend population (neurons; this rank's block)
  Gid local_first = 0;            // neurons: first gid of this rank's block
  Index local_count = 0;          // neurons: size of this rank's block (may be 0)
  std::size_t first_device = 0;   // index into the device list (devices)
  bool is_neuron() const { return population >= 0; }
  bool holds_locally(Gid gid) const { return !is_neuron() || (gid >= local_first && gid < local_first + local_count); }
};

// Events a recorder has collected (memory) and its open files (ascii: one per
// virtual process of this rank, as NEST writes them).
struct RecorderData {
  std::vector<Gid> senders;
  std::vector<Gid> targets;            // weight_recorder
  std::vector<double> weights;         // weight_recorder
  std::vector<std::int64_t> receptors, ports;  // weight_recorder
  std::vector<std::int64_t> states;            // spin_detector: the decoded binary state
  // spin_detector: NEST's last single event, not yet written (sender 0: none).
  struct SpinPending {
    Gid sender = 0;
    Step stamp = 0;
    std::int64_t state = 0;
  } spin;
  std::vector<Step> stamps;
  // Spike offsets (ms before the stamp), one per event once any event had one
  // (models whose spikes carry a value); empty while all are 0.
  std::vector<double> offsets;
  void add_offset(double offset) {  // after the event's stamp was added
    if (offset == 0.0 && offsets.empty()) return;
    offsets.resize(stamps.size() - 1, 0.0);
    offsets.push_back(offset);
  }
  double offset(std::size_t k) const { return offsets.empty() ? 0.0 : offsets[k]; }
  std::vector<std::vector<double>> values;  // one column per record_from entry
  std::vector<std::unique_ptr<std::ofstream>> files;  // by local thread
  std::vector<std::string> filenames;
  std::int64_t file_events = 0;  // events written to the files (record_to 'ascii')
  bool writes_files() const { return !files.empty(); }
  // record_to 'screen': each event printed to stdout as NEST's screen backend
  // prints it; `precision`: digits after the point (screen and ascii).
  bool to_screen = false;
  int precision = 3;
  bool writes_out() const { return to_screen || writes_files(); }
  StampWindow window;            // cached at prepare()
  std::size_t size() const { return senders.size() + static_cast<std::size_t>(file_events); }
};

struct Device {
  Gid gid = 0;
  int model = 0;
  Dict params;
  RecorderData data;
};

// A weight, delay or receptor_type of a syn_spec: a number, one value per
// connection (NEST's array shapes, flattened), or a random Parameter.
struct SynapseValue {
  enum class Kind { constant, array, parameter } kind = Kind::constant;
  double constant = 0.0;
  std::vector<double> array;
  std::optional<Parameter> parameter;
};

struct SynSpec {
  std::string synapse_model = "static_synapse";
  std::optional<SynapseValue> weight, delay, receptor_type;
  std::map<std::string, SynapseValue> extra;  // the model's other parameters and state
  // Structural plasticity: the synaptic elements each connection binds at its
  // source and target (NEST's pre_synaptic_element / post_synaptic_element).
  std::string pre_element, post_element;
};

class Kernel {
 public:
  explicit Kernel(std::unique_ptr<Backend> backend);
  // A kernel whose backend can be chosen with the kernel property 'backend'
  // while no nodes exist; starts with `initial`.
  Kernel(BackendFactory factory, const std::string& initial);
  // As above, one of the ranks that `communicator` connects.
  Kernel(BackendFactory factory, const std::string& initial, std::shared_ptr<Communicator> communicator);
  ~Kernel();
  Kernel(const Kernel&) = delete;
  Kernel& operator=(const Kernel&) = delete;

  // Kernel status (see docs/dev/binding-contract.md for the keys).
  void set_kernel_status(const Dict& changes);
  Dict get_kernel_status() const;

  // Models.
  const ModelRegistry& registry() const { return registry_; }
  Dict get_defaults(const std::string& model) const;
  void set_defaults(const std::string& model, const Dict& changes);
  void copy_model(const std::string& old_name, const std::string& new_name, const Dict& changes);

  // Nodes.
  Gid create(const std::string& model, Index n);
  const std::vector<NodeRange>& node_ranges() const { return ranges_; }
  Gid network_size() const { return ranges_.empty() ? 0 : ranges_.back().last; }
  // Whether this rank holds the node (devices: always; neurons: its block).
  bool is_local(Gid gid) const { return range_of(gid).holds_locally(gid); }
  // Rank that holds a neuron (devices: this rank).
  int owner_rank(Gid gid) const;
  Communicator& communicator() const { return *comm_; }
  Dict get_status(Gid gid) const;
  std::int32_t max_receptor(Gid gid) const;
  void set_status(Gid gid, const Dict& changes);
  void get_values(std::span<const Gid> gids, const std::string& key, std::span<double> out) const;
  void set_values(std::span<const Gid> gids, const std::string& key, std::span<const double> values);
  const RecorderData& events(Gid recorder) const;
  // Collective: every rank's memory events of `recorder`, on `root` (empty
  // elsewhere), ordered by (time, sender) as one rank would have recorded them.
  RecorderData gather_events(Gid recorder, int root) const;
  const Dict& device_params(Gid device) const;
  int device_model(Gid gid) const { return range_of(gid).model; }

  // Draws one value of `parameter` per gid (keyed by gid, fresh stream per call).
  // positions (row-major, gids.size() x dim; empty: none) feed spatial leaves
  // (nest.spatial.pos.x); a spatial parameter without them throws BadProperty.
  std::vector<double> evaluate_parameter(const Parameter& parameter, std::span<const Gid> gids,
                                         std::span<const double> positions = {}, int dim = 0);

  // Connections.
  void connect(std::span<const Gid> sources, std::span<const Gid> targets, const ConnSpec& conn_spec,
               const SynSpec& syn_spec);
  std::vector<std::int64_t> get_connections(const std::optional<std::vector<Gid>>& sources,
                                            const std::optional<std::vector<Gid>>& targets,
                                            const std::optional<std::string>& synapse_model) const;
  // This rank's connections: those whose target it holds (recorder links: on
  // the rank of the recorded neuron; generator -> recorder: on rank 0).
  // (Weights learned on a device are copied back first, only when read.)
  const ConnectionStore& connections() const {
    backend_->sync_connections();
    return store_;
  }
  // Removes this rank's connections `ids` (NEST's Disconnect). `missing`: this
  // rank found a requested connection absent (InexistentConnection). All ranks
  // agree first, so either every rank removes its part or none changes
  // anything. Connection ids after the removed ones shift down.
  void disconnect(std::span<const std::int64_t> ids, bool missing);
  std::vector<std::int64_t> connection_ports(std::span<const std::int64_t> ids) const;
  int connection_thread(std::int64_t id) const;
  void set_connection_values(std::span<const std::int64_t> ids, const std::string& key,
                             std::span<const double> values);
  std::size_t num_connections(int synapse_model) const;  // over all ranks
  // Per-connection values of synapse models (row per connection), by registry id.
  const std::vector<SynapseRows>& synapse_rows() const { return synapse_rows_; }
  // A synapse model field (parameter or state), synapse_label, or a common
  // property, for each connection; throws UnknownParameter naming the model.
  std::vector<double> get_connection_field(std::span<const std::int64_t> ids, const std::string& key) const;

  // Simulation.
  void prepare();
  void run(double t_ms);
  void cleanup();
  void simulate(double t_ms);

  double resolution() const { return resolution_; }
  // Steps as ms the way NEST computes them (tics * 0.001), so that times print
  // as NEST prints them (3 steps of 0.1 ms -> 0.3, not 0.30000000000000004).
  double steps_to_ms(Step steps) const {
    return static_cast<double>(steps * static_cast<Step>(std::llround(resolution_ * tics_per_ms_))) * (1.0 / tics_per_ms_);
  }
  Step now() const { return now_; }

  // Structural plasticity (kernel_structural.cpp).
  void enable_structural_plasticity(bool on);
  bool structural_plasticity_enabled() const { return structural_plasticity_; }
  // Binds (delta > 0) or frees the elements of connections made or removed:
  // targets are this rank's, sources anywhere (every rank calls it together).
  void bind_elements(std::span<const Gid> sources, std::span<const Gid> targets, const std::string& pre_element,
                     const std::string& post_element, std::int64_t delta);
  // The connection ids that rewiring removed since the last call, one sorted
  // list per removal, each in the numbering before it (Python's SynapseCollections follow them).
  std::vector<std::vector<std::int64_t>> take_removed_connections();

 private:
  static bool archives_calcium(const ModelInfo& m);
  const NodePlasticity& plasticity_prototype(int model) const;
  NodePlasticity* plasticity_of(Gid gid);  // nullptr: no calcium trace (or not held here)
  const NodePlasticity* plasticity_of(Gid gid) const;
  void add_plasticity_nodes(const NodeRange& range);
  Dict take_plasticity_keys(const ModelInfo& m, Dict& changes) const;
  bool get_calcium_values(std::span<const Gid> gids, const std::string& key, std::span<double> out) const;
  bool set_calcium_values(std::span<const Gid> gids, const std::string& key, std::span<const double> values);
  void set_structural_status(const Dict& changes);
  void add_structural_status(Dict& d) const;
  Step structural_delay(const StructuralSynapse& s) const;
  void track_calcium(const std::vector<SpikeEvent>& spikes);
  void change_synaptic_elements(std::span<const Gid> gids, const std::string& element, std::int64_t delta);
  bool structural_update_due(Step now) const;
  void bind_connected_elements(std::size_t base, const SynSpec& syn_spec);
  void element_balance(const std::string& element, std::vector<std::pair<Gid, std::int64_t>>& vacant,
                       std::vector<std::pair<Gid, std::int64_t>>& lost) const;
  void delete_lost_connections(const StructuralSynapse& rule, std::size_t index, bool from_pre);
  void create_structural_connections(const StructuralSynapse& rule, std::size_t index);
  void update_structural_plasticity();
  std::vector<NodePlasticity> plasticity_;       // the local neurons that keep a calcium trace
  std::vector<std::int32_t> plasticity_slot_;    // gid -> index into plasticity_, -1: none
  std::map<int, NodePlasticity> plasticity_defaults_;  // per model (SetDefaults, CopyModel); else NEST's
  std::vector<StructuralSynapse> structural_synapses_;
  double structural_update_interval_ = 10000.0;  // ms
  bool structural_plasticity_ = false;
  std::vector<std::vector<std::int64_t>> removed_in_run_;

  const NodeRange& range_of(Gid gid) const;  // throws UnknownNode
  template <class Body>
  void for_each_run(std::span<const Gid> gids, const std::string& key, Body&& body) const;
  const ModelInfo& model_of(Gid gid) const { return registry_.at(range_of(gid).model); }
  ListValues neuron_lists(const NodeRange& r, const ModelInfo& m, Index local, const double* row) const;
  // Per gid this rank holds of a model with list fields: the counts of its
  // list groups (receptor ports ...); empty for the others.
  std::vector<std::vector<int>> list_counts(std::span<const Gid> gids) const;
  void note_receptors_in_use(std::span<const Gid> targets, std::span<const std::int32_t> receptors);
  // Models that give each connection to a receptor its own port
  // (ModelInfo::per_connection_receptor; connection_ports.cpp): the port of
  // the next such connection to `target` (`next_port` carries the count
  // through one target's connections of a Connect call), and at prepare the
  // neurons' port lists sized and the connections' weights written into them.
  std::int32_t connection_port(const ModelInfo& target_model, Gid target, std::int32_t& next_port) const;
  void size_connection_ports();
  // Models with a pre_run hook (ModelInfo::pre_run): run on every local neuron
  // before each Simulate (model_pre_run.cpp).
  void run_model_pre_run();
  Device& device(Gid gid);
  const Device& device(Gid gid) const;
  Step delay_to_steps(double delay_ms) const;
  void check_connection_roles(std::span<const Gid> sources, std::span<const Gid> targets, const ModelInfo& syn) const;
  std::vector<NodeRole> node_roles() const;
  void compute_delay_extrema();
  // NEST's min_delay (recorder connections included), all ranks agreeing: the slice
  // length that pulsepacket_generator's output and the multimeters' hand-over
  // depend on (set by compute_delay_extrema()).
  Step nest_min_delay_ = 1;
  std::pair<Step, Step> delay_extrema() const;
  void record_spikes(const std::vector<SpikeEvent>& spikes);
  void record_spin(Device& rec, Gid sender, Step stamp, std::int64_t state);
  void record_spin_events(std::vector<std::pair<int, SpikeEvent>>& events);
  // Records a slice's multimeter samples; those stamped after `withhold_after`
  // are kept back until the next run (withheld_samples_), as NEST delivers the
  // samples of a run's last min-delay slice with the next Simulate.
  void record_samples(const SampleBatch& batch, Step withhold_after = kNever);
  void record_withheld_samples();
  void record_sample(Device& rec, Gid sender, Step stamp, const double* values, std::size_t width);
  struct WithheldSamples {
    std::vector<std::size_t> device, width;
    std::vector<Gid> sender;
    std::vector<Step> stamp;
    std::vector<double> values;
  } withheld_samples_;
  void open_recorder_files();
  void close_recorder_files();
  void write_ascii(Device& recorder, Gid sender, Step stamp, const double* values, std::size_t width,
                   double offset = 0.0);
  int thread_of_sender(Gid sender) const;  // the local thread (VP) whose file records its events
  void print_progress(Step done, Step total, double elapsed_s, bool final) const;
  void connect_local(std::span<const Gid> sources, std::span<const Gid> targets, const ConnSpec& conn_spec,
                     const SynSpec& syn_spec);
  void prepare_local();
  // connect_local's part for per-connection model values: rows for the new
  // connections [base, base + n) of the store; rolls nothing back itself.
  void store_connection_rows(std::size_t base, const GeneratedConnections& gen, std::span<const std::uint64_t> tgt,
                             const SynSpec& syn_spec, std::uint64_t projection);
  void check_syn_spec_keys(const ModelInfo& syn, const SynSpec& syn_spec) const;
  void check_model_node_links(const std::string& model, const Dict& changes) const;
  // Volume transmitters (core/src/neuromodulation.cpp).
  void prepare_neuromodulators(PrepareInfo& info);
  // Rate models and rate connections (core/src/kernel_rates.cpp).
  void prepare_rates(PrepareInfo& info);
  double transmit_rates(RateDelivery mode);
  void relax_waveforms(Step from, Step to);
  bool waveform_relaxation_ = false;   // use_wfr and instantaneous rate connections or gap junctions (agreed at prepare)
  bool wfr_iterations_warned_ = false;
  void check_rate_connections(std::span<const Gid> sources, std::span<const Gid> targets, const ModelInfo& syn) const;
  static void refuse_delay(const ModelInfo& syn);   // connections without a delay (NEST's messages)
  static void refuse_weight(const ModelInfo& syn);  // diffusion_connection: drift and diffusion factors instead
  void check_gap_junctions(std::span<const Gid> sources, std::span<const Gid> targets) const;
  void check_diffusion_connections(std::span<const Gid> sources, std::span<const Gid> targets) const;
  void check_sic_connections(std::span<const Gid> sources, std::span<const Gid> targets) const;
  void agree_rate_connections();
  void agree_repeat_rooms();  // kernel_precise.cpp
  Step instantaneous_rate_delay() const;
  bool has_rate_connections_ = false;  // any rank stores one (agreed at prepare)
  bool has_gap_junctions_ = false;    // any rank stores a gap_junction (agreed at prepare)
  int local_rate_connections_ = 0;     // kinds this rank stores (bits kRateDelayed, kRateInstantaneous, kGapJunction, kDiffusion)
  std::size_t rate_scan_size_ = 0;     // store size at the last scan
  std::vector<double> rate_exchange_;  // the rate blocks of all ranks (several ranks only)
  std::vector<std::int64_t> rate_exchange_bits_;  // their bit patterns, summed over ranks (kept: once per slice)
  void agree_neuromodulator_intervals();
  void collect_neuromodulator_spikes(const std::vector<SpikeEvent>& spikes, Step to);
  bool set_connection_field(std::span<const std::int64_t> ids, const std::string& key, std::span<const double> values);
  // Clears the synapse models' reset_on_set state field of these connections (after a SetStatus).
  void clear_reset_on_set(std::span<const std::int64_t> ids);
  void record_weights(const std::vector<WeightEvent>& events);
  // Collective: returns if no rank failed; otherwise throws on every rank (the
  // rank's own error, or the lowest failing rank's), so that a call that failed
  // somewhere fails everywhere and no rank waits in a later collective. `call`
  // names the API call; ranks inside different calls get a KernelException.
  enum class Call : std::int64_t { connect = 1, prepare = 2 };
  void agree(std::exception_ptr local_error, Call call);
  void exchange_spikes(const std::vector<SpikeEvent>& local);

  BackendFactory factory_;
  std::shared_ptr<Communicator> comm_;
  std::unique_ptr<Backend> backend_;
  ModelRegistry registry_;

  // Kernel settings.
  double resolution_ = 0.1;
  double tics_per_ms_ = 1000.0;  // NEST's tics per ms: set with the resolution, before any node exists
  std::uint64_t rng_seed_ = 143202461;  // NEST's default seed
  int threads_ = 1;
  bool print_time_ = false;
  bool overwrite_files_ = false;
  std::string data_path_;
  std::string data_prefix_;
  bool dict_miss_is_error_ = true;
  std::uint32_t post_history_capacity_ = 128;  // spike history entries per archived neuron
  // NEST's waveform-relaxation settings: with use_wfr, instantaneous rate
  // connections are solved by iterating each slice; without, they act one
  // step late, as in NEST (kernel_rates.cpp).
  struct WfrSettings {
    bool use = true;
    double comm_interval = 1.0;  // ms; the resolution when use is false
    double tol = 1e-4;
    std::int64_t max_iterations = 15;
    std::int64_t interpolation_order = 3;
  } wfr_;
  void set_wfr(const Dict& changes, double resolution);
  void get_wfr(Dict& d) const;

  // Network.
  std::vector<NodeRange> ranges_;
  std::vector<Device> devices_;
  ConnectionStore store_;
  std::vector<SynapseRows> synapse_rows_;  // by synapse registry id
  std::vector<std::int64_t> global_connections_;  // per synapse model, over all ranks
  std::uint64_t projections_ = 0;       // Connect calls so far (keys the RNG)
  std::uint64_t parameter_draws_ = 0;   // evaluate_parameter calls so far
  bool connections_changed_ = true;
  // Per population of a model with run-time receptor ports, per local neuron:
  // the highest receptor a connection uses (NEST's has_connections; ports in
  // use cannot be removed).
  std::vector<std::vector<std::int32_t>> max_receptor_;
  std::vector<char> ports_sized_;  // by population: per-connection ports fixed by a prepare

  // Clock and run state.
  Step now_ = 0;
  Step min_delay_ = 1;
  Step max_delay_ = 1;
  // Extrema over event connections (recorder links excluded), kept up to date
  // by connect and set_connection_values so that reading them is O(1).
  Step event_delay_min_ = std::numeric_limits<Step>::max();
  Step event_delay_max_ = 0;
  Step any_delay_min_ = std::numeric_limits<Step>::max();  // recorder links included (NEST's min_delay)
  // Delay extrema the user set (nest.set(min_delay=..., max_delay=...)); 0: not
  // set. Then they are the slice length and the bounds every delay must keep,
  // recorder links included (NEST's user_set_delay_extrema).
  // The synapse model of each stimulating device's connections: NEST sends a
  // device's events through one synapse type and refuses a second.
  std::unordered_map<Gid, int> stimulator_synapse_;
  // Multimeter links as NEST numbers them: the k-th multimeter on a node gets
  // receptor k; a multimeter links to a node once. Keys: multimeter << 32 | node.
  std::unordered_map<Gid, std::int32_t> multimeters_on_;
  std::unordered_set<std::uint64_t> multimeter_links_;
  std::vector<std::uint64_t> multimeter_links_added_;  // by the current Connect, for rollback
  void number_multimeter_links(std::size_t base);
  void forget_multimeter_links();
  Step user_min_delay_ = 0;
  Step user_max_delay_ = 0;
  double checked_run_steps(double t_ms) const;
  void set_user_delay_extrema(double min_ms, double max_ms, double resolution, double tics_per_ms);
  double check_time_representation(bool resolution_given, double resolution, std::optional<double> tics);
  void check_user_delay(Step delay_steps, bool default_delay, const std::string& synapse_model) const;
  void recompute_event_delays();
  bool prepared_ = false;
  std::vector<std::vector<int>> spike_recorders_of_;  // by sender gid
  // poisson_generator -> spike_recorder: the recorder gets its own train, drawn
  // from the same keyed stream a neuron target would get.
  struct PoissonRecording {
    std::uint64_t stream;  // poisson_stream_id of the connection
    PoissonProgram program;
    int recorder;  // device index
    std::vector<double> state = {};  // rate-modulated generators with per-target state
    double weight = 1.0;             // the connection's (a correlation detector reads it)
    int receptor = 0;
  };
  // Rate-modulated generators (devices_rate.hpp): their shared rows, filled
  // for each slice before the backend's update (the backend reads them).
  RateRows rate_rows_;
  std::vector<double> rate_values_;
  // spike_dilutor: its mother spikes are collected on the host (kernel_dilutor.cpp):
  // from the slice's spike list (neurons, spike generators) ...
  struct DilutorInput {
    int row;     // the dilutor's rate row
    Step delay;  // steps
  };
  std::vector<std::vector<DilutorInput>> dilutor_inputs_;  // by source gid; empty: no dilutors
  // ... and drawn here for generators drawn at the target (as for a recorder).
  struct DilutorFeed {
    std::uint64_t stream;  // poisson_stream_id(dilutor, ordinal)
    PoissonProgram program;
    int row;
    Step delay;
    std::vector<double> state;
  };
  std::vector<DilutorFeed> dilutor_feeds_;
  void prepare_dilutors(const PrepareInfo& info);
  void feed_dilutors(const std::vector<SpikeEvent>& spikes, Step from, Step to);
  std::vector<PoissonRecording> poisson_recordings_;
  void record_poisson(Step from, Step to);
  std::vector<int> sampler_device_;                   // sampler id -> device index
  // Run buffers: this rank's spikes to record (spike generators only on rank 0)
  // and every rank's spikes of the slice (what is delivered).
  std::vector<SpikeEvent> recorded_spikes_, slice_spikes_;
  std::vector<WeightEvent> weight_events_;
  // Spikes of the current slice, delivered when the next one starts.
  std::vector<SpikeEvent> pending_;
  bool pending_is_backend_list_ = false;  // pending_ is backend_->local_spikes() (not copied)
  bool pending_ready_ = false;            // the slice is complete
  bool pending_needs_sort_ = false;       // gathered from several updates
  void check_numerical_failures(const std::vector<SpikeEvent>& spikes);
  void deliver_pending_slice();
  std::vector<NodeRole> roles_;  // by gid, made at prepare (run-time lookups)
  std::vector<std::int64_t> repeat_room_;  // by gid: events a parrot_neuron_ps can get per step (kernel_precise.cpp)
  std::vector<std::size_t> recorder_links_;  // connections that touch a recorder
  bool recorder_links_stale_ = true;
  // Spike exchange between ranks: "allgather" (every rank gets every spike)
  // or "alltoallv" (a spike goes only to the ranks that hold targets of its
  // source; destinations_ lists them per gid, made at prepare).
  std::string spike_exchange_ = "allgather";
  std::vector<std::vector<std::int32_t>> destinations_;
  std::vector<SpikeEvent> send_buffer_;
  std::vector<std::int64_t> send_counts_;
  void compute_destinations();
  // Spikes collected by each volume_transmitter; buffer index by gid (-1: none).
  std::vector<NeuromodulatorBuffer> neuromodulators_;
  std::vector<std::int32_t> is_neuromodulator_;

  // correlation_detector / correlomatrix_detector (kernel_detectors.cpp): their
  // links at prepare and the slice's spikes handed to them during a run.
  std::unique_ptr<CorrelationDetectors> detectors_;
  CorrelationDetectors& detectors();
  void prepare_correlation_detectors();
  void feed_correlation_detectors(const std::vector<SpikeEvent>& spikes, Step to, bool run_end);

  // Timers (seconds).
  double time_create_ = 0.0;
  double time_connect_ = 0.0;
  double time_simulate_ = 0.0;
  double time_communicate_ = 0.0;  // spike exchange between ranks, inside time_simulate_
};

}  // namespace roost
