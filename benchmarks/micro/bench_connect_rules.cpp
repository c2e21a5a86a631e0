// SPDX-License-Identifier: GPL-2.0-or-later
// Connection generation per rule (roost::generate_connections): about 1 M
// connections each between populations of 1000 (all_to_all, one_to_one: 1 M
// nodes, pairwise_bernoulli: 3162 x 3162 at p = 0.1). items_per_second =
// connections generated per second; the second argument is the thread count.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <numeric>
#include <vector>

#include "roost/connect_rules.hpp"

namespace {

using namespace roost;

std::vector<std::uint64_t> gids(std::uint64_t first, std::uint64_t n) {
  std::vector<std::uint64_t> v(n);
  std::iota(v.begin(), v.end(), first);
  return v;
}

void run(benchmark::State& st, const ConnSpec& spec, std::uint64_t n_sources, std::uint64_t n_targets,
         bool same_population) {
  const int threads = static_cast<int>(st.range(0));
  const auto sources = gids(1, n_sources);
  const auto targets = same_population ? sources : gids(n_sources + 1, n_targets);
  std::uint64_t projection = 0;
  std::size_t made = 0;
  for (auto _ : st) {
    const GeneratedConnections c = generate_connections(spec, sources, targets, 99, projection++, threads);
    made += c.size();
    benchmark::DoNotOptimize(c.source_index.data());
  }
  st.SetItemsProcessed(static_cast<std::int64_t>(made));
}

void BM_Connect_all_to_all(benchmark::State& st) {
  ConnSpec s;
  s.rule = Rule::all_to_all;
  run(st, s, 1000, 1000, false);
}
void BM_Connect_one_to_one(benchmark::State& st) {
  ConnSpec s;
  s.rule = Rule::one_to_one;
  run(st, s, 1000000, 1000000, false);
}
void BM_Connect_fixed_indegree(benchmark::State& st) {
  ConnSpec s;
  s.rule = Rule::fixed_indegree;
  s.indegree = 1000;
  run(st, s, 1000, 1000, false);
}
void BM_Connect_fixed_indegree_no_multapses(benchmark::State& st) {
  ConnSpec s;
  s.rule = Rule::fixed_indegree;
  s.indegree = 100;
  s.allow_multapses = false;
  s.allow_autapses = false;
  run(st, s, 10000, 10000, true);
}
void BM_Connect_fixed_outdegree(benchmark::State& st) {
  ConnSpec s;
  s.rule = Rule::fixed_outdegree;
  s.outdegree = 1000;
  run(st, s, 1000, 1000, false);
}
void BM_Connect_fixed_total_number(benchmark::State& st) {
  ConnSpec s;
  s.rule = Rule::fixed_total_number;
  s.total = 1000000;
  run(st, s, 1000, 1000, false);
}
void BM_Connect_pairwise_bernoulli(benchmark::State& st) {
  ConnSpec s;
  s.rule = Rule::pairwise_bernoulli;
  s.p = 0.1;
  run(st, s, 3162, 3162, false);
}

#define ROOST_CONNECT_BENCH(name) \
  BENCHMARK(name)->Arg(1)->Arg(2)->ArgName("threads")->UseRealTime()->Unit(benchmark::kMillisecond)
ROOST_CONNECT_BENCH(BM_Connect_all_to_all);
ROOST_CONNECT_BENCH(BM_Connect_one_to_one);
ROOST_CONNECT_BENCH(BM_Connect_fixed_indegree);
ROOST_CONNECT_BENCH(BM_Connect_fixed_indegree_no_multapses);
ROOST_CONNECT_BENCH(BM_Connect_fixed_outdegree);
ROOST_CONNECT_BENCH(BM_Connect_fixed_total_number);
ROOST_CONNECT_BENCH(BM_Connect_pairwise_bernoulli);

}  // namespace
