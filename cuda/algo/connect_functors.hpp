// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Connection construction on the device: thin functors over the draws of
// connect_draws.hpp and the Parameter programs of parameter_program.hpp, the
// same functions the host runs, so the device builds the connections (and
// draws the synapse values) the host would have built.

#include <cstdint>

#include "roost/connect_draws.hpp"
#include "roost/parameter_program.hpp"
#include "roost/rng.hpp"

namespace roost::cuda {

// fixed_indegree / fixed_total_number with multapses, one target per call.
struct SourcesWithReplacementFunctor {
  draws::RuleView view;
  const std::uint64_t* count;
  const std::uint64_t* offset;
  const std::uint64_t* array_offset;
  ROOST_HD void operator()(std::uint64_t t) const {
    if (count[t] > 0) draws::sources_with_replacement(view, t, count[t], offset[t], array_offset[t]);
  }
};

// pairwise_bernoulli, pass 1: connections per kept target.
struct BernoulliCountFunctor {
  draws::RuleView view;
  double p;
  const std::uint8_t* keep;  // nullptr: all targets
  std::uint64_t* count;
  bool poisson;  // pairwise_poisson: Poisson(p) connections per pair
  double exp_minus_p;
  ROOST_HD void operator()(std::uint64_t t) const {
    count[t] = keep == nullptr || keep[t] != 0 ? draws::bernoulli_count(view, t, p, poisson, exp_minus_p) : 0;
  }
};

// pairwise_bernoulli, pass 2: the sources, at the prefix sum of the counts.
struct BernoulliSourcesFunctor {
  draws::RuleView view;
  double p;
  const std::uint64_t* count;
  const std::uint64_t* offset;
  bool poisson;
  double exp_minus_p;
  ROOST_HD void operator()(std::uint64_t t) const {
    if (count[t] > 0) draws::bernoulli_sources(view, t, p, offset[t], poisson, exp_minus_p);
  }
};

// fixed_outdegree with multapses: the targets of one source.
struct TargetsWithReplacementFunctor {
  draws::RuleView view;
  std::uint64_t degree;
  std::uint32_t* drawn;
  ROOST_HD void operator()(std::uint64_t s) const { draws::targets_with_replacement(view, s, degree, drawn); }
};

// One program, possibly absent, as device views.
struct ProgramView {
  const ParameterOp* ops = nullptr;
  int n_ops = 0;
};

// Synapse values of one target group [group_begin[g], group_begin[g+1]): in
// connection order weight, delay, receptor (each if present), from the
// group's own stream, as Kernel::connect draws them on the host. The first
// failure of a group is reported in error[g] (code << 2 | which program).
struct SynapseValuesFunctor {
  const std::uint64_t* group_begin;
  const std::uint32_t* target_index;
  const std::uint64_t* targets;
  std::uint64_t seed;
  std::uint64_t projection;
  ProgramView program[3];  // weight, delay, receptor
  double* out[3];
  std::int64_t* error;
  ROOST_HD void operator()(std::uint64_t g) const {
    const std::uint64_t begin = group_begin[g], end = group_begin[g + 1];
    RandomStream rng(seed, RngPurpose::SynapseParameter, projection, targets[target_index[begin]]);
    error[g] = 0;
    for (std::uint64_t c = begin; c < end; ++c) {
      for (int which = 0; which < 3; ++which) {
        if (program[which].ops == nullptr) continue;
        int code = 0;
        out[which][c] = evaluate_parameter(program[which].ops, program[which].n_ops, rng, &code);
        if (code != 0 && error[g] == 0) error[g] = static_cast<std::int64_t>(code) * 4 + which;
      }
    }
  }
};

struct IsGroupStart {
  const std::uint32_t* target_index;
  ROOST_HD bool operator()(std::uint64_t c) const { return c == 0 || target_index[c] != target_index[c - 1]; }
};

}  // namespace roost::cuda
