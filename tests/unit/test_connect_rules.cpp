// SPDX-License-Identifier: GPL-2.0-or-later
// Connection rules: NEST 3.10 invariants (the scenarios of
// reference/nest/connectivity/connection_rules.json: 200 -> 150 distinct
// populations, 120 -> same 120), degree statistics, thread-count and
// target-subset reproducibility, array_index shapes and error cases.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <string>
#include <utility>
#include <vector>

#include "roost/connect_rules.hpp"
#include "roost/error.hpp"
#include "../test_utils.hpp"

namespace roost {
namespace {

std::vector<std::uint64_t> gids(std::uint64_t first, std::uint64_t n) {
  std::vector<std::uint64_t> v(n);
  std::iota(v.begin(), v.end(), first);
  return v;
}

struct Populations {
  std::vector<std::uint64_t> sources, targets;
};

// NEST's reference scenarios: distinct 200 -> 150, and one population of 120
// connected to itself.
Populations distinct() { return {gids(1, 200), gids(201, 150)}; }
Populations same() { return {gids(1, 120), gids(1, 120)}; }

struct Stats {
  std::uint64_t total = 0, autapses = 0, multapse_extra = 0;
  std::vector<double> indegree, outdegree;
};

double mean(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / x.size();
}
double stddev(const std::vector<double>& x) {  // population std, as the reference file
  const double m = mean(x);
  double s = 0;
  for (double v : x) s += (v - m) * (v - m);
  return std::sqrt(s / x.size());
}

Stats stats(const GeneratedConnections& c, const Populations& pop) {
  Stats s;
  s.total = c.size();
  s.indegree.assign(pop.targets.size(), 0);
  s.outdegree.assign(pop.sources.size(), 0);
  std::set<std::pair<std::uint32_t, std::uint32_t>> pairs;
  for (std::size_t i = 0; i < c.size(); ++i) {
    ++s.indegree[c.target_index[i]];
    ++s.outdegree[c.source_index[i]];
    if (pop.sources[c.source_index[i]] == pop.targets[c.target_index[i]]) ++s.autapses;
    pairs.insert({c.source_index[i], c.target_index[i]});
  }
  s.multapse_extra = s.total - pairs.size();
  return s;
}

GeneratedConnections generate(const ConnSpec& spec, const Populations& pop, std::uint64_t seed,
                              int threads = 2, std::uint64_t projection = 1) {
  return generate_connections(spec, pop.sources, pop.targets, seed, projection, threads);
}

void expect_well_formed(const GeneratedConnections& c, const Populations& pop) {
  ASSERT_EQ(c.source_index.size(), c.size());
  ASSERT_EQ(c.array_index.size(), c.size());
  for (std::size_t i = 0; i < c.size(); ++i) {
    ASSERT_LT(c.source_index[i], pop.sources.size());
    ASSERT_LT(c.target_index[i], pop.targets.size());
    if (i > 0) {
      ASSERT_LE(c.target_index[i - 1], c.target_index[i]) << "not ordered by target";
    }
  }
}

void expect_same(const GeneratedConnections& a, const GeneratedConnections& b) {
  EXPECT_EQ(a.source_index, b.source_index);
  EXPECT_EQ(a.target_index, b.target_index);
  EXPECT_EQ(a.array_index, b.array_index);
}

ConnSpec spec_of(Rule rule, bool autapses, bool multapses) {
  ConnSpec s;
  s.rule = rule;
  s.allow_autapses = autapses;
  s.allow_multapses = multapses;
  return s;
}

const std::uint64_t kSeeds[] = {1000, 1017, 1034};  // the reference file's seeds

struct Variant {
  bool autapses, multapses;
};
const Variant kVariants[] = {{true, true}, {false, true}, {true, false}, {false, false}};

std::string label(const Variant& v, bool same_pop) {
  return std::string(same_pop ? "same" : "distinct") + (v.autapses ? "" : " no_autapses") +
         (v.multapses ? "" : " no_multapses");
}

// --- Deterministic rules --------------------------------------------------

TEST(ConnectRules, AllToAll) {
  for (const Variant& v : kVariants) {
    for (bool same_pop : {false, true}) {
      const Populations pop = same_pop ? same() : distinct();
      const auto c = generate(spec_of(Rule::all_to_all, v.autapses, v.multapses), pop, 1000);
      expect_well_formed(c, pop);
      const Stats s = stats(c, pop);
      const std::string what = label(v, same_pop);
      const std::uint64_t n_s = pop.sources.size(), n_t = pop.targets.size();
      const bool drop = same_pop && !v.autapses;
      EXPECT_EQ(s.total, drop ? 14280u : n_s * n_t) << what;  // 14280 = 120*120 - 120
      EXPECT_EQ(s.autapses, same_pop && v.autapses ? 120u : 0u) << what;
      EXPECT_EQ(s.multapse_extra, 0u) << what;
      for (double d : s.indegree) ASSERT_EQ(d, drop ? n_s - 1 : n_s) << what;
      for (double d : s.outdegree) ASSERT_EQ(d, drop ? n_t - 1 : n_t) << what;
      // Row-major (target, source) array shape; skipped autapses keep their slot.
      for (std::size_t i = 0; i < c.size(); ++i) {
        ASSERT_EQ(c.array_index[i], c.target_index[i] * n_s + c.source_index[i]);
        if (i > 0 && c.target_index[i] == c.target_index[i - 1]) {
          ASSERT_LT(c.source_index[i - 1], c.source_index[i]);
        }
      }
    }
  }
}

TEST(ConnectRules, OneToOne) {
  for (const Variant& v : kVariants) {
    const ConnSpec spec = spec_of(Rule::one_to_one, v.autapses, v.multapses);
    const Populations d = {gids(1, 200), gids(201, 200)};
    const auto cd = generate(spec, d, 1000);
    expect_well_formed(cd, d);
    EXPECT_EQ(cd.size(), 200u);
    for (std::size_t i = 0; i < cd.size(); ++i) {
      EXPECT_EQ(cd.source_index[i], i);
      EXPECT_EQ(cd.target_index[i], i);
      EXPECT_EQ(cd.array_index[i], i);
    }
    const auto cs = generate(spec, same(), 1000);
    const Stats s = stats(cs, same());
    EXPECT_EQ(s.total, v.autapses ? 120u : 0u) << label(v, true);
    EXPECT_EQ(s.autapses, v.autapses ? 120u : 0u) << label(v, true);
  }
  // Partly overlapping: only the pairs with equal gids are autapses.
  const Populations overlap = {gids(1, 10), gids(6, 10)};
  ConnSpec spec = spec_of(Rule::one_to_one, false, true);
  const auto c = generate(spec, {{1, 2, 3}, {1, 3, 4}}, 1);  // pair 0 is an autapse
  ASSERT_EQ(c.size(), 2u);
  EXPECT_EQ(c.array_index[0], 1u);
  EXPECT_EQ(c.array_index[1], 2u);
  EXPECT_EQ(generate(spec, overlap, 1).size(), 10u);
}

// --- Random rules: NEST's invariants -------------------------------------

TEST(ConnectRules, FixedIndegreeInvariants) {
  for (const Variant& v : kVariants) {
    for (bool same_pop : {false, true}) {
      for (std::uint64_t seed : kSeeds) {
        const Populations pop = same_pop ? same() : distinct();
        ConnSpec spec = spec_of(Rule::fixed_indegree, v.autapses, v.multapses);
        spec.indegree = 25;
        const auto c = generate(spec, pop, seed);
        expect_well_formed(c, pop);
        const Stats s = stats(c, pop);
        const std::string what = label(v, same_pop) + " seed " + std::to_string(seed);
        EXPECT_EQ(s.total, 25 * pop.targets.size()) << what;
        for (double d : s.indegree) ASSERT_EQ(d, 25.0) << what;
        if (!v.autapses) {
          EXPECT_EQ(s.autapses, 0u) << what;
        }
        if (!v.multapses) {
          EXPECT_EQ(s.multapse_extra, 0u) << what;
        }
        if (v.multapses) {  // NEST: 221 .. 281
          EXPECT_GT(s.multapse_extra, 100u) << what;
        }
        if (same_pop && v.autapses) {  // NEST: 19 .. 31
          EXPECT_GT(s.autapses, 5u) << what;
        }
        for (std::size_t i = 0; i < c.size(); ++i) {
          ASSERT_EQ(c.array_index[i], i);  // t * indegree + k, and output is in that order
        }
        // Free side: out-degree mean is implied; its spread is binomial:
        // Binomial(n_t k, 1/n_s) with multapses, Binomial(n_t, k/n_s) without.
        const double n_s = pop.sources.size() - (same_pop && !v.autapses ? 1.0 : 0.0);
        const double n_t = pop.targets.size();
        EXPECT_DOUBLE_EQ(mean(s.outdegree), 25.0 * n_t / pop.sources.size()) << what;
        const double expected_std = v.multapses
                                        ? std::sqrt(n_t * 25 * (1 / n_s) * (1 - 1 / n_s))
                                        : std::sqrt(n_t * (25 / n_s) * (1 - 25 / n_s));
        EXPECT_NEAR(stddev(s.outdegree), expected_std, 0.25 * expected_std) << what;
      }
    }
  }
}

TEST(ConnectRules, FixedOutdegreeInvariants) {
  for (const Variant& v : kVariants) {
    for (bool same_pop : {false, true}) {
      for (std::uint64_t seed : kSeeds) {
        const Populations pop = same_pop ? same() : distinct();
        ConnSpec spec = spec_of(Rule::fixed_outdegree, v.autapses, v.multapses);
        spec.outdegree = 30;
        const auto c = generate(spec, pop, seed);
        expect_well_formed(c, pop);
        const Stats s = stats(c, pop);
        const std::string what = label(v, same_pop) + " seed " + std::to_string(seed);
        EXPECT_EQ(s.total, 30 * pop.sources.size()) << what;
        for (double d : s.outdegree) ASSERT_EQ(d, 30.0) << what;
        if (!v.autapses) {
          EXPECT_EQ(s.autapses, 0u) << what;
        }
        if (!v.multapses) {
          EXPECT_EQ(s.multapse_extra, 0u) << what;
        }
        if (v.multapses) {
          EXPECT_GT(s.multapse_extra, 100u) << what;
        }
        // array_index = s * outdegree + k: a permutation of 0 .. total-1 whose
        // source part matches source_index; within a target, creation order.
        std::vector<std::uint64_t> sorted = c.array_index;
        std::sort(sorted.begin(), sorted.end());
        for (std::size_t i = 0; i < sorted.size(); ++i) ASSERT_EQ(sorted[i], i);
        for (std::size_t i = 0; i < c.size(); ++i) {
          ASSERT_EQ(c.array_index[i] / 30, c.source_index[i]);
          if (i > 0 && c.target_index[i] == c.target_index[i - 1]) {
            ASSERT_LT(c.array_index[i - 1], c.array_index[i]);
          }
        }
        const double n_t = pop.targets.size() - (same_pop && !v.autapses ? 1.0 : 0.0);
        const double n_s = pop.sources.size();
        EXPECT_DOUBLE_EQ(mean(s.indegree), 30.0 * n_s / pop.targets.size()) << what;
        const double expected_std = v.multapses
                                        ? std::sqrt(n_s * 30 * (1 / n_t) * (1 - 1 / n_t))
                                        : std::sqrt(n_s * (30 / n_t) * (1 - 30 / n_t));
        EXPECT_NEAR(stddev(s.indegree), expected_std, 0.25 * expected_std) << what;
      }
    }
  }
}

TEST(ConnectRules, FixedTotalNumberInvariants) {
  for (const Variant& v : kVariants) {
    if (!v.multapses) continue;  // refused, see the error test
    for (bool same_pop : {false, true}) {
      for (std::uint64_t seed : kSeeds) {
        const Populations pop = same_pop ? same() : distinct();
        ConnSpec spec = spec_of(Rule::fixed_total_number, v.autapses, v.multapses);
        spec.total = 3000;
        const auto c = generate(spec, pop, seed);
        expect_well_formed(c, pop);
        const Stats s = stats(c, pop);
        const std::string what = label(v, same_pop) + " seed " + std::to_string(seed);
        EXPECT_EQ(s.total, 3000u) << what;
        if (!v.autapses) {
          EXPECT_EQ(s.autapses, 0u) << what;
        }
        if (same_pop && v.autapses) {  // NEST: 21 .. 25
          EXPECT_GT(s.autapses, 5u) << what;
        }
        for (std::size_t i = 0; i < c.size(); ++i) ASSERT_EQ(c.array_index[i], i);
        // Degrees ~ Binomial(N, 1/n): NEST's stds are 4.2 .. 4.8 and 3.9 .. 5.3.
        const double n_t = pop.targets.size(), n_s = pop.sources.size();
        EXPECT_DOUBLE_EQ(mean(s.indegree), 3000 / n_t);
        EXPECT_DOUBLE_EQ(mean(s.outdegree), 3000 / n_s);
        const double std_in = std::sqrt(3000 / n_t * (1 - 1 / n_t));
        const double std_out = std::sqrt(3000 / n_s * (1 - 1 / n_s));
        EXPECT_NEAR(stddev(s.indegree), std_in, 0.25 * std_in) << what;
        EXPECT_NEAR(stddev(s.outdegree), std_out, 0.25 * std_out) << what;
      }
    }
  }
}

TEST(ConnectRules, PairwiseBernoulliInvariants) {
  for (const Variant& v : kVariants) {
    for (bool same_pop : {false, true}) {
      for (std::uint64_t seed : kSeeds) {
        const Populations pop = same_pop ? same() : distinct();
        ConnSpec spec = spec_of(Rule::pairwise_bernoulli, v.autapses, v.multapses);
        spec.p = 0.1;
        const auto c = generate(spec, pop, seed);
        expect_well_formed(c, pop);
        const Stats s = stats(c, pop);
        const std::string what = label(v, same_pop) + " seed " + std::to_string(seed);
        const double pairs = static_cast<double>(pop.sources.size()) * pop.targets.size() -
                             (same_pop && !v.autapses ? 120.0 : 0.0);
        EXPECT_NEAR(static_cast<double>(s.total), pairs * 0.1, 5 * std::sqrt(pairs * 0.1 * 0.9))
            << what;
        EXPECT_EQ(s.multapse_extra, 0u) << what;
        if (!v.autapses) {
          EXPECT_EQ(s.autapses, 0u) << what;
        }
        for (std::size_t i = 0; i < c.size(); ++i) {
          ASSERT_EQ(c.array_index[i], i);
          if (i > 0 && c.target_index[i] == c.target_index[i - 1]) {
            ASSERT_LT(c.source_index[i - 1], c.source_index[i]);
          }
        }
      }
    }
  }
}

TEST(ConnectRules, PairwiseBernoulliLargeTotalAndExtremes) {
  // 2000 x 1000 pairs at p = 0.013: total within 5 sigma of n p.
  const Populations pop = {gids(1, 2000), gids(5001, 1000)};
  ConnSpec spec = spec_of(Rule::pairwise_bernoulli, true, true);
  spec.p = 0.013;
  const double n = 2.0e6;
  const auto c = generate(spec, pop, 77, 3);
  EXPECT_NEAR(static_cast<double>(c.size()), n * 0.013, 5 * std::sqrt(n * 0.013 * 0.987));
  // Per-target counts ~ Binomial(2000, p): spread check.
  const Stats s = stats(c, pop);
  const double std_in = std::sqrt(2000 * 0.013 * 0.987);
  EXPECT_NEAR(stddev(s.indegree), std_in, 0.15 * std_in);

  spec.p = 0.0;
  EXPECT_EQ(generate(spec, pop, 77).size(), 0u);
  spec.p = 1.0;
  const Populations small = same();
  spec.allow_autapses = false;
  EXPECT_EQ(generate(spec, small, 77).size(), 14280u);
}

// --- Sampling without replacement near and at the population size ---------

TEST(ConnectRules, FixedIndegreeWithoutMultapsesUpToFullPopulation) {
  const Populations pop = same();
  for (std::int64_t k : {1, 59, 60, 61, 100, 118, 119}) {
    ConnSpec spec = spec_of(Rule::fixed_indegree, false, false);
    spec.indegree = k;
    const auto c = generate(spec, pop, 5);
    const Stats s = stats(c, pop);
    EXPECT_EQ(s.total, static_cast<std::uint64_t>(k) * 120);
    EXPECT_EQ(s.autapses, 0u) << k;
    EXPECT_EQ(s.multapse_extra, 0u) << k;
  }
  // indegree == n_sources with distinct populations: every source exactly once.
  ConnSpec spec = spec_of(Rule::fixed_indegree, false, false);
  spec.indegree = 200;
  const auto c = generate(spec, distinct(), 5);
  const Stats s = stats(c, distinct());
  EXPECT_EQ(s.multapse_extra, 0u);
  for (double d : s.outdegree) ASSERT_EQ(d, 150.0);
}

TEST(ConnectRules, FixedTotalNumberSkipsTargetsWithoutAdmissibleSources) {
  // Source 5 may not connect to itself: all N go to target 6.
  ConnSpec spec = spec_of(Rule::fixed_total_number, false, true);
  spec.total = 40;
  const auto c = generate_connections(spec, std::vector<std::uint64_t>{5},
                                      std::vector<std::uint64_t>{5, 6}, 3, 1, 1);
  ASSERT_EQ(c.size(), 40u);
  for (std::size_t i = 0; i < c.size(); ++i) {
    EXPECT_EQ(c.source_index[i], 0u);
    EXPECT_EQ(c.target_index[i], 1u);
  }
}

// --- Reproducibility ------------------------------------------------------

std::vector<std::pair<ConnSpec, Populations>> all_rule_cases() {
  std::vector<std::pair<ConnSpec, Populations>> cases;
  const Populations big = {gids(1, 700), gids(301, 900)};  // overlapping
  for (const Variant& v : kVariants) {
    ConnSpec s = spec_of(Rule::all_to_all, v.autapses, v.multapses);
    cases.push_back({s, same()});
    s = spec_of(Rule::one_to_one, v.autapses, v.multapses);
    cases.push_back({s, same()});
    s = spec_of(Rule::fixed_indegree, v.autapses, v.multapses);
    s.indegree = 40;
    cases.push_back({s, big});
    s.indegree = 500;
    cases.push_back({s, big});
    s = spec_of(Rule::fixed_outdegree, v.autapses, v.multapses);
    s.outdegree = 40;
    cases.push_back({s, big});
    s.outdegree = 800;
    cases.push_back({s, big});
    if (v.multapses) {
      s = spec_of(Rule::fixed_total_number, v.autapses, v.multapses);
      s.total = 12345;
      cases.push_back({s, big});
    }
    s = spec_of(Rule::pairwise_bernoulli, v.autapses, v.multapses);
    s.p = 0.05;
    cases.push_back({s, big});
  }
  return cases;
}

TEST(ConnectRules, IdenticalForEveryThreadCount) {
  for (const auto& [spec, pop] : all_rule_cases()) {
    const auto one = generate(spec, pop, 42, 1);
    for (int threads : {2, 3, 4, 0}) {
      SCOPED_TRACE(std::string(rule_name(spec.rule)) + " threads " + std::to_string(threads));
      expect_same(one, generate(spec, pop, 42, threads));
    }
  }
}

TEST(ConnectRules, SeedAndProjectionSelectTheDraws) {
  ConnSpec spec = spec_of(Rule::fixed_indegree, true, true);
  spec.indegree = 10;
  const auto a = generate(spec, distinct(), 1, 1, 7);
  expect_same(a, generate(spec, distinct(), 1, 2, 7));
  EXPECT_NE(a.source_index, generate(spec, distinct(), 2, 1, 7).source_index);
  EXPECT_NE(a.source_index, generate(spec, distinct(), 1, 1, 8).source_index);
}

// A rank that owns only some targets and generates only for them gets exactly the
// connections of the full generation restricted to those targets (per-target
// rules). Here "rank 1 of 3" owns every third target.
TEST(ConnectRules, TargetSubsetReproducesFullGeneration) {
  const Populations pop = {gids(1, 400), gids(101, 500)};
  std::vector<std::uint64_t> mine;
  for (std::size_t t = 1; t < pop.targets.size(); t += 3) mine.push_back(pop.targets[t]);

  std::vector<ConnSpec> specs;
  for (const Variant& v : kVariants) {
    ConnSpec s = spec_of(Rule::fixed_indegree, v.autapses, v.multapses);
    s.indegree = 37;
    specs.push_back(s);
    s = spec_of(Rule::pairwise_bernoulli, v.autapses, v.multapses);
    s.p = 0.07;
    specs.push_back(s);
    s = spec_of(Rule::all_to_all, v.autapses, v.multapses);
    specs.push_back(s);
  }
  for (const ConnSpec& spec : specs) {
    SCOPED_TRACE(rule_name(spec.rule));
    const auto full = generate_connections(spec, pop.sources, pop.targets, 9, 3, 2);
    const auto part = generate_connections(spec, pop.sources, mine, 9, 3, 1);
    std::vector<std::pair<std::uint64_t, std::uint64_t>> expected, got;
    for (std::size_t i = 0; i < full.size(); ++i) {
      const std::uint64_t tgid = pop.targets[full.target_index[i]];
      if ((tgid - 101) % 3 == 1) expected.push_back({pop.sources[full.source_index[i]], tgid});
    }
    for (std::size_t i = 0; i < part.size(); ++i) {
      got.push_back({pop.sources[part.source_index[i]], mine[part.target_index[i]]});
    }
    EXPECT_EQ(got, expected);
  }
}

// keep_target: R ranks, each keeping the targets of its contiguous block, together
// generate exactly the full set, in the same order within a target and with the
// same array positions (all rules; the ranks' parts concatenated in rank order
// are the full generation, since outputs are grouped by target index).
TEST(ConnectRules, RankBlocksTogetherGiveTheFullGeneration) {
  for (const auto& [spec, pop] : all_rule_cases()) {
    const auto full = generate(spec, pop, 42, 2);
    for (std::size_t ranks : {2u, 3u}) {
      SCOPED_TRACE(std::string(rule_name(spec.rule)) + " ranks " + std::to_string(ranks));
      GeneratedConnections joined;
      const std::size_t n = pop.targets.size();
      for (std::size_t r = 0; r < ranks; ++r) {
        std::vector<std::uint8_t> keep(n, 0);
        for (std::size_t t = n * r / ranks; t < n * (r + 1) / ranks; ++t) keep[t] = 1;
        const auto part = generate_connections(spec, pop.sources, pop.targets, 42, 1, 1, keep);
        for (std::size_t i = 0; i < part.size(); ++i) EXPECT_TRUE(keep[part.target_index[i]]);
        joined.source_index.insert(joined.source_index.end(), part.source_index.begin(), part.source_index.end());
        joined.target_index.insert(joined.target_index.end(), part.target_index.begin(), part.target_index.end());
        joined.array_index.insert(joined.array_index.end(), part.array_index.begin(), part.array_index.end());
      }
      EXPECT_EQ(joined.source_index, full.source_index);
      EXPECT_EQ(joined.target_index, full.target_index);
      if (spec.rule != Rule::pairwise_bernoulli) EXPECT_EQ(joined.array_index, full.array_index);
    }
  }
}

// --- Errors ---------------------------------------------------------------

using roost::testing::expect_error;

TEST(ConnectRules, RuleNames) {
  for (Rule r : {Rule::all_to_all, Rule::one_to_one, Rule::fixed_indegree, Rule::fixed_outdegree,
                 Rule::fixed_total_number, Rule::pairwise_bernoulli}) {
    EXPECT_EQ(rule_from_name(rule_name(r)), r);
  }
  EXPECT_EQ(rule_from_name("pairwise_bernoulli"), Rule::pairwise_bernoulli);
  expect_error([] { rule_from_name("fixed_in_degree"); }, ErrorKind::IllegalConnection,
               {"fixed_in_degree"});
  expect_error([] { rule_from_name(""); }, ErrorKind::IllegalConnection, {"Unknown"});
}

TEST(ConnectRules, ErrorCases) {
  const Populations d = distinct();
  const ErrorKind bad = ErrorKind::BadProperty;
  auto gen = [](const ConnSpec& spec, const Populations& pop) {
    (void)generate_connections(spec, pop.sources, pop.targets, 1, 1, 1);
  };

  expect_error([&] { gen(spec_of(Rule::one_to_one, true, true), d); },
               ErrorKind::IllegalConnection, {"one_to_one", "same size"});

  ConnSpec in = spec_of(Rule::fixed_indegree, true, true);
  expect_error([&] { gen(in, d); }, bad, {"fixed_indegree", "indegree"});  // missing
  in.indegree = -1;
  expect_error([&] { gen(in, d); }, bad, {"fixed_indegree", "indegree"});
  in.indegree = -5;
  expect_error([&] { gen(in, d); }, bad, {"fixed_indegree", "negative"});
  in.indegree = 201;
  in.allow_multapses = false;
  expect_error([&] { gen(in, d); }, bad, {"fixed_indegree", "indegree=201", "200"});
  in.indegree = 120;  // == n_sources, but each target excludes itself
  in.allow_autapses = false;
  expect_error([&] { gen(in, same()); }, bad, {"fixed_indegree", "admissible"});
  in.indegree = 1;
  in.allow_multapses = true;
  expect_error([&] { gen(in, {{5}, {5}}); }, bad, {"fixed_indegree", "node 5"});
  expect_error([&] { gen(in, {{}, {5}}); }, bad, {"fixed_indegree", "empty"});

  ConnSpec out = spec_of(Rule::fixed_outdegree, true, false);
  expect_error([&] { gen(out, d); }, bad, {"fixed_outdegree", "outdegree"});
  out.outdegree = -2;
  expect_error([&] { gen(out, d); }, bad, {"fixed_outdegree", "negative"});
  out.outdegree = 151;
  expect_error([&] { gen(out, d); }, bad, {"fixed_outdegree", "outdegree=151", "150"});
  out.outdegree = 120;
  out.allow_autapses = false;
  expect_error([&] { gen(out, same()); }, bad, {"fixed_outdegree", "admissible"});

  ConnSpec tot = spec_of(Rule::fixed_total_number, true, true);
  expect_error([&] { gen(tot, d); }, bad, {"fixed_total_number", "N"});
  tot.total = -1000;
  expect_error([&] { gen(tot, d); }, bad, {"fixed_total_number", "negative"});
  tot.total = 3000;
  tot.allow_multapses = false;
  expect_error([&] { gen(tot, d); }, ErrorKind::IllegalConnection,
               {"NotImplemented", "multapses", "FixedTotalNumber"});
  tot.allow_multapses = true;
  tot.allow_autapses = false;
  expect_error([&] { gen(tot, {{5}, {5}}); }, bad, {"fixed_total_number", "admissible"});

  ConnSpec pb = spec_of(Rule::pairwise_bernoulli, true, true);
  expect_error([&] { gen(pb, d); }, bad, {"pairwise_bernoulli", "'p'"});
  pb.p = 1.5;
  expect_error([&] { gen(pb, d); }, bad, {"pairwise_bernoulli", "0 <= p <= 1"});
  pb.p = -0.1;
  expect_error([&] { gen(pb, d); }, bad, {"pairwise_bernoulli", "0 <= p <= 1"});

  // Node ids must be ascending and unique.
  expect_error([&] { gen(spec_of(Rule::all_to_all, true, true), {{3, 2}, {1}}); },
               ErrorKind::KernelException, {"ascending"});
  expect_error([&] { gen(spec_of(Rule::all_to_all, true, true), {{1}, {4, 4}}); },
               ErrorKind::KernelException, {"ascending"});
}

TEST(ConnectRules, ZeroDegreesAndEmptyPopulations) {
  ConnSpec in = spec_of(Rule::fixed_indegree, false, false);
  in.indegree = 0;
  EXPECT_EQ(generate(in, distinct(), 1).size(), 0u);
  ConnSpec tot = spec_of(Rule::fixed_total_number, true, true);
  tot.total = 0;
  EXPECT_EQ(generate(tot, distinct(), 1).size(), 0u);
  EXPECT_EQ(generate(spec_of(Rule::all_to_all, true, true), {{}, {1, 2}}, 1).size(), 0u);
}

TEST(ConnectRules, ParameterArrayLength) {
  ConnSpec s = spec_of(Rule::fixed_indegree, true, true);
  s.indegree = 25;
  EXPECT_EQ(parameter_array_length(s, 200, 150), 3750u);
  s = spec_of(Rule::fixed_outdegree, true, true);
  s.outdegree = 30;
  EXPECT_EQ(parameter_array_length(s, 200, 150), 6000u);
  EXPECT_EQ(parameter_array_length(spec_of(Rule::all_to_all, true, true), 200, 150), 30000u);
  EXPECT_EQ(parameter_array_length(spec_of(Rule::one_to_one, true, true), 200, 200), 200u);
  s = spec_of(Rule::fixed_total_number, true, true);
  s.total = 3000;
  EXPECT_EQ(parameter_array_length(s, 200, 150), 3000u);
  EXPECT_FALSE(parameter_array_length(spec_of(Rule::pairwise_bernoulli, true, true), 2, 2));
}

}  // namespace
}  // namespace roost
