// SPDX-License-Identifier: GPL-2.0-or-later
#include "roost/spatial_connect.hpp"

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

[[noreturn]] void bad_property(const std::string& message) { throw Error(ErrorKind::BadProperty, message); }

// NEST's periodic distance component: d - E round(d / E).
double wrapped(double d, double extent) { return d - extent * std::round(d / extent); }

// The nodes of the searched layer, binned into cells. Wrapping dimensions use
// the pool layer's periodic frame (lower-left corner and extent), with the
// positions folded into it; the others the bounding box of the positions.
class Bins {
 public:
  Bins(const LayerGeometry& layer, const LayerGeometry& pool, const double* cell_hint, bool use_cells) {
    dim_ = layer.dim;
    const std::size_t n = layer.size();
    std::size_t total = 1;
    for (int i = 0; i < dim_; ++i) {
      wrap_[i] = pool.edge_wrap;
      if (wrap_[i]) {
        lo_[i] = pool.center[i] - pool.extent[i] / 2.0;
        period_[i] = pool.extent[i];
      } else {
        double mn = INFINITY, mx = -INFINITY;
        for (std::size_t j = 0; j < n; ++j) {
          mn = std::min(mn, layer.position(j)[i]);
          mx = std::max(mx, layer.position(j)[i]);
        }
        if (n == 0) mn = mx = 0.0;
        lo_[i] = mn;
        period_[i] = mx - mn;
      }
      std::int64_t cells = 1;
      if (use_cells && cell_hint[i] > 0 && period_[i] > 0) {
        cells = static_cast<std::int64_t>(std::min(period_[i] / cell_hint[i], 1e6));
      }
      cells_[i] = std::max<std::int64_t>(1, cells);
      total *= static_cast<std::size_t>(cells_[i]);
    }
    // At most about two cells per node.
    const double limit = 2.0 * static_cast<double>(n) + 16.0;
    while (static_cast<double>(total) > limit) {
      total = 1;
      for (int i = 0; i < dim_; ++i) {
        cells_[i] = std::max<std::int64_t>(1, cells_[i] / 2);
        total *= static_cast<std::size_t>(cells_[i]);
      }
    }
    for (int i = 0; i < dim_; ++i) size_[i] = period_[i] > 0 ? period_[i] / static_cast<double>(cells_[i]) : 1.0;
    // Counting sort of the nodes by cell.
    std::vector<std::size_t> cell_of(n);
    start_.assign(total + 1, 0);
    std::vector<double> folded(n * static_cast<std::size_t>(dim_));
    for (std::size_t j = 0; j < n; ++j) {
      std::size_t c = 0;
      for (int i = 0; i < dim_; ++i) {
        double x = layer.position(j)[i] - lo_[i];
        if (wrap_[i]) {
          x -= period_[i] * std::floor(x / period_[i]);
          if (x >= period_[i]) x -= period_[i];
        }
        folded[j * dim_ + i] = x + lo_[i];
        auto k = static_cast<std::int64_t>(std::floor(x / size_[i]));
        k = std::clamp<std::int64_t>(k, 0, cells_[i] - 1);
        c = c * static_cast<std::size_t>(cells_[i]) + static_cast<std::size_t>(k);
      }
      cell_of[j] = c;
      ++start_[c + 1];
    }
    for (std::size_t c = 0; c < total; ++c) start_[c + 1] += start_[c];
    index_.resize(n);
    pos_.resize(n * static_cast<std::size_t>(dim_));
    std::vector<std::size_t> next(start_.begin(), start_.end() - 1);
    for (std::size_t j = 0; j < n; ++j) {
      const std::size_t at = next[cell_of[j]]++;
      index_[at] = static_cast<std::uint32_t>(j);
      for (int i = 0; i < dim_; ++i) pos_[at * dim_ + i] = folded[j * dim_ + i];
    }
  }

