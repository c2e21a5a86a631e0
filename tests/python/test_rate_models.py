# SPDX-License-Identifier: GPL-2.0-or-later
"""Rate models and rate connections: what a NEST user relies on beyond the
traces tests/validation replays (test_rate_models_nest.py): NEST's connection
rules and messages, parameter checks, the waveform-relaxation kernel
properties, and the dynamics in closed form."""

import math

import numpy as np
import pytest

RATE_MODELS = ["lin_rate_ipn", "tanh_rate_ipn", "threshold_lin_rate_ipn", "sigmoid_rate_ipn",
               "sigmoid_rate_gg_1998_ipn", "gauss_rate_ipn", "lin_rate_opn", "tanh_rate_opn",
               "threshold_lin_rate_opn", "rate_transformer_lin", "rate_transformer_tanh",
               "rate_transformer_threshold_lin", "rate_transformer_sigmoid", "rate_transformer_sigmoid_gg_1998",
               "rate_transformer_gauss"]


@pytest.fixture
def no_wfr(nest):
    nest.use_wfr = False
    return nest


def test_every_model_and_connection_exists_with_nest_recordables(nest):
    for model in RATE_MODELS:
        d = nest.GetDefaults(model)
        expected = ["rate"] if "transformer" in model else (
            ["noise", "noisy_rate", "rate"] if model.endswith("_opn") else ["noise", "rate"])
        assert sorted(d["recordables"]) == expected, model
    assert {"rate_connection_delayed", "rate_connection_instantaneous"} <= set(nest.synapse_models)
    assert "rate_connection_delayed_hpc" not in nest.synapse_models  # NEST has no variants of these


def test_connection_rules_and_messages(no_wfr, errors):
    nest = no_wfr
    r = nest.Create("lin_rate_ipn", 2)
    iaf = nest.Create("iaf_psc_alpha")
    with pytest.raises(errors.BadProperty, match="rate_connection_instantaneous has no delay"):
        nest.Connect(r[0], r[1], syn_spec={"synapse_model": "rate_connection_instantaneous", "delay": 2.0})
    with pytest.raises(errors.IllegalConnection, match="does not support delayed rate input"):
        nest.Connect(r[0], iaf, syn_spec={"synapse_model": "rate_connection_delayed"})
    with pytest.raises(errors.IllegalConnection, match="does not support spike input"):
        nest.Connect(iaf, r[0])
    with pytest.raises(errors.IllegalConnection, match="does not support spike input"):
        nest.Connect(nest.Create("poisson_generator"), r[0])
    with pytest.raises(errors.IllegalConnection, match="does not support current input"):
        nest.Connect(nest.Create("dc_generator"), r[0])
    with pytest.raises(errors.IllegalConnection, match="Source node does not send output"):
        nest.Connect(r[0], r[1])
    with pytest.raises(errors.IllegalConnection, match="Source node does not send output"):
        nest.Connect(r[0], nest.Create("spike_recorder"))
    with pytest.raises(errors.IllegalConnection, match="receptor_type 1"):
        nest.Connect(r[0], r[1], syn_spec={"synapse_model": "rate_connection_delayed", "receptor_type": 1})
    nest.Connect(r[0], r[1], syn_spec={"synapse_model": "rate_connection_instantaneous", "weight": -0.5})
    conns = nest.GetConnections(synapse_model="rate_connection_instantaneous")
    assert conns.get("weight") == -0.5
    with pytest.raises(errors.BadProperty, match="has no delay"):
        conns.set(delay=3.0)
    nest.Simulate(1.0)  # the kernel is still usable


@pytest.mark.parametrize("key,value,message", [
    ("tau", 0.0, "Time constant must be > 0"),
    ("lambda", -1.0, "Passive decay rate must be >= 0"),
    ("sigma", -1.0, "Noise parameter must not be negative"),
    ("rectify_rate", -1.0, "Rectifying rate must not be negative"),
])
def test_parameter_checks(nest, errors, key, value, message):
    n = nest.Create("lin_rate_ipn")
    with pytest.raises(errors.BadProperty, match=message):
        n.set({key: value})
    assert n.get(key) == nest.GetDefaults("lin_rate_ipn")[key]  # unchanged


