// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// NEST's correlation_detector and correlomatrix_detector: recorders on the
// host. The kernel hands them the spikes of their sources each slice (both
// backends alike) and they count spike pairs exactly as NEST 3.10's handle()
// does, in the order NEST delivers the events:
//  - spikes of nodes with proxies (neurons, spike_train_injector) one at a
//    time (multiplicity unrolled, as NEST's spike exchange does), at the start
//    of the min-delay slice after the one they were emitted in;
//  - spikes of devices (spike_generator, pulsepacket_generator, generators
//    drawn per target) with their multiplicity, during the slice itself.
// Within a batch, by sender id, then time; a sender's links in creation
// order. Connection delays are ignored (NEST's detectors read the stamp).
//
// Host code only: nothing here runs on a device.

#include <cstdint>
#include <deque>
#include <limits>
#include <map>
#include <string>
#include <vector>

#include "roost/devices.hpp"
#include "roost/model_registry.hpp"
#include "roost/value.hpp"

namespace roost {

inline constexpr std::size_t kNoDevice = static_cast<std::size_t>(-1);

inline bool is_correlation_detector(DeviceKind kind) {
  return kind == DeviceKind::correlation_detector || kind == DeviceKind::correlomatrix_detector ||
         kind == DeviceKind::correlospinmatrix_detector;
}

// Defaults at resolution h (delta_tau = 5 h, tau_max = 10 delta_tau, as NEST).
Dict correlation_detector_defaults(DeviceKind kind, double h);
// NEST's checks (BadProperty / StepMultipleRequired texts naming the model).
void validate_correlation_detector(DeviceKind kind, const Dict& params, double h);
// correlospinmatrix_detector (correlospin_detector.cpp): defaults (delta_tau
// = h, tau_max = 10 h) and NEST's checks.
Dict correlospin_detector_defaults(double h);
void validate_correlospin_detector(const Dict& params, double h);
// The receptor of a connection to the detector (NEST: UnknownReceptorType).
void check_correlation_receptor(DeviceKind kind, const Dict& params, std::int64_t receptor);

class CorrelationDetectors {
 public:
  struct Spike {
    Step step;
    double weight;
    int channel;
  };
  // One detector's state (NEST's State_ plus its parameters in steps/tics).
  struct State {
    bool matrix = false;
    bool initialized = false;  // NEST's init_buffers_ ran (the node's first Prepare)
    Step delta_tau = 5, tau_max = 50;
    std::int64_t tstart_tics = 0, tstop_tics = 0;  // Tstop: INT64_MAX for infinity
    std::int64_t tics_per_step = 100;
    int n_channels = 2;
    Step min_delay = 1;
    StampWindow window;
    std::vector<std::int64_t> n_events;
    std::vector<std::deque<Spike>> incoming;  // correlation: per receptor; matrix: one list
    std::vector<double> histogram, correction;   // correlation (Kahan)
    std::vector<std::int64_t> count_histogram;   // correlation
    std::vector<double> covariance;              // matrix: [i][j][bin] flattened
    std::vector<std::int64_t> count_covariance;  // matrix, spin
    // correlospinmatrix_detector (correlospin_detector.cpp): NEST's decoding state.
    struct Pulse {
      Step t_on, t_off;
      int channel;
    };
    bool spin = false;
    int last_i = 0;
    Step t_last_in_spike = std::numeric_limits<Step>::min();
    bool tentative_down = false;
    std::vector<char> curr_state;
    std::vector<Step> last_change;
    std::deque<Pulse> pulses;
    void spin_reset(const Dict& params, double h);
    void spin_handle(int channel, Step stamp, std::uint32_t multiplicity);
    void reset(const Dict& params, double h);       // sizes from `params`, lists emptied
    void set_timing(const Dict& params, double h);  // delta_tau, tau_max, Tstart, Tstop
    void handle(int receptor, Step stamp, double weight, std::uint32_t multiplicity);
  };

  // Status keys of a detector (NEST's read-outs) added to `d` (a device
  // never prepared or reset, kNoDevice included: NEST's empty ones).
  void add_status(std::size_t device, DeviceKind kind, Dict& d) const;
  // NEST's set_status: `params` is updated (validated) and the state reset
  // when a timing parameter, N_channels or n_events = [0, ...] is given.
  void set_status(std::size_t device, DeviceKind kind, Dict& params, const Dict& changes, double h);
  // At prepare: every detector's parameters in steps, its links (made by
  // add_link), NEST's min_delay (slice length of the delivery order).
  void begin_prepare(Step now, Step nest_min_delay);
  void add_detector(std::size_t device, DeviceKind kind, const Dict& params, double h);
  void add_link(Gid source, std::size_t device, int receptor, double weight, bool unrolled);
  bool has_links(Gid source) const {
    return static_cast<std::size_t>(source) < links_.size() && !links_[static_cast<std::size_t>(source)].empty();
  }
  bool any() const { return any_links_; }
  // During a run: a slice's spikes (from the spike list) and the draws of
  // generators drawn per target (poisson & co.: one event for one device link).
  void collect(Gid gid, Step step, std::uint32_t multiplicity, double weight_scale);
  void collect_drawn(std::size_t device, int receptor, double weight, Gid gid, Step step, std::uint32_t count);
  // Handles, in NEST's order, everything NEST would have handled once the
  // simulation reaches step `to` (`run_end`: the end of a Simulate call,
  // where NEST's last slice may be partial).
  void advance(Step to, bool run_end);

 private:
  struct Link {
    std::size_t device;
    int receptor;
    double weight;
    bool unrolled;  // a node with proxies (its events arrive one slice later, unrolled)
  };
  struct Pending {
    Gid gid;
    Step step;  // emission step (stamp - 1)
    std::uint32_t multiplicity;
    double weight_scale;
    std::int64_t link;  // >= 0: a drawn event for device link `drawn_[link]`; -1: all links of gid
    std::uint64_t part;  // Simulate call that emitted it (NEST registers a split slice part by part)
  };
  struct DrawnLink {
    std::size_t device;
    int receptor;
    double weight;
  };
  void handle_pending(const Pending& p, bool unrolled_batch);
  std::map<std::size_t, State> states_;  // by device index
  std::vector<std::vector<Link>> links_;  // by source gid
  std::vector<DrawnLink> drawn_;
  bool any_links_ = false;
  Step min_delay_ = 1;
  Step done_ = 0;  // steps handled up to (generators) ...
  std::uint64_t part_ = 0;
  std::vector<Pending> neuron_pending_, device_pending_;
};

}  // namespace roost
