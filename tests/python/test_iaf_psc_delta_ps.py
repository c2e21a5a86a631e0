# SPDX-License-Identifier: GPL-2.0-or-later
"""iaf_psc_delta_ps (NEST 3.10's off-grid iaf_psc_delta): defaults, checks,
the exact spike time under DC drive, a spike at the exact time of the input
that lifts V over threshold, refractoriness measured from the exact spike
time, input discarded while refractory, and threads. The traces against
NEST itself: tests/validation/test_precise2_nest.py."""

import math

import pytest


def test_defaults_and_recordables(nest):
    d = nest.GetDefaults("iaf_psc_delta_ps")
    assert d["V_min"] == -1.7976931348623157e308
    assert (d["E_L"], d["V_th"], d["V_reset"], d["C_m"], d["tau_m"], d["t_ref"], d["I_e"]) == (
        -70.0, -55.0, -70.0, 250.0, 10.0, 2.0, 0.0)
    assert d["is_refractory"] is False and d["refractory_input"] is False
    assert list(d["recordables"]) == ["V_m"]


@pytest.mark.parametrize("bad, text", [
    ({"V_reset": -50.0}, "Reset potential must be smaller than threshold"),
    ({"V_min": -60.0}, "Reset potential must be greater equal minimum potential"),
    ({"C_m": 0.0}, "Capacitance must be strictly positive"),
    ({"t_ref": 0.0}, "Refractory time must be at least one time step"),
    ({"tau_m": -1.0}, "All time constants must be strictly positive"),
    ({"refractory_input": True}, "refractory_input"),
])
def test_bad_parameters_raise_and_leave_kernel_usable(nest, errors, bad, text):
    n = nest.Create("iaf_psc_delta_ps")
    with pytest.raises(Exception, match=text):
        n.set(bad)
    assert n.V_reset == -70.0 and n.C_m == 250.0 and n.refractory_input is False
    nest.Simulate(1.0)


def test_dc_spike_time_is_exact(nest):
    n = nest.Create("iaf_psc_delta_ps", params={"I_e": 1000.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(30.0)
    t = sr.events["times"]
    first = -10.0 * math.log(1.0 - 15.0 * 250.0 / (1000.0 * 10.0))
    assert t[0] == pytest.approx(first, abs=1e-12)
    assert abs(t[0] / 0.1 - round(t[0] / 0.1)) > 1e-4
    assert t[1] - t[0] == pytest.approx(2.0 + first, abs=1e-12)


def test_spike_at_the_input_time_and_refractory_input_is_lost(nest):
    # A precise input of 16 mV at 3.0437 ms fires the neuron at exactly that
    # time; a second one 1 ms later falls into t_ref and is discarded.
    sg = nest.Create("spike_generator", params={"precise_times": True, "spike_times": [2.0437, 3.0437]})
    n = nest.Create("iaf_psc_delta_ps")
    nest.Connect(sg, n, syn_spec={"weight": 16.0, "delay": 1.0})
    sr = nest.Create("spike_recorder", params={"time_in_steps": True})
    nest.Connect(n, sr)
    nest.Simulate(10.0)
    assert list(sr.events["times"]) == [31]
    assert sr.events["offsets"][0] == pytest.approx(3.1 - 3.0437, abs=1e-12)
    assert n.V_m == pytest.approx(-70.0, abs=1e-12)  # the second input was lost


def test_refractory_period_ends_off_grid(nest):
    # After the input spike at 3.0437 ms, V stays at V_reset until 5.0437 ms,
    # then climbs under I_e: the next crossing is first + t_ref after it.
    sg = nest.Create("spike_generator", params={"precise_times": True, "spike_times": [2.0437]})
    n = nest.Create("iaf_psc_delta_ps", params={"I_e": 1000.0, "V_m": -70.0})
    nest.Connect(sg, n, syn_spec={"weight": 16.0, "delay": 1.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(12.0)
    t = sr.events["times"]
    first = -10.0 * math.log(1.0 - 15.0 * 250.0 / (1000.0 * 10.0))
    assert t[0] == pytest.approx(3.0437, abs=1e-12)
    assert t[1] == pytest.approx(3.0437 + 2.0 + first, abs=1e-12)


def test_two_threads_give_the_same_spikes(nest):
    out = []
    for threads in (1, 2):
        nest.ResetKernel()
        nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": 5})
        ns = nest.Create("iaf_psc_delta_ps", 20, params={"I_e": 300.0})
        pg = nest.Create("poisson_generator", params={"rate": 8000.0})
        nest.Connect(pg, ns, syn_spec={"weight": 0.7})
        nest.Connect(ns, ns, conn_spec={"rule": "fixed_indegree", "indegree": 5}, syn_spec={"weight": 1.5, "delay": 1.1})
        sr = nest.Create("spike_recorder")
        nest.Connect(ns, sr)
        nest.Simulate(200.0)
        out.append(sorted(zip(sr.events["senders"], sr.events["times"])))
    assert len(out[0]) > 20
    assert out[0] == out[1]
