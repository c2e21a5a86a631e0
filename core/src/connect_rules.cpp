// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/connect_rules.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>

#include "roost/error.hpp"
#include "roost/rng.hpp"

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace roost {

namespace {

constexpr std::uint64_t kNoPosition = ~std::uint64_t{0};

struct RuleName {
  std::string_view name;
  Rule rule;
};

constexpr RuleName kRuleNames[] = {
    {"all_to_all", Rule::all_to_all},
    {"one_to_one", Rule::one_to_one},
    {"fixed_indegree", Rule::fixed_indegree},
    {"fixed_outdegree", Rule::fixed_outdegree},
    {"fixed_total_number", Rule::fixed_total_number},
    {"pairwise_bernoulli", Rule::pairwise_bernoulli},
};

[[noreturn]] void bad_property(const std::string& message) {
  throw Error(ErrorKind::BadProperty, message);
}

std::string to_str(std::uint64_t x) { return std::to_string(x); }

// a * b, or Error(KernelException) if it does not fit 64 bits.
std::uint64_t checked_mul(std::uint64_t a, std::uint64_t b, const char* what) {
  if (a != 0 && b > ~std::uint64_t{0} / a) {
    throw Error(ErrorKind::KernelException, std::string(what) + ": number of connections overflows");
  }
  return a * b;
}

// Position of gid in the ascending span ids, or kNoPosition.
std::uint64_t position_of(std::span<const std::uint64_t> ids, std::uint64_t gid) {
  const auto it = std::lower_bound(ids.begin(), ids.end(), gid);
  if (it == ids.end() || *it != gid) return kNoPosition;
  return static_cast<std::uint64_t>(it - ids.begin());
}

void check_ids(std::span<const std::uint64_t> ids, const char* which) {
  if (ids.size() >= (std::uint64_t{1} << 32)) {
    throw Error(ErrorKind::KernelException,
                std::string("Connect: too many ") + which + " in one call (at most 2^32 - 1)");
  }
  for (std::size_t i = 1; i < ids.size(); ++i) {
    if (!(ids[i - 1] < ids[i])) {
      throw Error(ErrorKind::KernelException,
                  std::string("Connect: ") + which + " must be ascending and unique node ids");
    }
  }
}

int effective_threads(int num_threads) {
#if defined(_OPENMP)
  return num_threads > 0 ? num_threads : omp_get_max_threads();
#else
  (void)num_threads;
  return 1;
#endif
}

// Index sampling from [0, n): with replacement, or without (an ordered sample:
// uniformly random sequence of distinct values). One instance per thread; the
// algorithm depends only on (n, k), never on the thread, so results are
// reproducible.
class IndexSampler {
 public:
  // Calls emit(j, value) for j = 0 .. k-1. Without replacement requires k <= n.
  template <class Emit>
  void sample(RandomStream& rng, std::uint64_t n, std::uint64_t k, bool replace, Emit&& emit) {
    if (replace) {
      for (std::uint64_t j = 0; j < k; ++j) emit(j, rng.uniform_int(n));
    } else if (2 * k <= n) {
      // Rejection of repeats; at most half the range is marked, so on average
      // fewer than two draws per value.
      if (marked_.size() < n) marked_.resize(n, 0);
      chosen_.clear();
      for (std::uint64_t j = 0; j < k; ++j) {
        std::uint64_t v;
        do {
          v = rng.uniform_int(n);
        } while (marked_[v]);
        marked_[v] = 1;
        chosen_.push_back(v);
        emit(j, v);
      }
      for (const std::uint64_t v : chosen_) marked_[v] = 0;
    } else {
      // Partial Fisher-Yates shuffle of 0 .. n-1.
      perm_.resize(n);
      for (std::uint64_t i = 0; i < n; ++i) perm_[i] = i;
      for (std::uint64_t j = 0; j < k; ++j) {
        const std::uint64_t r = j + rng.uniform_int(n - j);
        std::swap(perm_[j], perm_[r]);
        emit(j, perm_[j]);
      }
    }
  }

 private:
  std::vector<std::uint8_t> marked_;
  std::vector<std::uint64_t> chosen_;
  std::vector<std::uint64_t> perm_;
};

// Runs body(i, sampler) for i in [0, n) on up to num_threads OpenMP threads, each
// with its own IndexSampler. The first exception thrown by any iteration is
// rethrown after the loop.
template <class Body>
void parallel_for(std::uint64_t n, int num_threads, Body&& body) {
  const int threads = effective_threads(num_threads);
  std::exception_ptr error;
#if defined(_OPENMP)
#pragma omp parallel num_threads(threads) if (threads > 1 && n > 1)
#endif
  {
    IndexSampler sampler;
#if defined(_OPENMP)
#pragma omp for schedule(dynamic, 16)
#endif
    for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
      try {
        body(static_cast<std::uint64_t>(i), sampler);
      } catch (...) {
#if defined(_OPENMP)
#pragma omp critical(roost_connect_rules_error)
#endif
        if (!error) error = std::current_exception();
      }
    }
  }
  (void)threads;
  if (error) std::rethrow_exception(error);
}

// Bernoulli(p) trials over admissible indices 0 .. n-1, in increasing order, by
// geometric skipping: the gap before the next success is floor(log U / log(1-p)),
// which gives every index an independent success with probability p.
template <class Emit>
void bernoulli_trials(RandomStream& rng, std::uint64_t n, double p, Emit&& emit) {
  if (n == 0 || p <= 0.0) return;
  if (p >= 1.0) {
    for (std::uint64_t a = 0; a < n; ++a) emit(a);
    return;
  }
  const double log_q = std::log1p(-p);
  const double end = static_cast<double>(n);
  double position = -1.0;
  for (;;) {
    position += std::floor(std::log(rng.uniform_open()) / log_q) + 1.0;
    if (position >= end) return;
    emit(static_cast<std::uint64_t>(position));
  }
}

// Which targets a rank generates: all when the mask is empty.
struct Keep {
  std::span<const std::uint8_t> mask;
  bool operator()(std::uint64_t t) const { return mask.empty() || mask[t] != 0; }
};

// Exclusive prefix sum of counts into offsets (size n + 1); returns the total.
std::uint64_t prefix_offsets(const std::vector<std::uint64_t>& counts,
                             std::vector<std::uint64_t>& offsets) {
  offsets.assign(counts.size() + 1, 0);
  for (std::size_t i = 0; i < counts.size(); ++i) offsets[i + 1] = offsets[i] + counts[i];
  return offsets.back();
}

void resize_output(GeneratedConnections& out, std::uint64_t total) {
  out.source_index.resize(total);
  out.target_index.resize(total);
  out.array_index.resize(total);
}

// Admissible partners of a node: all of `n` except the node itself (at `self`,
// kNoPosition if absent) when autapses are excluded. Maps the a-th admissible
// partner to its position.
struct Admissible {
  std::uint64_t count;
  std::uint64_t self;  // kNoPosition: nothing skipped
  std::uint64_t position(std::uint64_t a) const { return a >= self ? a + 1 : a; }
};

Admissible admissible(std::span<const std::uint64_t> partners, std::uint64_t gid,
                      bool allow_autapses) {
  const std::uint64_t n = partners.size();
  if (allow_autapses) return {n, kNoPosition};
  const std::uint64_t self = position_of(partners, gid);
  return {self == kNoPosition ? n : n - 1, self};
}

// fixed_indegree / fixed_outdegree: checks that every node on the drawing side has
// enough admissible partners. `drawing` are the nodes that draw (targets for
// fixed_indegree), `partners` the population drawn from.
void check_degree_feasible(const char* rule, const char* degree_name, std::uint64_t degree,
                           bool allow_autapses, bool allow_multapses,
                           std::span<const std::uint64_t> drawing,
                           std::span<const std::uint64_t> partners, const char* partner_name) {
  if (degree == 0 || allow_autapses) return;  // size checks done in validate_conn_spec
  for (const std::uint64_t gid : drawing) {
    const Admissible adm = admissible(partners, gid, false);
    const std::uint64_t needed = allow_multapses ? 1 : degree;
    if (adm.count < needed) {
      bad_property(std::string(rule) + ": node " + to_str(gid) + " has only " +
                   to_str(adm.count) + " admissible " + partner_name +
                   " with allow_autapses=False" +
                   (allow_multapses ? "" : " and allow_multapses=False") + ", fewer than " +
                   degree_name + "=" + to_str(degree) + " requires");
    }
  }
}

GeneratedConnections connect_all_to_all(const ConnSpec& spec,
                                         std::span<const std::uint64_t> sources,
                                         std::span<const std::uint64_t> targets, int num_threads,
                                         const Keep& keep) {
  const std::uint64_t n_s = sources.size();
  const std::uint64_t n_t = targets.size();
  std::vector<std::uint64_t> counts(n_t);
  for (std::uint64_t t = 0; t < n_t; ++t) {
    counts[t] = keep(t) ? admissible(sources, targets[t], spec.allow_autapses).count : 0;
  }
  std::vector<std::uint64_t> offsets;
  GeneratedConnections out;
  resize_output(out, prefix_offsets(counts, offsets));
  parallel_for(n_t, num_threads, [&](std::uint64_t t, IndexSampler&) {
    if (!keep(t)) return;
    const std::uint64_t self =
        spec.allow_autapses ? kNoPosition : position_of(sources, targets[t]);
    std::uint64_t pos = offsets[t];
    for (std::uint64_t s = 0; s < n_s; ++s) {
      if (s == self) continue;
      out.source_index[pos] = static_cast<std::uint32_t>(s);
      out.target_index[pos] = static_cast<std::uint32_t>(t);
      out.array_index[pos] = t * n_s + s;
      ++pos;
    }
  });
  return out;
}

GeneratedConnections connect_one_to_one(const ConnSpec& spec,
                                         std::span<const std::uint64_t> sources,
                                         std::span<const std::uint64_t> targets, const Keep& keep) {
  GeneratedConnections out;
  const std::uint64_t n = targets.size();
  out.source_index.reserve(n);
  out.target_index.reserve(n);
  out.array_index.reserve(n);
  for (std::uint64_t i = 0; i < n; ++i) {
    if (!keep(i) || (!spec.allow_autapses && sources[i] == targets[i])) continue;
    out.source_index.push_back(static_cast<std::uint32_t>(i));
    out.target_index.push_back(static_cast<std::uint32_t>(i));
    out.array_index.push_back(i);
  }
  return out;
}

GeneratedConnections connect_fixed_indegree(const ConnSpec& spec,
                                            std::span<const std::uint64_t> sources,
                                            std::span<const std::uint64_t> targets,
                                            std::uint64_t seed, std::uint64_t projection_id,
                                            int num_threads, const Keep& keep) {
  const auto k = static_cast<std::uint64_t>(spec.indegree);
  check_degree_feasible("fixed_indegree", "indegree", k, spec.allow_autapses,
                        spec.allow_multapses, targets, sources, "sources");
  const std::uint64_t n_t = targets.size();
  checked_mul(n_t, k, "fixed_indegree");
  std::vector<std::uint64_t> counts(n_t), offsets;
  for (std::uint64_t t = 0; t < n_t; ++t) counts[t] = keep(t) ? k : 0;
  GeneratedConnections out;
  resize_output(out, prefix_offsets(counts, offsets));
  parallel_for(n_t, num_threads, [&](std::uint64_t t, IndexSampler& sampler) {
    if (!keep(t)) return;
    RandomStream rng(seed, RngPurpose::ConnectSources, projection_id, targets[t]);
    const Admissible adm = admissible(sources, targets[t], spec.allow_autapses);
    const std::uint64_t base = offsets[t];
    sampler.sample(rng, adm.count, k, spec.allow_multapses, [&](std::uint64_t j, std::uint64_t a) {
      out.source_index[base + j] = static_cast<std::uint32_t>(adm.position(a));
      out.target_index[base + j] = static_cast<std::uint32_t>(t);
      out.array_index[base + j] = t * k + j;
    });
  });
  return out;
}

GeneratedConnections connect_fixed_outdegree(const ConnSpec& spec,
                                             std::span<const std::uint64_t> sources,
                                             std::span<const std::uint64_t> targets,
                                             std::uint64_t seed, std::uint64_t projection_id,
                                             int num_threads, const Keep& keep) {
  const auto k = static_cast<std::uint64_t>(spec.outdegree);
  check_degree_feasible("fixed_outdegree", "outdegree", k, spec.allow_autapses,
                        spec.allow_multapses, sources, targets, "targets");
  const std::uint64_t n_s = sources.size();
  const std::uint64_t n_t = targets.size();
  const std::uint64_t total = checked_mul(n_s, k, "fixed_outdegree");

  // 1. Each source draws its k targets from its own stream: drawn[s * k + j].
  std::vector<std::uint32_t> drawn(total);
  parallel_for(n_s, num_threads, [&](std::uint64_t s, IndexSampler& sampler) {
    RandomStream rng(seed, RngPurpose::ConnectTargets, projection_id, sources[s]);
    const Admissible adm = admissible(targets, sources[s], spec.allow_autapses);
    sampler.sample(rng, adm.count, k, spec.allow_multapses, [&](std::uint64_t j, std::uint64_t a) {
      drawn[s * k + j] = static_cast<std::uint32_t>(adm.position(a));
    });
  });

  // 2. Stable counting sort by target: within a target, connections keep the
  // (source, draw) order. A rank keeps only the connections onto its targets.
  std::vector<std::uint64_t> counts(n_t, 0);
  for (const std::uint32_t t : drawn) counts[t] += keep(t) ? 1 : 0;
  std::vector<std::uint64_t> next;
  GeneratedConnections out;
  resize_output(out, prefix_offsets(counts, next));
  for (std::uint64_t e = 0; e < total; ++e) {
    const std::uint32_t t = drawn[e];
    if (!keep(t)) continue;
    const std::uint64_t pos = next[t]++;
    out.source_index[pos] = static_cast<std::uint32_t>(e / k);
    out.target_index[pos] = t;
    out.array_index[pos] = e;
  }
  return out;
}

GeneratedConnections connect_fixed_total_number(const ConnSpec& spec,
                                                std::span<const std::uint64_t> sources,
                                                std::span<const std::uint64_t> targets,
                                                std::uint64_t seed, std::uint64_t projection_id,
                                                int num_threads, const Keep& keep) {
  const auto total = static_cast<std::uint64_t>(spec.total);
  const std::uint64_t n_t = targets.size();

  // Weight of a target = number of its admissible sources, so that the N
  // connections are N independent uniform draws from all admissible
  // (source, target) pairs.
  std::vector<std::uint64_t> weight(n_t);
  std::uint64_t weight_sum = 0;
  for (std::uint64_t t = 0; t < n_t; ++t) {
    weight[t] = admissible(sources, targets[t], spec.allow_autapses).count;
    weight_sum += weight[t];
  }
  if (total > 0 && weight_sum == 0) {
    bad_property("fixed_total_number: N=" + to_str(total) +
                 " connections requested, but there is no admissible (source, target) pair");
  }

  // Multinomial split of N over targets by conditional binomials, in target
  // order, from the projection's ConnectCount stream.
  std::vector<std::uint64_t> counts(n_t, 0);
  RandomStream count_rng(seed, RngPurpose::ConnectCount, projection_id, 0);
  std::uint64_t remaining = total;
  std::uint64_t weight_left = weight_sum;
  for (std::uint64_t t = 0; t < n_t && remaining > 0; ++t) {
    if (weight[t] == 0) continue;
    counts[t] = weight[t] == weight_left
                    ? remaining
                    : count_rng.binomial(remaining, static_cast<double>(weight[t]) /
                                                        static_cast<double>(weight_left));
    remaining -= counts[t];
    weight_left -= weight[t];
  }

  // Positions in the output (kept targets only) and in NEST's array (all targets).
  std::vector<std::uint64_t> kept(n_t), offsets, array_offsets;
  for (std::uint64_t t = 0; t < n_t; ++t) kept[t] = keep(t) ? counts[t] : 0;
  prefix_offsets(counts, array_offsets);
  GeneratedConnections out;
  resize_output(out, prefix_offsets(kept, offsets));
  parallel_for(n_t, num_threads, [&](std::uint64_t t, IndexSampler& sampler) {
    if (kept[t] == 0) return;
    RandomStream rng(seed, RngPurpose::ConnectSources, projection_id, targets[t]);
    const Admissible adm = admissible(sources, targets[t], spec.allow_autapses);
    const std::uint64_t base = offsets[t];
    sampler.sample(rng, adm.count, counts[t], true, [&](std::uint64_t j, std::uint64_t a) {
      out.source_index[base + j] = static_cast<std::uint32_t>(adm.position(a));
      out.target_index[base + j] = static_cast<std::uint32_t>(t);
      out.array_index[base + j] = array_offsets[t] + j;
    });
  });
  return out;
}

GeneratedConnections connect_pairwise_bernoulli(const ConnSpec& spec,
                                                std::span<const std::uint64_t> sources,
                                                std::span<const std::uint64_t> targets,
                                                std::uint64_t seed, std::uint64_t projection_id,
                                                int num_threads, const Keep& keep) {
  const std::uint64_t n_t = targets.size();
  const double p = spec.p;

  // Two passes over the same per-target streams: count, then fill in place.
  std::vector<std::uint64_t> counts(n_t, 0);
  parallel_for(n_t, num_threads, [&](std::uint64_t t, IndexSampler&) {
    if (!keep(t)) return;
    RandomStream rng(seed, RngPurpose::ConnectSources, projection_id, targets[t]);
    const Admissible adm = admissible(sources, targets[t], spec.allow_autapses);
    std::uint64_t c = 0;
    bernoulli_trials(rng, adm.count, p, [&](std::uint64_t) { ++c; });
    counts[t] = c;
  });

  std::vector<std::uint64_t> offsets;
  GeneratedConnections out;
  resize_output(out, prefix_offsets(counts, offsets));
  parallel_for(n_t, num_threads, [&](std::uint64_t t, IndexSampler&) {
    if (!keep(t)) return;
    RandomStream rng(seed, RngPurpose::ConnectSources, projection_id, targets[t]);
    const Admissible adm = admissible(sources, targets[t], spec.allow_autapses);
    std::uint64_t pos = offsets[t];
    bernoulli_trials(rng, adm.count, p, [&](std::uint64_t a) {
      out.source_index[pos] = static_cast<std::uint32_t>(adm.position(a));
      out.target_index[pos] = static_cast<std::uint32_t>(t);
      out.array_index[pos] = pos;
      ++pos;
    });
  });
  return out;
}

// Degree given and non-negative.
std::uint64_t require_count(std::int64_t value, const char* rule, const char* name) {
  if (value == ConnSpec::kUnset) {
    bad_property(std::string(rule) + ": conn_spec requires '" + name + "'");
  }
  if (value < 0) {
    bad_property(std::string(rule) + ": " + name + " cannot be negative, got " + name + "=" +
                 std::to_string(value));
  }
  return static_cast<std::uint64_t>(value);
}

}  // namespace

