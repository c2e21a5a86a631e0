# SPDX-License-Identifier: GPL-2.0-or-later
"""eprop_iaf and eprop_readout (NEST 3.10's e-prop neuron models): defaults,
checks, the string parameter surrogate_gradient_function, f_target's units,
the readout's rate ports, the dynamics against hand computations, and
reproducibility over threads and backends. NEST's traces: validation's
test_eprop_nest.py."""

import math

import numpy as np
import pytest


def test_defaults_as_nest(nest):
    d = nest.GetDefaults("eprop_iaf")
    assert d["C_m"] == 250.0 and d["E_L"] == -70.0 and d["V_th"] == -55.0 and d["V_m"] == -70.0
    assert d["f_target"] == 0.01 and d["kappa"] == 0.97 and d["kappa_reg"] == 0.97 and d["c_reg"] == 0.0
    assert d["surrogate_gradient_function"] == "piecewise_linear"
    assert d["surrogate_gradient_height"] == 0.3 and d["surrogate_gradient_width"] == 1.0
    assert math.isinf(d["eprop_isi_trace_cutoff"]) and math.isinf(d["flush_event_send_interval"])
    assert d["ignore_and_spike"] is False and d["ignore_and_spike_offset"] == 1.0
    assert sorted(d["recordables"]) == ["V_m", "eprop_history_duration", "learning_signal", "surrogate_gradient"]
    r = nest.GetDefaults("eprop_readout")
    assert r["E_L"] == 0.0 and r["V_m"] == 0.0 and r["tau_m"] == 10.0 and r["C_m"] == 250.0
    assert r["receptor_types"] == {"eprop_learning_window": 1, "target_signal": 2}
    assert sorted(r["recordables"]) == ["V_m", "eprop_history_duration", "error_signal", "readout_signal",
                                        "target_signal"]


def test_surrogate_gradient_function_is_a_string_choice(nest):
    n = nest.Create("eprop_iaf")
    for name in ["exponential", "fast_sigmoid_derivative", "arctan_derivative", "piecewise_linear"]:
        n.set(surrogate_gradient_function=name)
        assert n.get("surrogate_gradient_function") == name
    with pytest.raises(nest.kernel.NESTError, match="surrogate_gradient_function from"):
        n.set(surrogate_gradient_function="relu")
    assert n.get("surrogate_gradient_function") == "piecewise_linear"
    nest.SetDefaults("eprop_iaf", {"surrogate_gradient_function": "exponential"})
    assert nest.Create("eprop_iaf").get("surrogate_gradient_function") == "exponential"


def test_f_target_set_in_hz_reported_per_ms(nest):
    n = nest.Create("eprop_iaf", params={"f_target": 20.0})
    assert n.get("f_target") == pytest.approx(0.02)
    n.set(f_target=5.0)
    assert n.get("f_target") == pytest.approx(0.005)


@pytest.mark.parametrize("params, text", [
    ({"C_m": 0.0}, "C_m > 0"), ({"c_reg": -1.0}, "c_reg ≥ 0"), ({"f_target": -1.0}, "f_target ≥ 0"),
    ({"tau_m": 0.0}, "tau_m > 0"), ({"t_ref": -1.0}, "t_ref ≥ 0"), ({"V_th": -80.0, "V_min": -70.0}, "V_th ≥ V_min"),
    ({"kappa": 1.5}, "kappa ≤ 1"), ({"kappa_reg": -0.5}, "kappa_reg ≤ 1"),
    ({"surrogate_gradient_height": 0.0}, "surrogate_gradient_height > 0"),
    ({"surrogate_gradient_width": 0.0}, "surrogate_gradient_width > 0"),
    ({"eprop_isi_trace_cutoff": -1.0}, "eprop_isi_trace_cutoff ≥ 0"),
    ({"flush_event_send_interval": 0.0}, "flush_event_send_interval > 0"),
    ({"ignore_and_spike_offset": 0.0}, "ignore_and_spike_offset > 0"),
])
def test_bad_parameters_raise_and_leave_the_neuron(nest, params, text):
    n = nest.Create("eprop_iaf")
    with pytest.raises(nest.kernel.NESTError, match=text) as e:
        n.set(params)
    assert "eprop_iaf" in str(e.value)
    assert n.get("C_m") == 250.0 and n.get("V_th") == -55.0
    nest.Simulate(2.0)  # the kernel stays usable


