// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// What eprop_iaf_psc_delta and eprop_iaf_psc_delta_adapt share: NEST 3.10's
// e-prop neurons with iaf_psc_delta's reset and refractoriness, with
// (Adapt) or without an adaptive threshold.
//
// Per step, with v = V_m - E_L (NEST's update):
//   if r == 0:  v <- P_i_in (i_in + I_e) + P_v_m v + z_in (+ the input kept
//               while refractory, with refractory_input), v >= V_min - E_L;
//               _adapt: a <- P_adapt a + z_prev, V_th_adapt = V_th + adapt_beta a
//   else:       (refractory_input: keep z_in exp(-r h/tau_m)), r <- r - 1
//   psi <- surrogate_gradient(r, v, threshold)
//   if v >= threshold (or the ignore-and-spike countdown says so):
//               spike, r <- round(t_ref/h), v <- V_reset - E_L
//   i_in <- (step current read now)
// threshold is V_th (eprop_iaf_psc_delta) or V_th_adapt (_adapt). As in
// NEST, the adaptation is updated only in non-refractory steps, and z_prev
// is cleared every step: with t_ref > 0 a spike does not raise it.
// Setting `adaptation` sets V_th_adapt = V_th + adapt_beta * adaptation;
// V_th_adapt is read-only. Without eprop_synapse (not in Roost yet) there
// is no e-prop history: learning_signal and eprop_history_duration stay 0,
// NEST's eprop_indegree == 0 case.

#include <array>
#include <string_view>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/eprop_common.hpp"
#include "roost/models/eprop_iaf.hpp"

namespace roost::models {

template <bool Adapt>
struct eprop_iaf_psc_delta_t {
  using base = eprop_iaf;

  enum Param : int { V_reset = base::n_params, refractory_input, adapt_beta, adapt_tau, n_params_all };
  static constexpr int n_params = Adapt ? n_params_all : adapt_beta;
  static constexpr auto params = eprop::take<n_params>(join_specs(base::params, std::array<FieldSpec, 4>{{
      {"V_reset", -70.0, "mV"},
      {"refractory_input", 0.0, "", FieldType::Bool},
      {"adapt_beta", 1.0, ""},
      {"adapt_tau", 10.0, "ms"},
  }}));
  enum State : int { refr_spikes_buffer = base::n_state, adaptation, V_th_adapt, z, n_state_all };
  static constexpr int n_state = Adapt ? n_state_all : adaptation;
  static constexpr auto state = eprop::take<n_state>(join_specs(base::state, std::array<FieldSpec, 4>{{
      {"refr_spikes_buffer", 0.0, "mV", FieldType::Double, true},
      {"adaptation", 0.0, ""},
      {"V_th_adapt", -55.0, "mV"},
      {"z", 0.0, "", FieldType::Double, true},
  }}));
  static constexpr auto string_fields = base::string_fields;
  static constexpr auto set_scales = base::set_scales;

  enum Coef : int { P_adapt = base::n_coef, minus_h_over_tau_m, n_coef };

  static constexpr auto recordables = [] {
    if constexpr (Adapt) {
      return std::array<const char*, 6>{"V_m", "V_th_adapt", "adaptation", "eprop_history_duration",
                                        "learning_signal", "surrogate_gradient"};
    } else {
      return std::array<const char*, 4>{"V_m", "eprop_history_duration", "learning_signal", "surrogate_gradient"};
    }
  }();
  static constexpr int n_spike_channels = 1;
  static constexpr bool counts_spikes = false;

  ROOST_HD static int spike_channel(int receptor_type, double weight) { return base::spike_channel(receptor_type, weight); }

