// SPDX-License-Identifier: GPL-2.0-or-later
// ac_generator, noise_generator, pulsepacket_generator, spike_train_injector:
// defaults, checks and programs (see devices_curgen.hpp).
#include "roost/devices_curgen.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numbers>

#include "roost/backend.hpp"
#include "roost/error.hpp"

namespace roost {
namespace {

constexpr double kForever = std::numeric_limits<double>::max();

[[noreturn]] void bad(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

Dict window_defaults() { return {{"origin", 0.0}, {"start", 0.0}, {"stop", kForever}}; }

std::string ms(double t) {
  std::string s = std::to_string(t);
  while (s.size() > 1 && s.back() == '0' && s[s.size() - 2] != '.') s.pop_back();
  return s;
}

// A time on the grid (within 1e-9 relative), or -1.
Step exact_steps(double t_ms, double h) {
  const double steps = t_ms / h;
  const double rounded = std::round(steps);
  if (std::fabs(steps - rounded) > 1e-9 * std::max(1.0, std::fabs(steps))) return -1;
  return static_cast<Step>(rounded);
}

Step stamp_of(double t_ms, double h) {
  if (t_ms >= kForever / 2) return kNever;
  return static_cast<Step>(std::llround(t_ms / h));
}

// NEST's Time(ms): the time rounded to the nearest tic (1 us).
std::int64_t tics_of(double t_ms) { return static_cast<std::int64_t>(std::floor(t_ms * 1000.0 + 0.5)); }

void validate_injector(const Dict& p, double h) {
  const auto times = as_doubles(p.at("spike_times"), "spike_times");
  const auto mult = as_ints(p.at("spike_multiplicities"), "spike_multiplicities");
  const bool offgrid = as_bool(p.at("allow_offgrid_times"), "allow_offgrid_times");
  as_bool(p.at("shift_now_spikes"), "shift_now_spikes");
  if (as_bool(p.at("precise_times"), "precise_times")) {
    bad("spike_train_injector: precise_times is not supported by Roost.");
  }
  for (std::size_t k = 0; k < times.size(); ++k) {
    if (times[k] == 0.0) bad("spike_train_injector: Spike time cannot be set to 0.");
    if (!(times[k] > 0.0)) bad("spike_train_injector: spike times must be > 0 (got " + ms(times[k]) + ").");
    if (k > 0 && times[k] < times[k - 1]) {
      bad("spike_train_injector: Spike times must be sorted in non-descending order.");
    }
    if (!offgrid && exact_steps(times[k], h) < 0) {
      bad("spike_train_injector: Time point " + ms(times[k]) +
          " is not representable in current resolution (set allow_offgrid_times=True to round it up).");
    }
  }
  if (!mult.empty() && mult.size() != times.size()) {
    bad("spike_train_injector: spike_multiplicities must have the same number of elements as spike_times or 0 "
        "elements to clear the property.");
  }
  for (auto m : mult) {
    if (m < 0) bad("spike_train_injector: spike_multiplicities must not be negative.");
  }
}

}  // namespace

std::string curgen_device_prefix(DeviceKind kind) {
  switch (kind) {
    case DeviceKind::ac_generator: return "ac_generator: ";
    case DeviceKind::noise_generator: return "noise_generator: ";
    case DeviceKind::pulsepacket_generator: return "pulsepacket_generator: ";
    case DeviceKind::spike_train_injector: return "spike_train_injector: ";
    default: return "";
  }
}

Dict curgen_device_defaults(DeviceKind kind) {
  Dict d = window_defaults();
  switch (kind) {
    case DeviceKind::ac_generator:
      d["label"] = std::string();
      d["amplitude"] = 0.0;
      d["offset"] = 0.0;
      d["frequency"] = 0.0;
      d["phase"] = 0.0;
      break;
    case DeviceKind::noise_generator:
      d["label"] = std::string();
      d["mean"] = 0.0;
      d["std"] = 0.0;
      d["std_mod"] = 0.0;
      d["frequency"] = 0.0;
      d["phase"] = 0.0;
      d["dt"] = 1.0;  // NEST: 10 steps of the default resolution 0.1 ms
      break;
    case DeviceKind::pulsepacket_generator:
      d["label"] = std::string();
      d["pulse_times"] = std::vector<double>{};
      d["activity"] = std::int64_t{0};
      d["sdev"] = 0.0;
      break;
    case DeviceKind::spike_train_injector:  // NEST's neuron-like source has no label
      d["spike_times"] = std::vector<double>{};
      d["spike_multiplicities"] = std::vector<std::int64_t>{};
      d["allow_offgrid_times"] = false;
      d["precise_times"] = false;
      d["shift_now_spikes"] = false;
      break;
    default: break;
  }
  return d;
}

void validate_curgen_params(DeviceKind kind, const Dict& p, double h) {
  switch (kind) {
    case DeviceKind::ac_generator:
      for (const char* key : {"amplitude", "offset", "frequency", "phase"}) as_double(p.at(key), key);
      break;
    case DeviceKind::noise_generator: {
      const double std = as_double(p.at("std"), "std"), std_mod = as_double(p.at("std_mod"), "std_mod");
      as_double(p.at("mean"), "mean");
      as_double(p.at("frequency"), "frequency");
      as_double(p.at("phase"), "phase");
      if (!(std >= 0.0) || !(std_mod >= 0.0)) bad("noise_generator: The standard deviation cannot be negative.");
      if (std_mod > std) {
        bad("noise_generator: The modulation amplitude std_mod must be smaller or equal to the baseline amplitude "
            "std.");
      }
      const double dt = as_double(p.at("dt"), "dt");
      if (!(dt > 0.0) || exact_steps(dt, h) < 1) {
        bad("noise_generator: The time property dt = " + ms(dt) + " ms must be a multiple of the resolution " +
            ms(h) + " ms.");
      }
      break;
    }
    case DeviceKind::pulsepacket_generator: {
      if (as_int(p.at("activity"), "activity") < 0) bad("pulsepacket_generator: The activity cannot be negative.");
      if (!(as_double(p.at("sdev"), "sdev") >= 0.0)) {
        bad("pulsepacket_generator: The standard deviation sdev cannot be negative.");
      }
      for (double t : as_doubles(p.at("pulse_times"), "pulse_times")) {
        if (!std::isfinite(t)) bad("pulsepacket_generator: pulse_times must be finite.");
      }
      break;
    }
    case DeviceKind::spike_train_injector: validate_injector(p, h); break;
    default: break;
  }
}

CurrentProgram make_ac_current(Gid gid, const Dict& p, double h) {
  CurrentProgram current;
  current.gid = gid;
  current.window = inclusive_start_window(p, h);
  SineCurrent& s = current.sine;
  s.amplitude = as_double(p.at("amplitude"), "amplitude");
  s.offset = as_double(p.at("offset"), "offset");
  s.omega = 2.0 * std::numbers::pi * as_double(p.at("frequency"), "frequency") / 1000.0;  // rad/ms
  s.phase = as_double(p.at("phase"), "phase") * 2.0 * std::numbers::pi / 360.0;
  s.h = h;
  s.on = true;
  return current;
}

NoiseProgram make_noise(Gid gid, const Dict& p, double h, Step now) {
  NoiseProgram noise;
  noise.gid = gid;
  noise.mean = as_double(p.at("mean"), "mean");
  noise.std = as_double(p.at("std"), "std");
  noise.std_mod = as_double(p.at("std_mod"), "std_mod");
  const double omega = 2.0 * std::numbers::pi * as_double(p.at("frequency"), "frequency") / 1000.0;
  const double phi = as_double(p.at("phase"), "phase") * 2.0 * std::numbers::pi / 360.0;
  noise.window = inclusive_start_window(p, h);
  // A dt that the resolution no longer divides falls back to NEST's default, 10 steps.
  const Step dt = exact_steps(as_double(p.at("dt"), "dt"), h);
  noise.dt_steps = dt >= 1 ? dt : 10;
  noise.first_step = std::max<Step>(0, noise.window.first_stamp - 1);
  noise.phase_step0 = std::max(now, noise.first_step);
  noise.omega_h = omega * h;
  noise.phase0 = omega * (static_cast<double>(now) * h) + phi;
  return noise;
}

double noise_mean_current(const NoiseProgram& p, const std::vector<std::uint64_t>& streams, std::uint64_t seed,
                          Step n) {
  if (!p.window.contains(n + 1) || streams.empty()) return 0.0;
  double sum = 0.0;
  for (std::uint64_t s : streams) sum += noise_amplitude(p, seed, s, n);
  return sum / static_cast<double>(streams.size());
}

void add_noise_streams(PrepareInfo& info) {
  info.noise_streams.assign(info.noises.size(), {});
  if (info.noises.empty()) return;
  const ConnectionStore& store = *info.connections;
  const std::vector<NodeRole>& roles = *info.roles;
  std::vector<int> program_of(roles.size(), -1);
  for (std::size_t k = 0; k < info.noises.size(); ++k) program_of[static_cast<std::size_t>(info.noises[k].gid)] = static_cast<int>(k);
  std::vector<std::uint32_t> ordinal(roles.size(), 0);
  for (std::size_t c = 0; c < store.size(); ++c) {
    if (roles[store.source[c]] != NodeRole::noise_generator || roles[store.target[c]] != NodeRole::neuron) continue;
    const int k = program_of[store.source[c]];
    info.noise_streams[static_cast<std::size_t>(k)].push_back(noise_stream_id(store.target[c], ordinal[store.target[c]]++));
  }
}

SpikeTrainProgram make_pulse_packets(Gid gid, const Dict& p, double h, Step now, Step min_delay, std::uint64_t seed) {
  SpikeTrainProgram train;
  train.gid = gid;
  std::vector<double> pulses = as_doubles(p.at("pulse_times"), "pulse_times");
  std::sort(pulses.begin(), pulses.end());  // NEST keeps them sorted
  const auto activity = as_int(p.at("activity"), "activity");
  const double sdev = as_double(p.at("sdev"), "sdev");
  if (pulses.empty() || activity <= 0) return train;
  const std::int64_t tics_per_step = std::llround(h * 1000.0);
  const double tolerance = sdev > 0.0 ? sdev * 10.0 : 1.0;  // ms: pulses are drawn this early
  const auto tolerance_tics = static_cast<std::int64_t>(std::floor(tolerance * 1000.0));
  // NEST tests the window once per slice, at its first step T: active if
  // origin+start <= T+1 < origin+stop (in steps).
  const double origin = as_double(p.at("origin"), "origin");
  const Step t_min = stamp_of(origin + as_double(p.at("start"), "start"), h);
  const Step t_max = stamp_of(origin + as_double(p.at("stop"), "stop"), h);
  auto active = [&](Step T) { return t_min <= T + 1 && T + 1 < t_max; };
  const Step md = std::max<Step>(1, min_delay);

  // NEST's pre_run_hook: pulses more than `tolerance` before now are skipped.
  const double now_ms = static_cast<double>(now) * h;
  std::size_t start = 0, stop = 0;
  while (stop < pulses.size() && pulses[stop] - now_ms <= tolerance) {
    if (std::fabs(pulses[stop] - now_ms) > tolerance) ++start;
    ++stop;
  }
  std::vector<Step> pending;  // drawn spikes (steps), sorted
  Step T = (now / md) * md;
  while (true) {
    if (start == pulses.size() && pending.empty()) break;
    if (T + 1 >= t_max) break;  // the window is over for good
    if (!active(T)) {
      T = std::max(T + md, ((t_min - 1) / md) * md);
      continue;
    }
    const std::int64_t T_tics = T * tics_per_step;
    while (stop < pulses.size() && tics_of(pulses[stop]) - T_tics <= tolerance_tics) ++stop;
    if (start < stop) {
      for (; start < stop; ++start) {
        RandomStream rng(seed, kRngPulsePacket, static_cast<std::uint64_t>(gid), static_cast<std::uint64_t>(start));
        for (std::int64_t i = 0; i < activity; ++i) {
          const double x = sdev > 0.0 ? sdev * rng.normal() + pulses[start] : pulses[start];
          const std::int64_t x_tics = tics_of(x);
          if (x_tics < T_tics) continue;  // drawn too late: dropped, as in NEST
          pending.push_back((x_tics + tics_per_step - 1) / tics_per_step);  // rounded up to the grid
        }
      }
      std::sort(pending.begin(), pending.end());
    }
    // Send what falls into this slice, one event per step (multiplicity = count).
    std::size_t k = 0;
    while (k < pending.size() && pending[k] < T + md) {
      std::size_t j = k;
      while (j < pending.size() && pending[j] == pending[k]) ++j;
      if (pending[k] >= now) {
        train.emission_step.push_back(pending[k]);
        train.multiplicity.push_back(static_cast<std::uint32_t>(j - k));
        train.weight_scale.push_back(1.0);
      }
      k = j;
    }
    pending.erase(pending.begin(), pending.begin() + static_cast<std::ptrdiff_t>(k));
    // Next slice with something to do: the next draw, or the next pending spike.
    Step next = T + md;
    Step wanted = kNever;
    if (!pending.empty()) wanted = (pending.front() / md) * md;
    if (stop < pulses.size()) {
      const std::int64_t draw_tics = tics_of(pulses[stop]) - tolerance_tics;
      const Step draw_step = draw_tics <= 0 ? 0 : draw_tics / tics_per_step;
      wanted = std::min(wanted, (draw_step / md) * md);
    }
    T = std::max(next, std::min(wanted, kNever));
    if (T >= kNever) break;
  }
  return train;
}

SpikeTrainProgram make_injector_train(Gid gid, const Dict& p, double h, Step now) {
  Dict as_generator = p;
  as_generator["spike_weights"] = std::vector<double>{};
  return make_spike_train(gid, as_generator, h, now);
}

}  // namespace roost
