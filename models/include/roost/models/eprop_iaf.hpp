// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// eprop_iaf: NEST 3.10's current-based leaky integrate-and-fire neuron with
// delta-shaped postsynaptic currents for e-prop plasticity (Bellec et al.
// 2020, with the additions of Korcsak-Gorzo et al. 2025).
//
// Per step, with v = V_m - E_L and v_th = V_th - E_L (NEST's update):
//   r <- r - 1 if r > 0                       (refractory steps left)
//   v <- P_i_in i_in + z_in + P_v_m v,  v >= V_min - E_L
//        P_v_m = exp(-h/tau_m), P_i_in = tau_m/C_m (1 - P_v_m)
//   psi <- surrogate_gradient(r, v, v_th)     (eprop_common.hpp; 0 while r > 0)
//   if v >= v_th and r == 0 (or the ignore-and-spike countdown says so):
//        spike, v <- v - v_th, r <- round(t_ref/h)
//   i_in <- (step current read now) + I_e
// z_in is the sum of the spike weights arriving in the step (pA, added to v
// unscaled as in NEST).
//
// The learning signal L (recordable learning_signal) and the e-prop history
// (eprop_history_duration) exist only for neurons that are targets of
// eprop_synapse connections (NEST's eprop_indegree > 0); Roost has no
// eprop_synapse yet, so every neuron is in NEST's eprop_indegree == 0 case:
// L = 0 and no history (duration 0), exactly what NEST shows there.
// f_target is set in spikes/s and reported in spikes/ms (NEST's quirk:
// Parameters_::set divides by 1000, get does not multiply back).
// flush_event_send_interval is accepted and checked; a flush event reaches
// e-prop synapses only, so without them it changes nothing.

#include <array>
#include <limits>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/eprop_common.hpp"
#include "roost/models/propagators.hpp"

namespace roost::models {

struct eprop_iaf {
  static constexpr const char* model_name = "eprop_iaf";

  enum Param : int {
    C_m, c_reg, E_L, f_target, I_e, surrogate_gradient_function, surrogate_gradient_height, surrogate_gradient_width,
    t_ref, tau_m, V_min, V_th, kappa, kappa_reg, eprop_isi_trace_cutoff, flush_event_send_interval, ignore_and_spike,
    ignore_and_spike_offset, ignore_and_spike_interval, n_params
  };
  static constexpr double kInf = std::numeric_limits<double>::infinity();
  static constexpr std::array<FieldSpec, n_params> params{{
      {"C_m", 250.0, "pF"},
      {"c_reg", 0.0, ""},
      {"E_L", -70.0, "mV"},
      {"f_target", 0.01, "spikes/ms"},
      {"I_e", 0.0, "pA"},
      {"surrogate_gradient_function", eprop::piecewise_linear, "", FieldType::Int},
      {"surrogate_gradient_height", 0.3, ""},
      {"surrogate_gradient_width", 1.0, ""},
      {"t_ref", 2.0, "ms"},
      {"tau_m", 10.0, "ms"},
      {"V_min", -std::numeric_limits<double>::max(), "mV"},
      {"V_th", -55.0, "mV"},
      {"kappa", 0.97, ""},
      {"kappa_reg", 0.97, ""},
      {"eprop_isi_trace_cutoff", kInf, "ms"},
      {"flush_event_send_interval", kInf, "ms"},
      {"ignore_and_spike", 0.0, "", FieldType::Bool},
      {"ignore_and_spike_offset", 1.0, "ms"},
      {"ignore_and_spike_interval", 100.0, "ms"},
  }};

