# SPDX-License-Identifier: GPL-2.0-or-later
"""``nest.spatial``: layer positions (grid, free) and the spatial Parameters.

``nest.spatial.distance`` (and ``.x .y .z``), ``source_pos``, ``target_pos``
(connection Parameters: the pair's geometry) and ``pos`` (node Parameters:
the node's own position). Their spec dicts are those of the spatial contract,
section A; dimensions count from 0 (x).
"""

import numpy as np

from .parameters import Parameter

__all__ = ["grid", "free", "distance", "pos", "source_pos", "target_pos"]


def _leaf(kind, dimension=None):
    spec = {"type": kind}
    if dimension is not None:
        spec["dimension"] = int(dimension)
    return Parameter(spec)


class DistanceParameter(Parameter):
    """The distance between the two nodes of a connection (shortest periodic
    image when the pool layer has edge_wrap); ``.x .y .z`` are the ABSOLUTE
    values of the displacement components."""

    __slots__ = ()

    def __init__(self):
        super().__init__({"type": "spatial_distance"})

    @property
    def x(self):
        """|dx| between the two nodes of a connection."""
        return _leaf("spatial_distance_component", 0)

    @property
    def y(self):
        """|dy| between the two nodes of a connection."""
        return _leaf("spatial_distance_component", 1)

    @property
    def z(self):
        """|dz| between the two nodes of a connection."""
        return _leaf("spatial_distance_component", 2)

    @staticmethod
    def n(dimension):
        """|d| along dimension (0 = x, as NEST's pos.n; NEST's distance.n counts from 1)."""
        return _leaf("spatial_distance_component", int(dimension) - 1)


distance = DistanceParameter()


class _Positions:
    """x, y, z (and n(dimension)) of one kind of position Parameter."""

    def __init__(self, kind, doc):
        self._kind = kind
        self.__doc__ = doc

    @property
    def x(self):
        return _leaf(self._kind, 0)

    @property
    def y(self):
        return _leaf(self._kind, 1)

    @property
    def z(self):
        return _leaf(self._kind, 2)

    def n(self, dimension):
        """The position along dimension (0 = x)."""
        return _leaf(self._kind, dimension)

    def __repr__(self):
        return f"<nest.spatial {self._kind[8:]}>"


pos = _Positions("spatial_node_position",
                 "Position of a node (node parameters: Create params, set).")
source_pos = _Positions("spatial_source_position",
                        "Position of a connection's source node (signed).")
target_pos = _Positions("spatial_target_position",
                        "Position of a connection's target node (signed).")


class grid:
    """Grid positions: ``grid(shape, center=None, extent=None, edge_wrap=False)``.

    shape is [columns, rows] or [columns, rows, depth]; the default extent is
    1 in each dimension, the default centre the origin.
    """

    def __init__(self, shape, center=None, extent=None, edge_wrap=False):
        self.shape = shape
        self.center = center
        self.extent = extent
        self.edge_wrap = edge_wrap

    def __repr__(self):
        return (f"nest.spatial.grid(shape={self.shape}, center={self.center}, "
                f"extent={self.extent}, edge_wrap={self.edge_wrap})")


class free:
    """Free positions: a list/array of [x, y(, z)], a list of one Parameter per
    dimension, or one Parameter (then num_dimensions or extent says how many
    dimensions; Create(model, n, positions=...) draws one position per node).

    Without extent the layer's extent is ceil(max - min) of the positions per
    dimension; the centre is always the midpoint of their bounding box.
    """

    def __init__(self, pos, extent=None, edge_wrap=False, num_dimensions=None):
        if extent and num_dimensions:
            raise TypeError("extent and number of dimensions cannot be specified at the same time")
        if isinstance(pos, (list, tuple, np.ndarray)):
            if num_dimensions:
                raise TypeError("number of dimensions cannot be specified when using an array of positions")
            if len(pos) == sum(isinstance(d, Parameter) for d in pos):
                self.pos = self._parameter_list(list(pos))
            else:
                self.pos = pos
        elif isinstance(pos, Parameter):
            if extent:
                num_dimensions = len(extent)
            if not num_dimensions:
                raise TypeError("could not infer number of dimensions. Set num_dimensions or extent "
                                "when using Parameter as pos")
            self.pos = self._parameter_list([pos] * num_dimensions)
        else:
            raise TypeError("pos must be either an array of positions, or a Parameter")
        self.extent = extent
        self.edge_wrap = edge_wrap

    @staticmethod
    def _parameter_list(params):
        if len(params) < 2 or len(params) > 3:
            raise ValueError("Number of dimensions must be 2 or 3")
        return _DimensionParameter(params)

    def __repr__(self):
        return f"nest.spatial.free(pos={self.pos!r}, extent={self.extent}, edge_wrap={self.edge_wrap})"


class _DimensionParameter:
    """One Parameter per dimension: a node's position is drawn from them."""

    def __init__(self, params):
        self.params = params

    def __len__(self):
        return len(self.params)

    def __repr__(self):
        return f"DimensionParameter({self.params})"
