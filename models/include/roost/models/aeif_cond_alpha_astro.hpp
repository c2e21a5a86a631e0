// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// aeif_cond_alpha_astro: aeif_cond_alpha with a slow inward current (SIC) from
// astrocytes, as NEST 3.10's aeif_cond_alpha_astro.
//
//   C_m dV/dt = -g_L (V - E_L) + g_L Delta_T exp((V - V_th)/Delta_T)
//               - g_ex (V - E_ex) - g_in (V - E_in) - w + I_e + I_stim + I_SIC
//
// everything else as aeif_cond_alpha (aeif_cond_alpha.hpp). I_SIC is the sum
// of weight x SIC over its sic_connections (sic_common.hpp), read in step n and
// acting from step n + 1 as a step current does; recordable as I_SIC.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/aeif_common.hpp"
#include "roost/models/aeif_cond_alpha.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"
#include "roost/models/sic_common.hpp"

namespace roost::models {

struct aeif_cond_alpha_astro {
  static constexpr const char* model_name = "aeif_cond_alpha_astro";

  enum Param : int {
    V_peak, V_reset, t_ref, g_L, C_m, E_ex, E_in, E_L, Delta_T, tau_w, a, b, V_th, tau_syn_ex, tau_syn_in, I_e,
    gsl_error_tol, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"V_peak", 0.0, "mV"},
      {"V_reset", -60.0, "mV"},
      {"t_ref", 0.0, "ms"},
      {"g_L", 30.0, "nS"},
      {"C_m", 281.0, "pF"},
      {"E_ex", 0.0, "mV"},
      {"E_in", -85.0, "mV"},
      {"E_L", -70.6, "mV"},
      {"Delta_T", 2.0, "mV"},
      {"tau_w", 144.0, "ms"},
      {"a", 4.0, "nS"},
      {"b", 80.5, "pA"},
      {"V_th", -50.4, "mV"},
      {"tau_syn_ex", 0.2, "ms"},
      {"tau_syn_in", 2.0, "ms"},
      {"I_e", 0.0, "pA"},
      {"gsl_error_tol", 1e-6, ""},
  }};

  static constexpr int n_ode = 6;
  enum State : int { V_m, dg_ex, g_ex, dg_in, g_in, w, refractory_steps_left, I_stim, I_SIC, substep, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.6, "mV"},
      {"dg_ex", 0.0, "nS/ms"},
      {"g_ex", 0.0, "nS"},
      {"dg_in", 0.0, "nS/ms"},
      {"g_in", 0.0, "nS"},
      {"w", 0.0, "pA"},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"I_SIC", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, g0_ex, g0_in, n_coef };

  static constexpr std::array<const char*, 5> recordables{"I_SIC", "V_m", "g_ex", "g_in", "w"};
  enum Channel : int { ex, in, sic_in, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool accepts_sic = true;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    if (receptor_type == sic::kSicReceptor) return sic_in;
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  static const char* validate(const double* p) { return aeif::validate<aeif_cond_alpha_astro>(p); }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    c.col[g0_ex][i] = alpha_normalization(p.col[tau_syn_ex][i]);
    c.col[g0_in][i] = alpha_normalization(p.col[tau_syn_in][i]);
  }

  // aeif_cond_alpha's equations: the SIC adds to the step current it latches.
  using Rhs = aeif_cond_alpha::Rhs;

  // in[ex], in[in]: summed weights (nS) arriving now; in[sic_in]: the SIC
  // (pA) and in[3] the step current, both acting from the next step.
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    double& r = s.col[refractory_steps_left][i];
    static_assert(static_cast<int>(n_params) == static_cast<int>(aeif_cond_alpha::n_params) && V_m == 0 && w == 5,
                  "aeif_cond_alpha's parameters and ODE state, in its order");
    Rhs rhs = aeif_cond_alpha::make_rhs(i, p, s.col[I_stim][i] + s.col[I_SIC][i], r > 0.0);
    const aeif::Reset reset{V_m, w, p.col[V_reset][i],
                            aeif::spike_threshold(p.col[V_peak][i], p.col[V_th][i], p.col[Delta_T][i]), p.col[b][i],
                            c.col[refractory_steps][i]};
    const double tol = p.col[gsl_error_tol][i];
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    const int spikes =
        aeif::integrate_step<n_ode>(rhs, ode::ErrorControl::on_derivatives(tol, tol), h, substep_size, y, r, reset);
    if (spikes < 0) return spikes;
    s.col[substep][i] = substep_size;
    y[dg_ex] += input[ex] * c.col[g0_ex][i];
    y[dg_in] -= input[in] * c.col[g0_in][i];
    ode::store<n_ode>(s, i, y);
    s.col[I_stim][i] = input[n_spike_channels];
    s.col[I_SIC][i] = input[sic_in];
    return spikes;
  }
};

}  // namespace roost::models
