// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What NEST 3.10's binary neurons (models/binary_neuron.h, instantiated with a
// gain function: mcculloch_pitts_neuron, ginzburg_neuron, erfc_neuron) share.
//
// A binary neuron is in state S = 0 or 1 and looks at its input h at random
// times: the intervals are exponential with mean tau_m, the first update time
// is drawn when the neuron first runs (NEST's pre_run_hook: absolute, from 0).
// Times are kept in tics as NEST's Time: a step n updates the neuron when
// n * h > t_next (at most once per step), then t_next += one more interval.
// At an update S becomes gain(h + I), I the current input of the step (read
// in the step it arrives, not one step later as in the iaf models). A change
// of S is sent as one spike: multiplicity 2 for 0 -> 1, 1 for 1 -> 0.
//
// h is the running sum of the binary input: delivery adds +w for a spike of
// multiplicity 2 and -w for one of multiplicity 1 (the model's
// `binary_input` trait, binary_input_factor in roost/backend.hpp), which is
// what NEST's handle(SpikeEvent) makes of the two single events a neuron's
// double spike is unrolled into. h is never reset.
//
// Draws come from the neuron's noise stream keyed by (seed, gid, step): the
// first interval (once), the gain's uniform, the next interval.

#include <array>
#include <cmath>
#include <cstring>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/rng.hpp"

namespace roost::models::binary {

enum State : int { h, S, t_next, n_state };
inline constexpr std::array<FieldSpec, n_state> state{{
    {"h", 0.0, "mV"},
    {"S", 0.0, "", FieldType::Bool},
    // NEST's t_next_ in tics; -1: not drawn yet (NEST's -inf).
    {"t_next", -1.0, "", FieldType::Double, true},
}};

enum Coef : int { tics_per_step, n_coef };
enum Channel : int { in, n_spike_channels };
inline constexpr std::array<const char*, 2> recordables{"S", "h"};

inline constexpr std::int64_t kTicsPerMs = 1000;

// NEST's Time::ms(t).get_tics() for t >= 0: the nearest tic.
ROOST_HD inline double ms_to_tics(double ms) { return std::floor(ms * static_cast<double>(kTicsPerMs) + 0.5); }

ROOST_HD inline int spike_channel(int receptor_type) { return receptor_type == 0 ? in : -1; }

// h and S are read-only in NEST (its State_::set takes nothing).
inline const char* check_key(const char* key) {
  if (std::strcmp(key, "h") == 0 || std::strcmp(key, "S") == 0) {
    return "the state variables h and S are read-only (NEST: unaccessed dictionary entry).";
  }
  return nullptr;
}

inline const char* check_tau(double tau_m) {
  return tau_m > 0.0 ? nullptr : "All time constants must be strictly positive.";
}

ROOST_HD inline void calibrate(Index i, Soa<n_coef> c, double h_ms) { c.col[tics_per_step][i] = ms_to_tics(h_ms); }

// The gains: whether the neuron is on after an update with total input x.
enum class Gain { mcculloch_pitts, ginzburg, erfc };
struct GainParams {
  double theta = 0.0, c_1 = 0.0, c_2 = 1.0, c_3 = 1.0, sigma = 1.0;
};

template <Gain G>
ROOST_HD inline bool gain(double x, const GainParams& g, RandomStream& noise) {
  if constexpr (G == Gain::mcculloch_pitts) {
    (void)noise;
    return x > g.theta;
  } else if constexpr (G == Gain::ginzburg) {
    return noise.uniform() < g.c_1 * x + g.c_2 * 0.5 * (1.0 + std::tanh(g.c_3 * (x - g.theta)));
  } else {
    return noise.uniform() < 0.5 * std::erfc(-(x - g.theta) / (std::sqrt(2.0) * g.sigma));
  }
}

// One step n of neuron i (NEST's binary_neuron::update for one lag).
template <Gain G>
ROOST_HD inline int step(Index i, Soa<n_state> s, ConstSoa<n_coef> c, double tau_m, const GainParams& g, const double* input,
                         std::int64_t n, RandomStream& noise) {
  double& next = s.col[t_next][i];
  if (next < 0.0) next = ms_to_tics(noise.exponential() * tau_m);
  s.col[h][i] += input[in];
  const double current = input[n_spike_channels];
  int spikes = 0;
  if (static_cast<double>(n) * c.col[tics_per_step][i] > next) {
    const bool on = gain<G>(s.col[h][i] + current, g, noise);
    const bool was_on = s.col[S][i] != 0.0;
    if (on != was_on) {
      spikes = on ? 2 : 1;
      s.col[S][i] = on ? 1.0 : 0.0;
    }
    next += ms_to_tics(noise.exponential() * tau_m);
  }
  return spikes;
}

// What the three binary models share beyond their gain: state, recordables,
// input, checks and calibration. NP: the model's parameter count (tau_m first).
template <int NP>
struct NeuronBase {
  using State = binary::State;
  static constexpr int n_state = binary::n_state;
  static constexpr auto state = binary::state;
  static constexpr int n_coef = binary::n_coef;
  static constexpr auto recordables = binary::recordables;
  static constexpr int n_spike_channels = binary::n_spike_channels;
  static constexpr bool counts_spikes = false;
  static constexpr bool binary_input = true;  // +w / -w by multiplicity (binary_delivery)
  static constexpr bool stochastic = true;
  static constexpr bool reads_step_number = true;

  ROOST_HD static int spike_channel(int receptor_type, double) { return binary::spike_channel(receptor_type); }
  static const char* validate(const double* p) { return binary::check_tau(p[0]); }
  static const char* validate_key(const double*, const char* key) { return binary::check_key(key); }
  ROOST_HD static void calibrate(Index i, ConstSoa<NP>, Soa<n_coef> c, double h) { binary::calibrate(i, c, h); }
};

}  // namespace roost::models::binary
