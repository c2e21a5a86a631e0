// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The Siegert formula (Fourcaud & Brunel 2002 with the synaptic-filtering
// threshold shift) as NEST's siegert_neuron evaluates it, and the special
// functions it needs, device-safe: the scaled complementary error function
// erfcx(x) = exp(x^2) erfc(x), Dawson's integral, and an adaptive
// Gauss-Kronrod (7, 15) quadrature with a fixed-size interval stack. NEST
// uses GSL's QAGS with relative error 1.49e-8; this quadrature is held to
// 1e-11, so the two agree to NEST's own tolerance.

#include <cmath>

#include "roost/hd.hpp"

namespace roost::models::siegert {

// erfcx for x >= 0 (the only arguments the formula needs). exp(x^2) erfc(x)
// directly while erfc(x) is far from underflow, the asymptotic series beyond.
ROOST_HD inline double erfcx(double x) {
  if (x < 12.0) return std::exp(x * x) * std::erfc(x);
  const double inv2 = 1.0 / (2.0 * x * x);
  // 1/(x sqrt(pi)) (1 - 1/(2x^2) + 3/(2x^2)^2 - 15/(2x^2)^3 + 105/(2x^2)^4)
  const double series = 1.0 - inv2 * (1.0 - 3.0 * inv2 * (1.0 - 5.0 * inv2 * (1.0 - 7.0 * inv2)));
  return series / (x * 1.7724538509055160273);
}

// The Gauss-Kronrod 7/15 rule on [a, b]: the Kronrod estimate, and the
// difference to the Gauss one as its error.
template <class F>
ROOST_HD void gauss_kronrod_15(const F& f, double a, double b, double& result, double& error) {
  constexpr double xk[8] = {0.991455371120812639206854697526329, 0.949107912342758524526189684047851,
                            0.864864423359769072789712788640926, 0.741531185599394439863864773280788,
                            0.586087235467691130294144845693013, 0.405845151377397166906606412076961,
                            0.207784955007898467600689403773245, 0.000000000000000000000000000000000};
  constexpr double wk[8] = {0.022935322010529224963732008058970, 0.063092092629978553290700663189204,
                            0.104790010322250183839876322541518, 0.140653259715525918745189590510238,
                            0.169004726639267902826583426598550, 0.190350578064785409913256402421014,
                            0.204432940075298892414161999234649, 0.209482141084727828012999174891714};
  constexpr double wg[4] = {0.129484966168869693270611432679082, 0.279705391489276667901467771423780,
                            0.381830050505118944950369775488975, 0.417959183673469387755102040816327};
  const double center = 0.5 * (a + b), half = 0.5 * (b - a);
  const double fc = f(center);
  double kronrod = fc * wk[7], gauss = fc * wg[3];
  for (int j = 0; j < 7; ++j) {
    const double dx = half * xk[j];
    const double sum = f(center - dx) + f(center + dx);
    kronrod += wk[j] * sum;
    if (j % 2 == 1) gauss += wg[j / 2] * sum;  // the Gauss nodes are the Kronrod nodes 1, 3, 5
  }
  result = kronrod * half;
  error = std::fabs((kronrod - gauss) * half);
}

// The integral of f over [a, b] to relative accuracy rel_tol, bisecting the
// interval with the largest error until the summed error is small enough.
template <class F>
ROOST_HD double integrate(const F& f, double a, double b, double rel_tol = 1e-11) {
  constexpr int kMax = 64;
  double lo[kMax], hi[kMax], value[kMax], err[kMax];
  int n = 1;
  lo[0] = a;
  hi[0] = b;
  gauss_kronrod_15(f, a, b, value[0], err[0]);
  for (int iteration = 0; iteration < kMax - 1; ++iteration) {
    double total = 0.0, total_error = 0.0;
    int worst = 0;
    for (int k = 0; k < n; ++k) {
      total += value[k];
      total_error += err[k];
      if (err[k] > err[worst]) worst = k;
    }
    if (total_error <= rel_tol * std::fabs(total) || n == kMax) return total;
    const double mid = 0.5 * (lo[worst] + hi[worst]);
    lo[n] = mid;
    hi[n] = hi[worst];
    hi[worst] = mid;
    gauss_kronrod_15(f, lo[worst], hi[worst], value[worst], err[worst]);
    gauss_kronrod_15(f, lo[n], hi[n], value[n], err[n]);
    ++n;
  }
  double total = 0.0;
  for (int k = 0; k < n; ++k) total += value[k];
  return total;
}

struct Erfcx {
  ROOST_HD double operator()(double x) const { return erfcx(x); }
};

// Dawson's integral D(x) = exp(-x^2) int_0^x exp(t^2) dt = int_0^x exp(-u (2x - u)) du.
struct DawsonIntegrand {
  double x;
  ROOST_HD double operator()(double u) const { return std::exp(-u * (2.0 * x - u)); }
};
ROOST_HD inline double dawson(double x) {
  if (x == 0.0) return 0.0;
  const double sign = x < 0.0 ? -1.0 : 1.0;
  const double ax = std::fabs(x);
  return sign * integrate(DawsonIntegrand{ax}, 0.0, ax);
}

// The stationary rate (1/s) of a LIF neuron with mean input mu and variance
// sigma_square (mV, relative to the resting potential), NEST's formula and
// branches: 0 when the threshold is more than six sigma above mu.
ROOST_HD inline double rate(double mu, double sigma_square, double theta, double V_reset, double tau_m, double tau_syn,
                            double t_ref) {
  const double sigma = std::sqrt(sigma_square);
  if (theta - mu > 6.0 * sigma) return 0.0;
  constexpr double alpha = 2.0652531522312172;  // sqrt(2) |zeta(1/2)|
  constexpr double sqrt_pi = 1.7724538509055160273;
  const double threshold_shift = alpha / 2.0 * std::sqrt(tau_syn / tau_m);
  const double y_th = (theta - mu) / sigma + threshold_shift;
  const double y_r = (V_reset - mu) / sigma + threshold_shift;
  if (y_r > 0.0) {
    const double result = integrate(Erfcx{}, y_r, y_th);
    const double integral = 2.0 * dawson(y_th) - 2.0 * std::exp(y_r * y_r - y_th * y_th) * dawson(y_r) -
                            std::exp(-y_th * y_th) * result;
    return 1e3 * std::exp(-y_th * y_th) / (std::exp(-y_th * y_th) * t_ref + tau_m * sqrt_pi * integral);
  }
  if (y_th < 0.0) {
    const double integral = integrate(Erfcx{}, -y_th, -y_r);
    return 1e3 / (t_ref + tau_m * sqrt_pi * integral);
  }
  const double result = integrate(Erfcx{}, y_th, -y_r);
  const double integral = 2.0 * dawson(y_th) + std::exp(-y_th * y_th) * result;
  return 1e3 * std::exp(-y_th * y_th) / (std::exp(-y_th * y_th) * t_ref + tau_m * sqrt_pi * integral);
}

}  // namespace roost::models::siegert
