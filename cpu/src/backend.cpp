// SPDX-License-Identifier: GPL-2.0-or-later
// CPU backend: populations of neurons updated by OpenMP threads, spike ring
// buffers per neuron and input channel, delivery at the end of each slice.
#include "roost/cpu/backend.hpp"

#include <algorithm>
#include <numeric>

#include "population.hpp"
#include "roost/clopath_history_store.hpp"
#include "roost/urbanczik_history.hpp"
#include "roost/delivery_plan.hpp"
#include "roost/error.hpp"
#include "roost/models/model_list.hpp"
#include "roost/models/synapse_list.hpp"
#include "roost/plastic_plan.hpp"
#include "roost/post_history_store.hpp"
#include "roost/precise_event_store.hpp"

#ifdef _OPENMP
#include <omp.h>
#endif

namespace roost::cpu {
namespace {

// Runs body(t) for t in [0, threads): on OpenMP threads when available,
// one after the other otherwise. Results never depend on which.
template <class Body>
void for_each_thread(int threads, Body&& body) {
#ifdef _OPENMP
#pragma omp parallel num_threads(threads)
  body(omp_get_thread_num());
#else
  for (int t = 0; t < threads; ++t) body(t);
#endif
}

// Delivers one spike through one plastic connection with synapse model S.
using PlasticDeliverFn = void (*)(const PlasticGroupView&, const PlasticTarget&, std::int64_t, const PlasticDeliveryContext&,
                                  Gid, Step, std::uint32_t, double, bool, std::vector<WeightEvent>&);

struct PlainAdd {
  RingCell* ring;
  void operator()(std::size_t cell, double value) const { ring[cell] += ring_value(value); }
};
struct PushEvent {
  std::vector<WeightEvent>* out;
  void operator()(const WeightEvent& e) const { out->push_back(e); }
};

template <class S>
void deliver_one(const PlasticGroupView& g, const PlasticTarget& t, std::int64_t index, const PlasticDeliveryContext& ctx,
                 Gid sender, Step step, std::uint32_t multiplicity, double weight_scale, bool unroll,
                 std::vector<WeightEvent>& events) {
  deliver_plastic<S>(g, t, index, ctx, sender, step, multiplicity, weight_scale, unroll, PlainAdd{ctx.ring},
                     PushEvent{&events});
}

std::vector<PlasticDeliverFn> plastic_deliver_functions() {
  std::vector<PlasticDeliverFn> fns;
  models::for_each_model(models::SynapseModels{}, [&]<class S>(int) { fns.push_back(&deliver_one<S>); });
  return fns;
}

// A volume_transmitter's hand-over to one connection with synapse model S.
using NeuromodulateFn = void (*)(const PlasticGroupView&, const PlasticTarget&, std::int64_t, const PlasticDeliveryContext&,
                                 double);
std::vector<NeuromodulateFn> neuromodulate_functions() {
  std::vector<NeuromodulateFn> fns;
  models::for_each_model(models::SynapseModels{}, [&]<class S>(int) { fns.push_back(&neuromodulate_plastic<S>); });
  return fns;
}

// The weights and rows of one plastic table, in the table's (delivery) order:
// the kernel keeps them in connection order, where walking a source's
// connections would miss the cache once per delivery. Copied in at prepare
// and back to the kernel by sync_connections (gather/scatter_table_values).
struct PlasticValues {
  std::vector<double> weights, rows;
};

// A multimeter target, resolved to where its values live.
struct SampleTarget {
  Gid gid;
  int population;  // -1: a current generator (value "I")
  Index local;
  int current_program;
  std::vector<int> fields;
  int noise_program = -1;  // a noise_generator (value "I": the mean of its targets' currents)
  int rate_row = -1;  // a rate-modulated generator (value "rate")
};

struct Sampler {
  SamplerSpec spec;
  std::vector<std::vector<SampleTarget>> targets_of_thread;
};

class CpuBackend final : public Backend {
 public:
  std::string name() const override { return "cpu"; }

  int add_population(const ModelInfo& model, Gid first, Index n) override {
    auto pop = models::make_for_model<PopulationBase, Population>(model.neuron_model, model, first, n);
    if (!pop) throw Error(ErrorKind::KernelException, "cpu backend: no implementation of model " + model.name);
    populations_.push_back(std::move(pop));
    return static_cast<int>(populations_.size()) - 1;
  }

  void get_rows(int p, std::span<const Index> locals, std::span<double> rows) const override {
    const PopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    const auto width = static_cast<std::size_t>(pop.n_fields());
    for (std::size_t k = 0; k < locals.size(); ++k) {
      for (int f = 0; f < pop.n_fields(); ++f) rows[k * width + static_cast<std::size_t>(f)] = pop.field(f, locals[k]);
    }
  }

