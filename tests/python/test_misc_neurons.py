# SPDX-License-Identifier: GPL-2.0-or-later
"""ht_neuron, iaf_chs_2007, aeif_psc_delta_clopath and hh_psc_alpha_clopath:
what a NEST user relies on beyond the reference traces (tests/validation
replays those): NEST's checks and messages, receptor ports, status keys versus
recordables, and the behaviour each model exists for."""

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
    return np.asarray(ev["times"]), {k: np.asarray(ev[k]) for k in names}, np.asarray(sr.events["times"])


# --------------------------------------------------------------------------
# Defaults, status keys and recordables
# --------------------------------------------------------------------------

@pytest.mark.parametrize("model, expected", [
    ("ht_neuron", {"E_Na": 30.0, "E_K": -90.0, "tau_m": 16.0, "theta_eq": -51.0, "t_ref": 2.0,
                   "g_peak_NMDA": 0.075, "instant_unblock_NMDA": False, "voltage_clamp": False,
                   "V_m": -70.0, "theta": -51.0}),
    ("iaf_chs_2007", {"V_epsp": 0.77, "V_reset": 2.31, "tau_epsp": 8.5, "tau_reset": 15.4,
                      "V_noise": 0.0, "V_m": 0.0}),
    ("aeif_psc_delta_clopath", {"C_m": 281.0, "V_peak": 33.0, "V_clamp": 33.0, "t_clamp": 2.0,
                                "V_th_max": 30.4, "V_th_rest": -50.4, "I_sp": 400.0, "A_LTD": 14e-5,
                                "A_LTD_const": True, "u_bar_plus": -70.6, "V_m": -70.6}),
    ("hh_psc_alpha_clopath", {"C_m": 100.0, "tau_u_bar_plus": 114.0, "tau_u_bar_minus": 10.0,
                              "u_bar_plus": 0.0, "u_bar_bar": 0.0, "u_ref_squared": 60.0,
                              "V_m": -65.0}),
])
def test_defaults(nest, model, expected):
    defaults = nest.GetDefaults(model)
    assert {k: defaults[k] for k in expected} == expected


def test_chs_noise_default_is_an_empty_list(nest):
    assert len(nest.GetDefaults("iaf_chs_2007")["noise"]) == 0


@pytest.mark.parametrize("model, recordables, not_status", [
    ("ht_neuron", ("V_m", "theta", "g_AMPA", "g_NMDA", "g_GABA_A", "g_GABA_B", "I_NaP", "I_KNa", "I_T", "I_h"),
     ("I_NaP", "g_AMPA", "g_NMDA", "m_fast_NMDA")),
    ("iaf_chs_2007", ("V_m",), ("V_syn", "V_spike", "i_syn_ex")),
    ("aeif_psc_delta_clopath", ("V_m", "w", "z", "V_th", "u_bar_plus", "u_bar_minus", "u_bar_bar"),
     ("z", "V_th")),
    ("hh_psc_alpha_clopath", ("V_m", "I_syn_ex", "I_syn_in", "Act_m", "Inact_h", "Act_n",
                              "u_bar_plus", "u_bar_minus", "u_bar_bar"), ("I_syn_ex", "I_syn_in")),
])
def test_recordables_and_status_keys(nest, errors, model, recordables, not_status):
    assert tuple(nest.GetDefaults(model)["recordables"]) == recordables
    n = nest.Create(model)
    status = n.get()
    for key in not_status:
        assert key not in status
    with pytest.raises(errors.UnknownParameter):
        n.set({not_status[0]: 1.0})


# --------------------------------------------------------------------------
# NEST's checks: the message, the neuron unchanged, the kernel usable
# --------------------------------------------------------------------------

