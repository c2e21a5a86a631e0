# SPDX-License-Identifier: GPL-2.0-or-later
"""Spatial layers: Create(positions=grid/free), NodeCollection.spatial,
slicing, the layer metadata for the connection code (roost._layers.geometry),
spatial Parameters and distributions. Expected values: NEST 3.10's formulas
(README-synapses2.md section 7) and its recorded outputs (queries_2d.json)."""

import json
import math
import os

import numpy as np
import pytest

REF = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "reference", "nest",
                   "spatial", "queries_2d.json")
REF = os.environ.get("ROOST_SPATIAL_QUERIES", "/work/shared/reference/nest/spatial/queries_2d.json") \
    if not os.path.exists(REF) else REF


def _reference():
    if not os.path.exists(REF):
        pytest.skip("NEST reference queries_2d.json not available")
    with open(REF) as f:
        return json.load(f)


def build_reference_layers(nest, ref):
    """The layers of queries_2d.json's protocol, by label."""
    layers = {}
    for spec in ref["protocol"]["layers"]:
        p = spec["positions"]
        if p["type"] == "grid":
            pos = nest.spatial.grid(shape=p["shape"], extent=p.get("extent"), center=p.get("center"),
                                    edge_wrap=p.get("edge_wrap", False))
        else:
            pos = nest.spatial.free(p["pos"], extent=p.get("extent"), edge_wrap=p.get("edge_wrap", False))
        layers[spec["label"]] = nest.Create(spec["model"], positions=pos)
    return layers


def grid_formula(shape, extent, center):
    cols, rows = shape
    out = []
    for k in range(cols * rows):
        i, j = k // rows, k % rows
        out.append([center[0] - extent[0] / 2 + (i + 0.5) * extent[0] / cols,
                    center[1] + extent[1] / 2 - (j + 0.5) * extent[1] / rows])
    return out


def test_grid_positions_and_order(nest):
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[4, 3], extent=[2.0, 1.5],
                                                                      center=[0.3, -0.2]))
    assert len(layer) == 12
    np.testing.assert_allclose(nest.GetPosition(layer), grid_formula([4, 3], [2.0, 1.5], [0.3, -0.2]),
                               atol=1e-12)
    s = layer.spatial
    assert set(s) == {"center", "edge_wrap", "extent", "network_size", "shape"}
    assert s["shape"].tolist() == [4, 3] and s["network_size"] == 12 and s["edge_wrap"] is False
    np.testing.assert_allclose(s["extent"], [2.0, 1.5])
    np.testing.assert_allclose(s["center"], [0.3, -0.2])


def test_grid_defaults(nest):
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[2, 2]))
    s = layer.spatial
    np.testing.assert_allclose(s["extent"], [1.0, 1.0])
    np.testing.assert_allclose(s["center"], [0.0, 0.0])
    assert nest.GetPosition(layer) == [[-0.25, 0.25], [-0.25, -0.25], [0.25, 0.25], [0.25, -0.25]]


def test_grid_3d_order(nest):
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[2, 2, 2]))
    # x slowest, then y from the top, then z fastest ascending (NEST 3.10's DumpLayerNodes)
    assert nest.GetPosition(layer) == [[-0.25, 0.25, -0.25], [-0.25, 0.25, 0.25], [-0.25, -0.25, -0.25],
                                       [-0.25, -0.25, 0.25], [0.25, 0.25, -0.25], [0.25, 0.25, 0.25],
                                       [0.25, -0.25, -0.25], [0.25, -0.25, 0.25]]
    assert layer.spatial["shape"].tolist() == [2, 2, 2]


def test_reference_layers(nest):
    ref = _reference()
    layers = build_reference_layers(nest, ref)
    for label, expected in ref["results"]["layers"].items():
        nc = layers[label]
        assert nc.tolist() == expected["node_ids"]
        np.testing.assert_allclose(nest.GetPosition(nc), expected["positions"], atol=1e-9)
        for key in ("extent", "center"):
            np.testing.assert_allclose(nc.spatial[key], expected["spatial"][key], atol=1e-12)
        assert nc.spatial["edge_wrap"] == expected["spatial"]["edge_wrap"]
        assert nc.spatial["network_size"] == expected["spatial"]["network_size"]
        if expected["spatial"].get("shape") is not None:
            assert nc.spatial["shape"].tolist() == expected["spatial"]["shape"]


