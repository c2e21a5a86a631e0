# SPDX-License-Identifier: GPL-2.0-or-later
"""Connect: rules, spec forms, arrays, Parameters, device directions, errors."""

import numpy as np
import pytest


@pytest.fixture
def pops(nest):
    return nest.Create("iaf_psc_alpha", 3), nest.Create("iaf_psc_alpha", 4)


def pairs(conns):
    return list(zip(conns.source, conns.target)) if len(conns) > 1 else \
        [(conns.source, conns.target)]


def test_default_all_to_all_static_synapse(nest, pops):
    a, b = pops
    assert nest.Connect(a, b) is None
    conns = nest.GetConnections()
    assert len(conns) == 12 and nest.num_connections == 12
    assert sorted(pairs(conns)) == sorted((s, t) for s in a.tolist() for t in b.tolist())
    assert set(conns.weight) == {1.0}
    assert set(conns.delay) == {1.0}
    assert set(conns.synapse_model) == {"static_synapse"}


def test_rule_as_string_and_dict(nest, pops):
    a, b = pops
    nest.Connect(a, b[:3], "one_to_one")
    assert sorted(pairs(nest.GetConnections())) == [(1, 4), (2, 5), (3, 6)]
    nest.Connect(a, b[:3], {"rule": "one_to_one"})
    assert nest.num_connections == 6
    nest.Connect(a, b, conn_spec={"rule": "all_to_all"})
    assert nest.num_connections == 18


def test_fixed_indegree(nest):
    a = nest.Create("iaf_psc_alpha", 20)
    b = nest.Create("iaf_psc_alpha", 5)
    nest.Connect(a, b, {"rule": "fixed_indegree", "indegree": 4})
    conns = nest.GetConnections(target=b)
    assert len(conns) == 20
    targets = np.array(conns.target)
    assert all(np.sum(targets == t) == 4 for t in b.tolist())
    assert set(conns.source) <= set(a.tolist())


def test_fixed_indegree_without_autapses(nest):
    a = nest.Create("iaf_psc_alpha", 10)
    nest.Connect(a, a, {"rule": "fixed_indegree", "indegree": 9, "allow_autapses": False})
    conns = nest.GetConnections()
    assert len(conns) == 90
    assert all(s != t for s, t in pairs(conns))


def test_fixed_outdegree_total_number_bernoulli(nest):
    a = nest.Create("iaf_psc_alpha", 6)
    b = nest.Create("iaf_psc_alpha", 8)
    nest.Connect(a, b, {"rule": "fixed_outdegree", "outdegree": 3})
    src = np.array(nest.GetConnections(source=a).source)
    assert len(src) == 18 and all(np.sum(src == s) == 3 for s in a.tolist())
    nest.ResetKernel()
    a = nest.Create("iaf_psc_alpha", 6)
    b = nest.Create("iaf_psc_alpha", 8)
    nest.Connect(a, b, {"rule": "fixed_total_number", "N": 17})
    assert nest.num_connections == 17
    nest.ResetKernel()
    a = nest.Create("iaf_psc_alpha", 30)
    nest.Connect(a, a, {"rule": "pairwise_bernoulli", "p": 0.0})
    assert nest.num_connections == 0
    nest.Connect(a, a, {"rule": "pairwise_bernoulli", "p": 1.0})
    assert nest.num_connections == 900
    nest.ResetKernel()
    a = nest.Create("iaf_psc_alpha", 100)
    nest.Connect(a, a, {"rule": "pairwise_bernoulli", "p": 0.1})
    assert 600 < nest.num_connections < 1400


def test_syn_spec_dict_scalars(nest, pops):
    a, b = pops
    nest.Connect(a, b, syn_spec={"weight": -2.5, "delay": 3.0})
    conns = nest.GetConnections()
    assert set(conns.weight) == {-2.5} and set(conns.delay) == {3.0}


def test_positional_specs(nest, pops):
    a, b = pops
    nest.Connect(a, b, "all_to_all", {"synapse_model": "static_synapse", "weight": 5.0})
    assert set(nest.GetConnections().weight) == {5.0}


