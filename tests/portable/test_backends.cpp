// SPDX-License-Identifier: GPL-2.0-or-later
// The same scenarios on every backend this build links (typed tests): the CPU
// backend and the CUDA backend (real on a GPU build, emulated on Thrust's
// OpenMP system otherwise). Results must be identical.
#include <gtest/gtest.h>

#include <numeric>

#include "roost/cpu/backend.hpp"
#include "roost/cuda/backend.hpp"
#include "roost/kernel.hpp"
#include "../test_utils.hpp"

using namespace roost;
using roost::testing::ids;
using roost::testing::static_syn;

namespace {

struct CpuSystem {
  static std::unique_ptr<Backend> make() { return cpu::make_backend(); }
};
struct CudaSystem {
  static std::unique_ptr<Backend> make() { return cuda::make_backend(); }
};


// Spikes (senders, stamps) and one V_m trace of a small driven network.
template <class System>
std::tuple<std::vector<Gid>, std::vector<Step>, std::vector<double>> run() {
  Kernel k(System::make());
  k.set_kernel_status({{"rng_seed", std::int64_t{3}}});
  const Gid first = k.create("iaf_psc_delta", 50);
  const Gid parrots = k.create("parrot_neuron", 3);
  const Gid noise = k.create("poisson_generator", 1);
  const Gid step = k.create("step_current_generator", 1);
  const Gid rec = k.create("spike_recorder", 1);
  const Gid mm = k.create("multimeter", 1);
  k.set_status(noise, {{"rate", 20000.0}});
  k.set_status(step, {{"amplitude_times", std::vector<double>{10.0, 30.0}}, {"amplitude_values", std::vector<double>{200.0, 0.0}}});
  k.set_status(mm, {{"record_from", std::vector<std::string>{"V_m"}}, {"interval", 0.1}});
  ConnSpec indegree;
  indegree.rule = Rule::fixed_indegree;
  indegree.indegree = 2;
  k.connect(ids(first, 50), ids(first, 50), indegree, static_syn(0.5, 1.5));
  k.connect({&noise, 1}, ids(first, 50), ConnSpec{}, static_syn(0.2, 1.0));
  k.connect({&noise, 1}, ids(parrots, 3), ConnSpec{}, static_syn(1.0, 1.0));
  k.connect({&step, 1}, ids(first, 5), ConnSpec{}, static_syn(1.0, 2.0));
  k.connect(ids(first, 53), {&rec, 1}, ConnSpec{}, SynSpec{});
  k.connect({&mm, 1}, {&first, 1}, ConnSpec{}, SynSpec{});
  k.simulate(40.0);
  k.simulate(12.3);
  return {k.events(rec).senders, k.events(rec).stamps, k.events(mm).values.at(0)};
}

}  // namespace

TEST(PortableBackends, CpuAndCudaGiveIdenticalSpikesAndTraces) {
  const auto cpu = run<CpuSystem>();
  const auto gpu = run<CudaSystem>();
  EXPECT_GT(std::get<0>(cpu).size(), 50u);
  EXPECT_EQ(std::get<0>(cpu), std::get<0>(gpu));
  EXPECT_EQ(std::get<1>(cpu), std::get<1>(gpu));
  ASSERT_EQ(std::get<2>(cpu).size(), std::get<2>(gpu).size());
  for (std::size_t i = 0; i < std::get<2>(cpu).size(); ++i) EXPECT_NEAR(std::get<2>(cpu)[i], std::get<2>(gpu)[i], 1e-9) << i;
}

TEST(PortableBackends, CudaReportsMemory) {
  Kernel k(CudaSystem::make());
  const Gid n = k.create("iaf_psc_exp", 100);
  ConnSpec all;
  k.connect(ids(n, 100), ids(n, 100), all, static_syn(1.0, 1.0));
  k.simulate(1.0);
  const Dict status = k.get_kernel_status();
  EXPECT_EQ(as_string(status.at("backend"), "backend"), "cuda");
  EXPECT_GE(as_double(status.at("device_bytes_per_synapse"), "b"), 16.0);
  EXPECT_GT(as_double(status.at("device_bytes_per_neuron"), "b"), 0.0);
}
