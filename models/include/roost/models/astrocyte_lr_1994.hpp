// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// astrocyte_lr_1994: Li-Rinzel (1994) calcium dynamics of an astrocyte, with
// the input and output of Nadkarni & Jung (2003), as NEST 3.10's model.
//
//   d[IP3]/dt   = (IP3_0 - [IP3]) / tau_IP3          (+ delta_IP3 * J_syn: spikes)
//   d[Ca]/dt    = J_channel - J_pump + J_leak + J_noise
//   dh_IP3R/dt  = alpha_h (1 - h_IP3R) - beta_h h_IP3R
// with c = [Ca] clamped to [0, Ca_tot] inside the right-hand side,
//   J_channel = r_ER rate_IP3R m_inf^3 n_inf^3 h^3 (c_ER - c),  c_ER = (Ca_tot - c)/r_ER
//   J_pump    = rate_SERCA c^2 / (Km_SERCA^2 + c^2),  J_leak = r_ER rate_L (c_ER - c)
//   m_inf = IP3/(IP3 + Kd_IP3_1), n_inf = c/(c + Kd_act),
//   alpha_h = k_IP3R Kd_inh (IP3 + Kd_IP3_1)/(IP3 + Kd_IP3_2), beta_h = k_IP3R c.
//
// A step: RKF45 over the step (NEST's value-based control, eps_abs 1e-3,
// eps_rel 0), Ca clamped to [0, Ca_tot], IP3 += delta_IP3 * (summed weights of
// the spikes arriving now), then the slow inward current
//   SIC = SIC_scale ln(1000 (Ca - SIC_th))  where 1000 (Ca - SIC_th) > 1, else 0,
// and the step current latched as J_noise for the next step. The SIC of each
// step goes out through sic_connection (NEST's SICEvent) on the kernel's rate
// transmission (rate_transmission.hpp): the astrocyte declares the field it
// sends (rate_out_field) and sends_sic; it emits no spikes. Spikes with
// negative weights stop the simulation, as NEST's KernelException.

#include <array>
#include <cmath>

#include "roost/field_spec.hpp"
#include "roost/hd.hpp"
#include "roost/models/ode_model.hpp"
#include "roost/models/sic_common.hpp"

namespace roost::models {

struct astrocyte_lr_1994 {
  static constexpr const char* model_name = "astrocyte_lr_1994";

