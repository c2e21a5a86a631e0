// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// cuda::Backend, compiled twice: by nvcc in backend_cuda.cu (device memory, GPU
// kernels) and by g++ in backend_emulated.cpp (Thrust's OpenMP system, host
// memory). Everything here is Thrust over the functors of cuda/algo; the only
// build-specific pieces are device_info() and the allocation guard.
//
// Per slice [from, to): for each step, one update launch per population writes
// spike counts into a (steps x neurons) array; one copy_if compacts the slice's
// spikes; the host copies them out once per slice, adds spike-generator events
// and sorts them. deliver() uploads the slice's spikes and adds into the device
// ring, one thread per (spike, connection). Samples are gathered on the device
// and copied out once per slice.

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/fill.h>
#include <thrust/for_each.h>
#include <thrust/gather.h>
#include <thrust/host_vector.h>
#include <thrust/iterator/counting_iterator.h>
#include <thrust/scan.h>
#include <thrust/iterator/zip_iterator.h>
#include <thrust/sort.h>
#include <thrust/transform_reduce.h>
#include <thrust/functional.h>
#include <thrust/transform.h>

#include <algorithm>
#include <chrono>
#include <new>
#include <numeric>
#include <string>
#include <vector>

#include "../algo/connect_functors.hpp"
#include "../algo/functors.hpp"
#include "plastic_device.hpp"
#include "roost/cuda/backend.hpp"
#include "roost/delivery_plan.hpp"
#include "roost/error.hpp"
#include "roost/list_columns.hpp"
#include "roost/models/model_list.hpp"
#include "roost/precise_event_store.hpp"
#include "roost/urbanczik_history.hpp"

namespace roost::cuda {

template <class T>
using DeviceVector = thrust::device_vector<T>;

template <class T>
T* raw(DeviceVector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}
template <class T>
const T* raw(const DeviceVector<T>& v) {
  return thrust::raw_pointer_cast(v.data());
}

// Defined per build: turns an allocation failure into a clear error.
[[noreturn]] void out_of_device_memory(std::size_t bytes_wanted);

template <class T>
void assign_device(DeviceVector<T>& dst, const std::vector<T>& src) {
  try {
    dst.assign(src.begin(), src.end());
  } catch (const std::bad_alloc&) {
    out_of_device_memory(src.size() * sizeof(T));
  }
}

template <class T>
void upload_array(DeviceVector<T>& dst, const T* src, std::size_t n) {
  try {
    dst.assign(src, src + n);
  } catch (const std::bad_alloc&) {
    out_of_device_memory(n * sizeof(T));
  }
}

template <class T>
std::vector<T> download(const DeviceVector<T>& src) {
  std::vector<T> out(src.size());
  thrust::copy(src.begin(), src.end(), out.begin());
  return out;
}

template <class T>
void resize_device(DeviceVector<T>& dst, std::size_t n, T value = T{}) {
  try {
    dst.resize(n, value);
  } catch (const std::bad_alloc&) {
    out_of_device_memory(n * sizeof(T));
  }
}

class DevicePopulationBase {
 public:
  DevicePopulationBase(const ModelInfo& model, Gid first, Index n)
      : neuron_model(model.neuron_model), n_fields(model.n_fields()), model_(model), lists(list_columns(model)) {
    layout = {first, n, 0, lists.spike_channels + 1, model.counts_spikes, model.spike_channel, model.reads_spike_offset,
              model.counts_receptor, model.binary_input, model.gap_channel, model.precise_input, model.rate_receptor,
              model.repeats_events};
    field_names = column_names(model, lists);
    // Allocate on the device first: a population too large fails here, with the device's numbers.
    resize_device(fields, static_cast<std::size_t>(lists.columns) * static_cast<std::size_t>(n), 0.0);
    const std::vector<double> host = default_fields(model, lists, n);
    thrust::copy(host.begin(), host.end(), fields.begin());
  }
  virtual ~DevicePopulationBase() = default;
  virtual void calibrate(double h) = 0;
  // emitted[i]: neuron i's spikes; emitted_offset[i]: their offset (models that send one).
  virtual void update(Step n, const UpdateContext& ctx, std::uint32_t* emitted, double* emitted_offset) = 0;

  int field_index(const std::string& name) const {
    auto it = std::find(field_names.begin(), field_names.end(), name);
    return it == field_names.end() ? -1 : static_cast<int>(it - field_names.begin());
  }
  std::size_t device_bytes() const {
    return fields.size() * sizeof(double) + coef.size() * sizeof(double) +
           stimulus_begin.size() * sizeof(std::int64_t) + stimuli.size() * sizeof(StimulusInput);
  }

  PopulationLayout layout;
  int n_fields;
  std::vector<std::string> field_names;
  std::size_t position = 0;  // first index of this population in the concatenated neuron order
  DeviceVector<double> fields;  // column-major: fields[f*n + i]
  DeviceVector<double> coef;
  DeviceVector<std::int64_t> stimulus_begin;  // empty = no generator input
  DeviceVector<StimulusInput> stimuli;
  DeviceVector<std::int64_t> archive_slot;  // per neuron, -1: no spike history; empty: none
  DeviceVector<std::int64_t> clopath_slot;  // per neuron, -1: no Clopath history; empty: none
  std::int64_t rate_first = -1;             // rate models: rate index of neuron 0 (rate_transmission.hpp)
  std::int64_t precise_first = -1;          // precise-input models: event target of neuron 0 (precise_events.hpp)
  int neuron_model = -1;
  bool sends_spike_offsets = false;
  ModelInfo model_;
  ListColumns lists;  // list columns after the scalar fields (roost/list_columns.hpp)
};

template <class M>
class DevicePopulation final : public DevicePopulationBase {
 public:
  template <class... Args>
  explicit DevicePopulation(Args&&... args) : DevicePopulationBase(std::forward<Args>(args)...) {
    sends_spike_offsets = spike_offset_field<M>() >= 0;
  }

  void calibrate(double h) override {
    resize_device(coef, static_cast<std::size_t>((M::n_coef + lists.coef_list_columns) * layout.n));
    CalibrateFunctor<M> f{params(), coefs(), list_view(), coef_list_view(), h};
    thrust::for_each(thrust::device, thrust::counting_iterator<Index>(0), thrust::counting_iterator<Index>(layout.n), f);
  }

  void update(Step n, const UpdateContext& ctx, std::uint32_t* emitted, double* emitted_offset) override {
    PopulationView<M> view;
    for (int f = 0; f < M::n_state; ++f) view.state.col[f] = raw(fields) + (M::n_params + f) * layout.n;
    view.params = params();
    for (int f = 0; f < M::n_coef; ++f) view.coef.col[f] = raw(coef) + f * layout.n;
    view.n = layout.n;
    view.first = layout.first;
    view.buffer_offset = layout.buffer_offset;
    view.lists = list_view();
    view.coef_lists = coef_list_view();
    view.n_channels = layout.n_channels;
    if (!stimulus_begin.empty()) {
      view.stimulus_begin = raw(stimulus_begin);
      view.stimuli = raw(stimuli);
    }
    if (!archive_slot.empty()) view.archive_slot = raw(archive_slot);
    if (!clopath_slot.empty()) view.clopath_slot = raw(clopath_slot);
    view.rate_first = rate_first;
    view.precise_first = precise_first;
    UpdateFunctor<M> f{view, ctx, n, emitted, emitted_offset};
    thrust::for_each(thrust::device, thrust::counting_iterator<Index>(0), thrust::counting_iterator<Index>(layout.n), f);
  }