  // The indices of `layer`'s nodes sorted by the cell (of this binning's
  // frame) their position falls in.
  std::vector<std::uint32_t> order_of(const LayerGeometry& layer, const LayerGeometry& pool) const {
    (void)pool;
    const std::size_t n = layer.size();
    std::vector<std::uint64_t> key(n);
    for (std::size_t j = 0; j < n; ++j) {
      std::uint64_t c = 0;
      for (int i = 0; i < dim_; ++i) {
        double x = layer.position(j)[i] - lo_[i];
        if (wrap_[i]) x -= period_[i] * std::floor(x / period_[i]);
        auto k = static_cast<std::int64_t>(std::floor(x / size_[i]));
        k = std::clamp<std::int64_t>(k, 0, cells_[i] - 1);
        c = c * static_cast<std::uint64_t>(cells_[i]) + static_cast<std::uint64_t>(k);
      }
      key[j] = (c << 32) | j;
    }
    std::sort(key.begin(), key.end());
    std::vector<std::uint32_t> out(n);
    for (std::size_t j = 0; j < n; ++j) out[j] = static_cast<std::uint32_t>(key[j] & 0xffffffffu);
    return out;
  }

  // Calls visit(positions, indices, count, shift) for every cell image that
  // overlaps the box [lo, hi] (absolute coordinates): the cell's nodes are at
  // positions[a * dim + i] + shift[i]. Wrapping dimensions visit every periodic
  // image, the others clip.
  template <class Visit>
  void query(const double* lo, const double* hi, Visit&& visit) const {
    std::int64_t first[3] = {0, 0, 0}, last[3] = {0, 0, 0};
    for (int i = 0; i < dim_; ++i) {
      const double eps = 1e-9 * (std::abs(lo[i]) + std::abs(hi[i]) + period_[i]) + 1e-12;
      const double a = (lo[i] - eps - lo_[i]) / size_[i], b = (hi[i] + eps - lo_[i]) / size_[i];
      if (wrap_[i]) {
        first[i] = static_cast<std::int64_t>(std::floor(a));
        last[i] = static_cast<std::int64_t>(std::floor(b));
      } else {
        if (b < 0 || a > static_cast<double>(cells_[i])) return;
        first[i] = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(a)), 0, cells_[i] - 1);
        last[i] = std::clamp<std::int64_t>(static_cast<std::int64_t>(std::floor(b)), 0, cells_[i] - 1);
      }
    }
    std::int64_t k[3] = {first[0], first[1], first[2]};
    for (;;) {
      std::size_t c = 0;
      double shift[3] = {0.0, 0.0, 0.0};
      std::int64_t cell_of[3] = {0, 0, 0};
      for (int i = 0; i < dim_; ++i) {
        std::int64_t& cell = cell_of[i];
        cell = k[i];
        if (wrap_[i]) {
          const std::int64_t wraps = cell >= 0 ? cell / cells_[i] : -((-cell + cells_[i] - 1) / cells_[i]);
          cell -= wraps * cells_[i];
          shift[i] = static_cast<double>(wraps) * period_[i];
        }
        c = c * static_cast<std::size_t>(cells_[i]) + static_cast<std::size_t>(cell);
      }
      if (start_[c + 1] > start_[c]) {
        // The cell's box (absolute, image), widened by a margin that covers
        // the rounding of the binning.
        double box_lo[3], box_hi[3];
        for (int d = 0; d < dim_; ++d) {
          const std::int64_t cell = cell_of[d];
          const double margin = 1e-9 * (std::abs(lo_[d]) + period_[d] + std::abs(shift[d])) + 1e-12;
          box_lo[d] = lo_[d] + static_cast<double>(cell) * size_[d] + shift[d] - margin;
          box_hi[d] = lo_[d] + static_cast<double>(cell + 1) * size_[d] + shift[d] + margin;
          if (!wrap_[d]) {  // clamped cells may hold nodes beyond their nominal box
            if (cell == 0) box_lo[d] = -INFINITY;
            if (cell == cells_[d] - 1) box_hi[d] = INFINITY;
          }
        }
        visit(pos_.data() + start_[c] * dim_, index_.data() + start_[c], start_[c + 1] - start_[c],
              static_cast<const double*>(shift), static_cast<const double*>(box_lo), static_cast<const double*>(box_hi));
      }
      int i = dim_ - 1;
      while (i >= 0 && k[i] == last[i]) {
        k[i] = first[i];
        --i;
      }
      if (i < 0) break;
      ++k[i];
    }
  }

 private:
  int dim_ = 2;
  bool wrap_[3] = {false, false, false};
  double lo_[3] = {0, 0, 0}, period_[3] = {0, 0, 0}, size_[3] = {1, 1, 1};
  std::int64_t cells_[3] = {1, 1, 1};
  std::vector<std::size_t> start_;
  std::vector<std::uint32_t> index_;
  std::vector<double> pos_;
};

