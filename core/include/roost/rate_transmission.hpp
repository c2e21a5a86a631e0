// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Rate connections and gap junctions (NEST's secondary events
// DelayedRateConnectionEvent, InstantaneousRateConnectionEvent and
// GapJunctionEvent), written once for every backend.
//
// In each update [from, to) every rate node and gap-junction neuron writes its
// block in the rate blocks, a dense array over all such nodes of the network
// (index = the node's rank among them, by gid). For slices of L steps and S
// values sent per step (RateBlockLayout: S = 1 for rates, the interpolation
// order + 1 when gap junctions exist) a block holds S * L sent values (value
// j of step from + k at k * S + j: for a rate node what it sends through
// rate_connection_delayed; for a gap-junction neuron the coefficients of its
// membrane potential's interpolation over the step, NEST's coeffarray), then
// L values after each step (what waveform relaxation checks for convergence,
// as NEST: a rate, a membrane potential), then the end-of-update value
// (instant slot: what rate_connection_instantaneous sends).
// After the update
// (and, with several ranks, an exchange of the blocks) each connection adds
// weight * value into its target's ring cell:
//  - delayed, delay d: the value of step n is read by the target in step n + d;
//    from a step_rate_generator (a device: its own blocks, filled and
//    delivered before the update) in step n + d - min_delay, as in NEST;
//  - instantaneous (NEST without waveform relaxation): the end value is read
//    in each of the next (to - from) steps, i.e. the steps n + L for n in
//    [from, to) with L the min-delay slice length;
//  - gap junction, weight g: adds g to the target's gap channel and g * c_j
//    to the one after it for each coefficient c_j (gap_junction_common.hpp),
//    like an instantaneous connection (one slice late without waveform
//    relaxation; the final update sends its end potential as every step's
//    constant term, NEST's constant extrapolation).
// A target that sums non-linearly (linear_summation = false) takes
// weight * input(value) with its own gain function instead (NEST's handle()).
// With waveform relaxation (RateDelivery) instantaneous connections and gap
// junctions feed separate instant cells instead, within the slice.

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
  std::vector<std::int32_t> delay;          // steps; kInstantaneousRate, kGapJunctionDelay
  std::vector<double> weight;
  std::vector<std::int32_t> gain;           // the target's rate index (its gain, and whether it applies)
  std::vector<std::uint32_t> channel_stride;  // gap junctions: from one of the target's channels to the next
  std::size_t size() const { return source.size(); }
};
inline constexpr std::int32_t kInstantaneousRate = -1;
inline constexpr std::int32_t kGapJunctionDelay = -2;

// A rate table as raw pointers (for a device functor).
struct RateTableView {
  const std::uint32_t* source;
  const std::uint32_t* buffer_index;
  const std::int32_t* delay;
  const double* weight;
  const std::int32_t* gain;
  const std::uint32_t* channel_stride;
};

// Where each value lies in a node's block (see the top of this file).
struct RateBlockLayout {
  std::int64_t slice = 1;     // L, the min-delay slice
  std::int64_t per_step = 1;  // S, values sent per step
  ROOST_HD std::int64_t width() const { return (per_step + 1) * slice + 1; }
  ROOST_HD std::int64_t sent(std::int64_t k, std::int64_t j = 0) const { return k * per_step + j; }
  ROOST_HD std::int64_t relaxed(std::int64_t k) const { return per_step * slice + k; }
  ROOST_HD std::int64_t instant() const { return width() - 1; }
  // Whether value `index` of the whole block array is checked for convergence.
  ROOST_HD bool is_relaxed(std::int64_t index) const {
    const std::int64_t j = index % width();
    return j >= per_step * slice && j < width() - 1;
  }
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
  const double* blocks = nullptr;  // [rate index * layout.width() + k]
  RateBlockLayout layout;
  const models::RateGain* gains = nullptr;  // by rate index
  const std::uint8_t* nonlinear = nullptr;  // by rate index: 1 = the target sums non-linearly
  RingCell* ring = nullptr;
  RingGeometry geometry;
  Step from = 0, to = 1;
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

// Gap junction k of `table` (deliver_rate_connection): the weight into the
// target's gap channel, weight * coefficient j into the channel j + 1 after it.
template <class Add>
ROOST_HD void deliver_gap_junction(const RateTableView& table, std::size_t k, const RateDeliveryContext& ctx,
                                   const double* block, Add&& add) {
  const double g = table.weight[k];
  const std::uint32_t stride = table.channel_stride[k];
  const auto slot_size = static_cast<std::int64_t>(ctx.geometry.slot_size);
  for (Step n = ctx.from; n < ctx.to; ++n) {
    RingCell* cells = ctx.mode == RateDelivery::step_late
                          ? ctx.ring + ctx.geometry.index(ctx.geometry.slot(n + ctx.layout.slice), table.buffer_index[k])
                          : ctx.instant + (n % ctx.layout.slice) * slot_size + table.buffer_index[k];
    add(cells, g);
    for (std::int64_t j = 0; j < ctx.layout.per_step; ++j) {
      add(cells + (j + 1) * stride, g * block[ctx.layout.sent(n - ctx.from, j)]);
    }
  }
}

// Connection k of `table`: calls add(cell, value) for each cell it feeds (a
// ring cell, or an instant cell in waveform relaxation). The CPU backend adds
// plainly (a thread owns its targets' cells), the CUDA backend atomically.
template <class Add>
ROOST_HD void deliver_rate_connection(const RateTableView& table, std::size_t k, const RateDeliveryContext& ctx,
                                      Add&& add) {
  const RateBlockLayout& layout = ctx.layout;
  const double* block = ctx.blocks + static_cast<std::int64_t>(table.source[k]) * layout.width();
  if (table.delay[k] == kGapJunctionDelay) {
    deliver_gap_junction(table, k, ctx, block, add);
    return;
  }
  const double w = table.weight[k];
  const std::int32_t g = table.gain[k];
  const bool instantaneous = table.delay[k] == kInstantaneousRate;
  auto weighted = [&](double rate) {
    return w * (g >= 0 && ctx.nonlinear[g] != 0 ? models::rate_gain_input(ctx.gains[g], rate) : rate);
  };
  const double end_value = block[layout.instant()];
  if (is_nan(end_value)) return;  // not sent this update (rate_generator_mark)
  const auto slot_size = static_cast<std::int64_t>(ctx.geometry.slot_size);
  if (ctx.mode == RateDelivery::step_late || !instantaneous) {
    if (ctx.mode == RateDelivery::wfr_iteration) return;  // delayed rates are sent once, after the final update
    const Step shift = instantaneous ? layout.slice : table.delay[k];
    for (Step n = ctx.from; n < ctx.to; ++n) {
      const double rate = instantaneous ? end_value : block[layout.sent(n - ctx.from)];
      add(ctx.ring + ctx.geometry.index(ctx.geometry.slot(n + shift), table.buffer_index[k]), weighted(rate));
    }
  } else if (ctx.mode == RateDelivery::wfr_iteration) {
    for (Step n = ctx.from; n < ctx.to; ++n) {
      add(ctx.instant + (n % layout.slice) * slot_size + table.buffer_index[k],
          weighted(block[layout.sent(n - ctx.from)]));
    }
  } else {
    const double value = weighted(end_value);
    for (Step lag = 0; lag < layout.slice; ++lag) add(ctx.instant + lag * slot_size + table.buffer_index[k], value);
  }
}

}  // namespace roost
