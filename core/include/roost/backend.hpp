// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The one seam between the kernel and a machine. Calls are coarse: per
// population or per min-delay slice, never per neuron. The kernel drives, per
// slice [from, to): update -> local_spikes -> (exchange) -> deliver ->
// drain_samples. See docs/architecture.md.

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "roost/connect_rules.hpp"
#include "roost/connection_store.hpp"
#include "roost/devices.hpp"
#include "roost/devices_curgen.hpp"
#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/model_registry.hpp"
#include "roost/parameter_program.hpp"
#include "roost/plastic_delivery.hpp"
#include "roost/rate_transmission.hpp"

namespace roost {

// A spike leaving a node in step `step` (stamped (step+1)*h).
struct SpikeEvent {
  Gid gid;
  Step step;
  std::uint32_t multiplicity;
  double weight_scale;  // spike_generator's spike_weights; 1 otherwise
  // NEST's spike offset: a value some neuron models send with their spikes
  // (a crossing time before the stamp, a release fraction); recorders
  // subtract it from the spike time, receptors that read it scale the weight.
  double offset = 0.0;
};

// How a connection's input is computed from a spike: weight * multiplicity *
// weight_scale; the multiplicity alone (models that count spikes); or, for
// receptors that read the spike's offset, weight * multiplicity * weight_scale * offset;
// for binary neurons, weight * weight_scale * binary_input_factor(multiplicity).
enum DeliveryKind : int {
  weighted_delivery, counting_delivery, offset_weighted_delivery, binary_delivery, precise_delivery, n_delivery_kinds
};

// A spike into a binary neuron (NEST's binary_neuron::handle): a neuron's
// spike of multiplicity m reaches it as m single events from one sender at
// one time; the first counts -w, every further one +2w. So a 1 -> 0
// transition (m = 1) subtracts w and a 0 -> 1 transition (m = 2) adds w.
ROOST_HD inline double binary_input_factor(std::uint32_t m) {
  return m == 0 ? 0.0 : m == 1 ? -1.0 : 2.0 * static_cast<double>(m) - 3.0;
}

// The input one spike puts into a connection's ring cell, per delivery kind
// (both backends' static delivery).
ROOST_HD inline double delivered_input(int kind, double weight, const SpikeEvent& e) {
  switch (kind) {
    case counting_delivery: return static_cast<double>(e.multiplicity);
    case offset_weighted_delivery: return weight * e.weight_scale * static_cast<double>(e.multiplicity) * e.offset;
    case binary_delivery: return weight * e.weight_scale * binary_input_factor(e.multiplicity);
    default: return weight * e.weight_scale * static_cast<double>(e.multiplicity);
  }
}

// The order of a slice's spikes for delivery and recording, on every backend
// and rank count: (step, gid); stable sorts keep a train's own order for ties.
struct SpikeOrder {
  ROOST_HD bool operator()(const SpikeEvent& a, const SpikeEvent& b) const {
    return a.step != b.step ? a.step < b.step : a.gid < b.gid;
  }
};

// What each gid is, as far as event routing is concerned.
enum class NodeRole : std::uint8_t {
  none,
  neuron,
  spike_generator,  // also pulsepacket_generator and spike_train_injector (spike train programs)
  poisson_generator,
  current_generator,
  recorder,
  noise_generator,  // a current drawn per connection (NoiseProgram)
};

// One multimeter: sample `record_from` of each target at stamps
// offset + k*interval (k >= 0, stamp >= 1) inside the window.
struct SamplerSpec {
  int id = 0;
  Step interval = 10;
  Step offset = 0;
  StampWindow window;
  std::vector<std::string> record_from;
  std::vector<Gid> targets;  // ascending

