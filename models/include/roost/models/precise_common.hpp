// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What NEST 3.10's precise-spiking ("_ps") iaf models share: the exact
// propagator of an exponential current onto the membrane in NEST's
// numerically guarded form (libnestutil's IAFPropagator) and the Illinois
// regula falsi that locates the threshold crossing within a (mini)step
// (libnestutil/regula_falsi.h). Written once, device-callable.
//
// Time within a step is measured as NEST's offsets: h at the start of the
// step, 0 at its end; a spike is stamped with the end of its step and carries
// the offset of its exact time before that end.

#include <cmath>

#include "roost/hd.hpp"

namespace roost::models::precise {

// V(dt) for V(0) = 0 driven by a unit current decaying with tau_syn, as
// NEST's IAFPropagatorExp::evaluate: gamma exp(-dt/tau_syn) expm1(dt/beta),
// and the limit dt/C exp(-dt/tau_m) where that is not a positive normal
// number (tau_syn == tau_m, or a difference too small to represent).
ROOST_HD inline double p32(double tau_syn, double tau_m, double C_m, double dt) {
  const double beta = tau_syn * tau_m / (tau_m - tau_syn);
  const double inv_beta = (tau_m - tau_syn) / (tau_syn * tau_m);
  const double value = beta / C_m * std::exp(-dt * (1.0 / tau_syn)) * std::expm1(dt * inv_beta);
  if (std::isnormal(value) && value > 0.0) return value;
  return dt * (1.0 / C_m) * std::exp(-dt * (1.0 / tau_m));
}

// NEST's IAFPropagatorAlpha::evaluate: (P31, P32) of an alpha current, the
// membrane's response to the current's derivative state (P31) and to the
// current (P32), with NEST's switch to the singular forms.
ROOST_HD inline void p31_p32(double tau_syn, double tau_m, double C_m, double dt, double& P31, double& P32) {
  const double beta = tau_syn * tau_m / (tau_m - tau_syn);
  const double gamma = beta / C_m;
  const double inv_beta = (tau_m - tau_syn) / (tau_syn * tau_m);
  const double h_min_regular = 1e-7 * tau_m * tau_m / std::fabs(tau_m - tau_syn);
  const double exp_h_tau_syn = std::exp(-dt * (1.0 / tau_syn));
  const double expm1_h_tau = std::expm1(dt * inv_beta);
  P32 = gamma * exp_h_tau_syn * expm1_h_tau;
  double exp_h_tau = NAN;
  if (!(std::isnormal(P32) && P32 > 0.0)) {
    exp_h_tau = std::exp(-dt * (1.0 / tau_m));
    P32 = dt * (1.0 / C_m) * exp_h_tau;
  }
  if (dt > h_min_regular) {
    P31 = gamma * exp_h_tau_syn * (beta * expm1_h_tau - dt);
    return;
  }
  if (std::isnan(exp_h_tau)) exp_h_tau = std::exp(-dt * (1.0 / tau_m));
  P31 = 0.5 * dt * dt * (1.0 / C_m) * exp_h_tau;
}

// NEST's Time(Time::ms(t_ref)).get_steps() for the refractory period: whole
// steps, rounded up, at least 1 (NEST refuses t_ref below one step). The
// duration is taken as exact, not rounded to the tic first.
ROOST_HD inline double ref_steps(double t_ref, double h) {
  const double steps = std::ceil(t_ref / h - 1e-9);
  return steps < 1.0 ? 1.0 : steps;
}

// Illinois regula falsi on [0, dt] for the root of distance(t) (the
// membrane's distance to threshold t after the start of the ministep), as
// NEST's regula_falsi: stops when |distance| < 1e-14, at most 500 rounds.
// Returns the root, or a negative number where NEST throws
// NumericalInstability (no sign change, or no convergence).
template <class Distance>
ROOST_HD double regula_falsi(const Distance& distance, double dt) {
  double a = 0.0, b = dt;
  double fa = distance(a), fb = distance(b);
  if (fa * fb > 0.0) return -1.0;
  int last_sign = 0;
  for (int iter = 0; iter < 500; ++iter) {
    if (fb == fa) return -1.0;
    const double root = (a * fb - b * fa) / (fb - fa);
    const double f = distance(root);
    if (std::fabs(f) < 1e-14) return root;
    if (fa * f > 0.0) {
      a = root;
      fa = f;
      if (last_sign == 1) fb /= 2;
      last_sign = 1;
    } else if (fb * f > 0.0) {
      b = root;
      fb = f;
      if (last_sign == -1) fa /= 2;
      last_sign = -1;
    } else {
      return -1.0;
    }
  }
  return -1.0;
}

}  // namespace roost::models::precise
