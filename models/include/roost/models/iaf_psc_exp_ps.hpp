// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_psc_exp_ps: leaky integrate-and-fire neuron with exponential PSCs and
// spike times off the grid (NEST 3.10's iaf_psc_exp_ps; Morrison et al. 2007,
// Hanuschkin et al. 2010).
//
//   dV/dt       = -(V - E_L)/tau_m + (I_syn_ex + I_syn_in + I_e + I_stim)/C_m
//   dI_syn_x/dt = -I_syn_x/tau_syn_x
//
// Within a step the neuron integrates exactly from event to event (incoming
// spikes in time order, the end of the refractory period as a pseudo-event),
// tests the threshold at the end of each ministep and, where V crossed it,
// locates the crossing by regula falsi on the exact solution. The spike is
// stamped with the end of the step and carries the crossing's offset before
// that end (the state field spike_offset, sent as NEST's SpikeEvent offset).
// V stays at V_reset for t_ref, measured from the exact spike time; the
// currents keep decaying. A neuron set above threshold spikes at the start of
// the next step (offset h(1 - eps), as NEST's emit_instant_spike_).
//
// Input: every spike from a neuron or spike generator arrives as an event
// at its own time, stamp - offset + delay (grid senders: offset 0, the end
// of the step; precise_events.hpp), Poisson generators' spikes at the end of
// the step; step currents act from the next step on. As NEST: the no-input
// step uses the fixed propagators and clamps V at V_min, a step with events
// integrates ministep by ministep without the clamp.

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

struct iaf_psc_exp_ps {
  static constexpr const char* model_name = "iaf_psc_exp_ps";

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