  void set_rows(int p, std::span<const Index> locals, std::span<const double> rows) override {
    PopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    const auto width = static_cast<std::size_t>(pop.n_fields());
    for (std::size_t k = 0; k < locals.size(); ++k) {
      for (int f = 0; f < pop.n_fields(); ++f) pop.field(f, locals[k]) = rows[k * width + static_cast<std::size_t>(f)];
    }
  }

  void get_field(int p, std::span<const Index> locals, int field, std::span<double> out) const override {
    const PopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    for (std::size_t k = 0; k < locals.size(); ++k) out[k] = pop.field(field, locals[k]);
  }

  ListValues get_lists(int p, Index local) const override { return populations_[static_cast<std::size_t>(p)]->get_lists(local); }
  bool set_lists(int p, Index local, const ListValues& lists) override {
    return populations_[static_cast<std::size_t>(p)]->set_lists(local, lists);
  }

  int owner_thread(int p, Index local) const override {
    const Index n = populations_[static_cast<std::size_t>(p)]->size();
    for (int t = 0; t < threads_; ++t) {
      if (local < range_end(n, t)) return t;
    }
    return threads_ - 1;
  }

  void prepare(const PrepareInfo& info) override;
  void update(Step from, Step to) override;
  const std::vector<SpikeEvent>& local_spikes() override { return spikes_; }
  void deliver(const std::vector<SpikeEvent>& spikes) override;
  void deliver_plastic_spikes(const std::vector<SpikeEvent>& spikes, int thread);
  void neuromodulate(int buffer, double t_trig) override;
  void drain_samples(SampleBatch& out) override;
  void rate_blocks(std::vector<double>& out) override { out = rate_blocks_; }
  double deliver_rates(const std::vector<double>* all, RateDelivery mode) override;
  void wfr_update(Step from, Step to) override;
  void drain_weight_events(std::vector<WeightEvent>& out) override;
  void sync_connections() override;
  Gid history_overflow() const override {
    return history_.overflow > 0 ? history_.gids[static_cast<std::size_t>(history_.overflow - 1)] : 0;
  }
  Gid clopath_overflow() const override {
    return clopath_.overflow > 0 ? clopath_.gids[static_cast<std::size_t>(clopath_.overflow - 1)] : 0;
  }

 private:
  // Thread t owns neurons [range_begin, range_end) of every population.
  Index range_begin(Index n, int t) const { return n * t / threads_; }
  Index range_end(Index n, int t) const { return n * (t + 1) / threads_; }
  std::pair<int, Index> locate(Gid gid) const;
  void layout_ring(const PrepareInfo& info);
  void build_tables(const PrepareInfo& info);
  void build_plastic(const PrepareInfo& info);
  void refresh_plastic(const PrepareInfo& info);
  PlasticDeliveryContext plastic_context();
  PlasticGroupView group_view(const PlasticTable& table, PlasticValues& values) const;

  std::vector<std::unique_ptr<PopulationBase>> populations_;
  int threads_ = 1;
  double h_ = 0.1;
  std::uint64_t seed_ = 0;

  std::vector<RingCell> ring_;  // see roost/ring_buffer.hpp
  RingGeometry geometry_;
  std::vector<RingBlock> ring_blocks_;  // the populations' blocks in ring_
  Step now_ = 0;

  std::vector<DeliveryTable> binary_;  // one per thread: binary neurons' input (binary_delivery)
  std::vector<DeliveryTable> weighted_, counting_, offset_weighted_;  // one per thread
  // Precise-input models' events (precise_events.hpp): tables per thread, the buffer.
  std::vector<DeliveryTable> precise_;
  std::vector<std::uint64_t> precise_base_{0};
  PreciseEventStore precise_store_;
  unsigned long long precise_overflow_ = 0;
  // Rate connections (rate_transmission.hpp): tables per thread, the blocks
  // of the slice, and the targets' gains.
  std::vector<RateTable> rate_tables_, generator_tables_;
  std::vector<double> rate_blocks_, generator_blocks_;
  void deliver_generator_rates(Step from, Step to);
  RateDeliveryContext rate_context(const double* blocks, Step from, Step to);
  void deliver_rate_tables(const std::vector<RateTable>& tables, const RateDeliveryContext& ctx);
  RateBlockLayout block_layout_;  // the rate blocks (rate_transmission.hpp)
  int wfr_interpolation_order_ = 3;
  std::vector<models::RateGain> rate_gains_;
  std::vector<std::uint8_t> rate_nonlinear_;
  // Waveform relaxation: the instant cells (one ring slot per step of a
  // slice) and the blocks of the previous iteration.
  bool wfr_ = false;
  std::vector<RingCell> instant_;
  std::vector<double> wfr_previous_;
  UpdateContext update_context(Step from, Step to);
  std::vector<SpikeTrainProgram> trains_;
  std::vector<PoissonProgram> poissons_;
  std::vector<CurrentProgram> currents_;
  std::vector<double> current_values_;
  std::vector<NoiseProgram> noises_;
  std::vector<std::vector<std::uint64_t>> noise_streams_;
  const std::vector<double>* rate_values_ = nullptr;  // the kernel's rate rows of the slice
  std::vector<double> stimulus_state_;                // per-input state of rate-modulated generators
  std::vector<std::int32_t> rate_layout_;             // what that state's layout was made for
  std::vector<Sampler> samplers_;

