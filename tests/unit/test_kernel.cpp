// SPDX-License-Identifier: GPL-2.0-or-later
// Kernel + CPU backend end to end: timing of delivery, thread independence,
// all-or-nothing errors.
#include <gtest/gtest.h>

#include <cmath>
#include <numeric>

#include "roost/cpu/backend.hpp"
#include "roost/error.hpp"
#include "roost/kernel.hpp"
#include "../test_utils.hpp"

using namespace roost;
using roost::testing::ids;
using roost::testing::static_syn;

namespace {

std::unique_ptr<Kernel> make_kernel() { return std::make_unique<Kernel>(cpu::make_backend()); }


// A small random network with Poisson drive; returns (senders, stamps).
std::pair<std::vector<Gid>, std::vector<Step>> run_network(int threads) {
  auto k = make_kernel();
  k->set_kernel_status({{"local_num_threads", std::int64_t{threads}}, {"rng_seed", std::int64_t{12}}});
  const Gid first = k->create("iaf_psc_exp", 300);
  const Gid noise = k->create("poisson_generator", 1);
  k->set_status(noise, {{"rate", 12000.0}});
  const Gid rec = k->create("spike_recorder", 1);
  ConnSpec indegree;
  indegree.rule = Rule::fixed_indegree;
  indegree.indegree = 30;
  k->connect(ids(first, 240), ids(first, 300), indegree, static_syn(40.0, 1.5));
  k->connect(ids(first + 240, 60), ids(first, 300), indegree, static_syn(-160.0, 0.8));
  k->connect({&noise, 1}, ids(first, 300), ConnSpec{}, static_syn(25.0, 1.0));
  k->connect(ids(first, 300), {&rec, 1}, ConnSpec{}, SynSpec{});
  k->simulate(150.0);
  k->simulate(50.3);  // a partial slice and a second call
  const RecorderData& data = k->events(rec);
  return {data.senders, data.stamps};
}

}  // namespace

TEST(Kernel, SpikeArrivesAfterDelayAndActsInThatStep) {
  auto k = make_kernel();
  const Gid sg = k->create("spike_generator", 1);
  const Gid n = k->create("iaf_psc_delta", 1);
  const Gid mm = k->create("multimeter", 1);
  k->set_status(sg, {{"spike_times", std::vector<double>{10.0}}});
  k->set_status(mm, {{"record_from", std::vector<std::string>{"V_m"}}, {"interval", 0.1}});
  k->connect({&sg, 1}, {&n, 1}, ConnSpec{}, static_syn(2.0, 2.5));
  k->connect({&mm, 1}, {&n, 1}, ConnSpec{}, SynSpec{});
  k->simulate(20.0);
  const RecorderData& data = k->events(mm);
  // Emitted at 10.0 ms, delay 2.5 ms: V jumps in the step that ends at 12.5 ms, then decays.
  for (std::size_t i = 0; i < data.stamps.size(); ++i) {
    const Step stamp = data.stamps[i];
    const double expected = stamp < 125 ? -70.0 : -70.0 + 2.0 * std::exp(-(stamp - 125) * 0.1 / 10.0);
    ASSERT_NEAR(data.values[0][i], expected, 1e-9) << stamp;
  }
}

TEST(Kernel, SpikesDoNotDependOnThreadCount) {
  const auto one = run_network(1);
  EXPECT_GT(one.first.size(), 100u);
  EXPECT_EQ(run_network(2), one);
  EXPECT_EQ(run_network(3), one);
}

TEST(Kernel, FailedConnectChangesNothing) {
  auto k = make_kernel();
  const Gid n = k->create("iaf_psc_alpha", 3);
  EXPECT_THROW(k->connect(ids(n, 3), ids(n, 3), ConnSpec{}, static_syn(1.0, 0.04)), Error);  // rounds to 0 steps
  SynSpec bad_receptor = static_syn(1.0, 1.0);
  bad_receptor.receptor_type = SynapseValue{SynapseValue::Kind::constant, 3.0, {}, {}};
  EXPECT_THROW(k->connect(ids(n, 3), ids(n, 3), ConnSpec{}, bad_receptor), Error);
  EXPECT_EQ(k->connections().size(), 0u);
  k->connect(ids(n, 3), ids(n, 3), ConnSpec{}, static_syn(1.0, 0.05));  // NEST: [h/2, h) rounds to h
  EXPECT_EQ(k->connections().size(), 9u);
  EXPECT_EQ(k->connections().delay_steps[0], 1);
  k->simulate(5.0);
  EXPECT_DOUBLE_EQ(k->now() * k->resolution(), 5.0);
}

TEST(Kernel, RecorderDirectionIsChecked) {
  auto k = make_kernel();
  const Gid n = k->create("iaf_psc_alpha", 1);
  const Gid sr = k->create("spike_recorder", 1);
  const Gid vm = k->create("voltmeter", 1);
  try {
    k->connect({&sr, 1}, {&n, 1}, ConnSpec{}, SynSpec{});
    FAIL() << "spike_recorder as source must be refused";
  } catch (const Error& e) {
    EXPECT_EQ(e.kind(), ErrorKind::IllegalConnection);
  }
  EXPECT_THROW(k->connect({&n, 1}, {&vm, 1}, ConnSpec{}, SynSpec{}), Error);
}

TEST(Kernel, GetConnectionsOrdersBySourceTargetCreation) {
  auto k = make_kernel();
  const Gid n = k->create("iaf_psc_alpha", 3);
  const Gid a = n, b = n + 1, c = n + 2;
  k->connect({&b, 1}, {&c, 1}, ConnSpec{}, static_syn(1.0, 1.0));  // id 0
  k->connect({&a, 1}, {&c, 1}, ConnSpec{}, static_syn(2.0, 1.0));  // id 1
  k->connect({&a, 1}, {&b, 1}, ConnSpec{}, static_syn(3.0, 1.0));  // id 2
  k->connect({&a, 1}, {&b, 1}, ConnSpec{}, static_syn(4.0, 1.0));  // id 3 (multapse)
  const auto ids = k->get_connections(std::nullopt, std::nullopt, std::nullopt);
  EXPECT_EQ(ids, (std::vector<std::int64_t>{2, 3, 1, 0}));
  const auto to_c = k->get_connections(std::nullopt, std::vector<Gid>{c}, std::nullopt);
  EXPECT_EQ(to_c, (std::vector<std::int64_t>{1, 0}));
}