def test_free_layer_extent_and_center(nest):
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[0.1, 0.2], [0.5, -0.3], [1.2, 0.4]]))
    s = layer.spatial
    assert set(s) == {"center", "edge_wrap", "extent", "network_size", "positions"}
    np.testing.assert_allclose(s["extent"], [2.0, 1.0])  # ceil(max - min)
    np.testing.assert_allclose(s["center"], [0.65, 0.05])  # midpoint of the bounding box
    np.testing.assert_allclose(s["positions"], [[0.1, 0.2], [0.5, -0.3], [1.2, 0.4]])
    given = nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[1.0, 2.0], [3.0, 4.0]],
                                                                      extent=[4.0, 4.0]))
    np.testing.assert_allclose(given.spatial["center"], [2.0, 3.0])


def test_free_layer_from_parameter_is_seeded(nest):
    def layer():
        nest.ResetKernel()
        nest.rng_seed = 17
        return nest.Create("iaf_psc_alpha", 50, positions=nest.spatial.free(
            nest.random.uniform(-0.5, 0.5), num_dimensions=2))
    a = np.array(nest.GetPosition(layer()))
    b = np.array(nest.GetPosition(layer()))
    assert a.shape == (50, 2)
    np.testing.assert_array_equal(a, b)
    assert np.all(np.abs(a) <= 0.5)
    assert not np.array_equal(a[:, 0], a[:, 1])  # x and y drawn apart
    three = nest.Create("iaf_psc_alpha", 4, positions=nest.spatial.free(
        [nest.random.uniform(), nest.random.normal(), nest.random.uniform(2, 3)]))
    assert np.array(nest.GetPosition(three)).shape == (4, 3)


def test_params_applied_and_spatial_node_parameter(nest):
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[3, 2], edge_wrap=True),
                        params={"V_m": nest.spatial.pos.x * 10.0, "I_e": 2.0})
    np.testing.assert_allclose(layer.V_m, [-10 / 3, -10 / 3, 0, 0, 10 / 3, 10 / 3], atol=1e-12)
    assert layer.I_e == (2.0,) * 6
    layer[1:3].set(V_m=nest.spatial.pos.y)
    np.testing.assert_allclose(layer.V_m[1:3], [-0.25, 0.25])
    plain = nest.Create("iaf_psc_alpha", 2)
    with pytest.raises(nest.NESTErrors.KernelException):
        plain.set(V_m=nest.spatial.pos.x)


def test_slicing_keeps_metadata(nest):
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[3, 2], extent=[3.0, 2.0]))
    part = layer[2:5]
    assert part.spatial["network_size"] == 3 and part.spatial["shape"].tolist() == [3, 2]
    assert nest.GetPosition(layer[3]) == [0.0, -0.5]
    assert nest.GetPosition(part) == [[0.0, 0.5], [0.0, -0.5], [1.0, 0.5]]
    assert layer[::2].spatial["network_size"] == 3
    assert "metadata=spatial" in repr(layer[1:3])
    first = next(iter(layer))
    assert first.spatial is not None
    # NEST drops the metadata for list indexing and joins
    assert layer[[0, 2]].spatial is None
    with pytest.raises(nest.NESTErrors.LayerExpected):
        nest.GetPosition(layer[[0, 2]])
    with pytest.raises(nest.NESTErrors.BadProperty, match="same metadata"):
        layer + nest.Create("iaf_psc_alpha")
    free = nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[0.1, 0.2], [0.5, -0.3], [1.2, 0.4]]))
    np.testing.assert_allclose(free[1:].spatial["positions"], [[0.5, -0.3], [1.2, 0.4]])


def test_reset_kernel_clears_layers(nest):
    from roost import _layers
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[2, 2]))
    assert _layers.geometry(layer) is not None
    nest.ResetKernel()
    assert _layers.geometry(layer) is None
    fresh = nest.Create("iaf_psc_alpha", 4)
    assert fresh.spatial is None and _layers.geometry(fresh) is None