Rule rule_from_name(std::string_view name) {
  for (const RuleName& r : kRuleNames) {
    if (r.name == name) return r.rule;
  }
  throw Error(ErrorKind::IllegalConnection,
              "Unknown connection rule '" + std::string(name) + "'.");
}

std::string_view rule_name(Rule rule) {
  for (const RuleName& r : kRuleNames) {
    if (r.rule == rule) return r.name;
  }
  throw Error(ErrorKind::KernelException, "rule_name: invalid Rule value");
}

void validate_conn_spec(const ConnSpec& spec, std::uint64_t n_sources, std::uint64_t n_targets) {
  switch (spec.rule) {
    case Rule::all_to_all:
      return;
    case Rule::one_to_one:
      if (n_sources != n_targets) {
        throw Error(ErrorKind::IllegalConnection,
                    "one_to_one: source and target populations must be of the same size, got " +
                        to_str(n_sources) + " sources and " + to_str(n_targets) + " targets");
      }
      return;
    case Rule::fixed_indegree: {
      const std::uint64_t k = require_count(spec.indegree, "fixed_indegree", "indegree");
      if (k > 0 && n_targets > 0 && n_sources == 0) {
        bad_property("fixed_indegree: the source population must not be empty");
      }
      if (!spec.allow_multapses && k > n_sources) {
        bad_property("fixed_indegree: indegree=" + to_str(k) +
                     " cannot be larger than the number of sources (" + to_str(n_sources) +
                     ") with allow_multapses=False");
      }
      return;
    }
    case Rule::fixed_outdegree: {
      const std::uint64_t k = require_count(spec.outdegree, "fixed_outdegree", "outdegree");
      if (k > 0 && n_sources > 0 && n_targets == 0) {
        bad_property("fixed_outdegree: the target population must not be empty");
      }
      if (!spec.allow_multapses && k > n_targets) {
        bad_property("fixed_outdegree: outdegree=" + to_str(k) +
                     " cannot be larger than the number of targets (" + to_str(n_targets) +
                     ") with allow_multapses=False");
      }
      return;
    }
    case Rule::fixed_total_number: {
      const std::uint64_t n = require_count(spec.total, "fixed_total_number", "N");
      if (!spec.allow_multapses) {
        // NEST 3.10 raises NotImplemented here; the binding has no such kind.
        throw Error(ErrorKind::IllegalConnection,
                    "NotImplemented: Connect doesn't support the suppression of multapses in "
                    "the FixedTotalNumber connector.");
      }
      if (n > 0 && (n_sources == 0 || n_targets == 0)) {
        bad_property("fixed_total_number: N=" + to_str(n) +
                     " connections requested between empty populations");
      }
      return;
    }
    case Rule::pairwise_bernoulli:
      if (std::isnan(spec.p)) bad_property("pairwise_bernoulli: conn_spec requires 'p'");
      if (spec.p < 0.0 || spec.p > 1.0) {
        bad_property("pairwise_bernoulli: connection probability 0 <= p <= 1 required, got p=" +
                     std::to_string(spec.p));
      }
      return;
  }
  throw Error(ErrorKind::KernelException, "validate_conn_spec: invalid Rule value");
}

