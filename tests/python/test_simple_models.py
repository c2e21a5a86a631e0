# SPDX-License-Identifier: GPL-2.0-or-later
"""mat2_psc_exp, amat2_psc_exp, iaf_psc_exp_htum and ignore_and_fire: what a
NEST user relies on beyond the reference traces (tests/validation replays
those): NEST's checks, status keys versus recordables, E_L handling, and the
behaviour each model exists for."""

import numpy as np
import pytest

H = 0.1  # default resolution (ms)


def record(nest, neuron, names, t_sim):
    mm = nest.Create("multimeter", params={"record_from": names, "interval": H})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, neuron)
    nest.Connect(neuron, sr)
    nest.Simulate(t_sim)
    ev = mm.events
    return ev["times"], {k: np.asarray(ev[k]) for k in names}, np.asarray(sr.events["times"])


# --------------------------------------------------------------------------
# Defaults, status keys and recordables
# --------------------------------------------------------------------------

@pytest.mark.parametrize("model, expected", [
    ("mat2_psc_exp", {"C_m": 100.0, "E_L": -70.0, "tau_m": 5.0, "t_ref": 2.0, "tau_syn_ex": 1.0,
                      "tau_syn_in": 3.0, "tau_1": 10.0, "tau_2": 200.0, "alpha_1": 37.0,
                      "alpha_2": 2.0, "omega": -51.0, "V_m": -70.0, "V_th_alpha_1": 0.0,
                      "V_th_alpha_2": 0.0}),
    ("amat2_psc_exp", {"C_m": 200.0, "tau_m": 10.0, "alpha_1": 10.0, "alpha_2": 0.0, "beta": 0.0,
                       "tau_v": 5.0, "omega": -65.0, "V_th_v": 0.0}),
    ("iaf_psc_exp_htum", {"C_m": 250.0, "t_ref_abs": 2.0, "t_ref_tot": 2.0, "V_th": -55.0,
                          "V_reset": -70.0, "tau_syn_ex": 2.0, "tau_syn_in": 2.0}),
    ("ignore_and_fire", {"phase": 1.0, "rate": 10.0}),
])
def test_defaults(nest, model, expected):
    defaults = nest.GetDefaults(model)
    assert {k: defaults[k] for k in expected} == expected


@pytest.mark.parametrize("model, recordables, not_status", [
    ("mat2_psc_exp", ("V_m", "V_th"), ("V_th", "I_syn_ex", "I_syn_in")),
    ("amat2_psc_exp", ("V_m", "V_th", "V_th_v", "I_syn_ex", "I_syn_in"),
     ("V_th", "V_th_dv", "I_syn_ex", "I_syn_in")),
    ("iaf_psc_exp_htum", ("V_m", "I_syn_ex", "I_syn_in"), ("I_syn_ex", "I_syn_in")),
    ("ignore_and_fire", (), ("V_m",)),
])
def test_recordables_and_status_keys(nest, errors, model, recordables, not_status):
    assert tuple(nest.GetDefaults(model)["recordables"]) == recordables
    n = nest.Create(model)
    status = n.get()
    for key in not_status:
        assert key not in status
    with pytest.raises(errors.UnknownParameter):
        n.set({not_status[0]: 1.0})


def test_ignore_and_fire_records_nothing(nest, errors):
    n = nest.Create("ignore_and_fire")
    mm = nest.Create("multimeter", params={"record_from": ["V_m"]})
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(mm, n)


# --------------------------------------------------------------------------
# NEST's parameter checks
# --------------------------------------------------------------------------

