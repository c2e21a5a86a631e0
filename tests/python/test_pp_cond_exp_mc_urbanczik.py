# SPDX-License-Identifier: GPL-2.0-or-later
"""pp_cond_exp_mc_urbanczik: NEST's "soma"/"dendritic" sub-dictionaries,
receptors and checks, the deterministic compartment dynamics, and the
point-process spikes (seeded, the same for 1 and 2 threads). Against NEST:
tests/validation/test_pp_cond_exp_mc_urbanczik_nest.py. urbanczik_synapse is
not implemented."""

import numpy as np
import pytest

MODEL = "pp_cond_exp_mc_urbanczik"
RECEPTORS = {"dendritic_curr": 6, "dendritic_exc": 3, "dendritic_inh": 4, "soma_curr": 5, "soma_exc": 1,
             "soma_inh": 2}


def test_defaults_as_nest(nest):
    d = nest.GetDefaults(MODEL)
    assert dict(d["soma"]) == {"C_m": 300.0, "E_L": -70.0, "E_ex": 0.0, "E_in": -75.0, "I_e": 0.0, "V_m": -70.0,
                               "g_L": 30.0, "tau_syn_ex": 3.0, "tau_syn_in": 3.0}
    assert dict(d["dendritic"]) == {"C_m": 300.0, "E_L": -70.0, "E_ex": 0.0, "E_in": 0.0, "I_e": 0.0, "V_m": -70.0,
                                    "g_L": 30.0, "tau_syn_ex": 3.0, "tau_syn_in": 3.0}
    assert (d["t_ref"], d["phi_max"], d["rate_slope"], d["theta"], d["g_sp"], d["g_ps"]) == (
        3.0, 0.15, 0.5, -55.0, 600.0, 0.0)
    assert d["beta"] == 1.0 / 3.0
    assert dict(d["receptor_types"]) == RECEPTORS
    assert list(d["recordables"]) == ["I_ex.p", "I_in.p", "V_m.p", "V_m.s", "g_ex.s", "g_in.s"]


@pytest.mark.parametrize("params, message", [
    ({"rate_slope": -1.0}, "Rate slope cannot be negative"),
    ({"phi_max": -1.0}, "Maximum rate cannot be negative"),
    ({"t_ref": -1.0}, "Refractory time cannot be negative"),
    ({"dendritic": {"C_m": 0.0}}, r"Capacitance \(dendritic\) must be strictly positive"),
    ({"soma": {"tau_syn_in": 0.0}}, "All time constants must be strictly positive"),
])
def test_checks(nest, errors, usable, params, message):
    n = nest.Create(MODEL)
    with pytest.raises(errors.BadProperty, match=message):
        n.set(params)
    assert n.get("dendritic")["C_m"] == 300.0 and n.get("t_ref") == 3.0
    usable()


def test_receptors(nest, errors, usable):
    n = nest.Create(MODEL)
    sg = nest.Create("spike_generator")
    dc = nest.Create("dc_generator")
    for r in (0, 5, 6, 7):
        with pytest.raises(errors.IllegalConnection):
            nest.Connect(sg, n, syn_spec={"receptor_type": r})
    for r in (0, 1, 4, 7):
        with pytest.raises(errors.IllegalConnection):
            nest.Connect(dc, n, syn_spec={"receptor_type": r})
    for r in range(1, 5):
        nest.Connect(sg, n, syn_spec={"receptor_type": r, "weight": -1.0})
    nest.Connect(dc, n, syn_spec={"receptor_type": 5})
    nest.Connect(dc, n, syn_spec={"receptor_type": 6})
    usable()


def _quiet(nest, **params):
    """A neuron that never spikes (phi_max = 0), recorded every step."""
    n = nest.Create(MODEL, params={"phi_max": 0.0, **params})
    mm = nest.Create("multimeter", params={"record_from": ["V_m.s", "V_m.p", "g_ex.s", "g_in.s", "I_ex.p", "I_in.p"],
                                           "interval": 0.1})
    nest.Connect(mm, n)
    return n, mm


def test_dendritic_current_reaches_the_soma_only_through_g_sp(nest):
    n, mm = _quiet(nest)
    sg = nest.Create("spike_generator", params={"spike_times": [10.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": RECEPTORS["dendritic_exc"], "weight": 500.0})
    nest.Simulate(50.0)
    ev = mm.get("events")
    i_ex = np.asarray(ev["I_ex.p"])
    assert i_ex.max() == pytest.approx(500.0)  # exponential current: jumps by the weight
    assert ev["V_m.p"].max() > -70.0 + 0.1
    assert ev["V_m.s"].max() > -70.0 + 0.1  # pulled up by g_sp
    # g_ps = 0 by default: the soma does not act back on the dendrite, and g_ex.s stays closed.
    assert np.all(np.asarray(ev["g_ex.s"]) == 0.0)


def test_somatic_conductance_jumps_by_the_weight(nest):
    n, mm = _quiet(nest)
    sg = nest.Create("spike_generator", params={"spike_times": [10.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": RECEPTORS["soma_inh"], "weight": 7.0})
    nest.Connect(sg, n, syn_spec={"receptor_type": RECEPTORS["dendritic_inh"], "weight": 40.0})
    nest.Simulate(30.0)
    ev = mm.get("events")
    assert np.asarray(ev["g_in.s"]).max() == pytest.approx(7.0)
    assert np.asarray(ev["I_in.p"]).min() == pytest.approx(-40.0)  # subtracted, as NEST
    assert ev["V_m.s"].min() < -70.0


def test_dendritic_i_e_and_current_input_are_ignored_as_in_nest(nest):
    n, mm = _quiet(nest, dendritic={"I_e": 500.0})
    dc = nest.Create("dc_generator", params={"amplitude": 500.0})
    nest.Connect(dc, n, syn_spec={"receptor_type": RECEPTORS["dendritic_curr"]})
    nest.Simulate(20.0)
    ev = mm.get("events")
    assert np.all(np.asarray(ev["V_m.p"]) == -70.0) and np.all(np.asarray(ev["V_m.s"]) == -70.0)
    nest.ResetKernel()
    n, mm = _quiet(nest)
    dc = nest.Create("dc_generator", params={"amplitude": 500.0})
    nest.Connect(dc, n, syn_spec={"receptor_type": RECEPTORS["soma_curr"]})
    nest.Simulate(20.0)
    assert mm.get("events")["V_m.s"].max() > -70.0 + 0.5


def test_spikes_follow_the_rate_and_dead_time(nest):
    n = nest.Create(MODEL, 10, params={"soma": {"I_e": 12600.0}, "t_ref": 3.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(1000.0)
    ev = sr.get("events")
    assert 800 < len(ev["times"]) < 1120  # NEST: about 960 for these 10 neurons (see the validation case)
    for gid in n.tolist():
        t = np.sort(ev["times"][ev["senders"] == gid])
        assert np.diff(t).min() >= 3.1 - 1e-9


def test_same_spikes_for_one_and_two_threads_and_for_a_seed(nest):
    def run(threads, seed):
        nest.ResetKernel()
        nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": seed})
        n = nest.Create(MODEL, 6, params={"soma": {"I_e": 6300.0}, "t_ref": 0.0})
        sr = nest.Create("spike_recorder")
        nest.Connect(n, sr)
        nest.Simulate(300.0)
        ev = sr.get("events")
        return sorted(zip(ev["times"].tolist(), ev["senders"].tolist()))
    a = run(1, 3)
    assert len(a) > 20
    assert run(2, 3) == a
    assert run(1, 4) != a
