// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// eprop_readout: NEST 3.10's leaky-integrator readout neuron for e-prop
// plasticity (Bellec et al. 2020; Korcsak-Gorzo et al. 2025).
//
// Per step, with v = V_m - E_L (NEST's update):
//   v <- P_i_in i_in + z_in + P_v_m v,  v >= V_min - E_L
//        P_v_m = exp(-h/tau_m), P_i_in = tau_m/C_m (1 - P_v_m)
//   readout_signal y = v + E_L,  error_signal = y - y*
//   target_signal y*, y and the error are then multiplied by the learning
//   window signal
//   i_in <- (step current read now) + I_e
// Spikes (receptor 0) add their weights to v unscaled. The target signal y*
// and the learning window come from step_rate_generators through
// rate_connection_delayed on receptor_types target_signal (2) and
// eprop_learning_window (1), NEST's rate ports: a value the generator sends
// in step n is the one the readout uses in step n + 1, whatever the
// connection's delay (NEST's readout latches each arriving value at the
// start of the next slice and ignores the delay; e-prop needs min_delay = 1).
// Departures: NEST keeps the last value a port received while no event
// arrives (a generator outside its start/stop window) and takes the last of
// several connections to one port; Roost's port reads the sum of what
// arrived in the step (0 when nothing did).
//
// The error signal is what the readout sends to eprop_iaf neurons through
// eprop_learning_signal_connection, and its e-prop history
// (eprop_history_duration) exists only for targets of eprop_synapse; Roost
// has neither yet, which is NEST's eprop_indegree == 0 case (duration 0).

#include <array>
#include <limits>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/eprop_common.hpp"

namespace roost::models {

struct eprop_readout {
  static constexpr const char* model_name = "eprop_readout";

  enum Param : int { C_m, E_L, I_e, tau_m, V_min, eprop_isi_trace_cutoff, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"C_m", 250.0, "pF"},
      {"E_L", 0.0, "mV"},
      {"I_e", 0.0, "pA"},
      {"tau_m", 10.0, "ms"},
      {"V_min", -std::numeric_limits<double>::max(), "mV"},
      {"eprop_isi_trace_cutoff", std::numeric_limits<double>::infinity(), "ms"},
  }};

  enum State : int { V_m, error_signal, readout_signal, target_signal, i_in, eprop_history_duration, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", 0.0, "mV"},
      {"error_signal", 0.0, ""},
      {"readout_signal", 0.0, ""},
      {"target_signal", 0.0, ""},
      {"i_in", 0.0, "pA", FieldType::Double, true},
      {"eprop_history_duration", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { P_v_m, P_i_in, n_coef };

  static constexpr std::array<const char*, 5> recordables{"V_m", "eprop_history_duration", "error_signal",
                                                          "readout_signal", "target_signal"};
  // NEST's receptor_types: port k + 1 is receptor_names[k] (rate ports).
  static constexpr std::array<const char*, 2> receptor_names{"eprop_learning_window", "target_signal"};
  enum Receptor : int { kSpikes = 0, kLearningWindow = 1, kTargetSignal = 2 };
  // Spikes, then the learning window and the target signal (rate channels).
  static constexpr int n_spike_channels = 3;
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double /*weight*/) {
    return receptor_type >= kSpikes && receptor_type <= kTargetSignal ? receptor_type : -1;
  }
  // Receptors that take delayed rates (rate_connection_delayed), not spikes.
  static bool rate_receptor(int receptor_type) {
    return receptor_type == kLearningWindow || receptor_type == kTargetSignal;
  }
  // NEST's message for a step_rate_generator on another port.
  static constexpr const char* rate_receptor_error =
      "eprop_readout neurons expect a connection with a step_rate_generator node through receptor_type 1 or 2.";

  static const char* validate(const double* p) {
    if (const char* problem = eprop::check_cutoff(p[eprop_isi_trace_cutoff])) return problem;
    if (!(p[C_m] > 0.0)) return "C_m > 0 required.";
    if (!(p[tau_m] > 0.0)) return "tau_m > 0 required.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[P_v_m][i] = std::exp(-h / p.col[tau_m][i]);
    c.col[P_i_in][i] = p.col[tau_m][i] / p.col[C_m][i] * (1.0 - c.col[P_v_m][i]);
  }

  // in[0]: spike weights; in[1]: learning window; in[2]: target signal;
  // in[3]: the step current read now.
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* in) {
    const double E = p.col[E_L][i];
    double v = s.col[V_m][i] - E;
    v = c.col[P_i_in][i] * s.col[i_in][i] + in[kSpikes] + c.col[P_v_m][i] * v;
    const double v_min = p.col[V_min][i] - E;
    if (v < v_min) v = v_min;
    const double window = in[kLearningWindow];
    const double target = in[kTargetSignal];
    const double y = v + E;
    s.col[readout_signal][i] = y * window;
    s.col[error_signal][i] = (y - target) * window;
    s.col[target_signal][i] = target * window;
    s.col[i_in][i] = in[3] + p.col[I_e][i];
    s.col[V_m][i] = v + E;
    return 0;
  }
};

}  // namespace roost::models