int effective_threads(int num_threads) {
#if defined(_OPENMP)
  return num_threads > 0 ? num_threads : omp_get_max_threads();
#else
  (void)num_threads;
  return 1;
#endif
}

template <class Body>
void parallel_for(std::size_t n, int num_threads, Body&& body) {
  const int threads = effective_threads(num_threads);
  std::exception_ptr error;
#if defined(_OPENMP)
#pragma omp parallel for schedule(dynamic, 64) num_threads(threads) if (threads > 1 && n > 64)
#endif
  for (std::int64_t i = 0; i < static_cast<std::int64_t>(n); ++i) {
    try {
      body(static_cast<std::size_t>(i));
    } catch (...) {
#if defined(_OPENMP)
#pragma omp critical(roost_spatial_error)
#endif
      if (!error) error = std::current_exception();
    }
  }
  (void)threads;
  if (error) std::rethrow_exception(error);
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

// Programs that read only distances and displacement components, without
// random numbers or control flow: their value does not depend on evaluation
// order, so a batch of candidates can be valued op by op (one dispatch per
// op, not per op and candidate), with the same IEEE operations as
// evaluate_parameter.
bool batch_evaluable(const ParameterProgram& program) {
  if (program.max_stack > kParameterMaxStack) return false;
  for (const ParameterOp& op : program.ops) {
    switch (op.code) {
      case ParameterOpCode::constant:
      case ParameterOpCode::spatial_distance:
      case ParameterOpCode::spatial_distance_component:
      case ParameterOpCode::add:
      case ParameterOpCode::sub:
      case ParameterOpCode::mul:
      case ParameterOpCode::div:
      case ParameterOpCode::pow:
      case ParameterOpCode::min:
      case ParameterOpCode::max:
      case ParameterOpCode::compare:
      case ParameterOpCode::neg:
      case ParameterOpCode::exp:
      case ParameterOpCode::sin:
      case ParameterOpCode::cos:
      case ParameterOpCode::abs: break;
      default: return false;
    }
  }
  return true;
}

// out[k] = program(distance[k], displacement[.][k]) for k < n; stack: scratch.
void evaluate_batch(const ParameterProgram& program, int dim, std::size_t n, const double* distance,
                    const double* const* displacement, double* out, std::vector<double>& stack) {
  using Code = ParameterOpCode;
  stack.resize(static_cast<std::size_t>(std::max(program.max_stack, 1)) * n);
  int sp = 0;
  auto slot = [&](int i) { return stack.data() + static_cast<std::size_t>(i) * n; };
  for (const ParameterOp& op : program.ops) {
    switch (op.code) {
      case Code::constant: std::fill_n(slot(sp++), n, op.a); break;
      case Code::spatial_distance: std::copy_n(distance, n, slot(sp++)); break;
      case Code::spatial_distance_component: {
        if (op.operand < 0 || op.operand >= dim) throw_parameter_error(program, kParameterBadDimension);
        double* v = slot(sp++);
        const double* d = displacement[op.operand];
        for (std::size_t k = 0; k < n; ++k) v[k] = std::fabs(d[k]);
        break;
      }
      case Code::neg:
      case Code::exp:
      case Code::sin:
      case Code::cos:
      case Code::abs: {
        double* v = slot(sp - 1);
        switch (op.code) {
          case Code::neg: for (std::size_t k = 0; k < n; ++k) v[k] = -v[k]; break;
          case Code::exp: for (std::size_t k = 0; k < n; ++k) v[k] = ::exp(v[k]); break;
          case Code::sin: for (std::size_t k = 0; k < n; ++k) v[k] = ::sin(v[k]); break;
          case Code::cos: for (std::size_t k = 0; k < n; ++k) v[k] = ::cos(v[k]); break;
          default: for (std::size_t k = 0; k < n; ++k) v[k] = ::fabs(v[k]); break;
        }
        break;
      }
      default: {  // binary
        double* l = slot(sp - 2);
        const double* r = slot(sp - 1);
        --sp;
        switch (op.code) {
          case Code::add: for (std::size_t k = 0; k < n; ++k) l[k] = l[k] + r[k]; break;
          case Code::sub: for (std::size_t k = 0; k < n; ++k) l[k] = l[k] - r[k]; break;
          case Code::mul: for (std::size_t k = 0; k < n; ++k) l[k] = l[k] * r[k]; break;
          case Code::div: for (std::size_t k = 0; k < n; ++k) l[k] = l[k] / r[k]; break;
          case Code::pow: for (std::size_t k = 0; k < n; ++k) l[k] = ::pow(l[k], r[k]); break;
          case Code::min: for (std::size_t k = 0; k < n; ++k) l[k] = ::fmin(l[k], r[k]); break;
          case Code::max: for (std::size_t k = 0; k < n; ++k) l[k] = ::fmax(l[k], r[k]); break;
          default: {  // compare
            const int c = op.comparator;
            for (std::size_t k = 0; k < n; ++k) {
              const double a = l[k], b = r[k];
              const bool holds = c == 0 ? a < b : c == 1 ? a <= b : c == 2 ? a == b : c == 3 ? a != b
                                 : c == 4 ? a >= b : a > b;
              l[k] = holds ? 1.0 : 0.0;
            }
            break;
          }
        }
        break;
      }
    }
  }
  std::copy_n(slot(0), n, out);
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
        double sq = 0.0;
        for (int i = 0; i < dim; ++i) {
          double d = out[k].q[i];
          if (pool.edge_wrap && std::abs(d) > 0.5 * pool.extent[i]) d = wrapped(d, pool.extent[i]);
          sc.displacement[i][k] = d;
          sq += d * d;
        }
        sc.distance[k] = std::sqrt(sq);
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
      if (!kernel_uses_positions) {
        double sq = 0.0;
        for (int i = 0; i < dim; ++i) {
          double d = c.q[i];
          if (pool.edge_wrap && std::abs(d) > 0.5 * pool.extent[i]) d = wrapped(d, pool.extent[i]);
          geo.displacement[i] = d;
          sq += d * d;
        }
        geo.distance = std::sqrt(sq);
        c.weight = program.evaluate(rng, &geo);
        continue;
      }
      // The pair's geometry: q is pool - driver up to periodic images; take
      // the shortest image (only |d_i| and |d| are used).
      const double* sp = per_source ? y : spatial.source.position(c.index);
      const double* tp = per_source ? spatial.target.position(c.index) : y;
      double sq = 0.0;
      for (int i = 0; i < dim; ++i) {
        double d = c.q[i];
        if (pool.edge_wrap && std::abs(d) > 0.5 * pool.extent[i]) d = wrapped(d, pool.extent[i]);
        geo.displacement[i] = d;
        sq += d * d;
        geo.source[i] = sp[i];
        geo.target[i] = tp[i];
        geo.node[i] = tp[i];
      }
      geo.distance = std::sqrt(sq);
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
  parallel_for(n_gen, num_threads, [&](std::size_t k) {
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
  });

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
