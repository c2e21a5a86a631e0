// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What NEST's generalized integrate-and-fire models (gif_psc_exp,
// gif_cond_exp and their multisynapse variants; Mensi et al. 2012, Pozzorini
// et al. 2015) share, written once: the membrane and escape-noise parameters,
// the two adaptation kernels and the stochastic spike.
//
//   C_m dV/dt = -g_L (V - E_L) - eta(t) + I_syn + I_e + I_stim
//   eta(t)    = I_stc: sum_k stc_k, each decaying with tau_stc[k], +q_stc[k] per spike
//   gamma(t)  = E_sfa - V_T_star: sum_k sfa_k, each decaying with tau_sfa[k], +q_sfa[k] per spike
//   lambda(t) = lambda_0 exp((V - E_sfa) / Delta_V)      (lambda_0 in 1/s)
//
// Every step, in NEST's order: E_sfa = V_T_star + sum of the sfa kernels and
// I_stc = sum of the stc kernels (their values at the start of the step), then
// the kernels decay; the model propagates V (its own way). Outside the
// refractory period the neuron spikes with probability 1 - exp(-lambda h),
// one uniform draw from its noise stream (keyed by seed, gid and step); a
// spike adds q_stc / q_sfa to the kernels and starts t_ref, during which V is
// held at V_reset (the V of the spike step itself is kept, as in NEST).

#include <array>
#include <cmath>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/propagators.hpp"
#include "roost/rng.hpp"

