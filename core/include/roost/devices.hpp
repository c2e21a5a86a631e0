// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Devices: stimulation generators and recorders. Their parameters live in the
// core as dictionaries (validated here); at prepare() each generator becomes a
// plain "program" in simulation steps that any backend can run.
//
// Time conventions (NEST 3.10, see shared/reference/nest/README.md 1.3):
// step n advances the state from n*h to (n+1)*h; whatever happens in step n is
// stamped (n+1)*h. A spike stamped s with delay d is read by the target in step
// s-1+d. Windows come from origin/start/stop:
//  - spike emitters (spike_generator, poisson_generator): stamps in (start, stop];
//  - current generators (dc, step_current): stamps in [start, stop);
//  - recorders: stamps in (start, stop].

#include <cmath>
#include <cstdint>
#include <limits>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/model_registry.hpp"
#include "roost/value.hpp"

namespace roost {

inline constexpr Step kNever = std::numeric_limits<Step>::max() / 4;

// The default parameter dictionary of a device kind (types define what is accepted).
Dict device_defaults(DeviceKind kind);

// Checks a device's complete parameter dictionary; throws BadProperty naming
// the problem. `resolution` is needed for on-grid checks.
void validate_device_params(DeviceKind kind, const Dict& params, double resolution);

// Window of a device in stamps: first_stamp <= stamp <= last_stamp.
struct StampWindow {
  Step first_stamp = 1;
  Step last_stamp = kNever;
  ROOST_HD bool contains(Step stamp) const { return first_stamp <= stamp && stamp <= last_stamp; }
};

// (origin+start, origin+stop] in stamps, for spike emitters and recorders.
StampWindow exclusive_start_window(const Dict& params, double resolution);
// [origin+start, origin+stop) in stamps, for current generators.
StampWindow inclusive_start_window(const Dict& params, double resolution);

// spike_generator as emissions: in step emission_step[k] (stamp +1) it sends one
// event of multiplicity[k] whose weight is scaled by weight_scale[k].
struct SpikeTrainProgram {
  Gid gid = 0;
  std::vector<Step> emission_step;
  std::vector<std::uint32_t> multiplicity;
  std::vector<double> weight_scale;
  // precise_times=True: each spike's offset before its stamp (NEST's
  // spike_offsets_); empty: all on the grid.
  std::vector<double> offset;
  double offset_at(std::size_t k) const { return offset.empty() ? 0.0 : offset[k]; }
};
// `now`: the first step still to be simulated. With shift_now_spikes, a spike
// stamped exactly now (too late to be emitted) moves one step later, as in NEST.
// tics_per_ms: the kernel's, for precise_times (NEST's Time::ms_stamp).
SpikeTrainProgram make_spike_train(Gid gid, const Dict& params, double resolution, Step now = 0,
                                   double tics_per_ms = 1000.0);

// poisson_generator: an independent Poisson count with mean rate*h per target
// and step, for stamps inside the window.
struct PoissonProgram {
  Gid gid = 0;
  double mean_per_step = 0.0;
  double exp_minus_mean = 1.0;  // exp(-mean_per_step), for the sampler
  StampWindow window;
  // The rate-modulated and renewal generators (devices_rate.hpp) are
  // PoissonPrograms too: kind != 0 names the process, rate_row its row of
  // per-step values (UpdateContext::rate_values), state_size the doubles of
  // state each (generator, target) input keeps.
  std::int32_t kind = 0;  // RateKind; 0: poisson_generator
  std::int32_t rate_row = -1;
  std::int32_t state_size = 0;
  std::int32_t shape = 0;        // gamma_sup: gamma_shape; ppd_sup: dead-time bins
  double p_copy = 1.0;           // mip_generator
  double order = 1.0;            // sinusoidal_gamma_generator
  double n_proc = 1.0;           // gamma_sup / ppd_sup: component processes
  double init_occupation = 0.0;  // gamma_sup / ppd_sup: initial occupation of each bin
  double dead_time = 0.0;        // poisson_generator_ps (ms)
  double inv_rate_ms = 0.0;      // poisson_generator_ps: 1000/rate - dead_time (ms)
  double h = 0.0;                // poisson_generator_ps: the resolution (ms)
};
PoissonProgram make_poisson(Gid gid, const Dict& params, double resolution);

// Names the Poisson stream of one generator -> target connection: the target's
// gid and the connection's ordinal among the target's Poisson inputs in
// creation order. All of a target's inputs live on its rank, in creation order,
// so the id (and the train) is the same for any rank and thread count. Drawn
// as RandomStream(seed, PoissonInput, id, step).
ROOST_HD inline std::uint64_t poisson_stream_id(Gid target, std::uint32_t ordinal) {
  return static_cast<std::uint64_t>(target) | (static_cast<std::uint64_t>(ordinal) << 32);
}

// dc_generator / step_current_generator: a piecewise-constant current. The value
// at stamp s is amplitude[k] for the last k with change_stamp[k] <= s (0 before
// the first change), and 0 outside the window.
// ac_generator's term of a CurrentProgram: offset + amplitude * sin(omega t +
// phase) at stamp t (t = stamp * h in ms, omega in rad/ms), inside the window.
struct SineCurrent {
  double amplitude = 0.0, offset = 0.0, omega = 0.0, phase = 0.0, h = 0.1;
  bool on = false;
};
ROOST_HD inline double sine_current_at(const SineCurrent& s, StampWindow window, Step stamp) {
  if (!s.on || !window.contains(stamp)) return 0.0;
  return s.offset + s.amplitude * ::sin(s.omega * (static_cast<double>(stamp) * s.h) + s.phase);
}

struct CurrentProgram {
  Gid gid = 0;
  std::vector<Step> change_stamp;
  std::vector<double> amplitude;
  StampWindow window;
  SineCurrent sine;  // ac_generator (off for dc and step_current)
  // step_rate_generator: its generator index (rate_transmission.hpp), -1 for current generators.
  std::int64_t rate_index = -1;
  double at(Step stamp) const;
};
CurrentProgram make_current(Gid gid, DeviceKind kind, const Dict& params, double resolution);

// CurrentProgram::at over raw arrays (n changes), for host and device.
ROOST_HD inline double current_at(const Step* change_stamp, const double* amplitude, std::size_t n,
                                  StampWindow window, Step stamp) {
  if (!window.contains(stamp)) return 0.0;
  std::size_t lo = 0, hi = n;  // first change after stamp
  while (lo < hi) {
    const std::size_t mid = lo + (hi - lo) / 2;
    if (change_stamp[mid] <= stamp) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo == 0 ? 0.0 : amplitude[lo - 1];
}

// Converts a time in ms to steps, demanding that it lies on the grid
// (within 1e-9 relative tolerance); throws BadProperty naming `what`.
Step on_grid_steps(double t_ms, double resolution, const char* what);

}  // namespace roost
