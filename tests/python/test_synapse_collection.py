# SPDX-License-Identifier: GPL-2.0-or-later
"""GetConnections and SynapseCollection."""

import numpy as np
import pytest


@pytest.fixture
def net(nest):
    a = nest.Create("iaf_psc_alpha", 2)
    b = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(a, b)                                        # 4 static
    nest.CopyModel("static_synapse", "strong", {"weight": 10.0})
    nest.Connect(b, a, "one_to_one", "strong")                # 2 strong
    return a, b


def test_get_connections_filters(nest, net):
    a, b = net
    assert len(nest.GetConnections()) == 6
    assert set(nest.GetConnections(source=a).source) == {1, 2}
    assert set(nest.GetConnections(target=a).target) == {1, 2}
    assert len(nest.GetConnections(source=a, target=b)) == 4
    assert len(nest.GetConnections(source=a, target=a)) == 0
    assert len(nest.GetConnections(synapse_model="strong")) == 2
    assert len(nest.GetConnections(source=b, synapse_model="static_synapse")) == 0
    assert len(nest.GetConnections(source=a[0])) == 2
    assert len(nest.GetConnections(target=b[1], source=a[0])) == 1


def test_get_connections_ordered_by_source_then_target(nest, net):
    conns = nest.GetConnections()
    keys = list(zip(conns.source, conns.target))
    assert keys == sorted(keys)


def test_get_connections_errors(nest, errors, net):
    with pytest.raises(errors.UnknownModelName):
        nest.GetConnections(synapse_model="no_such_synapse")
    with pytest.raises(errors.TypeMismatch):
        nest.GetConnections(source=[1, 2])


def test_len_iter_index_slice(nest, net):
    conns = nest.GetConnections(source=net[0])
    assert len(conns) == 4
    items = list(conns)
    assert all(isinstance(c, nest.SynapseCollection) and len(c) == 1 for c in items)
    assert [c.target for c in items] == conns.target
    assert conns[0].source == 1 and conns[-1].source == 2
    assert len(conns[1:3]) == 2 and len(conns[::2]) == 2
    assert conns[1:3].target == conns.target[1:3]
    with pytest.raises(IndexError):
        conns[4]
    assert conns[0] == conns[0] and conns[0] != conns[1]
    assert list(conns.sources()) == conns.source
    assert list(conns.targets()) == conns.target


def test_get_forms(nest, net):
    conns = nest.GetConnections(source=net[0])
    assert conns.get("weight") == [1.0, 1.0, 1.0, 1.0]
    assert conns[0].get("weight") == 1.0
    d = conns.get(["source", "target"])
    assert d["source"] == [1, 1, 2, 2] and d["target"] == [3, 4, 3, 4]
    assert conns[2].get(["source", "target"]) == {"source": 2, "target": 3}
    full = conns.get()
    for key in ("source", "target", "weight", "delay", "synapse_model", "port", "receptor",
                "target_thread", "synapse_id"):
        assert key in full and len(full[key]) == 4
    one = conns[0].get()
    assert one["source"] == 1 and one["synapse_model"] == "static_synapse"
    assert isinstance(conns.get("weight", output="json"), str)


def test_get_unknown_key(nest, errors, net):
    conns = nest.GetConnections()
    with pytest.raises(errors.UnknownParameter):
        conns.get("no_such_key")
    with pytest.raises(AttributeError):
        conns.no_such_key  # noqa: B018


