# SPDX-License-Identifier: GPL-2.0-or-later
"""iaf_cond_alpha_mc: NEST's per-compartment sub-dictionaries ("soma",
"proximal", "distal") in GetDefaults/GetStatus/SetStatus/Create/SetDefaults/
CopyModel, its receptor types and recordables, NEST's checks and receptor
errors, and the compartment dynamics (the traces against NEST:
tests/validation/test_iaf_cond_alpha_mc_nest.py)."""

import numpy as np
import pytest

MODEL = "iaf_cond_alpha_mc"
COMPS = ("soma", "proximal", "distal")
NEST_COMP_DEFAULTS = {
    "soma": {"C_m": 150.0, "E_L": -70.0, "E_ex": 0.0, "E_in": -85.0, "I_e": 0.0, "V_m": -70.0, "g_L": 10.0,
             "tau_syn_ex": 0.5, "tau_syn_in": 2.0},
    "proximal": {"C_m": 75.0, "E_L": -70.0, "E_ex": 0.0, "E_in": -85.0, "I_e": 0.0, "V_m": -70.0, "g_L": 5.0,
                 "tau_syn_ex": 0.5, "tau_syn_in": 2.0},
    "distal": {"C_m": 150.0, "E_L": -70.0, "E_ex": 0.0, "E_in": -85.0, "I_e": 0.0, "V_m": -70.0, "g_L": 10.0,
               "tau_syn_ex": 0.5, "tau_syn_in": 2.0},
}
RECEPTORS = {"distal_curr": 9, "distal_exc": 5, "distal_inh": 6, "proximal_curr": 8, "proximal_exc": 3,
             "proximal_inh": 4, "soma_curr": 7, "soma_exc": 1, "soma_inh": 2}


def _record(nest, n, keys=("V_m.s", "V_m.p", "V_m.d", "g_ex.s", "g_ex.p", "g_ex.d", "g_in.s", "g_in.p", "g_in.d",
                           "t_ref_remaining")):
    mm = nest.Create("multimeter", params={"record_from": list(keys), "interval": 0.1})
    nest.Connect(mm, n)
    return mm


def test_defaults_are_nests_nested_dictionaries(nest):
    d = nest.GetDefaults(MODEL)
    for comp in COMPS:
        assert dict(d[comp]) == NEST_COMP_DEFAULTS[comp]
    assert (d["V_th"], d["V_reset"], d["t_ref"], d["g_sp"], d["g_pd"]) == (-55.0, -60.0, 2.0, 2.5, 1.0)
    assert dict(d["receptor_types"]) == RECEPTORS
    assert list(d["receptor_types"]) == sorted(RECEPTORS)  # NEST's order
    assert list(d["recordables"]) == ["V_m.d", "V_m.p", "V_m.s", "g_ex.d", "g_ex.p", "g_ex.s", "g_in.d", "g_in.p",
                                      "g_in.s", "t_ref_remaining"]
    # No flattened or top-level compartment keys leak out.
    assert not any("." in key for key in d) and "V_m" not in d and "C_m" not in d


def test_create_get_set_with_sub_dictionaries(nest):
    n = nest.Create(MODEL, 2, params={"V_th": -50.0, "soma": {"V_m": -60.0, "C_m": 100.0}})
    assert n.get("V_th") == (-50.0, -50.0)
    soma = n[0].get("soma")
    assert soma["V_m"] == -60.0 and soma["C_m"] == 100.0 and soma["g_L"] == 10.0
    # A partial sub-dictionary changes only what it names.
    n.set({"proximal": {"V_m": -65.0}})
    for prox in n.get("proximal"):
        assert prox == {**NEST_COMP_DEFAULTS["proximal"], "V_m": -65.0}
    # One dict per node; attribute assignment as in NEST's mc_neuron.py example.
    n.set([{"distal": {"I_e": 1.0}}, {"distal": {"I_e": 2.0}}])
    assert [d["I_e"] for d in n.get("distal")] == [1.0, 2.0]
    n.soma = {"I_e": 150.0}
    assert [d["I_e"] for d in nest.GetStatus(n, "soma")] == [150.0, 150.0]
    nest.SetStatus(n[1], {"distal": {"g_L": 4.0}})
    assert n[1].get("distal")["g_L"] == 4.0 and n[0].get("distal")["g_L"] == 10.0
    status = nest.GetStatus(n[0])[0]
    assert {"soma", "proximal", "distal", "g_sp", "g_pd"} <= set(status)