def test_gauss_rate_ipn_mu_and_sigma_set_gain_and_noise(nest):
    # NEST's gauss_rate_ipn: mu and sigma are its gain's and its noise's; mean and std only the noise's.
    d = nest.GetDefaults("gauss_rate_ipn")
    assert (d["mu"], d["sigma"], d["mean"], d["std"]) == (0.0, 0.0, 0.0, 1.0)
    n = nest.Create("gauss_rate_ipn", params={"mu": 0.3, "sigma": 0.8})
    assert (n.get("mean"), n.get("std")) == (0.3, 0.8)
    n.set(sigma=0.5, std=0.0)
    assert (n.get("sigma"), n.get("std")) == (0.5, 0.0)


def test_wfr_kernel_properties_follow_nest(nest):
    assert nest.use_wfr is True
    assert nest.GetKernelStatus("wfr_comm_interval") == 1.0
    assert nest.GetKernelStatus("wfr_tol") == 1e-4
    assert nest.GetKernelStatus("wfr_max_iterations") == 15
    assert nest.GetKernelStatus("wfr_interpolation_order") == 3
    for bad in ({"wfr_tol": -1.0}, {"wfr_max_iterations": 0}, {"wfr_interpolation_order": 2},
                {"wfr_comm_interval": 0.05}):
        with pytest.raises(nest.NESTErrors.KernelException):
            nest.SetKernelStatus(bad)
    nest.SetKernelStatus({"wfr_comm_interval": 2.0, "wfr_tol": 1e-3})
    assert nest.GetKernelStatus("wfr_comm_interval") == 2.0
    nest.use_wfr = False
    assert nest.GetKernelStatus("wfr_comm_interval") == nest.resolution
    with pytest.raises(nest.NESTErrors.KernelException, match="use_wfr to true first"):
        nest.SetKernelStatus({"wfr_comm_interval": 2.0})
    nest.Create("lin_rate_ipn")
    with pytest.raises(nest.NESTErrors.KernelException, match="after nodes have been created"):
        nest.use_wfr = True


def _instant_pair(nest, wfr, **kernel):
    nest.ResetKernel()
    nest.SetKernelStatus(dict(kernel, use_wfr=wfr))
    a = nest.Create("lin_rate_ipn", params={"mu": 1.0, "sigma": 0.0, "tau": 1.0, "lambda": 1.0})
    b = nest.Create("rate_transformer_lin")
    nest.Connect(a, b, syn_spec={"synapse_model": "rate_connection_instantaneous", "weight": 2.0})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, a + b)
    nest.Simulate(5.0)
    ev = mm.events
    s = np.asarray(ev["senders"])
    return nest.min_delay, np.asarray(ev["rate"])[s == 1], np.asarray(ev["rate"])[s == 2]


def test_instantaneous_connections_with_and_without_waveform_relaxation(nest):
    # NEST registers instantaneous connections with wfr_comm_interval (use_wfr) or one step.
    min_delay, a, b = _instant_pair(nest, True)
    assert min_delay == 1.0
    # Relaxed: within each 1 ms slice the transformer shows 2x the rate the
    # source sent in the same step (its rate after the step before), to wfr_tol.
    assert len(b) == 40 and b[0] == 0.0
    np.testing.assert_allclose(b[1:], 2.0 * a[:-1], atol=1e-4)
    min_delay, a, b = _instant_pair(nest, False)
    assert min_delay == nest.resolution
    # Without: the end value of the previous one-step slice; the same here, exactly.
    np.testing.assert_allclose(b[1:], 2.0 * a[:-1], atol=1e-12)


def test_waveform_relaxation_gives_up_after_max_iterations(nest, capfd):
    _instant_pair(nest, True, wfr_max_iterations=1, wfr_tol=0.0)
    assert "wfr_max_iterations" in capfd.readouterr().err