@pytest.mark.parametrize("model, params, message", [
    ("mat2_psc_exp", {"C_m": 0.0}, "Capacitance must be strictly positive"),
    ("mat2_psc_exp", {"tau_1": 0.0}, "All time constants must be strictly positive"),
    ("mat2_psc_exp", {"t_ref": 0.0}, "All time constants must be strictly positive"),
    ("mat2_psc_exp", {"tau_syn_in": 5.0}, "Membrane and synapse time constant"),
    ("amat2_psc_exp", {"C_m": -1.0}, "Capacitance must be strictly positive"),
    ("amat2_psc_exp", {"tau_v": 0.0}, "All time constants must be strictly positive"),
    ("amat2_psc_exp", {"tau_v": 10.0}, "tau_m must differ from"),
    ("amat2_psc_exp", {"tau_syn_ex": 10.0}, "tau_m must differ from"),
    ("amat2_psc_exp", {"tau_v": 3.0}, "tau_v must differ from"),
    ("iaf_psc_exp_htum", {"V_reset": -50.0}, "Reset potential must be smaller than threshold"),
    ("iaf_psc_exp_htum", {"t_ref_abs": 3.0}, "Total refractory period must be larger or equal"),
    ("iaf_psc_exp_htum", {"C_m": 0.0}, "Capacitance must be strictly positive"),
    ("iaf_psc_exp_htum", {"t_ref_abs": 0.0}, "All time constants must be strictly positive"),
    ("iaf_psc_exp_htum", {"tau_syn_ex": -2.0}, "All time constants must be strictly positive"),
    ("ignore_and_fire", {"phase": 0.0}, "Phase must be > 0 and <= 1"),
    ("ignore_and_fire", {"phase": 1.5}, "Phase must be > 0 and <= 1"),
    ("ignore_and_fire", {"rate": 0.0}, "Firing rate must be > 0"),
])
def test_nest_checks(nest, errors, usable, model, params, message):
    with pytest.raises(errors.BadProperty, match=message):
        nest.Create(model, params=params)
    n = nest.Create(model)
    before = n.get()
    with pytest.raises(errors.BadProperty, match=message):
        n.set(params)
    assert n.get() == before  # a refused set changes nothing
    usable()


def test_checks_see_the_whole_set(nest):
    # Each value alone would be refused; together they are consistent.
    n = nest.Create("iaf_psc_exp_htum")
    n.set(t_ref_abs=3.0, t_ref_tot=4.0)
    assert n.get(["t_ref_abs", "t_ref_tot"]) == {"t_ref_abs": 3.0, "t_ref_tot": 4.0}
    m = nest.Create("mat2_psc_exp")
    m.set(tau_m=1.0, tau_syn_ex=5.0)  # tau_m was 5
    assert m.get(["tau_m", "tau_syn_ex"]) == {"tau_m": 1.0, "tau_syn_ex": 5.0}


def test_only_receptor_0(nest, errors):
    sg = nest.Create("spike_generator")
    for model in ("mat2_psc_exp", "amat2_psc_exp", "iaf_psc_exp_htum", "ignore_and_fire"):
        n = nest.Create(model)
        nest.Connect(sg, n, syn_spec={"receptor_type": 0})
        with pytest.raises(errors.IllegalConnection):
            nest.Connect(sg, n, syn_spec={"receptor_type": 1})


# --------------------------------------------------------------------------
# E_L: NEST keeps the absolute values of everything else
# --------------------------------------------------------------------------

@pytest.mark.parametrize("model, keys", [
    ("mat2_psc_exp", ["V_m", "omega", "V_th_alpha_1"]),
    ("amat2_psc_exp", ["V_m", "omega", "V_th_v"]),
    ("iaf_psc_exp_htum", ["V_m", "V_th", "V_reset"]),
    ("iaf_psc_exp", ["V_m", "V_th", "V_reset"]),
    ("iaf_psc_alpha", ["V_m", "V_th", "V_reset", "V_min"]),
    ("iaf_psc_delta", ["V_m", "V_th", "V_reset", "V_min"]),
    ("iaf_psc_exp_multisynapse", ["V_m", "V_th", "V_reset"]),
    ("iaf_psc_alpha_multisynapse", ["V_m", "V_th", "V_reset", "V_min"]),
])
def test_setting_E_L_alone_moves_nothing_else(nest, model, keys):
    a = nest.Create(model)
    before = a.get(keys)
    a.set(E_L=-60.0)
    b = nest.Create(model, params={"E_L": -60.0})
    assert a.get(keys) == b.get(keys) == before
    assert a.E_L == b.E_L == -60.0


def test_mat2_threshold_stays_at_omega_when_E_L_moves(nest):
    n = nest.Create("mat2_psc_exp", params={"E_L": -60.0})
    _, rec, spikes = record(nest, n, ["V_m", "V_th"], 50.0)
    assert len(spikes) == 0
    assert np.all(rec["V_th"] == -51.0)
    assert rec["V_m"][-1] == pytest.approx(-60.0, abs=1e-3)  # relaxes to the new rest


# --------------------------------------------------------------------------
# Model-specific behaviour
# --------------------------------------------------------------------------

