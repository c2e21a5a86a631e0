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

// Number of whole steps of a duration exactly as NEST's Time(Time::ms(d)).get_steps()
// counts them (1000 tics per ms, as Roost fixes it): d is rounded to the nearest
// tic, then *up* to whole steps. Differs from steps_of only for durations that are
// not multiples of h (2.04 ms at h = 0.1 ms: 21 steps here, 20 there).
ROOST_HD inline double nest_steps_of(double duration_ms, double h) {
  const double tics = std::floor(duration_ms * 1000.0 + 0.5);
  const double tics_per_step = std::round(h * 1000.0);
  return std::ceil(tics / tics_per_step);
}

// Exponential filters in series. With b = 1/tau_out - 1/tau_in:
//   int_0^h exp(-(h-s)/tau_out) exp(-s/tau_in) ds         = exp(-h/tau_out) h   g1(b h)
//   int_0^h (h-s) exp(-(h-s)/tau_out) exp(-s/tau_in) ds   = exp(-h/tau_out) h^2 g2(b h)
// i.e. what a unit exponential input exp(-s/tau_in) leaves after h in the first
// and in the second stage of a chain of two equal filters
//   dx/dt = -x/tau_out + input,  dy/dt = -y/tau_out + x.
// g1(x) = expm1(x)/x and g2(x) = (expm1(x) - x)/x^2 are evaluated without
// cancellation, so tau_in == tau_out needs no special case.
ROOST_HD inline double exp_filter_g1(double x) { return x == 0.0 ? 1.0 : std::expm1(x) / x; }

ROOST_HD inline double exp_filter_g2(double x) {
  if (std::fabs(x) < 0.5) {
    // g2(x) = sum_k x^k / (k+2)!  ; 24 terms leave < 1e-30 for |x| < 0.5.
    double sum = 0.0;
    double term = 0.5;  // x^0 / 2!
    for (int k = 0; k < 24; ++k) {
      sum += term;
      term *= x / (k + 3);
    }
    return sum;
  }
  return (std::expm1(x) - x) / (x * x);
}

ROOST_HD inline double exp_through_filter(double tau_out, double tau_in, double h) {
  return std::exp(-h / tau_out) * h * exp_filter_g1((1.0 / tau_out - 1.0 / tau_in) * h);
}

ROOST_HD inline double exp_through_two_filters(double tau_out, double tau_in, double h) {
  return std::exp(-h / tau_out) * h * h * exp_filter_g2((1.0 / tau_out - 1.0 / tau_in) * h);
}

}  // namespace roost::models
