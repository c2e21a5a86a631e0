# SPDX-License-Identifier: GPL-2.0-or-later
"""NEST's GLIF family (glif_psc, glif_psc_double_alpha, glif_cond): the
mechanism flags and the parameter checks with NEST's messages, receptor
ports numbered from 1, the recordables, and the threshold / reset rules of
GLIF 1-5. tests/validation replays the NEST reference traces."""

import math

import numpy as np
import pytest

GLIF = ["glif_psc", "glif_psc_double_alpha", "glif_cond"]
CONDUCTANCE = {"glif_psc": "g", "glif_psc_double_alpha": "g", "glif_cond": "g_m"}
VARIANTS = {  # (spike_dependent_threshold, after_spike_currents, adapting_threshold)
    "lif": (False, False, False),
    "lif_r": (True, False, False),
    "lif_asc": (False, True, False),
    "lif_r_asc": (True, True, False),
    "lif_r_asc_a": (True, True, True),
}
REFUSED = [(False, False, True), (True, False, True), (False, True, True)]


def flags(r, asc, a):
    return {"spike_dependent_threshold": r, "after_spike_currents": asc, "adapting_threshold": a}


def port_lists(model, n):
    """Valid receptor lists of n ports for `model`."""
    if model == "glif_psc":
        return {"tau_syn": [1.0 + k for k in range(n)]}
    if model == "glif_psc_double_alpha":
        return {"tau_syn_fast": [1.0] * n, "tau_syn_slow": [5.0 + k for k in range(n)], "amp_slow": [0.5] * n}
    return {"tau_syn": [1.0 + k for k in range(n)], "E_rev": [0.0] * n}


@pytest.mark.parametrize("model", GLIF)
def test_defaults_are_nests(nest, model):
    d = nest.GetDefaults(model)
    assert d[CONDUCTANCE[model]] == 9.43
    assert (d["E_L"], d["V_th"], d["V_reset"], d["C_m"], d["t_ref"]) == (-78.85, -51.68, -78.85, 58.72, 3.75)
    assert list(d["asc_decay"]) == [0.003, 0.1] and list(d["asc_amps"]) == [-9.18, -198.94]
    assert list(d["asc_r"]) == [1.0, 1.0] and list(d["ASCurrents"]) == [0.0, 0.0]
    assert not any(d[k] for k in flags(0, 0, 0))
    if model == "glif_cond":
        assert list(d["tau_syn"]) == [0.2, 2.0] and list(d["E_rev"]) == [0.0, -85.0]
    # Internal port / ASC counts are not NEST keys.
    assert "n_receptors" not in d and "n_asc" not in d


@pytest.mark.parametrize("model", GLIF)
def test_mechanism_flags_allow_glif_1_to_5_only(nest, errors, usable, model):
    for name, combo in VARIANTS.items():
        n = nest.Create(model, params=flags(*combo))
        assert tuple(n.get(k) for k in flags(0, 0, 0)) == combo, name
    n = nest.Create(model)
    for combo in REFUSED:
        with pytest.raises(errors.BadProperty, match="Incorrect model mechanism combination setting"):
            n.set(flags(*combo))
        with pytest.raises(errors.BadProperty, match="Incorrect model mechanism combination setting"):
            nest.Create(model, params=flags(*combo))
    assert not n.get("adapting_threshold")
    usable()


CHECKS = [
    ({"V_reset": -40.0}, "Reset potential must be smaller than threshold."),
    ({"C_m": 0.0}, "Capacitance must be strictly positive."),
    ({"t_ref": 0.0}, "Refractory time constant must be strictly positive."),
    ({"spike_dependent_threshold": True, "th_spike_decay": 0.0},
     "Spike induced threshold time constant must be strictly positive."),
    ({"spike_dependent_threshold": True, "voltage_reset_fraction": 1.5},
     r"Voltage fraction coefficient following spike must be within \[0.0, 1.0\]."),
    ({**flags(True, True, True), "th_voltage_decay": -1.0},
     "Voltage-induced threshold time constant must be strictly positive."),
    ({"after_spike_currents": True, "asc_decay": [0.0, 0.1]},
     "After-spike current time constant must be strictly positive."),
    ({"after_spike_currents": True, "asc_r": [1.5, 1.0]},
     r"After spike current fraction following spike coefficients r must be within \[0.0, 1.0\]."),
    ({"asc_decay": [0.1]}, r"All after spike current parameters \(i.e., asc_init, k, asc_amps, r\) must have the same size."),
    ({"threshold_spike": 1.0}, "Threshold spike component is not supported or settable in the current model mechanisms."),
    ({"threshold_voltage": 1.0},
     "Threshold voltage component is not supported or settable in the current model mechanisms."),
    ({"ASCurrents": [1.0, 2.0]}, "After spike currents are not supported or settable in the current model mechanisms."),
]


