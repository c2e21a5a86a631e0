# SPDX-License-Identifier: GPL-2.0-or-later
"""NodeCollection: container behaviour, printing, get/set in all forms."""

import numpy as np
import pytest


@pytest.fixture
def ten(nest):
    return nest.Create("iaf_psc_alpha", 10)


def test_len_bool_iter(nest, ten):
    assert len(ten) == 10 and bool(ten)
    items = list(ten)
    assert all(isinstance(x, nest.NodeCollection) and len(x) == 1 for x in items)
    assert [x.global_id for x in items] == list(range(1, 11))
    empty = nest.NodeCollection([])
    assert len(empty) == 0 and not empty


def test_contains(nest, ten):
    assert 1 in ten and 10 in ten and 11 not in ten and 0 not in ten
    assert ten[3] in ten


def test_indexing(nest, ten):
    assert ten[0].global_id == 1
    assert ten[-1].global_id == 10
    assert ten[-10].global_id == 1
    assert isinstance(ten[2], nest.NodeCollection)
    with pytest.raises(IndexError):
        ten[10]
    with pytest.raises(IndexError):
        ten[-11]
    assert ten[np.int64(4)].global_id == 5


def test_slicing(nest, ten):
    assert ten[2:5].tolist() == [3, 4, 5]
    assert ten[:3].tolist() == [1, 2, 3]
    assert ten[7:].tolist() == [8, 9, 10]
    assert ten[::3].tolist() == [1, 4, 7, 10]
    assert ten[1:8:2].tolist() == [2, 4, 6, 8]
    assert ten[-3:].tolist() == [8, 9, 10]
    with pytest.raises(IndexError):
        ten[::-1]


def test_array_indexing(nest, ten):
    assert ten[[1, 2, 5]].tolist() == [2, 3, 6]
    mask = [i % 2 == 0 for i in range(10)]
    assert ten[mask].tolist() == [1, 3, 5, 7, 9]
    assert ten[np.array([0, 9])].tolist() == [1, 10]


def test_add_orders_by_id_and_rejects_overlap(nest, errors, ten):
    b = nest.Create("iaf_psc_exp", 3)
    assert (b + ten).tolist() == list(range(1, 14))
    assert (ten[5:] + ten[:2]).tolist() == [1, 2, 6, 7, 8, 9, 10]
    with pytest.raises(errors.NESTError):
        ten + ten[3:5]
    with pytest.raises(ValueError):
        ten[:5] + ten[4:]
    with pytest.raises(TypeError):
        ten + [11]


def test_equality(nest, ten):
    assert ten == nest.NodeCollection(list(range(1, 11)))
    assert ten[:3] != ten[:4]
    assert ten[2] == nest.NodeCollection([3])
    assert (ten == 5) is False


def test_tolist_global_id_array(nest, ten):
    assert ten.tolist() == list(range(1, 11))
    assert all(type(i) is int for i in ten.tolist())
    assert ten.global_id == tuple(range(1, 11))
    assert ten[4].global_id == 5
    arr = np.array(ten)
    assert arr.dtype.kind == "i" and arr.tolist() == list(range(1, 11))
    assert np.asarray(ten[2:4]).tolist() == [3, 4]


def test_node_collection_from_list(nest, errors, ten):
    nc = nest.NodeCollection([2, 4, 6])
    assert nc.tolist() == [2, 4, 6]
    assert nc.get("model") == ("iaf_psc_alpha",) * 3
    assert nest.NodeCollection(np.array([3, 7])).tolist() == [3, 7]
    with pytest.raises(errors.BadProperty):
        nest.NodeCollection([4, 2])
    with pytest.raises(errors.BadProperty):
        nest.NodeCollection([2, 2, 3])
    with pytest.raises(errors.UnknownNode):
        nest.NodeCollection([5, 11])
    with pytest.raises(errors.TypeMismatch):
        nest.NodeCollection([1.5, 2.5])


def test_str_like_nest(nest, ten):
    assert str(ten) == "NodeCollection(metadata=None, model=iaf_psc_alpha, size=10, first=1, last=10)"
    assert repr(ten) == str(ten)
    assert str(ten[2]) == "NodeCollection(metadata=None, model=iaf_psc_alpha, size=1, first=3)"
    assert str(ten[::2]) == ("NodeCollection(metadata=None, model=iaf_psc_alpha, size=5, "
                             "first=1, last=9, step=2)")
    b = nest.Create("iaf_psc_exp", 5)
    assert str(ten + b) == ("NodeCollection(metadata=None,\n"
                            "               model=iaf_psc_alpha, size=10, first=1, last=10;\n"
                            "               model=iaf_psc_exp, size=5, first=11, last=15)")
    assert "size=2, first=2, last=3;" in str(ten[[1, 2, 5, 6]])


