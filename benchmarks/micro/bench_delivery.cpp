// SPDX-License-Identifier: GPL-2.0-or-later
// Spike delivery on the CPU backend.
//  - BM_DeliverSlice drives the backend (roost::cpu::make_backend()) directly:
//    one iaf_psc_delta population, fixed in-degree connections, then
//    Backend::deliver() of one min-delay slice of spikes per iteration.
//    items_per_second = synaptic events (spike x fan-out) per second.
//  - BM_KernelBrunel runs the whole loop (update + deliver) of a scaled Brunel
//    network through roost::Kernel; reported per simulated millisecond.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <numeric>
#include <random>
#include <vector>

#include "roost/cpu/backend.hpp"
#include "roost/kernel.hpp"
#include "roost/model_registry.hpp"

namespace {

using namespace roost;

void BM_DeliverSlice(benchmark::State& st) {
  const Index n = st.range(0);
  const Index indegree = st.range(1);
  const auto spikes_per_slice = static_cast<std::size_t>(st.range(2));
  const int threads = static_cast<int>(st.range(3));
  constexpr Step kDelay = 15;

  ModelRegistry registry;
  auto backend = cpu::make_backend();
  backend->add_population(registry.get("iaf_psc_delta"), 1, n);

  ConnectionStore store;
  std::mt19937_64 gen(3);
  std::uniform_int_distribution<std::uint32_t> source(1, static_cast<std::uint32_t>(n));
  const auto total = static_cast<std::size_t>(n * indegree);
  store.source.resize(total);
  store.target.resize(total);
  store.weight.resize(total);
  store.delay_steps.resize(total);
  std::fill(store.delay_steps.begin(), store.delay_steps.end(), static_cast<std::int32_t>(kDelay));
  store.receptor.resize(total);  // zero-filled: receptor 0, synapse model 0
  store.synapse_model.resize(total);
  for (std::size_t c = 0; c < total; ++c) {
    store.source[c] = source(gen);
    store.target[c] = static_cast<std::uint32_t>(1 + c / static_cast<std::size_t>(indegree));
    store.weight[c] = c % 5 == 0 ? -0.5 : 0.1;
  }
  std::vector<NodeRole> roles(static_cast<std::size_t>(n + 1), NodeRole::neuron);
  roles[0] = NodeRole::none;
  PrepareInfo info;
  info.resolution = 0.1;
  info.min_delay = kDelay;
  info.max_delay = kDelay;
  info.seed = 1;
  info.threads = threads;
  info.connections = &store;
  info.roles = &roles;
  backend->prepare(info);

  std::vector<SpikeEvent> spikes;
  std::uniform_int_distribution<Step> step(0, kDelay - 1);
  for (std::size_t k = 0; k < spikes_per_slice; ++k) {
    spikes.push_back({static_cast<Gid>(source(gen)), step(gen), 1u, 1.0});
  }
  std::sort(spikes.begin(), spikes.end(), [](const SpikeEvent& a, const SpikeEvent& b) {
    return a.step != b.step ? a.step < b.step : a.gid < b.gid;
  });
  for (auto _ : st) backend->deliver(spikes);
  // Expected fan-out of a random source is the in-degree.
  st.SetItemsProcessed(st.iterations() * static_cast<std::int64_t>(spikes_per_slice) * indegree);
  st.counters["ns_per_event"] = benchmark::Counter(
      static_cast<double>(st.iterations() * static_cast<std::int64_t>(spikes_per_slice) * indegree),
      benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
// Brunel S=1: 12 500 neurons, in-degree 1250, ~37 Hz -> ~700 spikes per 1.5 ms slice.
BENCHMARK(BM_DeliverSlice)
    ->Args({12500, 1250, 700, 1})
    ->Args({12500, 1250, 700, 2})
    ->Args({6250, 1250, 350, 2})
    ->Args({1000, 100, 50, 1})
    ->ArgNames({"n", "indegree", "spikes", "threads"})
    ->UseRealTime()
    ->Unit(benchmark::kMicrosecond);

std::vector<Gid> ids(Gid first, Index n) {
  std::vector<Gid> v(static_cast<std::size_t>(n));
  std::iota(v.begin(), v.end(), first);
  return v;
}

SynSpec static_syn(double weight, double delay) {
  SynSpec s;
  s.weight = SynapseValue{SynapseValue::Kind::constant, weight, {}, {}};
  s.delay = SynapseValue{SynapseValue::Kind::constant, delay, {}, {}};
  return s;
}

// Brunel (2000) delta network as in benchmarks/networks/brunel.py, scaled by
// range(0)/1000 with in-degrees 1000/250; 100 ms warm-up, then 10 ms per iteration.
void BM_KernelBrunel(benchmark::State& st) {
  const double scale = static_cast<double>(st.range(0)) / 1000.0;
  const int threads = static_cast<int>(st.range(1));
  const auto ne = static_cast<Index>(10000 * scale), ni = static_cast<Index>(2500 * scale);
  Kernel k(cpu::make_backend());
  k.set_kernel_status({{"local_num_threads", std::int64_t{threads}}, {"rng_seed", std::int64_t{5}}});
  k.set_defaults("iaf_psc_delta", {{"C_m", 1.0}, {"tau_m", 20.0}, {"t_ref", 2.0}, {"E_L", 0.0},
                                    {"V_reset", 10.0}, {"V_m", 0.0}, {"V_th", 20.0}});
  const Gid first = k.create("iaf_psc_delta", ne + ni);
  const Gid noise = k.create("poisson_generator", 1);
  k.set_status(noise, {{"rate", 20000.0}});
  ConnSpec ce, ci;
  ce.rule = ci.rule = Rule::fixed_indegree;
  ce.indegree = 1000;
  ci.indegree = 250;
  k.connect({&noise, 1}, ids(first, ne + ni), ConnSpec{}, static_syn(0.1, 1.5));
  k.connect(ids(first, ne), ids(first, ne + ni), ce, static_syn(0.1, 1.5));
  k.connect(ids(first + ne, ni), ids(first, ne + ni), ci, static_syn(-0.5, 1.5));
  k.simulate(100.0);
  for (auto _ : st) k.simulate(10.0);
  // wall-clock seconds per biological second
  st.counters["real_time_factor"] = benchmark::Counter(
      static_cast<double>(st.iterations()) * 0.010, benchmark::Counter::kIsRate | benchmark::Counter::kInvert);
}
BENCHMARK(BM_KernelBrunel)
    ->Args({100, 1})
    ->Args({100, 2})
    ->Args({500, 2})
    ->ArgNames({"scale_permille", "threads"})
    ->UseRealTime()
    ->Unit(benchmark::kMillisecond);

}  // namespace
