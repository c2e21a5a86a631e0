// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_psc_delta_ps: leaky integrate-and-fire neuron with delta-shaped PSPs
// and spike times off the grid (NEST 3.10's iaf_psc_delta_ps).
//
//   dV/dt = -(V - E_L)/tau_m + (I_e + I_stim)/C_m,  V += w at each input spike
//
// Between events the membrane is propagated exactly. The neuron can fire
//   1. at an input spike that lifts V to threshold (the spike's own time),
//   2. between events, driven by the currents: the exact crossing time,
//      -tau_m log((V_inf - V)/(V_inf - V_th)) before the end of the interval,
//   3. at the start of a step when V was set at or above threshold (offset
//      h(1 - eps), NEST's emit_instant_spike_).
// After a spike V stays at V_reset for t_ref, measured from the exact spike
// time (the end of refractoriness is a pseudo-event at the last spike's
// offset, taken before input spikes at the same time). Spikes arriving
// during the refractory period are discarded (NEST's refractory_input is
// false and cannot be set in 3.10). A spike that arrives after V crossed
// threshold within the same interval (case 2) is lost as in NEST.
//
// Input: spikes from neurons and spike generators arrive as events
// (precise_events.hpp), simultaneous ones summed (NEST's
// accumulate_simultaneous); the summed spikes of Poisson generators at the
// end of the step; step currents act from the next step on. The step
// without events uses the fixed propagator and clamps V at V_min.

#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/precise_common.hpp"
#include "roost/precise_events.hpp"

namespace roost::models {

struct iaf_psc_delta_ps {
  static constexpr const char* model_name = "iaf_psc_delta_ps";

