# SPDX-License-Identifier: GPL-2.0-or-later
"""astrocyte_lr_1994, aeif_cond_alpha_astro and sic_connection (NEST 3.10):
what the models do, checked against their equations and NEST's rules (the
traces against NEST itself: tests/validation/test_astrocytes_nest.py)."""

import math
import re

import numpy as np
import pytest


def _astro_to_neuron(nest, ca, weight=1.0, delay=1.0, resolution=0.1, backend=None, threads=1):
    nest.ResetKernel()
    if backend:
        nest.SetKernelStatus({"backend": backend})
    nest.SetKernelStatus({"resolution": resolution, "local_num_threads": threads})
    astro = nest.Create("astrocyte_lr_1994", params={"Ca_astro": ca})
    neuron = nest.Create("aeif_cond_alpha_astro")
    nest.Connect(astro, neuron, syn_spec={"synapse_model": "sic_connection", "weight": weight, "delay": delay})
    mm_a = nest.Create("multimeter", params={"record_from": ["Ca_astro"], "interval": resolution})
    mm_n = nest.Create("multimeter", params={"record_from": ["I_SIC", "V_m"], "interval": resolution})
    nest.Connect(mm_a, astro)
    nest.Connect(mm_n, neuron)
    return astro, neuron, mm_a, mm_n


def test_defaults_recordables_and_sic_connection(nest):
    a = nest.GetDefaults("astrocyte_lr_1994")
    assert a["Ca_tot"] == 2.0 and a["IP3_0"] == 0.16 and a["SIC_th"] == 0.19669 and a["tau_IP3"] == 7142.0
    assert a["IP3"] == 0.16 and a["Ca_astro"] == 0.073 and a["h_IP3R"] == 0.793
    assert sorted(a["recordables"]) == ["Ca_astro", "IP3", "h_IP3R"]
    n = nest.GetDefaults("aeif_cond_alpha_astro")
    assert sorted(n["recordables"]) == ["I_SIC", "V_m", "g_ex", "g_in", "w"]
    assert {k: n[k] for k in ("C_m", "g_L", "V_peak", "b")} == {"C_m": 281.0, "g_L": 30.0, "V_peak": 0.0, "b": 80.5}
    s = nest.GetDefaults("sic_connection")
    assert s["weight"] == 1.0 and s["delay"] == 1.0


@pytest.mark.parametrize("key,value,text", [
    ("Ca_tot", 0.0, "Total free astrocytic calcium"),
    ("Kd_act", -1.0, "dissociation constant of calcium (activation) must be positive"),
    ("SIC_scale", 0.0, "scale of astrocytic SIC output must be positive"),
    ("tau_IP3", 0.0, "decay of astrocytic IP3 must be positive"),
    ("IP3", -0.1, "IP3 concentration must be non-negative"),
    ("h_IP3R", 1.5, "between 0 and 1"),
])
def test_bad_parameters_raise_and_leave_the_node(nest, key, value, text):
    a = nest.Create("astrocyte_lr_1994")
    with pytest.raises(nest.NESTErrors.BadProperty, match=re.escape(text)):
        a.set({key: value, "delta_IP3": 0.5})
    assert a.get("delta_IP3") == 0.0002  # all or nothing
    with pytest.raises(nest.NESTErrors.BadProperty, match="astrocyte_lr_1994"):
        nest.Create("astrocyte_lr_1994", params={key: value})