def test_geometry_contract(nest):
    from roost import _layers
    grid = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[4, 3], extent=[4.0, 3.0],
                                                                     center=[0.5, 0.0], edge_wrap=True))
    g = _layers.geometry(grid[2:6])
    assert set(g) == {"positions", "extent", "center", "edge_wrap", "shape", "grid_index"}
    assert g["positions"].dtype == np.float64 and g["positions"].shape == (4, 2)
    assert g["grid_index"].dtype == np.int64
    assert g["grid_index"].tolist() == [[0, 2], [1, 0], [1, 1], [1, 2]]  # (column, row)
    assert g["shape"] == [4, 3] and g["edge_wrap"] is True
    assert g["extent"] == [4.0, 3.0] and g["center"] == [0.5, 0.0]
    free = nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[0.0, 0.0, 0.0], [1.0, 1.0, 2.0]]))
    f = _layers.geometry(free)
    assert f["shape"] is None and f["grid_index"] is None and f["positions"].shape == (2, 3)
    g3 = _layers.geometry(nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[2, 3, 2])))
    assert g3["grid_index"][:3].tolist() == [[0, 0, 0], [0, 0, 1], [0, 1, 0]]
    assert _layers.geometry(nest.Create("iaf_psc_alpha", 3)) is None


@pytest.mark.parametrize("positions, n, error, match", [
    (lambda s: s.grid(shape=[3, 2]), 2, ValueError, "Cannot specify number of nodes"),
    (lambda s: s.grid(shape=[3, 2, 1, 1]), 1, "BadProperty", "Shape must be of length 2 or 3."),
    (lambda s: s.grid(shape=[3, 0]), 1, "BadProperty", "All shape entries must be positive."),
    (lambda s: s.grid(shape=[3, 2], extent=[1.0, 2.0, 3.0]), 1, "BadProperty",
     "Expected a 2-dimensional position."),
    (lambda s: s.free([[1.0, 2.0]]), 1, "KernelException", "If only one node is created, 'extent'"),
    (lambda s: s.free([[1.0, 2.0, 3.0, 4.0], [1, 2, 3, 4]]), 1, "BadProperty",
     "Positions must have 2 or 3 coordinates."),
    (lambda s: s.free([[1.0, 2.0], [3, 4]], extent=[1.0, 1.0]), 1, "BadProperty",
     "Node position outside of layer"),
])
def test_layer_errors(nest, positions, n, error, match):
    exc = getattr(nest.NESTErrors, error) if isinstance(error, str) else error
    with pytest.raises(exc, match=match):
        nest.Create("iaf_psc_alpha", n, positions=positions(nest.spatial))


def test_free_argument_errors(nest):
    u = nest.random.uniform()
    with pytest.raises(TypeError, match="could not infer number of dimensions"):
        nest.spatial.free(u)
    with pytest.raises(ValueError, match="Number of dimensions must be 2 or 3"):
        nest.spatial.free(u, num_dimensions=4)
    with pytest.raises(TypeError, match="cannot be specified when using an array"):
        nest.spatial.free([[1.0, 2.0]], num_dimensions=2)
    with pytest.raises(TypeError, match="extent and number of dimensions"):
        nest.spatial.free(u, extent=[2.0, 2.0], num_dimensions=2)
    with pytest.raises(TypeError, match="must be either a nest.spatial.free"):
        nest.Create("iaf_psc_alpha", positions=[[1, 2]])


# ---------------------------------------------------------------- Parameters

def _apply(param, node, points):
    return np.array(param.apply(node, points))


def test_spatial_parameter_specs(nest):
    s = nest.spatial
    assert s.distance._spec == {"type": "spatial_distance"}
    assert s.distance.y._spec == {"type": "spatial_distance_component", "dimension": 1}
    assert s.source_pos.z._spec == {"type": "spatial_source_position", "dimension": 2}
    assert s.target_pos.x._spec == {"type": "spatial_target_position", "dimension": 0}
    assert s.pos.y._spec == {"type": "spatial_node_position", "dimension": 1}
    assert s.distance.is_spatial() and (2 * s.pos.x + 1).is_spatial()
    assert not (nest.random.uniform() * 2).is_spatial()
    with pytest.raises(nest.NESTErrors.KernelException):
        s.distance.GetValue()