def test_set_defaults_and_copy_model(nest):
    nest.SetDefaults(MODEL, {"distal": {"g_L": 3.0}})
    assert nest.GetDefaults(MODEL)["distal"]["g_L"] == 3.0
    nest.CopyModel(MODEL, "mc2", {"soma": {"I_e": 5.0}})
    d = nest.GetDefaults("mc2")
    assert d["soma"]["I_e"] == 5.0 and d["distal"]["g_L"] == 3.0
    n = nest.Create("mc2")
    assert n.get("soma")["I_e"] == 5.0 and n.get("model") == "mc2"


@pytest.mark.parametrize("params, message", [
    ({"proximal": {"C_m": -1.0}}, r"Capacitance \(proximal\) must be strictly positive"),
    ({"distal": {"tau_syn_in": 0.0}}, r"All time constants \(distal\) must be strictly positive"),
    ({"soma": {"tau_syn_ex": -1.0}}, r"All time constants \(soma\) must be strictly positive"),
    ({"V_reset": -40.0}, "Reset potential must be smaller than threshold"),
    ({"t_ref": -1.0}, "Refractory time cannot be negative"),
])
def test_nests_checks_leave_the_node_unchanged(nest, errors, usable, params, message):
    n = nest.Create(MODEL)
    before = {c: dict(n.get(c)) for c in COMPS}
    with pytest.raises(errors.BadProperty, match=message) as info:
        n.set({**params, "soma": {**params.get("soma", {}), "V_m": -50.0}})
    assert MODEL in str(info.value)
    assert {c: dict(n.get(c)) for c in COMPS} == before
    with pytest.raises(errors.BadProperty, match=message):
        nest.Create(MODEL, params=params)
    usable()


def test_unknown_keys_are_refused(nest, errors, usable):
    n = nest.Create(MODEL)
    with pytest.raises(errors.UnknownParameter):
        n.set({"V_m": -50.0})  # V_m lives in the compartments (NEST: UnaccessedDictionaryEntry)
    with pytest.raises(errors.UnknownParameter):
        n.set({"soma": {"foo": 1.0}})  # NEST ignores this silently; Roost refuses it
    with pytest.raises(errors.TypeMismatch):
        n.set({"soma": 1.0})
    assert n.get("soma")["V_m"] == -70.0
    usable()


def test_receptors_as_nest(nest, errors, usable):
    n = nest.Create(MODEL)
    sg = nest.Create("spike_generator")
    dc = nest.Create("dc_generator")
    pg = nest.Create("poisson_generator")
    for receptor in (0, 7, 9, 10):  # spikes: 1..6 only
        with pytest.raises(errors.IllegalConnection):
            nest.Connect(sg, n, syn_spec={"receptor_type": receptor})
    for receptor in (0, 1, 6, 10):  # currents: 7..9 only
        with pytest.raises(errors.IllegalConnection):
            nest.Connect(dc, n, syn_spec={"receptor_type": receptor})
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(pg, n, syn_spec={"receptor_type": 8})
    for receptor in range(1, 7):
        nest.Connect(sg, n, syn_spec={"receptor_type": receptor, "weight": -1.0})  # any sign, as NEST
    for receptor in (7, 8, 9):
        nest.Connect(dc, n, syn_spec={"receptor_type": receptor})
    assert sorted(nest.GetConnections(target=n).get("receptor")) == list(range(1, 10))
    usable()


@pytest.mark.parametrize("comp, receptor", [("s", 7), ("p", 8), ("d", 9)])
def test_current_enters_its_compartment_and_spreads_passively(nest, comp, receptor):
    n = nest.Create(MODEL)
    dc = nest.Create("dc_generator", params={"amplitude": 100.0, "start": 10.0, "stop": 60.0})
    nest.Connect(dc, n, syn_spec={"receptor_type": receptor})
    mm = _record(nest, n)
    nest.Simulate(100.0)
    ev = mm.get("events")
    t = np.asarray(ev["times"])
    rise = {c: np.asarray(ev[f"V_m.{c}"])[np.argmin(np.abs(t - 59.0))] + 70.0 for c in "spd"}
    assert rise[comp] == max(rise.values()) and min(rise.values()) > 0.0
    # Nothing moves before the current arrives (the step after start) and no conductance opens.
    assert np.all(np.asarray(ev[f"V_m.{comp}"])[t <= 10.0] == -70.0)
    assert all(np.all(np.asarray(ev[f"g_{x}.{c}"]) == 0.0) for x in ("ex", "in") for c in "spd")


