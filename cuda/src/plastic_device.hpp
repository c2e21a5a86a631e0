// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The CUDA backend's plastic connections and spike histories, in device
// memory. Tables come from plan_plastic (one partition); each slice, the
// host groups the slice's spikes by source (a run per source, in time order)
// and launches one thread per (run, connection) and table, running
// roost/plastic_delivery.hpp. The kernel's weights and rows are copied in
// (in each table's order) at prepare and back by sync() after a run.

#include <thrust/copy.h>
#include <thrust/device_vector.h>
#include <thrust/for_each.h>
#include <thrust/iterator/counting_iterator.h>

#include <algorithm>
#include <vector>

#include "../algo/plastic_functors.hpp"
#include "clopath_device.hpp"
#include "roost/models/synapse_list.hpp"
#include "roost/plastic_plan.hpp"
#include "roost/post_history_store.hpp"

namespace roost::cuda {

// What one launch needs besides the model type.
struct PlasticLaunch {
  const SpikeEvent* spikes;
  const std::uint64_t* run_begin;
  const std::uint64_t* offsets;
  std::uint64_t n_runs;
  std::uint64_t work;
  const std::uint64_t* row;
  const PlasticTarget* targets;
  const std::uint8_t* unroll;
  PlasticGroupView group;
  PlasticDeliveryContext ctx;
  ClaimEvent record;
};

template <class S>
void launch_plastic(const PlasticLaunch& l) {
  PlasticDeliverFunctor<S> f{l.spikes, l.run_begin, l.offsets, l.n_runs, l.row, l.targets, l.unroll, l.group, l.ctx, l.record};
  thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0), thrust::counting_iterator<std::uint64_t>(l.work), f);
}

using PlasticLaunchFn = void (*)(const PlasticLaunch&);
inline std::vector<PlasticLaunchFn> plastic_launchers() {
  std::vector<PlasticLaunchFn> fns;
  models::for_each_model(models::SynapseModels{}, [&]<class S>(int) { fns.push_back(&launch_plastic<S>); });
  return fns;
}

template <class S>
void launch_neuromodulate(const PlasticTarget* targets, std::uint64_t n, const PlasticGroupView& g,
                          const PlasticDeliveryContext& ctx, double t_trig) {
  NeuromodulateFunctor<S> f{targets, g, ctx, t_trig};
  thrust::for_each(thrust::device, thrust::counting_iterator<std::uint64_t>(0), thrust::counting_iterator<std::uint64_t>(n), f);
}
using NeuromodulateLaunchFn = void (*)(const PlasticTarget*, std::uint64_t, const PlasticGroupView&,
                                       const PlasticDeliveryContext&, double);
inline std::vector<NeuromodulateLaunchFn> neuromodulate_launchers() {
  std::vector<NeuromodulateLaunchFn> fns;
  models::for_each_model(models::SynapseModels{}, [&]<class S>(int) { fns.push_back(&launch_neuromodulate<S>); });
  return fns;
}

template <template <class> class Vec>
class DevicePlastic {
 public:
  bool empty() const { return tables_.empty(); }
  std::size_t archived() const { return history_.slots(); }

  // New tables and history slots (connections changed); histories of neurons
  // archived before carry over.
  // `clopath_slot_of` as slot_of for the Clopath histories; `delay_steps(gid)`
  // gives a Clopath neuron's delay_u_bars in steps.
  template <class DelaySteps>
  void build(const PrepareInfo& info, const std::vector<PopulationLayout>& layouts, const std::vector<int>& neuron_model,
             std::vector<std::vector<std::int64_t>>& slot_of, std::vector<std::vector<std::int64_t>>& clopath_slot_of,
             DelaySteps&& delay_steps) {
    download_history();
    PlasticPlan plan = plan_plastic(info, layouts, neuron_model, 1, [](int, Index) { return 0; });
    tables_.clear();
    for (PlasticTable& t : plan.tables[0]) {
      // Weights and rows in the table's own (delivery) order: a source's
      // connections are contiguous, as the threads that walk them read them.
      Table d;
      d.model = t.model;
      d.row.assign(t.row.begin(), t.row.end());
      d.targets.assign(t.targets.begin(), t.targets.end());
      t.targets = {};  // on the device now; the host keeps row, conn and kernel_row
      d.host = std::move(t);
      tables_.push_back(std::move(d));
    }
    history_.remap(plan.archived, info.post_history_capacity);
    device_history_current_ = false;  // the host copy is the current one now
    uploaded_ = false;
    history_.n_incoming = std::move(plan.n_incoming);
    history_.max_delay = std::move(plan.max_delay_ms);
    slot_of = std::move(plan.slot_of);
    clopath_.build(plan.clopath_archived, std::move(plan.clopath_n_incoming), static_cast<std::uint32_t>(info.max_delay) + 1,
                   delay_steps);
    clopath_slot_of = std::move(plan.clopath_slot_of);
    // Neurons' spikes are unrolled into copies, devices' are not (roles change
    // only with new nodes, which rebuild the tables).
    std::vector<std::uint8_t> unroll(info.roles->size(), 0);
    for (std::size_t g = 0; g < unroll.size(); ++g) unroll[g] = (*info.roles)[g] == NodeRole::neuron ? 1 : 0;
    for (Gid g : info.unrolled_sources) unroll[static_cast<std::size_t>(g)] = 1;
    unroll_.assign(unroll.begin(), unroll.end());
  }