def test_set_forms(nest, net):
    conns = nest.GetConnections(source=net[0])
    conns.set(weight=2.0)
    assert conns.weight == [2.0] * 4
    conns.set({"weight": [1.0, 2.0, 3.0, 4.0], "delay": 2.0})
    assert conns.weight == [1.0, 2.0, 3.0, 4.0] and conns.delay == [2.0] * 4
    conns.set([{"weight": 5.0}, {"weight": 6.0}, {"weight": 7.0}, {"delay": 3.0}])
    assert conns.weight == [5.0, 6.0, 7.0, 4.0] and conns.delay == [2.0, 2.0, 2.0, 3.0]
    conns.weight = 9.0
    assert conns.weight == [9.0] * 4
    conns.delay = [1.5, 1.6, 1.7, 1.8]
    assert conns.delay == pytest.approx([1.5, 1.6, 1.7, 1.8])
    conns.weight = nest.random.uniform(0.0, 1.0)
    w = np.array(conns.weight)
    assert np.all((w >= 0) & (w < 1)) and len(set(w.tolist())) == 4
    # untouched connections keep their values
    assert nest.GetConnections(synapse_model="strong").weight == [10.0, 10.0]


def test_set_errors_change_nothing(nest, errors, net, usable):
    conns = nest.GetConnections(source=net[0])
    with pytest.raises(errors.BadProperty):
        conns.set(source=5)
    with pytest.raises(errors.UnknownParameter):
        conns.set({"weight": 3.0, "no_such_key": 1.0})
    with pytest.raises(errors.TypeMismatch):
        conns.set(weight="heavy")
    with pytest.raises(errors.BadProperty):
        conns.set(weight=[1.0, 2.0])
    with pytest.raises(errors.BadDelay):
        conns.set({"weight": 3.0, "delay": 0.001})
    with pytest.raises(errors.TypeMismatch):
        conns.set([{"weight": 1.0}])
    assert conns.weight == [1.0] * 4 and conns.delay == [1.0] * 4
    usable()


def test_str_table(nest, net):
    text = str(nest.GetConnections(source=net[0]))
    lines = text.splitlines()
    assert lines[0].split() == ["source", "target", "synapse", "model", "weight", "delay"]
    assert set(lines[1].replace(" ", "")) == {"-"}
    assert lines[2].split() == ["1", "3", "static_synapse", "1.000", "1.000"]
    assert len(lines) == 6


def test_str_long_table_is_abbreviated(nest):
    a = nest.Create("iaf_psc_alpha", 7)
    nest.Connect(a, a)
    conns = nest.GetConnections()
    assert len(str(conns).splitlines()) == 2 + 30 + 1
    conns.print_all = True
    assert len(str(conns).splitlines()) == 2 + 49


def test_empty_collection(nest):
    conns = nest.GetConnections()
    assert len(conns) == 0
    assert conns.get() == ()
    assert conns.get("weight") == ()
    assert list(conns) == []
    conns.set(weight=2.0)  # no-op
    assert "does not contain any connections" in str(conns)


def test_synapse_parameters(nest):
    if "stdp_synapse" not in nest.Models():
        pytest.skip("stdp_synapse not built")
    a = nest.Create("iaf_psc_alpha", 2)
    nest.Connect(a, a, "one_to_one", {"synapse_model": "stdp_synapse", "weight": 2.0,
                                      "tau_plus": 15.0})
    conns = nest.GetConnections(synapse_model="stdp_synapse")
    assert conns.tau_plus == [15.0, 15.0]
    conns.tau_plus = 25.0
    assert conns.get("tau_plus") == [25.0, 25.0]
    assert "tau_plus" in conns.get()


def test_legacy_get_set_status_on_connections(nest, net):
    conns = nest.GetConnections(source=net[0])
    assert nest.GetStatus(conns, "weight") == (1.0, 1.0, 1.0, 1.0)
    status = nest.GetStatus(conns)
    assert isinstance(status, tuple) and len(status) == 4 and status[0]["source"] == 1
    nest.SetStatus(conns, {"weight": 4.0})
    assert conns.weight == [4.0] * 4
    nest.SetStatus(conns, "weight", [1.0, 2.0, 3.0, 4.0])
    assert conns.weight == [1.0, 2.0, 3.0, 4.0]


def test_collection_after_reset_is_empty(nest, net):
    conns = nest.GetConnections()
    nest.ResetKernel()
    assert conns.get() == ()