  // Plastic delivery: per thread, one table per synapse model; the weights and
  // rows are the kernel's (this backend works on them in place).
  std::vector<std::vector<PlasticTable>> plastic_;
  std::vector<std::vector<PlasticValues>> plastic_values_;  // [thread][table]
  bool values_uploaded_ = false;  // the tables hold the kernel's values (or newer ones)
  bool values_synced_ = true;     // the kernel holds the tables' values
  std::vector<PlasticDeliverFn> deliver_fns_ = plastic_deliver_functions();
  std::vector<NeuromodulateFn> neuromodulate_fns_ = neuromodulate_functions();
  const std::vector<NeuromodulatorBuffer>* neuromodulators_ = nullptr;
  std::vector<SynapseDeliverySpec> synapses_;
  std::vector<SynapseRows>* synapse_rows_ = nullptr;
  double* weights_ = nullptr;
  std::vector<NodeRole> roles_;
  std::vector<char> unrolled_;  // neuron-like devices (PrepareInfo::unrolled_sources)
  HistoryStore history_;
  ClopathStore clopath_;
  std::int64_t tics_per_step_ = 100;
  double ms_per_tic_ = 0.001;
  Step min_delay_ = 1;
  std::vector<std::vector<WeightEvent>> thread_weight_events_;