@pytest.mark.parametrize("model", GLIF)
@pytest.mark.parametrize("change,message", CHECKS)
def test_parameter_checks_raise_nests_messages(nest, errors, usable, model, change, message):
    n = nest.Create(model)
    before = n.get()
    with pytest.raises(errors.BadProperty, match=message):
        n.set(change)
    after = n.get()
    for key in change:
        assert np.array_equal(np.asarray(after[key]), np.asarray(before[key])), key
    usable()


@pytest.mark.parametrize("model", GLIF)
def test_model_specific_checks(nest, errors, model):
    n = nest.Create(model)
    with pytest.raises(errors.BadProperty, match="Membrane conductance must be strictly positive."):
        n.set({CONDUCTANCE[model]: -1.0})
    bad = port_lists(model, 2)
    first = next(iter(bad))
    bad[first] = [1.0, -1.0]
    with pytest.raises(errors.BadProperty, match="All synaptic time constants must be strictly positive."):
        n.set(bad)
    if model == "glif_psc_double_alpha":
        with pytest.raises(errors.BadProperty, match="All slow synaptic time constants must be strictly positive."):
            n.set({"tau_syn_slow": [0.0]})
        with pytest.raises(errors.BadProperty, match="All slow synaptic amplitudes must be strictly positive."):
            n.set({"amp_slow": [-0.1]})
    if model == "glif_cond":
        with pytest.raises(errors.BadProperty, match="E_rev and tau_syn, must have the same size"):
            n.set({"E_rev": [0.0, -85.0, -70.0]})
    # With the mechanism on, its state components can be set.
    n.set({**flags(True, True, True), "threshold_spike": 2.0, "threshold_voltage": 1.0, "ASCurrents": [-5.0, 3.0]})
    assert (n.get("threshold_spike"), n.get("threshold_voltage")) == (2.0, 1.0)
    assert list(n.get("ASCurrents")) == [-5.0, 3.0]


@pytest.mark.parametrize("model", GLIF)
def test_receptors_are_numbered_from_one_up_to_the_port_count(nest, errors, model):
    n = nest.Create(model, params=port_lists(model, 3))
    sg = nest.Create("spike_generator", params={"spike_times": [1.0]})
    for port in (1, 2, 3):
        nest.Connect(sg, n, syn_spec={"receptor_type": port, "weight": -20.0 if port == 3 else 20.0})
    for bad in (0, 4):
        with pytest.raises(errors.IllegalConnection, match="receptor_type"):
            nest.Connect(sg, n, syn_spec={"receptor_type": bad})
    assert n.get("has_connections")
    with pytest.raises(errors.BadProperty, match="cannot be reduced"):
        n.set(port_lists(model, 2))
    nest.Simulate(5.0)


@pytest.mark.parametrize("model", GLIF)
def test_recordables(nest, model):
    common = {"V_m", "ASCurrents_sum", "I", "threshold", "threshold_spike", "threshold_voltage"}
    n = nest.Create(model, params=port_lists(model, 3))
    rec = set(n.get("recordables"))
    if model == "glif_cond":
        assert rec == common | {"g_1", "g_2", "g_3"}
    else:
        assert rec == common | {"I_syn"}
    mm = nest.Create("multimeter", params={"record_from": sorted(rec), "interval": 0.1})
    nest.Connect(mm, n)
    nest.Simulate(2.0)
    e = mm.events
    assert len(e["times"]) > 0
    assert all(len(e[r]) == len(e["times"]) for r in rec)


def run_dc(model, variant, amplitude=400.0, t=200.0, extra=None):
    import roost as nest
    n = nest.Create(model, params={**flags(*VARIANTS[variant]), **(extra or {})})
    dc = nest.Create("dc_generator", params={"amplitude": amplitude})
    nest.Connect(dc, n)
    mm = nest.Create("multimeter", params={"record_from": ["V_m", "threshold", "threshold_spike",
                                                           "ASCurrents_sum", "I"], "interval": 0.1})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, n)
    nest.Connect(n, sr)
    nest.Simulate(t)
    e = mm.events
    return {k: np.asarray(v) for k, v in e.items()}, np.asarray(sr.events["times"])


