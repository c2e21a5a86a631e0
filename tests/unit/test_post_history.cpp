// SPDX-License-Identifier: GPL-2.0-or-later
// The postsynaptic spike history (NEST's ArchivingNode semantics) and the
// fixed-point ring cells.
#include <gtest/gtest.h>

#include <cmath>

#include "roost/post_history_store.hpp"
#include "roost/ring_buffer.hpp"

namespace roost {
namespace {

HistoryStore one_slot(std::uint32_t capacity, std::uint32_t n_incoming) {
  HistoryStore h;
  h.remap({7}, capacity);
  h.n_incoming[0] = n_incoming;
  h.max_delay[0] = 1.0;
  h.tau_minus_inv[0] = 1.0 / 20.0;
  return h;
}

TEST(PostHistory, TracesAndWindowsFollowNest) {
  HistoryStore h = one_slot(8, 1);
  PostHistory v = h.view();
  v.min_delay_ms = 1.0;
  v.archive_spike(0, 10.0);
  v.archive_spike(0, 15.0);
  const PostView post{&v, 0};
  ASSERT_EQ(post.size(), 2u);
  EXPECT_DOUBLE_EQ(post.entry(0).Kminus, 1.0);
  EXPECT_DOUBLE_EQ(post.entry(1).Kminus, std::exp(-5.0 / 20.0) + 1.0);
  // K- at t counts spikes strictly before t (NEST's eps of 1e-6 ms).
  EXPECT_DOUBLE_EQ(post.k_value(15.0), std::exp(-5.0 / 20.0));
  EXPECT_DOUBLE_EQ(post.k_value(10.0), 0.0);
  // (t1, t2]: an entry at t1 is excluded, one at t2 included.
  const HistoryRange r = post.read_history(10.0, 15.0);
  EXPECT_EQ(r.first, 1u);
  EXPECT_EQ(r.last, 2u);
  EXPECT_EQ(post.entry(1).access, 1u);
  EXPECT_EQ(post.entry(0).access, 0u);
}

TEST(PostHistory, ReadEntriesAreDroppedOnlyWhenEveryInputReadThem) {
  HistoryStore h = one_slot(4, 2);
  PostHistory v = h.view();
  v.min_delay_ms = 1.0;
  const PostView post{&v, 0};
  for (double t : {1.0, 2.0, 3.0}) v.archive_spike(0, t);
  post.read_history(0.0, 3.0);  // the first input read everything
  v.archive_spike(0, 10.0);
  EXPECT_EQ(post.size(), 4u);   // the second has not: nothing dropped
  post.read_history(0.0, 10.0);
  v.archive_spike(0, 20.0);     // now the read entries older than the horizon go
  EXPECT_EQ(h.overflow, 0);
  EXPECT_LT(post.size(), 4u);
  EXPECT_DOUBLE_EQ(post.entry(post.size() - 1).t, 20.0);
}

TEST(PostHistory, AFullRingIsReportedNotOverwritten) {
  HistoryStore h = one_slot(3, 1);
  PostHistory v = h.view();
  for (double t : {1.0, 2.0, 3.0, 4.0}) v.archive_spike(0, t);
  EXPECT_EQ(h.overflow, 1);  // slot 0 + 1
  const PostView post{&v, 0};
  EXPECT_EQ(post.size(), 3u);
  EXPECT_DOUBLE_EQ(post.entry(0).t, 1.0);
}

TEST(PostHistory, RemapKeepsHistoriesByGid) {
  HistoryStore h = one_slot(8, 1);
  PostHistory v = h.view();
  v.archive_spike(0, 5.0);
  h.remap({3, 7}, 8);
  EXPECT_EQ(h.count[0], 0u);
  EXPECT_EQ(h.count[1], 1u);
  EXPECT_DOUBLE_EQ(h.last_spike[1], 5.0);
}

TEST(RingCells, SumsDoNotDependOnOrder) {
  const double w[] = {0.1, 1e3 / 3.0, -87.81, 1e-7, 2.5e5, -0.3};
  RingCell forward = 0, backward = 0;
  for (double x : w) forward += ring_value(x);
  for (int k = 5; k >= 0; --k) backward += ring_value(w[k]);
  EXPECT_EQ(forward, backward);
  double exact = 0.0;
  for (double x : w) exact += x;
  EXPECT_NEAR(ring_input(forward), exact, 6 * 0x1p-33);
  EXPECT_EQ(ring_input(ring_value(3.0)), 3.0);  // spike counts stay exact
}

}  // namespace
}  // namespace roost
