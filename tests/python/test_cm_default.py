# SPDX-License-Identifier: GPL-2.0-or-later
"""cm_default, NEST's compartmental neuron: building the tree (Create params,
SetStatus, attributes, add_*), NEST's status entries, checks and messages,
port numbering of spikes (receptors) and currents (compartments), the
passive steady state, threshold crossing without reset, trees that differ
within one Create, and thread independence. NEST 3.10's traces:
tests/validation/test_cm_default_nest.py."""

import math
import sys
import pathlib

import numpy as np
import pytest

import roost as nest
from roost.errors import NESTErrors

sys.path.insert(0, str(pathlib.Path(__file__).resolve().parents[1] / "validation"))
import cm_cases  # noqa: E402


@pytest.fixture(autouse=True)
def fresh():
    nest.ResetKernel()


def two_comps(**create):
    cm = nest.Create("cm_default", **create)
    cm.compartments = [{"parent_idx": -1, "params": {"e_L": -65.0}}, {"parent_idx": 0, "params": {"g_C": 0.02}}]
    return cm


def test_defaults_as_nest():
    d = nest.GetDefaults("cm_default")
    assert d["V_th"] == -55.0
    assert d["compartments"] == [] and d["receptors"] == [] and list(d["recordables"]) == []
    assert not any(k.startswith(("comp_", "rec_")) or k == "cm_ports" for k in d)


def test_status_entries_and_recordables():
    cm = cm_cases.build_tree(nest)
    s = cm.get()
    assert s["compartments"] == [{"comp_idx": 0, "parent_idx": -1}, {"comp_idx": 1, "parent_idx": 0},
                                 {"comp_idx": 2, "parent_idx": 0}, {"comp_idx": 3, "parent_idx": 1},
                                 {"comp_idx": 4, "parent_idx": 3}]
    # NEST lists receptors by compartment, then type (AMPA, GABA, NMDA, AMPA_NMDA), then index.
    assert [(r["comp_idx"], r["receptor_idx"], r["receptor_type"]) for r in s["receptors"]] == [
        (0, 1, "GABA"), (1, 0, "AMPA"), (1, 4, "AMPA"), (2, 3, "AMPA_NMDA"), (4, 2, "NMDA")]
    rec = list(s["recordables"])
    assert rec == sorted(rec)
    assert {"v_comp0", "v_comp4", "m_Na_2", "h_Na_3", "n_K_4", "g_r_AMPA_0", "g_d_GABA_1", "g_r_NMDA_2",
            "g_d_AN_NMDA_3", "g_r_AN_AMPA_3", "g_d_AMPA_4"} <= set(rec)
    assert "g_r_GABA_0" not in rec and "g_r_AMPA_1" not in rec
    assert len(rec) == 5 * 4 + 2 * 4 + 4


def test_create_params_setstatus_and_add():
    cm = nest.Create("cm_default", params={"compartments": [{"parent_idx": -1}], "V_th": -40.0})
    assert cm.V_th == -40.0
    nest.SetStatus(cm, {"add_compartments": {"parent_idx": 0, "params": {"C_m": 2.0}}})
    cm.add_compartments = [{"parent_idx": 1}, {"parent_idx": 0}]
    assert [c["parent_idx"] for c in cm.compartments] == [-1, 0, 1, 0]
    cm.receptors = {"comp_idx": 3, "receptor_type": "GABA"}
    cm.add_receptors = [{"comp_idx": 0, "receptor_type": "NMDA"}]
    assert [(r["comp_idx"], r["receptor_idx"]) for r in cm.receptors] == [(0, 1), (3, 0)]


