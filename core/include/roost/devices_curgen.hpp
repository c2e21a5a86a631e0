// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// NEST's ac_generator, noise_generator, pulsepacket_generator and
// spike_train_injector (NEST 3.10 names, parameters, defaults and semantics).
//
//  - ac_generator: a sine current, a CurrentProgram with a SineCurrent term:
//    offset + amplitude * sin(2 pi f t + phase) at stamp t inside [start, stop).
//  - noise_generator: one amplitude per (generator, target) connection, redrawn
//    every dt while active and held in between (NoiseProgram, a third kind of
//    StimulusInput). Drawn as RandomStream(seed, NoiseCurrent, stream, interval):
//    stream = noise_stream_id(target, ordinal among the target's noise inputs),
//    so the input is the same for any thread count, rank count and backend.
//  - pulsepacket_generator: one spike train per generator (all targets get the
//    same spikes), made at prepare as a SpikeTrainProgram; the spikes of pulse k
//    are drawn from RandomStream(seed, PulsePacket, gid, k).
//  - spike_train_injector: NEST's neuron-like spike source; Roost runs it as a
//    spike_generator program (role spike_generator), reports it as a neuron and
//    lets it connect wherever NEST lets a neuron send.

#include <cmath>
#include <cstdint>
#include <string>
#include <vector>

#include "roost/devices.hpp"
#include "roost/hd.hpp"
#include "roost/rng.hpp"

namespace roost {

// Random purposes of these generators (values apart from rng.hpp's own list).
inline constexpr std::uint32_t kRngNoiseCurrent = 21;  // noise_generator: (stream, dt interval)
inline constexpr std::uint32_t kRngPulsePacket = 22;   // pulsepacket_generator: (gid, pulse index)

// Defaults and checks of the four devices (called from devices.cpp's switch).
Dict curgen_device_defaults(DeviceKind kind);
// "<name>: " for these devices (error messages name the device), "" otherwise.
std::string curgen_device_prefix(DeviceKind kind);
void validate_curgen_params(DeviceKind kind, const Dict& params, double resolution);

// True for the devices whose connections carry a current (receptor 0 only,
// not onto models that take no current input).
inline bool is_current_source(DeviceKind kind) {
  return kind == DeviceKind::dc_generator || kind == DeviceKind::step_current_generator ||
         kind == DeviceKind::ac_generator || kind == DeviceKind::noise_generator;
}

// ac_generator as a CurrentProgram (no steps, a sine term).
CurrentProgram make_ac_current(Gid gid, const Dict& params, double resolution);

// noise_generator: what a target needs to compute its amplitude in step n.
struct NoiseProgram {
  Gid gid = 0;
  double mean = 0.0, std = 0.0, std_mod = 0.0;
  double omega_h = 0.0;   // 2 pi f h / 1000: phase advance per step (rad)
  double phase0 = 0.0;    // NEST's oscillator phase before the first active step of the run (rad)
  Step phase_step0 = 0;   // that first active step (the oscillator turns only in active steps)
  Step first_step = 0;    // first active step: draws happen there and every dt_steps after
  Step dt_steps = 10;
  StampWindow window;     // [origin+start, origin+stop) in stamps; step n is active if it contains n+1
};
// `now`: the first step of the coming run (NEST restarts the oscillator there).
NoiseProgram make_noise(Gid gid, const Dict& params, double resolution, Step now);

ROOST_HD inline std::uint64_t noise_stream_id(Gid target, std::uint32_t ordinal) {
  return static_cast<std::uint64_t>(target) | (static_cast<std::uint64_t>(ordinal) << 32);
}

// The amplitude (pA, before the connection weight) that the noise connection
// `stream` carries in step n; 0 outside the window. NEST: mean + sqrt(std^2 +
// y_1 std_mod^2) N(0, 1), y_1 = sin of the oscillator at the draw step.
ROOST_HD inline double noise_amplitude(const NoiseProgram& p, std::uint64_t seed, std::uint64_t stream, Step n) {
  if (!p.window.contains(n + 1)) return 0.0;
  const Step interval = (n - p.first_step) / p.dt_steps;
  const Step draw_step = p.first_step + interval * p.dt_steps;
  double variance = p.std * p.std;
  if (p.std_mod != 0.0) {
    const double turns = static_cast<double>(draw_step - p.phase_step0 + 1);
    variance += ::sin(p.phase0 + p.omega_h * turns) * p.std_mod * p.std_mod;
  }
  RandomStream rng(seed, kRngNoiseCurrent, stream, static_cast<std::uint64_t>(interval));
  return p.mean + ::sqrt(variance) * rng.normal();
}

// The generator's recordable I in step n: the mean amplitude over its
// connections `streams` (0 without connections or outside the window).
double noise_mean_current(const NoiseProgram& p, const std::vector<std::uint64_t>& streams, std::uint64_t seed, Step n);

struct PrepareInfo;
struct ConnectionStore;
// Fills info.noise_streams (one list per info.noises entry) from the
// connections: the ordinal of a noise connection counts the target's earlier
// noise connections in creation order, as plan_delivery does.
void add_noise_streams(PrepareInfo& info);

// pulsepacket_generator: the spikes of the coming run (NEST's slice-wise
// algorithm with min_delay-long slices aligned to 0).
SpikeTrainProgram make_pulse_packets(Gid gid, const Dict& params, double resolution, Step now, Step min_delay,
                                     std::uint64_t seed);


// spike_train_injector: spike_generator's program for its parameters.
SpikeTrainProgram make_injector_train(Gid gid, const Dict& params, double resolution, Step now);

}  // namespace roost
