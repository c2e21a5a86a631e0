# SPDX-License-Identifier: GPL-2.0-or-later
"""Create in all its forms, and its errors."""

import numpy as np
import pytest


def test_ids_are_one_based_and_consecutive(nest):
    a = nest.Create("iaf_psc_alpha", 3)
    sr = nest.Create("spike_recorder")
    b = nest.Create("iaf_psc_exp", 2)
    assert a.tolist() == [1, 2, 3]
    assert sr.tolist() == [4]
    assert b.tolist() == [5, 6]
    assert nest.network_size == 6


def test_create_single_default(nest):
    n = nest.Create("iaf_psc_alpha")
    assert len(n) == 1
    assert n.global_id == 1
    assert n.get("model") == "iaf_psc_alpha"
    assert n.V_m == -70.0


def test_create_n_keyword(nest):
    assert len(nest.Create("iaf_psc_alpha", n=4)) == 4


def test_create_params_dict_scalars(nest):
    n = nest.Create("iaf_psc_alpha", 3, params={"I_e": 376.0, "tau_m": 12.0})
    assert n.I_e == (376.0,) * 3
    assert n.tau_m == (12.0,) * 3
    # the model defaults are untouched
    assert nest.GetDefaults("iaf_psc_alpha", "I_e") == 0.0
    assert nest.GetDefaults("iaf_psc_alpha", "tau_m") == 10.0


def test_create_two_positional_args_dict(nest):
    mm = nest.Create("multimeter", {"record_from": ["V_m"], "interval": 0.5})
    assert len(mm) == 1
    assert list(mm.get("record_from")) == ["V_m"]
    assert mm.interval == 0.5


def test_create_params_per_node_lists_and_arrays(nest):
    n = nest.Create("iaf_psc_alpha", 3, params={"I_e": [1.0, 2.0, 3.0],
                                                "V_m": np.array([-60.0, -61.0, -62.0])})
    assert n.I_e == (1.0, 2.0, 3.0)
    assert n.V_m == (-60.0, -61.0, -62.0)


def test_create_params_single_per_node_key(nest):
    n = nest.Create("iaf_psc_alpha", 4, params={"I_e": np.arange(4.0)})
    assert n.I_e == (0.0, 1.0, 2.0, 3.0)


def test_create_params_mixed_scalar_and_per_node(nest):
    n = nest.Create("iaf_psc_alpha", 2, params={"I_e": [5.0, 6.0], "C_m": 200.0})
    assert n.I_e == (5.0, 6.0)
    assert n.C_m == (200.0, 200.0)


def test_create_params_parameter(nest):
    n = nest.Create("iaf_psc_alpha", 50, params={"V_m": nest.random.uniform(-70.0, -55.0)})
    v = np.array(n.V_m)
    assert np.all((v >= -70.0) & (v < -55.0))
    assert len(np.unique(v)) > 40


def test_create_params_list_of_dicts(nest):
    n = nest.Create("iaf_psc_alpha", 2, params=[{"I_e": 10.0}, {"I_e": 20.0, "C_m": 100.0}])
    assert n.I_e == (10.0, 20.0)
    assert n.C_m == (250.0, 100.0)


def test_create_device_params(nest):
    sg = nest.Create("spike_generator", params={"spike_times": [10.0, 30.0]})
    assert list(sg.spike_times) == [10.0, 30.0]
    pg = nest.Create("poisson_generator", params={"rate": 8000.0})
    assert pg.rate == 8000.0
    sr = nest.Create("spike_recorder", params={"label": "ex", "start": 5.0, "stop": 50.0})
    assert sr.label == "ex" and sr.start == 5.0 and sr.stop == 50.0


def test_create_spike_generators_same_list_for_all(nest):
    sg = nest.Create("spike_generator", 2, params={"spike_times": [1.0, 2.0]})
    assert [list(x) for x in sg.spike_times] == [[1.0, 2.0], [1.0, 2.0]]


def test_create_unknown_model(nest, errors, usable):
    with pytest.raises(errors.UnknownModelName):
        nest.Create("no_such_model")
    with pytest.raises(KeyError):
        nest.Create("no_such_model", 3)
    assert nest.network_size == 0
    usable()