def test_syn_spec_model_name_string(nest, pops):
    a, b = pops
    nest.Connect(a, b, "all_to_all", "static_synapse")
    nest.CopyModel("static_synapse", "inh", {"weight": -4.0})
    nest.Connect(a, b, "all_to_all", "inh")
    assert set(nest.GetConnections(synapse_model="inh").weight) == {-4.0}
    nest.Connect(a, b, syn_spec={"synapse_model": "inh", "weight": -8.0})
    assert sorted(set(nest.GetConnections(synapse_model="inh").weight)) == [-8.0, -4.0]


def test_delay_rounded_to_resolution(nest, pops):
    a, b = pops
    nest.Connect(a[0], b[0], syn_spec={"delay": 1.04})
    assert nest.GetConnections().delay == pytest.approx(1.0)


def test_weight_arrays_one_to_one(nest):
    a = nest.Create("iaf_psc_alpha", 3)
    b = nest.Create("iaf_psc_alpha", 3)
    nest.Connect(a, b, "one_to_one", {"weight": [1.0, 2.0, 3.0], "delay": np.array([1.0, 2.0, 3.0])})
    conns = nest.GetConnections()
    assert dict(zip(conns.source, conns.weight)) == {1: 1.0, 2: 2.0, 3: 3.0}
    assert dict(zip(conns.source, conns.delay)) == {1: 1.0, 2: 2.0, 3: 3.0}


def test_weight_arrays_all_to_all_shape(nest, errors, pops):
    a, b = pops
    w = np.arange(12, dtype=float).reshape(4, 3)  # (n_targets, n_sources)
    nest.Connect(a, b, "all_to_all", {"weight": w})
    conns = nest.GetConnections()
    for s, t, wt in zip(conns.source, conns.target, conns.weight):
        assert wt == w[t - 4, s - 1]
    with pytest.raises(errors.BadProperty):
        nest.Connect(a, b, "all_to_all", {"weight": w.T})
    with pytest.raises(errors.BadProperty):
        nest.Connect(a, b, "all_to_all", {"weight": np.ones(12)})
    assert nest.num_connections == 12


def test_weight_arrays_fixed_indegree_shape(nest, errors):
    a = nest.Create("iaf_psc_alpha", 10)
    b = nest.Create("iaf_psc_alpha", 2)
    w = np.array([[1.0, 2.0, 3.0], [4.0, 5.0, 6.0]])
    nest.Connect(a, b, {"rule": "fixed_indegree", "indegree": 3}, {"weight": w})
    conns = nest.GetConnections()
    assert sorted(conns.weight) == [1.0, 2.0, 3.0, 4.0, 5.0, 6.0]
    for t, row in zip(b.tolist(), w):
        assert sorted(nest.GetConnections(target=nest.NodeCollection([t])).weight) == list(row)
    with pytest.raises(errors.BadProperty):
        nest.Connect(a, b, {"rule": "fixed_indegree", "indegree": 3}, {"weight": np.ones(6)})
    with pytest.raises(errors.BadProperty):
        nest.Connect(a, a, {"rule": "pairwise_bernoulli", "p": 0.5}, {"weight": np.ones(100)})


def test_parameters_in_syn_spec(nest):
    a = nest.Create("iaf_psc_alpha", 20)
    b = nest.Create("iaf_psc_alpha", 20)
    nest.Connect(a, b, "all_to_all", {"weight": nest.random.uniform(1.0, 2.0),
                                      "delay": nest.random.uniform(1.0, 3.0)})
    conns = nest.GetConnections()
    w, d = np.array(conns.weight), np.array(conns.delay)
    assert np.all((w >= 1.0) & (w < 2.0)) and len(np.unique(w)) > 300
    assert np.all((d >= 1.0) & (d <= 3.0))
    assert np.allclose(np.round(d / 0.1) * 0.1, d)


