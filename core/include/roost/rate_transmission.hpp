// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Rate connections (NEST's secondary events DelayedRateConnectionEvent and
// InstantaneousRateConnectionEvent), written once for every backend.
//
// In each update [from, to) every rate node writes its block in the rate
// blocks, a dense array over all rate nodes of the network (index = the
// node's rank among the rate nodes, by gid), width 2L + 1 for slices of L
// steps: value k < to - from is what it sends for step from + k through
// rate_connection_delayed, value L + k its rate after that step (what
// waveform relaxation checks for convergence, as NEST), the last value
// (rate_instant_slot) what it sends through rate_connection_instantaneous at
// the end of the update. After the update
// (and, with several ranks, an exchange of the blocks) each connection adds
// weight * value into its target's ring cell:
//  - delayed, delay d: the value of step n is read by the target in step n + d;
//    from a step_rate_generator (a device: its own blocks, filled and
//    delivered before the update) in step n + d - min_delay, as in NEST;
//  - instantaneous (NEST without waveform relaxation): the end value is read
//    in each of the next (to - from) steps, i.e. the steps n + L for n in
//    [from, to) with L the min-delay slice length.
// A target that sums non-linearly (linear_summation = false) takes
// weight * input(value) with its own gain function instead (NEST's handle()).
// With waveform relaxation (RateDelivery) instantaneous connections feed
// separate instant cells instead, within the slice.

#include <cstdint>
#include <vector>

#include "roost/devices.hpp"
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

// How rate connections are delivered after an update:
//  - step_late: no waveform relaxation (NEST's use_wfr = false): delayed into
//    the ring at n + delay, instantaneous into the ring one slice later;
//  - wfr_iteration: one waveform-relaxation iteration: only instantaneous
//    connections, the value of step n into the instant cells of the same
//    step (read by the next iteration and by the final update);
//  - wfr_final: after the final update of a slice: delayed into the ring,
//    instantaneous (the end value) into the instant cells of every step of
//    the next slice, the first guess of its iterations.
enum class RateDelivery : int { step_late, wfr_iteration, wfr_final };

// Everything a delivery needs besides the table.
struct RateDeliveryContext {
  const double* blocks = nullptr;  // [rate index * width + k]
  std::int64_t width = 3;          // values per node: 2L + 1 (rate_block_width)
  const models::RateGain* gains = nullptr;  // by rate index
  const std::uint8_t* nonlinear = nullptr;  // by rate index: 1 = the target sums non-linearly
  RingCell* ring = nullptr;
  RingGeometry geometry;
  Step from = 0, to = 1;
  Step slice_length = 1;  // L, the min-delay slice
  RateDelivery mode = RateDelivery::step_late;
  // Waveform relaxation: one ring slot per step of a slice (index step % L),
  // the instantaneous input of the rate models.
  RingCell* instant = nullptr;
};

// A source that sends nothing in this update (NEST's step_rate_generator
// outside its window for a whole slice) marks its instant slot with NaN; it
// has delayed connections only, which then add nothing (not even a gain of 0).
ROOST_HD inline bool is_nan(double x) { return x != x; }  // std::isnan is not device code
ROOST_HD inline double rate_generator_mark(StampWindow window, Step from, Step to) {
  return window.first_stamp <= to && window.last_stamp >= from + 1 ? 0.0 : ::nan("");
}

// The values per node for slices of L steps, and the one that holds the
// instantaneous (end-of-update) value.
ROOST_HD inline std::int64_t rate_block_width(Step slice_length) { return 2 * slice_length + 1; }
ROOST_HD inline std::int64_t rate_instant_slot(std::int64_t width) { return width - 1; }
// Whether value k of the block array is a rate after a step (checked for convergence).
ROOST_HD inline bool is_relaxed_rate(std::int64_t k, std::int64_t width) {
  const std::int64_t j = k % width, L = (width - 1) / 2;
  return j >= L && j < 2 * L;
}

// Connection k of `table`: calls add(cell, value) for each cell it feeds (a
// ring cell, or an instant cell in waveform relaxation). The CPU backend adds
// plainly (a thread owns its targets' cells), the CUDA backend atomically.
template <class Add>
ROOST_HD void deliver_rate_connection(const RateTableView& table, std::size_t k, const RateDeliveryContext& ctx,
                                      Add&& add) {
  const double* block = ctx.blocks + static_cast<std::int64_t>(table.source[k]) * ctx.width;
  const double w = table.weight[k];
  const std::int32_t g = table.gain[k];
  const bool instantaneous = table.delay[k] == kInstantaneousRate;
  auto weighted = [&](double rate) {
    return w * (g >= 0 && ctx.nonlinear[g] != 0 ? models::rate_gain_input(ctx.gains[g], rate) : rate);
  };
  const double end_value = block[rate_instant_slot(ctx.width)];
  if (is_nan(end_value)) return;  // not sent this update (rate_generator_mark)
  const auto slot_size = static_cast<std::int64_t>(ctx.geometry.slot_size);
  if (ctx.mode == RateDelivery::step_late || !instantaneous) {
    if (ctx.mode == RateDelivery::wfr_iteration) return;  // delayed rates are sent once, after the final update
    const Step shift = instantaneous ? ctx.slice_length : table.delay[k];
    for (Step n = ctx.from; n < ctx.to; ++n) {
      const double rate = instantaneous ? end_value : block[n - ctx.from];
      add(ctx.ring + ctx.geometry.index(ctx.geometry.slot(n + shift), table.buffer_index[k]), weighted(rate));
    }
  } else if (ctx.mode == RateDelivery::wfr_iteration) {
    for (Step n = ctx.from; n < ctx.to; ++n) {
      add(ctx.instant + (n % ctx.slice_length) * slot_size + table.buffer_index[k], weighted(block[n - ctx.from]));
    }
  } else {
    const double value = weighted(end_value);
    for (Step lag = 0; lag < ctx.slice_length; ++lag) add(ctx.instant + lag * slot_size + table.buffer_index[k], value);
  }
}

}  // namespace roost