def test_spike_raises_ip3_by_delta_ip3_times_weight(nest):
    nest.SetKernelStatus({"resolution": 0.1})
    a = nest.Create("astrocyte_lr_1994", 2, params={"delta_IP3": 0.25})
    sg = nest.Create("spike_generator", params={"spike_times": [5.0]})
    nest.Connect(sg, a[0], syn_spec={"weight": 2.0, "delay": 1.0})
    mm = nest.Create("multimeter", params={"record_from": ["IP3"], "interval": 0.1})
    nest.Connect(mm, a)
    nest.Simulate(10.0)
    ev = mm.get("events")
    t, s, ip3 = np.asarray(ev["times"]), np.asarray(ev["senders"]), np.asarray(ev["IP3"])
    d = ip3[s == a[0].global_id] - ip3[s == a[1].global_id]
    t0 = t[s == a[0].global_id]
    # The spike stamped 5.0 with delay 1 acts in the step ending at 6.0 ms (after the step's integration).
    assert np.all(d[t0 < 5.95] == 0.0)
    assert d[np.argmin(np.abs(t0 - 6.0))] == pytest.approx(0.5, abs=1e-12)
    # then it decays with tau_IP3 (and feeds back through Ca very slowly)
    assert 0.49 < d[-1] < 0.5


@pytest.mark.parametrize("delay", [1.0, 2.3])
def test_sic_is_weighted_log_of_suprathreshold_calcium_after_the_delay(nest, delay):
    astro, neuron, mm_a, mm_n = _astro_to_neuron(nest, ca=0.6, weight=2.5, delay=delay)
    nest.Simulate(50.0)
    ea, en = mm_a.get("events"), mm_n.get("events")
    ca = np.asarray(ea["Ca_astro"])
    sic = np.asarray(en["I_SIC"])
    lag = int(round(delay / 0.1))
    # NEST: SIC(n) = SIC_scale ln(1000 (Ca(n) - SIC_th)); the target reads it in step n + delay.
    want = 2.5 * np.log(1000.0 * (ca - 0.19669))
    np.testing.assert_allclose(sic[lag:], want[:-lag], rtol=1e-9, atol=1e-8)
    assert np.all(sic[:lag] == 0.0)
    # It depolarises the neuron.
    assert en["V_m"][-1] > -70.6 + 0.5 * 2.5 * math.log(1000 * (ca[-1] - 0.19669)) / 30.0


def test_no_sic_below_threshold(nest):
    astro, neuron, mm_a, mm_n = _astro_to_neuron(nest, ca=0.1)
    nest.Simulate(20.0)
    assert np.all(np.asarray(mm_n.get("events")["I_SIC"]) == 0.0)
    assert np.all(np.asarray(mm_a.get("events")["Ca_astro"]) < 0.19669 + 0.001)


def test_current_input_drives_calcium(nest):
    a = nest.Create("astrocyte_lr_1994", 2)
    dc = nest.Create("dc_generator", params={"amplitude": 0.01})
    nest.Connect(dc, a[0])
    nest.Simulate(100.0)
    # J_noise enters dCa/dt directly: about 0.01 uM/ms for ~99 ms on top of the free dynamics
    assert a[0].get("Ca_astro") - a[1].get("Ca_astro") == pytest.approx(0.99, rel=0.05)


def test_aeif_cond_alpha_astro_without_sic_is_aeif_cond_alpha(nest):
    params = {"I_e": 700.0, "tau_syn_ex": 2.0}
    n = nest.Create("aeif_cond_alpha_astro", params=params) + nest.Create("aeif_cond_alpha", params=params)
    pg = nest.Create("spike_generator", params={"spike_times": [3.0, 4.0, 20.0]})
    nest.Connect(pg, n, syn_spec={"weight": 5.0})
    mm = nest.Create("multimeter", params={"record_from": ["V_m", "w", "g_ex"], "interval": 0.1})
    nest.Connect(mm, n)
    nest.Simulate(100.0)
    ev = mm.get("events")
    s = np.asarray(ev["senders"])
    for key in ("V_m", "w", "g_ex"):
        v = np.asarray(ev[key])
        assert np.array_equal(v[s == n[0].global_id], v[s == n[1].global_id]), key