  enum State : int {
    V_m, surrogate_gradient, learning_signal, r, i_in, eprop_history_duration, steps_until_spike, offset_applied, n_state
  };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"V_m", -70.0, "mV"},
      {"surrogate_gradient", 0.0, ""},
      {"learning_signal", 0.0, "pA"},
      {"r", 0.0, "", FieldType::Int, true},
      {"i_in", 0.0, "pA", FieldType::Double, true},
      {"eprop_history_duration", 0.0, "ms", FieldType::Double, true},
      {"steps_until_spike", 0.0, "", FieldType::Int, true},
      {"offset_applied", -1.0, "ms", FieldType::Double, true},
  }};

  // String-valued parameters: the field keeps the index of the name.
  struct StringField {
    const char* name;
    int field;
    const char* const* choices;
    int n_choices;
    const char* error;
  };
  static constexpr std::array<StringField, 1> string_fields{{
      {"surrogate_gradient_function", surrogate_gradient_function, eprop::kSurrogateGradientNames.data(),
       static_cast<int>(eprop::kSurrogateGradientNames.size()), eprop::kSurrogateGradientError},
  }};
  // f_target: given in spikes/s, kept (and reported) in spikes/ms.
  struct SetScale {
    const char* name;
    double factor;
  };
  static constexpr std::array<SetScale, 1> set_scales{{{"f_target", 1e-3}}};

  enum Coef : int { P_v_m, P_i_in, refractory_counts, offset_steps, interval_steps, n_coef };

  static constexpr std::array<const char*, 4> recordables{"V_m", "eprop_history_duration", "learning_signal",
                                                          "surrogate_gradient"};
  static constexpr int n_spike_channels = 1;
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double /*weight*/) { return receptor_type == 0 ? 0 : -1; }

  static const char* validate(const double* p) {
    if (const char* problem =
            eprop::check_flush_and_ignore(p[flush_event_send_interval], p[ignore_and_spike_offset], p[ignore_and_spike_interval])) {
      return problem;
    }
    if (const char* problem = eprop::check_cutoff(p[eprop_isi_trace_cutoff])) return problem;
    if (!(p[C_m] > 0.0)) return "C_m > 0 required.";
    if (p[c_reg] < 0.0) return "c_reg ≥ 0 required.";
    if (p[f_target] < 0.0) return "f_target ≥ 0 required.";
    if (!(p[tau_m] > 0.0)) return "tau_m > 0 required.";
    if (p[t_ref] < 0.0) return "t_ref ≥ 0 required.";
    if (p[V_th] < p[V_min]) return "V_th ≥ V_min required.";
    if (p[kappa] < 0.0 || p[kappa] > 1.0) return "0 ≤ kappa ≤ 1 required.";
    if (p[kappa_reg] < 0.0 || p[kappa_reg] > 1.0) return "0 ≤ kappa_reg ≤ 1 required.";
    if (!(p[surrogate_gradient_height] > 0.0)) return "surrogate_gradient_height > 0 required.";
    if (!(p[surrogate_gradient_width] > 0.0)) return "surrogate_gradient_width > 0 required.";
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    c.col[P_v_m][i] = std::exp(-h / p.col[tau_m][i]);
    c.col[P_i_in][i] = p.col[tau_m][i] / p.col[C_m][i] * (1.0 - c.col[P_v_m][i]);
    c.col[refractory_counts][i] = nest_steps_of(p.col[t_ref][i], h);
    c.col[offset_steps][i] = nest_steps_of(p.col[ignore_and_spike_offset][i], h);
    c.col[interval_steps][i] = nest_steps_of(p.col[ignore_and_spike_interval][i], h);
  }

  // in[0]: summed spike weights of the step; in[1]: the step current read now.
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* in) {
    const double E = p.col[E_L][i];
    double& refr = s.col[r][i];
    if (refr > 0.0) refr -= 1.0;
    double v = s.col[V_m][i] - E;
    v = c.col[P_i_in][i] * s.col[i_in][i] + in[0] + c.col[P_v_m][i] * v;
    const double v_min = p.col[V_min][i] - E;
    if (v < v_min) v = v_min;
    const double v_th = p.col[V_th][i] - E;
    s.col[surrogate_gradient][i] =
        eprop::surrogate_gradient(static_cast<int>(p.col[surrogate_gradient_function][i]), refr, v, v_th,
                                  p.col[surrogate_gradient_height][i], p.col[surrogate_gradient_width][i]);
    int spikes = 0;
    if (eprop::spike_event_is_due(v >= v_th && refr == 0.0, p.col[ignore_and_spike][i] != 0.0,
                                  s.col[steps_until_spike][i], s.col[offset_applied][i],
                                  p.col[ignore_and_spike_offset][i], c.col[offset_steps][i], c.col[interval_steps][i])) {
      spikes = 1;
      v -= v_th;
      refr = c.col[refractory_counts][i];
    }
    s.col[learning_signal][i] = 0.0;  // no e-prop history without eprop_synapse input (see above)
    s.col[i_in][i] = in[1] + p.col[I_e][i];
    s.col[V_m][i] = v + E;
    return spikes;
  }
};

}  // namespace roost::models
