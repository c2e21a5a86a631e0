// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// izhikevich: Izhikevich (2003) simple spiking neuron.
//
//   dV/dt = 0.04 V^2 + 5 V + 140 - U + I,   dU/dt = a (b V - U)
//   V >= V_th: spike, V = c, U = U + d
//
// Integrated as NEST does, with its fixed-step scheme (so results depend on the
// resolution): with consistent_integration (default) one forward-Euler step
// from the old (V, U), the step's input spikes (weights in mV) added to V;
// otherwise Izhikevich's original scheme, two half steps for V, then U from the
// new V, spikes in both half steps. V is bounded below by V_min. A step current
// read in step n acts from step n+1 on. Reference: NEST 3.10 izhikevich.

#include <array>
#include <limits>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"

namespace roost::models {

struct izhikevich {
  static constexpr const char* model_name = "izhikevich";

  enum Param : int { a, b, c, d, I_e, V_th, V_min, consistent_integration, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"a", 0.02, ""},
      {"b", 0.2, ""},
      {"c", -65.0, "mV"},
      {"d", 8.0, "mV"},
      {"I_e", 0.0, "pA"},
      {"V_th", 30.0, "mV"},
      {"V_min", -std::numeric_limits<double>::max(), "mV"},
      {"consistent_integration", 1.0, "", FieldType::Bool},
  }};

  enum State : int { V_m, U_m, I_stim, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -65.0, "mV"},
      {"U_m", 0.2 * -65.0, "mV"},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
  }};

  enum Coef : int { resolution, n_coef };

  static constexpr std::array<const char*, 2> recordables{"V_m", "U_m"};
  enum Channel : int { input, n_spike_channels };
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double) { return receptor_type == 0 ? input : -1; }

  static const char* validate(const double*) { return nullptr; }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params>, Soa<n_coef> coef, double h) { coef.col[resolution][i] = h; }

  // in[input]: summed weights (mV) arriving now; in[1]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> coef, const double* in) {
    const double h = coef.col[resolution][i];
    const double I = s.col[I_stim][i] + p.col[I_e][i];
    const double spikes_in = in[input];
    double v = s.col[V_m][i];
    double u = s.col[U_m][i];
    if (p.col[consistent_integration][i] != 0.0) {
      const double v_old = v, u_old = u;
      v += h * (0.04 * v_old * v_old + 5.0 * v_old + 140.0 - u_old + I) + spikes_in;
      u += h * p.col[a][i] * (p.col[b][i] * v_old - u_old);
    } else {
      v += h * 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + I + spikes_in);
      v += h * 0.5 * (0.04 * v * v + 5.0 * v + 140.0 - u + I + spikes_in);
      u += h * p.col[a][i] * (p.col[b][i] * v - u);
    }
    if (v < p.col[V_min][i]) v = p.col[V_min][i];
    int spikes = 0;
    if (v >= p.col[V_th][i]) {
      v = p.col[c][i];
      u = u + p.col[d][i];
      spikes = 1;
    }
    s.col[V_m][i] = v;
    s.col[U_m][i] = u;
    s.col[I_stim][i] = in[n_spike_channels];
    return spikes;
  }
};

}  // namespace roost::models