  enum Param : int {
    Ca_tot, IP3_0, Kd_IP3_1, Kd_IP3_2, Kd_act, Kd_inh, Km_SERCA, SIC_scale, SIC_th, delta_IP3, k_IP3R, rate_IP3R,
    rate_L, rate_SERCA, ratio_ER_cyt, tau_IP3, n_params
  };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"Ca_tot", 2.0, "uM"},
      {"IP3_0", 0.16, "uM"},
      {"Kd_IP3_1", 0.13, "uM"},
      {"Kd_IP3_2", 0.9434, "uM"},
      {"Kd_act", 0.08234, "uM"},
      {"Kd_inh", 1.049, "uM"},
      {"Km_SERCA", 0.1, "uM"},
      {"SIC_scale", 1.0, ""},
      {"SIC_th", 0.19669, "uM"},
      {"delta_IP3", 0.0002, "uM"},
      {"k_IP3R", 0.0002, "1/(uM*ms)"},
      {"rate_IP3R", 0.006, "1/ms"},
      {"rate_L", 0.00011, "1/ms"},
      {"rate_SERCA", 0.0009, "uM/ms"},
      {"ratio_ER_cyt", 0.185, ""},
      {"tau_IP3", 7142.0, "ms"},
  }};

  static constexpr int n_ode = 3;
  enum State : int { IP3, Ca_astro, h_IP3R, J_noise, sic, substep, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"IP3", 0.16, "uM"},
      {"Ca_astro", 0.073, "uM"},
      {"h_IP3R", 0.793, ""},
      {"J_noise", 0.0, "uM/ms", FieldType::Double, true},
      {"SIC", 0.0, "pA", FieldType::Double, true},
      {"substep", 0.0, "ms", FieldType::Double, true},
  }};
  enum Coef : int { resolution, n_coef };

  static constexpr std::array<const char*, 3> recordables{"Ca_astro", "IP3", "h_IP3R"};
  // Spikes: non-negative weights raise IP3; negative ones are NEST's error (their own channel).
  enum Channel : int { exc, negative, n_spike_channels };
  static constexpr bool counts_spikes = false;
  // What it sends through sic_connection (sic_common.hpp): the SIC of each step.
  static constexpr bool sends_sic = true;
  static constexpr int rate_out_field = sic;
  static constexpr int rate_instant_field = sic;
  static constexpr int rate_relax_field = sic;

  ROOST_HD static int spike_channel(int receptor_type, double weight) {
    if (receptor_type != 0) return -1;
    return weight >= 0.0 ? exc : negative;
  }

  static const char* validate(const double* p) {
    if (!(p[Ca_tot] > 0)) return "Total free astrocytic calcium concentration in terms of cytosolic volume must be positive.";
    if (!(p[IP3_0] >= 0)) return "Baseline value of the astrocytic IP3 concentration must be non-negative.";
    if (!(p[Kd_act] > 0)) return "Astrocytic IP3R dissociation constant of calcium (activation) must be positive.";
    if (!(p[Kd_inh] >= 0)) return "Astrocytic IP3R dissociation constant of calcium (inhibition) must be non-negative.";
    if (!(p[Kd_IP3_1] > 0)) return "First astrocytic IP3R dissociation constant of IP3 must be positive.";
    if (!(p[Kd_IP3_2] > 0)) return "Second astrocytic IP3R dissociation constant of IP3 must be positive.";
    if (!(p[Km_SERCA] > 0)) return "Activation constant of astrocytic SERCA pump must be positive.";
    if (!(p[ratio_ER_cyt] > 0)) return "Ratio between astrocytic ER and cytosol volumes must be positive.";
    if (!(p[delta_IP3] >= 0)) {
      return "Parameter determining the increase in astrocytic IP3 concentration induced by synaptic input must be "
             "non-negative.";
    }
    if (!(p[k_IP3R] >= 0)) return "Astrocytic IP3R binding constant for calcium inhibition must be non-negative.";
    if (!(p[SIC_scale] > 0)) return "Parameter determining the scale of astrocytic SIC output must be positive.";
    if (!(p[SIC_th] >= 0)) {
      return "Threshold that determines the minimal level of intracellular astrocytic calcium sufficient to induce "
             "SIC must be non-negative.";
    }
    if (!(p[rate_L] >= 0)) return "Rate constant of calcium leak from astrocytic ER to cytosol must be non-negative.";
    if (!(p[rate_IP3R] >= 0)) return "Maximum rate of calcium release via astrocytic IP3R must be non-negative.";
    if (!(p[rate_SERCA] >= 0)) return "Maximum rate of calcium uptake by astrocytic SERCA pump must be non-negative.";
    if (!(p[tau_IP3] > 0)) return "Time constant of the exponential decay of astrocytic IP3 must be positive.";
    const double* s = p + n_params;
    if (!(s[IP3] >= 0)) return "IP3 concentration must be non-negative.";
    if (!(s[Ca_astro] >= 0)) return "Calcium concentration must be non-negative.";
    if (!(s[h_IP3R] >= 0 && s[h_IP3R] <= 1)) {
      return "The fraction of active IP3 receptors on the astrocytic ER must be between 0 and 1.";
    }
    return nullptr;
  }

  ROOST_HD static void calibrate(Index i, ConstSoa<n_params>, Soa<n_coef> c, double h) { c.col[resolution][i] = h; }

  struct Rhs {
    double Ca_tot, IP3_0, Kd_IP3_1, Kd_IP3_2, Kd_act, Kd_inh, Km_SERCA, k_IP3R, rate_IP3R, rate_L, rate_SERCA,
        ratio_ER_cyt, tau_IP3, J_noise;
    ROOST_HD void operator()(double, const double* y, double* f) const {
      const double ip3 = y[IP3], h = y[h_IP3R];
      const double calc = fmax(0.0, fmin(y[Ca_astro], Ca_tot));  // calcium kept within its limits
      const double alpha_h = k_IP3R * Kd_inh * (ip3 + Kd_IP3_1) / (ip3 + Kd_IP3_2);
      const double beta_h = k_IP3R * calc;
      const double J_pump = rate_SERCA * std::pow(calc, 2) / (std::pow(Km_SERCA, 2) + std::pow(calc, 2));
      const double m_inf = ip3 / (ip3 + Kd_IP3_1);
      const double n_inf = calc / (calc + Kd_act);
      const double calc_ER = (Ca_tot - calc) / ratio_ER_cyt;
      const double J_leak = ratio_ER_cyt * rate_L * (calc_ER - calc);
      const double J_channel =
          ratio_ER_cyt * rate_IP3R * std::pow(m_inf, 3) * std::pow(n_inf, 3) * std::pow(h, 3) * (calc_ER - calc);
      f[IP3] = (IP3_0 - ip3) / tau_IP3;
      f[Ca_astro] = J_channel - J_pump + J_leak + J_noise;
      f[h_IP3R] = alpha_h * (1.0 - h) - beta_h * h;
    }
  };

  // in[exc]: summed non-negative weights arriving now; in[negative]: NEST's
  // error; in[2]: the step current (latched as J_noise for the next step).
  ROOST_HD static int step(Index i, Soa<n_state> s, ConstSoa<n_params> p, ConstSoa<n_coef> c, const double* in) {
    if (in[negative] != 0.0) return sic::negative_spike_weight;
    const Rhs rhs{p.col[Ca_tot][i],   p.col[IP3_0][i],     p.col[Kd_IP3_1][i], p.col[Kd_IP3_2][i], p.col[Kd_act][i],
                  p.col[Kd_inh][i],   p.col[Km_SERCA][i],  p.col[k_IP3R][i],   p.col[rate_IP3R][i], p.col[rate_L][i],
                  p.col[rate_SERCA][i], p.col[ratio_ER_cyt][i], p.col[tau_IP3][i], s.col[J_noise][i]};
    double y[n_ode];
    ode::load<n_ode>(s, i, y);
    const double h = c.col[resolution][i];
    double substep_size = ode::substep_or_resolution(s.col[substep][i], h);
    ode::integrate_step<n_ode>(rhs, ode::ErrorControl::on_values(1e-3, 0.0), h, substep_size, y);
    s.col[substep][i] = substep_size;
    y[Ca_astro] = fmax(0.0, fmin(y[Ca_astro], rhs.Ca_tot));
    y[IP3] += p.col[delta_IP3][i] * in[exc];
    ode::store<n_ode>(s, i, y);
    // Nadkarni & Jung (2003): the log of the suprathreshold calcium (in nM).
    const double calc_thr = (y[Ca_astro] - p.col[SIC_th][i]) * 1000.0;
    s.col[sic][i] = calc_thr > 1.0 ? std::log(calc_thr) * p.col[SIC_scale][i] : 0.0;
    s.col[J_noise][i] = in[n_spike_channels];
    return 0;
  }
};

}  // namespace roost::models
