// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Functors of the CUDA backend's data-parallel steps. Thrust-only and ROOST_HD:
// nvcc runs them on the GPU, g++ on Thrust's OpenMP system (the emulated build
// that CI tests). They carry raw pointers into device memory.

#include <thrust/binary_search.h>
#include <thrust/execution_policy.h>

#include <cstdint>

#include "atomic.hpp"
#include "roost/backend.hpp"
#include "roost/neuron_update.hpp"

namespace roost::cuda {

template <class M>
struct CalibrateFunctor {
  ConstSoa<M::n_params> params;
  Soa<M::n_coef> coef;
  ListSoa<list_count<M>()> lists;
  ListSoa<coef_list_count<M>()> coef_lists;
  double h;
  ROOST_HD void operator()(Index i) const { calibrate_neuron<M>(i, params, coef, lists, coef_lists, h); }
};

// One step of one population; emitted[i] = spikes of neuron i in this step.
template <class M>
struct UpdateFunctor {
  PopulationView<M> pop;
  UpdateContext ctx;
  Step step;
  std::uint32_t* emitted;
  double* emitted_offset;  // the spike's offset, for models whose spikes carry one
  ROOST_HD void operator()(Index i) const {
    emitted[i] = static_cast<std::uint32_t>(update_neuron(pop, ctx, i, step));
    if constexpr (spike_offset_field<M>() >= 0) emitted_offset[i] = pop.state.col[spike_offset_field<M>()][i];
  }
};

struct IsNonzero {
  ROOST_HD bool operator()(std::uint32_t x) const { return x != 0; }
};

// Number of connections of a spike's source in one delivery table.
struct RowLength {
  const std::uint64_t* row;
  ROOST_HD std::uint64_t operator()(const SpikeEvent& e) const { return row[e.gid + 1] - row[e.gid]; }
};

// Thread per (spike, connection) pair: k indexes the concatenation of the
// spikes' rows; offsets is the exclusive scan of the row lengths.
struct DeliverFunctor {
  const SpikeEvent* spikes;
  const std::uint64_t* offsets;
  std::uint64_t n_spikes;
  const std::uint64_t* row;
  const std::uint32_t* buffer_index;
  const std::int32_t* delay;
  const double* weight;
  int kind;  // DeliveryKind
  RingCell* ring;
  RingGeometry geometry;
  ROOST_HD void operator()(std::uint64_t k) const {
    const std::uint64_t s =
        static_cast<std::uint64_t>(thrust::upper_bound(thrust::seq, offsets, offsets + n_spikes, k) - offsets) - 1;
    const SpikeEvent& e = spikes[s];
    const std::uint64_t c = row[e.gid] + (k - offsets[s]);
    const double value = delivered_input(kind, kind == counting_delivery ? 0.0 : weight[c], e);
    atomic_add(ring + geometry.index(geometry.slot_after(geometry.slot(e.step), delay[c]), buffer_index[c]), ring_value(value));
  }
};

// The same pairs for the precise-input models' table: each appends an
// (offset, weight) event to its target's block (precise_events.hpp),
// claiming the place atomically.
struct PreciseDeliverFunctor {
  const SpikeEvent* spikes;
  const std::uint64_t* offsets;
  std::uint64_t n_spikes;
  const std::uint64_t* row;
  const std::uint32_t* target;
  const std::int32_t* delay;
  const double* weight;
  PreciseEventView events;
  RingGeometry geometry;
  ROOST_HD void operator()(std::uint64_t k) const {
    const std::uint64_t s =
        static_cast<std::uint64_t>(thrust::upper_bound(thrust::seq, offsets, offsets + n_spikes, k) - offsets) - 1;
    const SpikeEvent& e = spikes[s];
    const std::uint64_t c = row[e.gid] + (k - offsets[s]);
    events.push(geometry.slot_after(geometry.slot(e.step), delay[c]), target[c], e.offset,
                weight[c] * e.weight_scale * static_cast<double>(e.multiplicity),
                [](unsigned long long* counter) { return atomic_claim(counter); });
  }
};

// Thread per rate connection (rate_transmission.hpp); targets shared by
// several connections are added to atomically.
struct RingAtomicAdd {
  ROOST_HD void operator()(RingCell* cell, double value) const { atomic_add(cell, ring_value(value)); }
};
struct RateDeliverFunctor {
  RateTableView table;
  RateDeliveryContext ctx;
  ROOST_HD void operator()(std::uint64_t k) const {
    deliver_rate_connection(table, static_cast<std::size_t>(k), ctx, RingAtomicAdd{});
  }
};

// step_rate_generators' rates into the rate blocks: pairs[2g] is the current
// program of generator g, pairs[2g + 1] its rate index.
struct GeneratorRateFunctor {
  const double* values;  // [program * length + lag]
  std::int64_t length;
  const std::int64_t* pairs;
  double* blocks;
  RateBlockLayout layout;
  const StampWindow* windows;  // per program
  Step from;
  ROOST_HD void operator()(std::uint64_t k) const {
    const auto g = static_cast<std::int64_t>(k) / length, lag = static_cast<std::int64_t>(k) % length;
    double* block = blocks + pairs[2 * g + 1] * layout.width();
    block[layout.sent(lag)] = values[pairs[2 * g] * length + lag];
    if (lag == 0) block[layout.instant()] = rate_generator_mark(windows[pairs[2 * g]], from, from + length);
  }
};

// Waveform relaxation's change of a block value since the last iteration,
// and the copy that the next iteration compares with (0 after a slice).
struct BlockChangeFunctor {
  const double* current;
  const double* previous;
  RateBlockLayout layout;
  ROOST_HD double operator()(std::uint64_t k) const {
    return layout.is_relaxed(static_cast<std::int64_t>(k)) ? ::fabs(current[k] - previous[k]) : 0.0;
  }
};
struct KeepBlockFunctor {
  const double* current;
  double* previous;
  bool keep;
  ROOST_HD void operator()(std::uint64_t k) const { previous[k] = keep ? current[k] : 0.0; }
};

// The slice's neuron spikes as events: k-th compacted (lag * n + position, count).
struct SpikeEventFunctor {
  const std::uint64_t* index;
  const std::uint32_t* count;
  const Gid* gid_of_position;
  const double* emitted_offset;  // nullptr: no model sends offsets
  std::uint64_t n_neurons;
  Step from;
  SpikeEvent* out;
  ROOST_HD void operator()(std::uint64_t k) const {
    const std::uint64_t position = index[k] % n_neurons;
    out[k] = SpikeEvent{gid_of_position[position], from + static_cast<Step>(index[k] / n_neurons), count[k], 1.0,
                        emitted_offset != nullptr ? emitted_offset[index[k]] : 0.0};
  }
};

// Current generators' values for a slice: k = program * length + (step - from).
struct CurrentValuesFunctor {
  const std::uint64_t* begin;  // per program: first change in the flat arrays (size programs + 1)
  const Step* change_stamp;
  const double* amplitude;
  const StampWindow* window;
  Step from;
  Step length;
  double* out;
  const SineCurrent* sine = nullptr;  // per program (ac_generator); nullptr: none
  ROOST_HD void operator()(std::uint64_t k) const {
    const std::uint64_t p = k / static_cast<std::uint64_t>(length);
    const Step stamp = from + static_cast<Step>(k % static_cast<std::uint64_t>(length)) + 1;
    out[k] = current_at(change_stamp + begin[p], amplitude + begin[p], begin[p + 1] - begin[p], window[p], stamp);
    if (sine != nullptr) out[k] += sine_current_at(sine[p], window[p], stamp);
  }
};

// Copies record_from fields of sampled neurons: k = target * width + field.
struct SampleFunctor {
  const double* fields;  // the population's fields, column-major
  Index n;
  const Index* locals;
  const std::int32_t* field_index;
  std::int32_t width;
  double* out;
  ROOST_HD void operator()(Index k) const {
    const Index target = k / width;
    const std::int32_t f = field_index[k % width];
    out[k] = fields[f * n + locals[target]];
  }
};

}  // namespace roost::cuda