@pytest.mark.parametrize("model, params, message", [
    ("ht_neuron", {"g_KL": -1.0}, "g_KL >= 0 required."),
    ("ht_neuron", {"tau_m": 0.0}, "tau_m > 0 required."),
    ("ht_neuron", {"tau_rise_AMPA": 3.0}, "tau_rise_AMPA < tau_decay_AMPA required."),
    ("ht_neuron", {"tau_Mg_fast_NMDA": 30.0}, "tau_Mg_fast_NMDA < tau_Mg_slow_NMDA required."),
    ("ht_neuron", {"t_ref": -1.0}, "t_ref >= 0 required."),
    ("iaf_chs_2007", {"V_epsp": -1.0}, "EPSP cannot be negative."),
    ("iaf_chs_2007", {"V_reset": -1.0}, "Reset potential cannot be negative."),
    ("iaf_chs_2007", {"tau_reset": 0.0}, "All time constants must be strictly positive."),
    ("aeif_psc_delta_clopath", {"V_reset": 40.0}, "Ensure that V_reset < V_peak ."),
    ("aeif_psc_delta_clopath", {"Delta_T": -1.0}, "Delta_T must be greater than or equal to zero."),
    ("aeif_psc_delta_clopath", {"Delta_T": 0.01}, "will lead to numerical overflow at spike time"),
    ("aeif_psc_delta_clopath", {"V_th_max": -60.0}, "V_th_max >= V_th_rest required."),
    ("aeif_psc_delta_clopath", {"C_m": 0.0}, "Ensure that C_m > 0"),
    ("aeif_psc_delta_clopath", {"t_clamp": -1.0}, "Ensure that t_clamp >= 0"),
    ("aeif_psc_delta_clopath", {"tau_z": 0.0}, "All time constants must be strictly positive."),
    ("aeif_psc_delta_clopath", {"u_ref_squared": 0.0}, "Ensure that u_ref_squared > 0"),
    ("hh_psc_alpha_clopath", {"C_m": 0.0}, "Capacitance must be strictly positive."),
    ("hh_psc_alpha_clopath", {"tau_u_bar_bar": 0.0}, "All time constants must be strictly positive."),
    ("hh_psc_alpha_clopath", {"g_K": -1.0}, "All conductances must be non-negative."),
    ("hh_psc_alpha_clopath", {"Act_m": -0.1}, "All (in)activation variables must be non-negative."),
    ("hh_psc_alpha_clopath", {"u_ref_squared": -1.0}, "Ensure that u_ref_squared > 0"),
])
def test_checks_raise_nest_messages(nest, errors, usable, model, params, message):
    n = nest.Create(model)
    before = n.get()
    with pytest.raises(errors.BadProperty, match=message.replace(".", r"\.").replace("(", r"\(").replace(")", r"\)")):
        n.set(params)
    after = n.get()
    assert {k: after[k] for k in params} == {k: before[k] for k in params}
    with pytest.raises(errors.BadProperty):
        nest.SetDefaults(model, params)
    usable()


# --------------------------------------------------------------------------
# Receptor ports and accepted inputs
# --------------------------------------------------------------------------

def test_ht_neuron_named_ports(nest, errors, usable):
    expected = {"AMPA": 1, "NMDA": 2, "GABA_A": 3, "GABA_B": 4}
    assert dict(nest.GetDefaults("ht_neuron")["receptor_types"]) == expected
    n = nest.Create("ht_neuron")
    assert dict(n.get("receptor_types")) == expected
    sg = nest.Create("spike_generator")
    for port in expected.values():
        nest.Connect(sg, n, syn_spec={"receptor_type": port, "weight": -1.0})  # any sign
    for bad in (0, 5):
        with pytest.raises(errors.IllegalConnection, match="receptor_type"):
            nest.Connect(sg, n, syn_spec={"receptor_type": bad})
    dc = nest.Create("dc_generator")
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(dc, n, syn_spec={"receptor_type": 1})
    nest.Connect(dc, n)  # currents on receptor 0
    assert nest.num_connections == 5
    usable()