  std::vector<std::vector<SpikeEvent>> thread_spikes_;
  std::vector<SampleBatch> thread_samples_;
  std::vector<SpikeEvent> spikes_;
  Step slice_from_ = 0, slice_to_ = 0;
};

std::pair<int, Index> CpuBackend::locate(Gid gid) const {
  auto it = std::upper_bound(populations_.begin(), populations_.end(), gid,
                             [](Gid g, const std::unique_ptr<PopulationBase>& p) { return g < p->first(); });
  if (it == populations_.begin()) return {-1, 0};
  const auto p = static_cast<int>(it - populations_.begin() - 1);
  const PopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
  if (gid >= pop.first() + pop.size()) return {-1, 0};
  return {p, gid - pop.first()};
}

// Sizes the ring for min_delay + max_delay slots and keeps input that is already
// pending (a second Simulate, or nodes added between runs).
void CpuBackend::layout_ring(const PrepareInfo& info) {
  std::size_t slot_size = 0;
  std::vector<RingBlock> blocks;
  for (auto& pop : populations_) {
    pop->buffer_offset = slot_size;
    blocks.push_back({slot_size, pop->size(), pop->n_channels()});
    slot_size += static_cast<std::size_t>(pop->n_channels() * pop->size());
  }
  const RingGeometry next = RingGeometry::for_delays(slot_size, info.min_delay, info.max_delay);
  if (next.slot_size == geometry_.slot_size && next.n_slots == geometry_.n_slots && blocks == ring_blocks_) return;
  std::vector<RingCell> ring(next.total(), 0);
  // Pending input further ahead than the new ring holds cannot exist: delays
  // only grow. Within a slot, each population's cells move to its new block.
  const Step carry = std::min(next.n_slots, geometry_.n_slots);
  const std::vector<RingSegment> moves = ring_segments(ring_blocks_, blocks);
  for (Step s = info.now; s < info.now + carry; ++s) {
    const RingCell* from = ring_.data() + geometry_.index(geometry_.slot(s), 0);
    RingCell* to = ring.data() + next.index(next.slot(s), 0);
    for (const RingSegment& m : moves) std::copy_n(from + m.from, m.length, to + m.to);
  }
  ring_ = std::move(ring);
  geometry_ = next;
  ring_blocks_ = std::move(blocks);
}

void CpuBackend::build_tables(const PrepareInfo& info) {
  std::vector<PopulationLayout> layouts;
  for (const auto& pop : populations_) layouts.push_back(pop->layout());
  DeliveryPlan plan = plan_delivery(info, layouts, threads_, [this](int p, Index local) { return owner_thread(p, local); });
  weighted_ = std::move(plan.weighted);
  counting_ = std::move(plan.counting);
  offset_weighted_ = std::move(plan.offset_weighted);
  binary_ = std::move(plan.binary);
  precise_ = std::move(plan.precise);
  precise_base_ = std::move(plan.precise_base);
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    populations_[p]->precise_first = plan.precise_first[p];
    populations_[p]->stimulus_begin = std::move(plan.stimulus_begin[p]);
    populations_[p]->stimuli = std::move(plan.stimuli[p]);
  }
  stimulus_state_ = std::move(plan.stimulus_state);
  rate_tables_ = std::move(plan.rates);
  generator_tables_ = std::move(plan.generator_rates);
}

void CpuBackend::prepare(const PrepareInfo& info) {
  const bool threads_changed = info.threads != threads_;
  threads_ = info.threads;
  h_ = info.resolution;
  seed_ = info.seed;
  now_ = info.now;
  trains_ = info.spike_trains;
  poissons_ = info.poissons;
  currents_ = info.currents;
  noises_ = info.noises;
  noise_streams_ = info.noise_streams;
  rate_values_ = info.rate_values;
  // Per-input state is laid out by the programs: rebuild it when they change.
  std::vector<std::int32_t> rate_layout;
  for (const PoissonProgram& p : poissons_) rate_layout.insert(rate_layout.end(), {p.kind, p.state_size, p.shape});
  const bool rate_layout_changed = rate_layout != rate_layout_;
  rate_layout_ = std::move(rate_layout);
  for (auto& pop : populations_) pop->calibrate(h_);
  const std::size_t old_slot_size = geometry_.slot_size;
  layout_ring(info);
  // Tables hold ring positions and generator indices: rebuild whenever either may have moved.
  // Tables hold ring positions: rebuild when connections, threads or the layout changed.
  tics_per_step_ = std::llround(h_ * info.tics_per_ms);
  ms_per_tic_ = 1.0 / info.tics_per_ms;
  min_delay_ = info.min_delay;
  if (info.connections_changed || threads_changed || geometry_.slot_size != old_slot_size || weighted_.empty() ||
      rate_layout_changed) {
    build_tables(info);
    build_plastic(info);
  }
  if (!precise_store_.same_layout(precise_base_, geometry_.n_slots)) {
    precise_store_.relayout(precise_base_, geometry_.n_slots, info.now);
  }
  refresh_plastic(info);
  // Rate models: the index of each population's first neuron, the blocks of a slice.
  for (auto& pop : populations_) {
    const bool rate = pop->size() > 0 && info.rate_index.size() > static_cast<std::size_t>(pop->first()) &&
                      info.rate_index[static_cast<std::size_t>(pop->first())] >= 0;
    pop->rate_first = rate ? info.rate_index[static_cast<std::size_t>(pop->first())] : -1;
  }
  block_layout_ = RateBlockLayout{info.min_delay, info.rate_values_per_step};
  wfr_interpolation_order_ = info.wfr_interpolation_order;
  rate_blocks_.assign(static_cast<std::size_t>(info.n_rate_nodes * block_layout_.width()), 0.0);
  generator_blocks_.assign(static_cast<std::size_t>(info.n_rate_generators * block_layout_.width()), 0.0);
  rate_gains_ = info.rate_gains;
  rate_nonlinear_ = info.rate_nonlinear;
  wfr_ = info.waveform_relaxation;
  const std::size_t instant_size = wfr_ ? static_cast<std::size_t>(info.min_delay) * geometry_.slot_size : 0;
  if (instant_.size() != instant_size) instant_.assign(instant_size, 0);  // kept across Simulate calls otherwise
  wfr_previous_.assign(rate_blocks_.size(), 0.0);

  samplers_.clear();
  for (const SamplerSpec& spec : info.samplers) {
    Sampler s;
    s.spec = spec;
    s.targets_of_thread.assign(static_cast<std::size_t>(threads_), {});
    for (Gid gid : spec.targets) {
      SampleTarget target{gid, -1, 0, -1, {}};
      const auto [p, local] = locate(gid);
      int thread = 0;
      if (p >= 0) {
        target.population = p;
        target.local = local;
        thread = owner_thread(p, local);
        for (const auto& name : spec.record_from) {
          const int f = populations_[static_cast<std::size_t>(p)]->recordable_column(name);
          if (f < 0) throw Error(ErrorKind::KernelException, "multimeter: node " + std::to_string(gid) + " has no '" + name + "'.");
          target.fields.push_back(f);
        }
      } else {
        for (std::size_t k = 0; k < currents_.size(); ++k) {
          if (currents_[k].gid == gid) target.current_program = static_cast<int>(k);
        }
        for (std::size_t k = 0; k < noises_.size(); ++k) {
          if (noises_[k].gid == gid) target.noise_program = static_cast<int>(k);
        }
        for (const PoissonProgram& p : poissons_) {
          if (p.gid == gid && p.rate_row >= 0) target.rate_row = p.rate_row;
        }
      }
      s.targets_of_thread[static_cast<std::size_t>(thread)].push_back(std::move(target));
    }
    samplers_.push_back(std::move(s));
  }
  thread_spikes_.assign(static_cast<std::size_t>(threads_), {});
  thread_samples_.assign(static_cast<std::size_t>(threads_), {});
}

// What every neuron's step reads, for an update or an iteration over [from, to).
UpdateContext CpuBackend::update_context(Step from, Step to) {
  UpdateContext ctx = make_update_context(ring_.data(), geometry_, from, to, seed_, poissons_.data(),
                                          current_values_.data());
  ctx.noises = noises_.data();
  ctx.rate_values = rate_values_ != nullptr ? rate_values_->data() : nullptr;
  ctx.stimulus_state = stimulus_state_.data();
  ctx.history = history_.view();
  ctx.history.min_delay_ms = static_cast<double>(min_delay_ * tics_per_step_) * ms_per_tic_;
  ctx.clopath = clopath_.view(h_);
  ctx.tics_per_step = tics_per_step_;
  ctx.ms_per_tic = ms_per_tic_;
  ctx.rate_blocks = rate_blocks_.empty() ? nullptr : rate_blocks_.data();
  ctx.rate_layout = block_layout_;
  ctx.gap_interpolation_order = wfr_interpolation_order_;
  ctx.instant = wfr_ ? instant_.data() : nullptr;
  ctx.instant_slice = min_delay_;
  if (precise_store_.n_targets() > 0) ctx.precise = precise_store_.view(&precise_overflow_);
  return ctx;
}

void CpuBackend::update(Step from, Step to) {
  slice_from_ = from;
  slice_to_ = to;
  const Step length = to - from;
  current_values_.resize(currents_.size() * static_cast<std::size_t>(length));
  for (std::size_t k = 0; k < currents_.size(); ++k) {
    for (Step n = from; n < to; ++n) current_values_[k * static_cast<std::size_t>(length) + static_cast<std::size_t>(n - from)] = currents_[k].at(n + 1);
    // A step_rate_generator sends that value as its rate (rate_transmission.hpp).
    if (currents_[k].rate_index >= 0 && !generator_blocks_.empty()) {
      double* block = generator_blocks_.data() + currents_[k].rate_index * block_layout_.width();
      for (Step lag = 0; lag < length; ++lag) {
        block[block_layout_.sent(lag)] = current_values_[k * static_cast<std::size_t>(length) + static_cast<std::size_t>(lag)];
      }
      block[block_layout_.instant()] = rate_generator_mark(currents_[k].window, from, to);
    }
  }
  clopath_.make_room(static_cast<std::uint32_t>(length));  // no LTP ring can fill up during the slice
  UpdateContext ctx = update_context(from, to);
  deliver_generator_rates(from, to);

  for_each_thread(threads_, [&](int t) {
    auto& spikes = thread_spikes_[static_cast<std::size_t>(t)];
    auto& samples = thread_samples_[static_cast<std::size_t>(t)];
    spikes.clear();
    for (Step n = from; n < to; ++n) {
      for (auto& pop : populations_) {
        pop->step_range(range_begin(pop->size(), t), range_end(pop->size(), t), n, ctx, spikes);
      }
      for (std::size_t s = 0; s < samplers_.size(); ++s) {
        const Sampler& sampler = samplers_[s];
        if (!sampler.spec.due(n + 1)) continue;
        for (const SampleTarget& target : sampler.targets_of_thread[static_cast<std::size_t>(t)]) {
          samples.sampler.push_back(static_cast<std::int32_t>(s));
          samples.sender.push_back(target.gid);
          samples.stamp.push_back(n + 1);
          if (target.noise_program >= 0) {
            const auto k = static_cast<std::size_t>(target.noise_program);
            samples.values.push_back(noise_mean_current(noises_[k], noise_streams_[k], seed_, n));
          } else if (target.population < 0 && target.rate_row >= 0) {
            samples.values.push_back((*rate_values_)[(static_cast<std::size_t>(target.rate_row) * static_cast<std::size_t>(length) +
                                                      static_cast<std::size_t>(n - from)) * kRateRowWidth + row_rate_hz]);
          } else if (target.population < 0) {
            samples.values.push_back(currents_[static_cast<std::size_t>(target.current_program)].at(n + 1));
          } else {
            for (int f : target.fields) samples.values.push_back(populations_[static_cast<std::size_t>(target.population)]->field(f, target.local));
          }
        }
      }
    }
  });

  spikes_.clear();
  for (const auto& part : thread_spikes_) spikes_.insert(spikes_.end(), part.begin(), part.end());
  finish_slice_spikes(trains_, from, to, spikes_);
  now_ = to;
}

void CpuBackend::deliver(const std::vector<SpikeEvent>& spikes) {
  values_synced_ = false;
  for_each_thread(threads_, [&](int t) {
    const DeliveryTable& weighted = weighted_[static_cast<std::size_t>(t)];
    const DeliveryTable& counting = counting_[static_cast<std::size_t>(t)];
    const DeliveryTable& offset_weighted = offset_weighted_[static_cast<std::size_t>(t)];
    const DeliveryTable& binary = binary_[static_cast<std::size_t>(t)];
    const DeliveryTable& precise = precise_[static_cast<std::size_t>(t)];
    const PreciseEventView events = precise_store_.view(&precise_overflow_);
    for (const SpikeEvent& e : spikes) {
      const auto src = static_cast<std::size_t>(e.gid);
      const Step base = geometry_.slot(e.step);
      const double scale = e.weight_scale * e.multiplicity;
      for (auto k = weighted.row[src]; k < weighted.row[src + 1]; ++k) {
        ring_[geometry_.index(geometry_.slot_after(base, weighted.delay[k]), weighted.buffer_index[k])] +=
            ring_value(weighted.weight[k] * scale);
      }
      for (auto k = counting.row[src]; k < counting.row[src + 1]; ++k) {
        ring_[geometry_.index(geometry_.slot_after(base, counting.delay[k]), counting.buffer_index[k])] +=
            ring_value(e.multiplicity);
      }
      for (auto k = offset_weighted.row[src]; k < offset_weighted.row[src + 1]; ++k) {
        ring_[geometry_.index(geometry_.slot_after(base, offset_weighted.delay[k]), offset_weighted.buffer_index[k])] +=
            ring_value(offset_weighted.weight[k] * scale * e.offset);
      }
      for (auto k = binary.row[src]; k < binary.row[src + 1]; ++k) {
        ring_[geometry_.index(geometry_.slot_after(base, binary.delay[k]), binary.buffer_index[k])] +=
            ring_value(delivered_input(binary_delivery, binary.weight[k], e));
      }
      if (precise.buffer_index.empty()) continue;  // the grid path pays nothing for it
      for (auto k = precise.row[src]; k < precise.row[src + 1]; ++k) {  // the owning thread appends: no race
        events.push(geometry_.slot_after(base, precise.delay[k]), precise.buffer_index[k], e.offset,
                    precise.weight[k] * scale, [](unsigned long long* c) { return (*c)++; });
      }
    }
    deliver_plastic_spikes(spikes, t);
  });
  check_precise_overflow(precise_overflow_);
}

// Each thread delivers the connections of `tables` onto the targets it owns.
void CpuBackend::deliver_rate_tables(const std::vector<RateTable>& tables, const RateDeliveryContext& ctx) {
  for_each_thread(threads_, [&](int t) {
    if (static_cast<std::size_t>(t) >= tables.size()) return;
    const RateTable& table = tables[static_cast<std::size_t>(t)];
    const RateTableView view{table.source.data(), table.buffer_index.data(), table.delay.data(), table.weight.data(),
                             table.gain.data(), table.channel_stride.data()};
    for (std::size_t k = 0; k < table.size(); ++k) {
      deliver_rate_connection(view, k, ctx, [](RingCell* cell, double v) { *cell += ring_value(v); });
    }
  });
}

// step_rate_generators, before the update: NEST delivers a device's rates
// within the slice (their delays count from the slice's start).
void CpuBackend::deliver_generator_rates(Step from, Step to) {
  if (generator_blocks_.empty()) return;
  deliver_rate_tables(generator_tables_, rate_context(generator_blocks_.data(), from, to));
}

RateDeliveryContext CpuBackend::rate_context(const double* blocks, Step from, Step to) {
  RateDeliveryContext ctx;
  ctx.blocks = blocks;
  ctx.layout = block_layout_;
  ctx.gains = rate_gains_.data();
  ctx.nonlinear = rate_nonlinear_.data();
  ctx.ring = ring_.data();
  ctx.geometry = geometry_;
  ctx.from = from;
  ctx.to = to;
  ctx.instant = instant_.data();
  return ctx;
}

// Waveform relaxation: the rate models step through the slice from their
// state at `from` (restored afterwards) without consuming their ring cells.
void CpuBackend::wfr_update(Step from, Step to) {
  slice_from_ = from;
  slice_to_ = to;
  std::vector<std::vector<double>> saved(populations_.size());
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    if (populations_[p]->rate_first >= 0) saved[p] = populations_[p]->all_fields();
  }
  UpdateContext ctx = update_context(from, to);
  ctx.wfr_iteration = true;
  for_each_thread(threads_, [&](int t) {
    std::vector<SpikeEvent> none;  // rate models send no spikes
    for (Step n = from; n < to; ++n) {
      for (auto& pop : populations_) {
        if (pop->rate_first >= 0) pop->step_range(range_begin(pop->size(), t), range_end(pop->size(), t), n, ctx, none);
      }
    }
  });
  for (std::size_t p = 0; p < populations_.size(); ++p) {
    if (!saved[p].empty()) populations_[p]->restore_fields(saved[p]);
  }
}