def test_deterministic_relaxation_in_closed_form(no_wfr):
    nest = no_wfr
    # Exponential Euler is exact for the linear part: X(t) = mu/lambda (1 - exp(-lambda t / tau)).
    n = nest.Create("lin_rate_ipn", params={"mu": 2.0, "lambda": 0.5, "tau": 4.0, "sigma": 0.0})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, n)
    nest.Simulate(20.1)
    ev = mm.events
    t, x = np.asarray(ev["times"]), np.asarray(ev["rate"])
    np.testing.assert_allclose(x, 4.0 * (1.0 - np.exp(-0.5 * t / 4.0)), rtol=1e-12)


def test_delayed_connection_delivers_weighted_rate_after_the_delay(no_wfr):
    nest = no_wfr
    src = nest.Create("lin_rate_ipn", params={"mu": 1.0, "tau": 2.0, "sigma": 0.0})
    # A transformer with g = 1 shows its input: w * (the source's rate d earlier).
    tr = nest.Create("rate_transformer_lin")
    nest.Connect(src, tr, syn_spec={"synapse_model": "rate_connection_delayed", "weight": -0.5, "delay": 1.5})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, src + tr)
    nest.Simulate(10.1)
    ev = mm.events
    s = np.asarray(ev["senders"])
    x_src, x_tr = np.asarray(ev["rate"])[s == src.global_id], np.asarray(ev["rate"])[s == tr.global_id]
    # Step n of the transformer reads the rate the source had at the start of step n - 15.
    np.testing.assert_allclose(x_tr[16:], -0.5 * x_src[:-16], rtol=1e-9, atol=1e-9)
    assert np.all(x_tr[:15] == 0.0)


def test_noise_is_the_same_for_any_thread_count(no_wfr):
    nest = no_wfr

    def rates(threads):
        nest.ResetKernel()
        nest.SetKernelStatus({"use_wfr": False, "local_num_threads": threads, "rng_seed": 5})
        n = nest.Create("lin_rate_ipn", 6, params={"sigma": 1.0})
        nest.Connect(n, n, {"rule": "fixed_indegree", "indegree": 2},
                     {"synapse_model": "rate_connection_instantaneous", "weight": -0.2})
        mm = nest.Create("multimeter", params={"record_from": ["rate", "noise"]})
        nest.Connect(mm, n)
        nest.Simulate(30.0)
        return mm.events

    one, two = rates(1), rates(2)
    for key in ("senders", "times", "rate", "noise"):
        np.testing.assert_array_equal(one[key], two[key])
    assert np.std(one["noise"]) > 0.5


def test_step_rate_generator_sends_delayed_rates_only(no_wfr, errors):
    nest = no_wfr
    gen = nest.Create("step_rate_generator", params={"amplitude_times": [1.0, 2.0], "amplitude_values": [1.0, -2.0]})
    tr = nest.Create("rate_transformer_lin")
    assert nest.GetDefaults("step_rate_generator")["recordables"] == ["rate"]
    with pytest.raises(errors.IllegalConnection, match="rate_connection_delayed"):
        nest.Connect(gen, tr, syn_spec={"synapse_model": "rate_connection_instantaneous"})
    with pytest.raises(errors.IllegalConnection, match="rate_connection_delayed"):
        nest.Connect(gen, tr)
    with pytest.raises(errors.BadProperty, match="step_rate_generator: amplitude_times and amplitude_values"):
        gen.set(amplitude_times=[1.0, 2.0, 3.0])
    nest.Connect(gen, tr, syn_spec={"synapse_model": "rate_connection_delayed", "weight": 0.5, "delay": 0.5})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, gen + tr)
    nest.Simulate(4.0)
    ev = mm.events
    s = np.asarray(ev["senders"])
    rate_gen, rate_tr = np.asarray(ev["rate"])[s == gen.global_id], np.asarray(ev["rate"])[s == tr.global_id]
    assert rate_gen[9] == 1.0 and rate_gen[19] == -2.0 and rate_gen[8] == 0.0
    # As NEST: a device's rate of step n arrives in step n + delay - min_delay,
    # here (delay = min_delay = 0.5 ms) in the same step.
    assert nest.min_delay == 0.5
    np.testing.assert_allclose(rate_tr, 0.5 * rate_gen)