def test_create_unknown_parameter_creates_nothing(nest, errors, usable):
    with pytest.raises(errors.UnknownParameter, match="no_such_param"):
        nest.Create("iaf_psc_alpha", 5, params={"no_such_param": 1.0})
    with pytest.raises(errors.UnknownParameter):
        nest.Create("iaf_psc_alpha", 2, params={"I_e": [1.0, 2.0], "bogus": [1, 2]})
    with pytest.raises(errors.UnknownParameter):
        nest.Create("iaf_psc_alpha", 2, params=[{"I_e": 1.0}, {"bogus": 2.0}])
    assert nest.network_size == 0
    usable()


def test_create_wrong_types_create_nothing(nest, errors, usable):
    with pytest.raises(errors.TypeMismatch):
        nest.Create("iaf_psc_alpha", params={"I_e": "strong"})
    with pytest.raises(errors.TypeMismatch):
        nest.Create("iaf_psc_alpha", 2, params={"I_e": ["a", "b"]})
    with pytest.raises(errors.TypeMismatch):
        nest.Create("spike_generator", params={"spike_times": 5.0})
    with pytest.raises(errors.TypeMismatch):
        nest.Create("iaf_psc_alpha", 2.5)
    with pytest.raises(errors.TypeMismatch):
        nest.Create(["iaf_psc_alpha"])
    with pytest.raises(errors.TypeMismatch):
        nest.Create("spike_recorder", params={"label": 3})
    assert nest.network_size == 0
    usable()


def test_create_bad_values_create_nothing(nest, errors, usable):
    with pytest.raises(errors.BadProperty):
        nest.Create("iaf_psc_alpha", 3, params={"tau_m": -1.0})
    with pytest.raises(errors.BadProperty):
        nest.Create("iaf_psc_alpha", 3, params={"tau_m": 0.0})
    with pytest.raises(errors.BadProperty):
        nest.Create("iaf_psc_alpha", 3, params={"V_reset": -50.0})
    with pytest.raises(errors.BadProperty):
        nest.Create("iaf_psc_alpha", 0)
    with pytest.raises(errors.BadProperty):
        nest.Create("iaf_psc_alpha", 3, params={"I_e": [1.0, 2.0]})
    with pytest.raises(errors.BadProperty):
        nest.Create("iaf_psc_alpha", 3, params=[{"I_e": 1.0}])
    assert nest.network_size == 0
    assert nest.GetDefaults("iaf_psc_alpha", "tau_m") == 10.0
    assert nest.GetDefaults("iaf_psc_alpha", "V_reset") == -70.0
    usable()


def test_create_positions_must_be_grid_or_free(nest, errors):
    with pytest.raises(TypeError, match="nest.spatial.free or a nest.spatial.grid"):
        nest.Create("iaf_psc_alpha", positions=object())
    assert nest.network_size == 0


def test_create_synapse_model_is_an_error(nest, errors, usable):
    with pytest.raises(errors.NESTError):
        nest.Create("static_synapse")
    usable()


def test_create_params_same_as_set_after_create(nest):
    # Create(params) must behave like Create() followed by set(params), also for
    # fields NEST stores relative to E_L (setting E_L alone moves none of them).
    a = nest.Create("iaf_psc_alpha", params={"E_L": -65.0})
    b = nest.Create("iaf_psc_alpha")
    b.set(E_L=-65.0)
    keys = ["E_L", "V_th", "V_reset", "V_m"]
    assert a.get(keys) == b.get(keys) == {"E_L": -65.0, "V_th": -55.0, "V_reset": -70.0, "V_m": -70.0}
    assert nest.GetDefaults("iaf_psc_alpha", keys) == (-70.0, -55.0, -70.0, -70.0)


def test_node_collections_copy_and_hash(nest):
    import copy
    import pickle
    a = nest.Create("iaf_psc_alpha", 3)
    assert copy.deepcopy(a) == a
    assert pickle.loads(pickle.dumps(a)) == a
    assert {a: 1}[nest.NodeCollection([1, 2, 3])] == 1
