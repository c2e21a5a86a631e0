// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_cond_exp: leaky integrate-and-fire neuron with exponentially decaying
// synaptic conductances.
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in) + I_e + I_stim
//   dg_x/dt   = -g_x / tau_syn_x,  a spike of weight w (nS) adds |w| to g_x
//
// Positive weights open g_ex, negative ones g_in. Integrated with the adaptive
// RKF45 solver (absolute error 1e-3, NEST's hard-wired value); inside the
// right-hand side V is capped at V_th, and held at V_reset (dV/dt = 0) while
// refractory. After each step: this step's spikes are added to g, then V >= V_th
// is a spike (V = V_reset for t_ref). Reference: NEST 3.10 iaf_cond_exp
// (Meffin et al. 2004).

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/cond_common.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct iaf_cond_exp {
  static constexpr const char* model_name = "iaf_cond_exp";

  enum Param : int { V_th, V_reset, t_ref, g_L, C_m, E_ex, E_in, E_L, tau_syn_ex, tau_syn_in, I_e, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"V_th", -55.0, "mV"},
      {"V_reset", -60.0, "mV"},
      {"t_ref", 2.0, "ms"},
      {"g_L", 16.6667, "nS"},
      {"C_m", 250.0, "pF"},
      {"E_ex", 0.0, "mV"},
      {"E_in", -85.0, "mV"},
      {"E_L", -70.0, "mV"},
      {"tau_syn_ex", 0.2, "ms"},
      {"tau_syn_in", 2.0, "ms"},
      {"I_e", 0.0, "pA"},
  }};

  // The ODE variables come first (ode::load/store).
  static constexpr int n_ode = 3;
  enum State : int { V_m, g_ex, g_in, refractory_steps_left, I_stim, substep, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"g_ex", 0.0, "nS"},
      {"g_in", 0.0, "nS"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, n_coef };

  static constexpr std::array<const char*, 3> recordables{"V_m", "g_ex", "g_in"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) {
    return cond::check_iaf_cond(p[C_m], p[t_ref], p[V_reset], p[V_th], p[tau_syn_ex], p[tau_syn_in]);
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
  }

  struct Rhs {
    double V_th, V_reset, g_L, C_m, E_ex, E_in, E_L, tau_syn_ex, tau_syn_in, I_e, I_stim;
    bool refractory;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double V = refractory ? V_reset : (y[V_m] < V_th ? y[V_m] : V_th);
      const double I_syn_ex = y[g_ex] * (V - E_ex);
      const double I_syn_in = y[g_in] * (V - E_in);
      const double I_leak = g_L * (V - E_L);
      f[V_m] = refractory ? 0.0 : (-I_leak + I_stim + I_e - I_syn_ex - I_syn_in) / C_m;
      f[g_ex] = -y[g_ex] / tau_syn_ex;
      f[g_in] = -y[g_in] / tau_syn_in;
    }
  };

  ROOST_HD static Rhs make_rhs(Index i, ConstSoa<n_params> p, double I_stim, bool refractory) {
    return Rhs{p.col[V_th][i], p.col[V_reset][i], p.col[g_L][i], p.col[C_m][i], p.col[E_ex][i], p.col[E_in][i],
                p.col[E_L][i], p.col[tau_syn_ex][i], p.col[tau_syn_in][i], p.col[I_e][i], I_stim, refractory};
  }

  // in[ex], in[in]: summed weights (nS) arriving now; in[2]: step current (pA).
  static constexpr bool input_before_threshold = true;
  ROOST_HD static void add_input(Index, double* y, ConstSoa<n_coef>, const double* input) {
    y[g_ex] += input[ex];
    y[g_in] -= input[in];
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    return cond::step<iaf_cond_exp>(i, s, p, c, input);
  }
};

}  // namespace roost::models