  // since_spike: steps from the last spike's stamp to the end of the step
  // (NEST's T + 1 - last_spike_step_); last_offset: that spike's offset.
  enum State : int { V_m, I_syn_ex, I_syn_in, is_refractory, I_stim, since_spike, last_offset, spike_offset, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"I_syn_ex", 0.0, "pA"},
      {"I_syn_in", 0.0, "pA"},
      {"is_refractory", 0.0, "", FieldType::Bool},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"since_spike", 0.0, "", FieldType::Int, true},
      {"last_offset", 0.0, "ms", FieldType::Double, true},
      {"spike_offset", 0.0, "ms", FieldType::Double, true},
  }};
  static constexpr int spike_offset_field = spike_offset;

  enum Coef : int { h, P20, P21ex, P21in, expm1_tau_m, P11ex, P11in, refractory_steps, n_coef };

  static constexpr std::array<const char*, 1> recordables{"V_m"};
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
    c.col[P20][i] = -tau / C * std::expm1(-step / tau);
    c.col[P11ex][i] = std::exp(-step / p.col[tau_syn_ex][i]);
    c.col[P11in][i] = std::exp(-step / p.col[tau_syn_in][i]);
    c.col[P21ex][i] = precise::p32(p.col[tau_syn_ex][i], tau, C, step);
    c.col[P21in][i] = precise::p32(p.col[tau_syn_in][i], tau, C, step);
    c.col[refractory_steps][i] = precise::ref_steps(p.col[t_ref][i], step);
  }

  // The subthreshold state relative to E_L, and NEST's exact propagation.
  struct Y {
    double y0, y1ex, y1in, y2;
  };
  struct Distance {
    double tau, C, tex, tin, I, y1ex, y1in, y2, theta;
    ROOST_HD double operator()(double t) const {
      const double P20t = -tau / C * std::expm1(-t / tau);
      return P20t * I + precise::p32(tex, tau, C, t) * y1ex + precise::p32(tin, tau, C, t) * y1in +
             y2 * std::exp(-t / tau) - theta;
    }
  };

  ROOST_HD static void propagate(Index i, ConstSoa<n_params> p, Y& y, bool refractory, double dt) {
    const double tau = p.col[tau_m][i], C = p.col[C_m][i];
    const double tex = p.col[tau_syn_ex][i], tin = p.col[tau_syn_in][i];
    if (!refractory) {
      const double P20t = -tau / C * std::expm1(-dt / tau);
      y.y2 = P20t * (p.col[I_e][i] + y.y0) + precise::p32(tex, tau, C, dt) * y.y1ex +
             precise::p32(tin, tau, C, dt) * y.y1in + y.y2 * std::exp(-dt / tau);
    }
    y.y1ex = y.y1ex * std::exp(-dt / tex);
    y.y1in = y.y1in * std::exp(-dt / tin);
  }

  // Threshold crossed during the ministep [t0, t0 + dt) of the step (t0 from
  // the step's start), from the state `before` at t0: the spike's offset.
  ROOST_HD static double crossing_offset(Index i, ConstSoa<n_params> p, const Y& before, double step, double t0,
                                         double dt) {
    const Distance d{p.col[tau_m][i], p.col[C_m][i], p.col[tau_syn_ex][i], p.col[tau_syn_in][i],
                     p.col[I_e][i] + before.y0, before.y1ex, before.y1in, before.y2, p.col[V_th][i] - p.col[E_L][i]};
    const double root = precise::regula_falsi(d, dt);
    if (root < 0.0) return -1.0;
    return step - (t0 + root);
  }

  // events: the step's incoming spikes, earliest first (precise_events.hpp);
  // input[ex], input[in]: summed weights (pA) of generator spikes (offset 0);
  // input[2]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           const PreciseEvent* events, int n_events) {
    const double E = p.col[E_L][i];
    const double theta = p.col[V_th][i] - E, reset = p.col[V_reset][i] - E;
    const double hh = c.col[h][i];
    Y y{s.col[I_stim][i], s.col[I_syn_ex][i], s.col[I_syn_in][i], s.col[V_m][i] - E};
    bool refractory = s.col[is_refractory][i] != 0.0;
    int spikes = 0;
    auto fire = [&](double offset) {
      s.col[since_spike][i] = 0.0;
      s.col[last_offset][i] = offset;
      s.col[spike_offset][i] = offset;
      y.y2 = reset;
      refractory = true;
      spikes = 1;
    };
    s.col[since_spike][i] += 1.0;
    if (y.y2 >= theta) fire(hh * (1.0 - std::numeric_limits<double>::epsilon()));  // set above threshold
    const bool refract_ends = refractory && s.col[since_spike][i] == c.col[refractory_steps][i];
    const double w_ex = input[ex], w_in = input[in];
    Y before = y;
    if (!refract_ends && n_events == 0 && w_ex == 0.0 && w_in == 0.0) {
      if (!refractory) {
        y.y2 = c.col[P20][i] * (p.col[I_e][i] + y.y0) + c.col[P21ex][i] * y.y1ex + c.col[P21in][i] * y.y1in +
               c.col[expm1_tau_m][i] * y.y2 + y.y2;
        const double floor = p.col[V_min][i] - E;
        y.y2 = y.y2 < floor ? floor : y.y2;
      }
      y.y1ex *= c.col[P11ex][i];
      y.y1in *= c.col[P11in][i];
      if (y.y2 >= theta) {
        const double offset = crossing_offset(i, p, before, hh, 0.0, hh);
        if (offset < 0.0) return ode::numerical_instability;
        fire(offset);
      }
    } else {
      // From event to event in NEST's order: the spikes by time, the end of
      // refractoriness (at the last spike's offset) before spikes at the same
      // time, the generators' summed spikes at the step's end.
      double last = hh;
      auto advance_to = [&](double offset) -> bool {
        const double ministep = last - offset;
        if (ministep > 0.0) {
          propagate(i, p, y, refractory, ministep);
          if (y.y2 >= theta) {
            const double out = crossing_offset(i, p, before, hh, hh - last, ministep);
            if (out < 0.0) return false;
            fire(out);
          }
        }
        return true;
      };
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
          (events[k].weight >= 0.0 ? y.y1ex : y.y1in) += events[k].weight;
          ++k;
        } else if (grid_pending) {
          offset = 0.0;
          if (!advance_to(offset)) return ode::numerical_instability;
          y.y1ex += w_ex;
          y.y1in += w_in;
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
    s.col[I_syn_ex][i] = y.y1ex;
    s.col[I_syn_in][i] = y.y1in;
    s.col[V_m][i] = y.y2 + E;
    return spikes;
  }
};

}  // namespace roost::models
