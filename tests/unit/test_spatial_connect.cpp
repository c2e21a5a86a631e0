// SPDX-License-Identifier: GPL-2.0-or-later
// Spatial masks (NEST's inclusive boundaries, anchors, rotations, grid masks)
// and spatial connection generation against a brute-force reference:
// binning finds exactly the pairs a full scan finds, periodic images,
// oversized masks, degree rules, thread invariance, keep_target, errors.
#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <set>
#include <tuple>
#include <vector>

#include "roost/error.hpp"
#include "roost/parameter.hpp"
#include "roost/spatial_connect.hpp"

namespace roost {
namespace {

SpatialMask ball(double r, int dim = 2) {
  SpatialMask m;
  m.kind = SpatialMask::Kind::ball;
  m.dim = dim;
  m.radius = r;
  return m;
}

SpatialMask box(double x0, double y0, double x1, double y1, double azimuth = 0.0) {
  SpatialMask m;
  m.kind = SpatialMask::Kind::box;
  m.lower_left[0] = x0;
  m.lower_left[1] = y0;
  m.upper_right[0] = x1;
  m.upper_right[1] = y1;
  m.azimuth = azimuth;
  return m;
}

LayerGeometry grid_layer(int cols, int rows, double ex, double ey, bool wrap) {
  LayerGeometry g;
  g.dim = 2;
  g.grid = true;
  g.shape[0] = cols;
  g.shape[1] = rows;
  g.extent[0] = ex;
  g.extent[1] = ey;
  g.edge_wrap = wrap;
  for (int c = 0; c < cols; ++c) {
    for (int r = 0; r < rows; ++r) {
      g.positions.push_back(-ex / 2 + (c + 0.5) * ex / cols);
      g.positions.push_back(ey / 2 - (r + 0.5) * ey / rows);
    }
  }
  return g;
}

LayerGeometry random_layer(int n, std::uint64_t seed, bool wrap) {
  LayerGeometry g;
  g.dim = 2;
  g.edge_wrap = wrap;
  RandomStream rng(seed, RngPurpose::Misc, 0, 0);
  for (int i = 0; i < 2 * n; ++i) g.positions.push_back(rng.uniform() - 0.5);
  return g;
}

std::vector<std::uint64_t> ids(std::size_t n, std::uint64_t first = 1) {
  std::vector<std::uint64_t> v(n);
  for (std::size_t i = 0; i < n; ++i) v[i] = first + i;
  return v;
}

using Pairs = std::multiset<std::pair<std::uint32_t, std::uint32_t>>;

Pairs pairs_of(const GeneratedConnections& g) {
  Pairs p;
  for (std::size_t c = 0; c < g.size(); ++c) p.insert({g.source_index[c], g.target_index[c]});
  return p;
}

// Brute force: pool = target, driver = source, every periodic image in [-2, 2].
Pairs brute_force(const SpatialSpec& sp, bool autapses) {
  Pairs p;
  const LayerGeometry& pool = sp.target;
  const SpatialMask m = sp.mask->resolved(pool);
  for (std::size_t s = 0; s < sp.source.size(); ++s) {
    for (std::size_t t = 0; t < pool.size(); ++t) {
      if (!autapses && s == t) continue;
      const int span = pool.edge_wrap ? 2 : 0;
      for (int kx = -span; kx <= span; ++kx) {
        for (int ky = -span; ky <= span; ++ky) {
          double q[2] = {pool.position(t)[0] + kx * pool.extent[0] - sp.source.position(s)[0],
                         pool.position(t)[1] + ky * pool.extent[1] - sp.source.position(s)[1]};
          if (m.inside(q)) p.insert({static_cast<std::uint32_t>(s), static_cast<std::uint32_t>(t)});
        }
      }
    }
  }
  return p;
}

TEST(SpatialMask, InclusiveBoundaries) {
  const SpatialMask c = ball(1.0);
  const double on[2] = {1.0, 0.0}, off[2] = {1.0, 1e-4}, diag[2] = {0.6, 0.8};
  EXPECT_TRUE(c.inside(on));
  EXPECT_FALSE(c.inside(off));
  EXPECT_TRUE(c.inside(diag));
  const SpatialMask b = box(-1, -0.5, 2, 0.5);
  const double corner[2] = {2.0, 0.5}, out[2] = {2.0, 0.5000001};
  EXPECT_TRUE(b.inside(corner));
  EXPECT_FALSE(b.inside(out));
  SpatialMask d = ball(2.0);
  d.kind = SpatialMask::Kind::doughnut;
  d.inner_radius = 1.0;
  const double inner[2] = {1.0, 0.0}, outer[2] = {0.0, 2.0};
  EXPECT_FALSE(d.inside(inner));
  EXPECT_TRUE(d.inside(outer));
}

TEST(SpatialMask, AnchorAndRotation) {
  SpatialMask c = ball(0.5);
  c.anchor[0] = 1.0;
  const double p[2] = {1.4, 0.0}, q[2] = {0.4, 0.0};
  EXPECT_TRUE(c.inside(p));
  EXPECT_FALSE(c.inside(q));
  double lo[2], hi[2];
  c.bbox(lo, hi);
  EXPECT_DOUBLE_EQ(lo[0], 0.5);
  EXPECT_DOUBLE_EQ(hi[0], 1.5);
  // A 90 degree rotation of a wide box makes it tall.
  const SpatialMask r = box(-2, -0.5, 2, 0.5, 90.0);
  const double tall[2] = {0.0, 1.9}, wide[2] = {1.9, 0.0};
  EXPECT_TRUE(r.inside(tall));
  EXPECT_FALSE(r.inside(wide));
}

TEST(SpatialMask, GridMaskBecomesBoxOnGridLayers) {
  SpatialMask g;
  g.kind = SpatialMask::Kind::grid;
  g.grid_shape[0] = 3;
  g.grid_shape[1] = 2;
  g.anchor[0] = 1;
  g.anchor[1] = 0;
  const LayerGeometry layer = grid_layer(5, 5, 5.0, 5.0, false);
  const SpatialMask m = g.resolved(layer);
  // columns c-1 .. c+1, rows r .. r+1 (rows go down: y 0 and -1).
  const double in1[2] = {-1.0, 0.0}, in2[2] = {1.0, -1.0}, out1[2] = {0.0, 1.0}, out2[2] = {2.0, 0.0};
  EXPECT_TRUE(m.inside(in1));
  EXPECT_TRUE(m.inside(in2));
  EXPECT_FALSE(m.inside(out1));
  EXPECT_FALSE(m.inside(out2));
  LayerGeometry free = layer;
  free.grid = false;
  EXPECT_THROW(g.resolved(free), Error);
}

class SpatialGenerate : public ::testing::TestWithParam<std::tuple<bool, double>> {};

TEST_P(SpatialGenerate, BinningFindsExactlyTheMaskPairs) {
  const auto [wrap, radius] = GetParam();
  SpatialSpec sp;
  sp.source = random_layer(400, 1, wrap);
  sp.target = random_layer(300, 2, wrap);
  sp.mask = ball(radius);
  sp.allow_oversized_mask = true;
  ConnSpec cs;
  cs.rule = Rule::pairwise_bernoulli;
  cs.p = 1.0;
  const auto s = ids(400), t = ids(300, 1000);
  const GeneratedConnections g = generate_spatial_connections(cs, sp, s, t, 5, 0, 2);
  EXPECT_EQ(pairs_of(g), brute_force(sp, true));
}

INSTANTIATE_TEST_SUITE_P(Masks, SpatialGenerate,
                         ::testing::Values(std::make_tuple(false, 0.05), std::make_tuple(false, 0.3),
                                           std::make_tuple(true, 0.05), std::make_tuple(true, 0.3),
                                           std::make_tuple(true, 0.7)));

TEST(SpatialGenerateRules, OversizedMaskRefusedUnlessAllowed) {
  SpatialSpec sp;
  sp.source = sp.target = grid_layer(4, 4, 1.0, 1.0, true);
  sp.mask = ball(0.6);
  ConnSpec cs;
  cs.rule = Rule::pairwise_bernoulli;
  cs.p = 1.0;
  const auto n = ids(16);
  EXPECT_THROW(generate_spatial_connections(cs, sp, n, n, 1, 0, 1), Error);
  sp.allow_oversized_mask = true;
  const auto g = generate_spatial_connections(cs, sp, n, n, 1, 0, 1);
  EXPECT_EQ(g.size(), 16u * 21u);  // NEST: 21 per driver (one per periodic image)
}

TEST(SpatialGenerateRules, DegreeRulesThreadAndRankInvariant) {
  SpatialSpec sp;
  sp.source = random_layer(500, 3, true);
  sp.target = random_layer(400, 4, true);
  sp.mask = ball(0.2);
  sp.p = Parameter::exp(Parameter::neg(Parameter::spatial(Parameter::SpatialLeaf::distance)) / Parameter(0.1));
  const auto s = ids(500), t = ids(400, 1000);
  for (Rule rule : {Rule::fixed_indegree, Rule::fixed_outdegree, Rule::pairwise_bernoulli}) {
    ConnSpec cs;
    cs.rule = rule;
    cs.indegree = 7;
    cs.outdegree = 5;
    cs.allow_multapses = false;
    const auto one = generate_spatial_connections(cs, sp, s, t, 11, 3, 1);
    const auto two = generate_spatial_connections(cs, sp, s, t, 11, 3, 2);
    EXPECT_EQ(one.source_index, two.source_index);
    EXPECT_EQ(one.target_index, two.target_index);
    if (rule == Rule::fixed_indegree) EXPECT_EQ(one.size(), 400u * 7u);
    if (rule == Rule::fixed_outdegree) EXPECT_EQ(one.size(), 500u * 5u);
    // A rank holding the even targets gets exactly their connections.
    std::vector<std::uint8_t> keep(400);
    for (std::size_t k = 0; k < keep.size(); ++k) keep[k] = k % 2 == 0;
    const auto part = generate_spatial_connections(cs, sp, s, t, 11, 3, 2, keep);
    Pairs expected;
    for (std::size_t c = 0; c < one.size(); ++c) {
      if (one.target_index[c] % 2 == 0) expected.insert({one.source_index[c], one.target_index[c]});
    }
    EXPECT_EQ(pairs_of(part), expected);
  }
}

TEST(SpatialGenerateRules, BatchAndScalarKernelValuesAgree) {
  // A distance-only kernel is valued in batches; adding 0 * source_pos.x
  // forces the per-candidate evaluator. Both must draw the same network.
  SpatialSpec sp;
  sp.source = random_layer(300, 5, true);
  sp.target = random_layer(300, 6, true);
  sp.mask = ball(0.3);
  using L = Parameter::SpatialLeaf;
  const Parameter d = Parameter::spatial(L::distance);
  const Parameter dx = Parameter::spatial(L::distance_component, 0);
  const Parameter kernel = Parameter::exp(-(d * d + Parameter::pow(dx, Parameter(1.5)))) / Parameter(1.2);
  const auto s = ids(300), t = ids(300, 1000);
  ConnSpec cs;
  cs.rule = Rule::pairwise_bernoulli;
  sp.p = kernel;
  const auto batch = generate_spatial_connections(cs, sp, s, t, 3, 1, 2);
  sp.p = kernel + Parameter(0.0) * Parameter::spatial(L::source_position, 0);
  const auto scalar = generate_spatial_connections(cs, sp, s, t, 3, 1, 2);
  EXPECT_GT(batch.size(), 100u);
  EXPECT_EQ(batch.source_index, scalar.source_index);
  EXPECT_EQ(batch.target_index, scalar.target_index);
}

TEST(SpatialGenerateRules, TooFewCandidatesIsAnError) {
  SpatialSpec sp;
  sp.source = sp.target = grid_layer(4, 4, 1.0, 1.0, false);
  sp.mask = ball(0.1);  // only the node itself
  ConnSpec cs;
  cs.rule = Rule::fixed_indegree;
  cs.indegree = 2;
  cs.allow_multapses = false;
  const auto n = ids(16);
  EXPECT_THROW(generate_spatial_connections(cs, sp, n, n, 1, 0, 1), Error);
}

TEST(SpatialParameter, NeedsGeometry) {
  const Parameter d = Parameter::spatial(Parameter::SpatialLeaf::distance);
  EXPECT_TRUE(d.is_spatial());
  EXPECT_FALSE(d.is_constant());
  RandomStream rng(1, RngPurpose::Misc, 0, 0);
  EXPECT_THROW(d.value(rng), Error);
  ParameterGeometry g{};
  g.dim = 2;
  g.distance = 0.5;
  g.displacement[0] = -0.3;
  EXPECT_DOUBLE_EQ(d.value(rng, &g), 0.5);
  EXPECT_DOUBLE_EQ(Parameter::spatial(Parameter::SpatialLeaf::distance_component, 0).value(rng, &g), 0.3);
  EXPECT_THROW(Parameter::spatial(Parameter::SpatialLeaf::distance_component, 2).value(rng, &g), Error);
}

}  // namespace
}  // namespace roost
