// SPDX-License-Identifier: GPL-2.0-or-later
// correlospinmatrix_detector: the count covariance of binary neurons' states,
// NEST 3.10's correlospinmatrix_detector::handle step for step. The kernel's
// correlation-detector machinery (kernel_detectors.cpp) feeds it in NEST's
// order: a neuron's events one slice late, unrolled (a 0 -> 1 transition is two
// single events from one sender at one time), by sender then time.
//
// Decoding as NEST's: a single event is a tentative down transition of its
// channel, confirmed when the next event arrives (so the last down transition
// of a run is never counted); a second single event on the same channel at the
// same time turns it into an up transition. At each confirmed down transition
// the channel's on-pulse [t_on, t_off) is counted against every pulse kept in
// the history (its own included: the autocovariance), for lags up to tau_max
// in bins of delta_tau. Tstart and Tstop are kept but not used in the
// counting, as in NEST.
#include <algorithm>
#include <cmath>
#include <cstdio>
#include <limits>

#include "roost/correlation_detectors.hpp"
#include "roost/error.hpp"

namespace roost {
namespace {

constexpr const char* kName = "correlospinmatrix_detector";

std::int64_t tics_of(double ms) {
  if (!(std::fabs(ms) < 1e15)) return ms > 0 ? std::numeric_limits<std::int64_t>::max() : std::numeric_limits<std::int64_t>::min();
  return static_cast<std::int64_t>(std::llround(ms * 1000.0));
}

std::string ms_text(double ms) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%g", ms);
  return buf;
}

[[noreturn]] void bad(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

}  // namespace

Dict correlospin_detector_defaults(double h) {
  return Dict{{"origin", 0.0},
              {"start", 0.0},
              {"stop", std::numeric_limits<double>::max()},
              {"delta_tau", h},
              {"tau_max", 10.0 * h},
              {"Tstart", 0.0},
              {"Tstop", std::numeric_limits<double>::max()},
              {"N_channels", std::int64_t{1}}};
}

// NEST's Parameters_::set checks, in its order.
void validate_correlospin_detector(const Dict& p, double h) {
  if (as_int(p.at("N_channels"), "N_channels") < 1) bad(std::string(kName) + ": /N_channels can only be larger than zero.");
  for (const char* key : {"delta_tau", "tau_max", "Tstart", "Tstop"}) {
    if (as_double(p.at(key), key) < 0.0) bad(std::string(kName) + ": /" + key + " must not be negative.");
  }
  const double delta_tau = as_double(p.at("delta_tau"), "delta_tau");
  const double tau_max = as_double(p.at("tau_max"), "tau_max");
  const std::int64_t step = std::max<std::int64_t>(1, tics_of(h));
  const std::int64_t dt = tics_of(delta_tau), tm = tics_of(tau_max);
  if (dt % step != 0 || dt <= 0) {
    bad("StepMultipleRequired: The time property delta_tau = " + ms_text(delta_tau) + " ms of model " + kName +
        " must be a (positive) multiple of the resolution " + ms_text(h) + " ms.");
  }
  if (tm % dt != 0) {
    bad("TimeMultipleRequired: In model " + std::string(kName) + ", the time property tau_max = " + ms_text(tau_max) +
        " ms must be multiple of time property delta_tau = " + ms_text(delta_tau) + " ms.");
  }
}

void CorrelationDetectors::State::spin_reset(const Dict& p, double h) {
  set_timing(p, h);
  n_channels = static_cast<int>(as_int(p.at("N_channels"), "N_channels"));
  last_i = 0;
  tentative_down = false;
  t_last_in_spike = std::numeric_limits<Step>::min();
  pulses.clear();
  const auto n = static_cast<std::size_t>(n_channels);
  curr_state.assign(n, 0);
  last_change.assign(n, 0);
  const auto bins = static_cast<std::size_t>(1 + 2 * tau_max / delta_tau);
  count_covariance.assign(n * n * bins, 0);
  covariance.clear();
  n_events.clear();
}

void CorrelationDetectors::State::spin_handle(int curr_i, Step stamp, std::uint32_t m) {
  if (!window.contains(stamp)) return;
  if (curr_i < 0 || curr_i >= n_channels) return;  // N_channels lowered after Connect
  const auto ci = static_cast<std::size_t>(curr_i);
  bool down_transition = false;
  if (m == 1) {
    if (curr_i == last_i && stamp == t_last_in_spike) {
      // the second of two single events: an up transition, not a down one
      curr_state[ci] = 1;
      last_change[ci] = stamp;
      tentative_down = false;
    } else {
      if (tentative_down) down_transition = true;  // the previous single event stayed alone
      tentative_down = true;
    }
  } else if (m == 2) {
    curr_state[ci] = 1;
    if (tentative_down) down_transition = true;
    curr_state[static_cast<std::size_t>(last_i)] = 0;
    last_change[ci] = stamp;
    tentative_down = false;
  }
  if (down_transition) {
    const int i = last_i;
    const Step t_i_on = last_change[static_cast<std::size_t>(i)];
    const Step t_i_off = t_last_in_spike;
    Step t_min_on = t_i_on;
    for (int k = 0; k < n_channels; ++k) {
      if (curr_state[static_cast<std::size_t>(k)] && last_change[static_cast<std::size_t>(k)] < t_min_on) {
        t_min_on = last_change[static_cast<std::size_t>(k)];
      }
    }
    const double tau_edge = static_cast<double>(tau_max) + static_cast<double>(delta_tau);
    while (!pulses.empty() && static_cast<double>(t_min_on - pulses.front().t_off) >= tau_edge + static_cast<double>(min_delay)) {
      pulses.pop_front();
    }
    const Pulse p_i{t_i_on, t_i_off, i};
    auto at = std::find_if(pulses.begin(), pulses.end(), [&](const Pulse& q) { return q.t_off > p_i.t_off; });
    pulses.insert(at, p_i);
    const auto n = static_cast<std::size_t>(n_channels);
    const std::size_t bins = count_covariance.size() / (n * n);
    auto cell = [&](int a, int b, std::int64_t bin) -> std::int64_t& {
      return count_covariance[(static_cast<std::size_t>(a) * n + static_cast<std::size_t>(b)) * bins + static_cast<std::size_t>(bin)];
    };
    const std::int64_t t0 = tau_max / delta_tau, dt = delta_tau;
    for (const Pulse& pj : pulses) {
      const int j = pj.channel;
      const Step t_j_on = pj.t_on, t_j_off = pj.t_off;
      const std::int64_t Delta_min = std::max<std::int64_t>(t_j_on - t_i_off, -tau_max);
      const std::int64_t Delta_max = std::min<std::int64_t>(t_j_off - t_i_on, tau_max);
      const std::int64_t lag0 = std::min(t_i_off, t_j_off) - std::max(t_i_on, t_j_on);
      if (lag0 > 0) {
        cell(i, j, t0) += lag0;
        if (i != j) cell(j, i, t0) += lag0;
      }
      for (std::int64_t Delta = Delta_min / dt; Delta < 0; ++Delta) {
        const std::int64_t lag = std::min(t_i_off, t_j_off - Delta * dt) - std::max(t_i_on, t_j_on - Delta * dt);
        if (lag > 0) {
          cell(i, j, t0 - Delta) += lag;
          cell(j, i, t0 + Delta) += lag;
        }
      }
      if (i != j) {
        for (std::int64_t Delta = 1; Delta <= Delta_max / dt; ++Delta) {
          const std::int64_t lag = std::min(t_i_off, t_j_off - Delta * dt) - std::max(t_i_on, t_j_on - Delta * dt);
          if (lag > 0) {
            cell(i, j, t0 - Delta) += lag;
            cell(j, i, t0 + Delta) += lag;
          }
        }
      }
    }
    last_change[static_cast<std::size_t>(i)] = t_i_off;
  }
  last_i = curr_i;
  t_last_in_spike = stamp;
}

}  // namespace roost
