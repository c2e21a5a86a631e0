// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_chxk_2008: conductance-based integrate-and-fire neuron without reset and
// with an after-hyperpolarising (AHP) conductance started at each spike
// (Casti et al. 2008, after Brette's model).
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) - g_ahp (V - E_ahp) + I_e + I_stim
//   g_x: alpha-shaped conductances (dg_x' = -dg_x/tau_x, g_x' = dg_x - g_x/tau_x);
//   a spike of weight w (nS) adds |w| e/tau_syn_x to dg_ex (w > 0) or dg_in
//
// Integrated with the adaptive RKF45 solver (absolute error 1e-3, NEST's
// hard-wired value). A spike is an upward crossing of V_th between two step
// ends; V is not reset. Its time is linearly interpolated: dt = h (V - V_th) /
// (V - V_prev) before the step's end, sent as the spike's offset (a spike
// recorder shows stamp - dt), and the AHP conductance starts at that time:
// dg_ahp += g_ahp e/tau_ahp exp(-dt/tau_ahp), g_ahp += that increment * dt
// (ahp_bug = True replaces instead of adding, as the original model). After
// that, the step's spikes enter dg_ex / dg_in. Reference: NEST 3.10
// iaf_chxk_2008.

#include <array>
#include <cmath>
#include <numbers>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/ode_model.hpp"

namespace roost::models {

struct iaf_chxk_2008 {
  static constexpr const char* model_name = "iaf_chxk_2008";

  enum Param : int { V_th, g_L, C_m, E_ex, E_in, E_L, tau_syn_ex, tau_syn_in, I_e, tau_ahp, g_ahp, E_ahp, ahp_bug, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"V_th", -45.0, "mV"},
      {"g_L", 100.0, "nS"},
      {"C_m", 1000.0, "pF"},
      {"E_ex", 20.0, "mV"},
      {"E_in", -90.0, "mV"},
      {"E_L", -60.0, "mV"},
      {"tau_syn_ex", 1.0, "ms"},
      {"tau_syn_in", 1.0, "ms"},
      {"I_e", 0.0, "pA"},
      {"tau_ahp", 0.5, "ms"},
      {"g_ahp", 443.8, "nS"},
      {"E_ahp", -95.0, "mV"},
      {"ahp_bug", 0.0, "", FieldType::Bool},
  }};

  // The ODE variables come first; NEST shows only V_m, the rest is recordable.
  enum State : int {
    V_m, dg_ex, g_ex, dg_in, g_in, dg_ahp, g_ahp_state, I_stim, substep, I_syn_ex, I_syn_in, I_ahp, spike_offset,
    n_state
  };
  static constexpr int n_ode = 7;
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -60.0, "mV"},
      {"dg_ex", 0.0, "nS/ms", FieldType::Double, true},
      {"g_ex", 0.0, "nS", FieldType::Double, true},
      {"dg_in", 0.0, "nS/ms", FieldType::Double, true},
      {"g_in", 0.0, "nS", FieldType::Double, true},
      {"dg_ahp", 0.0, "nS/ms", FieldType::Double, true},
      {"g_ahp_conductance", 0.0, "nS", FieldType::Double, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
      {"I_syn_ex", 0.0, "pA", FieldType::Double, true},
      {"I_syn_in", 0.0, "pA", FieldType::Double, true},
      {"I_ahp", 0.0, "pA", FieldType::Double, true},
      {"spike_offset", 0.0, "ms", FieldType::Double, true},
  }};
  static constexpr int spike_offset_field = spike_offset;
  // NEST's recordable g_ahp is the conductance (the parameter g_ahp is its peak).
  static constexpr std::array<RecordedAs, 1> recorded_as{{{"g_ahp", "g_ahp_conductance"}}};

  enum Coef : int { resolution, ex_init, in_init, ahp_init, n_coef };

  static constexpr std::array<const char*, 7> recordables{"V_m", "g_ex", "g_in", "g_ahp", "I_syn_ex", "I_syn_in",
                                                           "I_ahp"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    if (receptor_type != 0) return -1;
    return weight > 0.0 ? ex : in;
  }

  static const char* validate(const double* p) {
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    if (!(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0) || !(p[tau_ahp] > 0.0)) {
      return "All time constants must be strictly positive.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    constexpr double e = std::numbers::e;
    c.col[resolution][i] = h;
    c.col[ex_init][i] = e / p.col[tau_syn_ex][i];
    c.col[in_init][i] = e / p.col[tau_syn_in][i];
    c.col[ahp_init][i] = p.col[g_ahp][i] * e / p.col[tau_ahp][i];
  }

  struct Rhs {
    double g_L, C_m, E_ex, E_in, E_L, E_ahp, tau_ex, tau_in, tau_ahp, I_e, I_stim;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double V = y[V_m];
      const double I = -g_L * (V - E_L) - y[g_ex] * (V - E_ex) - y[g_in] * (V - E_in) - y[g_ahp_state] * (V - E_ahp);
      f[V_m] = (I + I_stim + I_e) / C_m;
      f[dg_ex] = -y[dg_ex] / tau_ex;
      f[g_ex] = y[dg_ex] - y[g_ex] / tau_ex;
      f[dg_in] = -y[dg_in] / tau_in;
      f[g_in] = y[dg_in] - y[g_in] / tau_in;
      f[dg_ahp] = -y[dg_ahp] / tau_ahp;
      f[g_ahp_state] = y[dg_ahp] - y[g_ahp_state] / tau_ahp;
    }
  };

  // input[ex], input[in]: summed weights (nS) arriving now; input[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    const Rhs rhs{p.col[g_L][i],      p.col[C_m][i],       p.col[E_ex][i],    p.col[E_in][i],
                  p.col[E_L][i],      p.col[E_ahp][i],     p.col[tau_syn_ex][i], p.col[tau_syn_in][i],
                  p.col[tau_ahp][i],  p.col[I_e][i],       s.col[I_stim][i]};
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    const double V_prev = y[V_m];
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    ode::integrate_step<n_ode>(rhs, ode::ErrorControl::on_values(1e-3, 0.0), h, substep_size, y);
    s.col[substep][i] = substep_size;
    const double theta = p.col[V_th][i];
    int spikes = 0;
    if (V_prev < theta && y[V_m] >= theta) {
      const double dt = h * (y[V_m] - theta) / (y[V_m] - V_prev);
      const double delta_dg = c.col[ahp_init][i] * std::exp(-dt / p.col[tau_ahp][i]);
      if (p.col[ahp_bug][i] != 0.0) {
        y[g_ahp_state] = delta_dg * dt;
        y[dg_ahp] = delta_dg;
      } else {
        y[g_ahp_state] += delta_dg * dt;
        y[dg_ahp] += delta_dg;
      }
      s.col[spike_offset][i] = dt;
      spikes = 1;
    }
    y[dg_ex] += input[ex] * c.col[ex_init][i];
    y[dg_in] -= input[in] * c.col[in_init][i];  // negative weights open g_in by their magnitude
    ode::store<n_ode>(s, i, y);
    const double V = y[V_m];
    s.col[I_syn_ex][i] = y[g_ex] * (V - p.col[E_ex][i]);
    s.col[I_syn_in][i] = y[g_in] * (V - p.col[E_in][i]);
    s.col[I_ahp][i] = y[g_ahp_state] * (V - p.col[E_ahp][i]);
    s.col[I_stim][i] = input[n_spike_channels];
    return spikes;
  }
};

}  // namespace roost::models
