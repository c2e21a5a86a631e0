// SPDX-License-Identifier: GPL-2.0-or-later
// Masks of spatial connections, with NEST's formulas (mask.cpp, mask_impl.h,
// grid_mask.h) so that points on a boundary fall on the same side.
#include <algorithm>
#include <cmath>

#include "roost/error.hpp"
#include "roost/spatial_connect.hpp"

namespace roost {

namespace {

constexpr double kPi = 3.14159265358979323846;

struct Rotation {
  double az_cos, az_sin, pol_cos, pol_sin;
  explicit Rotation(const SpatialMask& m)
      : az_cos(std::cos(m.azimuth * kPi / 180.)),
        az_sin(std::sin(m.azimuth * kPi / 180.)),
        pol_cos(std::cos(m.polar * kPi / 180.)),
        pol_sin(std::sin(m.polar * kPi / 180.)) {}
};

bool ball_inside(const double* p, const double* center, double radius, int dim) {
  double dim_sum = 0.0;
  for (int i = 0; i < dim; ++i) {
    const double di = std::abs(p[i] - center[i]);
    if (di > radius) return false;
    dim_sum += di;
  }
  if (dim_sum <= radius) return true;
  double sq = 0.0;
  for (int i = 0; i < dim; ++i) sq += (p[i] - center[i]) * (p[i] - center[i]);
  return std::sqrt(sq) <= radius;
}

bool box_inside(const SpatialMask& m, const double* p) {
  const int dim = m.dim;
  if (m.azimuth == 0.0 && m.polar == 0.0) {
    for (int i = 0; i < dim; ++i) {
      if (!(m.lower_left[i] <= p[i] && p[i] <= m.upper_right[i])) return false;
    }
    return true;
  }
  const Rotation r(m);
  double c[3];
  for (int i = 0; i < dim; ++i) c[i] = (m.upper_right[i] + m.lower_left[i]) * 0.5;
  double np[3];
  if (dim == 2) {
    np[0] = p[0] * r.az_cos - c[0] * r.az_cos + p[1] * r.az_sin - c[1] * r.az_sin + c[0];
    np[1] = -p[0] * r.az_sin + c[0] * r.az_sin + p[1] * r.az_cos - c[1] * r.az_cos + c[1];
  } else {
    const double acpc = r.az_cos * r.pol_cos, acps = r.az_cos * r.pol_sin, aspc = r.az_sin * r.pol_cos,
                 asps = r.az_sin * r.pol_sin;
    np[0] = p[0] * acpc - c[0] * r.az_cos * r.pol_cos + p[1] * aspc - c[1] * r.az_sin * r.pol_cos -
            p[2] * r.pol_sin + c[2] * r.pol_sin + c[0];
    np[1] = -p[0] * r.az_sin + c[0] * r.az_sin + p[1] * r.az_cos - c[1] * r.az_cos + c[1];
    np[2] = p[0] * acps - c[0] * r.az_cos * r.pol_sin + p[1] * asps - c[1] * r.az_sin * r.pol_sin +
            p[2] * r.pol_cos - c[2] * r.pol_cos + c[2];
  }
  for (int i = 0; i < dim; ++i) {
    if (!(m.lower_left[i] - 1e-12 <= np[i] && np[i] <= m.upper_right[i] + 1e-12)) return false;
  }
  return true;
}

bool ellipse_inside(const SpatialMask& m, const double* p) {
  const Rotation r(m);
  const double xs = 4.0 / (m.major * m.major), ys = 4.0 / (m.minor * m.minor);
  const double dx = p[0] - m.center[0], dy = p[1] - m.center[1];
  if (m.dim == 2) {
    const double nx = dx * r.az_cos + dy * r.az_sin;
    const double ny = dx * r.az_sin - dy * r.az_cos;
    return std::pow(nx, 2) * xs + std::pow(ny, 2) * ys <= 1;
  }
  const double zs = m.polar_axis > 0 ? 4.0 / (m.polar_axis * m.polar_axis) : 0.0;
  const double dz = p[2] - m.center[2];
  const double nx = (dx * r.az_cos + dy * r.az_sin) * r.pol_cos - dz * r.pol_sin;
  const double ny = dx * r.az_sin - dy * r.az_cos;
  const double nz = (dx * r.az_cos + dy * r.az_sin) * r.pol_sin + dz * r.pol_cos;
  return std::pow(nx, 2) * xs + std::pow(ny, 2) * ys + std::pow(nz, 2) * zs <= 1;
}

void box_bbox(const SpatialMask& m, double* lo, double* hi) {
  const int dim = m.dim;
  if (m.azimuth == 0.0 && m.polar == 0.0) {
    for (int i = 0; i < dim; ++i) {
      lo[i] = m.lower_left[i];
      hi[i] = m.upper_right[i];
    }
    return;
  }
  const Rotation r(m);
  double c[3];
  for (int i = 0; i < dim; ++i) {
    c[i] = (m.upper_right[i] + m.lower_left[i]) * 0.5;
    lo[i] = INFINITY;
    hi[i] = -INFINITY;
  }
  const int corners = dim == 2 ? 4 : 8;
  for (int k = 0; k < corners; ++k) {
    double a[3];
    for (int i = 0; i < dim; ++i) a[i] = ((k >> i) & 1 ? m.upper_right[i] : m.lower_left[i]) - c[i];
    double out[3];
    if (dim == 2) {
      out[0] = a[0] * r.az_cos - a[1] * r.az_sin;
      out[1] = a[0] * r.az_sin + a[1] * r.az_cos;
    } else {
      const double xy = a[0] * r.az_cos - a[1] * r.az_sin;
      out[0] = xy * r.pol_cos - a[2] * r.pol_sin;
      out[1] = a[0] * r.az_sin + a[1] * r.az_cos;
      out[2] = xy * r.pol_sin + a[2] * r.pol_cos;
    }
    for (int i = 0; i < dim; ++i) {
      lo[i] = std::min(lo[i], out[i] + c[i]);
      hi[i] = std::max(hi[i], out[i] + c[i]);
    }
  }
}

}  // namespace

SpatialMask SpatialMask::resolved(const LayerGeometry& pool) const {
  SpatialMask out = *this;
  if (pool.dim != dim) throw Error(ErrorKind::BadProperty, "Mask is incompatible with layer.");
  for (auto& c : out.children) c = c.resolved(pool);
  if (kind != Kind::grid) {
    return out;
  }
  if (!pool.grid) throw Error(ErrorKind::BadProperty, "Grid masks can only be used with grid layers.");
  // upper_left = -anchor, lower_right = shape - anchor (index units), then
  // a box in positions with rows pointing down (grid_mask.h, layer_impl.h).
  out.kind = Kind::box;
  out.azimuth = out.polar = 0.0;
  for (int i = 0; i < dim; ++i) {
    const double spacing = pool.extent[i] / static_cast<double>(pool.shape[i]);
    const double ul = -anchor[i], lr = static_cast<double>(grid_shape[i]) - anchor[i];
    out.lower_left[i] = spacing * ul - spacing * 0.5;
    out.upper_right[i] = spacing * lr - spacing * 0.5;
    out.anchor[i] = 0.0;
  }
  const double y = out.lower_left[1];
  out.lower_left[1] = -out.upper_right[1];
  out.upper_right[1] = -y;
  return out;
}

bool SpatialMask::inside_general(const double* q) const {
  double p[3];
  for (int i = 0; i < dim; ++i) p[i] = q[i] - anchor[i];
  switch (kind) {
    case Kind::ball: return ball_inside(p, center, radius, dim);
    case Kind::doughnut: return ball_inside(p, center, radius, dim) && !ball_inside(p, center, inner_radius, dim);
    case Kind::box: return box_inside(*this, p);
    case Kind::ellipse: return ellipse_inside(*this, p);
    case Kind::intersection: return children[0].inside(p) && children[1].inside(p);
    case Kind::union_: return children[0].inside(p) || children[1].inside(p);
    case Kind::difference: return children[0].inside(p) && !children[1].inside(p);
    case Kind::grid: break;
  }
  throw Error(ErrorKind::KernelException, "SpatialMask::inside: unresolved grid mask");
}

void SpatialMask::bbox(double* lo, double* hi) const {
  switch (kind) {
    case Kind::ball:
    case Kind::doughnut:
      for (int i = 0; i < dim; ++i) {
        lo[i] = center[i] - radius;
        hi[i] = center[i] + radius;
      }
      break;
    case Kind::ellipse: {
      double radii[3] = {major / 2.0, minor / 2.0, polar_axis / 2.0};
      if (azimuth != 0.0 || polar != 0.0) radii[0] = radii[1] = radii[2] = std::max(major, polar_axis) / 2.0;
      for (int i = 0; i < dim; ++i) {
        lo[i] = center[i] - radii[i];
        hi[i] = center[i] + radii[i];
      }
      break;
    }
    case Kind::box: box_bbox(*this, lo, hi); break;
    case Kind::intersection:
    case Kind::union_:
    case Kind::difference: {
      double lo2[3], hi2[3];
      children[0].bbox(lo, hi);
      if (kind == Kind::difference) break;
      children[1].bbox(lo2, hi2);
      for (int i = 0; i < dim; ++i) {
        lo[i] = kind == Kind::intersection ? std::max(lo[i], lo2[i]) : std::min(lo[i], lo2[i]);
        hi[i] = kind == Kind::intersection ? std::min(hi[i], hi2[i]) : std::max(hi[i], hi2[i]);
      }
      break;
    }
    case Kind::grid: throw Error(ErrorKind::KernelException, "SpatialMask::bbox: unresolved grid mask");
  }
  for (int i = 0; i < dim; ++i) {
    lo[i] += anchor[i];
    hi[i] += anchor[i];
  }
}

}  // namespace roost
