// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Exact-integration propagators for linear subthreshold dynamics
//   dV/dt = -V/tau_m + I(t)/C_m,
// the building blocks of NEST's iaf_psc_* models (Rotter & Diesmann 1999).
// All are written to stay accurate when tau_syn approaches tau_m.

#include <cmath>

#include "roost/hd.hpp"

namespace roost::models {

// e / tau: the factor that makes an alpha function t/tau exp(1 - t/tau) of a
// unit weight peak at 1 (NEST's normalisation of alpha-shaped PSCs and PSCs).
ROOST_HD inline double alpha_normalization(double tau) { return 2.718281828459045 / tau; }

// V(h) for V(0)=0 driven by I(t) = exp(-t/tau_syn), i.e. the membrane response to
// an exponentially decaying unit current over one step h:
//   (1/C) * int_0^h exp(-(h-s)/tau_m) exp(-s/tau_syn) ds
//   = exp(-h/tau_m)/C * (1 - exp(-a h))/a,   a = 1/tau_syn - 1/tau_m.
ROOST_HD inline double propagator_exp_current(double tau_syn, double tau_m, double C_m, double h) {
  const double a = 1.0 / tau_syn - 1.0 / tau_m;
  const double decay = std::exp(-h / tau_m) / C_m;
  if (a == 0.0) return decay * h;
  return decay * (-std::expm1(-a * h) / a);
}

// V(h) for V(0)=0 driven by I(t) = t exp(-t/tau_syn), the current that the
// alpha-kernel state dI/dt = 1 at t=0 produces:
//   exp(-h/tau_m)/C * int_0^h s exp(-a s) ds = exp(-h/tau_m)/C * h^2 g(a h),
//   g(x) = (1 - exp(-x)(1+x))/x^2, evaluated by its series for small |x|.
ROOST_HD inline double propagator_alpha_current(double tau_syn, double tau_m, double C_m, double h) {
  const double a = 1.0 / tau_syn - 1.0 / tau_m;
  const double x = a * h;
  double g;
  if (std::fabs(x) < 0.5) {
    // g(x) = sum_k (-x)^k (k+1)/(k+2)!  ; 24 terms leave < 1e-30 for |x| < 0.5.
    g = 0.0;
    double power = 1.0;      // (-x)^k
    double factorial = 2.0;  // (k+2)!
    for (int k = 0; k < 24; ++k) {
      g += power * (k + 1) / factorial;
      power *= -x;
      factorial *= (k + 3);
    }
  } else {
    g = (-std::expm1(-x) - x * std::exp(-x)) / (x * x);
  }
  return std::exp(-h / tau_m) / C_m * h * h * g;
}

// Number of whole steps of a duration, rounded to the nearest step as NEST's
// Time conversion does.
ROOST_HD inline double steps_of(double duration_ms, double h) { return std::round(duration_ms / h); }

}  // namespace roost::models
