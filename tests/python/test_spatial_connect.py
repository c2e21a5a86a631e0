# SPDX-License-Identifier: GPL-2.0-or-later
"""Spatial Connect plumbing: when Connect generates spatially (NEST's
_connect_layers_needed), NEST's errors, CreateMask and its combinations,
spatial Parameters without layers, evaluate_parameter with positions, and the
kernel staying usable after a refused spatial Connect."""

import numpy as np
import pytest


def grid(nest, n=5, extent=1.0, wrap=False):
    return nest.Create("iaf_psc_alpha", positions=nest.spatial.grid([n, n], extent=[extent, extent],
                                                                   edge_wrap=wrap))


def pairs(nest, syn=None):
    c = nest.GetConnections(synapse_model=syn)
    return sorted(zip(c.get("source"), c.get("target"))) if len(c) else []


def test_mask_selects_neighbours(nest):
    layer = grid(nest)  # spacing 0.2
    nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"circular": {"radius": 0.21}},
                                "allow_autapses": False})
    # Interior nodes have 4 neighbours at distance 0.2, corners 2.
    indeg = np.bincount(nest.GetConnections().get("target"), minlength=26)[1:]
    assert indeg.max() == 4 and indeg.min() == 2
    assert nest.num_connections == 4 * 5 * 4  # 2 * (rows * (cols - 1) + cols * (rows - 1))


def test_create_mask_combinations_match_dicts(nest):
    layer = grid(nest, 7, 7.0)
    ring = nest.CreateMask("circular", {"radius": 2.0}) - nest.CreateMask("circular", {"radius": 1.0})
    nest.CopyModel("static_synapse", "syn_a")
    nest.CopyModel("static_synapse", "syn_b")
    nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": ring}, "syn_a")
    nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0,
                                "mask": {"doughnut": {"inner_radius": 1.0, "outer_radius": 2.0}}}, "syn_b")
    assert pairs(nest, "syn_a") == pairs(nest, "syn_b")
    both = nest.CreateMask("rectangular", {"lower_left": [-1.0, -1.0], "upper_right": [1.0, 1.0]}) & \
        nest.CreateMask("circular", {"radius": 1.0}, anchor=[1.0, 0.0])
    nest.CopyModel("static_synapse", "syn_c")
    nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": both}, "syn_c")
    # Around the centre node (gid 25, at 0, 0): nodes in the unit square with
    # |q - (1, 0)| <= 1, i.e. (0, 0), (1, 0), (1, 1), (1, -1).
    c = nest.GetConnections(source=layer[24:25], synapse_model="syn_c")
    assert sorted(c.get("target")) == [25, 31, 32, 33]


def test_errors_as_nest(nest, errors):
    layer = grid(nest, 4, 1.0, wrap=True)
    plain = nest.Create("iaf_psc_alpha", 3)
    with pytest.raises(errors.BadProperty, match="Mask size must not exceed layer size"):
        nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"circular": {"radius": 0.6}}})
    with pytest.raises(TypeError, match="Presynaptic NodeCollection must have spatial information"):
        nest.Connect(plain, layer, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"circular": {"radius": 0.2}}})
    with pytest.raises(ValueError, match="only possible connection rules"):
        nest.Connect(layer, layer, "all_to_all", {"weight": nest.spatial.distance})
    with pytest.raises(errors.NESTError, match="not defined"):
        nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"blob": {"radius": 0.2}}})
    with pytest.raises(errors.NESTError, match="Unaccessed"):
        nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0,
                                    "mask": {"circular": {"radius": 0.2, "foo": 1}}})
    with pytest.raises(errors.NESTError, match="Not enough sources found inside mask"):
        nest.Connect(layer, layer, {"rule": "fixed_indegree", "indegree": 5, "allow_multapses": False,
                                    "mask": {"circular": {"radius": 0.1}}})
    with pytest.raises(errors.NESTError, match="Grid masks can only be used with grid layers"):
        free = nest.Create("iaf_psc_alpha", positions=nest.spatial.free([[0.1, 0.1], [0.2, 0.3]], extent=[1.0, 1.0]))
        nest.Connect(free, free, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"grid": {"shape": [2, 2]}}})
    assert nest.num_connections == 0
    nest.Connect(layer, layer, {"rule": "pairwise_bernoulli", "p": 1.0, "mask": {"circular": {"radius": 0.3}}})
    assert nest.num_connections > 0  # still usable


def test_spatial_parameter_needs_layers(nest, errors):
    a = nest.Create("iaf_psc_alpha", 2)
    with pytest.raises(errors.NESTError, match="spatial"):
        nest.Create("iaf_psc_alpha", 2, params={"V_m": nest.spatial.pos.x})
    del a


def test_evaluate_parameter_with_positions(nest):
    k = nest._state.kernel()
    spec = (nest.spatial.pos.x * 2.0 + nest.spatial.pos.y).spec()
    pos = np.array([[0.5, 1.0], [-1.0, 0.25]])
    np.testing.assert_allclose(k.evaluate_parameter(spec, np.array([1, 2], dtype=np.int64), pos), [2.0, -1.75])


def test_distance_weights_and_degree_rules(nest):
    layer = grid(nest, 6, 1.2, wrap=True)
    nest.Connect(layer, layer, {"rule": "fixed_indegree", "indegree": 3, "p": nest.spatial.distance,
                                "mask": {"circular": {"radius": 0.45}}, "allow_autapses": False},
                 {"weight": nest.spatial.distance, "delay": 1.0 + nest.spatial.distance})
    c = nest.GetConnections()
    assert len(c) == 36 * 3
    w, d = np.asarray(c.get("weight")), np.asarray(c.get("delay"))
    assert (w > 0).all() and (w <= 0.45 + 1e-12).all()
    np.testing.assert_allclose(d, np.round((1.0 + w) / 0.1) * 0.1, atol=1e-12)
