// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// poisson_generator_ps (NEST 3.10): an independent Poisson train with dead
// time per target, its spike times off the grid. Each (generator, target)
// input keeps the stamp and offset of its next spike (two doubles of
// UpdateContext::stimulus_state); in each step of the window it sends the
// spikes stamped at the step's end and draws the interval to the next one
// (dead_time + an exponential of mean 1000/rate - dead_time), from the
// input's keyed stream of that step (poisson_stream_id, step), so any thread
// or rank count and both backends give the same trains. The first spike of a
// train is drawn at its first active step as NEST does at its first active
// slice: with probability dead_time * rate uniformly within the dead time,
// else dead_time + the exponential (the train's stationary start).
//
// Targets with precise input get each spike as an event with its offset;
// grid targets get the step's count at the end of the step, as NEST's grid
// neurons read a SpikeEvent's stamp only.

#include <cmath>
#include <cstdint>

#include "roost/devices.hpp"
#include "roost/error.hpp"
#include "roost/hd.hpp"
#include "roost/precise_events.hpp"
#include "roost/ring_buffer.hpp"
#include "roost/rng.hpp"
#include "roost/value.hpp"

namespace roost {

// Steps k from the start of an interval to the stamp of a time x >= 0 in it
// (x rounded up to the grid, NEST's Time::ms_stamp) and the offset k h - x.
ROOST_HD inline void ps_stamp(double x, double h, std::int64_t& k, double& offset) {
  k = static_cast<std::int64_t>(::ceil(x / h));
  if (static_cast<double>(k) * h < x) ++k;
  if (k > 0 && static_cast<double>(k - 1) * h >= x) --k;
  offset = static_cast<double>(k) * h - x;
}

// The spikes of one poisson_generator_ps -> neuron input in step n (stamp n + 1).
template <class M, class Pop, class Ctx, class In>
ROOST_HD void poisson_ps_input(const Pop& pop, const Ctx& ctx, const In& in, Index i, Step n) {
  const PoissonProgram& prog = ctx.poissons[in.program];
  if (!prog.window.contains(n + 1) || !(prog.mean_per_step > 0.0) || in.state < 0 || ctx.stimulus_state == nullptr) return;
  double* next = ctx.stimulus_state + in.state;  // [stamp of the next spike (-1: none drawn), its offset]
  RandomStream rng = (in.stream >> 32) == 0
                         ? RandomStream(ctx.poisson_key, in.stream, static_cast<std::uint64_t>(n))
                         : RandomStream(ctx.seed, RngPurpose::PoissonInput, in.stream, static_cast<std::uint64_t>(n));
  const double h = prog.h, dead = prog.dead_time, inv_rate = prog.inv_rate_ms;
  std::int64_t k;
  double offset;
  if (next[0] < 0.0) {
    double x;
    if (dead > 0.0 && rng.uniform() < dead * prog.mean_per_step / h) {
      x = rng.uniform() * dead;
    } else {
      x = inv_rate * rng.exponential() + dead;
    }
    ps_stamp(x, h, k, offset);
    next[0] = static_cast<double>(n + k);
    next[1] = offset;
  }
  bool precise = false;
  if constexpr (has_precise_input<M>()) precise = pop.precise_first >= 0 && ctx.precise.counts != nullptr;
  const Step slot = ctx.geometry.slot(n + in.delay);
  double count = 0.0;
  while (next[0] <= static_cast<double>(n + 1)) {
    if (precise) {
      double w = in.weight;
      if constexpr (repeats_events<M>()) w = in.channel == 0 ? 1.0 : 0.0;
      ctx.precise.push(slot, static_cast<std::uint64_t>(pop.precise_first + i), next[1], w,
                       [](unsigned long long* c) { return (*c)++; });  // the target's own step: no race
    } else {
      count += 1.0;
    }
    const double gap = -next[1] + inv_rate * rng.exponential() + dead;
    if (gap < 0.0) {
      next[1] = -gap;  // still the same stamp
    } else {
      ps_stamp(gap, h, k, offset);
      next[0] += static_cast<double>(k);
      next[1] = offset;
    }
  }
  if (count > 0.0) {
    const double value = M::counts_spikes ? count : count * in.weight;
    ctx.ring[ctx.geometry.index(slot, pop.buffer_offset + in.channel * pop.n + i)] += ring_value(value);
  }
}

// Host side.
inline void validate_poisson_ps(const Dict& p) {
  const double dead = as_double(p.at("dead_time"), "dead_time"), rate = as_double(p.at("rate"), "rate");
  if (dead < 0.0) throw Error(ErrorKind::BadProperty, "The dead time cannot be negative.");
  if (rate < 0.0) throw Error(ErrorKind::BadProperty, "The rate cannot be negative.");
  if (1000.0 / rate < dead) throw Error(ErrorKind::BadProperty, "The inverse rate cannot be smaller than the dead time.");
}

inline PoissonProgram make_poisson_ps(Gid gid, const Dict& p, double h) {
  PoissonProgram prog;
  prog.gid = gid;
  prog.kind = 7;  // rate_poisson_ps (devices_rate.hpp)
  const double rate = as_double(p.at("rate"), "rate");
  prog.mean_per_step = rate * h * 1e-3;
  prog.exp_minus_mean = ::exp(-prog.mean_per_step);
  prog.dead_time = as_double(p.at("dead_time"), "dead_time");
  prog.inv_rate_ms = rate > 0.0 ? 1000.0 / rate - prog.dead_time : INFINITY;
  prog.h = h;
  prog.window = exclusive_start_window(p, h);
  prog.state_size = 2;
  return prog;
}

// Room for one input's spikes in one step at a precise target: with dead
// time at most h / dead_time + 1; without, far beyond the Poisson tail
// (more is an error, never a silent loss: check_precise_overflow).
inline std::uint64_t poisson_ps_burst(const PoissonProgram& prog) {
  const double mean = prog.mean_per_step;
  double most = ::ceil(mean + 12.0 * ::sqrt(mean) + 12.0);
  if (prog.dead_time > 0.0) most = ::fmin(most, ::floor(prog.h / prog.dead_time) + 2.0);
  return static_cast<std::uint64_t>(most);
}

}  // namespace roost
