// SPDX-License-Identifier: GPL-2.0-or-later
#include <gtest/gtest.h>

#include <vector>

#include "roost/ring_buffer.hpp"

using roost::RingGeometry;
using roost::Step;

TEST(RingGeometry, SlotsCoverEveryPendingDelay) {
  const Step min_delay = 15, max_delay = 40;
  const RingGeometry g = RingGeometry::for_delays(3, min_delay, max_delay);
  EXPECT_EQ(g.n_slots, min_delay + max_delay);
  // A slice [T, T+min_delay) writes to T+lag+d for every lag and delay; none of
  // those may share a slot with a step that is read later but is different.
  for (Step T : {0, 15, 30, 1000}) {
    for (Step lag = 0; lag < min_delay; ++lag) {
      for (Step d = min_delay; d <= max_delay; ++d) {
        const Step arrival = T + lag + d;
        for (Step other = T + min_delay; other < T + min_delay + max_delay + min_delay - 1; ++other) {
          if (other != arrival) ASSERT_NE(g.slot(other), g.slot(arrival)) << T << " " << lag << " " << d;
        }
        ASSERT_EQ(g.slot_after(g.slot(T + lag), d), g.slot(arrival));
      }
    }
  }
}

TEST(RingGeometry, WriteThenReadRoundTrip) {
  const RingGeometry g = RingGeometry::for_delays(4, 2, 5);
  std::vector<double> ring(g.total(), 0.0);
  // Deliver at step 10 with delays 2..5 to element 1, read them back at their steps.
  for (Step d = 2; d <= 5; ++d) ring[g.index(g.slot_after(g.slot(10), d), 1)] += static_cast<double>(d);
  for (Step n = 11; n <= 16; ++n) {
    const double got = ring[g.index(g.slot(n), 1)];
    const Step d = n - 10;
    EXPECT_DOUBLE_EQ(got, (d >= 2 && d <= 5) ? static_cast<double>(d) : 0.0) << n;
  }
}