def test_readout_checks(nest):
    r = nest.Create("eprop_readout")
    for params, text in [({"C_m": 0.0}, "C_m > 0"), ({"tau_m": -1.0}, "tau_m > 0"),
                         ({"eprop_isi_trace_cutoff": -2.0}, "eprop_isi_trace_cutoff")]:
        with pytest.raises(nest.kernel.NESTError, match=text):
            r.set(params)


def test_readout_ports(nest):
    r = nest.Create("eprop_readout")
    n = nest.Create("eprop_iaf")
    g = nest.Create("step_rate_generator")
    for port in (0, 3):
        with pytest.raises(nest.kernel.NESTError, match="through receptor_type 1 or 2"):
            nest.Connect(g, r, syn_spec={"synapse_model": "rate_connection_delayed", "receptor_type": port})
    with pytest.raises(nest.kernel.NESTError, match="receptor_type 1"):
        nest.Connect(n, r, syn_spec={"receptor_type": 1})
    with pytest.raises(nest.kernel.NESTError, match="receptor_type 1"):
        nest.Connect(n, n, syn_spec={"receptor_type": 1})
    nest.Connect(g, r, syn_spec={"synapse_model": "rate_connection_delayed", "receptor_type": 2})
    nest.Connect(n, r)
    assert nest.GetKernelStatus("num_connections") == 2


def test_iaf_dynamics_by_hand(nest):
    # One input spike of w pA at 1 ms (delay 1 ms): v jumps by w in the step
    # ending at 2 ms and decays by exp(-h/tau_m); psi is the piecewise-linear
    # surrogate of v; a crossing spikes and subtracts v_th.
    nest.resolution = 1.0
    params = {"E_L": 0.0, "V_m": 0.0, "V_th": 1.0, "tau_m": 10.0, "C_m": 1.0, "t_ref": 0.0,
              "surrogate_gradient_height": 0.5, "surrogate_gradient_width": 2.0}
    n = nest.Create("eprop_iaf", params=params)
    g = nest.Create("spike_generator", params={"spike_times": [1.0, 4.0]})
    nest.Connect(g, n, syn_spec={"weight": 0.75, "delay": 1.0})
    mm = nest.Create("multimeter", {"record_from": ["V_m", "surrogate_gradient", "learning_signal"],
                                    "interval": 1.0})
    nest.Connect(mm, n)
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(8.0)
    ev = mm.get("events")
    a = math.exp(-0.1)
    v, want_v, want_psi, spikes = 0.0, [], [], []
    for t in range(1, 8):
        v = a * v + (0.75 if t in (2, 5) else 0.0)
        want_psi.append(0.5 * max(0.0, 1.0 - abs(v - 1.0) / 2.0))
        if v >= 1.0:
            spikes.append(float(t))
            v -= 1.0
        want_v.append(v)
    np.testing.assert_allclose(ev["V_m"], want_v, atol=1e-9)
    np.testing.assert_allclose(ev["surrogate_gradient"], want_psi, atol=1e-9)
    assert list(ev["learning_signal"]) == [0.0] * 7
    assert list(sr.get("events")["times"]) == spikes == [5.0]


def test_refractory_neuron_has_zero_surrogate_gradient(nest):
    nest.resolution = 1.0
    n = nest.Create("eprop_iaf", params={"E_L": 0.0, "V_m": 0.0, "V_th": 1.0, "t_ref": 3.0, "I_e": 0.0, "C_m": 1.0,
                                         "surrogate_gradient_width": 100.0})
    g = nest.Create("spike_generator", params={"spike_times": [1.0, 2.0, 3.0, 4.0, 5.0]})
    nest.Connect(g, n, syn_spec={"weight": 1.5, "delay": 1.0})
    mm = nest.Create("multimeter", {"record_from": ["surrogate_gradient"], "interval": 1.0})
    nest.Connect(mm, n)
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(8.0)
    psi = mm.get("events")["surrogate_gradient"]
    spikes = list(sr.get("events")["times"])
    assert spikes[0] == 2.0 and 3.0 not in spikes and 4.0 not in spikes
    # Samples at 1, 2, ... ms. After the spike (step ending at 2 ms) r = 3 counts
    # down before psi is computed: 2, 1 (psi 0 at 3 and 4 ms), then 0 at 5 ms.
    assert psi[1] > 0.0 and psi[2] == 0.0 and psi[3] == 0.0 and psi[4] > 0.0


