// SPDX-License-Identifier: GPL-2.0-or-later
// The adaptive RKF45 solver (models/rkf45.hpp): accuracy against closed forms,
// and the step-size control that NEST's models rely on.
#include <gtest/gtest.h>

#include <cmath>

#include "roost/models/rkf45.hpp"

using namespace roost::models::ode;

namespace {

// dy0/dt = -y0/tau; dy1/dt = y0 - y1/tau (the alpha function's pair).
struct AlphaPair {
  double tau;
  void operator()(double, const double* y, double* f) const {
    f[0] = -y[0] / tau;
    f[1] = y[0] - y[1] / tau;
  }
};

// dy/dt = lambda y: stiff for large |lambda|, needs small substeps.
struct Linear {
  double lambda;
  void operator()(double, const double* y, double* f) const { f[0] = lambda * y[0]; }
};

}  // namespace

TEST(Rkf45, OneFehlbergStepIsFifthOrderAccurate) {
  // Local error of a 5th-order step is O(h^6): halving h divides it by ~64.
  const Linear rhs{-1.0};
  auto error_of = [&](double h) {
    double y[1] = {1.0}, yerr[1], k1[1], out[1];
    rhs(0.0, y, k1);
    rkf45_step<1>(rhs, 0.0, h, y, yerr, k1, out);
    return std::fabs(y[0] - std::exp(-h));
  };
  const double ratio = error_of(0.2) / error_of(0.1);
  EXPECT_GT(ratio, 40.0);
  EXPECT_LT(ratio, 80.0);
}

TEST(Rkf45, IntegratesAlphaConductanceToTolerance) {
  const double tau = 2.0;
  const AlphaPair rhs{tau};
  double y[2] = {std::exp(1.0) / tau, 0.0};  // peak 1 at t = tau
  double h = 0.1;
  for (int step = 0; step < 100; ++step) integrate_step<2>(rhs, ErrorControl::on_values(1e-6, 0.0), 0.1, h, y);
  const double t = 10.0;
  const double exact = std::exp(1.0) / tau * t * std::exp(-t / tau);
  EXPECT_NEAR(y[1], exact, 1e-6);
  EXPECT_NEAR(y[0], std::exp(1.0) / tau * std::exp(-t / tau), 1e-7);
}

TEST(Rkf45, SubstepGrowsOnSmoothAndShrinksOnStiffProblems) {
  // Smooth: the suggested substep grows (at most 5x per accepted substep) but a
  // substep never runs past the end of the grid step.
  {
    const Linear rhs{-0.01};
    double y[1] = {1.0}, h = 0.1, t = 0.0;
    evolve_apply<1>(rhs, ErrorControl::on_values(1e-3, 0.0), t, 0.1, h, y);
    EXPECT_DOUBLE_EQ(t, 0.1);
    EXPECT_DOUBLE_EQ(h, 0.5);  // grown by the maximum factor 5
  }
  // Stiff: the first try is rejected and the step retried smaller; the result
  // is still accurate.
  {
    const Linear rhs{-200.0};
    double y[1] = {1.0}, h = 0.1, t = 0.0;
    int substeps = 0;
    while (t < 0.1) {
      evolve_apply<1>(rhs, ErrorControl::on_values(1e-8, 0.0), t, 0.1, h, y);
      ++substeps;
    }
    EXPECT_GT(substeps, 10);
    EXPECT_LT(h, 0.1);
    EXPECT_NEAR(y[0], std::exp(-20.0), 1e-8);
  }
}

TEST(Rkf45, DerivativeControlScalesWithTheSlope) {
  // yp control: the allowed error grows with |h y'|, so a steep solution takes
  // larger substeps than under y control with the same tolerance.
  const Linear rhs{-50.0};
  auto substeps = [&](const ErrorControl& c) {
    double y[1] = {100.0}, h = 0.1, t = 0.0;
    int n = 0;
    while (t < 0.1) {
      evolve_apply<1>(rhs, c, t, 0.1, h, y);
      ++n;
    }
    return n;
  };
  EXPECT_LT(substeps(ErrorControl::on_derivatives(1e-6, 1e-6)), substeps(ErrorControl::on_values(1e-6, 0.0)));
}
