// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The embedded Runge-Kutta-Fehlberg 4(5) solver of every nonlinear neuron
// model, written once for both backends (ROOST_HD, fixed-size arrays, no heap).
//
// It reproduces the scheme NEST's models get from GSL's gsl_odeiv interface
// (rkf45 stepper, "standard" step-size control, evolve_apply), so that the
// substeps, and with them the sub-step spike tests of aeif-type models, fall
// where NEST's fall:
//   * one evolve_apply() call takes one accepted substep from t towards t1; a
//     substep that would pass t1 is shortened to end exactly there;
//   * the error of each component is |yerr_i| / (eps_rel (a_y |y_i| +
//     a_dydt h |y'_i|) + eps_abs); above 1.1 the substep is retried with
//     h * max(0.2, 0.9 / err^(1/5)), below 0.5 the next one grows by
//     min(5, max(1, 0.9 / err^(1/6)));
//   * the step size suggested for the next substep is returned through `h`,
//     which models keep per neuron across grid steps (NEST's IntegrationStep_).
// Reference: E. Fehlberg (1969), NASA TR R-315; GSL's documentation of
// gsl_odeiv_step_rkf45 and gsl_odeiv_control_standard_new.

#include <cmath>

#include "roost/hd.hpp"

namespace roost::models::ode {

// Error control: NEST's models use either y-based control (a_y = 1,
// gsl_odeiv_control_y_new) or derivative-based control (a_dydt = 1,
// gsl_odeiv_control_yp_new, the aeif models).
struct ErrorControl {
  double eps_abs;
  double eps_rel;
  double a_y;
  double a_dydt;

