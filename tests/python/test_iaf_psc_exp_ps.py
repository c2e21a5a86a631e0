# SPDX-License-Identifier: GPL-2.0-or-later
"""iaf_psc_exp_ps (NEST 3.10's off-grid iaf_psc_exp) and the kernel's
tics_per_ms: defaults, checks, the exact spike time of a DC-driven neuron,
offsets in the spike recorder, threads, and NEST's time-representation
rules. The traces against NEST itself: tests/validation/test_precise_nest.py."""

import math

import numpy as np
import pytest


def _isi_dc(I, C=250.0, tau=10.0, theta=15.0):
    """Time for V - E_L to go from 0 to theta under a constant current."""
    return -tau * math.log(1.0 - theta * C / (I * tau))


def test_defaults_and_recordables(nest):
    d = nest.GetDefaults("iaf_psc_exp_ps")
    assert d["V_min"] == -math.inf
    assert (d["E_L"], d["V_th"], d["V_reset"], d["C_m"], d["tau_m"]) == (-70.0, -55.0, -70.0, 250.0, 10.0)
    assert (d["tau_syn_ex"], d["tau_syn_in"], d["t_ref"], d["I_e"]) == (2.0, 2.0, 2.0, 0.0)
    assert d["is_refractory"] is False
    assert list(d["recordables"]) == ["V_m"]


@pytest.mark.parametrize("bad, text", [
    ({"V_reset": -50.0}, "Reset potential must be smaller than threshold"),
    ({"V_min": -60.0}, "Reset potential must be greater equal minimum potential"),
    ({"C_m": 0.0}, "Capacitance must be strictly positive"),
    ({"t_ref": 0.0}, "Refractory time must be at least one time step"),
    ({"tau_syn_in": -1.0}, "All time constants must be strictly positive"),
])
def test_bad_parameters_raise_and_leave_kernel_usable(nest, errors, bad, text):
    n = nest.Create("iaf_psc_exp_ps")
    with pytest.raises(errors.BadProperty, match=text):
        n.set(bad)
    assert n.V_reset == -70.0 and n.C_m == 250.0
    nest.Simulate(1.0)


def test_dc_spike_time_is_exact_off_grid(nest):
    # I_e from t = 0: V - E_L = R I (1 - exp(-t/tau)); the first crossing is analytic.
    n = nest.Create("iaf_psc_exp_ps", params={"I_e": 1000.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(30.0)
    t = sr.events["times"]
    first = _isi_dc(1000.0)
    assert t[0] == pytest.approx(first, abs=1e-12)
    assert abs(t[0] / 0.1 - round(t[0] / 0.1)) > 1e-4  # off the grid (3.6e-5 ms past 4.7)
    # After a spike: t_ref, then the same climb from V_reset = E_L.
    assert t[1] - t[0] == pytest.approx(2.0 + first, abs=1e-12)


def test_spike_recorder_offsets_in_steps(nest):
    n = nest.Create("iaf_psc_exp_ps", params={"I_e": 1000.0})
    sr = nest.Create("spike_recorder", params={"time_in_steps": True})
    sr_ms = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Connect(n, sr_ms)
    nest.Simulate(30.0)
    ev = sr.events
    steps, offsets = np.asarray(ev["times"]), np.asarray(ev["offsets"])
    assert np.all((offsets >= 0) & (offsets < 0.1))
    np.testing.assert_allclose(steps * 0.1 - offsets, sr_ms.events["times"], atol=1e-12)


def test_refractory_clamps_and_currents_decay(nest):
    n = nest.Create("iaf_psc_exp_ps", params={"I_e": 1000.0, "t_ref": 3.0})
    vm = nest.Create("voltmeter", params={"interval": 0.1})
    sr = nest.Create("spike_recorder")
    nest.Connect(vm, n)
    nest.Connect(n, sr)
    nest.Simulate(20.0)
    t0 = sr.events["times"][0]
    times, v = vm.events["times"], vm.events["V_m"]
    during = (times > t0) & (times <= math.floor(t0 * 10) / 10 + 2.9)
    assert np.all(v[during] == -70.0)


def test_same_spikes_for_one_and_two_threads(nest):
    def run(threads):
        nest.ResetKernel()
        nest.local_num_threads = threads
        ns = nest.Create("iaf_psc_exp_ps", 6, params={"I_e": [400.0 + 60 * k for k in range(6)]})
        g = nest.Create("spike_generator", params={"spike_times": [3.0, 7.5, 11.2]})
        nest.Connect(g, ns, syn_spec={"weight": 300.0})
        sr = nest.Create("spike_recorder")
        nest.Connect(ns, sr)
        nest.Simulate(50.0)
        return list(sr.events["senders"]), list(sr.events["times"])

    one, two = run(1), run(2)
    assert len(one[0]) > 10
    assert sorted(zip(*one)) == sorted(zip(*two))


def test_tics_per_ms_with_resolution(nest, errors):
    nest.SetKernelStatus({"tics_per_ms": 32, "resolution": 1.0 / 32})
    assert nest.tics_per_ms == 32.0
    assert nest.ms_per_tic == 1.0 / 32
    assert nest.resolution == 1.0 / 32
    assert nest.tics_per_step == 1
    n = nest.Create("iaf_psc_exp_ps", params={"I_e": 1000.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(10.0)
    assert nest.biological_time == 10.0
    assert sr.events["times"][0] == pytest.approx(_isi_dc(1000.0), abs=1e-12)
    nest.ResetKernel()
    assert nest.tics_per_ms == 1000.0


def test_tics_per_ms_checks(nest, errors, usable):
    with pytest.raises(errors.KernelException, match="requires simultaneous specification of resolution"):
        nest.SetKernelStatus({"tics_per_ms": 32})
    with pytest.raises(errors.KernelException, match="multiple of the tic length"):
        nest.SetKernelStatus({"tics_per_ms": 32, "resolution": 0.1})
    with pytest.raises(errors.KernelException, match="greater than or equal to one tic"):
        nest.SetKernelStatus({"tics_per_ms": 32, "resolution": 0.01})
    with pytest.raises(errors.KernelException, match="greater than or equal to one tic"):
        nest.SetKernelStatus({"resolution": 0.0005})
    with pytest.raises(errors.KernelException, match="multiple of the tic length"):
        nest.SetKernelStatus({"resolution": 0.0015})
    assert nest.tics_per_ms == 1000.0 and nest.resolution == 0.1
    nest.Create("iaf_psc_alpha")
    with pytest.raises(errors.KernelException, match="Nodes have already been created: time representation"):
        nest.SetKernelStatus({"tics_per_ms": 32, "resolution": 0.125})
    assert nest.tics_per_ms == 1000.0
    usable()