def test_get_single_and_multiple(nest, ten):
    assert ten[0].get("V_m") == -70.0
    assert ten[:3].get("V_m") == (-70.0, -70.0, -70.0)
    d = ten[0].get(["V_m", "C_m"])
    assert d == {"V_m": -70.0, "C_m": 250.0}
    d = ten[:2].get(["V_m", "C_m"])
    assert d == {"V_m": (-70.0, -70.0), "C_m": (250.0, 250.0)}
    assert ten[:2].get("V_m", "C_m") == {"V_m": (-70.0, -70.0), "C_m": (250.0, 250.0)}
    assert ten[0].get("global_id") == 1
    assert ten[0].get("element_type") == "neuron"


def test_get_all(nest, ten):
    one = ten[0].get()
    assert one["C_m"] == 250.0 and one["global_id"] == 1 and one["model"] == "iaf_psc_alpha"
    many = ten[:3].get()
    assert many["global_id"] == (1, 2, 3)
    assert many["tau_m"] == (10.0, 10.0, 10.0)


def test_get_json(nest, ten):
    import json
    assert json.loads(ten[:2].get("V_m", output="json")) == [-70.0, -70.0]


def test_get_pandas(nest, ten):
    try:
        import pandas  # noqa: F401
    except ImportError:
        with pytest.raises(nest.NESTError):
            ten.get("V_m", output="pandas")
        return
    df = ten[:3].get(["V_m", "C_m"], output="pandas")
    assert list(df.index) == [1, 2, 3]


def test_get_types_preserved(nest):
    sr = nest.Create("spike_recorder")
    assert sr.get("time_in_steps") is False
    assert isinstance(sr.get("n_events"), int)
    assert sr.get("record_to") == "memory"


def test_get_unknown_key(nest, errors, ten):
    with pytest.raises(errors.UnknownParameter):
        ten.get("no_such_key")
    with pytest.raises(KeyError):
        ten[0].get(["V_m", "no_such_key"])
    with pytest.raises(AttributeError):
        ten.no_such_key  # noqa: B018
    assert not hasattr(ten, "no_such_key")
    with pytest.raises(errors.NESTError):
        nest.NodeCollection([]).get("V_m")


def test_set_forms(nest, ten):
    ten.set({"I_e": 100.0})
    assert ten.I_e == (100.0,) * 10
    ten.set(I_e=50.0, C_m=200.0)
    assert ten.I_e == (50.0,) * 10 and ten.C_m == (200.0,) * 10
    ten[:3].set([{"I_e": 1.0}, {"I_e": 2.0}, {"I_e": 3.0}])
    assert ten[:4].I_e == (1.0, 2.0, 3.0, 50.0)
    ten[:3].set({"V_m": [-60.0, -61.0, -62.0], "E_L": -65.0})
    assert ten[:3].V_m == (-60.0, -61.0, -62.0)
    assert ten[:3].E_L == (-65.0,) * 3
    ten.set(I_e=np.linspace(0, 9, 10))
    assert ten.I_e == tuple(float(i) for i in range(10))


def test_set_empty_is_noop(nest):
    nest.NodeCollection([]).set(I_e=5.0)


def test_attribute_write(nest, ten):
    ten.V_m = -65.0
    assert ten.V_m == (-65.0,) * 10
    ten[0].I_e = 376.0
    assert ten[0].I_e == 376.0 and ten[1].I_e == 0.0
    ten.I_e = [float(i) for i in range(10)]
    assert ten.I_e[9] == 9.0
    ten.V_m = nest.random.uniform(-70.0, -60.0)
    v = np.array(ten.V_m)
    assert np.all((v >= -70) & (v < -60)) and len(set(v.tolist())) == 10
    ten.V_m = nest.random.normal(-65.0, 1.0) * 1.0 + 0.0
    assert len(set(ten.V_m)) == 10


def test_set_dependent_fields_together(nest, ten):
    # V_th below the current V_reset is only valid together with a lower V_reset
    ten.set({"V_th": -75.0, "V_reset": -80.0})
    assert ten.V_th == (-75.0,) * 10 and ten.V_reset == (-80.0,) * 10
    ten.set({"V_reset": -60.0, "V_th": -50.0})
    assert ten.V_th == (-50.0,) * 10 and ten.V_reset == (-60.0,) * 10


def test_set_errors_change_nothing(nest, errors, ten, usable):
    with pytest.raises(errors.UnknownParameter):
        ten.set({"I_e": 5.0, "no_such_key": 1.0})
    with pytest.raises(errors.UnknownParameter):
        ten.set([{"I_e": 1.0}] * 9 + [{"bogus": 1.0}])
    with pytest.raises(AttributeError):
        ten.no_such_key = 3
    with pytest.raises(errors.TypeMismatch):
        ten.I_e = "strong"
    with pytest.raises(errors.TypeMismatch):
        ten.set({"I_e": 3.0, "C_m": "heavy"})
    with pytest.raises(errors.BadProperty):
        ten.I_e = [1.0, 2.0]
    with pytest.raises(errors.BadProperty):
        ten.tau_m = -1.0
    with pytest.raises(errors.BadProperty):
        ten.set({"I_e": 5.0, "tau_m": 0.0})
    with pytest.raises(errors.BadProperty):
        ten.tau_m = [10.0] * 9 + [-1.0]
    with pytest.raises(errors.BadProperty):
        ten.set([{"I_e": 7.0}] * 9 + [{"tau_m": -1.0}])
    with pytest.raises(errors.TypeMismatch):
        ten.set([{"I_e": 1.0}] * 3)
    with pytest.raises(errors.TypeMismatch):
        ten.set(42)
    with pytest.raises(errors.NESTError):
        ten.set({"I_e": 1.0}, I_e=2.0)
    assert ten.I_e == (0.0,) * 10
    assert ten.tau_m == (10.0,) * 10
    assert ten.C_m == (250.0,) * 10
    usable()


