// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Device side of the plastic delivery: one thread per (presynaptic source that
// spiked in the slice, connection of a table), walking that source's spikes in
// time order through roost/plastic_delivery.hpp, the procedure the CPU runs.

#include <thrust/binary_search.h>
#include <thrust/execution_policy.h>

#include "atomic.hpp"
#include "roost/backend.hpp"
#include "roost/plastic_delivery.hpp"

namespace roost::cuda {

struct AtomicRingAdd {
  RingCell* ring;
  ROOST_HD void operator()(std::size_t cell, double value) const { atomic_add(ring + cell, ring_value(value)); }
};

// weight_recorder events into a buffer sized for the slice's upper bound.
struct ClaimEvent {
  WeightEvent* events;
  unsigned long long* cursor;
  ROOST_HD void operator()(const WeightEvent& e) const { events[atomic_claim(cursor)] = e; }
};

template <class S>
struct PlasticDeliverFunctor {
  const SpikeEvent* spikes;        // the slice's spikes, sorted by (gid, step)
  const std::uint64_t* run_begin;  // per source run: its first spike; [n_runs] = number of spikes
  const std::uint64_t* offsets;    // per run: its first work item
  std::uint64_t n_runs;
  const std::uint64_t* row;        // the table's CSR by source gid
  const PlasticTarget* targets;
  const std::uint8_t* unroll;      // per gid: 1 for neurons (spikes unrolled into copies)
  PlasticGroupView group;
  PlasticDeliveryContext ctx;
  ClaimEvent record;

  ROOST_HD void operator()(std::uint64_t k) const {
    const std::uint64_t r =
        static_cast<std::uint64_t>(thrust::upper_bound(thrust::seq, offsets, offsets + n_runs, k) - offsets) - 1;
    const Gid gid = spikes[run_begin[r]].gid;
    const auto index = static_cast<std::int64_t>(row[gid] + (k - offsets[r]));
    const PlasticTarget& t = targets[index];
    for (std::uint64_t i = run_begin[r]; i < run_begin[r + 1]; ++i) {
      const SpikeEvent& e = spikes[i];
      deliver_plastic<S>(group, t, index, ctx, e.gid, e.step, e.multiplicity, e.weight_scale, unroll[gid] != 0,
                         AtomicRingAdd{ctx.ring}, record);
    }
  }
};

// One thread per connection of a table: a volume_transmitter's hand-over.
template <class S>
struct NeuromodulateFunctor {
  const PlasticTarget* targets;
  PlasticGroupView group;
  PlasticDeliveryContext ctx;
  double t_trig;
  ROOST_HD void operator()(std::uint64_t k) const {
    neuromodulate_plastic<S>(group, targets[k], static_cast<std::int64_t>(k), ctx, t_trig);
  }
};

}  // namespace roost::cuda
