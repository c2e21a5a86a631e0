# SPDX-License-Identifier: GPL-2.0-or-later
"""Spatial layers: the metadata of every layer made by ``Create(..., positions=...)``.

A layer is one block of consecutive node ids (one Create call) with a
position per node, an extent, a centre, edge_wrap and, for grid layers, the
shape and each node's grid index. The metadata lives here, on the Python side,
keyed by the kernel epoch (``ResetKernel`` forgets every layer).

A NodeCollection carries its layer in ``_layer`` (as NEST's metadata): Create
sets it, integer and slice indexing keep it, list indexing, ``+`` and
``NodeCollection([...])`` drop it.

``geometry(nc)`` is the interface with the spatial connection code (the
spatial contract, section B).
"""

import math

import numpy as np

from . import _state
from .errors import BadProperty, KernelException, NESTErrors

__all__ = ["Layer", "geometry", "layer_of", "spatial_dict", "grid_positions"]

_epoch = None
_layers = []  # every Layer of the current epoch, in creation order


class Layer:
    """One spatial layer: node ids first .. first + n - 1."""

    __slots__ = ("first", "n", "positions", "extent", "center", "edge_wrap", "shape",
                 "grid_index")

    def __init__(self, first, positions, extent, center, edge_wrap, shape=None, grid_index=None):
        self.first = int(first)
        self.positions = np.ascontiguousarray(positions, dtype=np.float64)
        self.n = len(self.positions)
        self.extent = [float(v) for v in extent]
        self.center = [float(v) for v in center]
        self.edge_wrap = bool(edge_wrap)
        self.shape = None if shape is None else [int(v) for v in shape]
        self.grid_index = None if grid_index is None else np.asarray(grid_index, dtype=np.int64)

    @property
    def dim(self):
        return self.positions.shape[1]

    @property
    def last(self):
        return self.first + self.n - 1

    @property
    def is_grid(self):
        return self.shape is not None

    def index(self, ids):
        """Indices into this layer of the node ids (all must belong to it)."""
        return np.asarray(ids, dtype=np.int64) - self.first

    def contains(self, ids):
        ids = np.asarray(ids, dtype=np.int64)
        return len(ids) > 0 and ids.min() >= self.first and ids.max() <= self.last


def _current():
    global _epoch, _layers
    if _epoch != _state.epoch:
        _epoch = _state.epoch
        _layers = []
    return _layers


def register(layer):
    """Remember a new layer (called by Create)."""
    _current().append(layer)
    return layer


def layer_of(nc):
    """The Layer that nc carries (its metadata), or None."""
    layer = getattr(nc, "_layer", None) if nc is not None else None
    if layer is None or not len(nc):
        return None
    if _epoch != _state.epoch or getattr(nc, "_epoch", None) != _state.epoch:
        return None
    return layer


def require_layer(nc):
    """The Layer of nc; NEST's LayerExpected if it has none."""
    layer = layer_of(nc)
    if layer is None:
        raise NESTErrors.LayerExpected("LayerExpected")
    return layer


def geometry(nc):
    """Contract section B: the geometry of nc's nodes, or None if nc is not
    (a part of) one spatial layer.

    ``{"positions": (len(nc), dim) float64, "extent": [..], "center": [..],
    "edge_wrap": bool, "shape": [columns, rows(, depth)] or None,
    "grid_index": (len(nc), dim) int64 or None}``
    """
    layer = layer_of(nc)
    if layer is None:
        return None
    idx = layer.index(nc._ids)
    return {
        "positions": layer.positions[idx],
        "extent": list(layer.extent),
        "center": list(layer.center),
        "edge_wrap": layer.edge_wrap,
        "shape": None if layer.shape is None else list(layer.shape),
        "grid_index": None if layer.grid_index is None else layer.grid_index[idx],
    }


def positions_of(nc):
    """(len(nc), dim) positions of nc's nodes (LayerExpected if nc has no layer)."""
    layer = require_layer(nc)
    return layer.positions[layer.index(nc._ids)]


def spatial_dict(nc):
    """``nc.spatial`` as NEST 3.10 gives it (None without a layer)."""
    layer = layer_of(nc)
    if layer is None:
        return None
    d = {"center": np.array(layer.center), "edge_wrap": layer.edge_wrap,
         "extent": np.array(layer.extent), "network_size": len(nc)}
    if layer.is_grid:
        d["shape"] = np.array(layer.shape)
    else:
        d["positions"] = layer.positions[layer.index(nc._ids)].copy()
    return d