@pytest.mark.parametrize("name", ["soma_exc", "soma_inh", "proximal_exc", "proximal_inh", "distal_exc", "distal_inh"])
def test_spike_opens_one_alpha_conductance(nest, name):
    n = nest.Create(MODEL)
    sg = nest.Create("spike_generator", params={"spike_times": [10.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": RECEPTORS[name], "weight": 3.0, "delay": 1.0})
    mm = _record(nest, n)
    nest.Simulate(40.0)
    ev = mm.get("events")
    t = np.asarray(ev["times"])
    comp = name.split("_")[0][0]
    kind = "ex" if name.endswith("exc") else "in"
    tau = NEST_COMP_DEFAULTS[{"s": "soma", "p": "proximal", "d": "distal"}[comp]][f"tau_syn_{kind}"]
    g = np.asarray(ev[f"g_{kind}.{comp}"])
    # Alpha-shaped: peaks at `weight` nS tau after arrival (11 ms), within the solver's error.
    assert g.max() == pytest.approx(3.0, rel=1e-3)
    assert t[np.argmax(g)] == pytest.approx(11.0 + tau, abs=0.1 + 1e-9)
    for other in (f"g_{x}.{c}" for x in ("ex", "in") for c in "spd"):
        if other != f"g_{kind}.{comp}":
            assert np.all(np.asarray(ev[other]) == 0.0)
    v = np.asarray(ev[f"V_m.{comp}"])
    assert (v.max() > -70.0) if kind == "ex" else (v.min() < -70.0)


def test_soma_spikes_resets_and_refractoriness_freezes_all_compartments(nest):
    n = nest.Create(MODEL, params={"t_ref": 5.0, "soma": {"I_e": 300.0}, "distal": {"I_e": -100.0}})
    mm = _record(nest, n)
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(200.0)
    spikes = sr.get("events")["times"]
    assert len(spikes) >= 3
    assert np.all(np.diff(spikes) > 5.0)
    ev = mm.get("events")
    t = np.asarray(ev["times"])
    first = spikes[0]
    inside = (t >= first) & (t < first + 5.0 - 1e-9)
    assert np.all(np.asarray(ev["V_m.s"])[inside] == -60.0)
    # NEST's refractory flag (set by the soma) holds dV/dt at 0 in the dendrites too.
    for c in "pd":
        v = np.asarray(ev[f"V_m.{c}"])[inside]
        assert np.all(v == v[0])
    trr = np.asarray(ev["t_ref_remaining"])
    assert trr[np.argmin(np.abs(t - first))] == pytest.approx(5.0)
    assert trr.max() == pytest.approx(5.0) and trr.min() == 0.0


def test_same_traces_for_one_and_two_threads(nest):
    def run(threads):
        nest.ResetKernel()
        nest.SetKernelStatus({"local_num_threads": threads})
        n = nest.Create(MODEL, 4, params={"soma": {"I_e": 300.0}, "proximal": {"I_e": 100.0}})
        n[1:3].set({"distal": {"V_m": -60.0}, "g_pd": 2.0})
        pg = nest.Create("poisson_generator", params={"rate": 2000.0})
        nest.Connect(pg, n, syn_spec={"receptor_type": RECEPTORS["distal_exc"], "weight": 2.0})
        nest.Connect(n, n, syn_spec={"receptor_type": RECEPTORS["soma_inh"], "weight": 5.0})
        mm = _record(nest, n, ("V_m.s", "V_m.d", "g_ex.d"))
        sr = nest.Create("spike_recorder")
        nest.Connect(n, sr)
        nest.Simulate(100.0)
        ev = mm.get("events")
        order = np.lexsort((ev["senders"], ev["times"]))
        return sr.get("events")["times"].tolist(), [np.asarray(ev[k])[order] for k in ("V_m.s", "V_m.d", "g_ex.d")]
    s1, t1 = run(1)
    s2, t2 = run(2)
    assert len(s1) > 0 and sorted(s1) == sorted(s2)
    for a, b in zip(t1, t2):
        np.testing.assert_array_equal(a, b)
