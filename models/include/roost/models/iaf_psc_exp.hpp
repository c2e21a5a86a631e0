// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_psc_exp: leaky integrate-and-fire neuron with exponentially decaying
// post-synaptic currents.
//
//   dV/dt     = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   dI_syn_x/dt = -I_syn_x/tau_syn_x,  each spike adds its weight (pA) to I_syn_x
//
// Positive weights go to the excitatory, negative weights to the inhibitory
// current. Exact integration on the grid; while refractory (t_ref) V is clamped to
// V_reset but the synaptic currents keep evolving. A step current read in step n
// acts from step n+1 on. Reference: NEST 3.10 iaf_psc_exp (Tsodyks et al. 1998
// for the current shape, Rotter & Diesmann 1999 for the integration).
// Escape noise (delta > 0): instead of the hard threshold the neuron spikes in
// a step with probability rho exp((V - V_th)/delta) h, drawn from its noise
// stream (keyed by gid and step), as NEST's stochastic threshold.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/propagators.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct iaf_psc_exp {
  static constexpr const char* model_name = "iaf_psc_exp";

  enum Param : int { E_L, C_m, tau_m, t_ref, V_th, V_reset, I_e, tau_syn_ex, tau_syn_in, delta, rho, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"C_m", 250.0, "pF"},
      {"tau_m", 10.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"V_th", -55.0, "mV", FieldType::Double},
      {"V_reset", -70.0, "mV", FieldType::Double},
      {"I_e", 0.0, "pA"},
      {"tau_syn_ex", 2.0, "ms"},
      {"tau_syn_in", 2.0, "ms"},
      {"delta", 0.0, "mV"},
      {"rho", 0.01, "1/s"},
  }};

  enum State : int { V_m, I_syn_ex, I_syn_in, refractory_steps_left, I_stim, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"I_syn_ex", 0.0, "pA"},
      {"I_syn_in", 0.0, "pA"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
  }};

  enum Coef : int { P22, P20, P21ex, P21in, P11ex, P11in, refractory_steps, escape_rate_per_step, n_coef };

  static constexpr std::array<const char*, 3> recordables{"V_m", "I_syn_ex", "I_syn_in"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool stochastic = true;  // escape noise when delta > 0

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) {
    if (const char* problem = iaf::check_membrane(p[C_m], p[tau_m], p[t_ref], p[V_reset], p[V_th])) return problem;
    if (const char* problem = iaf::check_synapses(p[tau_syn_ex], p[tau_syn_in])) return problem;
    if (!(p[rho] >= 0.0)) return "Stochastic firing intensity (rho) must not be negative.";
    if (!(p[delta] >= 0.0)) return "Width of threshold region (delta) must not be negative.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    const double tau = p.col[tau_m][i];
    const double C = p.col[C_m][i];
    c.col[P22][i] = std::exp(-h / tau);
    c.col[P20][i] = -tau / C * std::expm1(-h / tau);
    c.col[P11ex][i] = std::exp(-h / p.col[tau_syn_ex][i]);
    c.col[P11in][i] = std::exp(-h / p.col[tau_syn_in][i]);
    c.col[P21ex][i] = propagator_exp_current(p.col[tau_syn_ex][i], tau, C, h);
    c.col[P21in][i] = propagator_exp_current(p.col[tau_syn_in][i], tau, C, h);
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    c.col[escape_rate_per_step][i] = p.col[rho][i] * h * 1e-3;  // rho in 1/s
  }

  // in[ex], in[in]: summed weights (pA) arriving now; in[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           RandomStream& noise) {
    const double E = p.col[E_L][i];
    double y = s.col[V_m][i] - E;
    if (s.col[refractory_steps_left][i] == 0.0) {
      y = y * c.col[P22][i] + (p.col[I_e][i] + s.col[I_stim][i]) * c.col[P20][i] +
          s.col[I_syn_ex][i] * c.col[P21ex][i] + s.col[I_syn_in][i] * c.col[P21in][i];
    } else {
      s.col[refractory_steps_left][i] -= 1.0;
    }
    // Currents decay, then this step's spikes act at once on them.
    s.col[I_syn_ex][i] = s.col[I_syn_ex][i] * c.col[P11ex][i] + input[ex];
    s.col[I_syn_in][i] = s.col[I_syn_in][i] * c.col[P11in][i] + input[in];
    const double theta = p.col[V_th][i] - E;
    const double width = p.col[delta][i];
    // NEST's test: the hard threshold below delta = 1e-10, else one uniform draw per step.
    const bool fires = width < 1e-10 ? y >= theta
                                     : noise.uniform() < c.col[escape_rate_per_step][i] * std::exp((y - theta) / width);
    int spikes = 0;
    if (fires) {
      s.col[refractory_steps_left][i] = c.col[refractory_steps][i];
      y = p.col[V_reset][i] - E;
      spikes = 1;
    }
    s.col[I_stim][i] = input[n_spike_channels];
    s.col[V_m][i] = y + E;
    return spikes;
  }
};

}  // namespace roost::models
