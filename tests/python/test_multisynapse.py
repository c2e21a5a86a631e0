# SPDX-License-Identifier: GPL-2.0-or-later
"""Models with list-valued fields and receptor ports set at run time (NEST's
*_multisynapse models): lists in GetDefaults/GetStatus/SetStatus, the port
count that follows them, receptor checks at Connect, per-port recordables,
and a population that gains ports between runs without losing input in
flight. tests/validation replays their NEST reference traces."""

import numpy as np
import pytest

MULTISYNAPSE = ["iaf_psc_exp_multisynapse", "iaf_psc_alpha_multisynapse", "aeif_cond_alpha_multisynapse",
                "aeif_cond_beta_multisynapse"]
PORT_COUNT = {"iaf_psc_exp_multisynapse": "n_synapses", "iaf_psc_alpha_multisynapse": "n_synapses",
              "aeif_cond_alpha_multisynapse": "n_receptors", "aeif_cond_beta_multisynapse": "n_receptors"}


def port_lists(model, n):
    """Valid receptor lists of n ports for `model`."""
    if model.startswith("iaf"):
        return {"tau_syn": [0.5 + k for k in range(n)]}
    if model == "aeif_cond_alpha_multisynapse":
        return {"E_rev": [0.0] * n, "tau_syn": [0.5 + k for k in range(n)]}
    return {"E_rev": [0.0] * n, "tau_rise": [0.5] * n, "tau_decay": [2.0 + k for k in range(n)]}


@pytest.mark.parametrize("model", MULTISYNAPSE)
def test_lists_set_the_port_count_and_the_recordables(nest, errors, model):
    d = nest.GetDefaults(model)
    assert d[PORT_COUNT[model]] == 1
    n = nest.Create(model, 2, params=port_lists(model, 3))
    assert list(n.get(PORT_COUNT[model])) == [3, 3]
    for key, value in port_lists(model, 3).items():
        assert list(n[1].get(key)) == value
    prefix = "I_syn_" if model.startswith("iaf") else "g_"
    rec = n[0].get("recordables")
    assert [r for r in rec if r.startswith(prefix)] == [prefix + str(k) for k in (1, 2, 3)]
    with pytest.raises(errors.BadProperty, match="read-only"):
        n.set({PORT_COUNT[model]: 5})
    # The defaults are untouched by Create's params.
    assert nest.GetDefaults(model)[PORT_COUNT[model]] == 1


@pytest.mark.parametrize("model", MULTISYNAPSE)
def test_receptors_are_numbered_from_one_up_to_the_port_count(nest, errors, model):
    n = nest.Create(model, params=port_lists(model, 2))
    sg = nest.Create("spike_generator")
    nest.Connect(sg, n, syn_spec={"receptor_type": 2})
    for bad in (0, 3):
        with pytest.raises(errors.IllegalConnection, match="receptor_type"):
            nest.Connect(sg, n, syn_spec={"receptor_type": bad})
    assert n.get("has_connections")
    # Ports in use cannot go away; more ports are fine.
    with pytest.raises(errors.BadProperty, match="cannot be reduced"):
        n.set(port_lists(model, 1))
    n.set(port_lists(model, 4))
    nest.Connect(sg, n, syn_spec={"receptor_type": 4})


