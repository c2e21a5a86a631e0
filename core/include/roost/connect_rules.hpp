// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Connection generation for NEST's basic rules (NEST 3.10 semantics):
// all_to_all, one_to_one, fixed_indegree, fixed_outdegree, fixed_total_number,
// pairwise_bernoulli, pairwise_poisson.
//
// Reproducibility contract. Every random draw comes from a RandomStream keyed by
// (seed, purpose, projection_id, node gid), never from a per-thread generator:
//   fixed_indegree, pairwise_bernoulli, pairwise_poisson, fixed_total_number (sources):
//       (seed, ConnectSources, projection_id, target gid), one stream per target;
//   fixed_total_number (connections per target):
//       (seed, ConnectCount, projection_id, 0), one stream per projection;
//   fixed_outdegree: (seed, ConnectTargets, projection_id, source gid), one stream
//       per source.
// The result is therefore identical for every num_threads, and a rank that owns
// only some targets can reproduce exactly their connections: for the per-target
// rules it draws only for its own targets; for fixed_total_number it repeats the
// (cheap, O(n_targets)) split of N over all targets and then draws sources for its
// own targets; for fixed_outdegree it repeats every source's draws and keeps the
// connections that land on its own targets.

#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "roost/connect_draws.hpp"

namespace roost {

enum class Rule {
  all_to_all,
  one_to_one,
  fixed_indegree,
  fixed_outdegree,
  fixed_total_number,
  pairwise_bernoulli,
  pairwise_poisson,
};

// A conn_spec. Degrees are signed so that the binding can pass what the user
// wrote and generate_connections can refuse negative values by name; kUnset
// means "not given" (an error for the rule that needs it, ignored otherwise).
struct ConnSpec {
  static constexpr std::int64_t kUnset = -1;

  Rule rule = Rule::all_to_all;
  std::int64_t indegree = kUnset;   // fixed_indegree
  std::int64_t outdegree = kUnset;  // fixed_outdegree
  std::int64_t total = kUnset;      // fixed_total_number: NEST's "N"
  double p = std::numeric_limits<double>::quiet_NaN();  // pairwise_bernoulli; NaN = not given
  // pairwise_poisson: mean number of connections per pair; NaN = not given.
  double pairwise_avg_num_conns = std::numeric_limits<double>::quiet_NaN();
  bool allow_autapses = true;
  bool allow_multapses = true;
};

// The rule called `name` (NEST spelling). Throws Error(IllegalConnection)
// "Unknown connection rule '<name>'." otherwise, as NEST 3.10.
Rule rule_from_name(std::string_view name);

// NEST's spelling of `rule`.
std::string_view rule_name(Rule rule);

// One entry per connection, ordered by target index and, within a target, by
// creation order. source_index / target_index are positions in the sources /
// targets spans. array_index is the connection's position in NEST's per-rule
// shape for user-given weight/delay arrays:
//   one_to_one: i;  all_to_all: t * n_sources + s (autapses skipped keep their
//   slot);  fixed_indegree: t * indegree + k;  fixed_outdegree: s * outdegree + k
//   (k: k-th draw of that source);  fixed_total_number, pairwise_bernoulli, pairwise_poisson: the
//   running number of the connection in this output (0, 1, 2, ...). A rank that
//   generates only its own targets must offset the running numbers by the count of
//   connections of the targets before its own (fixed_total_number: known from the
//   global split; pairwise_bernoulli: an exclusive scan of counts across ranks).
struct GeneratedConnections {
  std::vector<std::uint32_t> source_index;
  std::vector<std::uint32_t> target_index;
  std::vector<std::uint64_t> array_index;

