// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// siegert_neuron: the mean firing rate of a population of leaky
// integrate-and-fire neurons in the diffusion approximation (Fourcaud &
// Brunel 2002; Schuecker et al. 2015), relaxing with time constant tau:
//
//   tau dr/dt = -r + mean + Phi(mu, sigma^2)
//
// Phi is the Siegert formula (siegert_math.hpp) of the drift mu and the
// variance sigma^2 that diffusion_connections bring in (drift_factor x rate,
// diffusion_factor x rate, summed over the incoming connections), with
// theta, V_reset relative to the resting potential, tau_m, tau_syn and t_ref.
// Exact exponential integration per step (P1 = exp(-h/tau)). It sends, for
// every step, its rate at the start of the step through diffusion_connection
// (an instantaneous secondary connection: solved by waveform relaxation, as
// NEST), and takes no spikes, currents or rate connections.
// Reference: NEST 3.10 siegert_neuron.

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/rate_nonlinearities.hpp"
#include "roost/models/siegert_math.hpp"

namespace roost::models {

struct siegert_neuron {
  static constexpr const char* model_name = "siegert_neuron";
  static constexpr bool rate_node = true;       // carried by the rate transmission
  static constexpr bool diffusion_node = true;  // through diffusion_connection only

  enum Param : int { tau, tau_m, tau_syn, t_ref, mean, theta, V_reset, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau", 1.0, "ms"},
      {"tau_m", 5.0, "ms"},
      {"tau_syn", 0.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"mean", 0.0, "1/s"},
      {"theta", 15.0, "mV"},
      {"V_reset", 0.0, "mV"},
  }};
  enum State : int { rate, sent_rate, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"rate", 0.0, "1/s"},
      {"sent_rate", 0.0, "1/s", FieldType::Double, true},
  }};
  static constexpr int rate_out_field = sent_rate;
  static constexpr int rate_instant_field = rate;
  static constexpr int rate_relax_field = rate;
  static bool sums_linearly(const double*) { return true; }
  static RateGain rate_gain(const double*) { return RateGain{}; }

  enum Coef : int { P1, P2, n_coef };
  static constexpr std::array<const char*, 1> recordables{"rate"};
  // The summed drift (mV) and variance (mV^2) of this step.
  enum Channel : int { drift, diffusion, n_spike_channels };
  static constexpr int diffusion_channel = drift;  // first of the two
  static constexpr bool counts_spikes = false;
  static constexpr bool accepts_current = false;

  ROOST_HD static int spike_channel(int receptor_type, double) { return receptor_type != 0 ? -1 : drift; }

  static const char* validate(const double* p) {
    if (p[V_reset] >= p[theta]) return "Reset potential must be smaller than threshold.";
    if (p[t_ref] < 0.0) return "Refractory time must not be negative.";
    if (!(p[tau] > 0.0)) return "time constant must be > 0.";
    if (!(p[tau_m] > 0.0)) return "Membrane time constant must be > 0.";
    if (p[tau_syn] < 0.0) return "Membrane time constant must not be negative.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[P1][i] = std::exp(-h / p.col[tau][i]);
    c.col[P2][i] = -std::expm1(-h / p.col[tau][i]);
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    const double r = s.col[rate][i];
    s.col[sent_rate][i] = r;
    const double drive = siegert::rate(input[drift], input[diffusion], p.col[theta][i], p.col[V_reset][i],
                                       p.col[tau_m][i], p.col[tau_syn][i], p.col[t_ref][i]);
    s.col[rate][i] = c.col[P1][i] * r + c.col[P2][i] * (p.col[mean][i] + drive);
    return 0;
  }
};

}  // namespace roost::models
