// SPDX-License-Identifier: GPL-2.0-or-later
// Ring-buffer access in the two patterns the CPU backend uses (geometry from
// roost/ring_buffer.hpp):
//  - read-and-clear: the update reads this step's slot of every neuron and
//    zeroes it (sequential, one slot of slot_size doubles);
//  - scatter-add: delivery adds a weight to slot(step + delay) at a target's
//    buffer index (random within the ring: the ring's size against the
//    caches decides the cost).
#include <benchmark/benchmark.h>

#include <cstdint>
#include <random>
#include <vector>

#include "roost/ring_buffer.hpp"

namespace {

using namespace roost;

void BM_RingReadClear(benchmark::State& st) {
  const auto slot_size = static_cast<std::size_t>(st.range(0));
  const RingGeometry g = RingGeometry::for_delays(slot_size, 15, 15);
  std::vector<double> ring(g.total(), 1.0);
  Step step = 0;
  double sum = 0.0;
  for (auto _ : st) {
    double* slot = ring.data() + g.index(g.slot(step), 0);
    for (std::size_t i = 0; i < slot_size; ++i) {
      sum += slot[i];
      slot[i] = 0.0;
    }
    ++step;
    benchmark::ClobberMemory();
  }
  benchmark::DoNotOptimize(sum);
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(slot_size));
  st.SetBytesProcessed(st.iterations() * static_cast<std::int64_t>(slot_size * sizeof(double)));
}
// slot sizes: 1 k cells (L1), 25 k (Brunel S=1, delta: 2 channels x 12 500), 250 k, 2.5 M
BENCHMARK(BM_RingReadClear)->Arg(1000)->Arg(25000)->Arg(250000)->Arg(2500000)->ArgName("slot_size");

// Random scatter-add of `events` weights into a ring of slot_size x (min+max delay)
// cells, delays uniform in [min_delay, max_delay]: delivery's memory pattern
// without the table reads.
void BM_RingScatterAdd(benchmark::State& st) {
  const auto slot_size = static_cast<std::size_t>(st.range(0));
  const Step min_delay = st.range(1), max_delay = st.range(2);
  const RingGeometry g = RingGeometry::for_delays(slot_size, min_delay, max_delay);
  std::vector<double> ring(g.total(), 0.0);
  constexpr std::size_t events = 1 << 16;
  std::mt19937_64 gen(7);
  std::uniform_int_distribution<std::uint32_t> cell(0, static_cast<std::uint32_t>(slot_size - 1));
  std::uniform_int_distribution<std::int32_t> delay(static_cast<std::int32_t>(min_delay), static_cast<std::int32_t>(max_delay));
  std::vector<std::uint32_t> index(events);
  std::vector<std::int32_t> delays(events);
  for (std::size_t k = 0; k < events; ++k) {
    index[k] = cell(gen);
    delays[k] = delay(gen);
  }
  Step step = 0;
  for (auto _ : st) {
    const Step base = g.slot(step);
    for (std::size_t k = 0; k < events; ++k) {
      ring[g.index(g.slot_after(base, delays[k]), index[k])] += 0.1;
    }
    ++step;
    benchmark::ClobberMemory();
  }
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(events));
  st.counters["ring_MiB"] = static_cast<double>(g.total() * sizeof(double)) / (1024.0 * 1024.0);
}
BENCHMARK(BM_RingScatterAdd)
    ->Args({1000, 15, 15})        // 0.2 MiB: in L2
    ->Args({25000, 15, 15})       // Brunel S=1 (delta), one delay: 5.7 MiB
    ->Args({25000, 1, 80})        // microcircuit-like spread of delays
    ->Args({250000, 15, 15})      // 57 MiB: DRAM
    ->ArgNames({"slot_size", "min_delay", "max_delay"});

}  // namespace