 private:
  ListSoa<list_count<M>()> list_view() { return list_soa<list_count<M>()>(lists, raw(fields), layout.n); }
  ListSoa<coef_list_count<M>()> coef_list_view() {
    return coef_list_soa<coef_list_count<M>()>(lists, raw(coef), M::n_coef, layout.n);
  }
  ConstSoa<M::n_params> params() {
    ConstSoa<M::n_params> v{};
    for (int f = 0; f < M::n_params; ++f) v.col[f] = raw(fields) + f * layout.n;
    return v;
  }
  Soa<M::n_coef> coefs() {
    Soa<M::n_coef> v{};
    for (int f = 0; f < M::n_coef; ++f) v.col[f] = raw(coef) + f * layout.n;
    return v;
  }
};

// The samples one multimeter takes from one population.
struct SampleGroup {
  int sampler;
  int population;
  std::vector<Gid> gids;
  DeviceVector<Index> locals;
  DeviceVector<std::int32_t> field_index;
};

class CudaBackend final : public Backend {
 public:
  std::string name() const override { return "cuda"; }

  int add_population(const ModelInfo& model, Gid first, Index n) override {
    auto pop = models::make_for_model<DevicePopulationBase, DevicePopulation>(model.neuron_model, model, first, n);
    if (!pop) throw Error(ErrorKind::KernelException, "cuda backend: no implementation of model " + model.name);
    pop->position = n_neurons_;
    any_spike_offsets_ = any_spike_offsets_ || pop->sends_spike_offsets;
    any_repeats_ = any_repeats_ || model.repeats_events;
    n_neurons_ += static_cast<std::size_t>(n);
    populations_.push_back(std::move(pop));
    return static_cast<int>(populations_.size()) - 1;
  }

  void get_rows(int p, std::span<const Index> locals, std::span<double> rows) const override {
    const DevicePopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    const thrust::host_vector<double> host = pop.fields;  // one copy of the population's fields
    const auto width = static_cast<std::size_t>(pop.n_fields);
    for (std::size_t k = 0; k < locals.size(); ++k) {
      for (int f = 0; f < pop.n_fields; ++f) rows[k * width + static_cast<std::size_t>(f)] = host[static_cast<std::size_t>(f * pop.layout.n + locals[k])];
    }
  }

  void set_rows(int p, std::span<const Index> locals, std::span<const double> rows) override {
    DevicePopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    thrust::host_vector<double> host = pop.fields;
    const auto width = static_cast<std::size_t>(pop.n_fields);
    for (std::size_t k = 0; k < locals.size(); ++k) {
      for (int f = 0; f < pop.n_fields; ++f) host[static_cast<std::size_t>(f * pop.layout.n + locals[k])] = rows[k * width + static_cast<std::size_t>(f)];
    }
    pop.fields = host;
  }

  void get_field(int p, std::span<const Index> locals, int field, std::span<double> out) const override {
    const DevicePopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    const auto begin = pop.fields.begin() + field * pop.layout.n;
    const thrust::host_vector<double> column(begin, begin + pop.layout.n);
    for (std::size_t k = 0; k < locals.size(); ++k) out[k] = column[static_cast<std::size_t>(locals[k])];
  }

  ListValues get_lists(int p, Index local) const override {
    const DevicePopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    const std::vector<double> host = download(pop.fields);
    return read_lists(pop.model_, pop.lists, pop.layout.n, host.data(), local);
  }

  bool set_lists(int p, Index local, const ListValues& values) override {
    DevicePopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    std::vector<double> host = download(pop.fields);
    const ListColumns next = list_columns(pop.model_, capacity_for(pop.model_, pop.lists, values));
    const bool grown = !(next == pop.lists);
    if (grown) {
      host = relayout_fields(pop.model_, pop.lists, next, pop.layout.n, host);
      pop.lists = next;
      pop.field_names = column_names(pop.model_, next);
      pop.layout.n_channels = next.spike_channels + 1;
      resize_device(pop.fields, host.size(), 0.0);
    }
    write_lists(pop.model_, pop.lists, pop.layout.n, host.data(), local, values);
    thrust::copy(host.begin(), host.end(), pop.fields.begin());
    return grown;
  }

  int owner_thread(int, Index) const override { return 0; }

  // Connection construction: the draws run here, one device thread per target
  // (per source for fixed_outdegree); the result goes back to the kernel's
  // connection store, which prepare() uploads and groups again.
  bool constructs_on_device() const override { return true; }

  std::optional<GeneratedConnections> draw_connections(const DrawPlan& plan) override {
    const auto t0 = std::chrono::steady_clock::now();
    DeviceVector<std::uint64_t> sources, targets;
    upload_array(sources, plan.view.sources, plan.view.n_sources);
    upload_array(targets, plan.view.targets, plan.view.n_targets);
    draws::RuleView view = plan.view;
    view.sources = raw(sources);
    view.targets = raw(targets);
    const std::uint64_t n_t = plan.view.n_targets;
    DeviceVector<std::uint32_t> source_index, target_index;
    DeviceVector<std::uint64_t> array_index;
    auto outputs = [&](std::uint64_t total) {
      resize_device(source_index, total);
      resize_device(target_index, total);
      resize_device(array_index, total);
      view.source_index = raw(source_index);
      view.target_index = raw(target_index);
      view.array_index = raw(array_index);
    };
    const auto all = [](std::uint64_t n) {
      return std::make_pair(thrust::counting_iterator<std::uint64_t>(0), thrust::counting_iterator<std::uint64_t>(n));
    };
    std::optional<GeneratedConnections> out;
    switch (plan.kind) {
      case DrawPlan::Kind::sources_with_replacement: {
        DeviceVector<std::uint64_t> count, offset, array_offset;
        upload_array(count, plan.count.data(), plan.count.size());
        upload_array(offset, plan.offset.data(), plan.offset.size());
        upload_array(array_offset, plan.array_offset.data(), plan.array_offset.size());
        outputs(plan.offset.back());
        const auto [first, last] = all(n_t);
        thrust::for_each(thrust::device, first, last,
                         SourcesWithReplacementFunctor{view, raw(count), raw(offset), raw(array_offset)});
        break;
      }
      case DrawPlan::Kind::bernoulli: {
        DeviceVector<std::uint8_t> keep;
        upload_array(keep, plan.keep.data(), plan.keep.size());
        DeviceVector<std::uint64_t> count, offset;
        resize_device(count, n_t);
        resize_device(offset, n_t + 1);
        const auto [first, last] = all(n_t);
        thrust::for_each(thrust::device, first, last,
                         BernoulliCountFunctor{view, plan.p, plan.keep.empty() ? nullptr : raw(keep), raw(count),
                                               plan.poisson, plan.exp_minus_p});
        thrust::exclusive_scan(thrust::device, count.begin(), count.end(), offset.begin());
        const std::uint64_t total = n_t == 0 ? 0 : static_cast<std::uint64_t>(offset[n_t - 1]) + count[n_t - 1];
        outputs(total);
        thrust::for_each(thrust::device, first, last, BernoulliSourcesFunctor{view, plan.p, raw(count), raw(offset), plan.poisson,
                                                                  plan.exp_minus_p});
        break;
      }
      case DrawPlan::Kind::targets_with_replacement: {
        DeviceVector<std::uint32_t> drawn;
        resize_device(drawn, plan.view.n_sources * plan.degree);
        const auto [first, last] = all(plan.view.n_sources);
        thrust::for_each(thrust::device, first, last, TargetsWithReplacementFunctor{view, plan.degree, raw(drawn)});
        // Grouping by target is a stable counting sort over all draws; the
        // host does it while the draws come back.
        out = finish_outdegree(plan, download(drawn));
        break;
      }
    }
    if (!out) out = GeneratedConnections{download(source_index), download(target_index), download(array_index)};
    time_construction_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return out;
  }

