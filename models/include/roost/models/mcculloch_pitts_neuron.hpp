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

struct mcculloch_pitts_neuron {
  static constexpr const char* model_name = "mcculloch_pitts_neuron";

  enum Param : int { tau_m, theta, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_m", 10.0, "ms"},
      {"theta", 0.0, "mV"},
  }};
  using State = binary::State;
  static constexpr int n_state = binary::n_state;
  static constexpr auto state = binary::state;
  static constexpr int n_coef = binary::n_coef;
  static constexpr auto recordables = binary::recordables;
  static constexpr int n_spike_channels = binary::n_spike_channels;
  static constexpr bool counts_spikes = false;
  static constexpr bool binary_input = true;  // +w / -w by multiplicity (binary_delivery)
  static constexpr bool stochastic = true;
  static constexpr bool reads_step_number = true;

  ROOST_HD static int spike_channel(int receptor_type, double) { return binary::spike_channel(receptor_type); }
  static const char* validate(const double* p) { return binary::check_tau(p[tau_m]); }
  static const char* validate_key(const double*, const char* key) { return binary::check_key(key); }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params>, Soa<n_coef> c, double h) { binary::calibrate(i, c, h); }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           RandomStream& noise, std::int64_t n) {
    binary::GainParams g;
    g.theta = p.col[theta][i];
    return binary::step<binary::Gain::mcculloch_pitts>(i, s, c, p.col[tau_m][i], g, input, n, noise);
  }
};

}  // namespace roost::models