@pytest.mark.parametrize("change, error, text", [
    ({"compartments": [{"parent_idx": -1}]}, NESTErrors.BadProperty, "'compartments' is already defined"),
    ({"add_compartments": [{"parent_idx": 5}]}, NESTErrors.UnknownCompartment,
     "Compartment 5 does not exist in tree, but was specified as a parent compartment"),
    ({"add_compartments": [{"parent_idx": -1}]}, NESTErrors.UnknownCompartment, "the root, has already"),
    ({"add_compartments": [{"parent_idx": 0, "params": {"foo": 1.0}}]}, NESTErrors.UnaccessedDictionaryEntry,
     "foo"),
    ({"add_compartments": [{"parent_idx": 0, "params": {"e_K": -80.0}}]}, NESTErrors.UnaccessedDictionaryEntry,
     "e_K"),
    ({"receptors": [{"comp_idx": 2, "receptor_type": "AMPA"}]}, NESTErrors.UnknownCompartment,
     "Compartment 2 does not exist in tree"),
    ({"receptors": [{"comp_idx": 0, "receptor_type": "AMPA", "params": {"e_GABA": 1.0}}]},
     NESTErrors.UnaccessedDictionaryEntry, "e_GABA"),
    ({"receptors": [{"comp_idx": 0, "receptor_type": "KAINATE"}]}, NESTErrors.BadProperty, "KAINATE"),
])
def test_bad_input_raises_and_changes_nothing(change, error, text):
    cm = two_comps()
    before = cm.get()
    with pytest.raises(error, match=text):
        cm.set(change)
    assert cm.get() == before
    nest.Simulate(1.0)  # the kernel stays usable


def test_ports_spikes_address_receptors_currents_compartments():
    cm = two_comps()
    cm.receptors = [{"comp_idx": 1, "receptor_type": "AMPA"}]
    sg, dc = nest.Create("spike_generator"), nest.Create("dc_generator")
    nest.Connect(sg, cm, syn_spec={"receptor_type": 0})
    nest.Connect(dc, cm, syn_spec={"receptor_type": 1})
    with pytest.raises(NESTErrors.IllegalConnection, match=r"Valid spike receptor ports for cm_default are in \[0, 1\["):
        nest.Connect(sg, cm, syn_spec={"receptor_type": 1})
    with pytest.raises(NESTErrors.IllegalConnection, match=r"Valid current receptor ports for cm_default are in \[0, 2\["):
        nest.Connect(dc, cm, syn_spec={"receptor_type": 2})
    with pytest.raises(NESTErrors.IllegalConnection, match="Synaptic weights must be positive"):
        nest.Connect(sg, cm, syn_spec={"receptor_type": 0, "weight": -1.0})


def test_simulate_without_compartments_raises():
    nest.Create("cm_default")
    with pytest.raises(NESTErrors.NESTError, match="Compartment 0 does not exist in tree"):
        nest.Simulate(1.0)


def test_passive_steady_state_under_current():
    """Two passive compartments, a current I into the dendrite: the steady state of
    g_L(v - e_L) + g_C(v - v') = I per compartment."""
    cm = nest.Create("cm_default")
    cm.compartments = [{"parent_idx": -1, "params": {"g_L": 0.1, "e_L": -70.0, "v_comp": -70.0}},
                       {"parent_idx": 0, "params": {"g_L": 0.05, "g_C": 0.2, "e_L": -70.0, "v_comp": -70.0}}]
    dc = nest.Create("dc_generator", {"amplitude": 0.5})
    nest.Connect(dc, cm, syn_spec={"receptor_type": 1})
    nest.Simulate(500.0)
    a = np.array([[0.1 + 0.2, -0.2], [-0.2, 0.05 + 0.2]])
    v = np.linalg.solve(a, [0.1 * -70.0, 0.05 * -70.0 + 0.5])
    assert cm.get("compartments")  # still there
    mm = nest.Create("multimeter", {"record_from": ["v_comp0", "v_comp1"], "interval": 1.0})
    nest.Connect(mm, cm)
    nest.Simulate(2.0)
    ev = mm.events
    assert ev["v_comp0"][-1] == pytest.approx(v[0], abs=1e-9)
    assert ev["v_comp1"][-1] == pytest.approx(v[1], abs=1e-9)