  std::optional<DrawnSynapseValues> draw_synapse_values(const SynapseValueDraws& request) override {
    const auto t0 = std::chrono::steady_clock::now();
    DrawnSynapseValues result;
    const std::uint64_t n = request.target_index.size();
    const ParameterProgram* programs[3] = {request.weight, request.delay, request.receptor};
    std::vector<double>* columns[3] = {&result.weight, &result.delay, &result.receptor};
    if (n == 0) return result;
    DeviceVector<std::uint32_t> target_index;
    DeviceVector<std::uint64_t> targets, group_begin;
    upload_array(target_index, request.target_index.data(), n);
    upload_array(targets, request.targets.data(), request.targets.size());
    resize_device(group_begin, n + 1);
    const auto end = thrust::copy_if(thrust::device, thrust::counting_iterator<std::uint64_t>(0),
                                     thrust::counting_iterator<std::uint64_t>(n), group_begin.begin(),
                                     IsGroupStart{raw(target_index)});
    const auto groups = static_cast<std::uint64_t>(end - group_begin.begin());
    group_begin[groups] = n;
    SynapseValuesFunctor f{raw(group_begin), raw(target_index), raw(targets), request.seed, request.projection, {}, {}, nullptr};
    DeviceVector<ParameterOp> ops[3];
    DeviceVector<double> values[3];
    for (int k = 0; k < 3; ++k) {
      if (programs[k] == nullptr) continue;
      upload_array(ops[k], programs[k]->data(), programs[k]->ops.size());
      resize_device(values[k], n);
      f.program[k] = ProgramView{raw(ops[k]), programs[k]->size()};
      f.out[k] = raw(values[k]);
    }
    DeviceVector<std::int64_t> error;
    resize_device(error, groups);
    f.error = raw(error);
    thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0),
                     thrust::counting_iterator<std::uint64_t>(groups), f);
    for (int k = 0; k < 3; ++k) {
      if (programs[k] != nullptr) *columns[k] = download(values[k]);
    }
    // The first failing group in connection order, as the host would report it.
    const std::vector<std::int64_t> errors = download(error);
    for (const std::int64_t e : errors) {
      if (e == 0) continue;
      result.error = static_cast<int>(e >> 2);
      result.failed = programs[e & 3];
      break;
    }
    time_construction_ += std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    return result;
  }

  Dict status() const override {
    Dict d;
    const DeviceInfo info = device_info();
    d["device_name"] = info.name;
    d["device_emulated"] = info.emulated;
    std::size_t neuron_bytes = 0;
    for (const auto& pop : populations_) neuron_bytes += pop->device_bytes();
    neuron_bytes += ring_.size() * sizeof(RingCell) + emitted_.size() * sizeof(std::uint32_t);
    std::size_t synapse_bytes = 0;
    std::size_t n_syn = 0, rows = 0;
    for (const auto* t : {&weighted_, &counting_, &offset_weighted_, &binary_}) {
      synapse_bytes += t->buffer_index.size() * (sizeof(std::uint32_t) + sizeof(std::int32_t) + sizeof(double));
      n_syn += t->buffer_index.size();
      rows += t->row.size() * sizeof(std::uint64_t);
    }
    d["device_memory_used"] = static_cast<std::int64_t>(neuron_bytes + synapse_bytes + rows);
    d["time_device_tables"] = table_build_seconds_;
    d["time_device_connect"] = time_construction_;
    d["device_bytes_per_neuron"] = n_neurons_ ? static_cast<double>(neuron_bytes) / static_cast<double>(n_neurons_) : 0.0;
    d["device_bytes_per_synapse"] = n_syn ? static_cast<double>(synapse_bytes) / static_cast<double>(n_syn) : 0.0;
    return d;
  }

  void prepare(const PrepareInfo& info) override;
  void update(Step from, Step to) override;
  const std::vector<SpikeEvent>& local_spikes() override { return spikes_; }
  void deliver(const std::vector<SpikeEvent>& spikes) override;
  void drain_samples(SampleBatch& out) override;
  void rate_blocks(std::vector<double>& out) override {
    out.resize(rate_blocks_.size());
    thrust::copy(rate_blocks_.begin(), rate_blocks_.end(), out.begin());
  }
  double deliver_rates(const std::vector<double>* all, RateDelivery mode) override;
  void wfr_update(Step from, Step to) override;
  void drain_weight_events(std::vector<WeightEvent>& out) override { plastic_.drain(out); }
  void sync_connections() override { plastic_.sync(); }
  void neuromodulate(int buffer, double t_trig) override {
    if (!plastic_.empty()) plastic_.neuromodulate(buffer, t_trig, plastic_context());
  }
  Gid history_overflow() const override { return plastic_.overflow(); }
  Gid clopath_overflow() const override { return plastic_.clopath_overflow(); }

 private:
  struct DeviceTable {
    DeviceVector<std::uint64_t> row;
    DeviceVector<std::uint32_t> buffer_index;
    DeviceVector<std::int32_t> delay;
    DeviceVector<double> weight;
  };
  // One pending sample: its value is on the device (device_offset >= 0) or known on the host.
  struct SampleMeta {
    std::int32_t sampler;
    Gid sender;
    Step stamp;
    std::int64_t device_offset;
    double host_value;
  };

  void layout_ring(const PrepareInfo& info);
  void upload(DeviceTable& dst, const DeliveryTable& src, std::size_t n_gids);
  void deliver_table(const DeviceTable& table, int kind, std::size_t n_spikes);
  void deliver_precise(std::size_t n_spikes);
  void layout_precise(Step now);
  PreciseEventView precise_view();
  void expand_repeated_spikes(Step from, Step to);
  PlasticDeliveryContext plastic_context();
  std::pair<int, Index> locate(Gid gid) const;

  std::vector<std::unique_ptr<DevicePopulationBase>> populations_;
  std::size_t n_neurons_ = 0;
  std::vector<Gid> gid_of_position_;
  double h_ = 0.1;
  std::uint64_t seed_ = 0;

  DeviceVector<RingCell> ring_;
  RingGeometry geometry_;
  std::vector<RingBlock> ring_blocks_;  // the populations' blocks in ring_
  DeviceTable binary_;  // binary neurons' input (binary_delivery)
  DeviceTable weighted_, counting_, offset_weighted_;
  // Precise-input models' events (precise_events.hpp): the table and the
  // buffer on the device; the host store only to re-lay it out.
  DeviceTable precise_;
  std::vector<std::uint64_t> precise_base_{0};
  PreciseEventStore precise_host_;
  DeviceVector<PreciseEvent> precise_events_;
  DeviceVector<unsigned long long> precise_counts_, precise_overflow_;
  DeviceVector<std::uint64_t> precise_base_device_;
  // Rate connections (rate_transmission.hpp): the table, the slice's blocks
  // (written by the rate models' update, read by the delivery), the targets' gains.
  struct DeviceRateTable {
    DeviceVector<std::uint32_t> source, buffer_index, channel_stride;
    DeviceVector<std::int32_t> delay, gain;
    DeviceVector<double> weight;
    void assign(const RateTable& t) {
      assign_device(source, t.source);
      assign_device(buffer_index, t.buffer_index);
      assign_device(delay, t.delay);
      assign_device(gain, t.gain);
      assign_device(channel_stride, t.channel_stride);
      assign_device(weight, t.weight);
    }
    RateTableView view() { return {raw(source), raw(buffer_index), raw(delay), raw(weight), raw(gain), raw(channel_stride)}; }
  } rate_table_, generator_table_;
  DeviceVector<double> rate_blocks_, rate_exchanged_, generator_blocks_;
  RateDeliveryContext rate_context(const double* blocks, Step from, Step to);
  void deliver_rate_table(DeviceRateTable& table, const RateDeliveryContext& ctx);
  RateBlockLayout block_layout_;  // the rate blocks (rate_transmission.hpp)
  int wfr_interpolation_order_ = 3;
  DeviceVector<models::RateGain> rate_gains_;
  DeviceVector<std::uint8_t> rate_nonlinear_;
  Step slice_from_ = 0, slice_to_ = 1;
  // Waveform relaxation: the instant cells (one ring slot per step of a
  // slice), the blocks of the previous iteration, scratch for wfr_update.
  bool wfr_ = false;
  DeviceVector<RingCell> instant_;
  DeviceVector<double> wfr_previous_;
  DeviceVector<std::uint32_t> wfr_emitted_;
  DeviceVector<std::int64_t> rate_generators_;  // (current program, rate index) of each step_rate_generator
  DevicePlastic<DeviceVector> plastic_;
  std::int64_t tics_per_step_ = 100;
  double ms_per_tic_ = 0.001;
  Step min_delay_ = 1;
  bool tables_built_ = false;
  double table_build_seconds_ = 0.0;  // last build of the delivery tables (host routing + device sort)
  double time_construction_ = 0.0;   // connection draws on the device, summed over Connect calls

  std::vector<CurrentProgram> currents_;  // host copy, for multimeters recording a generator's current
  DeviceVector<PoissonProgram> poissons_;
  DeviceVector<double> current_values_;
  // Rate-modulated generators: the kernel's rate rows of the slice (host,
  // uploaded per slice), the per-input state on the device, the layout that
  // state was made for, and multimeters on such generators (sampler, row).
  const std::vector<double>* rate_values_host_ = nullptr;
  DeviceVector<double> rate_values_;
  DeviceVector<double> stimulus_state_;
  std::vector<std::int32_t> rate_layout_;
  std::vector<std::pair<int, int>> rate_targets_;
  std::vector<PoissonProgram> poisson_host_;
  // Generators on the device: current programs flattened (CurrentValuesFunctor),
  // and every spike-generator event sorted by (step, gid), found per slice by step.
  DeviceVector<std::uint64_t> current_begin_;
  DeviceVector<Step> current_change_;
  DeviceVector<double> current_amplitude_;
  DeviceVector<StampWindow> current_window_;
  DeviceVector<SineCurrent> current_sine_;  // ac_generator's term, per program
  // noise_generator: programs on the device; host copies and connection
  // streams for multimeters recording a generator's I.
  DeviceVector<NoiseProgram> noises_;
  std::vector<NoiseProgram> host_noises_;
  std::vector<std::vector<std::uint64_t>> noise_streams_;
  std::vector<std::pair<int, int>> noise_targets_;  // (sampler, noise program)
  DeviceVector<SpikeEvent> train_events_;
  DeviceVector<Step> train_steps_;
  DeviceVector<Gid> device_gid_of_position_;

  // Per slice.
  DeviceVector<std::uint32_t> emitted_;  // [lag * n_neurons + position]
  DeviceVector<double> emitted_offset_;  // per (step of the slice, neuron), when a model sends offsets
  bool any_spike_offsets_ = false;
  bool any_repeats_ = false;  // a population repeats its events (parrot_neuron_ps): expand_repeated_spikes
  DeviceVector<std::uint64_t> spike_index_;
  DeviceVector<std::uint32_t> spike_count_;
  std::vector<SpikeEvent> spikes_;
  DeviceVector<SpikeEvent> device_spikes_;
  bool device_spikes_are_local_ = false;  // device_spikes_ holds spikes_ (no upload needed to deliver it)
  DeviceVector<std::uint64_t> offsets_;

  std::vector<SamplerSpec> samplers_;
  std::vector<SampleGroup> sample_groups_;
  std::vector<std::pair<int, int>> current_targets_;  // (sampler, current program) for multimeters on generators
  DeviceVector<double> sample_values_;
  std::vector<SampleMeta> sample_meta_;
  std::size_t sample_cursor_ = 0;
};

