// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// ht_synapse: synaptic depression of the Hill-Tononi model (Hill & Tononi
// 2005, p 1678). The vesicle pool P recovers as dP/dt = (1 - P)/tau_P. At a
// presynaptic spike t (previous one t_last, 0 before the first):
//   P <- 1 - (1 - P) exp(-(t - t_last)/tau_P)
// the event carries weight * P, then the spike depletes the pool:
//   P <- P (1 - delta_P)
// Reference: NEST 3.10 ht_synapse.

#include <array>
#include <cmath>

#include "roost/synapse_model.hpp"

namespace roost::models {

struct ht_synapse {
  static constexpr const char* model_name = "ht_synapse";
  static constexpr SynapseTraits traits{};
  enum Param : int { tau_P, delta_P, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"tau_P", 500.0, "ms"},
      {"delta_P", 0.125, ""},
  }};
  enum State : int { P, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{{"P", 1.0, ""}}};

  // Comparisons as NEST writes them (NaN passes where NEST lets it pass).
  static const char* validate(const double* p, const double* s, double) {
    if (p[tau_P] <= 0.0) return "tau_P > 0 required.";
    if (p[delta_P] < 0.0 || p[delta_P] > 1.0) return "0 <= delta_P <= 1 required.";
    if (s != nullptr && (s[P] < 0.0 || s[P] > 1.0)) return "0 <= P <= 1 required.";
    return nullptr;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView&, double& sent_weight) {
    double& pool = syn.s[P];
    // Recovery since the previous spike (since t = 0 before the first).
    pool = 1.0 - (1.0 - pool) * std::exp(-(pre.t - pre.t_last) / syn.p[tau_P]);
    sent_weight = *syn.weight * pool;
    pool *= 1.0 - syn.p[delta_P];
    return true;
  }
};

}  // namespace roost::models
