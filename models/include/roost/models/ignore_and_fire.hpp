// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// ignore_and_fire: fires at a fixed rate, whatever its input (for benchmarks and
// for checking connectivity and spike delivery: its output does not depend on
// the network).
//
// The firing period is P = 1000/rate ms and the neuron's first spike comes
// phase * P after the start: with P and phase * P in whole steps (NEST's Time
// rounding), a countdown starts at phase * P; a step that begins with the
// countdown at 0 emits a spike and restarts it at P - 1 steps, every other step
// counts it down by one. So the spikes are stamped (phase * P + 1) h,
// (phase * P + 1 + P) h, ... (7.6, 32.6, ... ms for rate 40/s, phase 0.3,
// h = 0.1 ms). The countdown carries over from one Simulate to the next and
// starts again from phase when phase or rate are set. Spikes (receptor 0, any
// weight) and currents are accepted and ignored. No recordables.
// Reference: NEST 3.10 ignore_and_fire.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct ignore_and_fire {
  static constexpr const char* model_name = "ignore_and_fire";

  enum Param : int { phase, rate, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"phase", 1.0, ""},
      {"rate", 10.0, "1/s"},
  }};

  // The countdown and the phase and rate it was started from (0: not started;
  // both are > 0 once it is).
  enum State : int { countdown, countdown_phase, countdown_rate, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"countdown", 0.0, "", FieldType::Int, true},
      {"countdown_phase", 0.0, "", FieldType::Double, true},
      {"countdown_rate", 0.0, "1/s", FieldType::Double, true},
  }};

  enum Coef : int { phase_steps, period_steps, n_coef };

  static constexpr std::array<const char*, 0> recordables{};
  // NEST files spikes by sign and takes currents, and then reads neither: one
  // channel that is never read is enough.
  enum Channel : int { ignored, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double /*weight*/) {
    return receptor_type == 0 ? ignored : -1;
  }

  static const char* validate(const double* p) {
    if (!(p[phase] > 0.0 && p[phase] <= 1.0)) return "Phase must be > 0 and <= 1.";
    if (!(p[rate] > 0.0)) return "Firing rate must be > 0.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    const double r = p.col[rate][i];
    c.col[period_steps][i] = nest_steps_of(1.0 / r * 1000.0, h);
    c.col[phase_steps][i] = nest_steps_of(p.col[phase][i] / r * 1000.0, h);
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double*) {
    double& left = s.col[countdown][i];
    if (s.col[countdown_phase][i] != p.col[phase][i] || s.col[countdown_rate][i] != p.col[rate][i]) {
      left = c.col[phase_steps][i];
      s.col[countdown_phase][i] = p.col[phase][i];
      s.col[countdown_rate][i] = p.col[rate][i];
    }
    if (left == 0.0) {
      left = c.col[period_steps][i] - 1.0;
      return 1;
    }
    left -= 1.0;
    return 0;
  }
};

}  // namespace roost::models