inline std::pair<int, Index> CudaBackend::locate(Gid gid) const {
  auto it = std::upper_bound(populations_.begin(), populations_.end(), gid,
                             [](Gid g, const std::unique_ptr<DevicePopulationBase>& p) { return g < p->layout.first; });
  if (it == populations_.begin()) return {-1, 0};
  const auto p = static_cast<int>(it - populations_.begin() - 1);
  const auto& pop = *populations_[static_cast<std::size_t>(p)];
  if (gid >= pop.layout.first + pop.layout.n) return {-1, 0};
  return {p, gid - pop.layout.first};
}

inline void CudaBackend::layout_ring(const PrepareInfo& info) {
  std::size_t slot_size = 0;
  std::vector<RingBlock> blocks;
  for (auto& pop : populations_) {
    pop->layout.buffer_offset = slot_size;
    blocks.push_back({slot_size, pop->layout.n, pop->layout.n_channels});
    slot_size += static_cast<std::size_t>(pop->layout.n_channels * pop->layout.n);
  }
  const RingGeometry next = RingGeometry::for_delays(slot_size, info.min_delay, info.max_delay);
  if (next.slot_size == geometry_.slot_size && next.n_slots == geometry_.n_slots && blocks == ring_blocks_) return;
  DeviceVector<RingCell> ring;
  resize_device(ring, next.total(), RingCell{0});
  // Pending input moves with its step, and within a slot to its population's new block.
  const Step carry = std::min(next.n_slots, geometry_.n_slots);
  const std::vector<RingSegment> moves = ring_segments(ring_blocks_, blocks);
  for (Step s = info.now; s < info.now + carry; ++s) {
    const auto from = ring_.begin() + static_cast<std::ptrdiff_t>(geometry_.index(geometry_.slot(s), 0));
    const auto to = ring.begin() + static_cast<std::ptrdiff_t>(next.index(next.slot(s), 0));
    for (const RingSegment& m : moves) {
      thrust::copy(from + static_cast<std::ptrdiff_t>(m.from), from + static_cast<std::ptrdiff_t>(m.from + m.length),
                   to + static_cast<std::ptrdiff_t>(m.to));
    }
  }
  ring_.swap(ring);
  geometry_ = next;
  ring_blocks_ = std::move(blocks);
}

// Uploads connections in creation order and groups them by source on the
// device: a stable sort keeps creation order within a source (the order the CPU
// backend delivers in), then row pointers come from a vectorised lower_bound.
inline void CudaBackend::upload(DeviceTable& dst, const DeliveryTable& src, std::size_t n_gids) {
  DeviceVector<std::uint32_t> source;
  assign_device(source, src.source);
  assign_device(dst.buffer_index, src.buffer_index);
  assign_device(dst.delay, src.delay);
  assign_device(dst.weight, src.weight);
  auto values = thrust::make_zip_iterator(thrust::make_tuple(dst.buffer_index.begin(), dst.delay.begin(), dst.weight.begin()));
  thrust::stable_sort_by_key(thrust::device, source.begin(), source.end(), values);
  resize_device(dst.row, n_gids + 1, std::uint64_t{0});
  thrust::lower_bound(thrust::device, source.begin(), source.end(), thrust::counting_iterator<std::uint32_t>(0),
                      thrust::counting_iterator<std::uint32_t>(static_cast<std::uint32_t>(n_gids + 1)), dst.row.begin());
}

