// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// ginzburg_neuron: binary neuron with a sigmoidal (or affine) gain. At each
// update (exponential intervals of mean tau_m) S = 1 with probability
// c_1 (h + I) + c_2 (1 + tanh(c_3 (h + I - theta))) / 2 (a uniform draw below it).
// Reference: NEST 3.10 ginzburg_neuron (binary_neuron.h with
// gainfunction_ginzburg); what binary neurons share: binary_common.hpp.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/binary_common.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct ginzburg_neuron : binary::NeuronBase<5> {
  static constexpr const char* model_name = "ginzburg_neuron";

  enum Param : int { tau_m, theta, c_1, c_2, c_3, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_m", 10.0, "ms"},
      {"theta", 0.0, "mV"},
      {"c_1", 0.0, "1/mV"},
      {"c_2", 1.0, ""},
      {"c_3", 1.0, "1/mV"},
  }};
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           RandomStream& noise, std::int64_t n) {
    binary::GainParams g;
    g.theta = p.col[theta][i];
    g.c_1 = p.col[c_1][i];
    g.c_2 = p.col[c_2][i];
    g.c_3 = p.col[c_3][i];
    return binary::step<binary::Gain::ginzburg>(i, s, c, p.col[tau_m][i], g, input, n, noise);
  }
};

}  // namespace roost::models