  // Copies in what the kernel holds (weights, rows, common parameters) and
  // the neurons' tau_minus (`tau(gid)` gives tau_minus, tau_minus_triplet).
  template <class Tau>
  void refresh(const PrepareInfo& info, Tau&& tau) {
    download_history();
    synapses_ = info.synapses;
    neuromodulators_ = info.neuromodulators;
    kernel_rows_ = info.synapse_rows;
    kernel_weights_ = info.connection_weights;
    common_.resize(info.synapses.size());
    // Weights and rows: only when the kernel's copy is newer (connections made
    // or set); otherwise the device holds what the last run learned.
    const bool upload = info.connections_changed || !uploaded_;
    for (Table& t : tables_) {
      if (upload) {
        std::vector<double> w, r;
        gather_table_values(t.host, info.connection_weights, (*info.synapse_rows)[static_cast<std::size_t>(t.model)], w, r);
        t.weights.assign(w.begin(), w.end());
        t.rows.assign(r.begin(), r.end());
      }
      const auto& common = info.synapses[static_cast<std::size_t>(t.model)].common;
      common_[static_cast<std::size_t>(t.model)].assign(common.begin(), common.end());
    }
    uploaded_ = true;
    for (std::size_t s = 0; s < history_.slots(); ++s) {
      const auto [tau_minus, tau_minus_triplet] = tau(history_.gids[s]);
      history_.tau_minus_inv[s] = 1.0 / tau_minus;
      history_.tau_minus_triplet_inv[s] = 1.0 / tau_minus_triplet;
    }
    upload_history();
    if (upload) synced_ = true;
  }

  PostHistory history_view(double min_delay_ms) {
    PostHistory h;
    h.entries = raw(entries_);
    h.head = raw(head_);
    h.count = raw(count_);
    h.Kminus = raw(Kminus_);
    h.Kminus_triplet = raw(Kminus_triplet_);
    h.last_spike = raw(last_spike_);
    h.n_incoming = raw(n_incoming_);
    h.max_delay = raw(max_delay_);
    h.tau_minus_inv = raw(tau_minus_inv_);
    h.tau_minus_triplet_inv = raw(tau_minus_triplet_inv_);
    h.capacity = history_.capacity;
    h.min_delay_ms = min_delay_ms;
    h.overflow = raw(overflow_);
    return h;
  }

  // The Clopath histories: their view, room for a slice of `steps`, an overflow.
  ClopathHistory clopath_view(double h_ms) { return clopath_.view(h_ms); }
  void clopath_make_room(std::uint32_t steps) { clopath_.make_room(steps); }
  Gid clopath_overflow() const { return clopath_.overflow(); }

