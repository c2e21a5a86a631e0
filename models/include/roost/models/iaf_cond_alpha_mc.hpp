// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_cond_alpha_mc: three-compartment (soma s, proximal p, distal d) leaky
// integrate-and-fire neuron with alpha-shaped conductances on every
// compartment, the compartments coupled by passive conductances g_sp and g_pd.
//
// Membrane and conductance equations (x = ex, in; per compartment):
//
//   C_m.s dV_s/dt = -g_L.s (V_s - E_L.s) - g_ex.s (V_s - E_ex.s) - g_in.s (V_s - E_in.s)
//                   - g_sp (V_s - V_p) + I_e.s + I_stim.s
//   C_m.p dV_p/dt = ... - g_sp (V_p - V_s) - g_pd (V_p - V_d) + I_e.p + I_stim.p
//   C_m.d dV_d/dt = ... - g_pd (V_d - V_p) + I_e.d + I_stim.d
//   dg_x/dt = dg_x - g_x / tau_syn_x,   d(dg_x)/dt = -dg_x / tau_syn_x
//
// Per-compartment parameters live in NEST's sub-dictionaries "soma",
// "proximal", "distal" (a field group: fields named "<group>.<key>", see
// field_spec.hpp). Spikes are fired by the soma (V_s >= V_th: V_s = V_reset
// for t_ref); the dendrites are not reset. As NEST, the soma's V in the
// right-hand side is capped at V_th and held at V_reset while refractory, and
// while refractory every compartment's dV/dt is 0 (NEST's flag, set by the
// soma, also holds for the dendrites). Receptors (NEST's numbers): 1..6 spikes
// {soma,proximal,distal}_{exc,inh}, the weight (either sign) times e/tau_syn
// entering dg of that conductance; 7..9 currents {soma,proximal,distal}_curr.
// Order in a step as NEST: integrate (adaptive RKF45, absolute error 1e-3),
// add the step's spikes, then the refractory clamp or the threshold test, then
// latch the step's currents. Recordables V_m.s, g_ex.s, g_in.s (and .p, .d),
// t_ref_remaining.
// Reference: NEST 3.10 iaf_cond_alpha_mc (Meffin et al. 2004; Bernander et al. 1991).

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct iaf_cond_alpha_mc {
  static constexpr const char* model_name = "iaf_cond_alpha_mc";
  static constexpr int n_comp = 3;
  static constexpr std::array<const char*, n_comp> field_groups{"soma", "proximal", "distal"};

  // Per compartment c, parameter k of the group is field comp_params + c * n_comp_params + k.
  enum CompParam : int { C_m, E_L, E_ex, E_in, g_L, tau_syn_ex, tau_syn_in, I_e, n_comp_params };
  enum Param : int { V_th, V_reset, t_ref, g_sp, g_pd, comp_params, n_params = comp_params + n_comp * n_comp_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"V_th", -55.0, "mV"},
      {"V_reset", -60.0, "mV"},
      {"t_ref", 2.0, "ms"},
      {"g_sp", 2.5, "nS"},
      {"g_pd", 1.0, "nS"},
      {"soma.C_m", 150.0, "pF"},
      {"soma.E_L", -70.0, "mV"},
      {"soma.E_ex", 0.0, "mV"},
      {"soma.E_in", -85.0, "mV"},
      {"soma.g_L", 10.0, "nS"},
      {"soma.tau_syn_ex", 0.5, "ms"},
      {"soma.tau_syn_in", 2.0, "ms"},
      {"soma.I_e", 0.0, "pA"},
      {"proximal.C_m", 75.0, "pF"},
      {"proximal.E_L", -70.0, "mV"},
      {"proximal.E_ex", 0.0, "mV"},
      {"proximal.E_in", -85.0, "mV"},
      {"proximal.g_L", 5.0, "nS"},
      {"proximal.tau_syn_ex", 0.5, "ms"},
      {"proximal.tau_syn_in", 2.0, "ms"},
      {"proximal.I_e", 0.0, "pA"},
      {"distal.C_m", 150.0, "pF"},
      {"distal.E_L", -70.0, "mV"},
      {"distal.E_ex", 0.0, "mV"},
      {"distal.E_in", -85.0, "mV"},
      {"distal.g_L", 10.0, "nS"},
      {"distal.tau_syn_ex", 0.5, "ms"},
      {"distal.tau_syn_in", 2.0, "ms"},
      {"distal.I_e", 0.0, "pA"},
  }};
  ROOST_HD static constexpr int param_of(int comp, int k) { return comp_params + comp * n_comp_params + k; }

  // The ODE vector as NEST's: per compartment V_m, dg_ex, g_ex, dg_in, g_in.
  enum CompState : int { V, DG_EX, G_EX, DG_IN, G_IN, n_comp_state };
  static constexpr int n_ode = n_comp * n_comp_state;
  ROOST_HD static constexpr int y_of(int comp, int k) { return comp * n_comp_state + k; }
  enum State : int {
    V_m_s = 0,
    refractory_steps_left = n_ode,
    t_ref_remaining,
    I_stim_s,
    I_stim_p,
    I_stim_d,
    substep,
    n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"soma.V_m", -70.0, "mV"},
      {"dg_ex.s", 0.0, "nS/ms", FieldType::Double, true},
      {"g_ex.s", 0.0, "nS", FieldType::Double, true},
      {"dg_in.s", 0.0, "nS/ms", FieldType::Double, true},
      {"g_in.s", 0.0, "nS", FieldType::Double, true},
      {"proximal.V_m", -70.0, "mV"},
      {"dg_ex.p", 0.0, "nS/ms", FieldType::Double, true},
      {"g_ex.p", 0.0, "nS", FieldType::Double, true},
      {"dg_in.p", 0.0, "nS/ms", FieldType::Double, true},
      {"g_in.p", 0.0, "nS", FieldType::Double, true},
      {"distal.V_m", -70.0, "mV"},
      {"dg_ex.d", 0.0, "nS/ms", FieldType::Double, true},
      {"g_ex.d", 0.0, "nS", FieldType::Double, true},
      {"dg_in.d", 0.0, "nS/ms", FieldType::Double, true},
      {"g_in.d", 0.0, "nS", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"t_ref_remaining", 0.0, "ms", FieldType::Double, true},
      {"I_stim.s", 0.0, "pA", FieldType::Double, true},
      {"I_stim.p", 0.0, "pA", FieldType::Double, true},
      {"I_stim.d", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, g0_ex, g0_in = g0_ex + n_comp, n_coef = g0_in + n_comp };

  // In NEST's (alphabetical) order.
  static constexpr std::array<const char*, 10> recordables{"V_m.d", "V_m.p", "V_m.s", "g_ex.d", "g_ex.p",
                                                           "g_ex.s", "g_in.d", "g_in.p", "g_in.s", "t_ref_remaining"};
  static constexpr std::array<RecordedAs, 3> recorded_as{{
      {"V_m.s", "soma.V_m"}, {"V_m.p", "proximal.V_m"}, {"V_m.d", "distal.V_m"}}};

  // NEST's receptor_types: port k + 1 is receptor_names[k].
  static constexpr std::array<const char*, 9> receptor_names{
      "soma_exc", "soma_inh", "proximal_exc", "proximal_inh", "distal_exc", "distal_inh",
      "soma_curr", "proximal_curr", "distal_curr"};
  static constexpr int first_current_receptor = 7;
  // Channels 0..5: the spike receptors 1..6; 6..8: the current receptors 7..9
  // (the last one is the ring's current channel).
  static constexpr int n_spike_channels = 8;
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double) {
    return receptor_type >= 1 && receptor_type <= 9 ? receptor_type - 1 : -1;
  }
  // Which receptors take currents (current generators), not spikes.
  static bool current_receptor(int receptor_type) {
    return receptor_type >= first_current_receptor && receptor_type <= 9;
  }

  static const char* validate(const double* p) {
    if (!(p[V_reset] < p[V_th])) return "Reset potential must be smaller than threshold.";
    if (!(p[t_ref] >= 0.0)) return "Refractory time cannot be negative.";
    static constexpr const char* capacitance[n_comp] = {"Capacitance (soma) must be strictly positive.",
                                                        "Capacitance (proximal) must be strictly positive.",
                                                        "Capacitance (distal) must be strictly positive."};
    static constexpr const char* time_constants[n_comp] = {
        "All time constants (soma) must be strictly positive.",
        "All time constants (proximal) must be strictly positive.",
        "All time constants (distal) must be strictly positive."};
    for (int c = 0; c < n_comp; ++c) {
      if (!(p[param_of(c, C_m)] > 0.0)) return capacitance[c];
      if (!(p[param_of(c, tau_syn_ex)] > 0.0) || !(p[param_of(c, tau_syn_in)] > 0.0)) return time_constants[c];
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
    for (int k = 0; k < n_comp; ++k) {
      c.col[g0_ex + k][i] = alpha_normalization(p.col[param_of(k, tau_syn_ex)][i]);
      c.col[g0_in + k][i] = alpha_normalization(p.col[param_of(k, tau_syn_in)][i]);
    }
  }

  struct Rhs {
    double V_th, V_reset, g_conn[n_comp - 1];
    double C[n_comp], EL[n_comp], Eex[n_comp], Ein[n_comp], gL[n_comp], tex[n_comp], tin[n_comp], Ie[n_comp];
    double I_stim[n_comp];
    bool refractory;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      for (int n = 0; n < n_comp; ++n) {
        double Vn, I_conn;
        if (n == 0) {
          Vn = refractory ? V_reset : (y[y_of(0, V)] < V_th ? y[y_of(0, V)] : V_th);
          I_conn = g_conn[0] * (Vn - y[y_of(1, V)]);
        } else if (n == 1) {
          Vn = y[y_of(1, V)];
          I_conn = g_conn[0] * (Vn - y[y_of(0, V)]) + g_conn[1] * (Vn - y[y_of(2, V)]);
        } else {
          Vn = y[y_of(2, V)];
          I_conn = g_conn[1] * (Vn - y[y_of(1, V)]);
        }
        const double I_syn_ex = y[y_of(n, G_EX)] * (Vn - Eex[n]);
        const double I_syn_in = y[y_of(n, G_IN)] * (Vn - Ein[n]);
        const double I_L = gL[n] * (Vn - EL[n]);
        // NEST's refractory flag is set by the soma and holds for all compartments.
        f[y_of(n, V)] = refractory ? 0.0 : (-I_L - I_syn_ex - I_syn_in - I_conn + I_stim[n] + Ie[n]) / C[n];
        f[y_of(n, DG_EX)] = -y[y_of(n, DG_EX)] / tex[n];
        f[y_of(n, G_EX)] = y[y_of(n, DG_EX)] - y[y_of(n, G_EX)] / tex[n];
        f[y_of(n, DG_IN)] = -y[y_of(n, DG_IN)] / tin[n];
        f[y_of(n, G_IN)] = y[y_of(n, DG_IN)] - y[y_of(n, G_IN)] / tin[n];
      }
    }
  };

  ROOST_HD static Rhs make_rhs(Index i, ConstSoa<n_params> p, ConstSoa<n_state> s, bool refractory) {
    Rhs r{};
    r.V_th = p.col[V_th][i];
    r.V_reset = p.col[V_reset][i];
    r.g_conn[0] = p.col[g_sp][i];
    r.g_conn[1] = p.col[g_pd][i];
    for (int n = 0; n < n_comp; ++n) {
      r.C[n] = p.col[param_of(n, C_m)][i];
      r.EL[n] = p.col[param_of(n, E_L)][i];
      r.Eex[n] = p.col[param_of(n, E_ex)][i];
      r.Ein[n] = p.col[param_of(n, E_in)][i];
      r.gL[n] = p.col[param_of(n, g_L)][i];
      r.tex[n] = p.col[param_of(n, tau_syn_ex)][i];
      r.tin[n] = p.col[param_of(n, tau_syn_in)][i];
      r.Ie[n] = p.col[param_of(n, I_e)][i];
      r.I_stim[n] = s.col[I_stim_s + n][i];
    }
    r.refractory = refractory;
    return r;
  }

  // input[0..5]: summed weights (nS) of receptors 1..6 arriving now;
  // input[6..8]: step currents (pA) of receptors 7..9.
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input) {
    double& r = s.col[refractory_steps_left][i];
    ConstSoa<n_state> cs{};
    for (int f = 0; f < n_state; ++f) cs.col[f] = s.col[f];
    const Rhs rhs = make_rhs(i, p, cs, r > 0.0);
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    ode::integrate_step<n_ode>(rhs, ode::ErrorControl::on_values(1e-3, 0.0), h, substep_size, y);
    s.col[substep][i] = substep_size;
    for (int n = 0; n < n_comp; ++n) {
      y[y_of(n, DG_EX)] += input[2 * n] * c.col[g0_ex + n][i];
      y[y_of(n, DG_IN)] += input[2 * n + 1] * c.col[g0_in + n][i];
    }
    int spikes = 0;
    if (r > 0.0) {
      r -= 1.0;
      y[y_of(0, V)] = p.col[V_reset][i];
    } else if (y[y_of(0, V)] >= p.col[V_th][i]) {
      r = c.col[refractory_steps][i];
      y[y_of(0, V)] = p.col[V_reset][i];
      spikes = 1;
    }
    ode::store<n_ode>(s, i, y);
    s.col[t_ref_remaining][i] = h * r;
    for (int n = 0; n < n_comp; ++n) s.col[I_stim_s + n][i] = input[6 + n];
    return spikes;
  }
};

}  // namespace roost::models