  static const char* validate(const double* p) {
    if (const char* problem = eprop::check_flush_and_ignore(p[base::flush_event_send_interval],
                                                            p[base::ignore_and_spike_offset],
                                                            p[base::ignore_and_spike_interval])) {
      return problem;
    }
    if (const char* problem = eprop::check_cutoff(p[base::eprop_isi_trace_cutoff])) return problem;
    if (p[base::V_th] < p[base::V_min]) return "V_th ≥ V_min required.";
    if (p[V_reset] >= p[base::V_th]) return "V_reset < V_th required.";
    if (p[V_reset] < p[base::V_min]) return "V_reset ≥ V_min required.";
    if (!(p[base::C_m] > 0.0)) return "C_m > 0 required.";
    if (p[base::t_ref] < 0.0) return "t_ref ≥ 0 required.";
    if (!(p[base::tau_m] > 0.0)) return "tau_m > 0 required.";
    if constexpr (Adapt) {
      if (p[adapt_beta] < 0.0) return "adapt_beta ≥ 0 required.";
      if (!(p[adapt_tau] > 0.0)) return "adapt_tau > 0 required.";
    }
    return base::validate(p);  // c_reg, f_target, kappa, kappa_reg, surrogate gradient scales
  }
  static const char* validate_key(const double* /*fields*/, const char* key) {
    return Adapt && std::string_view(key) == "V_th_adapt" ? "V_th_adapt is read-only (set adaptation)." : nullptr;
  }
  static void after_set(double* f, const char* key) {
    if constexpr (Adapt) {
      if (std::string_view(key) == "adaptation") {
        f[static_cast<int>(n_params) + static_cast<int>(V_th_adapt)] = f[base::V_th] + f[adapt_beta] * f[static_cast<int>(n_params) + static_cast<int>(adaptation)];
      }
    } else {
      (void)f, (void)key;
    }
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    base::calibrate(i, leading<base::n_params>(p), leading<base::n_coef>(c), h);
    if constexpr (Adapt) c.col[P_adapt][i] = std::exp(-h / p.col[adapt_tau][i]);
    c.col[minus_h_over_tau_m][i] = -h / p.col[base::tau_m][i];
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* in) {
    const double E = p.col[base::E_L][i];
    double& refr = s.col[base::r][i];
    double v = s.col[base::V_m][i] - E;
    const double v_th = p.col[base::V_th][i] - E;
    double threshold = v_th;
    if constexpr (Adapt) threshold = s.col[V_th_adapt][i] - E;
    const bool with_refr_input = p.col[refractory_input][i] != 0.0;
    if (refr == 0.0) {
      v = c.col[base::P_i_in][i] * (s.col[base::i_in][i] + p.col[base::I_e][i]) + c.col[base::P_v_m][i] * v + in[0];
      double& kept = s.col[refr_spikes_buffer][i];
      if (with_refr_input && kept != 0.0) {
        v += kept;
        kept = 0.0;
      }
      const double v_min = p.col[base::V_min][i] - E;
      if (v < v_min) v = v_min;
      if constexpr (Adapt) {
        double& a = s.col[adaptation][i];
        a = c.col[P_adapt][i] * a + s.col[z][i];
        threshold = v_th + p.col[adapt_beta][i] * a;
      }
    } else {
      // NEST: exp(-r dt / tau_m) with r before the decrement.
      if (with_refr_input) s.col[refr_spikes_buffer][i] += in[0] * std::exp(refr * c.col[minus_h_over_tau_m][i]);
      refr -= 1.0;
    }
    if constexpr (Adapt) s.col[z][i] = 0.0;
    s.col[base::surrogate_gradient][i] = eprop::surrogate_gradient(
        static_cast<int>(p.col[base::surrogate_gradient_function][i]), refr, v, threshold,
        p.col[base::surrogate_gradient_height][i], p.col[base::surrogate_gradient_width][i]);
    int spikes = 0;
    if (eprop::spike_event_is_due(v >= threshold, p.col[base::ignore_and_spike][i] != 0.0,
                                  s.col[base::steps_until_spike][i], s.col[base::offset_applied][i],
                                  p.col[base::ignore_and_spike_offset][i], c.col[base::offset_steps][i],
                                  c.col[base::interval_steps][i])) {
      spikes = 1;
      refr = c.col[base::refractory_counts][i];
      v = p.col[V_reset][i] - E;
      if constexpr (Adapt) s.col[z][i] = 1.0;
    }
    if constexpr (Adapt) s.col[V_th_adapt][i] = threshold + E;
    s.col[base::learning_signal][i] = 0.0;  // no e-prop history without eprop_synapse input
    s.col[base::i_in][i] = in[1];
    s.col[base::V_m][i] = v + E;
    return spikes;
  }
};

}  // namespace roost::models