@pytest.mark.parametrize("port, conductance", [(1, "g_AMPA"), (2, "g_NMDA"), (3, "g_GABA_A"), (4, "g_GABA_B")])
def test_ht_neuron_port_drives_its_conductance(nest, port, conductance):
    n = nest.Create("ht_neuron")
    sg = nest.Create("spike_generator", params={"spike_times": [5.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": port, "weight": 1.0})
    names = ["g_AMPA", "g_NMDA", "g_GABA_A", "g_GABA_B"]
    _, rec, _ = record(nest, n, names, 100.0)
    for name in names:
        assert (rec[name].max() > 0.0) == (name == conductance), name


def test_ht_neuron_unit_weight_peaks_at_g_peak(nest):
    # beta normalisation: a unit weight on AMPA peaks at g_peak_AMPA
    n = nest.Create("ht_neuron", params={"voltage_clamp": True})
    sg = nest.Create("spike_generator", params={"spike_times": [5.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": 1, "weight": 1.0})
    _, rec, _ = record(nest, n, ["g_AMPA"], 30.0)
    assert rec["g_AMPA"].max() == pytest.approx(0.1, rel=2e-3)


def test_chs_refuses_currents_and_ignores_negative_weights(nest, errors, usable):
    n = nest.Create("iaf_chs_2007")
    with pytest.raises(errors.IllegalConnection, match="does not support current input"):
        nest.Connect(nest.Create("step_current_generator"), n)
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(nest.Create("spike_generator"), n, syn_spec={"receptor_type": 1})
    sg = nest.Create("spike_generator", params={"spike_times": [5.0, 10.0]})
    nest.Connect(sg, n, syn_spec={"weight": -2.0})
    _, rec, spikes = record(nest, n, ["V_m"], 50.0)
    assert np.all(rec["V_m"] == 0.0) and len(spikes) == 0
    usable()


# --------------------------------------------------------------------------
# Behaviour
# --------------------------------------------------------------------------

def test_chs_psp_peaks_at_V_epsp_after_tau_epsp(nest):
    n = nest.Create("iaf_chs_2007")
    sg = nest.Create("spike_generator", params={"spike_times": [10.0]})
    nest.Connect(sg, n, syn_spec={"weight": 0.5, "delay": 1.0})
    times, rec, _ = record(nest, n, ["V_m"], 60.0)
    k = int(np.argmax(rec["V_m"]))
    assert rec["V_m"][k] == pytest.approx(0.5 * 0.77, rel=1e-3)
    assert times[k] == pytest.approx(11.0 + 8.5, abs=H + 1e-9)


def test_chs_spike_subtracts_V_reset(nest):
    n = nest.Create("iaf_chs_2007")
    sg = nest.Create("spike_generator", params={"spike_times": [10.0]})
    nest.Connect(sg, n, syn_spec={"weight": 2.0})
    times, rec, spikes = record(nest, n, ["V_m"], 40.0)
    assert len(spikes) == 1
    k = int(np.flatnonzero(np.isclose(times, spikes[0]))[0])
    # V_m at the spike step is the pre-spike value minus V_reset (no clamp)
    assert rec["V_m"][k] < 1.0 - 2.31 + 1.0
    assert rec["V_m"][k - 1] < 1.0 <= rec["V_m"][k] + 2.31


def test_chs_noise_consumed_per_step_across_simulate_calls(nest):
    noise = np.linspace(-1.0, 1.0, 40)
    n = nest.Create("iaf_chs_2007", params={"V_noise": 0.5, "noise": noise})
    mm = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": H})
    nest.Connect(mm, n)
    nest.Simulate(1.5)
    nest.Simulate(1.5)
    # As NEST, the samples of the last min-delay slice (1 ms) come with the next Simulate.
    np.testing.assert_allclose(mm.events["V_m"], 0.5 * noise[:20], rtol=0, atol=1e-15)
    n.set({"noise": [0.25, 0.5]})  # setting the list restarts it
    nest.Simulate(0.2)
    nest.Simulate(1.0)
    np.testing.assert_allclose(mm.events["V_m"][:30], 0.5 * noise[:30], rtol=0, atol=1e-15)
    np.testing.assert_allclose(mm.events["V_m"][30:32], [0.125, 0.25], rtol=0, atol=1e-15)


def test_chs_noise_off_without_amplitude(nest):
    n = nest.Create("iaf_chs_2007", params={"noise": [0.9] * 50})
    _, rec, _ = record(nest, n, ["V_m"], 4.0)
    assert np.all(rec["V_m"] == 0.0)


def test_ht_neuron_spike_sets_theta_to_E_Na(nest):
    n = nest.Create("ht_neuron")
    dc = nest.Create("dc_generator", params={"amplitude": 15.0})
    nest.Connect(dc, n)
    times, rec, spikes = record(nest, n, ["V_m", "theta"], 200.0)
    assert len(spikes) >= 3
    for t in spikes:
        k = int(np.flatnonzero(np.isclose(times, t))[0])
        # theta = E_Na at the spike substep, then relaxing with tau_theta = 2 ms
        assert 25.0 < rec["theta"][k] <= 30.0
        assert rec["theta"][k - 1] < 0.0


def test_ht_neuron_voltage_clamp_holds_V(nest):
    n = nest.Create("ht_neuron", params={"voltage_clamp": True, "V_m": -60.0})
    sg = nest.Create("spike_generator", params={"spike_times": [5.0, 6.0, 7.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": 1, "weight": 5.0})
    _, rec, spikes = record(nest, n, ["V_m", "g_AMPA"], 30.0)
    assert np.all(rec["V_m"] == -60.0) and rec["g_AMPA"].max() > 0.0 and len(spikes) == 0


def test_ht_neuron_instant_unblock_raises_g_NMDA(nest):
    peaks = []
    for instant in (False, True):
        nest.ResetKernel()
        n = nest.Create("ht_neuron", params={"instant_unblock_NMDA": instant, "voltage_clamp": True,
                                             "V_m": -40.0})
        sg = nest.Create("spike_generator", params={"spike_times": [5.0]})
        nest.Connect(sg, n, syn_spec={"receptor_type": 2, "weight": 1.0})
        _, rec, _ = record(nest, n, ["g_NMDA"], 60.0)
        peaks.append(rec["g_NMDA"].max())
    # at -40 mV m_eq is reached at once instead of via the slow/fast Mg kinetics
    assert peaks[1] > peaks[0] > 0.0


def test_aeif_clopath_spike_clamps_then_resets(nest):
    n = nest.Create("aeif_psc_delta_clopath", params={"I_e": 1000.0, "t_ref": 1.0})
    times, rec, spikes = record(nest, n, ["V_m", "V_th", "z"], 100.0)
    assert len(spikes) >= 1
    k = int(np.flatnonzero(np.isclose(times, spikes[0]))[0])
    clamp = int(round(2.0 / H))
    np.testing.assert_array_equal(rec["V_m"][k:k + clamp], 33.0)   # V_clamp for t_clamp
    np.testing.assert_array_equal(rec["V_m"][k + clamp:k + clamp + 10], -60.0)  # then t_ref at V_reset
    assert rec["V_th"][k] == pytest.approx(30.4, abs=1.0)  # V_th = V_th_max at the spike
    assert rec["z"][k] == pytest.approx(400.0, rel=1e-2)    # z = I_sp


def test_aeif_clopath_delta_input_moves_V_and_traces_follow(nest):
    n = nest.Create("aeif_psc_delta_clopath")
    sg = nest.Create("spike_generator", params={"spike_times": [10.0]})
    nest.Connect(sg, n, syn_spec={"weight": 5.0})
    times, rec, _ = record(nest, n, ["V_m", "u_bar_plus", "u_bar_minus"], 30.0)
    k = int(np.flatnonzero(np.isclose(times, 11.0))[0])
    assert rec["V_m"][k] - rec["V_m"][k - 1] == pytest.approx(5.0, abs=0.05)
    # the traces low-pass V: they rise after the jump, the faster one (tau 7 ms) more
    assert rec["u_bar_plus"][k + 20] > rec["u_bar_minus"][k + 20] > -70.6


def test_hh_clopath_traces_relax_towards_V(nest):
    n = nest.Create("hh_psc_alpha_clopath")
    _, rec, spikes = record(nest, n, ["V_m", "u_bar_plus", "u_bar_minus", "u_bar_bar"], 200.0)
    assert len(spikes) == 0
    # from 0 mV towards V (about -65 mV): u_bar_minus (10 ms) is nearly there, u_bar_plus (114 ms) not
    assert rec["u_bar_minus"][-1] == pytest.approx(rec["V_m"][-1], abs=0.5)
    assert rec["V_m"][-1] < rec["u_bar_plus"][-1] < -40.0
    assert rec["u_bar_minus"][-1] < rec["u_bar_bar"][-1] < 0.0


def test_hh_clopath_spikes_like_hh_psc_alpha(nest):
    trains = []
    for model in ("hh_psc_alpha", "hh_psc_alpha_clopath"):
        nest.ResetKernel()
        n = nest.Create(model, params={"I_e": 1000.0})
        _, rec, spikes = record(nest, n, ["V_m"], 100.0)
        trains.append((spikes, rec["V_m"]))
    assert len(trains[0][0]) > 3
    np.testing.assert_array_equal(trains[0][0], trains[1][0])
    np.testing.assert_allclose(trains[0][1], trains[1][1], rtol=0, atol=1e-9)
