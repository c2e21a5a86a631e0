// SPDX-License-Identifier: GPL-2.0-or-later
// cm_default's tree helpers (models/include/roost/models/cm_tree.hpp): the
// down-sweep order equals the order in which NEST's recursive down-sweep
// (CompTree::solve_matrix_downsweep) visits the compartments, which fixes the
// order of its floating-point sums; the gating functions are continuous across
// their removable singularities.

#include <gtest/gtest.h>

#include <cmath>
#include <functional>
#include <random>
#include <vector>

#include "roost/models/cm_tree.hpp"

namespace {

using roost::models::cm::downsweep_order;

// NEST's recursion, written out: leaves in index order; from a compartment go
// to its parent once the parent has heard from all children, else to the next leaf.
std::vector<int> nest_order(const std::vector<int>& parent) {
  const int n = static_cast<int>(parent.size());
  std::vector<int> children(n, 0), passed(n, 0), leaves, out;
  for (int k = 1; k < n; ++k) ++children[parent[k]];
  for (int k = 0; k < n; ++k) {
    if (children[k] == 0) leaves.push_back(k);
  }
  std::function<void(int, std::size_t)> down = [&](int c, std::size_t leaf) {
    out.push_back(c);
    if (parent[c] < 0) return;
    const int p = parent[c];
    if (++passed[p] == children[p]) {
      passed[p] = 0;
      down(p, leaf);
    } else if (leaf + 1 < leaves.size()) {
      down(leaves[leaf + 1], leaf + 1);
    }
  };
  down(leaves[0], 0);
  return out;
}

std::vector<int> roost_order(const std::vector<int>& parent, long long stride) {
  const int n = static_cast<int>(parent.size());
  std::vector<double> p(static_cast<std::size_t>(n * stride), 99.0), order(p.size(), -1.0), scratch(p.size(), 0.0);
  for (int k = 0; k < n; ++k) p[static_cast<std::size_t>(k * stride)] = parent[k];
  downsweep_order(n, p.data(), order.data(), scratch.data(), stride);
  std::vector<int> out;
  for (int k = 0; k < n; ++k) out.push_back(static_cast<int>(order[static_cast<std::size_t>(k * stride)]));
  return out;
}

TEST(CmTree, DownsweepOrderIsNests) {
  EXPECT_EQ(roost_order({-1}, 1), (std::vector<int>{0}));
  EXPECT_EQ(roost_order({-1, 0, 0, 1, 3}, 3), (std::vector<int>{2, 4, 3, 1, 0}));
  EXPECT_EQ(nest_order({-1, 0, 0, 1, 3}), (std::vector<int>{2, 4, 3, 1, 0}));
  std::mt19937 rng(7);
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 30);
    std::vector<int> parent{-1};
    for (int k = 1; k < n; ++k) parent.push_back(static_cast<int>(rng() % static_cast<unsigned>(k)));
    const std::vector<int> want = nest_order(parent);
    ASSERT_EQ(static_cast<int>(want.size()), n);
    EXPECT_EQ(roost_order(parent, 1 + trial % 4), want) << "trial " << trial;
  }
}

TEST(CmTree, GatesAreContinuousAtTheirSingularities) {
  using namespace roost::models::cm;
  for (double v : {-35.013, -50.013, -75.013, 25.0}) {
    const Gate m0 = na_m(v), m1 = na_m(v + 2e-5), h0 = na_h(v), h1 = na_h(v + 2e-5), n0 = k_n(v), n1 = k_n(v + 2e-5);
    EXPECT_NEAR(m0.inf, m1.inf, 1e-5) << v;
    EXPECT_NEAR(m0.tau, m1.tau, 1e-5) << v;
    EXPECT_NEAR(h0.tau, h1.tau, 1e-5) << v;
    EXPECT_NEAR(n0.inf, n1.inf, 1e-5) << v;
    EXPECT_NEAR(n0.tau, n1.tau, 1e-5) << v;
  }
}

}  // namespace