@pytest.mark.parametrize("model", GLIF)
def test_lif_fires_regularly_and_resets_to_V_reset(nest, model):
    ev, spikes = run_dc(model, "lif", extra={"V_reset": -70.0})
    assert len(spikes) >= 5
    isi = np.diff(spikes)
    assert np.ptp(isi) < 1e-9
    # Time from reset to threshold of C dU/dt = -g U + I (U from V_reset - E_L), plus t_ref (38 steps).
    tau, g, I = 58.72 / 9.43, 9.43, 400.0
    u0, th = -70.0 + 78.85, -51.68 + 78.85
    t_up = -tau * math.log((I / g - th) / (I / g - u0))
    assert isi[0] == pytest.approx(3.8 + math.ceil(t_up / 0.1 - 1e-9) * 0.1, abs=1e-9)
    at = np.isin(np.round(ev["times"], 6), np.round(spikes, 6))
    np.testing.assert_allclose(ev["V_m"][at], -70.0, atol=1e-12)
    # Held through t_ref: V_m stays at V_reset for 38 steps.
    k = np.flatnonzero(at)[0]
    np.testing.assert_allclose(ev["V_m"][k:k + 38], -70.0, atol=1e-12)
    assert ev["V_m"][k + 39] > -70.0


@pytest.mark.parametrize("model", GLIF)
def test_spike_dependent_reset_uses_V_at_the_start_of_the_step(nest, model):
    ev, spikes = run_dc(model, "lif_r")
    assert len(spikes) >= 2
    idx = np.flatnonzero(np.isin(np.round(ev["times"], 6), np.round(spikes, 6)))
    E_L = -78.85
    for k in idx:
        assert ev["V_m"][k] == pytest.approx(0.2 * (ev["V_m"][k - 1] - E_L) + 18.51 + E_L, abs=1e-9)
    # The threshold jumps by th_spike_add (after decaying over t_ref) at every spike and decays between.
    ts = ev["threshold_spike"]
    assert ts[idx[0]] == pytest.approx(0.37, abs=1e-12)
    assert ts[idx[1] - 1] < ts[idx[1]]
    np.testing.assert_allclose(ev["threshold"], -51.68 + ts, atol=1e-9)


def test_after_spike_currents_jump_at_spikes_and_slow_firing(nest):
    ev_lif, spikes_lif = run_dc("glif_psc", "lif")
    nest.ResetKernel()
    ev_asc, spikes_asc = run_dc("glif_psc", "lif_asc")
    assert np.all(ev_lif["ASCurrents_sum"] == 0.0)
    first = spikes_asc[0]
    before = ev_asc["times"] <= first + 1e-9
    assert np.all(ev_asc["ASCurrents_sum"][before] == 0.0)
    # After the first spike (and t_ref), the summed after-spike current is negative: fewer spikes.
    after = ev_asc["times"] > first + 3.9
    assert np.all(ev_asc["ASCurrents_sum"][after][:10] < -100.0)
    assert len(spikes_asc) < len(spikes_lif)


def test_glif_psc_I_syn_is_one_step_behind(nest):
    n = nest.Create("glif_psc", params={"tau_syn": [2.0]})
    sg = nest.Create("spike_generator", params={"spike_times": [1.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": 1, "weight": 100.0, "delay": 1.0})
    mm = nest.Create("multimeter", params={"record_from": ["I_syn"], "interval": 0.1})
    nest.Connect(mm, n)
    nest.Simulate(10.0)
    t = np.asarray(mm.events["times"])
    i_syn = np.asarray(mm.events["I_syn"])
    # The spike arrives at 2.0 ms (enters y1 at the end of the step stamped 2.0);
    # I_syn at time t is the alpha current at t - h: 100 (t - h - 2)/2 e^(1 - (t - h - 2)/2).
    s = np.maximum(t - 0.1 - 2.0, 0.0)
    np.testing.assert_allclose(i_syn, 100.0 * s / 2.0 * np.exp(1.0 - s / 2.0), rtol=1e-9, atol=1e-9)