inline void CudaBackend::prepare(const PrepareInfo& info) {
  h_ = info.resolution;
  seed_ = info.seed;
  currents_ = info.currents;
  {
    std::vector<std::uint64_t> begin{0};
    std::vector<Step> change;
    std::vector<double> amplitude;
    std::vector<StampWindow> window;
    std::vector<SineCurrent> sine;
    for (const CurrentProgram& c : currents_) {
      change.insert(change.end(), c.change_stamp.begin(), c.change_stamp.end());
      amplitude.insert(amplitude.end(), c.amplitude.begin(), c.amplitude.end());
      window.push_back(c.window);
      sine.push_back(c.sine);
      begin.push_back(change.size());
    }
    assign_device(current_begin_, begin);
    assign_device(current_change_, change);
    assign_device(current_amplitude_, amplitude);
    assign_device(current_window_, window);
    assign_device(current_sine_, sine);
    host_noises_ = info.noises;
    noise_streams_ = info.noise_streams;
    assign_device(noises_, info.noises);
    // Train order breaks ties between events of one step and gid (the host's
    // stable sort does the same), so the slices' lists match the CPU backend's.
    std::vector<SpikeEvent> events;
    for (const SpikeTrainProgram& train : info.spike_trains) {
      for (std::size_t k = 0; k < train.emission_step.size(); ++k) {
        events.push_back({train.gid, train.emission_step[k], train.multiplicity[k], train.weight_scale[k], train.offset_at(k)});
      }
    }
    std::stable_sort(events.begin(), events.end(), SpikeOrder{});
    std::vector<Step> steps(events.size());
    for (std::size_t k = 0; k < events.size(); ++k) steps[k] = events[k].step;
    assign_device(train_events_, events);
    assign_device(train_steps_, steps);
  }
  assign_device(poissons_, info.poissons);
  rate_values_host_ = info.rate_values;
  poisson_host_ = info.poissons;
  std::vector<std::int32_t> rate_layout;
  for (const PoissonProgram& p : info.poissons) rate_layout.insert(rate_layout.end(), {p.kind, p.state_size, p.shape});
  const bool rate_layout_changed = rate_layout != rate_layout_;
  rate_layout_ = std::move(rate_layout);
  for (auto& pop : populations_) pop->calibrate(h_);
  const std::size_t old_slot_size = geometry_.slot_size;
  layout_ring(info);
  if (info.connections_changed || geometry_.slot_size != old_slot_size || !tables_built_ || rate_layout_changed) {
    std::vector<PopulationLayout> layouts;
    for (const auto& pop : populations_) layouts.push_back(pop->layout);
    const auto t0 = std::chrono::steady_clock::now();
    DeliveryPlan plan = plan_delivery(info, layouts, 1, [](int, Index) { return 0; }, TableLayout::flat);
    upload(weighted_, plan.weighted[0], info.roles->size());
    upload(counting_, plan.counting[0], info.roles->size());
    upload(offset_weighted_, plan.offset_weighted[0], info.roles->size());
    upload(binary_, plan.binary[0], info.roles->size());
    upload(precise_, plan.precise[0], info.roles->size());
    precise_base_ = plan.precise_base;
    for (std::size_t p = 0; p < populations_.size(); ++p) populations_[p]->precise_first = plan.precise_first[p];
    table_build_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    for (std::size_t p = 0; p < populations_.size(); ++p) {
      assign_device(populations_[p]->stimulus_begin, plan.stimulus_begin[p]);
      assign_device(populations_[p]->stimuli, plan.stimuli[p]);
    }
    assign_device(stimulus_state_, plan.stimulus_state);
    rate_table_.assign(plan.rates[0]);
    generator_table_.assign(plan.generator_rates[0]);
    std::vector<int> neuron_model;
    for (const auto& pop : populations_) neuron_model.push_back(pop->neuron_model);
    std::vector<std::vector<std::int64_t>> slot_of, clopath_slot_of;
    plastic_.build(info, layouts, neuron_model, slot_of, clopath_slot_of, [&](Gid gid) {
      const auto [p, local] = locate(gid);
      const DevicePopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
      const int f = pop.field_index("delay_u_bars");
      if (f < 0) return kUrbanczikParamSteps;  // an Urbanczik neuron (urbanczik_history.hpp)
      return clopath_delay_steps(pop.fields[static_cast<std::size_t>(f * pop.layout.n + local)], info.resolution);
    });
    for (std::size_t p = 0; p < populations_.size(); ++p) {
      assign_device(populations_[p]->archive_slot, slot_of[p]);
      assign_device(populations_[p]->clopath_slot, clopath_slot_of[p]);
    }
    tables_built_ = true;
  }
  layout_precise(info.now);
  tics_per_step_ = std::llround(h_ * info.tics_per_ms);
  ms_per_tic_ = 1.0 / info.tics_per_ms;
  min_delay_ = info.min_delay;
  // Rate models: the index of each population's first neuron, the blocks of a slice.
  for (auto& pop : populations_) {
    const auto first = static_cast<std::size_t>(pop->layout.first);
    const bool rate = pop->layout.n > 0 && first < info.rate_index.size() && info.rate_index[first] >= 0;
    pop->rate_first = rate ? info.rate_index[first] : -1;
  }
  block_layout_ = RateBlockLayout{info.min_delay, info.rate_values_per_step};
  wfr_interpolation_order_ = info.wfr_interpolation_order;
  resize_device(rate_blocks_, static_cast<std::size_t>(info.n_rate_nodes * block_layout_.width()), 0.0);
  resize_device(generator_blocks_, static_cast<std::size_t>(info.n_rate_generators * block_layout_.width()), 0.0);
  thrust::fill(rate_blocks_.begin(), rate_blocks_.end(), 0.0);
  assign_device(rate_gains_, info.rate_gains);
  assign_device(rate_nonlinear_, info.rate_nonlinear);
  std::vector<std::int64_t> generator_pairs;
  for (std::size_t k = 0; k < info.currents.size(); ++k) {
    if (info.currents[k].rate_index >= 0) generator_pairs.insert(generator_pairs.end(), {static_cast<std::int64_t>(k), info.currents[k].rate_index});
  }
  assign_device(rate_generators_, generator_pairs);
  wfr_ = info.waveform_relaxation;
  const std::size_t instant_size = wfr_ ? static_cast<std::size_t>(info.min_delay) * geometry_.slot_size : 0;
  if (instant_.size() != instant_size) {  // kept across Simulate calls otherwise
    resize_device(instant_, instant_size, RingCell{0});
    thrust::fill(instant_.begin(), instant_.end(), RingCell{0});
  }
  resize_device(wfr_previous_, rate_blocks_.size(), 0.0);
  thrust::fill(wfr_previous_.begin(), wfr_previous_.end(), 0.0);
  plastic_.refresh(info, [this](Gid gid) {
    const auto [p, local] = locate(gid);
    const DevicePopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    const int f = pop.field_index("tau_minus");
    const double tau_minus = pop.fields[static_cast<std::size_t>(f * pop.layout.n + local)];
    const double tau_minus_triplet = pop.fields[static_cast<std::size_t>((f + 1) * pop.layout.n + local)];
    return std::make_pair(tau_minus, tau_minus_triplet);
  });
  gid_of_position_.assign(n_neurons_, 0);
  for (const auto& pop : populations_) {
    std::iota(gid_of_position_.begin() + static_cast<std::ptrdiff_t>(pop->position),
              gid_of_position_.begin() + static_cast<std::ptrdiff_t>(pop->position + static_cast<std::size_t>(pop->layout.n)),
              pop->layout.first);
  }
  assign_device(device_gid_of_position_, gid_of_position_);
  // Multimeters: group each one's neuron targets by population.
  samplers_ = info.samplers;
  sample_groups_.clear();
  current_targets_.clear();
  noise_targets_.clear();
  rate_targets_.clear();
  for (std::size_t s = 0; s < samplers_.size(); ++s) {
    const SamplerSpec& spec = samplers_[s];
    std::vector<std::vector<Index>> locals(populations_.size());
    for (Gid gid : spec.targets) {
      const auto [p, local] = locate(gid);
      if (p >= 0) {
        locals[static_cast<std::size_t>(p)].push_back(local);
        continue;
      }
      for (std::size_t k = 0; k < currents_.size(); ++k) {
        if (currents_[k].gid == gid) current_targets_.push_back({static_cast<int>(s), static_cast<int>(k)});
      }
      for (std::size_t k = 0; k < host_noises_.size(); ++k) {
        if (host_noises_[k].gid == gid) noise_targets_.push_back({static_cast<int>(s), static_cast<int>(k)});
      }
      for (const PoissonProgram& prog : info.poissons) {
        if (prog.gid == gid && prog.rate_row >= 0) rate_targets_.push_back({static_cast<int>(s), prog.rate_row});
      }
    }
    for (std::size_t p = 0; p < populations_.size(); ++p) {
      if (locals[p].empty()) continue;
      SampleGroup group;
      group.sampler = static_cast<int>(s);
      group.population = static_cast<int>(p);
      std::vector<std::int32_t> fields;
      for (const auto& name : spec.record_from) {
        const int f = recordable_column(populations_[p]->model_, populations_[p]->field_names, name);
        if (f < 0) throw Error(ErrorKind::KernelException, "multimeter: a target has no '" + name + "'.");
        fields.push_back(f);
      }
      for (Index local : locals[p]) group.gids.push_back(populations_[p]->layout.first + local);
      assign_device(group.locals, locals[p]);
      assign_device(group.field_index, fields);
      sample_groups_.push_back(std::move(group));
    }
  }
}

