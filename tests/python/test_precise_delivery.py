# SPDX-License-Identifier: GPL-2.0-or-later
"""Precise spikes through delivery: a precise target integrates each
incoming spike from its exact time (stamp - offset + delay), grid targets
take it at its step as NEST does, iaf_psc_alpha_ps behaves as the exact
solution, and the events of one step are taken in time order."""

import math

import numpy as np
import pytest


def _psc_exp_response(w, dt, tau_s=2.0, tau_m=10.0, C=250.0):
    """V - E_L after dt of a weight-w exponential current into a resting neuron."""
    return w * tau_s * tau_m / (C * (tau_m - tau_s)) * (math.exp(-dt / tau_m) - math.exp(-dt / tau_s))


def _sender_and_target(nest, target_model, delay=1.0):
    src = nest.Create("iaf_psc_exp_ps", params={"I_e": 1000.0})
    tgt = nest.Create(target_model, params={"E_L": 0.0, "V_m": 0.0, "V_reset": 0.0, "V_th": 1e6})
    nest.Connect(src, tgt, syn_spec={"weight": 100.0, "delay": delay})
    vm = nest.Create("voltmeter", params={"interval": 0.1})
    sr = nest.Create("spike_recorder")
    nest.Connect(vm, tgt)
    nest.Connect(src, sr)
    return src, tgt, vm, sr


@pytest.mark.parametrize("threads", [1, 2])
def test_precise_target_integrates_from_the_exact_arrival(nest, threads):
    nest.local_num_threads = threads
    _, _, vm, sr = _sender_and_target(nest, "iaf_psc_exp_ps")
    nest.Simulate(8.0)
    t_spike = sr.events["times"][0]  # 4.70003629... ms, off the grid
    arrival = t_spike + 1.0
    times, v = np.asarray(vm.events["times"]), np.asarray(vm.events["V_m"])
    after = times > arrival
    want = [_psc_exp_response(100.0, t - arrival) for t in times[after]]
    np.testing.assert_allclose(v[after], want, rtol=0, atol=1e-9)
    assert np.all(v[~after] == 0.0)


def test_grid_target_takes_a_precise_spike_at_its_step(nest):
    # NEST's iaf_psc_exp ignores the offset: the spike acts at the end of the step it arrives in.
    _, _, vm, sr = _sender_and_target(nest, "iaf_psc_exp")
    nest.Simulate(8.0)
    stamp = math.ceil(sr.events["times"][0] / 0.1 - 1e-9) * 0.1
    times, v = np.asarray(vm.events["times"]), np.asarray(vm.events["V_m"])
    first = times[np.argmax(v != 0.0)]
    assert first == pytest.approx(stamp + 1.0 + 0.1)


def test_alpha_ps_response_is_the_exact_alpha_psp(nest):
    src = nest.Create("iaf_psc_exp_ps", params={"I_e": 1000.0})
    tgt = nest.Create("iaf_psc_alpha_ps", params={"E_L": 0.0, "V_m": 0.0, "V_reset": 0.0, "V_th": 1e6})
    nest.Connect(src, tgt, syn_spec={"weight": 50.0, "delay": 0.5})
    vm = nest.Create("voltmeter", params={"interval": 0.1})
    sr = nest.Create("spike_recorder")
    nest.Connect(vm, tgt)
    nest.Connect(src, sr)
    nest.Simulate(10.0)
    arrival = sr.events["times"][0] + 0.5
    times, v = np.asarray(vm.events["times"]), np.asarray(vm.events["V_m"])
    tau_s, tau_m, C, w = 2.0, 10.0, 250.0, 50.0
    # I(t) = w e/tau_s t exp(-t/tau_s); V by quadrature of the exact convolution.
    s = np.linspace(0.0, 1.0, 20001)
    for t, got in zip(times[times > arrival][:30], v[times > arrival][:30]):
        d = t - arrival
        u = s * d
        integrand = w * math.e / tau_s * u * np.exp(-u / tau_s) * np.exp(-(d - u) / tau_m) / C
        want = getattr(np, "trapezoid", getattr(np, "trapz", None))(integrand, u)
        assert got == pytest.approx(want, rel=1e-6, abs=1e-9)


def test_events_within_a_step_are_taken_in_time_order(nest):
    # Two senders spike in the same step at different offsets. With equal
    # time constants, summed at the step's end the two orders would give the
    # same V; taken at their times they do not.
    a = nest.Create("iaf_psc_exp_ps", params={"I_e": 1000.0})  # first spike at 4.70004 ms
    b = nest.Create("iaf_psc_exp_ps", params={"I_e": 1000.0, "V_m": -70.02})  # slightly later, same step
    sr = nest.Create("spike_recorder", params={"time_in_steps": True})
    nest.Connect(a + b, sr)
    nest.Simulate(5.0)
    steps, offsets = sr.events["times"], sr.events["offsets"]
    assert steps[0] == steps[1] and offsets[0] != offsets[1]
    nest.ResetKernel()

    def run(w_a, w_b):
        nest.ResetKernel()
        a = nest.Create("iaf_psc_exp_ps", params={"I_e": 1000.0})
        b = nest.Create("iaf_psc_exp_ps", params={"I_e": 1000.0, "V_m": -70.02})
        t = nest.Create("iaf_psc_exp_ps", params={"E_L": 0.0, "V_m": 0.0, "V_reset": 0.0, "V_th": 1e6})
        nest.Connect(a, t, syn_spec={"weight": w_a, "delay": 1.0})
        nest.Connect(b, t, syn_spec={"weight": w_b, "delay": 1.0})
        nest.Simulate(6.0)
        return t.I_syn_ex, t.I_syn_in, t.V_m

    ex_first = run(-100.0, 100.0)
    in_first = run(100.0, -100.0)
    assert ex_first[2] != in_first[2]


def test_precise_network_same_for_one_and_two_threads(nest):
    def run(threads):
        nest.ResetKernel()
        nest.SetKernelStatus({"local_num_threads": threads, "tics_per_ms": 32, "resolution": 1 / 32})
        n = nest.Create("iaf_psc_alpha_ps", 20, params={"I_e": [380.0 + 10 * k for k in range(20)]})
        nest.Connect(n, n, {"rule": "fixed_indegree", "indegree": 5}, syn_spec={"weight": 40.0, "delay": 0.5})
        sr = nest.Create("spike_recorder", params={"time_in_steps": True})
        nest.Connect(n, sr)
        nest.Simulate(200.0)
        ev = sr.events
        return sorted(zip(ev["senders"], ev["times"], ev["offsets"]))

    one = run(1)
    assert len(one) > 100
    assert one == run(2)