  bool due(Step stamp) const {
    return window.contains(stamp) && stamp >= offset && (stamp - offset) % interval == 0;
  }
};

// Samples of one slice: for sample k, values[k*width .. (k+1)*width) with the
// width of its sampler (record_from.size()).
struct SampleBatch {
  std::vector<std::int32_t> sampler;
  std::vector<Gid> sender;
  std::vector<Step> stamp;
  std::vector<double> values;
  void clear() {
    sampler.clear();
    sender.clear();
    stamp.clear();
    values.clear();
  }
};

// How connections of one synapse model (registry id) are delivered.
struct SynapseDeliverySpec {
  int type = -1;                 // index into models::SynapseModels; -1: not a synapse model
  bool plastic_path = false;     // through plastic_delivery.hpp (state or a weight_recorder)
  bool reads_post_history = false;
  bool reads_clopath_history = false;  // clopath_synapse: its targets keep a Clopath history
  SynapseRowLayout layout;
  std::vector<double> common;    // the model's parameters (homogeneous models)
  Gid weight_recorder = 0;       // 0: none
  std::int32_t neuromodulator = -1;  // neuromodulated models: index of their volume_transmitter's buffer
  int rate_connection = 0;           // kRateDelayed / kRateInstantaneous / kGapJunction / kDiffusion: delivered as rates (rate_transmission.hpp)
};

// The spikes one volume_transmitter has collected since it last handed them
// to its synapses (see NeuromodulatorSpikes). Kept by the kernel, which
// fills it every slice; the backends read it at delivery and at hand-over.
struct NeuromodulatorBuffer {
  Gid gid = 0;
  Step interval = 1;  // steps between hand-overs: deliver_interval * min_delay
  std::vector<double> t{0.0}, multiplicity{0.0};  // NEST's pseudo spike at t = 0
  NeuromodulatorSpikes view() const {
    return {t.data(), multiplicity.data(), static_cast<std::uint32_t>(t.size())};
  }
};

struct PrepareInfo {
  double resolution = 0.1;
  double tics_per_ms = 1000.0;  // NEST's time representation (kernel property tics_per_ms)
  // By gid, the events a repeating neuron (parrot_neuron_ps) can receive per step, over all ranks; empty: none.
  const std::vector<std::int64_t>* repeat_room = nullptr;
  Step min_delay = 1;  // slice length in steps
  Step max_delay = 1;
  Step now = 0;  // first step of the coming run
  std::uint64_t seed = 0;
  int threads = 1;
  const ConnectionStore* connections = nullptr;
  bool connections_changed = true;
  const std::vector<NodeRole>* roles = nullptr;  // indexed by gid (0 unused)
  // Synapse models by registry id, and the per-connection rows and weights
  // that the plastic procedure reads and writes (the kernel's; the CPU
  // backend works on them in place, the CUDA backend copies them to the
  // device and back with sync_connections).
  std::vector<SynapseDeliverySpec> synapses;
  std::vector<SynapseRows>* synapse_rows = nullptr;
  double* connection_weights = nullptr;
  std::uint32_t post_history_capacity = 128;
  const std::vector<NeuromodulatorBuffer>* neuromodulators = nullptr;  // the kernel's, by index
  std::vector<SpikeTrainProgram> spike_trains;
  std::vector<PoissonProgram> poissons;
  // The rate rows of the rate-modulated generators (devices_rate.hpp), which
  // the kernel fills before every update(from, to) for steps [from, to).
  const std::vector<double>* rate_values = nullptr;
  std::vector<CurrentProgram> currents;
  // noise_generator: the programs, and per program the stream ids of its
  // connections (for its recordable I, the mean over its targets).
  std::vector<NoiseProgram> noises;
  std::vector<std::vector<std::uint64_t>> noise_streams;
  // Devices whose multi-spikes plastic synapses take copy by copy, as a
  // neuron's (spike_train_injector, a neuron in NEST).
  std::vector<Gid> unrolled_sources;
  std::vector<SamplerSpec> samplers;
  // Rate models (rate_transmission.hpp): by gid, the rate index of each rate
  // node of the network (-1: not one) and their number; by rate index, the
  // gain functions of the local ones and whether they sum non-linearly
  // (refreshed every prepare: parameters may have changed).
  std::vector<std::int64_t> rate_index;
  std::int64_t n_rate_nodes = 0;
  std::int64_t n_rate_generators = 0;  // step_rate_generators (rate_index: their generator index)
  std::vector<models::RateGain> rate_gains;
  std::vector<std::uint8_t> rate_nonlinear;
  bool waveform_relaxation = false;  // instantaneous rate connections and gap junctions iterate (use_wfr)
  // Values each node sends per step (RateBlockLayout::per_step): 1, or with
  // gap junctions NEST's wfr_interpolation_order + 1.
  std::int64_t rate_values_per_step = 1;
  int wfr_interpolation_order = 3;
};

// Random synapse values of one Connect call, for a backend that draws them on
// its device: per group of connections with the same target, in connection
// order, weight then delay then receptor (each only if its program is given),
// from the stream (seed, SynapseParameter, projection, target gid), exactly as
// Kernel::connect draws them on the host.
struct SynapseValueDraws {
  std::span<const std::uint32_t> target_index;  // per connection, grouped by target
  std::span<const std::uint64_t> targets;       // target gids (index -> gid)
  std::uint64_t seed = 0;
  std::uint64_t projection = 0;
  const ParameterProgram* weight = nullptr;  // nullptr: not drawn
  const ParameterProgram* delay = nullptr;
  const ParameterProgram* receptor = nullptr;
};
struct DrawnSynapseValues {
  std::vector<double> weight, delay, receptor;  // per connection, for the programs given
  int error = 0;              // evaluate_parameter's code of the first failure, 0: none
  const ParameterProgram* failed = nullptr;  // the program that failed
};

class Backend {
 public:
  virtual ~Backend() = default;
  virtual std::string name() const = 0;