inline void CudaBackend::update(Step from, Step to) {
  const Step length = to - from;
  // Current generators: this slice's values, computed on the device.
  const std::uint64_t n_current_values = currents_.size() * static_cast<std::uint64_t>(length);
  resize_device(current_values_, n_current_values, 0.0);
  thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0),
                   thrust::counting_iterator<std::uint64_t>(n_current_values),
                   CurrentValuesFunctor{raw(current_begin_), raw(current_change_), raw(current_amplitude_),
                                        raw(current_window_), from, length, raw(current_values_),
                                        raw(current_sine_)});
  if (!rate_generators_.empty() && length > 0) {  // step_rate_generators send their values as rates
    thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0),
                     thrust::counting_iterator<std::uint64_t>(rate_generators_.size() / 2 * static_cast<std::uint64_t>(length)),
                     GeneratorRateFunctor{raw(current_values_), length, raw(rate_generators_), raw(generator_blocks_),
                                          block_layout_, raw(current_window_), from});
    // As NEST, a device's rates arrive within the slice: delivered before the update.
    deliver_rate_table(generator_table_, rate_context(raw(generator_blocks_), from, to));
  }
  resize_device(emitted_, static_cast<std::size_t>(length) * n_neurons_, std::uint32_t{0});
  if (any_spike_offsets_) resize_device(emitted_offset_, static_cast<std::size_t>(length) * n_neurons_, 0.0);

  // Samples of this slice: where each value will be written on the device.
  std::size_t needed = 0;
  for (Step n = from; n < to; ++n) {
    for (const SampleGroup& g : sample_groups_) {
      if (samplers_[static_cast<std::size_t>(g.sampler)].due(n + 1)) needed += g.locals.size() * g.field_index.size();
    }
  }
  if (sample_values_.size() < sample_cursor_ + needed) resize_device(sample_values_, sample_cursor_ + needed, 0.0);

  UpdateContext ctx = make_update_context(raw(ring_), geometry_, from, to, seed_, raw(poissons_), raw(current_values_));
  ctx.noises = raw(noises_);
  if (rate_values_host_ != nullptr && !rate_values_host_->empty()) {
    assign_device(rate_values_, *rate_values_host_);
    ctx.rate_values = raw(rate_values_);
    ctx.stimulus_state = raw(stimulus_state_);
  }
  if (!stimulus_state_.empty()) ctx.stimulus_state = raw(stimulus_state_);  // poisson_generator_ps keeps state without rows
  ctx.history = plastic_.history_view(static_cast<double>(min_delay_ * tics_per_step_) * ms_per_tic_);
  plastic_.clopath_make_room(static_cast<std::uint32_t>(to - from));  // no LTP ring can fill up during the slice
  ctx.clopath = plastic_.clopath_view(h_);
  ctx.tics_per_step = tics_per_step_;
  ctx.ms_per_tic = ms_per_tic_;
  ctx.rate_blocks = rate_blocks_.empty() ? nullptr : raw(rate_blocks_);
  ctx.rate_layout = block_layout_;
  ctx.gap_interpolation_order = wfr_interpolation_order_;
  ctx.instant = wfr_ ? raw(instant_) : nullptr;
  ctx.instant_slice = min_delay_;
  if (precise_host_.n_targets() > 0) ctx.precise = precise_view();
  slice_from_ = from;
  slice_to_ = to;
  for (Step n = from; n < to; ++n) {
    std::uint32_t* emitted = raw(emitted_) + static_cast<std::size_t>(n - from) * n_neurons_;
    double* emitted_offset = any_spike_offsets_ ? raw(emitted_offset_) + static_cast<std::size_t>(n - from) * n_neurons_ : nullptr;
    for (auto& pop : populations_) {
      pop->update(n, ctx, emitted + pop->position, emitted_offset != nullptr ? emitted_offset + pop->position : nullptr);
    }
    for (SampleGroup& g : sample_groups_) {
      const SamplerSpec& spec = samplers_[static_cast<std::size_t>(g.sampler)];
      if (!spec.due(n + 1)) continue;
      const auto width = static_cast<std::int32_t>(g.field_index.size());
      const auto count = static_cast<Index>(g.locals.size()) * width;
      DevicePopulationBase& pop = *populations_[static_cast<std::size_t>(g.population)];
      SampleFunctor f{raw(pop.fields), pop.layout.n, raw(g.locals), raw(g.field_index), width,
                      raw(sample_values_) + sample_cursor_};
      thrust::for_each(thrust::device, thrust::counting_iterator<Index>(0), thrust::counting_iterator<Index>(count), f);
      for (std::size_t t = 0; t < g.gids.size(); ++t) {
        sample_meta_.push_back({g.sampler, g.gids[t], n + 1, static_cast<std::int64_t>(sample_cursor_ + t * static_cast<std::size_t>(width)), 0.0});
      }
      sample_cursor_ += static_cast<std::size_t>(count);
    }
    for (const auto& [s, k] : current_targets_) {
      if (samplers_[static_cast<std::size_t>(s)].due(n + 1)) {
        sample_meta_.push_back({s, currents_[static_cast<std::size_t>(k)].gid, n + 1, -1, currents_[static_cast<std::size_t>(k)].at(n + 1)});
      }
    }
    for (const auto& [s, k] : noise_targets_) {
      if (samplers_[static_cast<std::size_t>(s)].due(n + 1)) {
        const auto p = static_cast<std::size_t>(k);
        sample_meta_.push_back({s, host_noises_[p].gid, n + 1, -1, noise_mean_current(host_noises_[p], noise_streams_[p], seed_, n)});
      }
    }
    for (const auto& [s, row] : rate_targets_) {
      if (!samplers_[static_cast<std::size_t>(s)].due(n + 1)) continue;
      Gid gid = 0;
      for (const PoissonProgram& prog : poisson_host_) {
        if (prog.rate_row == row) gid = prog.gid;
      }
      const double rate = (*rate_values_host_)[(static_cast<std::size_t>(row) * static_cast<std::size_t>(length) +
                                                static_cast<std::size_t>(n - from)) * kRateRowWidth + row_rate_hz];
      sample_meta_.push_back({s, gid, n + 1, -1, rate});
    }
  }

  // Compact the slice's spikes on the device, copy them out once.
  const std::size_t total = static_cast<std::size_t>(length) * n_neurons_;
  resize_device(spike_index_, total, std::uint64_t{0});
  const auto end = thrust::copy_if(thrust::device, thrust::counting_iterator<std::uint64_t>(0),
                                   thrust::counting_iterator<std::uint64_t>(total), emitted_.begin(), spike_index_.begin(),
                                   IsNonzero{});
  const auto n_spikes = static_cast<std::size_t>(end - spike_index_.begin());
  resize_device(spike_count_, n_spikes, std::uint32_t{0});
  thrust::gather(thrust::device, spike_index_.begin(), end, emitted_.begin(), spike_count_.begin());
  // The slice's events on the device: neuron spikes, then the spike
  // generators' events of [from, to), sorted (step, gid) as on the CPU.
  const auto first_event = thrust::lower_bound(thrust::device, train_steps_.begin(), train_steps_.end(), from);
  const auto last_event = thrust::lower_bound(thrust::device, train_steps_.begin(), train_steps_.end(), to);
  const auto n_events = static_cast<std::size_t>(last_event - first_event);
  resize_device(device_spikes_, n_spikes + n_events, SpikeEvent{});
  thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0),
                   thrust::counting_iterator<std::uint64_t>(n_spikes),
                   SpikeEventFunctor{raw(spike_index_), raw(spike_count_), raw(device_gid_of_position_),
                                     any_spike_offsets_ ? raw(emitted_offset_) : nullptr, n_neurons_, from,
                                     raw(device_spikes_)});
  thrust::copy(thrust::device, train_events_.begin() + (first_event - train_steps_.begin()),
               train_events_.begin() + (last_event - train_steps_.begin()),
               device_spikes_.begin() + static_cast<std::ptrdiff_t>(n_spikes));
  thrust::stable_sort(thrust::device, device_spikes_.begin(), device_spikes_.end(), SpikeOrder{});
  // One copy out per slice, for recording and the exchange between ranks.
  spikes_.resize(device_spikes_.size());
  thrust::copy(device_spikes_.begin(), device_spikes_.end(), spikes_.begin());
  device_spikes_are_local_ = true;
  if (any_repeats_ && precise_host_.n_targets() > 0) expand_repeated_spikes(from, to);
}

