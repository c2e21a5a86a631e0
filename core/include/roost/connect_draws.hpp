// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// The random draws of the connection rules, per target (or per source for
// fixed_outdegree), written once for the host (connect_rules.cpp, OpenMP) and
// the device (the CUDA backend, Thrust): header-only, allocation-free,
// exception-free, ROOST_HD. Each function draws from the node's own keyed
// stream (see connect_rules.hpp), so where it runs does not change the result.
// The rules' bookkeeping (counts, offsets, validation, sorting) stays in
// connect_rules.cpp; sampling without replacement needs scratch memory and
// runs on the host only.

#include <cstdint>

#include "roost/hd.hpp"
#include "roost/rng.hpp"

namespace roost::draws {

inline constexpr std::uint64_t kNoPosition = ~std::uint64_t{0};

// Position of gid in the ascending array ids[0 .. n), or kNoPosition.
ROOST_HD inline std::uint64_t position_of(const std::uint64_t* ids, std::uint64_t n, std::uint64_t gid) {
  std::uint64_t lo = 0, hi = n;
  while (lo < hi) {
    const std::uint64_t mid = lo + (hi - lo) / 2;
    if (ids[mid] < gid) {
      lo = mid + 1;
    } else {
      hi = mid;
    }
  }
  return lo < n && ids[lo] == gid ? lo : kNoPosition;
}

// Admissible partners of a node: all n except the node itself (at `self`,
// kNoPosition if absent or autapses allowed). Maps the a-th admissible
// partner to its position.
struct Admissible {
  std::uint64_t count;
  std::uint64_t self;
  ROOST_HD std::uint64_t position(std::uint64_t a) const { return a >= self ? a + 1 : a; }
};

ROOST_HD inline Admissible admissible(const std::uint64_t* partners, std::uint64_t n, std::uint64_t gid,
                                      bool allow_autapses) {
  if (allow_autapses) return {n, kNoPosition};
  const std::uint64_t self = position_of(partners, n, gid);
  return {self == kNoPosition ? n : n - 1, self};
}

// k draws with replacement from [0, n): emit(j, value) for j = 0 .. k-1.
template <class Emit>
ROOST_HD void sample_with_replacement(RandomStream& rng, std::uint64_t n, std::uint64_t k, Emit&& emit) {
  for (std::uint64_t j = 0; j < k; ++j) emit(j, rng.uniform_int(n));
}

// Bernoulli(p) trials over indices 0 .. n-1, in increasing order, by geometric
// skipping: the gap before the next success is floor(log U / log(1-p)), which
// gives every index an independent success with probability p.
template <class Emit>
ROOST_HD void bernoulli_trials(RandomStream& rng, std::uint64_t n, double p, Emit&& emit) {
  if (n == 0 || p <= 0.0) return;
  if (p >= 1.0) {
    for (std::uint64_t a = 0; a < n; ++a) emit(a);
    return;
  }
  const double log_q = ::log1p(-p);
  const double end = static_cast<double>(n);
  double position = -1.0;
  for (;;) {
    position += ::floor(::log(rng.uniform_open()) / log_q) + 1.0;
    if (position >= end) return;
    emit(static_cast<std::uint64_t>(position));
  }
}

// One Connect call as raw views (host or device memory): the populations, the
// keys of the streams and where connections go. Trivially copyable.
struct RuleView {
  const std::uint64_t* sources = nullptr;
  std::uint64_t n_sources = 0;
  const std::uint64_t* targets = nullptr;
  std::uint64_t n_targets = 0;
  std::uint64_t seed = 0;
  std::uint64_t projection = 0;
  bool allow_autapses = true;
  std::uint32_t* source_index = nullptr;  // outputs, indexed by position
  std::uint32_t* target_index = nullptr;
  std::uint64_t* array_index = nullptr;
};

// fixed_indegree with multapses (k draws) and fixed_total_number (`count`
// draws, always with multapses) for target t: its sources, written from
// position `base`; array positions from `array_base`.
ROOST_HD inline void sources_with_replacement(const RuleView& v, std::uint64_t t, std::uint64_t count,
                                              std::uint64_t base, std::uint64_t array_base) {
  RandomStream rng(v.seed, RngPurpose::ConnectSources, v.projection, v.targets[t]);
  const Admissible adm = admissible(v.sources, v.n_sources, v.targets[t], v.allow_autapses);
  sample_with_replacement(rng, adm.count, count, [&](std::uint64_t j, std::uint64_t a) {
    v.source_index[base + j] = static_cast<std::uint32_t>(adm.position(a));
    v.target_index[base + j] = static_cast<std::uint32_t>(t);
    v.array_index[base + j] = array_base + j;
  });
}

// The connections of each pair: one with probability p (pairwise_bernoulli),
// or Poisson(p) of them (pairwise_poisson, mean p, exp_minus_p = exp(-p)), over
// indices 0 .. n-1 in increasing order.
template <class Emit>
ROOST_HD void pair_draws(RandomStream& rng, std::uint64_t n, double p, bool poisson, double exp_minus_p,
                         Emit&& emit) {
  if (!poisson) {
    bernoulli_trials(rng, n, p, emit);
    return;
  }
  if (!(p > 0.0)) return;
  for (std::uint64_t a = 0; a < n; ++a) {
    for (std::uint64_t k = rng.poisson(p, exp_minus_p); k > 0; --k) emit(a);
  }
}

// pairwise_bernoulli / pairwise_poisson for target t: pass 1 counts, pass 2
// writes from `base` (array positions are the output positions: the rules take
// no arrays).
ROOST_HD inline std::uint64_t bernoulli_count(const RuleView& v, std::uint64_t t, double p, bool poisson = false,
                                              double exp_minus_p = 0.0) {
  RandomStream rng(v.seed, RngPurpose::ConnectSources, v.projection, v.targets[t]);
  const Admissible adm = admissible(v.sources, v.n_sources, v.targets[t], v.allow_autapses);
  std::uint64_t count = 0;
  pair_draws(rng, adm.count, p, poisson, exp_minus_p, [&](std::uint64_t) { ++count; });
  return count;
}

ROOST_HD inline void bernoulli_sources(const RuleView& v, std::uint64_t t, double p, std::uint64_t base,
                                       bool poisson = false, double exp_minus_p = 0.0) {
  RandomStream rng(v.seed, RngPurpose::ConnectSources, v.projection, v.targets[t]);
  const Admissible adm = admissible(v.sources, v.n_sources, v.targets[t], v.allow_autapses);
  std::uint64_t pos = base;
  pair_draws(rng, adm.count, p, poisson, exp_minus_p, [&](std::uint64_t a) {
    v.source_index[pos] = static_cast<std::uint32_t>(adm.position(a));
    v.target_index[pos] = static_cast<std::uint32_t>(t);
    v.array_index[pos] = pos;
    ++pos;
  });
}

// fixed_outdegree with multapses, source s: its k targets into drawn[s*k + j].
ROOST_HD inline void targets_with_replacement(const RuleView& v, std::uint64_t s, std::uint64_t k,
                                              std::uint32_t* drawn) {
  RandomStream rng(v.seed, RngPurpose::ConnectTargets, v.projection, v.sources[s]);
  const Admissible adm = admissible(v.targets, v.n_targets, v.sources[s], v.allow_autapses);
  sample_with_replacement(rng, adm.count, k, [&](std::uint64_t j, std::uint64_t a) {
    drawn[s * k + j] = static_cast<std::uint32_t>(adm.position(a));
  });
}

}  // namespace roost::draws
