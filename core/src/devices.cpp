// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/devices.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

#include "roost/backend.hpp"
#include "roost/correlation_detectors.hpp"
#include "roost/devices_curgen.hpp"
#include "roost/devices_ps.hpp"
#include "roost/devices_rate.hpp"
#include "roost/error.hpp"

namespace roost {
namespace {

constexpr double kForever = std::numeric_limits<double>::max();

[[noreturn]] void bad(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

Dict common_defaults() {
  return {{"origin", 0.0}, {"start", 0.0}, {"stop", kForever}, {"label", std::string()}};
}

Dict recorder_defaults() {
  Dict d = common_defaults();
  d["record_to"] = std::string("memory");
  d["time_in_steps"] = false;
  // Options of the ascii (precision, file_extension) and screen (precision)
  // backends; GetStatus shows them only while record_to names such a backend.
  d["precision"] = std::int64_t{3};
  d["file_extension"] = std::string("dat");
  return d;
}

Step time_to_stamp(double t_ms, double h) {
  if (t_ms >= kForever / 2) return kNever;
  return static_cast<Step>(std::llround(t_ms / h));
}

}  // namespace

Dict device_defaults(DeviceKind kind) {
  Dict d;
  switch (kind) {
    case DeviceKind::spike_generator:
      d = common_defaults();
      d["spike_times"] = std::vector<double>{};
      d["spike_weights"] = std::vector<double>{};
      d["spike_multiplicities"] = std::vector<std::int64_t>{};
      d["allow_offgrid_times"] = false;
      d["precise_times"] = false;
      d["shift_now_spikes"] = false;
      break;
    case DeviceKind::poisson_generator:
      d = common_defaults();
      d["rate"] = 0.0;
      break;
    case DeviceKind::poisson_generator_ps:
      d = common_defaults();
      d["rate"] = 0.0;
      d["dead_time"] = 0.0;
      break;
    case DeviceKind::dc_generator:
      d = common_defaults();
      d["amplitude"] = 0.0;
      break;
    case DeviceKind::step_current_generator:
    case DeviceKind::step_rate_generator:
      d = common_defaults();
      d["amplitude_times"] = std::vector<double>{};
      d["amplitude_values"] = std::vector<double>{};
      d["allow_offgrid_times"] = false;
      break;
    case DeviceKind::spike_recorder:
    case DeviceKind::weight_recorder:
      d = recorder_defaults();
      break;
    case DeviceKind::multimeter:
      d = recorder_defaults();
      d["record_from"] = std::vector<std::string>{};
      d["interval"] = 1.0;
      d["offset"] = 0.0;
      break;
    case DeviceKind::ac_generator:
    case DeviceKind::noise_generator:
    case DeviceKind::pulsepacket_generator:
    case DeviceKind::spike_train_injector: d = curgen_device_defaults(kind); break;
    case DeviceKind::none: break;
    case DeviceKind::correlation_detector:
    case DeviceKind::correlomatrix_detector: d = correlation_detector_defaults(kind, 0.1); break;
    case DeviceKind::correlospinmatrix_detector: d = correlospin_detector_defaults(0.1); break;
    case DeviceKind::spin_detector: d = recorder_defaults(); break;
    default:
      if (is_rate_generator(kind)) d = rate_generator_defaults(kind);
      break;
  }
  return d;
}

Step on_grid_steps(double t_ms, double resolution, const char* what) {
  const double steps = t_ms / resolution;
  const double rounded = std::round(steps);
  if (std::fabs(steps - rounded) > 1e-9 * std::max(1.0, std::fabs(steps))) {
    bad(std::string(what) + " " + std::to_string(t_ms) + " ms is not a multiple of the resolution " +
        std::to_string(resolution) + " ms.");
  }
  return static_cast<Step>(rounded);
}

namespace {

// Grid stamp of a generator time: exact grid points, or (if allowed) the next
// grid point at or after an off-grid time.
Step generator_stamp(double t_ms, double h, bool allow_offgrid, const char* what) {
  const double steps = t_ms / h;
  const double rounded = std::round(steps);
  if (std::fabs(steps - rounded) <= 1e-9 * std::max(1.0, std::fabs(steps))) return static_cast<Step>(rounded);
  if (!allow_offgrid) {
    bad(std::string(what) + " " + std::to_string(t_ms) +
        " ms is not on the time grid; set allow_offgrid_times=True to round it up.");
  }
  return static_cast<Step>(std::ceil(steps));
}

void check_window(const Dict& p, double h, const std::string& device = "") {
  const double start = as_double(p.at("start"), "start");
  const double stop = as_double(p.at("stop"), "stop");
  // As NEST: finite window times lie on the grid (a time between grid points
  // would silently move the window).
  for (const char* name : {"origin", "start", "stop"}) {
    const double t = as_double(p.at(name), name);
    const double steps = t / h;
    if (std::isfinite(t) && t < kForever && std::fabs(steps - std::round(steps)) > 1e-9 * std::max(1.0, std::fabs(steps))) {
      bad(device + name + " must be a multiple of the simulation resolution.");
    }
  }
  if (start < 0.0) bad(device + "start must not be negative.");
  if (stop < start) bad(device + "stop must not be smaller than start.");
}

}  // namespace

void validate_device_params(DeviceKind kind, const Dict& p, double h) {
  check_window(p, h, curgen_device_prefix(kind));
  switch (kind) {
    case DeviceKind::spike_generator: {
      const auto times = as_doubles(p.at("spike_times"), "spike_times");
      const auto weights = as_doubles(p.at("spike_weights"), "spike_weights");
      const auto mult = as_ints(p.at("spike_multiplicities"), "spike_multiplicities");
      const bool offgrid = as_bool(p.at("allow_offgrid_times"), "allow_offgrid_times");
      const bool precise_times = as_bool(p.at("precise_times"), "precise_times");
      if (precise_times && (offgrid || as_bool(p.at("shift_now_spikes"), "shift_now_spikes"))) {
        bad("spike_generator: Option precise_times cannot be set to true when either allow_offgrid_times or "
            "shift_now_spikes is set to true.");
      }
      for (std::size_t k = 0; k < times.size(); ++k) {
        if (!(times[k] > 0.0)) bad("spike_generator: spike times must be > 0 (got " + std::to_string(times[k]) + ").");
        if (k > 0 && times[k] < times[k - 1]) bad("spike_generator: spike times must be sorted in ascending order.");
        if (!precise_times) generator_stamp(times[k], h, offgrid, "spike_generator: spike time");
      }
      if (!weights.empty() && weights.size() != times.size()) {
        bad("spike_generator: spike_weights must be empty or as long as spike_times.");
      }
      if (!mult.empty() && mult.size() != times.size()) {
        bad("spike_generator: spike_multiplicities must be empty or as long as spike_times.");
      }
      for (auto m : mult) {
        if (m < 0) bad("spike_generator: spike_multiplicities must not be negative.");
      }
      break;
    }
    case DeviceKind::poisson_generator:
      if (!(as_double(p.at("rate"), "rate") >= 0.0)) bad("poisson_generator: rate must not be negative.");
      break;
    case DeviceKind::poisson_generator_ps: validate_poisson_ps(p); break;
    case DeviceKind::dc_generator: as_double(p.at("amplitude"), "amplitude"); break;
    case DeviceKind::step_current_generator:
    case DeviceKind::step_rate_generator: {
      const std::string name = kind == DeviceKind::step_rate_generator ? "step_rate_generator" : "step_current_generator";
      const auto times = as_doubles(p.at("amplitude_times"), "amplitude_times");
      const auto values = as_doubles(p.at("amplitude_values"), "amplitude_values");
      const bool offgrid = as_bool(p.at("allow_offgrid_times"), "allow_offgrid_times");
      if (times.size() != values.size()) {
        bad(name + ": amplitude_times and amplitude_values must have the same length.");
      }
      Step previous = -1;
      for (double t : times) {
        if (!(t > 0.0)) bad(name + ": amplitude times must be > 0.");
        const Step s = generator_stamp(t, h, offgrid, (name + ": amplitude time").c_str());
        if (s <= previous) bad(name + ": amplitude times must be strictly increasing.");
        previous = s;
      }
      break;
    }
    case DeviceKind::spike_recorder:
    case DeviceKind::spin_detector:
    case DeviceKind::weight_recorder:
    case DeviceKind::multimeter: {
      const auto& to = as_string(p.at("record_to"), "record_to");
      if (to != "memory" && to != "ascii" && to != "screen") {
        bad("Unknown recording backend '" + to + "' (record_to must be 'memory', 'ascii' or 'screen').");
      }
      as_bool(p.at("time_in_steps"), "time_in_steps");
      as_string(p.at("label"), "label");
      as_int(p.at("precision"), "precision");
      as_string(p.at("file_extension"), "file_extension");
      if (kind == DeviceKind::multimeter) {
        const double interval = as_double(p.at("interval"), "interval");
        if (interval < h * (1.0 - 1e-9)) bad("multimeter: interval must be at least the resolution.");
        on_grid_steps(interval, h, "multimeter: interval");
        const double offset = as_double(p.at("offset"), "offset");
        if (offset < 0.0) bad("multimeter: offset must not be negative.");
        on_grid_steps(offset, h, "multimeter: offset");
        as_strings(p.at("record_from"), "record_from");
      }
      break;
    }
    case DeviceKind::ac_generator:
    case DeviceKind::noise_generator:
    case DeviceKind::pulsepacket_generator:
    case DeviceKind::spike_train_injector: validate_curgen_params(kind, p, h); break;
    case DeviceKind::correlation_detector:
    case DeviceKind::correlomatrix_detector: validate_correlation_detector(kind, p, h); break;
    case DeviceKind::correlospinmatrix_detector: validate_correlospin_detector(p, h); break;
    case DeviceKind::none: break;
    default:
      if (is_rate_generator(kind)) validate_rate_generator(kind, p, h);
      break;
  }
}

StampWindow exclusive_start_window(const Dict& p, double h) {
  const double origin = as_double(p.at("origin"), "origin");
  StampWindow w;
  w.first_stamp = time_to_stamp(origin + as_double(p.at("start"), "start"), h) + 1;
  w.last_stamp = time_to_stamp(origin + as_double(p.at("stop"), "stop"), h);
  return w;
}

StampWindow inclusive_start_window(const Dict& p, double h) {
  const double origin = as_double(p.at("origin"), "origin");
  StampWindow w;
  w.first_stamp = time_to_stamp(origin + as_double(p.at("start"), "start"), h);
  const Step stop = time_to_stamp(origin + as_double(p.at("stop"), "stop"), h);
  w.last_stamp = stop >= kNever ? kNever : stop - 1;
  return w;
}

// NEST's Time::ms_stamp for precise_times: the time truncated to tics and
// moved to the end of its step; `offset` gets the stamp's time minus t (0
// where the difference is below rounding, as NEST).
static Step precise_stamp(double t, double h, double tics_per_ms, double& offset) {
  const auto tics_per_step = static_cast<std::int64_t>(std::llround(h * tics_per_ms));
  auto n = static_cast<std::int64_t>(t * tics_per_ms);
  n -= n % tics_per_step;
  const double ms_per_step = static_cast<double>(tics_per_step) / tics_per_ms;
  if (static_cast<double>(n) * (1.0 / static_cast<double>(tics_per_step)) * ms_per_step < t) n += tics_per_step;
  const double stamp_ms = (1.0 / tics_per_ms) * static_cast<double>(n);
  offset = stamp_ms - t;
  if (std::fabs(offset) < std::numeric_limits<double>::epsilon() * std::fabs(stamp_ms + t) * 2.0 ||
      std::fabs(offset) < std::numeric_limits<double>::min()) {
    offset = 0.0;
  }
  return n / tics_per_step;
}

SpikeTrainProgram make_spike_train(Gid gid, const Dict& p, double h, Step now, double tics_per_ms) {
  SpikeTrainProgram train;
  train.gid = gid;
  const auto times = as_doubles(p.at("spike_times"), "spike_times");
  const auto weights = as_doubles(p.at("spike_weights"), "spike_weights");
  const auto mult = as_ints(p.at("spike_multiplicities"), "spike_multiplicities");
  const bool offgrid = as_bool(p.at("allow_offgrid_times"), "allow_offgrid_times");
  const double origin = as_double(p.at("origin"), "origin");
  const StampWindow window = exclusive_start_window(p, h);
  const Step origin_steps = time_to_stamp(origin, h);
  const auto precise = p.find("precise_times");
  const bool precise_times = precise != p.end() && as_bool(precise->second, "precise_times");
  for (std::size_t k = 0; k < times.size(); ++k) {
    double offset = 0.0;
    Step stamp = origin_steps + (precise_times ? precise_stamp(times[k], h, tics_per_ms, offset)
                                               : generator_stamp(times[k], h, offgrid, "spike time"));
    if (!precise_times && stamp == now && as_bool(p.at("shift_now_spikes"), "shift_now_spikes")) ++stamp;
    if (!window.contains(stamp)) continue;
    const std::uint32_t m = mult.empty() ? 1u : static_cast<std::uint32_t>(mult[k]);
    if (m == 0) continue;
    train.emission_step.push_back(stamp - 1);
    train.multiplicity.push_back(m);
    train.weight_scale.push_back(weights.empty() ? 1.0 : weights[k]);
    if (precise_times) train.offset.push_back(offset);
  }
  return train;
}

PoissonProgram make_poisson(Gid gid, const Dict& p, double h) {
  PoissonProgram poisson;
  poisson.gid = gid;
  poisson.mean_per_step = as_double(p.at("rate"), "rate") * h * 1e-3;  // rate in Hz, h in ms
  poisson.exp_minus_mean = std::exp(-poisson.mean_per_step);
  poisson.window = exclusive_start_window(p, h);
  return poisson;
}

double CurrentProgram::at(Step stamp) const {
  return current_at(change_stamp.data(), amplitude.data(), change_stamp.size(), window, stamp) +
         sine_current_at(sine, window, stamp);
}

void finish_slice_spikes(const std::vector<SpikeTrainProgram>& trains, Step from, Step to,
                         std::vector<SpikeEvent>& spikes) {
  for (const SpikeTrainProgram& train : trains) {
    auto k = static_cast<std::size_t>(std::lower_bound(train.emission_step.begin(), train.emission_step.end(), from) -
                                      train.emission_step.begin());
    for (; k < train.emission_step.size() && train.emission_step[k] < to; ++k) {
      spikes.push_back({train.gid, train.emission_step[k], train.multiplicity[k], train.weight_scale[k], train.offset_at(k)});
    }
  }
  std::stable_sort(spikes.begin(), spikes.end(), SpikeOrder{});
}

CurrentProgram make_current(Gid gid, DeviceKind kind, const Dict& p, double h) {
  CurrentProgram current;
  current.gid = gid;
  current.window = inclusive_start_window(p, h);
  if (kind == DeviceKind::dc_generator) {
    current.change_stamp = {std::numeric_limits<Step>::min()};
    current.amplitude = {as_double(p.at("amplitude"), "amplitude")};
  } else {
    const auto times = as_doubles(p.at("amplitude_times"), "amplitude_times");
    const bool offgrid = as_bool(p.at("allow_offgrid_times"), "allow_offgrid_times");
    for (double t : times) current.change_stamp.push_back(generator_stamp(t, h, offgrid, "amplitude time"));
    current.amplitude = as_doubles(p.at("amplitude_values"), "amplitude_values");
  }
  return current;
}

}  // namespace roost
