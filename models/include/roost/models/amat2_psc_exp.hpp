// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// amat2_psc_exp: mat2_psc_exp with a voltage-dependent threshold component
// (augmented MAT; Yamauchi et al. 2011).
//
//   dV/dt       = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   dI_syn_x/dt = -I_syn_x/tau_syn_x,  each spike adds its weight (pA) to I_syn_x
//   dV_th_dv/dt = -V_th_dv/tau_v + beta dV/dt
//   dV_th_v/dt  = -V_th_v/tau_v + V_th_dv
//   V_th        = omega + V_th_alpha_1 + V_th_alpha_2 + V_th_v
//   dV_th_alpha_k/dt = -V_th_alpha_k/tau_k,  at a spike V_th_alpha_k += alpha_k
//
// V_th_v is the membrane's rate of change filtered by the kernel beta t
// exp(-t/tau_v). A spike is V_m >= V_th while not refractory; V_m is NOT reset,
// but for t_ref no further spike can occur. omega is the absolute resting
// threshold. Positive weights go to the excitatory, negative weights to the
// inhibitory current. The whole linear system is integrated exactly on the grid
// (V_th_v and V_th_dv are advanced from the state at the start of the step); a
// step current read in step n acts from step n+1 on. tau_m, tau_v, tau_syn_ex
// and tau_syn_in must differ as NEST requires. Setting E_L alone leaves V_m and
// omega where they are (NEST keeps their absolute values). With beta = 0 and the
// same parameters it behaves exactly as mat2_psc_exp.
// Reference: NEST 3.10 amat2_psc_exp (Rotter & Diesmann 1999 for the integration).