def test_mat2_threshold_jumps_at_a_spike_and_V_m_is_not_reset(nest):
    n = nest.Create("mat2_psc_exp", params={"I_e": 600.0})
    times, rec, spikes = record(nest, n, ["V_m", "V_th"], 100.0)
    assert len(spikes) >= 2
    k = int(np.argmin(np.abs(times - spikes[0])))  # sample stamped with the first spike
    # Before the first spike the threshold rests at omega; the spike raises it
    # by alpha_1 + alpha_2 in the spike's own step.
    assert np.all(rec["V_th"][:k] == -51.0)
    assert rec["V_th"][k] == pytest.approx(-51.0 + 37.0 + 2.0, abs=1e-12)
    assert rec["V_m"][k] >= rec["V_th"][k - 1]
    # No reset: V_m goes on from where it was.
    assert abs(rec["V_m"][k + 1] - rec["V_m"][k]) < 1.0
    # Then the threshold relaxes (tau_1 = 10 ms, tau_2 = 200 ms).
    assert rec["V_th"][k + 10] < rec["V_th"][k]
    # The total refractory period (t_ref = 2 ms) separates spikes.
    assert np.min(np.diff(spikes)) > 2.0


def test_mat2_spikes_routed_by_sign(nest):
    n = nest.Create("mat2_psc_exp")
    sg = nest.Create("spike_generator", params={"spike_times": [1.0]})
    nest.Connect(sg, n, syn_spec={"weight": 100.0})
    nest.Connect(sg, n, syn_spec={"weight": -100.0})
    _, rec, _ = record(nest, n, ["V_m"], 4.0)
    # tau_syn_in = 3 ms > tau_syn_ex = 1 ms: the inhibitory current outlasts the
    # excitatory one, so the equal and opposite weights leave V_m below rest.
    assert rec["V_m"][-1] < -70.0


def test_amat2_with_beta_0_behaves_as_mat2(nest):
    shared = {"C_m": 100.0, "tau_m": 5.0, "alpha_1": 37.0, "alpha_2": 2.0, "omega": -51.0,
              "I_e": 600.0}
    mat2 = nest.Create("mat2_psc_exp", params=shared)
    _, a, sa = record(nest, mat2, ["V_m", "V_th"], 100.0)
    nest.ResetKernel()
    amat2 = nest.Create("amat2_psc_exp", params=dict(shared, beta=0.0, tau_v=7.0))
    _, b, sb = record(nest, amat2, ["V_m", "V_th"], 100.0)
    assert len(sa) >= 3
    np.testing.assert_array_equal(sa, sb)
    np.testing.assert_allclose(a["V_m"], b["V_m"], rtol=0, atol=1e-9)
    np.testing.assert_allclose(a["V_th"], b["V_th"], rtol=0, atol=1e-9)


def test_amat2_voltage_dependent_threshold_follows_depolarisation(nest):
    n = nest.Create("amat2_psc_exp", params={"beta": 0.5, "alpha_1": 0.0, "I_e": 80.0})
    _, rec, spikes = record(nest, n, ["V_m", "V_th", "V_th_v"], 50.0)
    assert len(spikes) == 0
    # A rising V_m lifts V_th_v (beta > 0) and V_th with it; with V_m at its new
    # steady level the kernel forgets the rise again.
    assert rec["V_th_v"].max() > 0.1
    assert rec["V_th_v"][-1] < 0.1 * rec["V_th_v"].max()
    np.testing.assert_allclose(rec["V_th"], -65.0 + rec["V_th_v"], atol=1e-12)


def test_htum_absolute_and_total_refractory_periods(nest):
    # A drive so strong that V_m is above threshold one step after the clamp ends.
    n = nest.Create("iaf_psc_exp_htum", params={"I_e": 1e6, "t_ref_abs": 2.0, "t_ref_tot": 5.0})
    times, rec, spikes = record(nest, n, ["V_m"], 30.0)
    assert np.allclose(np.diff(spikes), 5.0 + H)  # no spike before t_ref_tot has passed
    k = int(np.argmin(np.abs(times - spikes[0])))
    clamped = 20  # t_ref_abs / h steps after the spike step
    # The multimeter records V_m relative to E_L (-70 mV), as NEST does for this model.
    assert np.all(rec["V_m"][k:k + clamped + 1] == 0.0)
    assert rec["V_m"][k + clamped + 1] > 15.0  # free again and above V_th, but no spike


