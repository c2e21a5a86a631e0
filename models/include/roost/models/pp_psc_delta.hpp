// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// pp_psc_delta: point-process neuron with leaky integration of delta-shaped
// input currents (Cox process; Jolivet et al. 2006 escape-noise form).
//
//   dV/dt = -V/tau_m + (I_e + I_stim)/C_m,  a spike of weight w makes V jump by w (mV)
//   rate(t) = c_1 V' + c_2 exp(c_3 V'),  V' = V - E_sfa
//   E_sfa = sum_k q_k, each q_k decays with tau_sfa[k] and jumps by q_sfa[k] per spike
//
// In each step outside the dead time the neuron draws its spikes from its
// noise stream (keyed by gid and step): with a dead time, one spike with
// probability 1 - exp(-rate h); without, a Poisson number with mean rate h.
// After a spike: the dead time (fixed, or gamma-distributed with shape
// dead_time_shape and mean dead_time when dead_time_random), and V = 0 if
// with_reset. V is relative to rest (no E_L). Reference: NEST 3.10 pp_psc_delta.

#include <array>
#include <cmath>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/multisynapse_common.hpp"
#include "roost/models/propagators.hpp"
#include "roost/ring_buffer.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct pp_psc_delta {
  static constexpr const char* model_name = "pp_psc_delta";

  enum Param : int {
    tau_m, C_m, dead_time, dead_time_random, dead_time_shape, with_reset, c_1, c_2, c_3, I_e, t_ref_remaining,
    n_sfa, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_m", 10.0, "ms"},
      {"C_m", 250.0, "pF"},
      {"dead_time", 1.0, "ms"},
      {"dead_time_random", 0.0, "", FieldType::Bool},
      {"dead_time_shape", 1.0, "", FieldType::Int},
      {"with_reset", 1.0, "", FieldType::Bool},
      {"c_1", 0.0, "Hz/mV"},
      {"c_2", 1.238, "Hz"},
      {"c_3", 0.25, "1/mV"},
      {"I_e", 0.0, "pA"},
      {"t_ref_remaining", 0.0, "ms"},
      {"n_sfa", 0.0, "", FieldType::Int, true},
  }};

  // dead_steps_left < 0: not started (the first step sets it from t_ref_remaining).
  enum State : int { V_m, E_sfa, dead_steps_left, I_stim, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", 0.0, "mV"},
      {"E_sfa", 0.0, "mV"},
      {"dead_steps_left", -1.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
  }};

  enum List : int { tau_sfa, q_sfa, q_elems };
  static constexpr std::array<ListGroupSpec, 1> list_groups{{
      {n_sfa, 0, 0, "'tau_sfa' and 'q_sfa' need to have the same dimension."},
  }};
  static constexpr std::array<ListSpec, 3> lists{{
      {"tau_sfa", 34.0, "ms", 0, ListRole::param},
      {"q_sfa", 0.0, "mV", 0, ListRole::param},
      {"q_elems", 0.0, "mV", 0, ListRole::hidden_state},
  }};
  static constexpr int receptor_group = -1;  // one input port (receptor 0)

  enum Coef : int { P33, P30, h_ms, dead_steps, dead_time_rate, start_steps, n_coef };
  enum CoefList : int { Q33 };
  static constexpr std::array<int, 1> coef_list_groups{0};

  static constexpr std::array<const char*, 2> recordables{"V_m", "E_sfa"};
  enum Channel : int { in, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool stochastic = true;

  ROOST_HD static int spike_channel(int receptor_type, double) { return receptor_type == 0 ? in : -1; }

  static const char* validate(const double* p) {
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    if (!(p[dead_time] >= 0.0)) return "Absolute refractory time must not be negative.";
    if (!(p[dead_time_shape] >= 1.0)) return "Shape of the dead time gamma distribution must not be smaller than 1.";
    if (!(p[tau_m] > 0.0)) return "All time constants must be strictly positive.";
    if (!(p[t_ref_remaining] >= 0.0)) return "Remaining refractory time can not be negative.";
    if (!(p[c_3] >= 0.0)) return "c_3 must be positive.";
    return nullptr;
  }

  static const char* validate_lists(const double*, const std::vector<double>* l) {
    const std::vector<double>& tau = l[tau_sfa];
    if (!multisynapse::all_positive(tau.data(), static_cast<int>(tau.size()))) {
      return "All time constants must be strictly positive.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<3>& l,
                                 const ListSoa<1>& cl, double h) {
    const double tau = p.col[tau_m][i];
    c.col[P33][i] = std::exp(-h / tau);
    c.col[P30][i] = 1.0 / p.col[C_m][i] * (1.0 - c.col[P33][i]) * tau;
    c.col[h_ms][i] = h;
    // NEST lengthens a dead time shorter than one step to one step.
    const double dead = p.col[dead_time][i] != 0.0 && p.col[dead_time][i] < h ? h : p.col[dead_time][i];
    c.col[dead_steps][i] = steps_of(dead, h);
    c.col[dead_time_rate][i] = dead > 0.0 ? p.col[dead_time_shape][i] / dead : 0.0;
    c.col[start_steps][i] = steps_of(p.col[t_ref_remaining][i], h);
    const int n = static_cast<int>(p.col[n_sfa][i]);
    for (int k = 0; k < n; ++k) cl.at(Q33, k, i) = std::exp(-h / l.at(tau_sfa, k, i));
  }

  // A gamma(shape) draw for an integer shape: a sum of exponentials.
  ROOST_HD static double gamma_draw(RandomStream& noise, int shape) {
    double sum = 0.0;
    for (int k = 0; k < shape; ++k) sum += noise.exponential();
    return sum;
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const ListSoa<3>& l,
                           const ListSoa<1>& cl, const InputCells& input, RandomStream& noise) {
    double& r = s.col[dead_steps_left][i];
    if (r < 0.0) r = c.col[start_steps][i];
    double& V = s.col[V_m][i];
    V = c.col[P30][i] * (s.col[I_stim][i] + p.col[I_e][i]) + c.col[P33][i] * V + input.take(in);
    const int n = static_cast<int>(p.col[n_sfa][i]);
    double q = 0.0;
    for (int k = 0; k < n; ++k) {
      double& elem = l.at(q_elems, k, i);
      elem *= cl.at(Q33, k, i);
      q += elem;
    }
    s.col[E_sfa][i] = q;
    int spikes = 0;
    if (r == 0.0) {
      const double V_eff = V - q;
      const double rate = p.col[c_1][i] * V_eff + p.col[c_2][i] * std::exp(p.col[c_3][i] * V_eff);
      if (rate > 0.0) {
        const double mean = rate * c.col[h_ms][i] * 1e-3;  // rate in 1/s
        if (p.col[dead_time][i] > 0.0) {
          spikes = noise.uniform() <= -std::expm1(-mean) ? 1 : 0;
        } else {
          spikes = static_cast<int>(noise.poisson(mean));
        }
        if (spikes > 0) {
          r = p.col[dead_time_random][i] != 0.0
                  ? steps_of(gamma_draw(noise, static_cast<int>(p.col[dead_time_shape][i])) / c.col[dead_time_rate][i],
                             c.col[h_ms][i])
                  : c.col[dead_steps][i];
          for (int k = 0; k < n; ++k) l.at(q_elems, k, i) += l.at(q_sfa, k, i) * spikes;
          if (p.col[with_reset][i] != 0.0) V = 0.0;
        }
      }
    } else {
      r -= 1.0;
    }
    s.col[I_stim][i] = input.current();
    return spikes;
  }
};

}  // namespace roost::models