// Neurons that repeat their events (parrot_neuron_ps) send one spike per
// event: their blocks of the slice's steps, left in place by the update, are
// read on the host, replace the neuron's spike by its events and are
// cleared. Only runs where such a population exists; the list goes to the
// device again at delivery.
inline void CudaBackend::expand_repeated_spikes(Step from, Step to) {
  precise_host_.counts.resize(precise_counts_.size());
  thrust::copy(precise_counts_.begin(), precise_counts_.end(), precise_host_.counts.begin());
  precise_host_.events.resize(precise_events_.size());
  thrust::copy(precise_events_.begin(), precise_events_.end(), precise_host_.events.begin());
  unsigned long long overflow = 0;
  const PreciseEventView v = precise_host_.view(&overflow);
  auto repeater_of = [&](Gid gid) -> const DevicePopulationBase* {
    for (const auto& pop : populations_) {
      if (pop->layout.repeats_events && pop->precise_first >= 0 && gid >= pop->layout.first &&
          gid < pop->layout.first + pop->layout.n) {
        return pop.get();
      }
    }
    return nullptr;
  };
  std::vector<SpikeEvent> out;
  out.reserve(spikes_.size());
  for (const SpikeEvent& e : spikes_) {
    const DevicePopulationBase* pop = repeater_of(e.gid);
    if (pop == nullptr) {
      out.push_back(e);
      continue;
    }
    const auto t = static_cast<std::uint64_t>(pop->precise_first + (e.gid - pop->layout.first));
    repeat_events(v, geometry_.slot(e.step), t, static_cast<int>(e.multiplicity), [&](int m, double offset) {
      out.push_back({e.gid, e.step, static_cast<std::uint32_t>(m), 1.0, offset});
    });
  }
  for (const auto& pop : populations_) {  // events that made no spike (port 1)
    if (!pop->layout.repeats_events || pop->precise_first < 0) continue;
    for (Index i = 0; i < pop->layout.n; ++i) {
      for (Step n = from; n < to; ++n) v.clear(geometry_.slot(n), static_cast<std::uint64_t>(pop->precise_first + i));
    }
  }
  assign_device(precise_counts_, precise_host_.counts);
  spikes_ = std::move(out);
  device_spikes_are_local_ = false;
}

inline void CudaBackend::deliver_table(const DeviceTable& table, int kind, std::size_t n_spikes) {
  if (table.buffer_index.empty()) return;
  resize_device(offsets_, n_spikes + 1, std::uint64_t{0});
  thrust::transform(thrust::device, device_spikes_.begin(), device_spikes_.end(), offsets_.begin(), RowLength{raw(table.row)});
  thrust::exclusive_scan(thrust::device, offsets_.begin(), offsets_.end(), offsets_.begin());
  const std::uint64_t total = offsets_.back();
  if (total == 0) return;
  DeliverFunctor f{raw(device_spikes_), raw(offsets_), n_spikes, raw(table.row), raw(table.buffer_index),
                   raw(table.delay), raw(table.weight), kind, raw(ring_), geometry_};
  thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0), thrust::counting_iterator<std::uint64_t>(total), f);
}

// The event buffer follows the targets' capacities and the ring's slots;
// pending events move with it (on the host: a prepare, not a slice).
inline void CudaBackend::layout_precise(Step now) {
  if (precise_host_.same_layout(precise_base_, geometry_.n_slots)) return;
  if (!precise_counts_.empty()) {
    precise_host_.counts.resize(precise_counts_.size());
    thrust::copy(precise_counts_.begin(), precise_counts_.end(), precise_host_.counts.begin());
    precise_host_.events.resize(precise_events_.size());
    thrust::copy(precise_events_.begin(), precise_events_.end(), precise_host_.events.begin());
  }
  precise_host_.relayout(precise_base_, geometry_.n_slots, now);
  assign_device(precise_counts_, precise_host_.counts);
  assign_device(precise_events_, precise_host_.events);
  assign_device(precise_base_device_, precise_host_.base);
  resize_device(precise_overflow_, 1, 0ull);
}

inline PreciseEventView CudaBackend::precise_view() {
  PreciseEventView v;
  v.events = raw(precise_events_);
  v.counts = raw(precise_counts_);
  v.base = raw(precise_base_device_);
  v.total = precise_host_.total();
  v.n_targets = precise_host_.n_targets();
  v.overflow = raw(precise_overflow_);
  return v;
}

