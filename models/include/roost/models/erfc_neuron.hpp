// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// erfc_neuron: binary neuron with a complementary-error-function gain. At
// each update (exponential intervals of mean tau_m) S = 1 with probability
// erfc(-(h + I - theta) / (sqrt(2) sigma)) / 2.
// Reference: NEST 3.10 erfc_neuron (binary_neuron.h with gainfunction_erfc);
// what binary neurons share: binary_common.hpp.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/binary_common.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct erfc_neuron : binary::NeuronBase<3> {
  static constexpr const char* model_name = "erfc_neuron";

  enum Param : int { tau_m, theta, sigma, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_m", 10.0, "ms"},
      {"theta", 0.0, "mV"},
      {"sigma", 1.0, "mV"},
  }};
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           RandomStream& noise, std::int64_t n) {
    binary::GainParams g;
    g.theta = p.col[theta][i];
    g.sigma = p.col[sigma][i];
    return binary::step<binary::Gain::erfc>(i, s, c, p.col[tau_m][i], g, input, n, noise);
  }
};

}  // namespace roost::models
