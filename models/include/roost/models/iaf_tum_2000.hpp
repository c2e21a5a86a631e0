// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_tum_2000: iaf_psc_exp (same membrane, currents, checks and escape noise)
// whose outgoing spikes carry the release of its own Tsodyks-Markram synaptic
// resources (Tsodyks, Uziel and Markram 2000), as NEST's spike offset.
//
// At each spike, with dt the time since the previous spike (since t = 0 for
// the first; the neuron's x, y, u are its recovered, active and utilised
// fractions; NEST's defaults x = y = u = 0: no resources at the start):
//
//   u <- u exp(-dt/tau_fac) (0 when tau_fac = 0),  then u <- u + U (1 - u)
//   y <- y exp(-dt/tau_psc),  x <- x + recovered from z = 1 - x - y (tau_rec)
//   release = u x;  x <- x - release,  y <- y + release
//
// The spike carries `release`. A connection onto receptor 1 of an
// iaf_tum_2000 multiplies its weight by it; receptor 0 ignores it. A spike
// recorder records the spike at its stamp minus the release (NEST's offset
// semantics). Reference: NEST 3.10 iaf_tum_2000.

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/iaf_psc_exp.hpp"
#include "roost/rng.hpp"

namespace roost::models {

struct iaf_tum_2000 {
  static constexpr const char* model_name = "iaf_tum_2000";
  using Membrane = iaf_psc_exp;

  enum Param : int { tau_fac = Membrane::n_params, tau_psc, tau_rec, U, n_params };
  static constexpr std::array<FieldSpec, n_params> params = join_specs(Membrane::params, std::array<FieldSpec, 4>{{
      {"tau_fac", 1000.0, "ms"},
      {"tau_psc", 2.0, "ms"},
      {"tau_rec", 400.0, "ms"},
      {"U", 0.5, ""},
  }});

  // steps_since_spike: steps since the last spike (since the start before the first).
  enum State : int { x = Membrane::n_state, y, u, steps_since_spike, release, n_state };
  static constexpr std::array<FieldSpec, n_state> state = join_specs(Membrane::state, std::array<FieldSpec, 5>{{
      {"x", 0.0, ""},
      {"y", 0.0, ""},
      {"u", 0.0, ""},
      {"steps_since_spike", 0.0, "", FieldType::Int, true},
      {"release", 0.0, "", FieldType::Double, true},
  }});
  static constexpr int spike_offset_field = release;

  enum Coef : int { h_ms = Membrane::n_coef, n_coef };
  static constexpr auto recordables = Membrane::recordables;
  static constexpr int n_spike_channels = Membrane::n_spike_channels;
  static constexpr bool counts_spikes = false;
  static constexpr bool stochastic = true;  // escape noise when delta > 0

  // Receptor 0 and 1 (which scales the weight by the presynaptic release);
  // the sign of the weight selects the current, as iaf_psc_exp.
  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    if (receptor_type != 0 && receptor_type != 1) return -1;
    return Membrane::spike_channel(0, weight);
  }
  ROOST_HD static bool reads_spike_offset(int receptor_type) { return receptor_type == 1; }

  static const char* validate(const double* p) {
    if (const char* problem = Membrane::validate(p)) return problem;
    if (!(p[tau_psc] > 0.0) || !(p[tau_rec] > 0.0)) return "Membrane and synapse time constants must be strictly positive.";
    if (!(p[tau_fac] >= 0.0)) return "'tau_fac' must be >= 0.";
    if (!(p[U] >= 0.0 && p[U] <= 1.0)) return "'U' must be in [0,1].";
    const double* s = p + n_params;  // the row: parameters, then state
    if (!(s[x] + s[y] <= 1.0)) return "x + y must be <= 1.0.";
    if (!(s[u] >= 0.0 && s[u] <= 1.0)) return "'u' must be in [0,1].";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    Membrane::calibrate(i, leading<Membrane::n_params>(p), leading<Membrane::n_coef>(c), h);
    c.col[h_ms][i] = h;
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           RandomStream& noise) {
    const int spikes = Membrane::step(i, leading<Membrane::n_state>(s), leading<Membrane::n_params>(p),
                                      leading<Membrane::n_coef>(c), input, noise);
    double& steps = s.col[steps_since_spike][i];
    steps += 1.0;
    if (spikes == 0) return 0;
    const double dt = steps * c.col[h_ms][i];
    steps = 0.0;
    const double tau_f = p.col[tau_fac][i], tau_p = p.col[tau_psc][i], tau_r = p.col[tau_rec][i];
    const double Puu = tau_f == 0.0 ? 0.0 : std::exp(-dt / tau_f);
    const double Pyy = std::exp(-dt / tau_p);
    const double Pzz = std::expm1(-dt / tau_r);
    const double Pxy = (Pzz * tau_r - (Pyy - 1.0) * tau_p) / (tau_p - tau_r);
    double &X = s.col[x][i], &Y = s.col[y][i], &Uu = s.col[u][i];
    const double z = 1.0 - X - Y;
    Uu *= Puu;
    X += Pxy * Y - Pzz * z;
    Y *= Pyy;
    Uu += p.col[U][i] * (1.0 - Uu);
    const double released = Uu * X;
    X -= released;
    Y += released;
    s.col[release][i] = released;
    return spikes;
  }
};

}  // namespace roost::models