def test_readout_signals_by_hand(nest):
    nest.resolution = 1.0
    r = nest.Create("eprop_readout", params={"tau_m": 5.0, "C_m": 2.0, "I_e": 4.0})
    target = nest.Create("step_rate_generator", params={"amplitude_times": [1.0, 4.0],
                                                       "amplitude_values": [0.5, -0.25]})
    window = nest.Create("step_rate_generator", params={"amplitude_times": [1.0, 5.0],
                                                       "amplitude_values": [1.0, 0.0]})
    nest.Connect(target, r, syn_spec={"synapse_model": "rate_connection_delayed", "receptor_type": 2})
    nest.Connect(window, r, syn_spec={"synapse_model": "rate_connection_delayed", "receptor_type": 1,
                                      "weight": 2.0})
    mm = nest.Create("multimeter", {"record_from": ["V_m", "readout_signal", "target_signal", "error_signal"],
                                    "interval": 1.0})
    nest.Connect(mm, r)
    nest.Simulate(8.0)
    ev = mm.get("events")
    a = math.exp(-1.0 / 5.0)
    v, i_in = 0.0, 0.0
    for k, t in enumerate(ev["times"]):
        v = 5.0 / 2.0 * (1.0 - a) * i_in + a * v
        i_in = 4.0
        # a generator's amplitude from time T on acts in the steps ending after T + 1
        # (NEST: the readout latches the value at the start of the next slice)
        y_star = 0.5 if 1.0 <= t - 1.0 < 4.0 else (-0.25 if t - 1.0 >= 4.0 else 0.0)
        win = 2.0 if 1.0 <= t - 1.0 < 5.0 else 0.0
        assert ev["V_m"][k] == pytest.approx(v, abs=1e-9)
        assert ev["readout_signal"][k] == pytest.approx(v * win, abs=1e-9)
        assert ev["target_signal"][k] == pytest.approx(y_star * win, abs=1e-9)
        assert ev["error_signal"][k] == pytest.approx((v - y_star) * win, abs=1e-9)


def _run(nest, threads, backend):
    nest.ResetKernel()
    nest.SetKernelStatus({"backend": backend})
    nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": 7})
    nest.resolution = 1.0
    rec = nest.Create("eprop_iaf", 20, {"E_L": 0.0, "V_m": 0.0, "V_th": 0.03, "C_m": 1.0, "tau_m": 30.0,
                                        "t_ref": 0.0})
    out = nest.Create("eprop_readout", 2)
    pg = nest.Create("poisson_generator", params={"rate": 300.0})
    nest.Connect(pg, rec, syn_spec={"weight": nest.random.uniform(0.0, 0.02)})
    nest.Connect(rec, rec, {"rule": "pairwise_bernoulli", "p": 0.3}, {"weight": nest.random.normal(0.0, 0.01)})
    nest.Connect(rec, out, syn_spec={"weight": nest.random.normal(0.0, 0.5)})
    mm = nest.Create("multimeter", {"record_from": ["readout_signal"], "interval": 1.0})
    nest.Connect(mm, out)
    sr = nest.Create("spike_recorder")
    nest.Connect(rec, sr)
    nest.Simulate(200.0)
    return sr.get("events")["times"].tolist(), mm.get("events")["readout_signal"].tolist()


def test_same_results_for_threads_and_backends(nest):
    import roost
    base = _run(nest, 1, "cpu")
    assert len(base[0]) > 20
    assert _run(nest, 2, "cpu") == base
    if "cuda" in roost.available_backends():
        assert _run(nest, 1, "cuda") == base


# ---------------------------------------------------- eprop_iaf_adapt, eprop_iaf_psc_delta(_adapt)