  // Adds n neurons of `model` (fields at the model's current defaults) with gids
  // first .. first+n-1; returns the population id.
  virtual int add_population(const ModelInfo& model, Gid first, Index n) = 0;

  // Rows of all fields (model order), row-major: rows[k*n_fields + f].
  virtual void get_rows(int population, std::span<const Index> locals, std::span<double> rows) const = 0;
  virtual void set_rows(int population, std::span<const Index> locals, std::span<const double> rows) = 0;
  virtual void get_field(int population, std::span<const Index> locals, int field, std::span<double> out) const = 0;
  // The lists of one neuron of a model with list-valued fields: each with the
  // population's capacity of elements (the kernel trims them to their count).
  // set_lists grows the population's capacity where a list is longer and
  // returns true when that changed its layout (receptor ports, ring channels).
  virtual ListValues get_lists(int population, Index local) const = 0;
  virtual bool set_lists(int population, Index local, const ListValues& lists) = 0;

  // Thread that owns a neuron (for GetStatus 'thread' / 'vp').
  virtual int owner_thread(int population, Index local) const = 0;

  virtual void prepare(const PrepareInfo& info) = 0;
  virtual void update(Step from, Step to) = 0;
  virtual const std::vector<SpikeEvent>& local_spikes() = 0;  // sorted by (step, gid)
  virtual void deliver(const std::vector<SpikeEvent>& spikes) = 0;
  virtual void drain_samples(SampleBatch& out) = 0;
  // Rate connections, after update(from, to): the rate blocks of the local
  // rate nodes (rate_transmission.hpp), host copy, for the exchange between
  // ranks; then delivery into the ring, from the backend's own blocks
  // (all == nullptr, one rank) or from the exchanged ones.
  virtual void rate_blocks(std::vector<double>& out) { out.clear(); }
  // Returns, for RateDelivery::wfr_iteration, the largest change of a
  // block value since the previous iteration of the slice (0 otherwise).
  virtual double deliver_rates(const std::vector<double>* all, RateDelivery mode) { (void)all, (void)mode; return 0.0; }
  // Waveform relaxation: one iteration over [from, to) of the rate models
  // only, from the state at `from` (restored afterwards), reading the ring
  // without consuming it and the instant cells; no samples, no spikes.
  virtual void wfr_update(Step from, Step to) { (void)from, (void)to; }
  // weight_recorder events of the slice, ordered (step, sender, target, port).
  virtual void drain_weight_events(std::vector<WeightEvent>& out) { (void)out; }
  // After a run: the connection weights and rows the kernel handed to prepare
  // hold what the run learned (no-op where the backend works on them in place).
  virtual void sync_connections() {}
  // The volume_transmitter of buffer `buffer` hands its spikes over at t_trig:
  // every connection of a model that names it runs on_neuromodulation.
  virtual void neuromodulate(int buffer, double t_trig) { (void)buffer, (void)t_trig; }
  // A spike history that overflowed during the last slice: the gid, or 0.
  virtual Gid history_overflow() const { return 0; }
  // A Clopath (LTP) history that overflowed during the last slice: the gid, or 0.
  virtual Gid clopath_overflow() const { return 0; }

  // Connection construction on the backend's device. Either returns
  // std::nullopt (the kernel draws on the host; the CPU backend) or exactly
  // what the host would have drawn: the same functions (connect_draws.hpp,
  // parameter_program.hpp) on the same keyed streams.
  virtual bool constructs_on_device() const { return false; }
  virtual std::optional<GeneratedConnections> draw_connections(const DrawPlan&) { return std::nullopt; }
  virtual std::optional<DrawnSynapseValues> draw_synapse_values(const SynapseValueDraws&) { return std::nullopt; }

  // Backend facts for GetKernelStatus (device name, memory use ...).
  virtual Dict status() const { return {}; }
};

// Completes a slice's spike list for every backend: appends the spike
// generators' events in [from, to) and sorts by (step, gid), the order that
// makes delivery and recording independent of threads and backends.
void finish_slice_spikes(const std::vector<SpikeTrainProgram>& trains, Step from, Step to,
                         std::vector<SpikeEvent>& spikes);

// Makes a backend by name ("cpu", "cuda"); throws Error(BadProperty) naming
// what is not available.
using BackendFactory = std::function<std::unique_ptr<Backend>(const std::string& name)>;

}  // namespace roost
