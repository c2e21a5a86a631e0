// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_psc_alpha_ps: leaky integrate-and-fire neuron with alpha-shaped PSCs
// and spike times off the grid (NEST 3.10's iaf_psc_alpha_ps; Morrison et al.
// 2007).
//
//   dV/dt        = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   dI_syn_x/dt  = dI_syn_x - I_syn_x/tau_syn_x,  d(dI_syn_x)/dt = -dI_syn_x/tau_syn_x
//
// A spike of weight w adds e/tau_syn_x * w to dI_syn_x (a PSC peaking at w).
// Stepping as iaf_psc_exp_ps (iaf_psc_exp_ps.hpp): exact propagation from
// event to event within a step, the threshold tested after each ministep,
// the crossing located by regula falsi, the spike sent with its offset, the
// end of refractoriness a pseudo-event at the last spike's offset. As NEST,
// V is clamped at V_min after every propagation.

#include <array>
#include <cmath>
#include <limits>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/precise_common.hpp"
#include "roost/models/propagators.hpp"
#include "roost/precise_events.hpp"

namespace roost::models {

struct iaf_psc_alpha_ps {
  static constexpr const char* model_name = "iaf_psc_alpha_ps";

  enum Param : int { E_L, C_m, tau_m, t_ref, V_th, V_min, V_reset, I_e, tau_syn_ex, tau_syn_in, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"C_m", 250.0, "pF"},
      {"tau_m", 10.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"V_th", -55.0, "mV"},
      {"V_min", -std::numeric_limits<double>::infinity(), "mV"},
      {"V_reset", -70.0, "mV"},
      {"I_e", 0.0, "pA"},
      {"tau_syn_ex", 2.0, "ms"},
      {"tau_syn_in", 2.0, "ms"},
  }};

  enum State : int {
    V_m, I_syn_ex, I_syn_in, dI_syn_ex, dI_syn_in, is_refractory, I_stim, since_spike, last_offset, spike_offset,
    n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"I_syn_ex", 0.0, "pA"},
      {"I_syn_in", 0.0, "pA"},
      {"dI_syn_ex", 0.0, "pA/ms"},
      {"dI_syn_in", 0.0, "pA/ms"},
      {"is_refractory", 0.0, "", FieldType::Bool},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"since_spike", 0.0, "", FieldType::Int, true},
      {"last_offset", 0.0, "ms", FieldType::Double, true},
      {"spike_offset", 0.0, "ms", FieldType::Double, true},
  }};
  static constexpr int spike_offset_field = spike_offset;

  enum Coef : int { h, P30, P31ex, P32ex, P31in, P32in, expm1_tau_m, Pex, Pin, refractory_steps, n_coef };

  static constexpr std::array<const char*, 3> recordables{"V_m", "I_syn_ex", "I_syn_in"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool precise_input = true;  // spikes arrive as (offset, weight) events

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    if (receptor_type != 0) return -1;
    return weight >= 0.0 ? ex : in;
  }

  static const char* validate(const double* p) {
    if (!(p[V_reset] < p[V_th])) return "Reset potential must be smaller than threshold.";
    if (p[V_reset] < p[V_min]) return "Reset potential must be greater equal minimum potential.";
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    if (!(p[t_ref] > 0.0)) return "Refractory time must be at least one time step.";
    if (!(p[tau_m] > 0.0) || !(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0)) {
      return "All time constants must be strictly positive.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double step) {
    const double tau = p.col[tau_m][i], C = p.col[C_m][i];
    c.col[h][i] = step;
    c.col[expm1_tau_m][i] = std::expm1(-step / tau);
    c.col[P30][i] = -tau / C * c.col[expm1_tau_m][i];
    c.col[Pex][i] = std::exp(-step / p.col[tau_syn_ex][i]);
    c.col[Pin][i] = std::exp(-step / p.col[tau_syn_in][i]);
    double a, b;
    precise::p31_p32(p.col[tau_syn_ex][i], tau, C, step, a, b);
    c.col[P31ex][i] = a;
    c.col[P32ex][i] = b;
    precise::p31_p32(p.col[tau_syn_in][i], tau, C, step, a, b);
    c.col[P31in][i] = a;
    c.col[P32in][i] = b;
    c.col[refractory_steps][i] = precise::ref_steps(p.col[t_ref][i], step);
  }

  struct Y {
    double y0, Iex, dIex, Iin, dIin, V;
  };

  // V after dt from y (relative to E_L), NEST's propagate_ / threshold_distance.
  ROOST_HD static double membrane(Index i, ConstSoa<n_params> p, const Y& y, double dt) {
    const double tau = p.col[tau_m][i], C = p.col[C_m][i];
    const double em1 = std::expm1(-dt * (1.0 / tau));
    const double P30t = -tau * (1.0 / C) * em1;
    double a_ex, b_ex, a_in, b_in;
    precise::p31_p32(p.col[tau_syn_ex][i], tau, C, dt, a_ex, b_ex);
    precise::p31_p32(p.col[tau_syn_in][i], tau, C, dt, a_in, b_in);
    return P30t * (p.col[I_e][i] + y.y0) + a_ex * y.dIex + b_ex * y.Iex + a_in * y.dIin + b_in * y.Iin +
           y.V * em1 + y.V;
  }

  struct Distance {
    Index i;
    ConstSoa<n_params> p;
    Y before;
    double theta;
    ROOST_HD double operator()(double t) const { return membrane(i, p, before, t) - theta; }
  };

  ROOST_HD static void propagate(Index i, ConstSoa<n_params> p, Y& y, bool refractory, double floor, double dt) {
    if (!refractory) {
      y.V = membrane(i, p, y, dt);
      y.V = y.V < floor ? floor : y.V;
    }
    const double eex = std::exp(-dt * (1.0 / p.col[tau_syn_ex][i]));
    const double ein = std::exp(-dt * (1.0 / p.col[tau_syn_in][i]));
    y.Iex = eex * dt * y.dIex + eex * y.Iex;
    y.dIex = eex * y.dIex;
    y.Iin = ein * dt * y.dIin + ein * y.Iin;
    y.dIin = ein * y.dIin;
  }

  // events: the step's incoming spikes, earliest first (precise_events.hpp);
  // input[ex], input[in]: summed weights (pA) of generator spikes (offset 0);
  // input[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           const PreciseEvent* events, int n_events) {
    const double E = p.col[E_L][i];
    const double theta = p.col[V_th][i] - E, reset = p.col[V_reset][i] - E, floor = p.col[V_min][i] - E;
    const double hh = c.col[h][i];
    Y y{s.col[I_stim][i], s.col[I_syn_ex][i], s.col[dI_syn_ex][i], s.col[I_syn_in][i], s.col[dI_syn_in][i],
        s.col[V_m][i] - E};
    bool refractory = s.col[is_refractory][i] != 0.0;
    int spikes = 0;
    auto fire = [&](double offset) {
      s.col[since_spike][i] = 0.0;
      s.col[last_offset][i] = offset;
      s.col[spike_offset][i] = offset;
      y.V = reset;
      refractory = true;
      spikes = 1;
    };
    s.col[since_spike][i] += 1.0;
    if (y.V >= theta) fire(hh * (1.0 - std::numeric_limits<double>::epsilon()));  // set above threshold
    const bool refract_ends = refractory && s.col[since_spike][i] == c.col[refractory_steps][i];
    const double w_ex = input[ex], w_in = input[in];
    Y before = y;
    auto crossing = [&](double t0, double dt) -> bool {
      const double root = precise::regula_falsi(Distance{i, p, before, theta}, dt);
      if (root < 0.0) return false;
      fire(hh - (t0 + root));
      return true;
    };
    if (!refract_ends && n_events == 0 && w_ex == 0.0 && w_in == 0.0) {
      if (!refractory) {
        y.V = c.col[P30][i] * (p.col[I_e][i] + y.y0) + c.col[P31ex][i] * y.dIex + c.col[P32ex][i] * y.Iex +
              c.col[P31in][i] * y.dIin + c.col[P32in][i] * y.Iin + c.col[expm1_tau_m][i] * y.V + y.V;
        y.V = y.V < floor ? floor : y.V;
      }
      const double eex = c.col[Pex][i], ein = c.col[Pin][i];
      y.Iex = eex * hh * y.dIex + eex * y.Iex;
      y.dIex = eex * y.dIex;
      y.Iin = ein * hh * y.dIin + ein * y.Iin;
      y.dIin = ein * y.dIin;
      if (y.V >= theta && !crossing(0.0, hh)) return ode::numerical_instability;
    } else {
      // From event to event in NEST's order (as iaf_psc_exp_ps).
      double last = hh;
      auto advance_to = [&](double offset) -> bool {
        const double ministep = last - offset;
        propagate(i, p, y, refractory, floor, ministep);
        if (y.V >= theta) return crossing(hh - last, ministep);
        return true;
      };
      const double norm_ex = 2.718281828459045 * (1.0 / p.col[tau_syn_ex][i]);
      const double norm_in = 2.718281828459045 * (1.0 / p.col[tau_syn_in][i]);
      const double refract_offset = s.col[last_offset][i];
      bool refract_pending = refract_ends, grid_pending = w_ex != 0.0 || w_in != 0.0;
      int k = 0;
      while (true) {
        double offset;
        if (refract_pending && (k >= n_events || refract_offset >= events[k].offset)) {
          offset = refract_offset;
          if (!advance_to(offset)) return ode::numerical_instability;
          refractory = false;
          refract_pending = false;
        } else if (k < n_events) {
          offset = events[k].offset;
          if (!advance_to(offset)) return ode::numerical_instability;
          const double w = events[k].weight;
          if (w >= 0.0) {
            y.dIex += norm_ex * w;
          } else {
            y.dIin += norm_in * w;
          }
          ++k;
        } else if (grid_pending) {
          offset = 0.0;
          if (!advance_to(offset)) return ode::numerical_instability;
          y.dIex += norm_ex * w_ex;
          y.dIin += norm_in * w_in;
          grid_pending = false;
        } else {
          break;
        }
        before = y;
        last = offset;
      }
      if (last > 0.0 && !advance_to(0.0)) return ode::numerical_instability;
    }
    s.col[I_stim][i] = input[n_spike_channels];
    s.col[is_refractory][i] = refractory ? 1.0 : 0.0;
    s.col[I_syn_ex][i] = y.Iex;
    s.col[dI_syn_ex][i] = y.dIex;
    s.col[I_syn_in][i] = y.Iin;
    s.col[dI_syn_in][i] = y.dIin;
    s.col[V_m][i] = y.V + E;
    return spikes;
  }
};

}  // namespace roost::models