def test_threshold_crossing_without_reset():
    """A spike per upward crossing of V_th by the soma, none while it stays above."""
    cm = nest.Create("cm_default", params={"V_th": -60.0})
    cm.compartments = [{"parent_idx": -1, "params": {"g_L": 0.1, "e_L": -70.0}}]
    dc = nest.Create("dc_generator", {"amplitude": 2.0, "start": 10.0, "stop": 60.0})
    nest.Connect(dc, cm, syn_spec={"receptor_type": 0})
    sr = nest.Create("spike_recorder")
    nest.Connect(cm, sr)
    mm = nest.Create("multimeter", {"record_from": ["v_comp0"], "interval": 0.1})
    nest.Connect(mm, cm)
    nest.Simulate(150.0)
    v = np.asarray(mm.events["v_comp0"])
    assert v.max() > -60.0 + 5.0  # it stays above threshold for a while: no reset
    crossings = np.nonzero((v[1:] >= -60.0) & (v[:-1] < -60.0))[0]
    assert len(sr.events["times"]) == len(crossings) == 1
    assert sr.events["times"][0] == pytest.approx(mm.events["times"][crossings[0] + 1])


def test_different_trees_in_one_create():
    """Each neuron of a Create keeps its own tree (the population's columns hold
    the largest): its trace is that of the same tree created alone."""
    single = {"parent_idx": -1, "params": {"e_L": -60.0, "v_comp": -60.0}}
    trees = [[single], [single, {"parent_idx": 0}, {"parent_idx": 1}], [single, {"parent_idx": 0}]]
    cms = nest.Create("cm_default", 3)
    nest.SetStatus(cms, [{"compartments": t} for t in trees])
    alone = [nest.Create("cm_default", params={"compartments": t}) for t in trees]
    sg = nest.Create("spike_generator", {"spike_times": [1.0]})
    for cm in (cms[1], alone[1]):
        cm.receptors = [{"comp_idx": 2, "receptor_type": "AMPA"}]
        nest.Connect(sg, cm, syn_spec={"receptor_type": 0, "weight": 0.5})
    mm = nest.Create("multimeter", {"record_from": ["v_comp0"], "interval": 0.1})
    nest.Connect(mm, cms + alone[0] + alone[1] + alone[2])
    nest.Simulate(20.0)
    ev = mm.events
    v = {int(s): np.asarray(ev["v_comp0"])[ev["senders"] == s] for s in np.unique(ev["senders"])}
    ids = [int(g) for g in cms.global_id]
    for k in range(3):
        assert np.array_equal(v[ids[k]], v[int(alone[k].global_id)])
    assert np.allclose(v[ids[0]], -60.0, atol=1e-12)  # at rest: v_comp = e_L, one compartment
    assert not np.allclose(v[ids[1]], v[ids[2]], atol=1e-6)  # the AMPA input reaches the soma
    assert [len(c) for c in cms.get("compartments")] == [1, 3, 2]


@pytest.mark.parametrize("backend_threads", [2])
def test_same_result_for_one_and_two_threads(backend_threads):
    one = cm_cases.run_tree(nest, threads=1)
    two = cm_cases.run_tree(nest, threads=backend_threads)
    assert one == two


def test_gating_variables_start_at_steady_state():
    cm = nest.Create("cm_default")
    cm.compartments = [{"parent_idx": -1, "params": {"v_comp": -60.0, "gbar_Na": 1.0, "e_Na": 50.0,
                                                     "gbar_K": 1.0, "e_K": -85.0}}]
    mm = nest.Create("multimeter", {"record_from": ["m_Na_0", "n_K_0"], "interval": 0.1})
    nest.Connect(mm, cm)
    nest.Simulate(2.0)
    v = -60.0
    # NEST's m_inf of the Na channel at -60 mV (Branco 2010 na.mod rates).
    x = v + 35.013
    alpha, beta = 0.182 * x / (1 - math.exp(-x / 9)), 0.124 * x / (math.exp(x / 9) - 1)
    assert mm.events["m_Na_0"][0] == pytest.approx(alpha / (alpha + beta), rel=1e-2)