def test_parameter_arithmetic_and_redraw_in_syn_spec(nest):
    a = nest.Create("iaf_psc_alpha", 10)
    w = nest.math.redraw(nest.random.normal(mean=5.0, std=3.0), min=4.0, max=6.0)
    nest.Connect(a, a, syn_spec={"weight": w * 2.0 + 1.0})
    weights = np.array(nest.GetConnections().weight)
    assert np.all((weights >= 9.0) & (weights <= 13.0))


def test_return_synapsecollection(nest, pops):
    a, b = pops
    conns = nest.Connect(a, b, return_synapsecollection=True)
    assert isinstance(conns, nest.SynapseCollection) and len(conns) == 12


def test_connect_arrays_of_ids(nest):
    nest.Create("iaf_psc_alpha", 5)
    nest.Connect([1, 2, 2, 5], [3, 3, 4, 1], syn_spec={"weight": [1.0, 2.0, 3.0, 4.0]})
    conns = nest.GetConnections()
    got = sorted(zip(conns.source, conns.target, conns.weight))
    assert got == [(1, 3, 1.0), (2, 3, 2.0), (2, 4, 3.0), (5, 1, 4.0)]


def test_devices_in_right_direction(nest):
    n = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(nest.Create("dc_generator"), n)
    nest.Connect(nest.Create("poisson_generator"), n)
    nest.Connect(nest.Create("voltmeter"), n)
    nest.Connect(nest.Create("multimeter"), n)
    nest.Connect(n, nest.Create("spike_recorder"))
    assert nest.num_connections == 10


def test_devices_in_wrong_direction(nest, errors, usable):
    n = nest.Create("iaf_psc_alpha", 2)
    sr = nest.Create("spike_recorder")
    vm = nest.Create("voltmeter")
    gen = nest.Create("dc_generator")
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(sr, n)
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(n, vm)
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(n, gen)
    assert nest.num_connections == 0
    usable()


def test_delay_below_resolution(nest, errors, usable, pops):
    a, b = pops
    with pytest.raises(errors.BadDelay):
        nest.Connect(a, b, syn_spec={"delay": 0.01})
    with pytest.raises(ValueError):
        nest.Connect(a, b, syn_spec={"delay": 0.0})
    with pytest.raises(errors.BadDelay):
        nest.Connect(a, b, syn_spec={"delay": -1.0})
    assert nest.num_connections == 0
    usable()


def test_connect_spec_errors(nest, errors, usable, pops):
    a, b = pops
    with pytest.raises(errors.NESTError):
        nest.Connect(a, b, "no_such_rule")
    with pytest.raises(errors.BadProperty):
        nest.Connect(a, b, {"indegree": 2})
    with pytest.raises(errors.TypeMismatch):
        nest.Connect(a, b, {"rule": "fixed_indegree", "indegree": 2.5})
    with pytest.raises(errors.TypeMismatch):
        nest.Connect(a, b, 42)
    with pytest.raises(errors.UnknownParameter):
        nest.Connect(a, b, {"rule": "all_to_all", "no_such_key": 1})
    with pytest.raises(errors.BadProperty):
        nest.Connect(a, b, "one_to_one")
    with pytest.raises(errors.UnknownModelName):
        nest.Connect(a, b, syn_spec="no_such_synapse")
    with pytest.raises(errors.NESTError):
        nest.Connect(a, b, syn_spec="iaf_psc_alpha")
    with pytest.raises(errors.UnknownParameter):
        nest.Connect(a, b, syn_spec={"no_such_param": 1.0})
    with pytest.raises(errors.TypeMismatch):
        nest.Connect(a, b, syn_spec={"weight": "heavy"})
    with pytest.raises(errors.TypeMismatch):
        nest.Connect(a, b, syn_spec={"weight": {"distribution": "normal", "mu": 1.0, "sigma": 0.1}})
    with pytest.raises(errors.TypeMismatch):
        nest.Connect(a, b, syn_spec={"synapse_model": 3})
    with pytest.raises(errors.TypeMismatch):
        nest.Connect(a.tolist()[0], b)
    with pytest.raises(errors.NESTError):
        nest.Connect(a, b, {"rule": "fixed_indegree", "indegree": 10, "allow_multapses": False})
    # a mask needs layers (NEST raises a TypeError)
    with pytest.raises(TypeError, match="must have spatial information"):
        nest.Connect(a, b, {"rule": "pairwise_bernoulli", "p": 0.5, "mask": {"circular": {"radius": 1.0}}})
    assert nest.num_connections == 0
    usable()


