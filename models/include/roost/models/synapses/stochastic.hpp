// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Synapses that transmit at random.
//
// quantal_stp_synapse (Fuhrmann et al. 2002, Loebel et al. 2009; equations of
// Maass & Markram 2002): n release sites, a of them available. At a
// presynaptic spike t (previous one t_last, h = t - t_last), unless it is the
// first spike through the connection:
//   u <- U + u (1 - U) exp(-h/tau_fac)       (u <- U if tau_fac < 1e-10)
//   each of the n - a depleted sites recovers with probability 1 - exp(-h/tau_rec)
// then each of the a available sites releases with probability u. With
// n_release > 0 the event carries n_release * weight and a <- a - n_release;
// with none, nothing is sent. One uniform draw per site and trial, in this order.
// bernoulli_synapse: one uniform draw per spike; the spike is sent with its
// weight if the draw is < p_transmit, otherwise nothing is sent.
// Reference: NEST 3.10 quantal_stp_synapse, bernoulli_synapse.

#include <array>
#include <cmath>

#include "roost/synapse_model.hpp"

namespace roost::models {

struct quantal_stp_synapse {
  static constexpr const char* model_name = "quantal_stp_synapse";
  static constexpr SynapseTraits traits{.stochastic = true};
  // n is constant per connection, hence a parameter; a and u evolve.
  enum Param : int { U, tau_rec, tau_fac, n, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{
      {"U", 0.5, ""},
      {"tau_rec", 800.0, "ms"},
      {"tau_fac", 0.0, "ms"},
      {"n", 1.0, "", FieldType::Int},
  }};
  // Defaults equal U's and n's defaults; as in NEST, setting U or n does not
  // move u or a (a case with n = 5 sets a = 5 too).
  enum State : int { u, a, n_state };
  static constexpr std::array<FieldSpec, n_state> state{{
      {"u", 0.5, ""},
      {"a", 1.0, "", FieldType::Int},
  }};

  // NEST checks neither n nor a (a > n just means no site can recover).
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
    int available = static_cast<int>(s[a]);
    // NEST's t_lastspike_ starts at -1: no recovery and no facilitation at the
    // first spike. Spike stamps are > 0, so t_last > 0 means an earlier spike.
    if (pre.t_last > 0.0) {
      const double h = pre.t - pre.t_last;
      const double p_decay = std::exp(-h / p[tau_rec]);
      const double u_decay = p[tau_fac] < 1.0e-10 ? 0.0 : std::exp(-h / p[tau_fac]);
      s[u] = p[U] + s[u] * (1.0 - p[U]) * u_decay;
      for (int depleted = static_cast<int>(p[n]) - available; depleted > 0; --depleted) {
        if (pre.rng->uniform() < 1.0 - p_decay) ++available;
      }
    }
    int n_release = 0;
    for (int i = available; i > 0; --i) {
      if (pre.rng->uniform() < s[u]) ++n_release;
    }
    if (n_release > 0) available -= n_release;
    s[a] = available;
    sent_weight = n_release * *syn.weight;
    return n_release > 0;
  }
};

struct bernoulli_synapse {
  static constexpr const char* model_name = "bernoulli_synapse";
  static constexpr SynapseTraits traits{.stochastic = true};
  enum Param : int { p_transmit, n_params };
  static constexpr std::array<FieldSpec, n_params> params{{{"p_transmit", 1.0, ""}}};
  enum State : int { n_state };
  static constexpr std::array<FieldSpec, 0> state{};

  static const char* validate(const double* p, const double*, double) {
    if (p[p_transmit] < 0.0 || p[p_transmit] > 1.0) return "Spike transmission probability must be in [0, 1].";
    return nullptr;
  }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike& pre, const PostView&, double& sent_weight) {
    const bool send = pre.rng->uniform() < syn.p[p_transmit];
    sent_weight = *syn.weight;
    return send;
  }
};

}  // namespace roost::models
