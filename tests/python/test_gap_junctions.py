# SPDX-License-Identifier: GPL-2.0-or-later
"""gap_junction and the gap-junction neurons through the PyNEST API: NEST's
rules for connecting them, their status keys, and the coupling itself
(the traces against NEST are in tests/validation/test_gap_junctions_nest.py)."""

import numpy as np
import pytest

SYMMETRIC = "can only be created as one-to-one connections with \"make_symmetric\" set to true"


@pytest.mark.parametrize("model", ["hh_psc_alpha_gap", "hh_cond_beta_gap_traub"])
def test_models_take_part_in_waveform_relaxation(nest, model):
    n = nest.Create(model)
    assert n.node_uses_wfr is True
    nest.ResetKernel()
    nest.use_wfr = False
    assert nest.Create(model).node_uses_wfr is False


def test_gap_junction_defaults(nest):
    d = nest.GetDefaults("gap_junction")
    assert d["weight"] == 1.0
    assert d["requires_symmetric"] is True and d["has_delay"] is False
    assert nest.GetDefaults("static_synapse")["requires_symmetric"] is False


def test_connect_requires_both_directions(nest):
    a = nest.Create("hh_psc_alpha_gap", 2)
    b = nest.Create("hh_psc_alpha_gap", 2)
    with pytest.raises(nest.NESTErrors.BadProperty, match=SYMMETRIC):
        nest.Connect(a, b, "one_to_one", {"synapse_model": "gap_junction"})
    with pytest.raises(nest.NESTErrors.BadProperty, match=SYMMETRIC):
        nest.Connect(a, b, "all_to_all", {"synapse_model": "gap_junction"})
    with pytest.raises(nest.NESTErrors.BadProperty, match=SYMMETRIC):
        nest.Connect(a, a, "all_to_all", {"synapse_model": "gap_junction", "weight": np.array([[1.0, 2.0], [3.0, 4.0]])})
    assert nest.num_connections == 0
    nest.Connect(a, b, {"rule": "one_to_one", "make_symmetric": True}, {"synapse_model": "gap_junction", "weight": 0.3})
    conns = nest.GetConnections(synapse_model="gap_junction")
    pairs = sorted(zip(conns.source, conns.target))
    assert pairs == sorted([(1, 3), (2, 4), (3, 1), (4, 2)])
    assert conns.weight == [0.3] * 4
    nest.Connect(a, a, {"rule": "all_to_all", "allow_autapses": False}, {"synapse_model": "gap_junction"})
    assert nest.num_connections == 6


def test_gap_junction_has_no_delay(nest):
    a = nest.Create("hh_psc_alpha_gap", 2)
    with pytest.raises(nest.NESTErrors.BadProperty, match="gap_junction connection has no delay"):
        nest.Connect(a, a, "all_to_all", {"synapse_model": "gap_junction", "delay": 2.0})
    nest.Connect(a, a, {"rule": "all_to_all", "allow_autapses": False}, {"synapse_model": "gap_junction"})
    with pytest.raises(nest.NESTErrors.BadProperty, match="gap_junction connection has no delay"):
        nest.GetConnections().set(delay=3.0)
    nest.Simulate(2.0)  # the kernel stays usable


def test_only_gap_junction_neurons_take_part(nest):
    gap = nest.Create("hh_psc_alpha_gap")
    iaf = nest.Create("iaf_psc_alpha")
    # NEST's messages, which report the reverse connection of the pair first.
    with pytest.raises(nest.NESTErrors.IllegalConnection, match="The source node does not support gap junction output."):
        nest.Connect(gap, iaf, {"rule": "one_to_one", "make_symmetric": True}, {"synapse_model": "gap_junction"})
    with pytest.raises(nest.NESTErrors.IllegalConnection, match="does not support gap junction input."):
        nest.Connect(iaf, gap, {"rule": "one_to_one", "make_symmetric": True}, {"synapse_model": "gap_junction"})
    with pytest.raises(nest.NESTErrors.IllegalConnection, match="The source node does not support gap junction output."):
        nest.Connect(iaf, iaf, {"rule": "one_to_one", "make_symmetric": True}, {"synapse_model": "gap_junction"})
    # Spikes between them are ordinary connections.
    nest.Connect(gap, iaf)
    nest.Simulate(5.0)


def test_parameter_checks_as_nest(nest):
    n = nest.Create("hh_psc_alpha_gap")
    with pytest.raises(nest.NESTErrors.BadProperty, match="Capacitance must be strictly positive."):
        n.C_m = 0.0
    with pytest.raises(nest.NESTErrors.BadProperty, match="All conductances must be non-negative."):
        n.g_Kv3 = -1.0
    with pytest.raises(nest.NESTErrors.BadProperty, match="All \\(in\\)activation variables must be non-negative."):
        n.Inact_p = -0.1
    t = nest.Create("hh_cond_beta_gap_traub")
    with pytest.raises(nest.NESTErrors.BadProperty, match="All time constants must be strictly positive."):
        t.tau_rise_in = 0.0
    assert n.C_m == 40.0 and t.tau_rise_in == 0.5


def _pair(nest, weight, **kernel):
    nest.ResetKernel()
    nest.SetKernelStatus(dict(resolution=0.05, **kernel))
    n = nest.Create("hh_psc_alpha_gap", 2, {"I_e": 100.0})
    n[0].V_m = -10.0
    if weight:
        nest.Connect(n, n, {"rule": "all_to_all", "allow_autapses": False},
                     {"synapse_model": "gap_junction", "weight": weight})
    vm = nest.Create("voltmeter", params={"interval": 0.5})
    nest.Connect(vm, n)
    nest.Simulate(300.0)
    ev = vm.events
    v = np.asarray(ev["V_m"])
    return v[np.asarray(ev["senders"]) == 1], v[np.asarray(ev["senders"]) == 2]


def _lag(a, b):
    return np.median(np.abs(a[-100:] - b[-100:]))  # the typical gap between the two traces, late in the run


def test_coupling_synchronises_the_pair(nest):
    # NEST's gap_junctions_two_neurons.py: the coupled pair moves into step, the uncoupled one not.
    a, b = _pair(nest, 0.0)
    assert _lag(a, b) > 2.0
    a, b = _pair(nest, 0.5)
    assert _lag(a, b) < 0.5


def test_orders_and_no_wfr_all_couple(nest):
    ref_a, ref_b = _pair(nest, 0.5)
    for kernel in ({"wfr_interpolation_order": 0}, {"wfr_interpolation_order": 1}, {"use_wfr": False}):
        a, b = _pair(nest, 0.5, **kernel)
        assert _lag(a, b) < 0.5, kernel
        assert not np.array_equal(a, ref_a), kernel  # each variant is its own scheme


def test_max_iterations_warns_and_runs_on(nest, capfd):
    nest.SetKernelStatus({"resolution": 0.05, "wfr_max_iterations": 1, "wfr_tol": 1e-12})
    n = nest.Create("hh_psc_alpha_gap", 2, {"I_e": 100.0})
    nest.Connect(n, n, {"rule": "all_to_all", "allow_autapses": False}, {"synapse_model": "gap_junction"})
    nest.Simulate(5.0)
    assert "wfr_max_iterations" in capfd.readouterr().err
    assert nest.biological_time == 5.0
