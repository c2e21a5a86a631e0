// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Small helpers for tests that drive roost::Kernel from C++.

#include <numeric>
#include <vector>

#include "roost/kernel.hpp"

namespace roost::testing {

inline SynSpec static_syn(double weight, double delay) {
  SynSpec s;
  s.weight = SynapseValue{SynapseValue::Kind::constant, weight, {}, {}};
  s.delay = SynapseValue{SynapseValue::Kind::constant, delay, {}, {}};
  return s;
}

inline std::vector<Gid> ids(Gid first, Index n) {
  std::vector<Gid> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), first);
  return v;
}

}  // namespace roost::testing
