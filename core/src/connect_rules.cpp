// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/connect_rules.hpp"
#include "roost/parallel.hpp"

#include <numeric>

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>

#include "roost/connect_draws.hpp"
#include "roost/error.hpp"
#include "roost/rng.hpp"

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace roost {

namespace {

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
    {"pairwise_poisson", Rule::pairwise_poisson},
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

using draws::Admissible;
using draws::kNoPosition;

// Position of gid in the ascending span ids, or kNoPosition.
std::uint64_t position_of(std::span<const std::uint64_t> ids, std::uint64_t gid) {
  return draws::position_of(ids.data(), ids.size(), gid);
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
      draws::sample_with_replacement(rng, n, k, emit);
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

Admissible admissible(std::span<const std::uint64_t> partners, std::uint64_t gid, bool allow_autapses) {
  return draws::admissible(partners.data(), partners.size(), gid, allow_autapses);
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

// fixed_indegree without multapses: distinct sources per target (host sampler).
GeneratedConnections connect_fixed_indegree_distinct(const ConnSpec& spec,
                                                     std::span<const std::uint64_t> sources,
                                                     std::span<const std::uint64_t> targets,
                                                     std::uint64_t seed, std::uint64_t projection_id,
                                                     int num_threads, const Keep& keep) {
  const auto k = static_cast<std::uint64_t>(spec.indegree);
  const std::uint64_t n_t = targets.size();
  std::vector<std::uint64_t> counts(n_t), offsets;
  for (std::uint64_t t = 0; t < n_t; ++t) counts[t] = keep(t) ? k : 0;
  GeneratedConnections out;
  resize_output(out, prefix_offsets(counts, offsets));
  parallel_for(n_t, num_threads, [&](std::uint64_t t, IndexSampler& sampler) {
    if (!keep(t)) return;
    RandomStream rng(seed, RngPurpose::ConnectSources, projection_id, targets[t]);
    const Admissible adm = admissible(sources, targets[t], spec.allow_autapses);
    const std::uint64_t base = offsets[t];
    sampler.sample(rng, adm.count, k, false, [&](std::uint64_t j, std::uint64_t a) {
      out.source_index[base + j] = static_cast<std::uint32_t>(adm.position(a));
      out.target_index[base + j] = static_cast<std::uint32_t>(t);
      out.array_index[base + j] = t * k + j;
    });
  });
  return out;
}

// fixed_outdegree without multapses: distinct targets per source (host sampler).
std::vector<std::uint32_t> draw_outdegree_distinct(const ConnSpec& spec, std::span<const std::uint64_t> sources,
                                                   std::span<const std::uint64_t> targets, std::uint64_t seed,
                                                   std::uint64_t projection_id, int num_threads) {
  const auto k = static_cast<std::uint64_t>(spec.outdegree);
  std::vector<std::uint32_t> drawn(checked_mul(sources.size(), k, "fixed_outdegree"));
  parallel_for(sources.size(), num_threads, [&](std::uint64_t s, IndexSampler& sampler) {
    RandomStream rng(seed, RngPurpose::ConnectTargets, projection_id, sources[s]);
    const Admissible adm = admissible(targets, sources[s], spec.allow_autapses);
    sampler.sample(rng, adm.count, k, false, [&](std::uint64_t j, std::uint64_t a) {
      drawn[s * k + j] = static_cast<std::uint32_t>(adm.position(a));
    });
  });
  return drawn;
}

// fixed_outdegree: the sources' draws (drawn[s*k + j]) as connections grouped
// by target, by a stable counting sort: within a target, connections keep the
// (source, draw) order; a rank keeps only the connections onto its targets.
GeneratedConnections group_by_target(std::uint64_t n_t, std::uint64_t k, const Keep& keep,
                                     std::span<const std::uint32_t> drawn) {
  std::vector<std::uint64_t> counts(n_t, 0);
  for (const std::uint32_t t : drawn) counts[t] += keep(t) ? 1 : 0;
  std::vector<std::uint64_t> next;
  GeneratedConnections out;
  resize_output(out, prefix_offsets(counts, next));
  for (std::uint64_t e = 0; e < drawn.size(); ++e) {
    const std::uint32_t t = drawn[e];
    if (!keep(t)) continue;
    const std::uint64_t pos = next[t]++;
    out.source_index[pos] = static_cast<std::uint32_t>(e / k);
    out.target_index[pos] = t;
    out.array_index[pos] = e;
  }
  return out;
}

// Multinomial split of N connections over the targets (fixed_total_number): the
// weight of a target is its number of admissible sources, so that the N
// connections are N independent uniform draws from all admissible pairs. Done
// on every rank for all targets (O(n_targets)), from the projection's stream.
std::vector<std::uint64_t> split_total_number(const ConnSpec& spec, std::span<const std::uint64_t> sources,
                                              std::span<const std::uint64_t> targets, std::uint64_t seed,
                                              std::uint64_t projection_id) {
  const auto total = static_cast<std::uint64_t>(spec.total);
  const std::uint64_t n_t = targets.size();
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
  return counts;
}

// Runs a plan's draws on this machine's threads.
GeneratedConnections run_plan_on_host(const DrawPlan& plan, int num_threads) {
  const std::uint64_t n_t = plan.view.n_targets;
  GeneratedConnections out;
  draws::RuleView v = plan.view;
  switch (plan.kind) {
    case DrawPlan::Kind::sources_with_replacement: {
      resize_output(out, plan.offset.back());
      v.source_index = out.source_index.data();
      v.target_index = out.target_index.data();
      v.array_index = out.array_index.data();
      parallel_for(n_t, num_threads, [&](std::uint64_t t, IndexSampler&) {
        if (plan.count[t] > 0) draws::sources_with_replacement(v, t, plan.count[t], plan.offset[t], plan.array_offset[t]);
      });
      return out;
    }
    case DrawPlan::Kind::bernoulli: {
      // Two passes over the same per-target streams: count, then fill in place.
      std::vector<std::uint64_t> counts(n_t, 0);
      parallel_for(n_t, num_threads, [&](std::uint64_t t, IndexSampler&) {
        if (plan.keeps(t)) counts[t] = draws::bernoulli_count(v, t, plan.p, plan.poisson, plan.exp_minus_p);
      });
      std::vector<std::uint64_t> offsets;
      resize_output(out, prefix_offsets(counts, offsets));
      v.source_index = out.source_index.data();
      v.target_index = out.target_index.data();
      v.array_index = out.array_index.data();
      parallel_for(n_t, num_threads, [&](std::uint64_t t, IndexSampler&) {
        if (counts[t] > 0) draws::bernoulli_sources(v, t, plan.p, offsets[t], plan.poisson, plan.exp_minus_p);
      });
      return out;
    }
    case DrawPlan::Kind::targets_with_replacement: {
      std::vector<std::uint32_t> drawn(plan.view.n_sources * plan.degree);
      parallel_for(plan.view.n_sources, num_threads, [&](std::uint64_t s, IndexSampler&) {
        draws::targets_with_replacement(v, s, plan.degree, drawn.data());
      });
      return finish_outdegree(plan, drawn);
    }
  }
  throw Error(ErrorKind::KernelException, "run_plan_on_host: invalid plan");
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
    case Rule::pairwise_poisson:  // NEST's PoissonBuilder checks and messages
      if (std::isnan(spec.pairwise_avg_num_conns)) {
        bad_property("pairwise_poisson: conn_spec requires 'pairwise_avg_num_conns'");
      }
      if (!(spec.pairwise_avg_num_conns >= 0.0) || !std::isfinite(spec.pairwise_avg_num_conns)) {
        bad_property("Connection parameter 0 \u2264 pairwise_avg_num_conns required.");
      }
      if (!spec.allow_multapses) bad_property("Multapses must be allowed for this connection rule.");
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
    case Rule::pairwise_bernoulli:
    case Rule::pairwise_poisson: return std::nullopt;
  }
  return std::nullopt;
}

void check_connect_ids(std::span<const std::uint64_t> sources, std::span<const std::uint64_t> targets) {
  check_ids(sources, "sources");
  check_ids(targets, "targets");
}

std::optional<DrawPlan> plan_draws(const ConnSpec& spec, std::span<const std::uint64_t> sources,
                                   std::span<const std::uint64_t> targets, std::uint64_t seed,
                                   std::uint64_t projection_id, std::span<const std::uint8_t> keep_target) {
  DrawPlan plan;
  plan.view = {sources.data(), sources.size(), targets.data(), targets.size(), seed, projection_id,
               spec.allow_autapses};
  plan.keep.assign(keep_target.begin(), keep_target.end());
  const std::uint64_t n_t = targets.size();
  auto with_counts = [&](std::vector<std::uint64_t> all_counts) {
    // Output positions over the kept targets, array positions over all.
    plan.kind = DrawPlan::Kind::sources_with_replacement;
    prefix_offsets(all_counts, plan.array_offset);
    plan.array_offset.pop_back();
    for (std::uint64_t t = 0; t < n_t; ++t) {
      if (!plan.keeps(t)) all_counts[t] = 0;
    }
    prefix_offsets(all_counts, plan.offset);
    plan.count = std::move(all_counts);
    return plan;
  };
  switch (spec.rule) {
    case Rule::fixed_indegree: {
      const auto k = static_cast<std::uint64_t>(spec.indegree);
      check_degree_feasible("fixed_indegree", "indegree", k, spec.allow_autapses, spec.allow_multapses, targets,
                            sources, "sources");
      if (!spec.allow_multapses) return std::nullopt;
      checked_mul(n_t, k, "fixed_indegree");
      return with_counts(std::vector<std::uint64_t>(n_t, k));
    }
    case Rule::fixed_total_number:
      return with_counts(split_total_number(spec, sources, targets, seed, projection_id));
    case Rule::pairwise_bernoulli:
      plan.kind = DrawPlan::Kind::bernoulli;
      plan.p = spec.p;
      return plan;
    case Rule::pairwise_poisson:
      plan.kind = DrawPlan::Kind::bernoulli;
      plan.p = spec.pairwise_avg_num_conns;
      plan.poisson = true;
      plan.exp_minus_p = std::exp(-plan.p);
      return plan;
    case Rule::fixed_outdegree: {
      const auto k = static_cast<std::uint64_t>(spec.outdegree);
      check_degree_feasible("fixed_outdegree", "outdegree", k, spec.allow_autapses, spec.allow_multapses, sources,
                            targets, "targets");
      if (!spec.allow_multapses) return std::nullopt;
      checked_mul(sources.size(), k, "fixed_outdegree");
      plan.kind = DrawPlan::Kind::targets_with_replacement;
      plan.degree = k;
      return plan;
    }
    default: return std::nullopt;
  }
}

GeneratedConnections finish_outdegree(const DrawPlan& plan, std::span<const std::uint32_t> drawn) {
  return group_by_target(plan.view.n_targets, plan.degree, Keep{plan.keep}, drawn);
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
  if (auto plan = plan_draws(spec, sources, targets, seed, projection_id, keep_target)) {
    return run_plan_on_host(*plan, num_threads);
  }
  switch (spec.rule) {
    case Rule::all_to_all: return connect_all_to_all(spec, sources, targets, num_threads, keep);
    case Rule::one_to_one: return connect_one_to_one(spec, sources, targets, keep);
    case Rule::fixed_indegree:
      return connect_fixed_indegree_distinct(spec, sources, targets, seed, projection_id, num_threads, keep);
    case Rule::fixed_outdegree:
      return group_by_target(targets.size(), static_cast<std::uint64_t>(spec.outdegree), keep,
                             draw_outdegree_distinct(spec, sources, targets, seed, projection_id, num_threads));
    default: break;
  }
  throw Error(ErrorKind::KernelException, "generate_connections: invalid Rule value");
}

}  // namespace roost
