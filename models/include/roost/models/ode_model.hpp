// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What the models integrated with the adaptive RKF45 solver share: moving the
// ODE part of a neuron's state (the first N state fields) between the
// population's columns and a local vector, the per-neuron substep size NEST
// carries from step to step, and the failure code a model returns when its
// state leaves the range it can represent (NEST's NumericalInstability).

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/rkf45.hpp"

namespace roost::models::ode {

// Returned by a model's step() instead of a spike count: the kernel stops the
// simulation with an error naming the node.
constexpr int numerical_instability = -1;
// Returned by a model whose connection weights must stay constant
// (iaf_bw_2001_exact) when a spike crosses a connection whose weight changed.
constexpr int inconstant_weight = -2;

// The first N state fields of neuron i into y, and back.
template <int N, class Columns>
ROOST_HD void load(const Columns& s, Index i, double* y) {
  for (int k = 0; k < N; ++k) y[k] = s.col[k][i];
}
template <int N, class Columns>
ROOST_HD void store(const Columns& s, Index i, const double* y) {
  for (int k = 0; k < N; ++k) s.col[k][i] = y[k];
}

// NEST starts every neuron's substep size at the resolution (init_buffers);
// Roost stores 0 for "not started yet" so that the default needs no resolution.
ROOST_HD inline double substep_or_resolution(double stored, double resolution) {
  return stored > 0.0 ? stored : resolution;
}

}  // namespace roost::models::ode