def test_htum_with_equal_refractory_times_is_iaf_psc_exp(nest):
    params = {"I_e": 600.0, "t_ref_abs": 2.0, "t_ref_tot": 2.0}
    htum = nest.Create("iaf_psc_exp_htum", params=params)
    times, a, sa = record(nest, htum, ["V_m"], 100.0)
    # GetStatus now, the recorder's last sample (1 ms earlier: the last min-delay
    # slice comes with the next Simulate) after a step more.
    htum_V_m = htum.V_m
    nest.Simulate(H)
    mm_events = nest.NodeCollection([htum.global_id + 1]).events  # record() made the multimeter next
    htum_V_m_recorded = mm_events["V_m"][np.argmin(np.abs(mm_events["times"] - 100.0))]
    nest.ResetKernel()
    exp = nest.Create("iaf_psc_exp", params={"I_e": 600.0, "t_ref": 2.0})
    _, b, sb = record(nest, exp, ["V_m"], 100.0)
    assert len(sa) >= 3
    np.testing.assert_array_equal(sa, sb)
    # htum's recorded V_m is relative to E_L (NEST's choice), iaf_psc_exp's absolute.
    np.testing.assert_allclose(a["V_m"] - 70.0, b["V_m"], rtol=0, atol=1e-9)
    assert htum_V_m == pytest.approx(htum_V_m_recorded - 70.0)  # GetStatus: absolute


def test_ignore_and_fire_fires_at_its_rate_whatever_the_input(nest):
    quiet, driven = nest.Create("ignore_and_fire", 2, params={"rate": 40.0, "phase": 0.3})
    sg = nest.Create("spike_generator", params={"spike_times": [5.0, 10.0, 20.0]})
    dc = nest.Create("dc_generator", params={"amplitude": 1e6})
    nest.Connect(sg, driven, syn_spec={"weight": 1e6})
    nest.Connect(sg, driven, syn_spec={"weight": -1e6})
    nest.Connect(dc, driven)
    sr = nest.Create("spike_recorder")
    nest.Connect(quiet + driven, sr)
    nest.Simulate(1000.0)
    ev = sr.events
    t_quiet = ev["times"][ev["senders"] == quiet.global_id]
    t_driven = ev["times"][ev["senders"] == driven.global_id]
    np.testing.assert_array_equal(t_quiet, t_driven)
    # period 25 ms = 250 steps; the first spike phase * 250 + 1 steps after the start
    assert len(t_quiet) == 40
    assert t_quiet[0] == pytest.approx(0.3 * 25.0 + H)
    np.testing.assert_allclose(np.diff(t_quiet), 25.0, atol=1e-9)


def test_ignore_and_fire_schedule_carries_over_and_restarts_on_set(nest):
    n = nest.Create("ignore_and_fire", params={"rate": 100.0, "phase": 0.5})  # P = 10 ms
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(12.0)
    nest.Simulate(20.0)
    np.testing.assert_allclose(sr.events["times"], [5.1, 15.1, 25.1])
    # Setting the phase starts the countdown again from the new phase.
    n.phase = 0.2
    nest.Simulate(10.0)
    np.testing.assert_allclose(sr.events["times"][3:], [32.0 + 2.1])


def test_iaf_psc_delta_ignore_and_spike(nest, errors):
    """NEST's ignore-and-spike mechanism: spikes at the offset and every interval after it,
    none from the dynamics (the numbers of NEST's ignore_and_spike_mechanism example)."""
    regular = nest.Create("iaf_psc_delta", params={"I_e": 400.0})
    forced = nest.Create("iaf_psc_delta", params={"I_e": 400.0, "ignore_and_spike": True,
                                                  "ignore_and_spike_offset": 5.0,
                                                  "ignore_and_spike_interval": 10.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(regular + forced, sr)
    nest.Simulate(100.0)
    def times(n):
        ev = sr.events
        return ev["times"][ev["senders"] == n.global_id].tolist()

    assert times(forced) == pytest.approx([5.0 + 10.0 * k for k in range(10)])
    assert times(regular) == pytest.approx([27.8, 57.6, 87.4])
    forced.ignore_and_spike_offset = 2.0  # restarts the countdown, as in NEST
    nest.Simulate(10.0)
    assert times(forced)[-1] == pytest.approx(102.0)
    with pytest.raises(errors.BadProperty, match="ignore_and_spike_interval > 0 required"):
        forced.ignore_and_spike_interval = 0.0