// Each thread delivers the rate connections onto the targets it owns.
double CpuBackend::deliver_rates(const std::vector<double>* all, RateDelivery mode) {
  RateDeliveryContext ctx = rate_context(all != nullptr ? all->data() : rate_blocks_.data(), slice_from_, slice_to_);
  ctx.mode = mode;
  if (mode != RateDelivery::step_late) std::fill(instant_.begin(), instant_.end(), RingCell{0});
  deliver_rate_tables(rate_tables_, ctx);
  // Convergence of waveform relaxation: the largest change since the last iteration.
  double change = 0.0;
  if (mode != RateDelivery::step_late) {
    const std::vector<double>& blocks = all != nullptr ? *all : rate_blocks_;
    for (std::size_t k = 0; k < blocks.size(); ++k) {
      if (block_layout_.is_relaxed(static_cast<std::int64_t>(k))) change = std::max(change, std::fabs(blocks[k] - wfr_previous_[k]));
      wfr_previous_[k] = mode == RateDelivery::wfr_iteration ? blocks[k] : 0.0;
    }
  }
  return change;
}

// The plastic connections of the targets thread t owns, spike by spike in
// (step, gid) order: each connection sees its presynaptic spikes in time order.
void CpuBackend::deliver_plastic_spikes(const std::vector<SpikeEvent>& spikes, int t) {
  auto& tables = plastic_[static_cast<std::size_t>(t)];
  if (tables.empty()) return;
  auto& events = thread_weight_events_[static_cast<std::size_t>(t)];
  const PlasticDeliveryContext ctx = plastic_context();
  auto& values = plastic_values_[static_cast<std::size_t>(t)];
  for (std::size_t i = 0; i < tables.size(); ++i) {
    const PlasticTable& table = tables[i];
    const PlasticGroupView g = group_view(table, values[i]);
    const PlasticDeliverFn deliver = deliver_fns_[static_cast<std::size_t>(synapses_[static_cast<std::size_t>(table.model)].type)];
    for (const SpikeEvent& e : spikes) {
      const auto src = static_cast<std::size_t>(e.gid);
      const bool unroll = roles_[src] == NodeRole::neuron || unrolled_[src] != 0;
      for (auto k = table.row[src]; k < table.row[src + 1]; ++k) {
        deliver(g, table.targets[k], static_cast<std::int64_t>(k), ctx, e.gid, e.step, e.multiplicity, e.weight_scale,
                unroll, events);
      }
    }
  }
}

