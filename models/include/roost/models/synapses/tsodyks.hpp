// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Tsodyks-Markram short-term plasticity: three models that scale each
// spike's weight by the resources it releases; the connection weight itself
// never changes.
//
// tsodyks_synapse (Tsodyks, Uziel, Markram 2000, Eqs 3 and 4, solved exactly).
// Resources are recovered (x), active (y) or inactive (z = 1 - x - y). At a
// presynaptic spike t (previous one t_last, 0 before the first; h = t - t_last):
//   u <- u exp(-h/tau_fac)                      (u <- 0 if tau_fac = 0)
//   x <- x + Pxy y - expm1(-h/tau_rec) z,  y <- y exp(-h/tau_psc)
//     with Pxy = (expm1(-h/tau_rec) tau_rec - (exp(-h/tau_psc) - 1) tau_psc) / (tau_psc - tau_rec)
//   u <- u + U (1 - u);  dy = u x;  x <- x - dy;  y <- y + dy
// and the event carries dy * weight.
// tsodyks_synapse_hom: the same with U, tau_psc, tau_fac, tau_rec and the
// weight common to the model; NEST writes its recovery term as
// (1 - exp(-h/tau_rec)) z, which rounds differently, so it is kept apart.
// tsodyks2_synapse (Maass & Markram 2002, Eqs 4 and 5): at every spike but the
// first,
//   x <- 1 + (x - x u - 1) exp(-h/tau_rec);  u <- U + u (1 - U) exp(-h/tau_fac)
// (no facilitation term if tau_fac = 0); the event carries x u weight.
// Reference: NEST 3.10 tsodyks_synapse, tsodyks_synapse_hom, tsodyks2_synapse.

#include <array>
#include <cmath>

#include "roost/synapse_model.hpp"

namespace roost::models {

// Fields shared by tsodyks_synapse and tsodyks_synapse_hom.
struct tsodyks_fields {
  enum Param : int { U, tau_psc, tau_fac, tau_rec, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"U", 0.5, ""},
      {"tau_psc", 3.0, "ms"},
      {"tau_fac", 0.0, "ms"},
      {"tau_rec", 800.0, "ms"},
  }};
  enum State : int { x, y, u, n_state };
  // u starts at 0: the first spike releases U (u <- 0 + U (1 - 0)).
  static constexpr std::array<FieldSpec, n_state> state{{
      {"x", 1.0, ""},
      {"y", 0.0, ""},
      {"u", 0.0, ""},
  }};
};

struct tsodyks_synapse : tsodyks_fields {
  static constexpr const char* model_name = "tsodyks_synapse";
  static constexpr SynapseTraits traits{};

  // NEST's order: x + y first, then the parameters, then u. The comparisons are
  // written as NEST's, so that NaN passes where NEST lets it pass.
  static const char* validate(const double* p, const double* s, double) {
    if (s != nullptr && s[x] + s[y] > 1.0) return "x + y must be <= 1.0.";
    if (p[U] > 1.0 || p[U] < 0.0) return "'U' must be in [0,1].";
    if (p[tau_psc] <= 0.0) return "'tau_psc' must be > 0.";
    if (p[tau_rec] <= 0.0) return "'tau_rec' must be > 0.";
    if (p[tau_fac] < 0.0) return "'tau_fac' must be >= 0.";
    if (s != nullptr && (s[u] > 1.0 || s[u] < 0.0)) return "'u' must be in [0,1].";
    return nullptr;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView&, double& sent_weight) {
    const double* p = syn.p;
    double* s = syn.s;
    const double h = pre.t - pre.t_last;
    // Propagators over the interval, in NEST's floating-point form.
    const double Puu = p[tau_fac] == 0.0 ? 0.0 : std::exp(-h / p[tau_fac]);
    const double Pyy = std::exp(-h / p[tau_psc]);
    const double Pzz = std::expm1(-h / p[tau_rec]);
    const double Pxy = (Pzz * p[tau_rec] - (Pyy - 1.0) * p[tau_psc]) / (p[tau_psc] - p[tau_rec]);
    const double z = 1.0 - s[x] - s[y];
    // Order matters: x uses y before y decays.
    s[u] *= Puu;
    s[x] += Pxy * s[y] - Pzz * z;
    s[y] *= Pyy;
    s[u] += p[U] * (1.0 - s[u]);
    const double delta_y = s[u] * s[x];
    s[x] -= delta_y;
    s[y] += delta_y;
    sent_weight = delta_y * *syn.weight;
    return true;
  }
};