  enum Param : int { E_L, C_m, tau_m, t_ref, V_th, V_min, V_reset, I_e, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"E_L", -70.0, "mV"},
      {"C_m", 250.0, "pF"},
      {"tau_m", 10.0, "ms"},
      {"t_ref", 2.0, "ms"},
      {"V_th", -55.0, "mV"},
      {"V_min", -std::numeric_limits<double>::max(), "mV"},
      {"V_reset", -70.0, "mV"},
      {"I_e", 0.0, "pA"},
  }};

  // since_spike: steps from the last spike's stamp to the end of the step
  // (NEST's T + 1 - last_spike_step_); last_offset: that spike's offset.
  enum State : int { V_m, is_refractory, refractory_input, I_stim, since_spike, last_offset, spike_offset, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"is_refractory", 0.0, "", FieldType::Bool},
      {"refractory_input", 0.0, "", FieldType::Bool},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"since_spike", 0.0, "", FieldType::Int, true},
      {"last_offset", 0.0, "ms", FieldType::Double, true},
      {"spike_offset", 0.0, "ms", FieldType::Double, true},
  }};
  static constexpr int spike_offset_field = spike_offset;

  enum Coef : int { h, expm1_t, R, refractory_steps, n_coef };

  static constexpr std::array<const char*, 1> recordables{"V_m"};
  enum Channel : int { delta, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool precise_input = true;  // spikes arrive as (offset, weight) events

  ROOST_HD static int spike_channel(int receptor_type, double) { return receptor_type == 0 ? delta : -1; }

  static const char* validate(const double* p) {
    if (!(p[V_reset] < p[V_th])) return "Reset potential must be smaller than threshold.";
    if (p[V_reset] < p[V_min]) return "Reset potential must be greater equal minimum potential.";
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    if (!(p[t_ref] > 0.0)) return "Refractory time must be at least one time step.";
    if (!(p[tau_m] > 0.0)) return "All time constants must be strictly positive.";
    return nullptr;
  }

  // NEST 3.10 shows refractory_input but never reads it from a dictionary.
  static const char* validate_key(const double*, const char* key) {
    if (std::strcmp(key, "refractory_input") == 0) {
      return "Unaccessed elements in params, in function NodeManager::set_status:  refractory_input";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double step) {
    c.col[h][i] = step;
    c.col[expm1_t][i] = std::expm1(-step / p.col[tau_m][i]);
    c.col[R][i] = p.col[tau_m][i] / p.col[C_m][i];
    c.col[refractory_steps][i] = precise::ref_steps(p.col[t_ref][i], step);
  }

  // events: the step's incoming spikes, earliest first (precise_events.hpp);
  // input[delta]: summed weights (mV) of generator spikes (offset 0);
  // input[1]: step current (pA).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           const PreciseEvent* events, int n_events) {
    const double E = p.col[E_L][i];
    const double th = p.col[V_th][i] - E, reset = p.col[V_reset][i] - E;
    const double tau = p.col[tau_m][i], hh = c.col[h][i];
    const double v_inf = c.col[R][i] * (s.col[I_stim][i] + p.col[I_e][i]);
    double U = s.col[V_m][i] - E;
    bool refractory = s.col[is_refractory][i] != 0.0;
    int spikes = 0;
    auto fire = [&](double offset) {
      s.col[since_spike][i] = 0.0;
      s.col[last_offset][i] = offset;
      s.col[spike_offset][i] = offset;
      U = reset;
      refractory = true;
      spikes = 1;
    };
    // A crossing driven by the currents within the interval that ended at
    // offset `end`: its exact time (NEST's emit_spike_).
    auto fire_between = [&](double end) { fire(end - tau * std::log((v_inf - U) / (v_inf - th))); };
    auto propagate = [&](double dt) {
      const double e = std::expm1(-dt / tau);
      U = -v_inf * e + U * e + U;
    };
    s.col[since_spike][i] += 1.0;
    if (U >= th) fire(hh * (1.0 - std::numeric_limits<double>::epsilon()));  // set above threshold
    const bool refract_ends = refractory && s.col[since_spike][i] == c.col[refractory_steps][i];
    const double w_grid = input[delta];
    if (!refract_ends && n_events == 0 && w_grid == 0.0) {
      if (!refractory) {
        const double e = c.col[expm1_t][i];
        U = -e * v_inf + e * U + U;
        const double floor = p.col[V_min][i] - E;
        U = U < floor ? floor : U;
        if (U >= th) fire_between(0.0);
      }
    } else {
      // The events in NEST's order: the end of refractoriness before spikes
      // at its time, simultaneous spikes summed (the generators' at offset 0
      // with them).
      double t = hh;
      const double refract_offset = s.col[last_offset][i];
      bool refract_pending = refract_ends, grid_pending = w_grid != 0.0;
      int k = 0;
      while (true) {
        double offset, weight = 0.0;
        bool end_of_refract = false;
        if (refract_pending && (k >= n_events || refract_offset >= events[k].offset)) {
          offset = refract_offset;
          end_of_refract = true;
          refract_pending = false;
        } else if (k < n_events) {
          offset = events[k].offset;
          while (k < n_events && events[k].offset == offset) weight += events[k++].weight;
          if (grid_pending && offset == 0.0) {
            weight += w_grid;
            grid_pending = false;
          }
        } else if (grid_pending) {
          offset = 0.0;
          weight = w_grid;
          grid_pending = false;
        } else {
          break;
        }
        if (refractory) {
          t = offset;
          if (end_of_refract) {
            refractory = false;
            if (U >= th) fire(t);
          }
          continue;
        }
        propagate(t - offset);
        t = offset;
        if (U >= th) {
          fire_between(t);
          continue;
        }
        U += weight;
        if (U >= th) fire(t);
      }
      if (!refractory && t > 0.0) {
        propagate(t);
        if (U >= th) fire_between(0.0);
      }
    }
    s.col[I_stim][i] = input[n_spike_channels];
    s.col[is_refractory][i] = refractory ? 1.0 : 0.0;
    s.col[V_m][i] = U + E;
    return spikes;
  }
};

}  // namespace roost::models