  std::size_t size() const { return target_index.size(); }
};

// Throws Error(KernelException) unless both spans are ascending, without
// duplicates and shorter than 2^32 (generate_connections checks this itself).
void check_connect_ids(std::span<const std::uint64_t> sources, std::span<const std::uint64_t> targets);

// Throws Error(BadProperty / IllegalConnection) if `spec` cannot be applied to
// populations of these sizes (missing or negative degree, p outside [0, 1],
// indegree > n_sources without multapses, one_to_one size mismatch, unknown
// combination, ...). Checks that need the gids (autapse exclusion leaving a node
// too few partners) are made by generate_connections.
void validate_conn_spec(const ConnSpec& spec, std::uint64_t n_sources, std::uint64_t n_targets);

// Length NEST requires of a user-given weight/delay array for this rule and these
// sizes (one_to_one: n; all_to_all: n_targets * n_sources; fixed_indegree:
// n_targets * indegree; fixed_outdegree: n_sources * outdegree;
// fixed_total_number: N); std::nullopt for pairwise_bernoulli, which takes no
// arrays. Call after validate_conn_spec.
std::optional<std::uint64_t> parameter_array_length(const ConnSpec& spec, std::uint64_t n_sources,
                                                    std::uint64_t n_targets);

// Generates the connections of one Connect call. sources / targets: global node
// ids, each span ascending and without duplicates (else Error(KernelException));
// the spans may overlap or be the same (source gid == target gid is an autapse);
// each must hold fewer than 2^32 ids. projection_id names this Connect call in
// the random streams (use a counter that all ranks agree on). num_threads: OpenMP
// threads to use (<= 0: OpenMP's default); the result does not depend on it.
// Validation errors are thrown before anything is generated.
//
// keep_target (empty: keep all) lets a rank generate only its share: entry t
// non-zero keeps the connections onto targets[t]. The kept connections, their
// order and their array_index are exactly those of the full generation
// (array_index of pairwise_bernoulli excepted: it takes no arrays).
GeneratedConnections generate_connections(const ConnSpec& spec,
                                          std::span<const std::uint64_t> sources,
                                          std::span<const std::uint64_t> targets,
                                          std::uint64_t seed, std::uint64_t projection_id,
                                          int num_threads,
                                          std::span<const std::uint8_t> keep_target = {});

// The random draws of a Connect call laid out for an executor: OpenMP threads
// (generate_connections) or a GPU (the CUDA backend), both running the
// functions of connect_draws.hpp, so both give the same connections.
//   sources_with_replacement (fixed_indegree and fixed_total_number with
//     multapses): target t draws count[t] sources (0 where not kept) into
//     positions offset[t] ..; its NEST array positions start at array_offset[t];
//   bernoulli (pairwise_bernoulli, and pairwise_poisson when `poisson`): per kept target, bernoulli_count, then
//     bernoulli_sources at the exclusive prefix sum of the counts;
//   targets_with_replacement (fixed_outdegree with multapses): every source s
//     draws `degree` targets into drawn[s*degree + j]; finish_outdegree groups
//     them by target.
struct DrawPlan {
  enum class Kind { sources_with_replacement, bernoulli, targets_with_replacement };
  Kind kind = Kind::sources_with_replacement;
  draws::RuleView view;  // populations and stream keys; outputs left null
  std::vector<std::uint64_t> count, offset, array_offset;  // sources_with_replacement (offset: n_t + 1)
  std::uint64_t degree = 0;                                 // targets_with_replacement
  double p = 0.0;                                           // bernoulli: p, or the Poisson mean
  bool poisson = false;                                     // bernoulli: Poisson(p) connections per pair
  double exp_minus_p = 0.0;                                 // poisson: ::exp(-p), computed once on the host
  std::vector<std::uint8_t> keep;                           // per target; empty = all
  bool keeps(std::uint64_t t) const { return keep.empty() || keep[t] != 0; }
};

// The plan of a validated Connect call (validate_conn_spec first; performs the
// checks that need the gids), or std::nullopt for rules without draws
// (all_to_all, one_to_one) and sampling without replacement (host only). The
// plan points into `sources` and `targets`; keep them alive.
std::optional<DrawPlan> plan_draws(const ConnSpec& spec, std::span<const std::uint64_t> sources,
                                   std::span<const std::uint64_t> targets, std::uint64_t seed,
                                   std::uint64_t projection_id, std::span<const std::uint8_t> keep_target = {});

// fixed_outdegree: the sources' draws as connections grouped by target.
GeneratedConnections finish_outdegree(const DrawPlan& plan, std::span<const std::uint32_t> drawn);

}  // namespace roost