  // The slice's spikes (host list, (step, gid) order) through every table.
  void deliver(const std::vector<SpikeEvent>& spikes, PlasticDeliveryContext ctx) {
    if (tables_.empty() || spikes.empty()) return;
    synced_ = false;
    std::vector<SpikeEvent> by_source(spikes);
    std::stable_sort(by_source.begin(), by_source.end(), [](const SpikeEvent& a, const SpikeEvent& b) { return a.gid < b.gid; });
    std::vector<std::uint64_t> run_begin;
    for (std::size_t i = 0; i < by_source.size(); ++i) {
      if (i == 0 || by_source[i].gid != by_source[i - 1].gid) run_begin.push_back(i);
    }
    const std::uint64_t n_runs = run_begin.size();
    run_begin.push_back(by_source.size());
    spikes_.assign(by_source.begin(), by_source.end());
    run_begin_.assign(run_begin.begin(), run_begin.end());
    for (Table& t : tables_) {
      std::vector<std::uint64_t> offsets(n_runs + 1, 0);
      std::uint64_t events = 0;
      const bool records = synapses_[static_cast<std::size_t>(t.model)].weight_recorder != 0;
      for (std::uint64_t r = 0; r < n_runs; ++r) {
        const auto g = static_cast<std::size_t>(by_source[run_begin[r]].gid);
        const std::uint64_t count = t.host.row[g + 1] - t.host.row[g];
        offsets[r + 1] = offsets[r] + count;
        if (records) {
          std::uint64_t calls = 0;
          for (std::uint64_t i = run_begin[r]; i < run_begin[r + 1]; ++i) calls += by_source[i].multiplicity;
          events += count * calls;
        }
      }
      const std::uint64_t work = offsets[n_runs];
      if (work == 0) continue;
      offsets_.assign(offsets.begin(), offsets.end());
      events_.resize(std::max<std::uint64_t>(events, 1));
      cursor_.assign(1, 0ull);
      const SynapseDeliverySpec& spec = synapses_[static_cast<std::size_t>(t.model)];
      PlasticLaunch l;
      l.spikes = raw(spikes_);
      l.run_begin = raw(run_begin_);
      l.offsets = raw(offsets_);
      l.n_runs = n_runs;
      l.work = work;
      l.row = raw(t.row);
      l.targets = raw(t.targets);
      l.unroll = raw(unroll_);
      l.group = group_view(t);
      l.ctx = ctx;
      l.record = ClaimEvent{raw(events_), raw(cursor_)};
      launchers_[static_cast<std::size_t>(spec.type)](l);
      if (records) {
        const auto n = static_cast<std::size_t>(static_cast<unsigned long long>(cursor_[0]));
        const std::size_t old = weight_events_.size();
        weight_events_.resize(old + n);
        thrust::copy(events_.begin(), events_.begin() + static_cast<std::ptrdiff_t>(n), weight_events_.begin() + static_cast<std::ptrdiff_t>(old));
      }
    }
  }

  // A volume_transmitter's hand-over at t_trig: every connection of the
  // tables whose model reads it, one thread each.
  void neuromodulate(int buffer, double t_trig, const PlasticDeliveryContext& ctx) {
    for (Table& t : tables_) {
      const SynapseDeliverySpec& spec = synapses_[static_cast<std::size_t>(t.model)];
      if (spec.neuromodulator != buffer || t.targets.empty()) continue;
      synced_ = false;
      neuromodulate_launchers_[static_cast<std::size_t>(spec.type)](raw(t.targets), t.targets.size(), group_view(t), ctx,
                                                                     t_trig);
    }
  }

  void drain(std::vector<WeightEvent>& out) {
    out.insert(out.end(), weight_events_.begin(), weight_events_.end());
    weight_events_.clear();
    std::stable_sort(out.begin(), out.end(), WeightEventOrder{});
  }

  // The learned weights and rows back into the kernel's arrays.
  void sync() {
    if (synced_ || kernel_rows_ == nullptr) return;
    for (Table& t : tables_) {
      std::vector<double> w(t.weights.size()), r(t.rows.size());
      thrust::copy(t.weights.begin(), t.weights.end(), w.begin());
      thrust::copy(t.rows.begin(), t.rows.end(), r.begin());
      scatter_table_values(t.host, w, r, kernel_weights_, (*kernel_rows_)[static_cast<std::size_t>(t.model)]);
    }
    synced_ = true;
  }

  Gid overflow() const {
    if (history_.slots() == 0) return 0;
    const std::int64_t slot = overflow_[0];
    return slot > 0 ? history_.gids[static_cast<std::size_t>(slot - 1)] : 0;
  }

  std::size_t device_bytes() const {
    std::size_t bytes = entries_.size() * sizeof(HistoryEntry) + clopath_.device_bytes();
    for (const Table& t : tables_) bytes += t.targets.size() * (sizeof(PlasticTarget) + sizeof(double)) + t.row.size() * 8;
    for (const Table& t : tables_) bytes += t.rows.size() * sizeof(double);
    return bytes;
  }

 private:
  struct Table {
    int model = -1;
    PlasticTable host;  // CSR rows, connection ids and kernel rows (targets: on the device only)
    Vec<std::uint64_t> row;
    Vec<PlasticTarget> targets;
    Vec<double> weights;
    Vec<double> rows;  // layout.width() doubles per target
    Vec<double> neuromod_t, neuromod_m;  // the volume_transmitter's spikes (neuromodulated models)
  };