# ---------------------------------------------------------------- construction

def grid_positions(shape, extent, center):
    """Positions and grid indices of a grid layer in NEST's node order.

    2D: node k is in column k // rows and row k % rows; x grows with the
    column, y falls with the row (row 0 at the top). 3D: x slowest, then y
    from the top, then z fastest in ascending order.
    """
    shape = [int(s) for s in shape]
    dim = len(shape)
    ranges = [np.arange(s) for s in shape]
    mesh = np.meshgrid(*ranges, indexing="ij")  # column slowest, last index fastest
    index = np.stack([m.ravel() for m in mesh], axis=1).astype(np.int64)
    pos = np.empty(index.shape, dtype=np.float64)
    for d in range(dim):
        # NEST's GridLayer::gridpos_to_position, operation for operation (so that
        # positions, and mask boundaries hit by them, agree to the last bit):
        # corner + (E / n) * i + (E / n) * 0.5, y from the upper corner with -E
        corner = float(center[d]) - float(extent[d]) / 2
        ext = float(extent[d])
        if d == 1:
            corner, ext = corner + ext, -ext
        step = ext / shape[d]
        pos[:, d] = (corner + step * index[:, d].astype(np.float64)) + step * 0.5
    return pos, index


def grid_layer(first, shape, extent=None, center=None, edge_wrap=False):
    """A grid Layer for nodes first ..; NEST's checks and messages."""
    shape = [int(v) for v in shape]
    dim = len(shape)
    ext = [1.0] * dim if extent is None else [float(v) for v in extent]
    cen = [0.0] * dim if center is None else [float(v) for v in center]
    if len(ext) != dim or len(cen) != dim:
        raise BadProperty(f"Expected a {dim}-dimensional position.")
    pos, index = grid_positions(shape, ext, cen)
    return Layer(first, pos, ext, _reported_center(cen, ext), edge_wrap, shape=shape, grid_index=index)


def _reported_center(center, extent):
    """The centre as NEST reports it: lower_left + extent / 2, with lower_left =
    center - extent / 2 (it can differ from the given centre in the last bit)."""
    return [(float(c) - float(e) / 2) + float(e) / 2 for c, e in zip(center, extent)]


def check_grid_shape(shape):
    """NEST's checks of a grid shape before any node is created; returns the node count."""
    try:
        shape = [int(v) for v in shape]
    except (TypeError, ValueError):
        raise BadProperty("shape must be a list of 2 or 3 positive integers") from None
    if not all(v > 0 for v in shape):
        raise BadProperty("All shape entries must be positive.")
    if len(shape) not in (2, 3):
        raise BadProperty("Shape must be of length 2 or 3.")
    return math.prod(shape)


def free_layer(first, positions, extent=None, edge_wrap=False):
    """A free Layer from an (n, dim) array of positions; NEST's extent and centre:
    the centre is the midpoint of the positions' bounding box; without an
    extent it is ceil(max - min) per dimension."""
    pos = np.asarray(positions, dtype=np.float64)
    lo, hi = pos.min(axis=0), pos.max(axis=0)
    center = (hi + lo) / 2
    dim = pos.shape[1]
    if extent is not None:
        ext = np.array([float(v) for v in extent])
        if len(ext) != dim:
            raise BadProperty(f"Expected a {dim}-dimensional position.")
        if np.any(lo < center - ext / 2) or np.any(hi > center + ext / 2):
            raise BadProperty("Node position outside of layer")
    else:
        if len(pos) <= 1:
            raise KernelException("If only one node is created, 'extent' must be specified.")
        ext = np.ceil(hi - lo)
    return Layer(first, pos, ext, _reported_center(center, ext), edge_wrap)


def check_free_positions(pos):
    """(n, dim) float array of user positions; NEST's errors."""
    try:
        arr = np.asarray(pos, dtype=np.float64)
    except (TypeError, ValueError):
        raise BadProperty("Positions must have 2 or 3 coordinates.") from None
    if arr.size == 0 or arr.ndim != 2:
        if arr.ndim == 1 and arr.size == 0:
            raise ValueError("Number of dimensions must be 2 or 3")
        raise BadProperty("Positions must have 2 or 3 coordinates.")
    if arr.shape[1] not in (2, 3):
        raise BadProperty("Positions must have 2 or 3 coordinates.")
    return arr