def test_read_only_fields(nest, errors, ten):
    with pytest.raises(errors.NESTError):
        ten.global_id = 3
    with pytest.raises(errors.NESTError):
        ten[0].set(model="iaf_psc_exp")


def test_get_set_on_mixed_models(nest):
    a = nest.Create("iaf_psc_alpha", 2)
    b = nest.Create("iaf_psc_exp", 2)
    both = a + b
    both.I_e = 10.0
    assert both.I_e == (10.0,) * 4
    assert both.get("model") == ("iaf_psc_alpha",) * 2 + ("iaf_psc_exp",) * 2


def test_stale_node_collection_after_reset(nest, errors):
    old = nest.Create("iaf_psc_alpha", 2)
    nest.ResetKernel()
    nest.Create("iaf_psc_alpha", 2)
    with pytest.raises(errors.KernelException):
        old.get("V_m")
    with pytest.raises(errors.KernelException):
        old.V_m = -60.0


def test_spatial_attribute_is_none(nest, ten):
    assert ten.spatial is None


def test_slice_bounds_as_nest(nest):
    """NEST raises IndexError for a slice start or stop beyond the collection."""
    nc = nest.Create("iaf_psc_alpha", 5)
    assert nc[:5].tolist() == nc.tolist() and nc[4:].tolist() == nc.tolist()[4:]
    assert nc[-5:].tolist() == nc.tolist()
    with pytest.raises(IndexError, match="stop"):
        nc[:6]
    with pytest.raises(IndexError, match="start"):
        nc[5:]
    with pytest.raises(IndexError, match="start"):
        nc[-6:]


def test_per_node_values_as_nest_reads_them(nest, errors):
    """NEST gives node i value i of a sequence: a longer one is read up to the node count
    (NEST's store_restore_network example relies on it), a shorter one is an error."""
    n = nest.Create("iaf_psc_alpha", 3, params={"V_m": [-60.0, -61.0, -62.0, -63.0]})
    assert list(n.get("V_m")) == [-60.0, -61.0, -62.0]
    n.set(V_th=[-50.0, -51.0, -52.0, -53.0, -54.0])
    assert list(n.get("V_th")) == [-50.0, -51.0, -52.0]
    with pytest.raises(errors.BadProperty, match="got 2 values for 3 nodes"):
        n.set(V_m=[-70.0, -71.0])
    assert list(n.get("V_m")) == [-60.0, -61.0, -62.0]


def test_sum_and_iterables_as_nest(nest):
    a = nest.Create("iaf_psc_alpha", 2)
    b = nest.Create("iaf_psc_alpha", 3)
    assert sum([a, b]) == a + b
    assert a + 0 == a and 0 + a == a
    assert nest.NodeCollection(i for i in (1, 2, 3)).tolist() == [1, 2, 3]
    assert nest.NodeCollection({3, 1}).tolist() == [1, 3]
    assert (a + b)._to_array() == {"All": [1, 2, 3, 4, 5]}
    assert (a + b)._to_array("rank") == {"Rank 0": [1, 2, 3, 4, 5]}


def test_get_nodes_matches_properties(nest):
    n = nest.Create("iaf_psc_alpha", 3)
    rec = nest.Create("spike_recorder")
    n[1].V_m = -60.0
    assert nest.GetNodes() == n + rec
    assert nest.GetNodes({"model": "iaf_psc_alpha"}) == n
    assert nest.GetNodes({"V_m": -60.0}) == n[1]
    assert nest.GetNodes({"model": "iaf_psc_alpha"}, local_only=True) == n
    assert len(nest.GetNodes({"model": "parrot_neuron"})) == 0


def test_names_come_as_lists_and_keys_as_any_collection(nest):
    n = nest.Create("iaf_psc_alpha")
    assert isinstance(n.recordables, list)  # NEST scripts do recordables + ["times"]
    assert isinstance(nest.GetDefaults("multimeter")["record_from"], list)
    values = nest.GetDefaults("spike_recorder", {"start", "stop"})
    assert sorted(values) == [0.0, nest.GetDefaults("spike_recorder", "stop")]
    assert nest.GetDefaults("iaf_psc_alpha", {"C_m": 1}.keys()) == (250.0,)