def test_each_port_has_its_own_time_constant(nest):
    n = nest.Create("iaf_psc_exp_multisynapse", params={"tau_syn": [1.0, 5.0]})
    sg = nest.Create("spike_generator", params={"spike_times": [1.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": 1, "weight": 100.0})
    nest.Connect(sg, n, syn_spec={"receptor_type": 2, "weight": 100.0})
    mm = nest.Create("multimeter", params={"record_from": ["I_syn", "I_syn_1", "I_syn_2"], "interval": 0.1})
    nest.Connect(mm, n)
    nest.Simulate(10.0)
    e = mm.events
    t = np.asarray(e["times"])
    after = t > 2.0 + 1e-9  # spikes arrive at 2.0 ms
    dt = t[after] - 2.0
    np.testing.assert_allclose(e["I_syn_1"][after], 100.0 * np.exp(-dt / 1.0), rtol=1e-8)
    np.testing.assert_allclose(e["I_syn_2"][after], 100.0 * np.exp(-dt / 5.0), rtol=1e-8)
    np.testing.assert_allclose(e["I_syn"], np.asarray(e["I_syn_1"]) + e["I_syn_2"], rtol=1e-12)


def test_multimeter_records_only_ports_the_target_has(nest, errors):
    n = nest.Create("iaf_psc_exp_multisynapse", params={"tau_syn": [1.0, 2.0]})
    mm = nest.Create("multimeter", params={"record_from": ["I_syn_3"]})
    with pytest.raises(errors.IllegalConnection, match="I_syn_3"):
        nest.Connect(mm, n)


def _trace_with_ports_added(nest, grow):
    """V_m of a multisynapse neuron (and a plain one created after it) that
    receive spikes in flight while, if `grow`, the first gets more ports."""
    nest.ResetKernel()
    ports = [0.5, 2.0] if grow else [0.5, 2.0, 3.0, 4.0]
    n = nest.Create("iaf_psc_exp_multisynapse", params={"tau_syn": ports})
    plain = nest.Create("iaf_psc_alpha")
    sg = nest.Create("spike_generator", params={"spike_times": [4.0, 4.5, 5.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": 2, "weight": 800.0, "delay": 3.0})
    nest.Connect(sg, plain, syn_spec={"weight": 500.0, "delay": 3.0})
    mm = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": 0.1})
    nest.Connect(mm, n + plain)
    nest.Simulate(5.5)  # three spikes are on their way (arrive 7.0 .. 8.0 ms)
    if grow:
        n.set(tau_syn=[0.5, 2.0, 3.0, 4.0])
    nest.Simulate(20.0)
    e = mm.events
    return [np.asarray(e["V_m"])[np.asarray(e["senders"]) == g] for g in (n.global_id, plain.global_id)]


def test_gaining_ports_between_runs_keeps_input_in_flight(nest):
    grown = _trace_with_ports_added(nest, True)
    fixed = _trace_with_ports_added(nest, False)
    for a, b in zip(grown, fixed):
        assert a.max() > -69.0  # the input arrived
        np.testing.assert_array_equal(a, b)


def test_conductance_ports_take_positive_weights_and_lists_of_one_length(nest, errors):
    model = "aeif_cond_beta_multisynapse"
    n = nest.Create(model, params=port_lists(model, 2))
    sg = nest.Create("spike_generator")
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(sg, n, syn_spec={"receptor_type": 1, "weight": -1.0})
    with pytest.raises(errors.BadProperty, match="same size"):
        n.set(E_rev=[0.0, 0.0, -85.0])
    with pytest.raises(errors.BadProperty, match="rise time must be smaller"):
        n.set(tau_rise=[3.0, 0.5], tau_decay=[2.0, 2.0])
    with pytest.raises(errors.BadProperty, match="at most 16"):
        n.set(port_lists(model, 17))
    assert n.get("n_receptors") == 2  # unchanged by the refused settings
    n.set(g=[1.0, 2.0])
    assert list(n.get("g")) == [1.0, 2.0]


def test_set_defaults_sets_list_defaults(nest):
    nest.SetDefaults("iaf_psc_alpha_multisynapse", {"tau_syn": [1.0, 2.0, 3.0]})
    n = nest.Create("iaf_psc_alpha_multisynapse")
    assert list(n.get("tau_syn")) == [1.0, 2.0, 3.0]
    assert n.get("n_synapses") == 3
    nest.CopyModel("iaf_psc_alpha_multisynapse", "two_ports", {"tau_syn": [4.0, 5.0]})
    assert list(nest.Create("two_ports").get("tau_syn")) == [4.0, 5.0]
