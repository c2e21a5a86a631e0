// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_chs_2007: the spike-response model of Carandini, Horton & Sincich (2007),
// in normalised (dimensionless) units: rest 0, threshold 1.
//
//   V_m = V_syn + V_spike + V_noise * noise[k]
//   V_syn: alpha-shaped PSPs, i_syn' = -i_syn/tau_epsp, V_syn' = -V_syn/tau_epsp
//          + V_epsp e/tau_epsp i_syn (a unit weight peaks at V_epsp after tau_epsp)
//   V_spike: decays with tau_reset; at a spike (V_m >= 1) V_spike and V_m drop
//          by V_reset (no refractoriness, no clamp)
//
// Exact integration on the grid in NEST's order: V_syn propagates with the old
// i_syn, then i_syn decays and takes this step's spikes, V_spike decays, the
// noise term is added, the threshold is tested. `noise` is a prescribed list
// (any length): while V_noise > 0 and the list is not empty, step k of the run
// adds V_noise * noise[k], k counting from the first step of the first
// Simulate (a position kept per neuron, restarted whenever `noise` is set).
// NEST reads past the end of the list when a run is longer (undefined
// behaviour there); Roost adds nothing once the list is used up.
// Only spikes are accepted (receptor 0; a current generator is refused as in
// NEST); negative weights are accepted and ignored. Checks and messages as NEST
// 3.10 (V_epsp >= 0, V_reset >= 0, tau_epsp, tau_reset > 0). Reference: NEST
// 3.10 iaf_chs_2007.

#include <array>
#include <cmath>
#include <vector>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/ring_buffer.hpp"

namespace roost::models {

struct iaf_chs_2007 {
  static constexpr const char* model_name = "iaf_chs_2007";

  enum Param : int { V_reset, V_epsp, tau_epsp, tau_reset, V_noise, n_noise, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"V_reset", 2.31, ""},
      {"V_epsp", 0.77, ""},
      {"tau_epsp", 8.5, "ms"},
      {"tau_reset", 15.4, "ms"},
      {"V_noise", 0.0, ""},
      {"n_noise", 0.0, "", FieldType::Int, true},
  }};

  enum State : int { V_m, i_syn_ex, V_syn, V_spike, noise_position, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", 0.0, ""},
      {"i_syn_ex", 0.0, "", FieldType::Double, true},
      {"V_syn", 0.0, "", FieldType::Double, true},
      {"V_spike", 0.0, "", FieldType::Double, true},
      {"noise_position", 0.0, "", FieldType::Int, true},
  }};

  enum List : int { noise };
  static constexpr std::array<ListGroupSpec, 1> list_groups{{
      {n_noise, 0, 0, "All lists of a group must have the same length.", int{n_params} + int{noise_position}},
  }};
  static constexpr std::array<ListSpec, 1> lists{{{"noise", 0.0, "", 0, ListRole::param}}};
  static constexpr int receptor_group = -1;  // one input port (receptor 0)
  static constexpr std::array<int, 0> coef_list_groups{};

  enum Coef : int { P11ex, P22, P30, P21ex, n_coef };

  static constexpr std::array<const char*, 1> recordables{"V_m"};
  // Negative weights go to a channel that is read and dropped (NEST accepts
  // the connection and ignores the spike).
  enum Channel : int { ex, ignored, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool accepts_current = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    if (receptor_type != 0) return -1;
    return weight >= 0.0 ? ex : ignored;
  }

  static const char* validate(const double* p) {
    if (p[V_epsp] < 0.0) return "EPSP cannot be negative.";
    if (p[V_reset] < 0.0) return "Reset potential cannot be negative.";
    if (!(p[tau_epsp] > 0.0) || !(p[tau_reset] > 0.0)) return "All time constants must be strictly positive.";
    return nullptr;
  }

  static const char* validate_lists(const double*, const std::vector<double>*) { return nullptr; }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, const ListSoa<1>&, const ListSoa<0>&,
                                 double h) {
    const double tau = p.col[tau_epsp][i];
    c.col[P11ex][i] = std::exp(-h / tau);
    c.col[P22][i] = std::exp(-h / tau);
    c.col[P30][i] = std::exp(-h / p.col[tau_reset][i]);
    c.col[P21ex][i] = p.col[V_epsp][i] * std::exp(1.0) / 1.0 * c.col[P11ex][i] * h / tau;  // NEST's C = 1
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const ListSoa<1>& l,
                           const ListSoa<0>&, const InputCells& in) {
    double& i_syn = s.col[i_syn_ex][i];
    s.col[V_syn][i] = s.col[V_syn][i] * c.col[P22][i] + i_syn * c.col[P21ex][i];
    i_syn = i_syn * c.col[P11ex][i] + in.take(ex);
    in.take(ignored);
    in.current();  // no current generator can target the model; keep the cell clear
    s.col[V_spike][i] *= c.col[P30][i];
    const int length = static_cast<int>(p.col[n_noise][i]);
    double noise_term = 0.0;
    if (p.col[V_noise][i] > 0.0 && length > 0) {
      double& position = s.col[noise_position][i];
      const int k = static_cast<int>(position);
      if (k < length) noise_term = p.col[V_noise][i] * l.at(noise, k, i);
      position += 1.0;
    }
    double& V = s.col[V_m][i];
    V = s.col[V_syn][i] + s.col[V_spike][i] + noise_term;
    if (V >= 1.0) {
      s.col[V_spike][i] -= p.col[V_reset][i];
      V -= p.col[V_reset][i];
      return 1;
    }
    return 0;
  }
};

}  // namespace roost::models