def test_connection_checks(nest):
    a = nest.Create("astrocyte_lr_1994")
    n = nest.Create("aeif_cond_alpha_astro")
    i = nest.Create("iaf_psc_alpha")
    with pytest.raises(nest.NESTErrors.IllegalConnection, match="Source node does not send output"):
        nest.Connect(a, n)  # astrocytes send no spikes
    with pytest.raises(nest.NESTErrors.IllegalConnection, match="Creation of connection is not possible"):
        nest.Connect(i, n, syn_spec={"synapse_model": "sic_connection"})  # source sends no SIC
    with pytest.raises(nest.NESTErrors.IllegalConnection, match="Creation of connection is not possible"):
        nest.Connect(a, i, syn_spec={"synapse_model": "sic_connection"})  # target takes no SIC
    with pytest.raises(nest.NESTErrors.IllegalConnection):
        nest.Connect(a, n, syn_spec={"synapse_model": "sic_connection", "receptor_type": 1})
    with pytest.raises(nest.NESTErrors.IllegalConnection):
        nest.Connect(a, n, syn_spec={"synapse_model": "rate_connection_delayed"})
    nest.Connect(a, n, syn_spec={"synapse_model": "sic_connection"})
    assert nest.GetConnections(a, n).get("synapse_model") == "sic_connection"
    nest.Connect(i, a, syn_spec={"synapse_model": "tsodyks_synapse"})  # spikes into an astrocyte


def test_negative_spike_weight_is_nests_error_and_kernel_stays_usable(nest):
    a = nest.Create("astrocyte_lr_1994")
    sg = nest.Create("spike_generator", params={"spike_times": [2.0]})
    nest.Connect(sg, a, syn_spec={"weight": -1.0})
    with pytest.raises(nest.NESTErrors.KernelException, match="astrocyte_lr_1994 cannot handle input spikes with "
                                                              "negative weights"):
        nest.Simulate(10.0)
    nest.ResetKernel()
    a = nest.Create("astrocyte_lr_1994")
    nest.Simulate(5.0)
    assert a.get("Ca_astro") > 0.0


def _network(nest, backend, threads):
    nest.ResetKernel()
    nest.SetKernelStatus({"backend": backend, "local_num_threads": threads, "rng_seed": 7})
    pre = nest.Create("aeif_cond_alpha_astro", 6, params={"tau_syn_ex": 2.0})
    astro = nest.Create("astrocyte_lr_1994", 3, params={"delta_IP3": 0.5, "Ca_astro": 0.3})
    post = nest.Create("aeif_cond_alpha_astro", 6, params={"I_e": 500.0})
    pg = nest.Create("poisson_generator", params={"rate": 3000.0})
    nest.Connect(pg, pre, syn_spec={"weight": 2.0})
    nest.TripartiteConnect(pre, post, astro, {"rule": "pairwise_bernoulli", "p": 0.5},
                           {"rule": "third_factor_bernoulli_with_pool", "p": 0.7, "pool_size": 2},
                           {"third_out": {"synapse_model": "sic_connection", "weight": 3.0, "delay": 1.5},
                            "third_in": {"weight": 2.0}})
    mm = nest.Create("multimeter", params={"record_from": ["I_SIC", "V_m"], "interval": 0.5})
    ma = nest.Create("multimeter", params={"record_from": ["IP3", "Ca_astro"], "interval": 0.5})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, post)
    nest.Connect(ma, astro)
    nest.Connect(pre + post, sr)
    nest.Simulate(200.0)
    return mm.get("events"), ma.get("events"), sr.get("events")


def test_same_results_for_threads_and_backends(nest):
    ref = _network(nest, "cpu", 1)
    assert np.count_nonzero(ref[0]["I_SIC"]) > 100 and len(ref[2]["times"]) > 10
    runs = [("cpu", 2)] + ([("cuda", 1)] if "cuda" in nest.available_backends() else [])
    for backend, threads in runs:
        got = _network(nest, backend, threads)
        for a, b in zip(got, ref):
            for key in b:
                np.testing.assert_array_equal(np.asarray(a[key]), np.asarray(b[key]), err_msg=f"{backend}/{threads} {key}")
