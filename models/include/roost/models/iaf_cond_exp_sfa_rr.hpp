// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_cond_exp_sfa_rr: iaf_cond_exp with spike-frequency adaptation and a
// relative refractory mechanism (Dayan & Abbott 2001; Meffin et al. 2004).
//
//   C_m dV/dt = -g_L (V - E_L) - g_ex (V - E_ex) - g_in (V - E_in)
//               - g_sfa (V - E_sfa) - g_rr (V - E_rr) + I_e + I_stim
//   dg_x/dt = -g_x / tau_x   for x = ex, in (tau_syn_*), sfa, rr
//
// At a spike g_sfa += q_sfa and g_rr += q_rr. Otherwise as iaf_cond_exp:
// adaptive RKF45 (absolute error 1e-3), V capped at V_th in the right-hand
// side and held at V_reset for t_ref; after each step the step's spikes enter
// g_ex / g_in, then the threshold test. Reference: NEST 3.10 iaf_cond_exp_sfa_rr.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/cond_common.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct iaf_cond_exp_sfa_rr {
  static constexpr const char* model_name = "iaf_cond_exp_sfa_rr";

  enum Param : int {
    V_th, V_reset, t_ref, g_L, C_m, E_ex, E_in, E_L, tau_syn_ex, tau_syn_in, I_e, tau_sfa, tau_rr, E_sfa, E_rr,
    q_sfa, q_rr, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"V_th", -57.0, "mV"},
      {"V_reset", -70.0, "mV"},
      {"t_ref", 0.5, "ms"},
      {"g_L", 28.95, "nS"},
      {"C_m", 289.5, "pF"},
      {"E_ex", 0.0, "mV"},
      {"E_in", -75.0, "mV"},
      {"E_L", -70.0, "mV"},
      {"tau_syn_ex", 1.5, "ms"},
      {"tau_syn_in", 10.0, "ms"},
      {"I_e", 0.0, "pA"},
      {"tau_sfa", 110.0, "ms"},
      {"tau_rr", 1.97, "ms"},
      {"E_sfa", -70.0, "mV"},
      {"E_rr", -70.0, "mV"},
      {"q_sfa", 14.48, "nS"},
      {"q_rr", 3214.0, "nS"},
  }};

  static constexpr int n_ode = 5;
  enum State : int { V_m, g_ex, g_in, g_sfa, g_rr, refractory_steps_left, I_stim, substep, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"g_ex", 0.0, "nS"},
      {"g_in", 0.0, "nS"},
      {"g_sfa", 0.0, "nS"},
      {"g_rr", 0.0, "nS"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, n_coef };

  static constexpr std::array<const char*, 5> recordables{"V_m", "g_ex", "g_in", "g_sfa", "g_rr"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) {
    if (const char* problem = cond::check_iaf_cond(p[C_m], p[t_ref], p[V_reset], p[V_th], p[tau_syn_ex], p[tau_syn_in])) {
      return problem;
    }
    if (!(p[tau_sfa] > 0.0) || !(p[tau_rr] > 0.0)) return "All time constants must be strictly positive.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
  }

  struct Rhs {
    double V_th, V_reset, g_L, C_m, E_ex, E_in, E_L, tau_syn_ex, tau_syn_in, I_e, tau_sfa, tau_rr, E_sfa, E_rr, I_stim;
    bool refractory;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double V = refractory ? V_reset : (y[V_m] < V_th ? y[V_m] : V_th);
      const double I_syn_ex = y[g_ex] * (V - E_ex);
      const double I_syn_in = y[g_in] * (V - E_in);
      const double I_leak = g_L * (V - E_L);
      const double I_sfa = y[g_sfa] * (V - E_sfa);
      const double I_rr = y[g_rr] * (V - E_rr);
      f[V_m] = refractory ? 0.0 : (-I_leak + I_stim + I_e - I_syn_ex - I_syn_in - I_sfa - I_rr) / C_m;
      f[g_ex] = -y[g_ex] / tau_syn_ex;
      f[g_in] = -y[g_in] / tau_syn_in;
      f[g_sfa] = -y[g_sfa] / tau_sfa;
      f[g_rr] = -y[g_rr] / tau_rr;
    }
  };

  ROOST_HD static Rhs make_rhs(Index i, ConstSoa<n_params> p, double I_stim, bool refractory) {
    return Rhs{p.col[V_th][i], p.col[V_reset][i], p.col[g_L][i], p.col[C_m][i], p.col[E_ex][i], p.col[E_in][i],
                p.col[E_L][i], p.col[tau_syn_ex][i], p.col[tau_syn_in][i], p.col[I_e][i], p.col[tau_sfa][i],
                p.col[tau_rr][i], p.col[E_sfa][i], p.col[E_rr][i], I_stim, refractory};
  }

  // in[ex], in[in]: summed weights (nS) arriving now; in[2]: step current (pA).
  static constexpr bool input_before_threshold = true;
  ROOST_HD static void add_input(Index, double* y, ConstSoa<n_coef>, const double* input) {
    y[g_ex] += input[ex];
    y[g_in] -= input[in];
  }

  ROOST_HD static void on_spike(Index i, double* y, ConstSoa<n_params> p) {
    y[g_sfa] += p.col[q_sfa][i];
    y[g_rr] += p.col[q_rr][i];
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    return cond::step<iaf_cond_exp_sfa_rr>(i, s, p, c, input);
  }
};

}  // namespace roost::models
