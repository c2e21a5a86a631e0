// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once
// Internals of spatial_connect.cpp: the binning of a layer into cells and the
// batch valuation of distance-only kernels (spatial_batch.cpp).

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <vector>

#include "roost/parameter_program.hpp"
#include "roost/spatial_connect.hpp"

namespace roost::spatial_detail {

// NEST's periodic distance component: d - E round(d / E).
inline double wrapped(double d, double extent) { return d - extent * std::round(d / extent); }

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

// Programs that read only distances and displacement components, without
// random numbers or control flow: their value does not depend on evaluation
// order, so a batch of candidates can be valued op by op (one dispatch per op,
// not per op and candidate), with the same IEEE operations as
// evaluate_parameter.
bool batch_evaluable(const ParameterProgram& program);

// out[k] = program(distance[k], displacement[.][k]) for k < n; stack: scratch.
void evaluate_batch(const ParameterProgram& program, int dim, std::size_t n, const double* distance,
                    const double* const* displacement, double* out, std::vector<double>& stack);

}  // namespace roost::spatial_detail