struct tsodyks_synapse_hom : tsodyks_fields {
  static constexpr const char* model_name = "tsodyks_synapse_hom";
  static constexpr SynapseTraits traits{.homogeneous = true, .common_weight = true};

  // The common properties' messages carry no quotes; NEST checks nothing on u here.
  static const char* validate(const double* p, const double* s, double) {
    if (s != nullptr && s[x] + s[y] > 1.0) return "x + y must be <= 1.0.";
    if (p[U] > 1.0 || p[U] < 0.0) return "U must be in [0,1].";
    if (p[tau_psc] <= 0.0) return "tau_psc must be > 0.";
    if (p[tau_rec] <= 0.0) return "tau_rec must be > 0.";
    if (p[tau_fac] < 0.0) return "tau_fac must be >= 0.";
    return nullptr;
  }

  // *syn.weight holds the model's common weight (the kernel copies it there).
  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView&, double& sent_weight) {
    const double* p = syn.p;
    double* s = syn.s;
    const double h = pre.t - pre.t_last;
    const double Puu = p[tau_fac] == 0.0 ? 0.0 : std::exp(-h / p[tau_fac]);
    const double Pyy = std::exp(-h / p[tau_psc]);
    const double Pzz = std::exp(-h / p[tau_rec]);
    const double Pxy = ((Pzz - 1.0) * p[tau_rec] - (Pyy - 1.0) * p[tau_psc]) / (p[tau_psc] - p[tau_rec]);
    const double Pxz = 1.0 - Pzz;
    const double z = 1.0 - s[x] - s[y];
    s[u] *= Puu;
    s[x] += Pxy * s[y] + Pxz * z;
    s[y] *= Pyy;
    s[u] += p[U] * (1.0 - s[u]);
    const double delta_y = s[u] * s[x];
    s[x] -= delta_y;
    s[y] += delta_y;
    sent_weight = delta_y * *syn.weight;
    return true;
  }
};

struct tsodyks2_synapse {
  static constexpr const char* model_name = "tsodyks2_synapse";
  static constexpr SynapseTraits traits{};
  enum Param : int { U, tau_rec, tau_fac, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"U", 0.5, ""},
      {"tau_rec", 800.0, "ms"},
      {"tau_fac", 0.0, "ms"},
  }};
  // u is the running release probability: its default equals U's, but setting
  // U leaves u alone (NEST users set both).
  enum State : int { u, x, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"u", 0.5, ""},
      {"x", 1.0, ""},
  }};

  static const char* validate(const double* p, const double* s, double) {
    if (p[U] > 1.0 || p[U] < 0.0) return "'U' must be in [0,1].";
    if (s != nullptr && (s[u] > 1.0 || s[u] < 0.0)) return "'u' must be in [0,1].";
    if (p[tau_rec] <= 0.0) return "'tau_rec' must be > 0.";
    if (p[tau_fac] < 0.0) return "'tau_fac' must be >= 0.";
    return nullptr;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView&, double& sent_weight) {
    const double* p = syn.p;
    double* s = syn.s;
    // NEST skips the update at the first spike (its t_lastspike_ starts at -1).
    // Spike stamps are > 0, so t_last > 0 exactly when an earlier spike passed.
    if (pre.t_last > 0.0) {
      const double h = pre.t - pre.t_last;
      const double x_decay = std::exp(-h / p[tau_rec]);
      const double u_decay = p[tau_fac] == 0.0 ? 0.0 : std::exp(-h / p[tau_fac]);
      s[x] = 1.0 + (s[x] - s[x] * s[u] - 1.0) * x_decay;
      s[u] = p[U] + s[u] * (1.0 - p[U]) * u_decay;
    }
    sent_weight = s[x] * s[u] * *syn.weight;
    return true;
  }
};

}  // namespace roost::models
