// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// iaf_psc_exp_ps_lossless: iaf_psc_exp_ps with NEST 3.10's lossless
// threshold test (Krishnan et al. 2018): after each (mini)step the state at
// its start is tested in the state space of (V, I_syn) for whether the
// trajectory crosses V_th within the interval, which catches crossings that
// start and end below threshold (a brief excursion over V_th that the test
// of V at the end of the interval misses). A crossing is then located by
// regula falsi on the exact solution within [0, t_max] (t_max from the test).
//
// As NEST: tau_syn_ex == tau_syn_in != tau_m is required; incoming spikes
// are taken one by one (not summed when simultaneous); the end of
// refractoriness is an event in the same loop; t_ref may be 0 (then the
// neuron stays refractory after its first spike, NEST's own behaviour). The
// test runs after every interval, also while refractory, as NEST's.
// Recordables: V_m, I_syn (= I_syn_ex + I_syn_in), I_syn_ex, I_syn_in.

#include <array>
#include <cmath>
#include <cstring>
#include <limits>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/precise_common.hpp"
#include "roost/precise_events.hpp"

namespace roost::models {

struct iaf_psc_exp_ps_lossless {
  static constexpr const char* model_name = "iaf_psc_exp_ps_lossless";

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

  // offset: the last spike's offset (NEST's status key); since_spike as in iaf_psc_exp_ps.
  enum State : int { V_m, I_syn_ex, I_syn_in, I_syn, is_refractory, offset, I_stim, since_spike, spike_offset, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"I_syn_ex", 0.0, "pA"},
      {"I_syn_in", 0.0, "pA"},
      {"I_syn", 0.0, "pA"},
      {"is_refractory", 0.0, "", FieldType::Bool},
      {"offset", 0.0, "ms"},
      {"I_stim", 0.0, "pA", FieldType::Double, true},
      {"since_spike", 0.0, "", FieldType::Int, true},
      {"spike_offset", 0.0, "ms", FieldType::Double, true},
  }};
  static constexpr int spike_offset_field = spike_offset;

  enum Coef : int { h, P20, P21ex, P21in, expm1_tau_m, P11ex, P11in, refractory_steps, n_coef };

  static constexpr std::array<const char*, 4> recordables{"I_syn", "I_syn_ex", "I_syn_in", "V_m"};
  enum Channel : int { ex, in, n_spike_channels };
  static constexpr bool counts_spikes = false;
  static constexpr bool precise_input = true;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    if (receptor_type != 0) return -1;
    return weight >= 0.0 ? ex : in;
  }

  static const char* validate(const double* p) {
    if (!(p[V_reset] < p[V_th])) return "Reset potential must be smaller than threshold.";
    if (p[V_reset] < p[V_min]) return "Reset potential must be greater than or equal to minimum potential.";
    if (!(p[C_m] > 0.0)) return "Capacitance must be strictly positive.";
    if (p[t_ref] < 0.0) return "Refractory time must not be negative.";
    if (p[tau_syn_ex] != p[tau_syn_in]) {
      return "tau_syn_ex == tau_syn_in is required in the current implementation. If you need unequal time "
             "constants, use iaf_psc_exp_ps for now. See note in documentation, and github issue #921";
    }
    if (!(p[tau_m] > 0.0) || !(p[tau_syn_ex] > 0.0) || !(p[tau_syn_in] > 0.0)) {
      return "All time constants must be strictly positive.";
    }
    if (p[tau_m] == p[tau_syn_ex] || p[tau_m] == p[tau_syn_in]) {
      return "Membrane and synapse time constant(s) must differ.See note in documentation.";
    }
    return nullptr;
  }

  // Read in GetStatus only (NEST leaves them unaccessed in SetStatus).
  static const char* validate_key(const double*, const char* key) {
    for (const char* read_only : {"I_syn", "offset", "is_refractory"}) {
      if (std::strcmp(key, read_only) == 0) {
        return "Unaccessed elements in params, in function NodeManager::set_status: I_syn, offset and "
               "is_refractory are read-only.";
      }
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
    // NEST: t_ref = 0 gives 0 steps (the end of refractoriness never comes).
    c.col[refractory_steps][i] = p.col[t_ref][i] == 0.0 ? 0.0 : precise::ref_steps(p.col[t_ref][i], step);
  }

  struct Y {
    double y0, y1ex, y1in, y2;
  };
  struct Distance {  // NEST's threshold_distance from the state `before`
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

  // NEST's is_spike_: whether the trajectory from `b` crosses threshold
  // within dt (the latest time to search up to), NaN if not.
  ROOST_HD static double is_spike(Index i, ConstSoa<n_params> p, const Y& b, double dt) {
    const double tm = p.col[tau_m][i], ts = p.col[tau_syn_ex][i], C = p.col[C_m][i];
    const double th = p.col[V_th][i] - p.col[E_L][i];
    const double a1 = tm * ts, a2 = tm * (tm - ts), a3 = C * th * (tm - ts), a4 = C * (tm - ts);
    const double b1 = -tm * tm, b2 = tm * ts, b3 = tm * C * th, b4 = -C * (tm - ts);
    const double c1 = tm / C, c2 = (-tm * ts) / (C * (tm - ts)), c3 = (tm * tm) / (C * (tm - ts));
    const double c4 = ts / tm, c5 = (C * th) / tm, c6 = 1 - (ts / tm);
    const double I_0 = b.y1ex + b.y1in, V_0 = b.y2;
    const double exp_tau_s = std::expm1(dt / ts), exp_tau_m = std::expm1(dt / tm);
    const double exp_tau_m_s = std::expm1(dt / tm - dt / ts);
    const double I_e_ = b.y0 + p.col[I_e][i];
    const double f = ((a1 * I_0 * exp_tau_m_s + exp_tau_m * (a3 - I_e_ * a2) + a3) / a4);
    const double nan = std::numeric_limits<double>::quiet_NaN();
    if ((V_0 < (((I_0 + I_e_) * (b1 * exp_tau_m + b2 * exp_tau_s) + b3 * (exp_tau_m - exp_tau_s)) / (b4 * exp_tau_s))) &&
        V_0 <= f) {
      return nan;
    } else if (V_0 >= f) {
      return dt;
    } else if (V_0 < (c1 * I_e_ + c2 * I_0 + c3 * std::pow(I_0, c4) * std::pow((c5 - I_e_), c6))) {
      return nan;
    }
    return (a1 / tm * ts) * std::log(b1 * I_0 / (a2 * I_e_ - a1 * I_0 - a4 * V_0));
  }

  ROOST_HD static double crossing_root(Index i, ConstSoa<n_params> p, const Y& b, double t_max) {
    const Distance d{p.col[tau_m][i], p.col[C_m][i], p.col[tau_syn_ex][i], p.col[tau_syn_in][i],
                     p.col[I_e][i] + b.y0, b.y1ex, b.y1in, b.y2, p.col[V_th][i] - p.col[E_L][i]};
    return precise::regula_falsi(d, t_max);
  }

  // events: the step's incoming spikes, earliest first; input[ex], input[in]:
  // summed weights of generator spikes (offset 0); input[2]: step current.
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* input,
                           const PreciseEvent* events, int n_events) {
    const double E = p.col[E_L][i];
    const double theta = p.col[V_th][i] - E, reset = p.col[V_reset][i] - E;
    const double hh = c.col[h][i];
    Y y{s.col[I_stim][i], s.col[I_syn_ex][i], s.col[I_syn_in][i], s.col[V_m][i] - E};
    bool refractory = s.col[is_refractory][i] != 0.0;
    int spikes = 0;
    auto fire = [&](double out) {
      s.col[since_spike][i] = 0.0;
      s.col[offset][i] = out;
      s.col[spike_offset][i] = out;
      y.y2 = reset;
      refractory = true;
      spikes = 1;
    };
    // A crossing found by the test within [t0, t0 + t_max] of the step.
    auto fire_at = [&](const Y& before, double t0, double t_max) -> bool {
      const double root = crossing_root(i, p, before, t_max);
      if (root < 0.0) return false;
      fire(hh - (t0 + root));
      return true;
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
      const double t_max = is_spike(i, p, before, hh);
      if (!std::isnan(t_max) && !fire_at(before, 0.0, t_max)) return ode::numerical_instability;
    } else {
      // NEST's order: spikes one by one in time, the end of refractoriness
      // before spikes at its time, the generators' spikes (ex, then in) at
      // the step's end.
      double last = hh;
      const double refract_offset = s.col[offset][i];
      bool refract_pending = refract_ends;
      int grid_pending = (w_ex != 0.0 ? 1 : 0) + (w_in != 0.0 ? 2 : 0);
      int k = 0;
      while (true) {
        double at, weight = 0.0;
        bool end_of_refract = false;
        if (refract_pending && (k >= n_events || refract_offset >= events[k].offset)) {
          at = refract_offset;
          end_of_refract = true;
          refract_pending = false;
        } else if (k < n_events) {
          at = events[k].offset;
          weight = events[k++].weight;
        } else if (grid_pending != 0) {
          at = 0.0;
          weight = (grid_pending & 1) ? w_ex : w_in;
          grid_pending &= (grid_pending & 1) ? ~1 : ~2;
        } else {
          break;
        }
        const double ministep = last - at;
        if (ministep > 0.0) {
          propagate(i, p, y, refractory, ministep);
          const double t_max = is_spike(i, p, before, ministep);
          if (!std::isnan(t_max) && !fire_at(before, hh - last, t_max)) return ode::numerical_instability;
        }
        if (end_of_refract) {
          refractory = false;
        } else if (weight >= 0.0) {
          y.y1ex += weight;
        } else {
          y.y1in += weight;
        }
        before.y1ex = y.y1ex;
        before.y1in = y.y1in;
        before.y2 = y.y2;
        last = at;
      }
      if (last > 0.0) {
        const double t_max = is_spike(i, p, before, last);
        propagate(i, p, y, refractory, last);
        if (!std::isnan(t_max) && !fire_at(before, hh - last, t_max)) return ode::numerical_instability;
      }
    }
    s.col[I_stim][i] = input[n_spike_channels];
    s.col[is_refractory][i] = refractory ? 1.0 : 0.0;
    s.col[I_syn_ex][i] = y.y1ex;
    s.col[I_syn_in][i] = y.y1in;
    s.col[I_syn][i] = y.y1ex + y.y1in;
    s.col[V_m][i] = y.y2 + E;
    return spikes;
  }
};

}  // namespace roost::models