  ROOST_HD static ErrorControl on_values(double eps_abs, double eps_rel) { return {eps_abs, eps_rel, 1.0, 0.0}; }
  ROOST_HD static ErrorControl on_derivatives(double eps_abs, double eps_rel) {
    return {eps_abs, eps_rel, 0.0, 1.0};
  }
};

enum class StepAdjust { decrease, keep, increase };

// The number of equations: N, or fewer where the right-hand side says so
// (`dim`, for models whose size is set at run time, e.g. one conductance per
// receptor port; N is then their maximum).
template <int N, class Rhs>
ROOST_HD int dimension_of(const Rhs& rhs) {
  if constexpr (requires { rhs.dim; }) {
    return rhs.dim;
  } else {
    return N;
  }
}

// Fehlberg's tableau; zero entries left out. The fifth-order weights c, and
// ec = fifth- minus fourth-order weights (the error estimate).
struct Fehlberg {
  static constexpr double a2 = 1.0 / 4.0, a3 = 3.0 / 8.0, a4 = 12.0 / 13.0, a5 = 1.0, a6 = 1.0 / 2.0;
  static constexpr double b31 = 3.0 / 32.0, b32 = 9.0 / 32.0;
  static constexpr double b41 = 1932.0 / 2197.0, b42 = -7200.0 / 2197.0, b43 = 7296.0 / 2197.0;
  static constexpr double b51 = 8341.0 / 4104.0, b52 = -32832.0 / 4104.0, b53 = 29440.0 / 4104.0,
                          b54 = -845.0 / 4104.0;
  static constexpr double b61 = -6080.0 / 20520.0, b62 = 41040.0 / 20520.0, b63 = -28352.0 / 20520.0,
                          b64 = 9295.0 / 20520.0, b65 = -5643.0 / 20520.0;
  static constexpr double c1 = 902880.0 / 7618050.0, c3 = 3953664.0 / 7618050.0, c4 = 3855735.0 / 7618050.0,
                          c5 = -1371249.0 / 7618050.0, c6 = 277020.0 / 7618050.0;
  static constexpr double e1 = 1.0 / 360.0, e3 = -128.0 / 4275.0, e4 = -2197.0 / 75240.0, e5 = 1.0 / 50.0,
                          e6 = 2.0 / 55.0;
  static constexpr unsigned order = 5;
};

// One RKF45 step of size h from (t, y) with k1 = f(t, y) given: y becomes the
// fifth-order solution, yerr the error estimate, dydt_out = f(t + h, y).
// Rhs: callable as rhs(t, const double* y, double* dydt).
template <int N, class Rhs>
ROOST_HD void rkf45_step(const Rhs& rhs, double t, double h, double* y, double* yerr, const double* k1,
                         double* dydt_out) {
  using F = Fehlberg;
  const int n = dimension_of<N>(rhs);
  double k2[N], k3[N], k4[N], k5[N], k6[N], tmp[N];
  for (int i = 0; i < n; ++i) tmp[i] = y[i] + F::a2 * h * k1[i];
  rhs(t + F::a2 * h, tmp, k2);
  for (int i = 0; i < n; ++i) tmp[i] = y[i] + h * (F::b31 * k1[i] + F::b32 * k2[i]);
  rhs(t + F::a3 * h, tmp, k3);
  for (int i = 0; i < n; ++i) tmp[i] = y[i] + h * (F::b41 * k1[i] + F::b42 * k2[i] + F::b43 * k3[i]);
  rhs(t + F::a4 * h, tmp, k4);
  for (int i = 0; i < n; ++i) {
    tmp[i] = y[i] + h * (F::b51 * k1[i] + F::b52 * k2[i] + F::b53 * k3[i] + F::b54 * k4[i]);
  }
  rhs(t + F::a5 * h, tmp, k5);
  for (int i = 0; i < n; ++i) {
    tmp[i] = y[i] + h * (F::b61 * k1[i] + F::b62 * k2[i] + F::b63 * k3[i] + F::b64 * k4[i] + F::b65 * k5[i]);
  }
  rhs(t + F::a6 * h, tmp, k6);
  for (int i = 0; i < n; ++i) {
    const double d = F::c1 * k1[i] + F::c3 * k3[i] + F::c4 * k4[i] + F::c5 * k5[i] + F::c6 * k6[i];
    y[i] += h * d;
  }
  rhs(t + h, y, dydt_out);
  for (int i = 0; i < n; ++i) {
    yerr[i] = h * (F::e1 * k1[i] + F::e3 * k3[i] + F::e4 * k4[i] + F::e5 * k5[i] + F::e6 * k6[i]);
  }
}

// The standard control's verdict on a step of size h; proposes the next h.
template <int N>
ROOST_HD StepAdjust adjust_step(const ErrorControl& c, const double* y, const double* yerr, const double* dydt,
                                double& h, int n = N) {
  constexpr double safety = 0.9;
  const double h_old = h;
  double worst = 2.2250738585072014e-308;  // DBL_MIN, as GSL starts
  for (int i = 0; i < n; ++i) {
    const double scale = c.eps_rel * (c.a_y * std::fabs(y[i]) + c.a_dydt * std::fabs(h_old * dydt[i])) + c.eps_abs;
    const double r = std::fabs(yerr[i]) / std::fabs(scale);
    worst = r > worst ? r : worst;
  }
  if (worst > 1.1) {
    double r = safety / std::pow(worst, 1.0 / Fehlberg::order);
    if (r < 0.2) r = 0.2;
    h = r * h_old;
    return StepAdjust::decrease;
  }
  if (worst < 0.5) {
    double r = safety / std::pow(worst, 1.0 / (Fehlberg::order + 1.0));
    if (r > 5.0) r = 5.0;
    if (r < 1.0) r = 1.0;
    h = r * h_old;
    return StepAdjust::increase;
  }
  return StepAdjust::keep;
}

// One accepted substep from t towards t1 (t < t1, h > 0): advances t and y and
// leaves in h the size to try next (GSL's gsl_odeiv_evolve_apply).
// `dydt` holds f(t, y) when `dydt_valid` (else it is computed) and leaves
// with f at the new (t, y): a caller that does not touch y between two
// substeps passes it on and saves one right-hand-side evaluation of seven
// (the last stage of a step is the first of the next; NEST recomputes it).
// The right-hand sides do not depend on t, so the values are those NEST's
// recomputation gives, bit for bit.
template <int N, class Rhs>
ROOST_HD void evolve_apply(const Rhs& rhs, const ErrorControl& control, double& t, double t1, double& h, double* y,
                           double* dydt, bool& dydt_valid) {
  const double t0 = t;
  const double remaining = t1 - t0;
  const int n = dimension_of<N>(rhs);
  double y0[N], yerr[N], dydt_out[N];
  for (int i = 0; i < n; ++i) y0[i] = y[i];
  if (!dydt_valid) rhs(t0, y, dydt);
  double h0 = h;
  for (;;) {
    const bool final_step = h0 > remaining;
    if (final_step) h0 = remaining;
    rkf45_step<N>(rhs, t0, h0, y, yerr, dydt, dydt_out);
    t = final_step ? t1 : t0 + h0;
    const double h_tried = h0;
    if (adjust_step<N>(control, y, yerr, dydt_out, h0, n) == StepAdjust::decrease) {
      // Retry with the smaller step, unless it would not move t by one ulp.
      const double t_next = t + h0;
      if (std::fabs(h0) < std::fabs(h_tried) && t_next != t) {
        for (int i = 0; i < n; ++i) y[i] = y0[i];
        continue;
      }
      h0 = h_tried;
    }
    h = h0;
    for (int i = 0; i < n; ++i) dydt[i] = dydt_out[i];
    dydt_valid = true;
    return;
  }
}

// The same without a carried derivative (for callers that change y between substeps).
template <int N, class Rhs>
ROOST_HD void evolve_apply(const Rhs& rhs, const ErrorControl& control, double& t, double t1, double& h, double* y) {
  double dydt[N];
  bool dydt_valid = false;
  evolve_apply<N>(rhs, control, t, t1, h, y, dydt, dydt_valid);
}

// Integrates y over one grid step [0, step] in as many substeps as the error
// control needs, for models that look at the state only at the end of the step.
template <int N, class Rhs>
ROOST_HD void integrate_step(const Rhs& rhs, const ErrorControl& control, double step, double& h, double* y) {
  double t = 0.0;
  double dydt[N];
  bool dydt_valid = false;
  while (t < step) evolve_apply<N>(rhs, control, t, step, h, y, dydt, dydt_valid);
}

}  // namespace roost::models::ode
