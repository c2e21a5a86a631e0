// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// pp_cond_exp_mc_urbanczik: two-compartment (soma s, dendrite p) point-process
// neuron of Urbanczik and Senn (2014), with exponential conductances on the
// soma and exponential currents on the dendrite.
//
// Equations, as NEST integrates them:
//
//   C_m.s dV_s/dt = -g_L.s (V_s - E_L.s) - g_ex.s (V_s - E_ex.s) - g_in.s (V_s - E_in.s)
//                   + g_sp (V_p - V_s) + I_e.s + I_stim.s
//   C_m.p dV_p/dt = -g_L.p (V_p - E_L.p) + I_ex.p + I_in.p + g_ps (V_s - V_p)
//   dg_x.s/dt = -g_x.s / tau_syn_x.s,   dI_x.p/dt = -I_x.p / tau_syn_x.p
//
// The dendrite's I_e and current input are accepted but, as in NEST's
// right-hand side, do not enter its equation; its E_ex and E_in are unused.
// Per-compartment parameters live in NEST's sub-dictionaries "soma" and
// "dendritic" (a field group, see field_spec.hpp). Spikes are drawn from the
// rate 1000 phi(V_s) Hz, phi(u) = phi_max / (1 + rate_slope exp(beta (theta - u))):
// with t_ref > 0 at most one per step (probability 1 - exp(-rate h)), then
// t_ref of dead time; with t_ref = 0 a Poisson number per step. V_s is not
// reset. Receptors (NEST's numbers): 1 soma_exc, 2 soma_inh (the weight adds
// to g_ex.s / g_in.s), 3 dendritic_exc, 4 dendritic_inh (the weight adds to
// I_ex.p / is subtracted from I_in.p), 5 soma_curr, 6 dendritic_curr. Order
// in a step as NEST: integrate (adaptive RKF45, absolute error 1e-3), add the
// step's spikes, draw the spikes (or count down the dead time), latch the
// currents. Recordables V_m.s, g_ex.s, g_in.s, V_m.p, I_ex.p, I_in.p.
// The random draws are keyed by (seed, gid, step), not NEST's streams.
// Targets of urbanczik_synapse archive the dendritic prediction error every
// step (NEST's UrbanczikArchivingNode; roost/urbanczik_history.hpp).
// Reference: NEST 3.10 pp_cond_exp_mc_urbanczik (Urbanczik and Senn 2014).

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/propagators.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct pp_cond_exp_mc_urbanczik {
  static constexpr const char* model_name = "pp_cond_exp_mc_urbanczik";
  static constexpr int n_comp = 2;
  static constexpr std::array<const char*, n_comp> field_groups{"soma", "dendritic"};
  static constexpr bool stochastic = true;
  static constexpr bool urbanczik_archiving = true;  // urbanczik_synapse reads its dendritic history

  enum CompParam : int { C_m, E_L, E_ex, E_in, g_L, tau_syn_ex, tau_syn_in, I_e, n_comp_params };
  enum Param : int {
    t_ref,
    phi_max,
    rate_slope,
    beta,
    theta,
    g_sp,
    g_ps,
    comp_params,
    n_params = comp_params + n_comp * n_comp_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"t_ref", 3.0, "ms"},
      {"phi_max", 0.15, "1/ms"},
      {"rate_slope", 0.5, ""},
      {"beta", 1.0 / 3.0, "1/mV"},
      {"theta", -55.0, "mV"},
      {"g_sp", 600.0, "nS"},
      {"g_ps", 0.0, "nS"},
      {"soma.C_m", 300.0, "pF"},
      {"soma.E_L", -70.0, "mV"},
      {"soma.E_ex", 0.0, "mV"},
      {"soma.E_in", -75.0, "mV"},
      {"soma.g_L", 30.0, "nS"},
      {"soma.tau_syn_ex", 3.0, "ms"},
      {"soma.tau_syn_in", 3.0, "ms"},
      {"soma.I_e", 0.0, "pA"},
      {"dendritic.C_m", 300.0, "pF"},
      {"dendritic.E_L", -70.0, "mV"},
      {"dendritic.E_ex", 0.0, "mV"},
      {"dendritic.E_in", 0.0, "mV"},
      {"dendritic.g_L", 30.0, "nS"},
      {"dendritic.tau_syn_ex", 3.0, "ms"},
      {"dendritic.tau_syn_in", 3.0, "ms"},
      {"dendritic.I_e", 0.0, "pA"},
  }};
  ROOST_HD static constexpr int param_of(int comp, int k) { return comp_params + comp * n_comp_params + k; }

  // NEST's state vector: per compartment V_m, g_ex, g_in, I_ex, I_in.
  enum CompState : int { V, G_EX, G_IN, I_EX, I_IN, n_comp_state };
  static constexpr int n_ode = n_comp * n_comp_state;
  ROOST_HD static constexpr int y_of(int comp, int k) { return comp * n_comp_state + k; }
  enum State : int { refractory_steps_left = n_ode, I_stim_s, I_stim_p, substep, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"soma.V_m", -70.0, "mV"},
      {"g_ex.s", 0.0, "nS", FieldType::Double, true},
      {"g_in.s", 0.0, "nS", FieldType::Double, true},
      {"I_ex.s", 0.0, "pA", FieldType::Double, true},
      {"I_in.s", 0.0, "pA", FieldType::Double, true},
      {"dendritic.V_m", -70.0, "mV"},
      {"g_ex.p", 0.0, "nS", FieldType::Double, true},
      {"g_in.p", 0.0, "nS", FieldType::Double, true},
      {"I_ex.p", 0.0, "pA", FieldType::Double, true},
      {"I_in.p", 0.0, "pA", FieldType::Double, true},
      {"refractory_steps_left", 0.0, "", FieldType::Int, true},
      {"I_stim.s", 0.0, "pA", FieldType::Double, true},
      {"I_stim.p", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};

  enum Coef : int { resolution, refractory_steps, n_coef };

  // In NEST's (alphabetical) order.
  static constexpr std::array<const char*, 6> recordables{"I_ex.p", "I_in.p", "V_m.p", "V_m.s", "g_ex.s", "g_in.s"};
  static constexpr std::array<RecordedAs, 2> recorded_as{{{"V_m.s", "soma.V_m"}, {"V_m.p", "dendritic.V_m"}}};

  static constexpr std::array<const char*, 6> receptor_names{"soma_exc",      "soma_inh",  "dendritic_exc",
                                                              "dendritic_inh", "soma_curr", "dendritic_curr"};
  // Channels 0..3: spike receptors 1..4; 4, 5: current receptors 5, 6 (5 is the ring's current channel).
  static constexpr int n_spike_channels = 5;
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double) {
    return receptor_type >= 1 && receptor_type <= 6 ? receptor_type - 1 : -1;
  }
  static bool current_receptor(int receptor_type) { return receptor_type == 5 || receptor_type == 6; }
  // NEST's rport of a spike receptor: receptor_type - 1 (a weight_recorder records it).
  static int rport(int receptor_type) { return receptor_type - 1; }

  static const char* validate(const double* p) {
    if (!(p[rate_slope] >= 0.0)) return "Rate slope cannot be negative.";
    if (!(p[phi_max] >= 0.0)) return "Maximum rate cannot be negative.";
    if (!(p[t_ref] >= 0.0)) return "Refractory time cannot be negative.";
    static constexpr const char* capacitance[n_comp] = {"Capacitance (soma) must be strictly positive.",
                                                        "Capacitance (dendritic) must be strictly positive."};
    for (int c = 0; c < n_comp; ++c) {
      if (!(p[param_of(c, C_m)] > 0.0)) return capacitance[c];
      if (!(p[param_of(c, tau_syn_ex)] > 0.0) || !(p[param_of(c, tau_syn_in)] > 0.0)) {
        return "All time constants must be strictly positive.";
      }
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[resolution][i] = h;
    c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
  }

  struct Rhs {
    double g_sp, g_ps, C[n_comp], EL[n_comp], gL[n_comp], tex[n_comp], tin[n_comp];
    double E_ex_s, E_in_s, I_e_s, I_stim_s;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double Vs = y[y_of(0, V)];
      const double Vd = y[y_of(1, V)];
      const double I_conn_d_s = g_sp * (Vd - Vs);
      const double I_conn_s_d = g_ps * (Vs - Vd);
      const double I_ex = y[y_of(1, I_EX)];
      const double I_in = y[y_of(1, I_IN)];
      f[y_of(1, V)] = (-gL[1] * (Vd - EL[1]) + I_ex + I_in + I_conn_s_d) / C[1];
      f[y_of(1, I_EX)] = -I_ex / tex[1];
      f[y_of(1, I_IN)] = -I_in / tin[1];
      f[y_of(1, G_IN)] = 0.0;
      f[y_of(1, G_EX)] = 0.0;
      const double I_L = gL[0] * (Vs - EL[0]);
      const double I_syn_exc = y[y_of(0, G_EX)] * (Vs - E_ex_s);
      const double I_syn_inh = y[y_of(0, G_IN)] * (Vs - E_in_s);
      f[y_of(0, V)] = (-I_L - I_syn_exc - I_syn_inh + I_conn_d_s + I_stim_s + I_e_s) / C[0];
      f[y_of(0, G_EX)] = -y[y_of(0, G_EX)] / tex[0];
      f[y_of(0, G_IN)] = -y[y_of(0, G_IN)] / tin[0];
      f[y_of(0, I_EX)] = 0.0;
      f[y_of(0, I_IN)] = 0.0;
    }
  };

  ROOST_HD static Rhs make_rhs(Index i, ConstSoa<n_params> p, double stim_s) {
    Rhs r{};
    r.g_sp = p.col[g_sp][i];
    r.g_ps = p.col[g_ps][i];
    for (int n = 0; n < n_comp; ++n) {
      r.C[n] = p.col[param_of(n, C_m)][i];
      r.EL[n] = p.col[param_of(n, E_L)][i];
      r.gL[n] = p.col[param_of(n, g_L)][i];
      r.tex[n] = p.col[param_of(n, tau_syn_ex)][i];
      r.tin[n] = p.col[param_of(n, tau_syn_in)][i];
    }
    r.E_ex_s = p.col[param_of(0, E_ex)][i];
    r.E_in_s = p.col[param_of(0, E_in)][i];
    r.I_e_s = p.col[param_of(0, I_e)][i];
    r.I_stim_s = stim_s;
    return r;
  }

  // input[0..3]: summed weights of receptors 1..4 arriving now; input[4], input[5]:
  // step currents (pA) of receptors 5 and 6.
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           RandomStream& noise) {
    const Rhs rhs = make_rhs(i, p, s.col[I_stim_s][i]);
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    ode::integrate_step<n_ode>(rhs, ode::ErrorControl::on_values(1e-3, 0.0), h, substep_size, y);
    s.col[substep][i] = substep_size;
    y[y_of(0, G_EX)] += input[0];
    y[y_of(0, G_IN)] += input[1];
    y[y_of(1, I_EX)] += input[2];
    y[y_of(1, I_IN)] -= input[3];
    int spikes = 0;
    double& r = s.col[refractory_steps_left][i];
    if (r == 0.0) {
      const double phi = p.col[phi_max][i] /
                         (1.0 + p.col[rate_slope][i] * std::exp(p.col[beta][i] * (p.col[theta][i] - y[y_of(0, V)])));
      const double rate = 1000.0 * phi;
      if (rate > 0.0) {
        if (p.col[t_ref][i] > 0.0) {
          spikes = noise.uniform() <= -std::expm1(-rate * h * 1e-3) ? 1 : 0;
        } else {
          spikes = static_cast<int>(noise.poisson(rate * h * 1e-3));
        }
        if (spikes > 0) r = c.col[refractory_steps][i];
      }
    } else {
      r -= 1.0;
    }
    ode::store<n_ode>(s, i, y);
    s.col[I_stim_s][i] = input[4];
    s.col[I_stim_p][i] = input[5];
    return spikes;
  }
};

}  // namespace roost::models
