// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// eprop_iaf_adapt: NEST 3.10's eprop_iaf with an adaptive threshold
// (Bellec et al. 2020's ALIF neuron), for e-prop plasticity.
//
// eprop_iaf's step (eprop_iaf.hpp) with, before the surrogate gradient,
//   adaptation a <- P_adapt a + z_prev,  P_adapt = exp(-h/adapt_tau)
//   V_th_adapt = V_th + adapt_beta a
// where z_prev is 1 if the neuron spiked in the previous step; the spike
// test and the surrogate gradient use V_th_adapt, the reset subtracts
// V_th - E_L (NEST's v -= V_th z). Setting `adaptation` sets V_th_adapt to
// V_th + adapt_beta * adaptation (NEST's State_::set); V_th_adapt is
// read-only (NEST: UnaccessedDictionaryEntry; Roost: BadProperty).
// Without eprop_synapse (not in Roost yet) there is no e-prop history:
// learning_signal and eprop_history_duration stay 0, NEST's
// eprop_indegree == 0 case.

#include <array>
#include <string_view>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/eprop_common.hpp"
#include "roost/models/eprop_iaf.hpp"

namespace roost::models {

struct eprop_iaf_adapt {
  static constexpr const char* model_name = "eprop_iaf_adapt";
  using base = eprop_iaf;

  enum Param : int { adapt_beta = base::n_params, adapt_tau, n_params };
  static constexpr auto params = join_specs(base::params, std::array<FieldSpec, 2>{{
                                                              {"adapt_beta", 1.0, ""},
                                                              {"adapt_tau", 10.0, "ms"},
                                                          }});
  enum State : int { adaptation = base::n_state, V_th_adapt, z, n_state };
  static constexpr auto state = join_specs(base::state, std::array<FieldSpec, 3>{{
                                                            {"adaptation", 0.0, ""},
                                                            {"V_th_adapt", -55.0, "mV"},
                                                            {"z", 0.0, "", FieldType::Double, true},
                                                        }});
  static constexpr auto string_fields = base::string_fields;
  static constexpr auto set_scales = base::set_scales;

  enum Coef : int { P_adapt = base::n_coef, n_coef };

  static constexpr std::array<const char*, 6> recordables{"V_m", "V_th_adapt", "adaptation", "eprop_history_duration",
                                                          "learning_signal", "surrogate_gradient"};
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
    if (p[adapt_beta] < 0.0) return "adapt_beta ≥ 0 required.";
    if (!(p[adapt_tau] > 0.0)) return "adapt_tau > 0 required.";
    return base::validate(p);
  }
  static const char* validate_key(const double* /*fields*/, const char* key) {
    return std::string_view(key) == "V_th_adapt" ? "V_th_adapt is read-only (set adaptation)." : nullptr;
  }
  // Setting the adaptation moves the adaptive threshold (NEST's State_::set).
  static void after_set(double* f, const char* key) {
    if (std::string_view(key) == "adaptation") {
      f[static_cast<int>(n_params) + static_cast<int>(V_th_adapt)] = f[base::V_th] + f[adapt_beta] * f[static_cast<int>(n_params) + static_cast<int>(adaptation)];
    }
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params> p, Soa<n_coef> c, double h) {
    base::calibrate(i, leading<base::n_params>(p), leading<base::n_coef>(c), h);
    c.col[P_adapt][i] = std::exp(-h / p.col[adapt_tau][i]);
  }

  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* in) {
    const double E = p.col[base::E_L][i];
    double& refr = s.col[base::r][i];
    if (refr > 0.0) refr -= 1.0;
    double v = s.col[base::V_m][i] - E;
    v = c.col[base::P_i_in][i] * s.col[base::i_in][i] + in[0] + c.col[base::P_v_m][i] * v;
    const double v_min = p.col[base::V_min][i] - E;
    if (v < v_min) v = v_min;
    double& a = s.col[adaptation][i];
    a = c.col[P_adapt][i] * a + s.col[z][i];
    const double v_th = p.col[base::V_th][i] - E;
    const double v_th_adapt = v_th + p.col[adapt_beta][i] * a;
    s.col[z][i] = 0.0;
    s.col[base::surrogate_gradient][i] = eprop::surrogate_gradient(
        static_cast<int>(p.col[base::surrogate_gradient_function][i]), refr, v, v_th_adapt,
        p.col[base::surrogate_gradient_height][i], p.col[base::surrogate_gradient_width][i]);
    int spikes = 0;
    if (eprop::spike_event_is_due(v >= v_th_adapt && refr == 0.0, p.col[base::ignore_and_spike][i] != 0.0,
                                  s.col[base::steps_until_spike][i], s.col[base::offset_applied][i],
                                  p.col[base::ignore_and_spike_offset][i], c.col[base::offset_steps][i],
                                  c.col[base::interval_steps][i])) {
      spikes = 1;
      s.col[z][i] = 1.0;
      v -= v_th;
      refr = c.col[base::refractory_counts][i];
    }
    s.col[V_th_adapt][i] = v_th_adapt + E;
    s.col[base::learning_signal][i] = 0.0;  // no e-prop history without eprop_synapse input
    s.col[base::i_in][i] = in[1] + p.col[base::I_e][i];
    s.col[base::V_m][i] = v + E;
    return spikes;
  }
};

}  // namespace roost::models
