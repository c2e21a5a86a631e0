// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Rate connections (NEST's secondary events DelayedRateConnectionEvent and
// InstantaneousRateConnectionEvent), written once for every backend.
//
// In each update [from, to) every rate node writes its block in the rate
// blocks, a dense array over all rate nodes of the network (index = the
// node's rank among the rate nodes, by gid): value k < to - from is what it
// sends for step from + k through rate_connection_delayed, the last value
// (index kRateInstantSlot(width)) what it sends through
// rate_connection_instantaneous at the end of the update. After the update
// (and, with several ranks, an exchange of the blocks) each connection adds
// weight * value into its target's ring cell:
//  - delayed, delay d: the value of step n is read by the target in step n + d;
//  - instantaneous (NEST without waveform relaxation): the end value is read
//    in each of the next (to - from) steps, i.e. the steps n + L for n in
//    [from, to) with L the min-delay slice length.
// A target that sums non-linearly (linear_summation = false) takes
// weight * input(value) with its own gain function instead (NEST's handle()).

#include <cstdint>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/rate_nonlinearities.hpp"
#include "roost/ring_buffer.hpp"

namespace roost {

// Rate connections of one partition (the targets one CPU thread owns; CUDA:
// all), in creation order.
struct RateTable {
  std::vector<std::uint32_t> source;        // rate index of the source
  std::vector<std::uint32_t> buffer_index;  // the target's channel cell in a ring slot
  std::vector<std::int32_t> delay;          // steps; kInstantaneousRate: instantaneous
  std::vector<double> weight;
  std::vector<std::int32_t> gain;           // the target's rate index (its gain, and whether it applies)
  std::size_t size() const { return source.size(); }
};
inline constexpr std::int32_t kInstantaneousRate = -1;

// A rate table as raw pointers (for a device functor).
struct RateTableView {
  const std::uint32_t* source;
  const std::uint32_t* buffer_index;
  const std::int32_t* delay;
  const double* weight;
  const std::int32_t* gain;
};

// Everything a delivery needs besides the table.
struct RateDeliveryContext {
  const double* blocks = nullptr;  // [rate index * width + k]
  std::int64_t width = 2;          // values per node: the slice length L + 1
  const models::RateGain* gains = nullptr;  // by rate index
  const std::uint8_t* nonlinear = nullptr;  // by rate index: 1 = the target sums non-linearly
  RingCell* ring = nullptr;
  RingGeometry geometry;
  Step from = 0, to = 1;
  Step slice_length = 1;  // L, the min-delay slice
};

// The slot of a block that holds the instantaneous (end-of-update) value.
ROOST_HD inline std::int64_t rate_instant_slot(std::int64_t width) { return width - 1; }

// Connection k of `table`: calls add(ring index, value) for each step it
// feeds. The CPU backend adds plainly (a thread owns its targets' cells), the
// CUDA backend atomically.
template <class Add>
ROOST_HD void deliver_rate_connection(const RateTableView& table, std::size_t k, const RateDeliveryContext& ctx,
                                      Add&& add) {
  const double* block = ctx.blocks + static_cast<std::int64_t>(table.source[k]) * ctx.width;
  const double w = table.weight[k];
  const std::int32_t g = table.gain[k];
  const bool instantaneous = table.delay[k] == kInstantaneousRate;
  const Step shift = instantaneous ? ctx.slice_length : table.delay[k];
  const double instant_value = block[rate_instant_slot(ctx.width)];
  for (Step n = ctx.from; n < ctx.to; ++n) {
    const double rate = instantaneous ? instant_value : block[n - ctx.from];
    const double value = ctx.nonlinear[g] != 0 ? models::rate_gain_input(ctx.gains[g], rate) : rate;
    add(ctx.geometry.index(ctx.geometry.slot(n + shift), table.buffer_index[k]), w * value);
  }
}

}  // namespace roost
