// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// NEST's compartmental tree (cm_tree.h/.cpp, cm_compartmentcurrents.h/.cpp of
// NEST 3.10), written once for both backends: the ion channels (Na, K), the
// receptors (AMPA, GABA, NMDA, AMPA_NMDA) and the O(n) solver of the
// tree-shaped linear system NEST solves every step (Crank-Nicolson for the
// passive part, currents linearised around the present voltage).
//
// Everything works on one neuron's list columns (element k of list L is
// `col[L][k * n + i]`), with no allocation, so that it runs per neuron on the
// device. The order in which NEST's recursive down-sweep visits the
// compartments fixes the order of its floating-point sums; `downsweep_order`
// computes that order once (at calibration) and `solve` replays it.

#include <cmath>

#include "roost/hd.hpp"

namespace roost::models::cm {

enum ReceptorType : int { AMPA = 0, GABA = 1, NMDA = 2, AMPA_NMDA = 3, n_receptor_types = 4 };

constexpr double q10 = 1.0 / 3.21;

// (steady state, time constant) of the sodium activation m (NEST: Na::compute_statevar_m).
struct Gate {
  double inf, tau;
};

ROOST_HD inline Gate na_m(double v) {
  const double v35 = v + 35.013;
  double alpha, frac;
  if (fabs(v35) > 1e-5) {
    const double e = exp(0.111111111111111 * v35);
    const double fe = 1. / (e - 1.);
    alpha = 0.182 * v35 * e * fe;
    const double beta = 0.124 * v35 * fe;
    frac = 1. / (alpha + beta);
  } else {
    alpha = 1.638;
    frac = 1. / (alpha + 1.116);
  }
  return {alpha * frac, q10 * frac};
}

ROOST_HD inline Gate na_h(double v) {
  const double v50 = v + 50.013, v75 = v + 75.013;
  const double alpha = fabs(v50) > 1e-5 ? 0.024 * v50 / (1.0 - exp(-0.2 * v50)) : 0.12;
  const double beta = fabs(v75) > 1e-9 ? -0.0091 * v75 / (1.0 - exp(0.2 * v75)) : 0.0455;
  return {1. / (1. + exp((v + 65.) / 6.2)), q10 / (alpha + beta)};
}

ROOST_HD inline Gate k_n(double v) {
  const double v25 = v - 25.;
  double alpha, frac;
  if (fabs(v25) > 1e-5) {
    const double e = exp(0.111111111111111 * v25);
    const double fe = 1. / (e - 1.);
    alpha = 0.02 * v25 * e * fe;
    const double beta = 0.002 * v25 * fe;
    frac = 1. / (alpha + beta);
  } else {
    alpha = 0.18;
    frac = 1. / (alpha + 0.018);
  }
  return {alpha * frac, q10 * frac};
}

// NEST's NMDA magnesium block and its derivative.
ROOST_HD inline Gate nmda_sigmoid(double v) {
  const double e = exp(-.1 * v);
  const double denom = 1. + 0.3 * e;
  return {1. / denom, 0.03 * e / pow(denom, 2.0)};
}

// A conductance (g_val, i_val) pair as NEST's f_numstep returns it: the
// compartment's matrix diagonal gets g_val, its right-hand side i_val.
struct GI {
  double g = 0.0, i = 0.0;
};

// One step of the sodium channel (gating updated in place).
ROOST_HD inline GI na_step(double& m, double& h, double gbar, double e_rev, double v, double dt) {
  GI out;
  if (gbar > 1e-9) {
    const Gate gm = na_m(v), gh = na_h(v);
    const double pm = exp(-dt / gm.tau);
    m *= pm;
    m += (1. - pm) * gm.inf;
    const double ph = exp(-dt / gh.tau);
    h *= ph;
    h += (1. - ph) * gh.inf;
    const double g = gbar * pow(m, 3.0) * h;
    out.g += g / 2.;
    out.i += g * (e_rev - v / 2.);
  }
  return out;
}

ROOST_HD inline GI k_step(double& n_gate, double gbar, double e_rev, double v, double dt) {
  GI out;
  if (gbar > 1e-9) {
    const Gate gn = k_n(v);
    const double pn = exp(-dt / gn.tau);
    n_gate *= pn;
    n_gate += (1. - pn) * gn.inf;
    const double g = gbar * n_gate;
    out.g += g / 2.;
    out.i += g * (e_rev - v / 2.);
  }
  return out;
}

// One step of a rise/decay receptor: propagate, add the spikes (weights summed
// this step, times the normalisation), linearise the current around v.
ROOST_HD inline GI receptor_step(int type, double* g, const double* prop, const double* norm, double spikes,
                                 double e_rev, double ratio, double v) {
  // g: {rise, decay} (AMPA_NMDA: {rise AMPA, decay AMPA, rise NMDA, decay NMDA}).
  g[0] *= prop[0];
  g[1] *= prop[1];
  if (type == AMPA_NMDA) {
    g[2] *= prop[2];
    g[3] *= prop[3];
  }
  double s = spikes * norm[0];
  g[0] -= s;
  g[1] += s;
  if (type == AMPA_NMDA) {
    s = spikes * norm[1];
    g[2] -= s;
    g[3] += s;
  }
  double i_tot, di_dv;
  if (type == AMPA || type == GABA) {
    const double gs = g[0] + g[1];
    i_tot = gs * (e_rev - v);
    di_dv = -gs;
  } else if (type == NMDA) {
    const double gs = g[0] + g[1];
    const Gate sig = nmda_sigmoid(v);
    i_tot = gs * sig.inf * (e_rev - v);
    di_dv = gs * (sig.tau * (e_rev - v) - sig.inf);
  } else {
    const double ga = g[0] + g[1], gn = g[2] + g[3];
    const Gate sig = nmda_sigmoid(v);
    i_tot = (ga + ratio * gn * sig.inf) * (e_rev - v);
    di_dv = -ga + ratio * gn * (sig.tau * (e_rev - v) - sig.inf);
  }
  GI out;
  out.g = -di_dv / 2.;
  out.i = i_tot + out.g * v;
  return out;
}

// The order in which NEST's recursive down-sweep (CompTree::solve_matrix_downsweep)
// visits the compartments: from the first leaf upwards as long as a parent has
// heard from all its children, else on with the next leaf (leaves in index
// order). Element k of a list is at [k * stride]; parent[k] < k for every
// non-root compartment. `passed` is scratch (n elements); writes n indices
// into `order`.
ROOST_HD inline int children_of(int c, int n, const double* parent, long long stride) {
  int k = 0;
  for (int j = c + 1; j < n; ++j) k += static_cast<int>(parent[j * stride]) == c;
  return k;
}

ROOST_HD inline int next_leaf(int from, int n, const double* parent, long long stride) {
  for (int j = from; j < n; ++j) {
    if (children_of(j, n, parent, stride) == 0) return j;
  }
  return n;
}

ROOST_HD inline void downsweep_order(int n, const double* parent, double* order, double* passed, long long stride) {
  for (int c = 0; c < n; ++c) passed[c * stride] = 0.0;
  int written = 0;
  int leaf = next_leaf(0, n, parent, stride);
  int c = leaf;
  while (c < n && written < n) {
    order[written++ * stride] = c;
    const int p = static_cast<int>(parent[c * stride]);
    if (p < 0) break;
    passed[p * stride] += 1.0;
    if (static_cast<int>(passed[p * stride]) == children_of(p, n, parent, stride)) {
      passed[p * stride] = 0.0;
      c = p;
    } else {
      leaf = next_leaf(leaf + 1, n, parent, stride);
      c = leaf;
    }
  }
}

}  // namespace roost::models::cm
