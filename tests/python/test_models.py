# SPDX-License-Identifier: GPL-2.0-or-later
"""Models, GetDefaults, SetDefaults, CopyModel."""

import pytest

# NEST 3 defaults of iaf_psc_alpha (pA, pF, ms, mV).
IAF_PSC_ALPHA = {"C_m": 250.0, "tau_m": 10.0, "E_L": -70.0, "V_th": -55.0,
                 "V_reset": -70.0, "t_ref": 2.0, "I_e": 0.0, "V_m": -70.0,
                 "tau_syn_ex": 2.0, "tau_syn_in": 2.0}


def test_models_lists(nest):
    all_models = nest.Models()
    assert isinstance(all_models, tuple) and list(all_models) == sorted(all_models)
    for name in ("iaf_psc_alpha", "spike_recorder", "static_synapse"):
        assert name in all_models
    nodes, syns = nest.Models("nodes"), nest.Models("synapses")
    assert "iaf_psc_alpha" in nodes and "static_synapse" not in nodes
    assert "static_synapse" in syns and "iaf_psc_alpha" not in syns
    assert set(nodes) | set(syns) == set(all_models)
    assert nest.node_models == nodes
    assert nest.synapse_models == syns
    assert all("iaf" in m for m in nest.Models(sel="iaf"))


def test_models_bad_type(nest, errors):
    with pytest.raises(errors.NESTError):
        nest.Models("neurons")


def test_get_defaults_neuron(nest):
    d = nest.GetDefaults("iaf_psc_alpha")
    for key, value in IAF_PSC_ALPHA.items():
        assert d[key] == pytest.approx(value), key
    assert d["element_type"] == "neuron"
    assert d["model"] == "iaf_psc_alpha"
    assert "V_m" in d["recordables"]
    assert nest.GetDefaults("iaf_psc_alpha", "C_m") == 250.0
    assert nest.GetDefaults("iaf_psc_alpha", ["C_m", "tau_m"]) == (250.0, 10.0)
    assert nest.GetDefaults("spike_recorder", "type_id") == "spike_recorder"


def test_get_defaults_synapse(nest):
    d = nest.GetDefaults("static_synapse")
    assert d["weight"] == 1.0 and d["delay"] == 1.0
    assert d["element_type"] == "synapse"
    assert d["num_connections"] == 0


def test_get_defaults_errors(nest, errors):
    with pytest.raises(errors.UnknownModelName):
        nest.GetDefaults("no_such_model")
    with pytest.raises(KeyError):
        nest.GetDefaults("iaf_psc_alpha", "no_such_key")
    with pytest.raises(errors.TypeMismatch):
        nest.GetDefaults(42)


def test_set_defaults_applies_to_later_create(nest):
    nest.SetDefaults("iaf_psc_alpha", {"I_e": 200.0, "tau_m": 15.0})
    assert nest.GetDefaults("iaf_psc_alpha", "I_e") == 200.0
    n = nest.Create("iaf_psc_alpha", 3)
    assert n.I_e == (200.0, 200.0, 200.0)
    assert n.tau_m == (15.0, 15.0, 15.0)
    nest.SetDefaults("iaf_psc_alpha", "C_m", 300.0)
    assert nest.Create("iaf_psc_alpha").C_m == 300.0


def test_set_defaults_synapse(nest):
    nest.SetDefaults("static_synapse", {"weight": 2.5, "delay": 1.5})
    a, b = nest.Create("iaf_psc_alpha"), nest.Create("iaf_psc_alpha")
    nest.Connect(a, b)
    conn = nest.GetConnections()
    assert conn.weight == 2.5 and conn.delay == 1.5


def test_set_defaults_errors_leave_defaults(nest, errors, usable):
    with pytest.raises(errors.UnknownParameter):
        nest.SetDefaults("iaf_psc_alpha", {"no_such_param": 1.0})
    with pytest.raises(errors.BadProperty):
        nest.SetDefaults("iaf_psc_alpha", {"tau_m": -1.0})
    with pytest.raises(errors.BadProperty):
        nest.SetDefaults("iaf_psc_alpha", {"C_m": 100.0, "tau_m": 0.0})
    with pytest.raises(errors.TypeMismatch):
        nest.SetDefaults("iaf_psc_alpha", {"tau_m": "slow"})
    with pytest.raises(errors.UnknownModelName):
        nest.SetDefaults("no_such_model", {"tau_m": 1.0})
    with pytest.raises(errors.TypeMismatch):
        nest.SetDefaults("iaf_psc_alpha", {"V_m": nest.random.uniform()})
    assert nest.GetDefaults("iaf_psc_alpha", "tau_m") == 10.0
    assert nest.GetDefaults("iaf_psc_alpha", "C_m") == 250.0
    usable()


def test_copy_model(nest):
    nest.CopyModel("iaf_psc_alpha", "my_neuron", {"I_e": 100.0})
    assert "my_neuron" in nest.Models()
    assert "my_neuron" in nest.node_models
    assert nest.GetDefaults("my_neuron", "I_e") == 100.0
    assert nest.GetDefaults("iaf_psc_alpha", "I_e") == 0.0
    n = nest.Create("my_neuron", 2)
    assert n.get("model") == ("my_neuron", "my_neuron")
    assert n.I_e == (100.0, 100.0)
    nest.CopyModel("iaf_psc_alpha", "plain_copy")
    assert nest.GetDefaults("plain_copy", "I_e") == 0.0


def test_copy_synapse_model_used_by_name(nest):
    nest.CopyModel("static_synapse", "excitatory", {"weight": 20.0, "delay": 1.5})
    assert "excitatory" in nest.synapse_models
    a, b = nest.Create("iaf_psc_alpha", 2), nest.Create("iaf_psc_alpha", 3)
    nest.Connect(a, b, "all_to_all", "excitatory")
    conns = nest.GetConnections(synapse_model="excitatory")
    assert len(conns) == 6
    assert set(conns.weight) == {20.0}
    assert set(conns.delay) == {1.5}
    assert nest.GetDefaults("excitatory")["num_connections"] == 6
    assert nest.GetDefaults("static_synapse")["num_connections"] == 0


def test_copy_model_errors(nest, errors, usable):
    with pytest.raises(errors.UnknownModelName):
        nest.CopyModel("no_such_model", "x")
    nest.CopyModel("iaf_psc_alpha", "dup")
    with pytest.raises(errors.NESTError):
        nest.CopyModel("iaf_psc_alpha", "dup")
    with pytest.raises(errors.NESTError):
        nest.CopyModel("iaf_psc_alpha", "iaf_psc_exp")
    with pytest.raises(errors.UnknownParameter):
        nest.CopyModel("iaf_psc_alpha", "bad_copy", {"no_such_param": 1})
    assert "bad_copy" not in nest.Models()
    with pytest.raises(errors.BadProperty):
        nest.CopyModel("iaf_psc_alpha", "bad_copy2", {"tau_m": -5.0})
    assert "bad_copy2" not in nest.Models()
    usable()


def test_weight_recorder_as_synapse_default(nest):
    if "weight_recorder" not in nest.Models():
        pytest.skip("weight_recorder not built")
    wr = nest.Create("weight_recorder")
    nest.CopyModel("stdp_synapse", "stdp_rec", {"weight_recorder": wr})
    value = nest.GetDefaults("stdp_rec", "weight_recorder")
    assert value == wr or value == wr.global_id
