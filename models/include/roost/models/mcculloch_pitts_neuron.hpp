// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// mcculloch_pitts_neuron: binary neuron with a hard threshold. At each update
// (exponential intervals of mean tau_m) S = 1 if h + I > theta, else 0.
// Reference: NEST 3.10 mcculloch_pitts_neuron (binary_neuron.h with
// gainfunction_mcculloch_pitts); what binary neurons share: binary_common.hpp.

#include <array>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/binary_common.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct mcculloch_pitts_neuron : binary::NeuronBase<2> {
  static constexpr const char* model_name = "mcculloch_pitts_neuron";

  enum Param : int { tau_m, theta, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_m", 10.0, "ms"},
      {"theta", 0.0, "mV"},
  }};
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           RandomStream& noise, std::int64_t n) {
    binary::GainParams g;
    g.theta = p.col[theta][i];
    return binary::step<binary::Gain::mcculloch_pitts>(i, s, c, p.col[tau_m][i], g, input, n, noise);
  }
};

}  // namespace roost::models
