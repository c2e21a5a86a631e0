// SPDX-License-Identifier: GPL-2.0-or-later
// Connection construction on the CUDA backend's device (real or emulated)
// gives exactly the host's result: the same connections, in the same order,
// with the same array positions, and the same random synapse values.
#include <gtest/gtest.h>

#include <numeric>
#include <string>

#include "roost/connect_rules.hpp"
#include "roost/cpu/backend.hpp"
#include "roost/cuda/backend.hpp"
#include "roost/kernel.hpp"
#include "roost/parameter.hpp"
#include "../test_utils.hpp"

using namespace roost;

namespace {

std::vector<std::uint64_t> gid_range(std::uint64_t first, std::uint64_t n) {
  std::vector<std::uint64_t> v(n);
  std::iota(v.begin(), v.end(), first);
  return v;
}

ConnSpec spec_of(Rule rule, bool autapses) {
  ConnSpec s;
  s.rule = rule;
  s.allow_autapses = autapses;
  s.allow_multapses = true;
  return s;
}

void expect_same(const GeneratedConnections& a, const GeneratedConnections& b) {
  EXPECT_EQ(a.source_index, b.source_index);
  EXPECT_EQ(a.target_index, b.target_index);
  EXPECT_EQ(a.array_index, b.array_index);
}

}  // namespace

TEST(DeviceConstruction, EveryDrawnRuleMatchesTheHost) {
  auto backend = cuda::make_backend();
  ASSERT_TRUE(backend->constructs_on_device());
  const auto overlapping_sources = gid_range(1, 300), overlapping_targets = gid_range(101, 400);
  std::vector<ConnSpec> specs;
  for (bool autapses : {true, false}) {
    ConnSpec s = spec_of(Rule::fixed_indegree, autapses);
    s.indegree = 37;
    specs.push_back(s);
    s = spec_of(Rule::fixed_total_number, autapses);
    s.total = 9876;
    specs.push_back(s);
    s = spec_of(Rule::pairwise_bernoulli, autapses);
    s.p = 0.07;
    specs.push_back(s);
    s = spec_of(Rule::fixed_outdegree, autapses);
    s.outdegree = 23;
    specs.push_back(s);
  }
  // Every target kept, and "rank 1 of 3" (keep_target of a distributed run).
  std::vector<std::uint8_t> rank_block(overlapping_targets.size(), 0);
  for (std::size_t t = 133; t < 266; ++t) rank_block[t] = 1;
  for (const ConnSpec& spec : specs) {
    for (const auto& keep : {std::vector<std::uint8_t>{}, rank_block}) {
      SCOPED_TRACE(std::string(rule_name(spec.rule)) + (spec.allow_autapses ? "" : " no autapses") +
                   (keep.empty() ? "" : " rank block"));
      const auto host = generate_connections(spec, overlapping_sources, overlapping_targets, 77, 5, 2, keep);
      const auto plan = plan_draws(spec, overlapping_sources, overlapping_targets, 77, 5, keep);
      ASSERT_TRUE(plan.has_value());
      const auto device = backend->draw_connections(*plan);
      ASSERT_TRUE(device.has_value());
      ASSERT_GT(host.size(), 0u);
      expect_same(*device, host);
    }
  }
}

TEST(DeviceConstruction, SynapseValuesMatchTheHostDraws) {
  auto backend = cuda::make_backend();
  const auto sources = gid_range(1, 50), targets = gid_range(51, 40);
  ConnSpec spec = spec_of(Rule::fixed_indegree, true);
  spec.indegree = 7;
  const auto gen = generate_connections(spec, sources, targets, 3, 2, 1);
  const Parameter weight = Parameter::redraw(Parameter::normal(20.0, 5.0), 0.0, 40.0) * 2.0;
  const Parameter delay = Parameter::uniform(0.5, 2.5);
  SynapseValueDraws request{gen.target_index, targets, 3, 2, &weight.program(), &delay.program(), nullptr};
  const auto drawn = backend->draw_synapse_values(request);
  ASSERT_TRUE(drawn.has_value());
  ASSERT_EQ(drawn->error, 0);
  ASSERT_EQ(drawn->weight.size(), gen.size());
  ASSERT_EQ(drawn->delay.size(), gen.size());
  EXPECT_TRUE(drawn->receptor.empty());
  // The host's order: per target, per connection: weight, then delay.
  for (std::size_t c = 0; c < gen.size();) {
    RandomStream rng(3, RngPurpose::SynapseParameter, 2, targets[gen.target_index[c]]);
    const auto t = gen.target_index[c];
    for (; c < gen.size() && gen.target_index[c] == t; ++c) {
      EXPECT_EQ(drawn->weight[c], weight.value(rng)) << "connection " << c;
      EXPECT_EQ(drawn->delay[c], delay.value(rng)) << "connection " << c;
    }
  }
}

TEST(DeviceConstruction, ExhaustedRedrawIsReportedWithTheFailingProgram) {
  auto backend = cuda::make_backend();
  const auto sources = gid_range(1, 5), targets = gid_range(6, 5);
  const auto gen = generate_connections(ConnSpec{}, sources, targets, 1, 0, 1);
  const Parameter impossible = Parameter::redraw(Parameter::uniform(0.0, 1.0), 5.0, 6.0);
  SynapseValueDraws request{gen.target_index, targets, 1, 0, nullptr, &impossible.program(), nullptr};
  const auto drawn = backend->draw_synapse_values(request);
  ASSERT_TRUE(drawn.has_value());
  EXPECT_NE(drawn->error, 0);
  EXPECT_EQ(drawn->failed, &impossible.program());
}

// Through the kernel: a network with random weights and delays built by the
// CUDA backend has the CPU backend's connection store, bit for bit.
TEST(DeviceConstruction, KernelStoresAreIdenticalOnBothBackends) {
  auto build = [](std::unique_ptr<Backend> backend) {
    Kernel k(std::move(backend));
    k.set_kernel_status({{"rng_seed", std::int64_t{11}}});
    const Gid a = k.create("iaf_psc_alpha", 120);
    const Gid b = k.create("iaf_psc_exp", 80);
    ConnSpec indegree;
    indegree.rule = Rule::fixed_indegree;
    indegree.indegree = 15;
    SynSpec random_syn;
    random_syn.weight = SynapseValue{SynapseValue::Kind::parameter, 0.0, {}, Parameter::normal(30.0, 10.0)};
    random_syn.delay = SynapseValue{SynapseValue::Kind::parameter, 0.0, {},
                                    Parameter::redraw(Parameter::normal(1.5, 0.7), 0.1, 5.0)};
    k.connect(roost::testing::ids(a, 120), roost::testing::ids(b, 80), indegree, random_syn);
    ConnSpec bernoulli;
    bernoulli.rule = Rule::pairwise_bernoulli;
    bernoulli.p = 0.1;
    k.connect(roost::testing::ids(b, 80), roost::testing::ids(a, 120), bernoulli, roost::testing::static_syn(-20.0, 1.0));
    return k.connections();
  };
  const ConnectionStore on_cpu = build(cpu::make_backend());
  const ConnectionStore on_cuda = build(cuda::make_backend());
  ASSERT_GT(on_cpu.size(), 2000u);
  EXPECT_EQ(on_cuda.source, on_cpu.source);
  EXPECT_EQ(on_cuda.target, on_cpu.target);
  EXPECT_EQ(on_cuda.weight, on_cpu.weight);
  EXPECT_EQ(on_cuda.delay_steps, on_cpu.delay_steps);
}