namespace roost::models::gif {

// The leading scalar parameters of every gif model; models append their own.
enum Param : int { g_L, E_L, V_reset, Delta_V, V_T_star, lambda_0, t_ref, C_m, I_e, n_sfa, n_stc, n_params };
inline constexpr std::array<FieldSpec, n_params> params{{
    {"g_L", 4.0, "nS"},
    {"E_L", -70.0, "mV"},
    {"V_reset", -55.0, "mV"},
    {"Delta_V", 0.5, "mV"},
    {"V_T_star", -35.0, "mV"},
    {"lambda_0", 1.0, "1/s"},
    {"t_ref", 4.0, "ms"},
    {"C_m", 80.0, "pF"},
    {"I_e", 0.0, "pA"},
    {"n_sfa", 0.0, "", FieldType::Int, true},
    {"n_stc", 0.0, "", FieldType::Int, true},
}};

// The leading state fields (V_m first); models append theirs.
enum State : int { V_m, E_sfa, I_stc, refractory_steps_left, I_stim, n_state };
inline constexpr std::array<FieldSpec, n_state> state{{
    {"V_m", -70.0, "mV"},
    {"E_sfa", 0.0, "mV"},
    {"I_stc", 0.0, "pA"},
    {"refractory_steps_left", 0.0, "", FieldType::Int, true},
    {"I_stim", 0.0, "pA", FieldType::Double, true},
}};

// The two adaptation kernels: each a list group of its own length (empty by default).
enum ListGroup : int { sfa_group, stc_group, n_groups };
inline constexpr std::array<ListGroupSpec, n_groups> list_groups{{
    {n_sfa, 0, 0, "'tau_sfa' and 'q_sfa' need to have the same dimensions."},
    {n_stc, 0, 0, "'tau_stc' and 'q_stc' need to have the same dimensions."},
}};
enum List : int { tau_sfa, q_sfa, sfa_elems, tau_stc, q_stc, stc_elems, n_lists };
inline constexpr std::array<ListSpec, n_lists> lists{{
    {"tau_sfa", 1.0, "ms", sfa_group, ListRole::param},
    {"q_sfa", 0.0, "mV", sfa_group, ListRole::param},
    {"sfa_elems", 0.0, "mV", sfa_group, ListRole::hidden_state},
    {"tau_stc", 1.0, "ms", stc_group, ListRole::param},
    {"q_stc", 0.0, "pA", stc_group, ListRole::param},
    {"stc_elems", 0.0, "pA", stc_group, ListRole::hidden_state},
}};

// Leading coefficients and coefficient lists (the kernels' one-step decay).
enum Coef : int { h_ms, refractory_steps, P33, P30, P31, n_coef };
enum CoefList : int { P_sfa, P_stc, n_coef_lists };
inline constexpr std::array<int, n_coef_lists> coef_list_groups{sfa_group, stc_group};

inline const char* validate(const double* p) {
  if (!(p[g_L] > 0.0)) return "Membrane conductance must be strictly positive.";
  if (!(p[Delta_V] > 0.0)) return "Delta_V must be strictly positive.";
  if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
  if (!(p[t_ref] >= 0.0)) return "Refractory time must not be negative.";
  if (!(p[lambda_0] >= 0.0)) return "lambda_0 must not be negative.";
  return nullptr;
}

inline const char* validate_kernels(const std::vector<double>* l) {
  for (int list : {tau_sfa, tau_stc}) {
    for (double tau : l[list]) {
      if (!(tau > 0.0)) return "All time constants must be strictly positive.";
    }
  }
  return nullptr;
}

// The coefficients every gif model has: the step, t_ref in steps, the
// membrane's exact propagators (tau_m = C_m / g_L) and the kernels' decay.
template <int NP, int NC, int NL, int NCL>
ROOST_HD void calibrate(Index i, ConstSoa<NP> p, Soa<NC> c, const ListSoa<NL>& l, const ListSoa<NCL>& cl, double h) {
  const double tau_m = p.col[C_m][i] / p.col[g_L][i];
  c.col[h_ms][i] = h;
  c.col[refractory_steps][i] = steps_of(p.col[t_ref][i], h);
  c.col[P33][i] = std::exp(-h / tau_m);
  c.col[P30][i] = -1.0 / p.col[C_m][i] * std::expm1(-h / tau_m) * tau_m;
  c.col[P31][i] = -std::expm1(-h / tau_m);
  for (int k = 0; k < static_cast<int>(p.col[n_sfa][i]); ++k) cl.at(P_sfa, k, i) = std::exp(-h / l.at(tau_sfa, k, i));
  for (int k = 0; k < static_cast<int>(p.col[n_stc][i]); ++k) cl.at(P_stc, k, i) = std::exp(-h / l.at(tau_stc, k, i));
}

// Start of a step: E_sfa and I_stc from the kernels' present values, then the kernels decay.
template <int NS, int NP, int NL, int NCL>
ROOST_HD void advance_kernels(Index i, Soa<NS> s, ConstSoa<NP> p, const ListSoa<NL>& l, const ListSoa<NCL>& cl) {
  double sfa = p.col[V_T_star][i];
  for (int k = 0; k < static_cast<int>(p.col[n_sfa][i]); ++k) {
    double& elem = l.at(sfa_elems, k, i);
    sfa += elem;
    elem *= cl.at(P_sfa, k, i);
  }
  double stc = 0.0;
  for (int k = 0; k < static_cast<int>(p.col[n_stc][i]); ++k) {
    double& elem = l.at(stc_elems, k, i);
    stc += elem;
    elem *= cl.at(P_stc, k, i);
  }
  s.col[E_sfa][i] = sfa;
  s.col[I_stc][i] = stc;
}

// End of a step, after V was propagated: the refractory clamp, or the escape-noise
// draw at V. Returns the spikes (0 or 1).
template <int NS, int NP, int NC, int NL>
ROOST_HD int fire_or_hold(Index i, Soa<NS> s, ConstSoa<NP> p, ConstSoa<NC> c, const ListSoa<NL>& l, double& V,
                          RandomStream& noise) {
  double& r = s.col[refractory_steps_left][i];
  if (r > 0.0) {
    r -= 1.0;
    V = p.col[V_reset][i];
    return 0;
  }
  const double lambda = p.col[lambda_0][i] / 1000.0 * std::exp((V - s.col[E_sfa][i]) / p.col[Delta_V][i]);
  if (!(lambda > 0.0) || !(noise.uniform() < -std::expm1(-lambda * c.col[h_ms][i]))) return 0;
  for (int k = 0; k < static_cast<int>(p.col[n_stc][i]); ++k) l.at(stc_elems, k, i) += l.at(q_stc, k, i);
  for (int k = 0; k < static_cast<int>(p.col[n_sfa][i]); ++k) l.at(sfa_elems, k, i) += l.at(q_sfa, k, i);
  r = c.col[refractory_steps][i];
  return 1;
}

}  // namespace roost::models::gif
