// SPDX-License-Identifier: GPL-2.0-or-later
#pragma once

// Spatial connection generation (NEST's ConnectLayers, nest.spatial): masks,
// periodic boundaries, distance-dependent probabilities and the three spatial
// rules pairwise_bernoulli, fixed_indegree and fixed_outdegree.
//
// Positions live in Python (the layer metadata); a Connect between layers passes
// both layers' geometry down. The core finds the candidates of a node by spatial
// binning of the searched layer (cells about half the mask's bounding box), so
// the cost grows with the candidates inside the mask, not with N^2.
//
// Reproducibility: as connect_rules.hpp. pairwise_bernoulli and fixed_indegree
// are generated per target from the stream (seed, ConnectSources, projection,
// target gid); fixed_outdegree per source from (seed, ConnectTargets,
// projection, source gid) (every rank repeats all sources and keeps its own
// targets). Candidates are visited in an order fixed by the positions alone, so
// the result is the same for any thread and rank count.

#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "roost/connect_rules.hpp"
#include "roost/parameter.hpp"

namespace roost {

// One layer (or the part of one that a Connect uses), in the order of the gids.
struct LayerGeometry {
  int dim = 2;
  std::vector<double> positions;  // size() * dim, row-major
  double extent[3] = {1.0, 1.0, 1.0};
  double center[3] = {0.0, 0.0, 0.0};
  bool edge_wrap = false;
  bool grid = false;
  std::int64_t shape[3] = {0, 0, 0};  // grid layers: columns, rows(, depth)

  std::size_t size() const { return dim > 0 ? positions.size() / static_cast<std::size_t>(dim) : 0; }
  const double* position(std::size_t i) const { return positions.data() + i * static_cast<std::size_t>(dim); }
};

// A mask (NEST semantics, all boundaries inclusive). q is the displacement
// pool - driver; a mask tests q - anchor.
struct SpatialMask {
  enum class Kind { ball, doughnut, box, ellipse, grid, intersection, union_, difference };
  Kind kind = Kind::ball;
  int dim = 2;
  double anchor[3] = {0.0, 0.0, 0.0};  // AnchoredMask (grid masks: index units)
  // ball / doughnut
  double radius = 0.0, inner_radius = 0.0;
  // ellipse (center: the inner dict's anchor), box
  double center[3] = {0.0, 0.0, 0.0};
  double major = 0.0, minor = 0.0, polar_axis = 0.0;
  double lower_left[3] = {0.0, 0.0, 0.0}, upper_right[3] = {0.0, 0.0, 0.0};
  double azimuth = 0.0, polar = 0.0;  // degrees
  std::int64_t grid_shape[3] = {1, 1, 1};
  std::vector<SpatialMask> children;  // combinations

  // Grid masks become boxes in the pool layer's coordinates (NEST's
  // MaskedLayer::check_mask_); throws BadProperty for grid masks on free layers.
  SpatialMask resolved(const LayerGeometry& pool) const;
  // Call on a resolved mask. Balls (the common case) are tested inline.
  bool inside(const double* q) const {
    if (kind != Kind::ball) return inside_general(q);
    // NEST's BallMask::inside, with the anchor and the ball's own centre.
    double dim_sum = 0.0, sq = 0.0;
    for (int i = 0; i < dim; ++i) {
      const double p = q[i] - anchor[i] - center[i];
      const double di = p < 0 ? -p : p;
      if (di > radius) return false;
      dim_sum += di;
      sq += p * p;
    }
    return dim_sum <= radius || __builtin_sqrt(sq) <= radius;
  }
  bool inside_general(const double* q) const;
  void bbox(double* lo, double* hi) const;
};

struct SpatialSpec {
  LayerGeometry source, target;
  std::optional<SpatialMask> mask;
  bool use_on_source = false;
  bool allow_oversized_mask = false;
  std::optional<Parameter> p;  // probability (pairwise_bernoulli) or selection kernel (degree rules)
};

// The pool layer of a rule (whose periodic frame displacements use): sources
// for fixed_indegree and use_on_source, targets otherwise.
bool spatial_pool_is_source(const ConnSpec& spec, const SpatialSpec& spatial);

// Geometry of the pair (source s, target t) for spatial Parameters.
ParameterGeometry spatial_pair_geometry(const SpatialSpec& spatial, bool pool_is_source, std::size_t s,
                                        std::size_t t);

// The connections of a spatial Connect (rules pairwise_bernoulli,
// fixed_indegree, fixed_outdegree), grouped by target; see
// generate_connections for the arguments. array_index is the running number.
GeneratedConnections generate_spatial_connections(const ConnSpec& spec, const SpatialSpec& spatial,
                                                  std::span<const std::uint64_t> sources,
                                                  std::span<const std::uint64_t> targets, std::uint64_t seed,
                                                  std::uint64_t projection_id, int num_threads,
                                                  std::span<const std::uint8_t> keep_target = {});

}  // namespace roost