inline void CudaBackend::deliver_precise(std::size_t n_spikes) {
  resize_device(offsets_, n_spikes + 1, std::uint64_t{0});
  thrust::transform(thrust::device, device_spikes_.begin(), device_spikes_.end(), offsets_.begin(), RowLength{raw(precise_.row)});
  thrust::exclusive_scan(thrust::device, offsets_.begin(), offsets_.end(), offsets_.begin());
  const std::uint64_t total = offsets_.back();
  if (total == 0) return;
  PreciseDeliverFunctor f{raw(device_spikes_), raw(offsets_), n_spikes, raw(precise_.row), raw(precise_.buffer_index),
                          raw(precise_.delay), raw(precise_.weight), precise_view(), geometry_};
  thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0), thrust::counting_iterator<std::uint64_t>(total), f);
  unsigned long long overflow = precise_overflow_[0];
  if (overflow != 0) {
    precise_overflow_[0] = 0ull;
    check_precise_overflow(overflow);
  }
}

inline void CudaBackend::deliver(const std::vector<SpikeEvent>& spikes) {
  if (spikes.empty()) return;
  // This rank's own list is on the device already; other lists (every rank's
  // spikes after an exchange) are uploaded.
  if (!(device_spikes_are_local_ && &spikes == &spikes_)) assign_device(device_spikes_, spikes);
  device_spikes_are_local_ = false;
  deliver_table(weighted_, weighted_delivery, spikes.size());
  deliver_table(counting_, counting_delivery, spikes.size());
  deliver_table(offset_weighted_, offset_weighted_delivery, spikes.size());
  deliver_table(binary_, binary_delivery, spikes.size());
  if (!precise_.buffer_index.empty()) deliver_precise(spikes.size());
  if (!plastic_.empty()) plastic_.deliver(spikes, plastic_context());
}

inline PlasticDeliveryContext CudaBackend::plastic_context() {
  PlasticDeliveryContext ctx;
  ctx.ring = raw(ring_);
  ctx.geometry = geometry_;
  ctx.history = plastic_.history_view(static_cast<double>(min_delay_ * tics_per_step_) * ms_per_tic_);
  ctx.clopath = plastic_.clopath_view(h_);
  ctx.seed = seed_;
  ctx.tics_per_step = tics_per_step_;
  ctx.ms_per_tic = ms_per_tic_;
  return ctx;
}

inline void CudaBackend::drain_samples(SampleBatch& out) {
  if (sample_meta_.empty()) return;
  const thrust::host_vector<double> values(sample_values_.begin(),
                                           sample_values_.begin() + static_cast<std::ptrdiff_t>(sample_cursor_));
  std::stable_sort(sample_meta_.begin(), sample_meta_.end(), [](const SampleMeta& a, const SampleMeta& b) {
    if (a.sampler != b.sampler) return a.sampler < b.sampler;
    if (a.stamp != b.stamp) return a.stamp < b.stamp;
    return a.sender < b.sender;
  });
  for (const SampleMeta& m : sample_meta_) {
    out.sampler.push_back(m.sampler);
    out.sender.push_back(m.sender);
    out.stamp.push_back(m.stamp);
    const std::size_t width = samplers_[static_cast<std::size_t>(m.sampler)].record_from.size();
    if (m.device_offset < 0) {
      out.values.push_back(m.host_value);
    } else {
      for (std::size_t f = 0; f < width; ++f) out.values.push_back(values[static_cast<std::size_t>(m.device_offset) + f]);
    }
  }
  sample_meta_.clear();
  sample_cursor_ = 0;
}

// Rate connections: one thread per connection, from this rank's blocks or
// the exchanged ones (uploaded once per slice).
inline double CudaBackend::deliver_rates(const std::vector<double>* all, RateDelivery mode) {
  if (all != nullptr) assign_device(rate_exchanged_, *all);
  const double* blocks = all != nullptr ? raw(rate_exchanged_) : raw(rate_blocks_);
  if (mode != RateDelivery::step_late) thrust::fill(instant_.begin(), instant_.end(), RingCell{0});
  RateDeliveryContext ctx = rate_context(blocks, slice_from_, slice_to_);
  ctx.mode = mode;
  deliver_rate_table(rate_table_, ctx);
  if (mode == RateDelivery::step_late || rate_blocks_.empty()) return 0.0;
  // Convergence of waveform relaxation: the largest change since the last iteration.
  const thrust::counting_iterator<std::uint64_t> first(0), last(rate_blocks_.size());
  const double change = thrust::transform_reduce(thrust::device, first, last, BlockChangeFunctor{blocks, raw(wfr_previous_), block_layout_},
                                                 0.0, thrust::maximum<double>());
  thrust::for_each(thrust::device, first, last,
                   KeepBlockFunctor{blocks, raw(wfr_previous_), mode == RateDelivery::wfr_iteration});
  return change;
}

inline RateDeliveryContext CudaBackend::rate_context(const double* blocks, Step from, Step to) {
  RateDeliveryContext ctx;
  ctx.blocks = blocks;
  ctx.layout = block_layout_;
  ctx.gains = raw(rate_gains_);
  ctx.nonlinear = raw(rate_nonlinear_);
  ctx.ring = raw(ring_);
  ctx.geometry = geometry_;
  ctx.from = from;
  ctx.to = to;
  ctx.instant = raw(instant_);
  return ctx;
}

inline void CudaBackend::deliver_rate_table(DeviceRateTable& table, const RateDeliveryContext& ctx) {
  if (table.source.empty()) return;
  thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0),
                   thrust::counting_iterator<std::uint64_t>(table.source.size()), RateDeliverFunctor{table.view(), ctx});
}

// Waveform relaxation: the rate models step through the slice from their
// state at `from` (restored afterwards) without consuming their ring cells.
inline void CudaBackend::wfr_update(Step from, Step to) {
  slice_from_ = from;
  slice_to_ = to;
  std::vector<DeviceVector<double>> saved(populations_.size());
  Index largest = 0;
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    DevicePopulationBase& pop = *populations_[p];
    if (pop.rate_first < 0) continue;
    saved[p] = pop.fields;
    largest = std::max(largest, pop.layout.n);
  }
  resize_device(wfr_emitted_, static_cast<std::size_t>(largest), std::uint32_t{0});
  UpdateContext ctx = make_update_context(raw(ring_), geometry_, from, to, seed_, raw(poissons_), raw(current_values_));
  ctx.rate_blocks = rate_blocks_.empty() ? nullptr : raw(rate_blocks_);
  ctx.rate_layout = block_layout_;
  ctx.gap_interpolation_order = wfr_interpolation_order_;
  ctx.instant = raw(instant_);
  ctx.instant_slice = min_delay_;
  ctx.wfr_iteration = true;
  for (Step n = from; n < to; ++n) {
    for (auto& pop : populations_) {
      if (pop->rate_first >= 0) pop->update(n, ctx, raw(wfr_emitted_), nullptr);  // rate models send no spikes
    }
  }
  // The field the model carries across iterations (its solver's step size) keeps its new value.
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    DevicePopulationBase& pop = *populations_[p];
    if (pop.rate_first < 0) continue;
    if (const int keep = pop.model_.wfr_carried_field; keep >= 0) {
      const auto column = static_cast<std::ptrdiff_t>(keep) * pop.layout.n;
      thrust::copy(pop.fields.begin() + column, pop.fields.begin() + column + pop.layout.n, saved[p].begin() + column);
    }
    pop.fields.swap(saved[p]);
  }
}

}  // namespace roost::cuda