std::optional<std::uint64_t> parameter_array_length(const ConnSpec& spec, std::uint64_t n_sources,
                                                    std::uint64_t n_targets) {
  switch (spec.rule) {
    case Rule::all_to_all: return checked_mul(n_targets, n_sources, "all_to_all");
    case Rule::one_to_one: return n_targets;
    case Rule::fixed_indegree:
      return checked_mul(n_targets, static_cast<std::uint64_t>(spec.indegree), "fixed_indegree");
    case Rule::fixed_outdegree:
      return checked_mul(n_sources, static_cast<std::uint64_t>(spec.outdegree), "fixed_outdegree");
    case Rule::fixed_total_number: return static_cast<std::uint64_t>(spec.total);
    case Rule::pairwise_bernoulli: return std::nullopt;
  }
  return std::nullopt;
}

GeneratedConnections generate_connections(const ConnSpec& spec,
                                          std::span<const std::uint64_t> sources,
                                          std::span<const std::uint64_t> targets,
                                          std::uint64_t seed, std::uint64_t projection_id,
                                          int num_threads, std::span<const std::uint8_t> keep_target) {
  check_ids(sources, "sources");
  check_ids(targets, "targets");
  validate_conn_spec(spec, sources.size(), targets.size());
  if (!keep_target.empty() && keep_target.size() != targets.size()) {
    throw Error(ErrorKind::KernelException, "generate_connections: keep_target must have one entry per target");
  }
  const Keep keep{keep_target};
  switch (spec.rule) {
    case Rule::all_to_all: return connect_all_to_all(spec, sources, targets, num_threads, keep);
    case Rule::one_to_one: return connect_one_to_one(spec, sources, targets, keep);
    case Rule::fixed_indegree:
      return connect_fixed_indegree(spec, sources, targets, seed, projection_id, num_threads, keep);
    case Rule::fixed_outdegree:
      return connect_fixed_outdegree(spec, sources, targets, seed, projection_id, num_threads, keep);
    case Rule::fixed_total_number:
      return connect_fixed_total_number(spec, sources, targets, seed, projection_id, num_threads, keep);
    case Rule::pairwise_bernoulli:
      return connect_pairwise_bernoulli(spec, sources, targets, seed, projection_id, num_threads, keep);
  }
  throw Error(ErrorKind::KernelException, "generate_connections: invalid Rule value");
}

}  // namespace roost