  void upload_history() {
    entries_.assign(history_.entries.begin(), history_.entries.end());
    head_.assign(history_.head.begin(), history_.head.end());
    count_.assign(history_.count.begin(), history_.count.end());
    n_incoming_.assign(history_.n_incoming.begin(), history_.n_incoming.end());
    Kminus_.assign(history_.Kminus.begin(), history_.Kminus.end());
    Kminus_triplet_.assign(history_.Kminus_triplet.begin(), history_.Kminus_triplet.end());
    last_spike_.assign(history_.last_spike.begin(), history_.last_spike.end());
    max_delay_.assign(history_.max_delay.begin(), history_.max_delay.end());
    tau_minus_inv_.assign(history_.tau_minus_inv.begin(), history_.tau_minus_inv.end());
    tau_minus_triplet_inv_.assign(history_.tau_minus_triplet_inv.begin(), history_.tau_minus_triplet_inv.end());
    overflow_.assign(1, history_.overflow);
    device_history_current_ = true;
  }
  void download_history() {
    if (!device_history_current_ || history_.slots() == 0) return;
    thrust::copy(entries_.begin(), entries_.end(), history_.entries.begin());
    thrust::copy(head_.begin(), head_.end(), history_.head.begin());
    thrust::copy(count_.begin(), count_.end(), history_.count.begin());
    thrust::copy(Kminus_.begin(), Kminus_.end(), history_.Kminus.begin());
    thrust::copy(Kminus_triplet_.begin(), Kminus_triplet_.end(), history_.Kminus_triplet.begin());
    thrust::copy(last_spike_.begin(), last_spike_.end(), history_.last_spike.begin());
  }
  template <class T>
  static T* raw(Vec<T>& v) { return thrust::raw_pointer_cast(v.data()); }

  // A table as the delivery procedure sees it; a neuromodulated model gets its
  // volume_transmitter's spikes so far, uploaded here (a few per slice).
  PlasticGroupView group_view(Table& t) {
    const SynapseDeliverySpec& spec = synapses_[static_cast<std::size_t>(t.model)];
    PlasticGroupView g;
    g.weights = raw(t.weights);
    g.rows = t.rows.empty() ? nullptr : raw(t.rows);
    g.layout = spec.layout;
    g.common = raw(common_[static_cast<std::size_t>(t.model)]);
    g.records = spec.weight_recorder != 0;
    g.model = t.model;
    if (spec.neuromodulator >= 0) {
      const NeuromodulatorBuffer& b = (*neuromodulators_)[static_cast<std::size_t>(spec.neuromodulator)];
      t.neuromod_t.assign(b.t.begin(), b.t.end());
      t.neuromod_m.assign(b.multiplicity.begin(), b.multiplicity.end());
      g.neuromod = NeuromodulatorSpikes{raw(t.neuromod_t), raw(t.neuromod_m), static_cast<std::uint32_t>(b.t.size())};
    }
    return g;
  }

  std::vector<PlasticLaunchFn> launchers_ = plastic_launchers();
  std::vector<NeuromodulateLaunchFn> neuromodulate_launchers_ = neuromodulate_launchers();
  const std::vector<NeuromodulatorBuffer>* neuromodulators_ = nullptr;
  std::vector<Table> tables_;
  std::vector<Vec<double>> common_;  // by synapse registry id
  std::vector<SynapseDeliverySpec> synapses_;
  std::vector<SynapseRows>* kernel_rows_ = nullptr;
  double* kernel_weights_ = nullptr;
  bool synced_ = true;     // the kernel's weights and rows hold the device's values
  bool uploaded_ = false;  // the device holds the tables' weights and rows
  HistoryStore history_;  // host copy: carried over when the slots change
  DeviceClopath<Vec> clopath_;
  bool device_history_current_ = false;  // the device holds the newer history
  Vec<HistoryEntry> entries_;
  Vec<std::uint32_t> head_, count_, n_incoming_;
  Vec<double> Kminus_, Kminus_triplet_, last_spike_, max_delay_, tau_minus_inv_, tau_minus_triplet_inv_;
  Vec<std::int64_t> overflow_;
  Vec<std::uint8_t> unroll_;
  Vec<SpikeEvent> spikes_;
  Vec<std::uint64_t> run_begin_, offsets_;
  Vec<WeightEvent> events_;
  Vec<unsigned long long> cursor_;
  std::vector<WeightEvent> weight_events_;
};

}  // namespace roost::cuda
