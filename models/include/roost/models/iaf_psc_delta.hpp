// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_psc_delta: leaky integrate-and-fire neuron with delta-shaped synaptic input.
//
//   dV/dt = -(V - E_L)/tau_m + (I_e + I_stim(t))/C_m + sum_k w_k delta(t - t_k)
//
// Each incoming spike makes V jump by its weight (mV). Exact integration on the
// time grid (Rotter & Diesmann 1999). When V >= V_th, the neuron spikes, V is set
// to V_reset and held there for t_ref; input arriving while refractory is dropped
// unless refractory_input is true, in which case it is added, discounted by the
// membrane decay, at the end of the refractory period. V never goes below V_min.
// A step current read in step n acts from step n+1 on (NEST's one-step latch).
// With ignore_and_spike (NEST's ignore-and-spike mechanism) the neuron spikes
// at ignore_and_spike_offset and then every ignore_and_spike_interval
// (rounded to steps), and at no other time, whatever V does: the dynamics
// run on, a forced spike resets V and starts t_ref as usual.
// Reference: NEST 3.10 iaf_psc_delta; spike time = end of the threshold step.

#include <limits>

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct iaf_psc_delta {
  static constexpr const char* model_name = "iaf_psc_delta";

  enum Param : int {
    E_L, C_m, tau_m, t_ref, V_th, V_reset, I_e, V_min, refractory_input, ignore_and_spike, ignore_and_spike_offset,
    ignore_and_spike_interval, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"C_m", 250.0, "pF"},
      {"tau_m", 10.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"V_th", -55.0, "mV", FieldType::Double},
      {"V_reset", -70.0, "mV", FieldType::Double},
      {"I_e", 0.0, "pA"},
      {"V_min", -std::numeric_limits<double>::max(), "mV", FieldType::Double},
      {"refractory_input", 0.0, "", FieldType::Bool},
      // NEST's ignore-and-spike mechanism: spike every interval from offset on, whatever V_m does.
      {"ignore_and_spike", 0.0, "", FieldType::Bool},
      {"ignore_and_spike_offset", 1.0, "ms"},
      {"ignore_and_spike_interval", 100.0, "ms"},
  }};

  enum State : int { V_m, refractory_steps_left, refractory_input_sum, I_stim, steps_until_spike, offset_applied, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"refractory_input_sum", 0.0, "mV", FieldType::Double, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      // The countdown to the next forced spike, and the offset it was started from
      // (-1: none yet; NEST restarts the countdown whenever the offset is set).
      {"steps_until_spike", 0.0, "", FieldType::Int, true},
      {"offset_applied", -1.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { P33, P30, refractory_steps, minus_h_over_tau_m, offset_steps, interval_steps, n_coef };

  static constexpr std::array<const char*, 1> recordables{"V_m"};
  static constexpr int n_spike_channels = 1;  // signed weights, one channel
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double /*weight*/) { return receptor_type == 0 ? 0 : -1; }

  static const char* validate(const double* p) {
    if (const char* problem = iaf::check_membrane(p[C_m], p[tau_m], p[t_ref], p[V_reset], p[V_th])) return problem;
    if (!(p[ignore_and_spike_offset] > 0.0)) return "ignore_and_spike_offset > 0 required.";
    if (!(p[ignore_and_spike_interval] > 0.0)) return "ignore_and_spike_interval > 0 required.";
    return iaf::check_lower_bound(p[V_min], p[V_reset]);
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    const double tau = p.col[tau_m][i];
    c.col[P33][i] = std::exp(-h / tau);
    c.col[P30][i] = -tau / p.col[C_m][i] * std::expm1(-h / tau);
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    c.col[minus_h_over_tau_m][i] = -h / tau;
    c.col[offset_steps][i] = std::round(p.col[ignore_and_spike_offset][i] / h);
    c.col[interval_steps][i] = std::round(p.col[ignore_and_spike_interval][i] / h);
  }

  // NEST's IgnoreAndSpikeMechanism: while enabled, a countdown (started from
  // the offset, restarted from the interval at each spike) decides the spikes.
  ROOST_HD static bool forced_spike_due(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c) {
    double& left = s.col[steps_until_spike][i];
    if (s.col[offset_applied][i] != p.col[ignore_and_spike_offset][i]) {
      left = c.col[offset_steps][i];
      s.col[offset_applied][i] = p.col[ignore_and_spike_offset][i];
    }
    left -= 1.0;
    if (left != 0.0) return false;
    left = c.col[interval_steps][i];
    return true;
  }

  // One step of h; in[0] = summed spike weights (mV) arriving now, in[1] = step
  // current (pA) read now. Returns the number of spikes emitted (0 or 1).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* in) {
    const double E = p.col[E_L][i];
    double y = s.col[V_m][i] - E;  // NEST integrates V relative to E_L
    if (s.col[refractory_steps_left][i] == 0.0) {
      y = c.col[P30][i] * (s.col[I_stim][i] + p.col[I_e][i]) + c.col[P33][i] * y + in[0];
      if (p.col[refractory_input][i] != 0.0 && s.col[refractory_input_sum][i] != 0.0) {
        y += s.col[refractory_input_sum][i];
        s.col[refractory_input_sum][i] = 0.0;
      }
      const double y_min = p.col[V_min][i] - E;
      if (y < y_min) y = y_min;
    } else {
      if (p.col[refractory_input][i] != 0.0) {
        // Discount by the decay until the end of the refractory period.
        s.col[refractory_input_sum][i] +=
            in[0] * std::exp(s.col[refractory_steps_left][i] * c.col[minus_h_over_tau_m][i]);
      }
      s.col[refractory_steps_left][i] -= 1.0;
    }
    int spikes;
    if (p.col[ignore_and_spike][i] != 0.0) {
      spikes = forced_spike_due(i, s, p, c) ? 1 : 0;
      if (spikes > 0) {
        s.col[refractory_steps_left][i] = c.col[refractory_steps][i];
        y = p.col[V_reset][i] - E;
      }
    } else {
      spikes = iaf::fire_if_above(y, p.col[V_th][i] - E, p.col[V_reset][i] - E, s.col[refractory_steps_left][i],
                                  c.col[refractory_steps][i]);
    }
    s.col[I_stim][i] = in[1];
    s.col[V_m][i] = y + E;
    return spikes;
  }
};

}  // namespace roost::models