@pytest.mark.parametrize("model", ["eprop_iaf_adapt", "eprop_iaf_psc_delta_adapt"])
def test_adaptation_sets_the_adaptive_threshold(nest, model):
    d = nest.GetDefaults(model)
    assert d["adapt_beta"] == 1.0 and d["adapt_tau"] == 10.0 and d["adaptation"] == 0.0 and d["V_th_adapt"] == -55.0
    assert "V_th_adapt" in d["recordables"] and "adaptation" in d["recordables"]
    n = nest.Create(model)
    n.set(adaptation=2.0)
    assert n.get("V_th_adapt") == pytest.approx(-53.0)
    n.set(adapt_beta=3.0, adaptation=1.0)
    assert n.get("V_th_adapt") == pytest.approx(-52.0)
    n.set(E_L=-60.0)  # absolute values stay (NEST shifts the relative ones)
    assert n.get("V_th_adapt") == pytest.approx(-52.0) and n.get("V_th") == -55.0
    with pytest.raises(nest.kernel.NESTError, match="V_th_adapt"):
        n.set(V_th_adapt=3.0)
    for params, text in [({"adapt_beta": -1.0}, "adapt_beta ≥ 0"), ({"adapt_tau": 0.0}, "adapt_tau > 0")]:
        with pytest.raises(nest.kernel.NESTError, match=text):
            n.set(params)


@pytest.mark.parametrize("model", ["eprop_iaf_psc_delta", "eprop_iaf_psc_delta_adapt"])
def test_psc_delta_reset_checks(nest, model):
    d = nest.GetDefaults(model)
    assert d["V_reset"] == -70.0 and d["refractory_input"] is False
    n = nest.Create(model)
    with pytest.raises(nest.kernel.NESTError, match="V_reset < V_th"):
        n.set(V_reset=-50.0)
    with pytest.raises(nest.kernel.NESTError, match="V_reset ≥ V_min"):
        n.set(V_reset=-80.0, V_min=-75.0)
    assert n.get("V_reset") == -70.0


def test_psc_delta_resets_to_V_reset_and_holds(nest):
    nest.resolution = 1.0
    n = nest.Create("eprop_iaf_psc_delta", params={"E_L": 0.0, "V_m": 0.0, "V_th": 1.0, "V_reset": -0.5,
                                                   "t_ref": 2.0, "C_m": 1.0})
    g = nest.Create("spike_generator", params={"spike_times": [1.0, 2.0, 3.0]})
    nest.Connect(g, n, syn_spec={"weight": 1.25, "delay": 1.0})
    mm = nest.Create("multimeter", {"record_from": ["V_m"], "interval": 1.0})
    nest.Connect(mm, n)
    nest.Simulate(6.0)
    v = mm.get("events")["V_m"]
    # spike in the step ending at 2 ms: V_reset, held (input dropped) for t_ref = 2 steps
    assert v[1] == -0.5 and v[2] == -0.5 and v[3] == -0.5
    assert v[4] == pytest.approx(-0.5 * math.exp(-0.1))


def test_adapting_neuron_raises_its_threshold_after_spikes(nest):
    nest.resolution = 1.0
    n = nest.Create("eprop_iaf_adapt", params={"E_L": 0.0, "V_m": 0.0, "V_th": 1.0, "t_ref": 0.0, "C_m": 1.0,
                                               "adapt_beta": 0.5, "adapt_tau": 10.0, "I_e": 0.0})
    g = nest.Create("spike_generator", params={"spike_times": [1.0]})
    nest.Connect(g, n, syn_spec={"weight": 1.5, "delay": 1.0})
    mm = nest.Create("multimeter", {"record_from": ["adaptation", "V_th_adapt"], "interval": 1.0})
    nest.Connect(mm, n)
    nest.Simulate(6.0)
    ev = mm.get("events")
    # the spike (step ending at 2 ms) enters the adaptation one step later, then decays
    a = [0.0, 0.0, 1.0, math.exp(-0.1), math.exp(-0.2)]
    np.testing.assert_allclose(ev["adaptation"], a, atol=1e-12)
    np.testing.assert_allclose(ev["V_th_adapt"], [1.0 + 0.5 * x for x in a], atol=1e-12)
