// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/spatial_connect.hpp"

#include <algorithm>
#include <cmath>
#include <exception>
#include <string>

#include "roost/error.hpp"
#include "roost/parallel.hpp"
#include "roost/rng.hpp"
#include "spatial_detail.hpp"

#if defined(_OPENMP)
#include <omp.h>
#endif

namespace roost {

namespace {

using spatial_detail::batch_evaluable;
using spatial_detail::Bins;
using spatial_detail::evaluate_batch;
using spatial_detail::wrapped;

[[noreturn]] void bad_property(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

// The shortest periodic image of displacement q in the pool layer (components
// into d[0 .. dim)); returns its length.
double shortest_image(const double* q, const LayerGeometry& pool, int dim, double* d) {
  double sq = 0.0;
  for (int i = 0; i < dim; ++i) {
    d[i] = q[i];
    if (pool.edge_wrap && std::abs(d[i]) > 0.5 * pool.extent[i]) d[i] = wrapped(d[i], pool.extent[i]);
    sq += d[i] * d[i];
  }
  return std::sqrt(sq);
}

// One candidate of a generating node: the partner's index and, with a kernel,
// its weight (probability).
struct Candidate {
  std::uint32_t index;
  double weight;
  double q[3];  // pool - driver (an image of it)
};

// Draws an index from the discrete distribution with cumulative weights `cum`.
std::size_t lottery(RandomStream& rng, const std::vector<double>& cum) {
  const double u = rng.uniform() * cum.back();
  auto it = std::upper_bound(cum.begin(), cum.end(), u);
  std::size_t k = static_cast<std::size_t>(it - cum.begin());
  if (k >= cum.size()) k = cum.size() - 1;
  while (k > 0 && cum[k] == cum[k - 1]) --k;  // never a zero-weight candidate
  return k;
}

}  // namespace

bool spatial_pool_is_source(const ConnSpec& spec, const SpatialSpec& spatial) {
  return spec.rule == Rule::fixed_indegree || (spec.rule == Rule::pairwise_bernoulli && spatial.use_on_source);
}

ParameterGeometry spatial_pair_geometry(const SpatialSpec& spatial, bool pool_is_source, std::size_t s,
                                        std::size_t t) {
  const LayerGeometry& pool = pool_is_source ? spatial.source : spatial.target;
  const double* sp = spatial.source.position(s);
  const double* tp = spatial.target.position(t);
  ParameterGeometry g{};
  g.dim = pool.dim;
  double sq = 0.0;
  for (int i = 0; i < g.dim; ++i) {
    double d = tp[i] - sp[i];
    if (pool.edge_wrap) d = wrapped(d, pool.extent[i]);
    g.displacement[i] = d;
    sq += d * d;
    g.source[i] = sp[i];
    g.target[i] = tp[i];
    g.node[i] = tp[i];
  }
  g.distance = std::sqrt(sq);
  return g;
}

GeneratedConnections generate_spatial_connections(const ConnSpec& spec, const SpatialSpec& spatial,
                                                  std::span<const std::uint64_t> sources,
                                                  std::span<const std::uint64_t> targets, std::uint64_t seed,
                                                  std::uint64_t projection_id, int num_threads,
                                                  std::span<const std::uint8_t> keep_target) {
  check_connect_ids(sources, targets);
  if (spatial.source.size() != sources.size() || spatial.target.size() != targets.size()) {
    throw Error(ErrorKind::KernelException, "Connect: layer geometry does not match the node collections");
  }
  if (spatial.source.dim != spatial.target.dim) {
    bad_property("Connect: source and target layers must have the same number of dimensions");
  }
  const Rule rule = spec.rule;
  if (rule != Rule::pairwise_bernoulli && rule != Rule::fixed_indegree && rule != Rule::fixed_outdegree) {
    throw Error(ErrorKind::IllegalConnection,
                "When using kernel or mask, the only possible connection rules are 'pairwise_bernoulli', "
                "'fixed_indegree', or 'fixed_outdegree'");
  }
  const bool pool_is_source = spatial_pool_is_source(spec, spatial);
  const LayerGeometry& pool = pool_is_source ? spatial.source : spatial.target;
  const int dim = pool.dim;

  std::optional<SpatialMask> mask;
  if (spatial.mask) {
    if (spatial.mask->dim != dim) bad_property("Mask is incompatible with layer.");
    if (spatial.mask->kind == SpatialMask::Kind::grid && !spatial.allow_oversized_mask && pool.edge_wrap && pool.grid) {
      for (int i = 0; i < dim; ++i) {
        if (spatial.mask->grid_shape[i] > pool.shape[i]) {
          bad_property("Mask size must not exceed layer size; set allow_oversized_mask to override.");
        }
      }
    }
    mask = spatial.mask->resolved(pool);
    if (spatial.mask->kind != SpatialMask::Kind::grid && !spatial.allow_oversized_mask && pool.edge_wrap) {
      double lo[3], hi[3];
      mask->bbox(lo, hi);
      for (int i = 0; i < dim; ++i) {
        if (hi[i] - lo[i] > pool.extent[i]) {
          bad_property("Mask size must not exceed layer size; set allow_oversized_mask to override.");
        }
      }
    }
  }
  double p_const = 1.0;
  const Parameter* kernel = nullptr;
  if (spatial.p) {
    if (spatial.p->is_constant()) {
      p_const = spatial.p->constant_value();
    } else {
      kernel = &*spatial.p;
    }
  } else if (rule == Rule::pairwise_bernoulli && !std::isnan(spec.p)) {
    p_const = spec.p;
  }
  std::uint64_t degree = 0;
  if (rule == Rule::fixed_indegree || rule == Rule::fixed_outdegree) {
    const std::int64_t k = rule == Rule::fixed_indegree ? spec.indegree : spec.outdegree;
    const char* name = rule == Rule::fixed_indegree ? "indegree" : "outdegree";
    if (k == ConnSpec::kUnset) bad_property(std::string(rule_name(rule)) + ": conn_spec requires '" + name + "'");
    if (k < 0) bad_property(std::string(rule_name(rule)) + ": " + name + " cannot be negative");
    degree = static_cast<std::uint64_t>(k);
  }

  // Generation runs per target (pairwise_bernoulli, fixed_indegree) or per
  // source (fixed_outdegree): the "generating" side; the other side is searched.
  // The mask tests q = pool - driver; sign = +1 when the searched side is the
  // pool (q = searched - generating), -1 when it is the driver.
  const bool per_source = rule == Rule::fixed_outdegree;
  const LayerGeometry& generating = per_source ? spatial.source : spatial.target;
  const LayerGeometry& searched = per_source ? spatial.target : spatial.source;
  std::span<const std::uint64_t> gen_ids = per_source ? sources : targets;
  std::span<const std::uint64_t> searched_ids = per_source ? targets : sources;
  const bool searched_is_pool = per_source ? !pool_is_source : pool_is_source;
  const double sign = searched_is_pool ? 1.0 : -1.0;

  double mlo[3] = {0, 0, 0}, mhi[3] = {0, 0, 0}, hint[3] = {0, 0, 0};
  if (mask) {
    mask->bbox(mlo, mhi);
    // Cells of an eighth of the mask's box: the scanned cells then cover
    // little more than the mask (a fraction (1 + 2/8)^dim of its box).
    for (int i = 0; i < dim; ++i) hint[i] = (mhi[i] - mlo[i]) / 8.0;
  }
  const Bins bins(searched, pool, hint, mask.has_value());
  const std::size_t n_gen = gen_ids.size();
  const std::size_t n_searched = searched_ids.size();

  const int threads = effective_threads(num_threads);
  // Per-thread buffers, each on its own cache lines (their end pointers move
  // with every push_back).
  struct alignas(64) Scratch {
    std::vector<Candidate> candidates;
    std::vector<std::uint32_t> hits;
    std::vector<double> distance, displacement[3], weights, stack;  // batch valuation
  };
  std::vector<Scratch> scratch(static_cast<std::size_t>(std::max(1, threads)));
  auto thread_slot = [&]() -> std::size_t {
#if defined(_OPENMP)
    return static_cast<std::size_t>(omp_get_thread_num()) % scratch.size();
#else
    return 0;
#endif
  };
  bool kernel_uses_positions = false;
  if (kernel) {
    for (const ParameterOp& op : kernel->program().ops) {
      kernel_uses_positions |= op.code == ParameterOpCode::spatial_source_position ||
                               op.code == ParameterOpCode::spatial_target_position ||
                               op.code == ParameterOpCode::spatial_node_position;
    }
  }
  const bool kernel_batch = kernel && !kernel_uses_positions && batch_evaluable(kernel->program());
  // Candidates of generating node g, in a fixed order (cells, then image):
  // a tight scan that keeps (index, q) of the nodes inside the mask, then the
  // kernel's value for each (drawing from the node's stream in that order).
  auto candidates = [&](std::size_t g, RandomStream& rng, std::vector<Candidate>& out) {
    out.clear();
    const double* y = generating.position(g);
    if (!mask) {
      for (std::size_t j = 0; j < n_searched; ++j) {
        Candidate c;
        c.index = static_cast<std::uint32_t>(j);
        for (int i = 0; i < dim; ++i) c.q[i] = searched.position(j)[i] - y[i];
        c.q[0] *= sign;
        if (dim > 1) c.q[1] *= sign;
        if (dim > 2) c.q[2] *= sign;
        out.push_back(c);
      }
    } else {
      double lo[3], hi[3];
      for (int i = 0; i < dim; ++i) {
        lo[i] = sign > 0 ? y[i] + mlo[i] : y[i] - mhi[i];
        hi[i] = sign > 0 ? y[i] + mhi[i] : y[i] - mlo[i];
      }
      const SpatialMask& m = *mask;
      const bool plain_ball = m.kind == SpatialMask::Kind::ball;
      auto scan = [&]<int D>() {
        bins.query(lo, hi, [&](const double* pos, const std::uint32_t* idx, std::size_t count, const double* shift,
                               const double* box_lo, const double* box_hi) {
          bool test = true;
          if (plain_ball) {
            // Classify the cell: wholly outside the ball (skip it), wholly
            // inside with a margin far above rounding (no test per node).
            double near = 0.0, far = 0.0;
            for (int i = 0; i < D; ++i) {
              const double off = m.anchor[i] + m.center[i];
              const double a = sign > 0 ? box_lo[i] - y[i] - off : y[i] - box_hi[i] - off;
              const double b = sign > 0 ? box_hi[i] - y[i] - off : y[i] - box_lo[i] - off;
              const double n = a > 0 ? a : (b < 0 ? -b : 0.0);
              const double f = std::max(std::abs(a), std::abs(b));
              near += n * n;
              far += f * f;
            }
            const double r = m.radius;
            if (near > r * r * (1.0 + 1e-9) + 1e-300) return;
            test = !(far < r * r * (1.0 - 1e-9));
          }
          for (std::size_t a = 0; a < count; ++a) {
            Candidate c;
            for (int i = 0; i < D; ++i) c.q[i] = sign * ((pos[a * D + i] + shift[i]) - y[i]);
            if (test && !m.inside(c.q)) continue;
            c.index = idx[a];
            out.push_back(c);
          }
        });
      };
      if (dim == 2) {
        scan.template operator()<2>();
      } else {
        scan.template operator()<3>();
      }
    }
    if (!kernel) {
      for (Candidate& c : out) c.weight = p_const;
      return;
    }
    const ParameterProgram& program = kernel->program();
    if (kernel_batch) {
      Scratch& sc = scratch[thread_slot()];
      const std::size_t n = out.size();
      sc.distance.resize(n);
      for (int i = 0; i < dim; ++i) sc.displacement[i].resize(n);
      for (std::size_t k = 0; k < n; ++k) {
        double d[3];
        sc.distance[k] = shortest_image(out[k].q, pool, dim, d);
        for (int i = 0; i < dim; ++i) sc.displacement[i][k] = d[i];
      }
      const double* disp[3] = {sc.displacement[0].data(), sc.displacement[1].data(), sc.displacement[2].data()};
      sc.weights.resize(n);
      evaluate_batch(program, dim, n, sc.distance.data(), disp, sc.weights.data(), sc.stack);
      for (std::size_t k = 0; k < n; ++k) out[k].weight = sc.weights[k];
      return;
    }
    ParameterGeometry geo{};
    geo.dim = dim;
    for (Candidate& c : out) {
      // The pair's geometry: q is pool - driver up to periodic images; take
      // the shortest image (only |d_i| and |d| are used).
      geo.distance = shortest_image(c.q, pool, dim, geo.displacement);
      if (kernel_uses_positions) {
        const double* sp = per_source ? y : spatial.source.position(c.index);
        const double* tp = per_source ? spatial.target.position(c.index) : y;
        for (int i = 0; i < dim; ++i) {
          geo.source[i] = sp[i];
          geo.target[i] = tp[i];
          geo.node[i] = tp[i];
        }
      }
      c.weight = program.evaluate(rng, &geo);
    }
  };

  const bool allow_autapses = spec.allow_autapses, allow_multapses = spec.allow_multapses;
  std::vector<std::vector<std::uint32_t>> chosen(n_gen);
  const RngPurpose purpose = per_source ? RngPurpose::ConnectTargets : RngPurpose::ConnectSources;
  auto keeps = [&](std::size_t t) { return keep_target.empty() || keep_target[t] != 0; };

  // Generating nodes in the order of their cells, so that consecutive
  // queries touch the same memory (the result does not depend on the order).
  const std::vector<std::uint32_t> order = bins.order_of(generating, pool);
  roost::parallel_for(n_gen, effective_threads(num_threads), [&](std::size_t k) {
    const std::size_t g = order[k];
    if (!per_source && !keeps(g)) return;
    std::vector<Candidate>& cand = scratch[thread_slot()].candidates;
    RandomStream rng(seed, purpose, projection_id, gen_ids[g]);
    candidates(g, rng, cand);
    std::vector<std::uint32_t>& out = chosen[g];
    const std::uint64_t self_gid = gen_ids[g];
    if (rule == Rule::pairwise_bernoulli) {
      std::vector<std::uint32_t>& hits = scratch[thread_slot()].hits;
      hits.clear();
      for (const Candidate& c : cand) {
        if (!allow_autapses && searched_ids[c.index] == self_gid) continue;
        if (c.weight >= 1.0 || (c.weight > 0.0 && rng.uniform() < c.weight)) hits.push_back(c.index);
      }
      if (!allow_multapses && hits.size() > 1) {
        std::sort(hits.begin(), hits.end());
        hits.erase(std::unique(hits.begin(), hits.end()), hits.end());
      }
      out.assign(hits.begin(), hits.end());  // one exact allocation
      return;
    }
    // fixed_indegree / fixed_outdegree: `degree` draws from the candidates,
    // with probabilities proportional to the kernel (NEST's lottery).
    if (degree == 0) return;
    std::size_t admissible = 0;
    std::vector<double> cum(cand.size());
    double sum = 0.0;
    for (std::size_t k = 0; k < cand.size(); ++k) {
      const bool self = !allow_autapses && searched_ids[cand[k].index] == self_gid;
      const double w = self ? 0.0 : std::max(0.0, cand[k].weight);
      if (w > 0.0) ++admissible;
      sum += w;
      cum[k] = sum;
    }
    if (cand.empty() || admissible == 0 || (!allow_multapses && admissible < degree)) {
      // NEST's message; NEST would loop forever where the candidates with a
      // non-zero probability are too few, Roost says so.
      throw Error(ErrorKind::KernelException,
                  per_source ? "Global source ID " + std::to_string(self_gid) + ": Not enough targets found"
                             : "Global target ID " + std::to_string(self_gid) + ": Not enough sources found inside mask");
    }
    std::vector<std::uint8_t> selected(allow_multapses ? 0 : cand.size(), 0);
    out.reserve(degree);
    while (out.size() < degree) {
      const std::size_t k = lottery(rng, cum);
      if (!allow_multapses) {
        if (selected[k]) continue;
        selected[k] = 1;
      }
      out.push_back(cand[k].index);
    }
  }, Schedule::dynamic_chunks);  // drivers near mask edges and dense spots cost more

  GeneratedConnections result;
  if (!per_source) {
    std::size_t total = 0;
    for (const auto& c : chosen) total += c.size();
    result.source_index.reserve(total);
    result.target_index.reserve(total);
    result.array_index.reserve(total);
    for (std::size_t t = 0; t < n_gen; ++t) {
      for (const std::uint32_t s : chosen[t]) {
        result.source_index.push_back(s);
        result.target_index.push_back(static_cast<std::uint32_t>(t));
        result.array_index.push_back(result.array_index.size());
      }
    }
    return result;
  }
  // fixed_outdegree: group by target (stable: source order, then draw order).
  std::vector<std::size_t> count(targets.size() + 1, 0);
  for (const auto& c : chosen) {
    for (const std::uint32_t t : c) count[t + 1] += keeps(t) ? 1 : 0;
  }
  for (std::size_t t = 0; t < targets.size(); ++t) count[t + 1] += count[t];
  const std::size_t total = count.back();
  result.source_index.resize(total);
  result.target_index.resize(total);
  result.array_index.resize(total);
  std::uint64_t running = 0;
  for (std::size_t s = 0; s < n_gen; ++s) {
    for (const std::uint32_t t : chosen[s]) {
      const std::uint64_t e = running++;
      if (!keeps(t)) continue;
      const std::size_t at = count[t]++;
      result.source_index[at] = static_cast<std::uint32_t>(s);
      result.target_index[at] = t;
      result.array_index[at] = e;
    }
  }
  return result;
}

}  // namespace roost