def test_connect_stale_collection(nest, errors):
    a = nest.Create("iaf_psc_alpha", 2)
    nest.ResetKernel()
    b = nest.Create("iaf_psc_alpha", 2)
    with pytest.raises(errors.KernelException):
        nest.Connect(a, b)


def test_receptor_type(nest, errors):
    if "iaf_psc_exp_multisynapse" not in nest.Models():
        pytest.skip("iaf_psc_exp_multisynapse not built")
    n = nest.Create("iaf_psc_exp_multisynapse", params={"tau_syn": [1.0, 2.0]})
    sg = nest.Create("spike_generator", params={"spike_times": [1.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": 2})
    assert nest.GetConnections().receptor == 2
    with pytest.raises(errors.NESTError):
        nest.Connect(sg, n, syn_spec={"receptor_type": 3})


def test_nest_device_connection_rules(nest):
    n = nest.Create("iaf_psc_alpha", 2)
    rec = nest.Create("spike_recorder", 2)
    # Probabilistic rules cannot target nodes without proxies (devices), as NEST.
    for spec in ({"rule": "fixed_indegree", "indegree": 1}, {"rule": "fixed_total_number", "N": 1},
                 {"rule": "pairwise_bernoulli", "p": 1.0}, {"rule": "fixed_outdegree", "outdegree": 1}):
        with pytest.raises(nest.NESTErrors.IllegalConnection, match="without proxies"):
            nest.Connect(n, rec, spec)
    nest.Connect(n, rec, "one_to_one")
    # A stimulating device sends through one synapse model only.
    gen = nest.Create("poisson_generator")
    nest.CopyModel("static_synapse", "other_static")
    nest.Connect(gen, n[0])
    nest.Connect(gen, n[1])
    with pytest.raises(nest.NESTErrors.IllegalConnection, match="same synapse type"):
        nest.Connect(gen, n, syn_spec="other_static")
    assert nest.GetDefaults("other_static", "synapse_modelid") > nest.GetDefaults("static_synapse",
                                                                                "synapse_modelid")
    assert list(nest.GetConnections(gen).synapse_id) == [nest.GetDefaults("static_synapse", "synapse_modelid")] * 2


def test_simulation_time_and_device_times_on_the_grid(nest):
    nest.resolution = 1.0
    for t, what in ((1.5, "multiple of the simulation resolution"), (-1.0, "negative"),
                    (float("inf"), "finite"), (1e16, "finite")):
        with pytest.raises(nest.NESTErrors.BadParameter, match=what):
            nest.Simulate(t)
    for key in ("start", "stop", "origin"):
        with pytest.raises(nest.NESTErrors.BadProperty, match=f"{key} must be a multiple"):
            nest.SetDefaults("spike_recorder", {key: 1.5})
        with pytest.raises(nest.NESTErrors.BadProperty, match=f"{key} must be a multiple"):
            nest.Create("spike_generator", params={key: 2.5})
    nest.Simulate(2.0)
    assert nest.biological_time == 2.0


def _pairwise_poisson_pairs(nest, threads):
    nest.ResetKernel()
    nest.set(local_num_threads=threads, rng_seed=11)
    pop = nest.Create("iaf_psc_alpha", 60)
    nest.Connect(pop, pop, {"rule": "pairwise_poisson", "pairwise_avg_num_conns": 0.3})
    conns = nest.GetConnections()
    return sorted(zip(conns.source, conns.target))


def test_pairwise_poisson_statistics_and_invariance(nest):
    pairs = _pairwise_poisson_pairs(nest, 1)
    n = len(pairs)
    expected = 0.3 * 60 * 60  # autapses allowed by default
    assert abs(n - expected) < 5 * expected ** 0.5
    assert len(set(pairs)) < n  # Poisson counts give multapses
    assert pairs == _pairwise_poisson_pairs(nest, 2)
    pop = nest.Create("iaf_psc_alpha", 3)
    with pytest.raises(nest.NESTErrors.BadProperty, match="Multapses must be allowed"):
        nest.Connect(pop, pop, {"rule": "pairwise_poisson", "pairwise_avg_num_conns": 1.0,
                                "allow_multapses": False})
    with pytest.raises(nest.NESTErrors.BadProperty, match="pairwise_avg_num_conns"):
        nest.Connect(pop, pop, {"rule": "pairwise_poisson", "pairwise_avg_num_conns": -1.0})
    with pytest.raises(nest.NESTErrors.BadProperty, match="requires 'pairwise_avg_num_conns'"):
        nest.Connect(pop, pop, {"rule": "pairwise_poisson"})


def _symmetric_pairs(nest, threads):
    nest.ResetKernel()
    nest.set(local_num_threads=threads, rng_seed=4)
    pop = nest.Create("iaf_psc_alpha", 80)
    nest.Connect(pop, pop, {"rule": "symmetric_pairwise_bernoulli", "p": 0.1, "allow_autapses": False,
                            "make_symmetric": True}, {"weight": 2.0})
    conns = nest.GetConnections()
    return sorted(zip(conns.source, conns.target)), conns.weight


def test_symmetric_pairwise_bernoulli(nest):
    pairs, weights = _symmetric_pairs(nest, 1)
    assert sorted((t, s) for s, t in pairs) == pairs  # every connection has its reverse
    assert all(s != t for s, t in pairs) and set(weights) == {2.0}
    expected = 2 * 80 * 80 * 0.1  # k ~ Binomial(80, 0.1) per target, both directions
    assert abs(len(pairs) - expected) < 5 * (2 * expected) ** 0.5
    assert pairs == _symmetric_pairs(nest, 2)[0]
    pop = nest.Create("iaf_psc_alpha", 3)
    base = {"rule": "symmetric_pairwise_bernoulli", "p": 0.5, "allow_autapses": False, "make_symmetric": True}
    for change, message in (({"make_symmetric": False}, "Symmetric connections must be enabled"),
                            ({"allow_autapses": True}, "Autapses must be disabled"),
                            ({"allow_multapses": False}, "Multapses must be enabled"),
                            ({"p": 1.0}, "0 <= p < 1")):
        with pytest.raises(nest.NESTErrors.BadProperty, match=message):
            nest.Connect(pop, pop, {**base, **change})
    with pytest.raises(nest.NESTErrors.NotImplemented, match="can be reset"):
        nest.Connect(pop, pop, base, {"weight": nest.random.uniform()})


def test_make_symmetric_one_to_one(nest):
    a = nest.Create("iaf_psc_alpha", 3)
    b = nest.Create("iaf_psc_alpha", 3)
    nest.Connect(a, b, {"rule": "one_to_one", "make_symmetric": True}, {"weight": [1.0, 2.0, 3.0], "delay": 1.5})
    conns = nest.GetConnections()
    assert list(conns.source) == [1, 2, 3, 4, 5, 6] and list(conns.target) == [4, 5, 6, 1, 2, 3]
    assert list(conns.weight) == [1.0, 2.0, 3.0, 1.0, 2.0, 3.0]
    with pytest.raises(nest.NESTErrors.NotImplemented, match="does not support symmetric"):
        nest.Connect(a, b, {"rule": "all_to_all", "make_symmetric": True})
    with pytest.raises(nest.NESTErrors.NotImplemented, match="can be reset"):
        nest.Connect(a, b, {"rule": "one_to_one", "make_symmetric": True}, {"weight": nest.random.uniform()})
