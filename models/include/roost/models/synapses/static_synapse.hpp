// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// static_synapse: sends its weight unchanged. static_synapse_hom_w: the same
// with one weight common to all connections of the model (set with
// SetDefaults/CopyModel; Connect refuses a weight).
// Reference: NEST 3.10 static_synapse, static_synapse_hom_w.

#include <array>

#include "roost/synapse_model.hpp"

namespace roost::models {

struct static_synapse {
  static constexpr const char* model_name = "static_synapse";
  static constexpr SynapseTraits traits{.is_static = true};
  enum Param : int { n_params };
  static constexpr std::array<FieldSpec, 0> params{};
  enum State : int { n_state };
  static constexpr std::array<FieldSpec, 0> state{};

  static const char* validate(const double*, const double*, double) { return nullptr; }

  ROOST_HD static bool on_pre(SynapseRef syn, const PreSpike&, const PostView&, double& sent_weight) {
    sent_weight = *syn.weight;
    return true;
  }
};

// The kernel keeps the model's common weight in every connection's weight, so
// delivery is static_synapse's.
struct static_synapse_hom_w : static_synapse {
  static constexpr const char* model_name = "static_synapse_hom_w";
  static constexpr SynapseTraits traits{.homogeneous = true, .common_weight = true, .is_static = true};
};

}  // namespace roost::models
