// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Small helpers for the C++ tests.

#include <gtest/gtest.h>

#include <numeric>
#include <string>
#include <vector>

#include "roost/error.hpp"
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

// Expects `f` to throw roost::Error of `kind` whose message contains each of `words`.
template <class F>
void expect_error(F&& f, ErrorKind kind, const std::vector<std::string>& words) {
  try {
    f();
    ADD_FAILURE() << "no exception thrown";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), kind) << e.what();
    for (const auto& w : words) {
      EXPECT_NE(std::string(e.what()).find(w), std::string::npos) << "message '" << e.what() << "' lacks '" << w << "'";
    }
  }
}

}  // namespace roost::testing
