// SPDX-License-Identifier: GPL-2.0-or-later
// correlation_detector and correlomatrix_detector (see correlation_detectors.hpp).
#include "roost/correlation_detectors.hpp"

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "roost/error.hpp"

namespace roost {
namespace {

constexpr std::int64_t kTicsPerMs = 1000;
constexpr std::int64_t kInfTics = std::numeric_limits<std::int64_t>::max();

[[noreturn]] void bad(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

const char* name_of(DeviceKind kind) {
  if (kind == DeviceKind::correlospinmatrix_detector) return "correlospinmatrix_detector";
  return kind == DeviceKind::correlomatrix_detector ? "correlomatrix_detector" : "correlation_detector";
}

// NEST's Time::ms: the nearest tic (infinite beyond the representable range).
std::int64_t ms_to_tics(double ms) {
  if (!(std::fabs(ms) < 1e15)) return ms > 0 ? kInfTics : -kInfTics;
  return static_cast<std::int64_t>(std::llround(ms * static_cast<double>(kTicsPerMs)));
}

std::int64_t tics_per_step(double h) { return std::max<std::int64_t>(1, ms_to_tics(h)); }

std::string ms_text(double ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", ms);
  return buf;
}

}  // namespace

// NEST's defaults are made at 0.1 ms and recalibrated when the resolution
// changes: delta_tau stays 0.5 ms where that is a multiple of the new
// resolution (else 5 steps), tau_max stays 5 ms.
Dict correlation_detector_defaults(DeviceKind kind, double h) {
  const std::int64_t step = tics_per_step(h);
  const double delta_tau = static_cast<double>(500 % step == 0 ? 500 : 5 * step) / kTicsPerMs;
  Dict d{{"origin", 0.0},
         {"start", 0.0},
         {"stop", std::numeric_limits<double>::max()},
         {"delta_tau", delta_tau},
         {"tau_max", 5.0},
         {"Tstart", 0.0},
         {"Tstop", std::numeric_limits<double>::max()}};
  if (kind == DeviceKind::correlomatrix_detector) d["N_channels"] = std::int64_t{1};
  return d;
}

void validate_correlation_detector(DeviceKind kind, const Dict& p, double h) {
  const std::string name = name_of(kind);
  const double delta_tau = as_double(p.at("delta_tau"), "delta_tau");
  const double tau_max = as_double(p.at("tau_max"), "tau_max");
  as_double(p.at("Tstart"), "Tstart");
  as_double(p.at("Tstop"), "Tstop");
  const std::int64_t step = tics_per_step(h);
  const std::int64_t dt = ms_to_tics(delta_tau), tm = ms_to_tics(tau_max);
  // NEST: StepMultipleRequired / TimeMultipleRequired (a zero or negative bin
  // width, which NEST does not check, is refused too).
  if (dt % step != 0 || dt <= 0) {
    bad("StepMultipleRequired: The time property delta_tau = " + ms_text(delta_tau) + " ms of model " + name +
        " must be a (positive) multiple of the resolution " + ms_text(h) + " ms.");
  }
  if (tm < 0 || tm % dt != 0) {
    bad("TimeMultipleRequired: In model " + name + ", the time property tau_max = " + ms_text(tau_max) +
        " ms must be multiple of time property delta_tau = " + ms_text(delta_tau) + " ms.");
  }
  if (kind == DeviceKind::correlomatrix_detector) {
    if (as_int(p.at("N_channels"), "N_channels") < 1) bad(name + ": /N_channels can only be larger than zero.");
    if ((dt / step) % 2 != 1) bad(name + ": /delta_tau must be odd multiple of resolution.");
  }
}

void check_correlation_receptor(DeviceKind kind, const Dict& p, std::int64_t receptor) {
  const std::int64_t n = kind == DeviceKind::correlation_detector ? 2 : as_int(p.at("N_channels"), "N_channels");
  if (receptor < 0 || receptor >= n) {
    throw Error(ErrorKind::IllegalConnection, "UnknownReceptorType: Receptor type " + std::to_string(receptor) +
                                                  " is not available in " + name_of(kind) + " (receptors 0 to " +
                                                  std::to_string(n - 1) + ").");
  }
}

// ---------------------------------------------------------------- state

void CorrelationDetectors::State::set_timing(const Dict& p, double h) {
  tics_per_step = roost::tics_per_step(h);
  delta_tau = ms_to_tics(as_double(p.at("delta_tau"), "delta_tau")) / tics_per_step;
  tau_max = ms_to_tics(as_double(p.at("tau_max"), "tau_max")) / tics_per_step;
  tstart_tics = ms_to_tics(as_double(p.at("Tstart"), "Tstart"));
  tstop_tics = ms_to_tics(as_double(p.at("Tstop"), "Tstop"));
}

void CorrelationDetectors::State::reset(const Dict& p, double h) {
  if (spin) {
    spin_reset(p, h);
    return;
  }
  set_timing(p, h);
  n_channels = matrix ? static_cast<int>(as_int(p.at("N_channels"), "N_channels")) : 2;
  n_events.assign(static_cast<std::size_t>(n_channels), 0);
  incoming.assign(matrix ? 1 : 2, {});
  if (matrix) {
    const auto bins = static_cast<std::size_t>(1 + tau_max / delta_tau);
    const auto cells = static_cast<std::size_t>(n_channels) * static_cast<std::size_t>(n_channels) * bins;
    covariance.assign(cells, 0.0);
    count_covariance.assign(cells, 0);
  } else {
    const auto bins = static_cast<std::size_t>(1 + 2 * tau_max / delta_tau);
    histogram.assign(bins, 0.0);
    correction.assign(bins, 0.0);
    count_histogram.assign(bins, 0);
  }
}

// NEST 3.10's correlation_detector::handle / correlomatrix_detector::handle,
// operation for operation (the histograms are compared bit for bit).
void CorrelationDetectors::State::handle(int sender, Step stamp, double weight, std::uint32_t multiplicity) {
  if (spin) {
    spin_handle(sender, stamp, multiplicity);
    return;
  }
  if (!window.contains(stamp)) return;
  const long spike_i = static_cast<long>(stamp);
  const std::int64_t stamp_tics = stamp * tics_per_step;
  const bool counted = tstart_tics <= stamp_tics && stamp_tics <= tstop_tics;
  const double mult = static_cast<double>(multiplicity);
  const double tau_edge = static_cast<double>(tau_max) + 0.5 * static_cast<double>(delta_tau);
  const double D = static_cast<double>(delta_tau);
  if (!matrix) {
    const int other = 1 - sender;
    std::deque<Spike>& others = incoming[static_cast<std::size_t>(other)];
    while (!others.empty() && static_cast<double>(spike_i - others.front().step) - 0.5 * other >= tau_edge) {
      others.pop_front();
    }
    if (counted) {
      ++n_events[static_cast<std::size_t>(sender)];
      const long sign = 2 * sender - 1;
      for (const Spike& j : others) {
        const double position = std::floor((tau_edge + static_cast<double>(sign * (spike_i - j.step))) / D);
        // NEST asserts that the bin exists: a partner that arrived earlier but
        // lies beyond the window (a generator's spike ahead of a neuron's
        // delayed delivery) is skipped here.
        if (position < 0.0 || position >= static_cast<double>(histogram.size())) continue;
        const auto bin = static_cast<std::size_t>(position);
        const double y = mult * weight * j.weight - correction[bin];
        const double t = histogram[bin] + y;
        correction[bin] = (t - histogram[bin]) - y;
        histogram[bin] = t;
        count_histogram[bin] += multiplicity;
      }
    }
    std::deque<Spike>& mine = incoming[static_cast<std::size_t>(sender)];
    auto at = std::find_if(mine.begin(), mine.end(), [&](const Spike& s) { return s.step > spike_i; });
    mine.insert(at, Spike{spike_i, mult * weight, sender});
    return;
  }
  std::deque<Spike>& all = incoming[0];
  {
    auto at = std::find_if(all.begin(), all.end(), [&](const Spike& s) { return s.step > spike_i; });
    all.insert(at, Spike{spike_i, mult * weight, sender});
  }
  while (!all.empty() && static_cast<double>(spike_i - all.front().step) >= tau_edge + static_cast<double>(min_delay)) {
    all.pop_front();
  }
  if (!counted) return;
  ++n_events[static_cast<std::size_t>(sender)];
  const auto n = static_cast<std::size_t>(n_channels);
  const std::size_t bins = covariance.size() / (n * n);
  for (const Spike& j : all) {
    const auto other = static_cast<std::size_t>(j.channel);
    if (other >= n || static_cast<std::size_t>(sender) >= n) continue;  // N_channels lowered after Connect
    std::size_t sender_ind = static_cast<std::size_t>(sender), other_ind = other;
    if (spike_i < j.step) std::swap(sender_ind, other_ind);
    const double lag = static_cast<double>(std::labs(spike_i - j.step));
    std::size_t bin;
    if (sender_ind <= other_ind) {
      bin = static_cast<std::size_t>(-1. * std::floor((0.5 * D - lag) / D));
    } else {
      bin = static_cast<std::size_t>(std::floor((0.5 * D + lag) / D));
    }
    if (bin >= bins) continue;
    const bool mirror = bin == 0 && (spike_i - j.step != 0 || other != static_cast<std::size_t>(sender));
    const double w = mult * weight * j.weight;
    covariance[(sender_ind * n + other_ind) * bins + bin] += w;
    if (mirror) covariance[(other_ind * n + sender_ind) * bins + bin] += w;
    count_covariance[(sender_ind * n + other_ind) * bins + bin] += multiplicity;
    if (mirror) count_covariance[(other_ind * n + sender_ind) * bins + bin] += multiplicity;
  }
}

// ---------------------------------------------------------------- status

void CorrelationDetectors::add_status(std::size_t device, DeviceKind kind, Dict& d) const {
  auto it = states_.find(device);
  const State* s = it == states_.end() ? nullptr : &it->second;
  d.erase("filenames");
  if (kind == DeviceKind::correlospinmatrix_detector) {
    d["count_covariance"] = s ? s->count_covariance : std::vector<std::int64_t>{};
    d.erase("n_events");  // NEST's correlospinmatrix_detector has none
    return;
  }
  if (kind == DeviceKind::correlation_detector) {
    d["n_events"] = s ? s->n_events : std::vector<std::int64_t>{0, 0};
    d["histogram"] = s ? s->histogram : std::vector<double>{};
    d["histogram_correction"] = s ? s->correction : std::vector<double>{};
    d["count_histogram"] = s ? s->count_histogram : std::vector<std::int64_t>{};
  } else {
    d["n_events"] = s ? s->n_events : std::vector<std::int64_t>{0};
    d["covariance"] = s ? s->covariance : std::vector<double>{};
    d["count_covariance"] = s ? s->count_covariance : std::vector<std::int64_t>{};
  }
}

void CorrelationDetectors::set_status(std::size_t device, DeviceKind kind, Dict& params, const Dict& changes, double h) {
  Dict next = params;
  bool reset = false;
  for (const auto& [key, value] : changes) {
    if (key == "n_events" && kind == DeviceKind::correlation_detector) {
      const auto n = as_ints(value, key);
      const bool zeros = std::all_of(n.begin(), n.end(), [](std::int64_t v) { return v == 0; });
      if (n.size() != 2 || !zeros) bad(std::string(name_of(kind)) + ": /n_events can only be set to [0 0].");
      reset = true;
      continue;
    }
    auto it = next.find(key);
    if (it == next.end()) {
      throw Error(ErrorKind::UnknownParameter, "Unknown parameter '" + key + "' for model " + name_of(kind) + ".");
    }
    it->second = coerce_like(it->second, value, key);
    if (key == "delta_tau" || key == "tau_max" || key == "Tstart" || key == "Tstop" || key == "N_channels") reset = true;
  }
  validate_device_params(kind, next, h);
  if (reset) {
    // NEST 3.10: correlation_detector resizes its histograms for the
    // parameters it had before this call (its State_::set receives the old
    // ones); correlomatrix_detector for the new ones. Either way the lists of
    // recent spikes are emptied; the timing itself follows the new
    // parameters from the next Prepare on.
    State& s = states_[device];
    s.matrix = kind == DeviceKind::correlomatrix_detector;
    s.spin = kind == DeviceKind::correlospinmatrix_detector;
    s.reset(s.matrix || s.spin ? next : params, h);
  }
  params = std::move(next);
}

// ---------------------------------------------------------------- running

void CorrelationDetectors::begin_prepare(Step now, Step nest_min_delay) {
  min_delay_ = std::max<Step>(1, nest_min_delay);
  links_.clear();
  drawn_.clear();
  any_links_ = false;
  // What was collected but not handled (the last slice's neuron spikes) waits
  // for the next run, as in NEST.
  if (done_ != now) {
    neuron_pending_.clear();
    device_pending_.clear();
  }
  done_ = now;
}

void CorrelationDetectors::add_detector(std::size_t device, DeviceKind kind, const Dict& params, double h) {
  State& s = states_[device];
  s.matrix = kind == DeviceKind::correlomatrix_detector;
  s.spin = kind == DeviceKind::correlospinmatrix_detector;
  if (!s.initialized) s.reset(params, h);  // NEST's init_buffers_: once, at the node's first Prepare
  s.initialized = true;
  s.set_timing(params, h);
  s.window = exclusive_start_window(params, h);
  s.min_delay = min_delay_;
  s.tics_per_step = tics_per_step(h);
}

void CorrelationDetectors::add_link(Gid source, std::size_t device, int receptor, double weight, bool unrolled) {
  if (links_.size() <= static_cast<std::size_t>(source)) links_.resize(static_cast<std::size_t>(source) + 1);
  links_[static_cast<std::size_t>(source)].push_back({device, receptor, weight, unrolled});
  any_links_ = true;
}

void CorrelationDetectors::collect(Gid gid, Step step, std::uint32_t multiplicity, double weight_scale) {
  if (!has_links(gid)) return;
  const bool unrolled = links_[static_cast<std::size_t>(gid)].front().unrolled;
  (unrolled ? neuron_pending_ : device_pending_).push_back({gid, step, multiplicity, weight_scale, -1, part_});
}

void CorrelationDetectors::collect_drawn(std::size_t device, int receptor, double weight, Gid gid, Step step,
                                         std::uint32_t count) {
  if (count == 0) return;
  drawn_.push_back({device, receptor, weight});
  device_pending_.push_back({gid, step, count, 1.0, static_cast<std::int64_t>(drawn_.size() - 1), part_});
  any_links_ = true;
}

void CorrelationDetectors::handle_pending(const Pending& p, bool unrolled_batch) {
  const Step stamp = p.step + 1;
  if (p.link >= 0) {
    const DrawnLink& l = drawn_[static_cast<std::size_t>(p.link)];
    states_[l.device].handle(l.receptor, stamp, l.weight, p.multiplicity);
    return;
  }
  const auto& links = links_[static_cast<std::size_t>(p.gid)];
  if (unrolled_batch) {
    for (std::uint32_t copy = 0; copy < p.multiplicity; ++copy) {
      for (const Link& l : links) states_[l.device].handle(l.receptor, stamp, l.weight * p.weight_scale, 1);
    }
    return;
  }
  for (const Link& l : links) states_[l.device].handle(l.receptor, stamp, p.weight_scale * l.weight, p.multiplicity);
}

void CorrelationDetectors::advance(Step to, bool run_end) {
  // NEST's register: per Simulate call's part of the slice, nodes in id order, each its steps in order.
  auto by_sender = [](const Pending& a, const Pending& b) {
    if (a.part != b.part) return a.part < b.part;
    return a.gid != b.gid ? a.gid < b.gid : a.step < b.step;
  };
  // Handles (in order) the entries of `list` with step < limit, keeps the rest.
  auto take = [&](std::vector<Pending>& list, Step limit, bool unrolled) {
    std::vector<Pending> now, later;
    for (const Pending& p : list) (p.step < limit ? now : later).push_back(p);
    std::stable_sort(now.begin(), now.end(), by_sender);
    for (const Pending& p : now) handle_pending(p, unrolled);
    list.swap(later);
  };
  while (done_ < to) {
    const Step slice_start = done_ / min_delay_ * min_delay_, slice_end = slice_start + min_delay_;
    if (slice_end > to && !run_end) break;  // NEST's slice is not complete yet
    // At a slice's start NEST delivers the spikes of the previous slice ...
    if (done_ == slice_start && !neuron_pending_.empty()) take(neuron_pending_, slice_start, true);
    // ... and the devices send theirs while the slice is updated.
    const Step upto = std::min(slice_end, to);
    if (!device_pending_.empty()) take(device_pending_, upto, false);
    done_ = upto;
  }
  if (device_pending_.empty()) drawn_.clear();
  if (run_end) ++part_;
}

}  // namespace roost
