// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Rules NEST's multisynapse models share, written once: receptor ports are
// numbered from 1, one per element of the model's receptor lists.

#include "roost/hd.hpp"

namespace roost::models::multisynapse {

// Receptor r (1-based) feeds spike channel r - 1; 0 and negative ports do not
// exist (the kernel checks the upper bound against each target's port count).
ROOST_HD inline int port_channel(int receptor_type) { return receptor_type >= 1 ? receptor_type - 1 : -1; }

// The same for the conductance-based multisynapse models, which refuse
// negative weights (NEST: inhibition comes from a port whose E_rev is low).
ROOST_HD inline int conductance_port_channel(int receptor_type, double weight) {
  return weight >= 0.0 ? port_channel(receptor_type) : -1;
}

// Every element of `values` (n of them) must be > 0.
inline bool all_positive(const double* values, int n) {
  for (int k = 0; k < n; ++k) {
    if (!(values[k] > 0.0)) return false;
  }
  return true;
}

}  // namespace roost::models::multisynapse