// Every connection of the models that read this volume_transmitter, each on
// the thread that owns its target.
void CpuBackend::neuromodulate(int buffer, double t_trig) {
  const PlasticDeliveryContext ctx = plastic_context();
  values_synced_ = false;
  for_each_thread(threads_, [&](int t) {
    auto& tables = plastic_[static_cast<std::size_t>(t)];
    for (std::size_t i = 0; i < tables.size(); ++i) {
      const PlasticTable& table = tables[i];
      const SynapseDeliverySpec& spec = synapses_[static_cast<std::size_t>(table.model)];
      if (spec.neuromodulator != buffer) continue;
      const PlasticGroupView g = group_view(table, plastic_values_[static_cast<std::size_t>(t)][i]);
      const NeuromodulateFn fn = neuromodulate_fns_[static_cast<std::size_t>(spec.type)];
      for (std::size_t k = 0; k < table.targets.size(); ++k) fn(g, table.targets[k], static_cast<std::int64_t>(k), ctx, t_trig);
    }
  });
}

PlasticDeliveryContext CpuBackend::plastic_context() {
  PlasticDeliveryContext ctx;
  ctx.ring = ring_.data();
  ctx.geometry = geometry_;
  ctx.history = history_.view();
  ctx.history.min_delay_ms = static_cast<double>(min_delay_ * tics_per_step_) * ms_per_tic_;
  ctx.clopath = clopath_.view(h_);
  ctx.seed = seed_;
  ctx.tics_per_step = tics_per_step_;
  ctx.ms_per_tic = ms_per_tic_;
  return ctx;
}