def test_parameter_apply_matches_nest(nest):
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[3, 2], extent=[3.0, 2.0],
                                                                      edge_wrap=True))
    pts = [[0.0, 0.0], [1.0, 1.0], [2.5, 0.5]]
    d = nest.spatial.distance
    # values recorded with NEST 3.10 (node 0 at (-1, 0.5), periodic extent 3 x 2)
    np.testing.assert_allclose(_apply(d, layer[0], pts), [1.118033988749895, 1.118033988749895, 0.5])
    np.testing.assert_allclose(_apply(d.x, layer[0], pts), [1.0, 1.0, 0.5])
    np.testing.assert_allclose(_apply(nest.spatial.target_pos.x, layer[0], pts), [0.0, 1.0, 2.5])
    np.testing.assert_allclose(_apply(nest.spatial.source_pos.x, layer[0], pts), [-1.0] * 3)
    np.testing.assert_allclose(nest.spatial.pos.x.apply(layer), [-1, -1, 0, 0, 1, 1])
    cond = nest.logic.conditional(d < 0.5, 1.0, 0.0)
    np.testing.assert_allclose(_apply(cond, layer[0], [[0.0, 0.0], [1.0, 1.0], [0.2, 0.5]]), [0, 0, 0])
    g = nest.spatial_distributions.gamma(d, kappa=2.0, theta=0.5)
    np.testing.assert_allclose(_apply(g, layer[0], [[0.0, 0.0], [1.0, 1.0], [0.2, 0.5]]),
                               [0.47797261414158326, 0.47797261414158326, 0.43544617578918005])
    gs = nest.spatial_distributions.gaussian(d, std=1.0)
    np.testing.assert_allclose(_apply(gs, layer[0], [[0.0, 0.0]]), [0.5352614285189902])


def test_distribution_formulas(nest):
    layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[0.0, 0.0], [1.0, 1.0]]))
    pts = [[0.3, -0.4], [0.9, 0.2], [-0.6, 0.1]]
    dx = np.array([0.3, 0.9, 0.6])
    dy = np.array([0.4, 0.2, 0.1])
    r = np.hypot(dx, dy)
    sd, d = nest.spatial_distributions, nest.spatial.distance
    np.testing.assert_allclose(_apply(sd.exponential(d, beta=0.7), layer[0], pts), np.exp(-r / 0.7))
    np.testing.assert_allclose(_apply(sd.gaussian(d, mean=0.2, std=0.3), layer[0], pts),
                               np.exp(-(r - 0.2) ** 2 / (2 * 0.09)))
    X, Y = (dx - 0.1) / 0.5, (dy - 0.0) / 0.3
    rho = 0.4
    np.testing.assert_allclose(
        _apply(sd.gaussian2D(d.x, d.y, mean_x=0.1, std_x=0.5, std_y=0.3, rho=rho), layer[0], pts),
        np.exp(-(X * X + Y * Y - 2 * rho * X * Y) / (2 * (1 - rho * rho))))
    np.testing.assert_allclose(_apply(sd.gamma(d, kappa=3.0, theta=0.25), layer[0], pts),
                               r ** 2 * np.exp(-r / 0.25) / (0.25 ** 3 * math.gamma(3.0)))


def test_distribution_errors(nest):
    sd, d = nest.spatial_distributions, nest.spatial.distance
    with pytest.raises(nest.NESTErrors.BadProperty, match="std > 0 required for gaussian"):
        sd.gaussian(d, std=-1.0)
    with pytest.raises(nest.NESTErrors.BadProperty, match="beta > 0 required for exponential"):
        sd.exponential(d, beta=0.0)
    with pytest.raises(nest.NESTErrors.BadProperty, match="kappa > 0 required for gamma"):
        sd.gamma(d, kappa=0.0)
    with pytest.raises(nest.NESTErrors.BadProperty, match="-1 < rho < 1 required for gaussian2d"):
        sd.gaussian2D(d.x, d.y, rho=1.0)
    with pytest.raises(nest.NESTErrors.TypeMismatch):
        sd.gaussian(0.5, std=1.0)