#include <array>
#include <initializer_list>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_common.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct amat2_psc_exp {
  static constexpr const char* model_name = "amat2_psc_exp";

  enum Param : int {
    E_L, C_m, tau_m, t_ref, I_e, tau_syn_ex, tau_syn_in, tau_1, tau_2, alpha_1, alpha_2, beta, tau_v, omega, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"C_m", 200.0, "pF"},
      {"tau_m", 10.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"I_e", 0.0, "pA"},
      {"tau_syn_ex", 1.0, "ms"},
      {"tau_syn_in", 3.0, "ms"},
      {"tau_1", 10.0, "ms"},
      {"tau_2", 200.0, "ms"},
      {"alpha_1", 10.0, "mV"},
      {"alpha_2", 0.0, "mV"},
      {"beta", 0.0, "1/ms"},
      {"tau_v", 5.0, "ms"},
      {"omega", -65.0, "mV"},
  }};

  // V_th is what NEST records (omega plus the three threshold components); step()
  // keeps it up to date. NEST records the synaptic currents but does not show
  // them (nor V_th_dv) in GetStatus.
  enum State : int {
    V_m, V_th_alpha_1, V_th_alpha_2, V_th_v, I_syn_ex, I_syn_in, V_th_dv, refractory_steps_left, I_stim, V_th,
    n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"V_th_alpha_1", 0.0, "mV"},
      {"V_th_alpha_2", 0.0, "mV"},
      {"V_th_v", 0.0, "mV"},
      {"I_syn_ex", 0.0, "pA", FieldType::Double, true},
      {"I_syn_in", 0.0, "pA", FieldType::Double, true},
      {"V_th_dv", 0.0, "mV/ms", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"V_th", -65.0, "mV", FieldType::Double, true},
  }};

  // Propagator of (I, I_syn_ex, I_syn_in, V, V_th_dv, V_th_v) over one step:
  // P<row><column> with 0 = I (I_e + I_stim), 1 = I_syn_ex, 2 = I_syn_in, 3 = V,
  // 6 = V_th_dv, 7 = V_th_v (NEST's numbering); P77 = P66.
  enum Coef : int {
    P30, P31, P32, P33, P60, P61, P62, P63, P66, P70, P71, P72, P73, P76, P11ex, P11in, decay_1, decay_2,
    refractory_steps, n_coef
  };

  static constexpr std::array<const char*, 5> recordables{"V_m", "V_th", "V_th_v", "I_syn_ex", "I_syn_in"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    return iaf::sign_routed_channel(receptor_type, weight, ex, in);
  }

  // NEST's checks, in NEST's order. NEST also refuses, at Simulate, a t_ref
  // shorter than one step; Roost cannot check that here (see the model page).
  static const char* validate(const double* p) {
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    for (int k : {tau_m, tau_syn_ex, tau_syn_in, t_ref, tau_1, tau_2, tau_v}) {
      if (!(p[k] > 0.0)) return "All time constants must be strictly positive.";
    }
    if (p[tau_m] == p[tau_syn_ex] || p[tau_m] == p[tau_syn_in] || p[tau_m] == p[tau_v]) {
      return "tau_m must differ from tau_syn_ex, tau_syn_in and tau_v. See note in documentation.";
    }
    if (p[tau_v] == p[tau_syn_ex] || p[tau_v] == p[tau_syn_in]) {
      return "tau_v must differ from tau_syn_ex, tau_syn_in and tau_m. See note in documentation.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    const double tm = p.col[tau_m][i];
    const double C = p.col[C_m][i];
    const double b = p.col[beta][i];
    const double tv = p.col[tau_v][i];
    const double tex = p.col[tau_syn_ex][i];
    const double tin = p.col[tau_syn_in][i];

    c.col[P30][i] = -tm / C * std::expm1(-h / tm);
    c.col[P31][i] = propagator_exp_current(tex, tm, C, h);
    c.col[P32][i] = propagator_exp_current(tin, tm, C, h);
    c.col[P33][i] = std::exp(-h / tm);

    // The (V_th_dv, V_th_v) chain is driven by beta dV/dt, a sum of exponentials
    // for each initial condition: from V(0) = 1, dV/dt = -exp(-t/tau_m)/tau_m;
    // from the constant current I, I/C exp(-t/tau_m); from I_syn_x(0) = 1,
    // a_x (exp(-t/tau_m)/tau_m - exp(-t/tau_x)/tau_x), a_x = 1/(C (1/tau_m - 1/tau_x)).
    const double dv_m = exp_through_filter(tv, tm, h);       // of exp(-t/tau_m) in V_th_dv
    const double v_m = exp_through_two_filters(tv, tm, h);   // ... and in V_th_v
    c.col[P60][i] = b / C * dv_m;
    c.col[P70][i] = b / C * v_m;
    c.col[P63][i] = -b / tm * dv_m;
    c.col[P73][i] = -b / tm * v_m;
    const double a_ex = 1.0 / (C * (1.0 / tm - 1.0 / tex));
    const double a_in = 1.0 / (C * (1.0 / tm - 1.0 / tin));
    c.col[P61][i] = b * a_ex * (dv_m / tm - exp_through_filter(tv, tex, h) / tex);
    c.col[P71][i] = b * a_ex * (v_m / tm - exp_through_two_filters(tv, tex, h) / tex);
    c.col[P62][i] = b * a_in * (dv_m / tm - exp_through_filter(tv, tin, h) / tin);
    c.col[P72][i] = b * a_in * (v_m / tm - exp_through_two_filters(tv, tin, h) / tin);
    c.col[P66][i] = std::exp(-h / tv);
    c.col[P76][i] = h * std::exp(-h / tv);

    c.col[P11ex][i] = std::exp(-h / tex);
    c.col[P11in][i] = std::exp(-h / tin);
    c.col[decay_1][i] = std::exp(-h / p.col[tau_1][i]);
    c.col[decay_2][i] = std::exp(-h / p.col[tau_2][i]);
    c.col[refractory_steps][i] = nest_steps_of(p.col[t_ref][i], h);
  }

  // input[ex], input[in]: summed weights (pA) arriving now; input[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    const double E = p.col[E_L][i];
    double& I_ex = s.col[I_syn_ex][i];
    double& I_in = s.col[I_syn_in][i];
    double& dv = s.col[V_th_dv][i];
    double& v = s.col[V_th_v][i];
    double& theta_1 = s.col[V_th_alpha_1][i];
    double& theta_2 = s.col[V_th_alpha_2][i];
    double& refractory = s.col[refractory_steps_left][i];

    // Everything from the state at the start of the step; then this step's
    // spikes act at once on the currents.
    const double I = p.col[I_e][i] + s.col[I_stim][i];
    double y = s.col[V_m][i] - E;
    const double v_next = I * c.col[P70][i] + I_ex * c.col[P71][i] + I_in * c.col[P72][i] + y * c.col[P73][i] +
                          dv * c.col[P76][i] + v * c.col[P66][i];
    dv = I * c.col[P60][i] + I_ex * c.col[P61][i] + I_in * c.col[P62][i] + y * c.col[P63][i] + dv * c.col[P66][i];
    v = v_next;
    y = I * c.col[P30][i] + I_ex * c.col[P31][i] + I_in * c.col[P32][i] + y * c.col[P33][i];
    theta_1 *= c.col[decay_1][i];
    theta_2 *= c.col[decay_2][i];
    I_ex = I_ex * c.col[P11ex][i] + input[ex];
    I_in = I_in * c.col[P11in][i] + input[in];

    const double omega_rel = p.col[omega][i] - E;
    int spikes = 0;
    if (refractory == 0.0) {
      if (y >= omega_rel + theta_2 + theta_1 + v) {
        refractory = c.col[refractory_steps][i];
        theta_1 += p.col[alpha_1][i];
        theta_2 += p.col[alpha_2][i];
        spikes = 1;
      }
    } else {
      refractory -= 1.0;
    }
    s.col[I_stim][i] = input[n_spike_channels];
    s.col[V_m][i] = y + E;
    s.col[V_th][i] = E + omega_rel + theta_1 + theta_2 + v;
    return spikes;
  }
};

}  // namespace roost::models