PlasticGroupView CpuBackend::group_view(const PlasticTable& table, PlasticValues& values) const {
  const SynapseDeliverySpec& spec = synapses_[static_cast<std::size_t>(table.model)];
  PlasticGroupView g;
  g.weights = values.weights.data();
  g.rows = values.rows.empty() ? nullptr : values.rows.data();
  g.layout = spec.layout;
  g.common = spec.common.data();
  g.records = spec.weight_recorder != 0;
  g.model = table.model;
  if (spec.neuromodulator >= 0) g.neuromod = (*neuromodulators_)[static_cast<std::size_t>(spec.neuromodulator)].view();
  return g;
}

void CpuBackend::build_plastic(const PrepareInfo& info) {
  std::vector<PopulationLayout> layouts;
  std::vector<int> neuron_model;
  for (const auto& pop : populations_) {
    layouts.push_back(pop->layout());
    neuron_model.push_back(pop->neuron_model());
  }
  sync_connections();  // what the old tables learned, before they go
  PlasticPlan plan = plan_plastic(info, layouts, neuron_model, threads_,
                                  [this](int p, Index local) { return owner_thread(p, local); });
  plastic_ = std::move(plan.tables);
  plastic_values_.assign(plastic_.size(), {});
  for (std::size_t t = 0; t < plastic_.size(); ++t) plastic_values_[t].resize(plastic_[t].size());
  values_uploaded_ = false;
  history_.remap(plan.archived, info.post_history_capacity);
  history_.n_incoming = std::move(plan.n_incoming);
  history_.max_delay = std::move(plan.max_delay_ms);
  for (std::size_t p = 0; p < populations_.size(); ++p) populations_[p]->archive_slot = std::move(plan.slot_of[p]);
  clopath_.remap(plan.clopath_archived, static_cast<std::uint32_t>(info.max_delay) + 1, [&](Gid gid) {
    const auto [p, local] = locate(gid);
    const PopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    const int f = pop.field_index("delay_u_bars");  // none: an Urbanczik neuron (urbanczik_history.hpp)
    return f < 0 ? kUrbanczikParamSteps : clopath_delay_steps(pop.field(f, local), info.resolution);
  });
  clopath_.n_incoming = std::move(plan.clopath_n_incoming);
  for (std::size_t p = 0; p < populations_.size(); ++p) populations_[p]->clopath_slot = std::move(plan.clopath_slot_of[p]);
}

// What may change between runs without new connections: the models' common
// parameters and weight_recorders, the neurons' tau_minus.
void CpuBackend::refresh_plastic(const PrepareInfo& info) {
  synapses_ = info.synapses;
  synapse_rows_ = info.synapse_rows;
  weights_ = info.connection_weights;
  neuromodulators_ = info.neuromodulators;
  // The kernel's values are newer when connections were made or set.
  if (info.connections_changed || !values_uploaded_) {
    for (std::size_t t = 0; t < plastic_.size(); ++t) {
      for (std::size_t i = 0; i < plastic_[t].size(); ++i) {
        const PlasticTable& table = plastic_[t][i];
        PlasticValues& v = plastic_values_[t][i];
        gather_table_values(table, weights_, (*synapse_rows_)[static_cast<std::size_t>(table.model)], v.weights, v.rows);
      }
    }
    values_uploaded_ = true;
    values_synced_ = true;
  }
  roles_ = *info.roles;
  unrolled_.assign(roles_.size(), 0);
  for (Gid g : info.unrolled_sources) unrolled_[static_cast<std::size_t>(g)] = 1;
  for (std::size_t s = 0; s < history_.slots(); ++s) {
    const auto [p, local] = locate(history_.gids[s]);
    PopulationBase& pop = *populations_[static_cast<std::size_t>(p)];
    const int f = pop.field_index("tau_minus");
    history_.tau_minus_inv[s] = 1.0 / pop.field(f, local);
    history_.tau_minus_triplet_inv[s] = 1.0 / pop.field(f + 1, local);
  }
  thread_weight_events_.assign(static_cast<std::size_t>(threads_), {});
}

void CpuBackend::sync_connections() {
  if (values_synced_ || synapse_rows_ == nullptr) return;
  for (std::size_t t = 0; t < plastic_.size(); ++t) {
    for (std::size_t i = 0; i < plastic_[t].size(); ++i) {
      const PlasticTable& table = plastic_[t][i];
      const PlasticValues& v = plastic_values_[t][i];
      scatter_table_values(table, v.weights, v.rows, weights_, (*synapse_rows_)[static_cast<std::size_t>(table.model)]);
    }
  }
  values_synced_ = true;
}

void CpuBackend::drain_weight_events(std::vector<WeightEvent>& out) {
  for (auto& part : thread_weight_events_) {
    out.insert(out.end(), part.begin(), part.end());
    part.clear();
  }
  std::stable_sort(out.begin(), out.end(), WeightEventOrder{});
}

void CpuBackend::drain_samples(SampleBatch& out) {
  // Order: by sampler, stamp, sender, whatever the thread count.
  struct Key {
    std::int32_t sampler;
    Step stamp;
    Gid sender;
    std::size_t thread, index, value_offset;
  };
  std::vector<Key> keys;
  for (std::size_t t = 0; t < thread_samples_.size(); ++t) {
    const SampleBatch& b = thread_samples_[t];
    std::size_t offset = 0;
    for (std::size_t k = 0; k < b.sender.size(); ++k) {
      keys.push_back({b.sampler[k], b.stamp[k], b.sender[k], t, k, offset});
      offset += samplers_[static_cast<std::size_t>(b.sampler[k])].spec.record_from.size();
    }
  }
  std::sort(keys.begin(), keys.end(), [](const Key& a, const Key& b) {
    if (a.sampler != b.sampler) return a.sampler < b.sampler;
    if (a.stamp != b.stamp) return a.stamp < b.stamp;
    return a.sender < b.sender;
  });
  for (const Key& k : keys) {
    const std::size_t width = samplers_[static_cast<std::size_t>(k.sampler)].spec.record_from.size();
    const SampleBatch& b = thread_samples_[k.thread];
    out.sampler.push_back(k.sampler);
    out.sender.push_back(k.sender);
    out.stamp.push_back(k.stamp);
    out.values.insert(out.values.end(), b.values.begin() + static_cast<std::ptrdiff_t>(k.value_offset),
                      b.values.begin() + static_cast<std::ptrdiff_t>(k.value_offset + width));
  }
  for (auto& b : thread_samples_) b.clear();
}

}  // namespace

std::unique_ptr<Backend> make_backend() { return std::make_unique<CpuBackend>(); }

}  // namespace roost::cpu
