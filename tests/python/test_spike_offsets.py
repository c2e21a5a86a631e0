# SPDX-License-Identifier: GPL-2.0-or-later
"""Spikes that carry NEST's offset (iaf_tum_2000: its Tsodyks release;
iaf_chxk_2008: the interpolated crossing; iaf_bw_2001: its NMDA jump):
spike recorders record stamp - offset, receptors that read the offset scale
the weight by it, the others ignore it."""

import numpy as np
import pytest


def _tum_pair(nest, receptor):
    pre = nest.Create("iaf_tum_2000", params={"I_e": 1000.0, "x": 1.0, "U": 0.5, "tau_fac": 0.0})
    post = nest.Create("iaf_tum_2000", params={"tau_syn_ex": 1e6})  # I_syn_ex keeps what arrives
    nest.Connect(pre, post, syn_spec={"weight": 100.0, "delay": 1.0, "receptor_type": receptor})
    sr = nest.Create("spike_recorder")
    nest.Connect(pre, sr)
    return pre, post, sr


def test_receptor_1_scales_the_weight_by_the_release_and_receptor_0_ignores_it(nest):
    pre, post1, _ = _tum_pair(nest, 1)
    post0 = nest.Create("iaf_tum_2000", params={"tau_syn_ex": 1e6})
    nest.Connect(pre, post0, syn_spec={"weight": 100.0, "delay": 1.0, "receptor_type": 0})
    steps = nest.Create("spike_recorder", params={"time_in_steps": True})
    nest.Connect(pre, steps)
    nest.Simulate(30.0)
    ev = steps.events
    h = nest.resolution
    arrived = ev["times"] * h + 1.0 <= 30.0 + 1e-9  # stamp + delay
    releases = ev["offsets"][arrived]
    assert len(releases) >= 2 and releases[0] == pytest.approx(0.5)
    # I_syn_ex barely decays (tau 1e6 ms): the sums of what arrived.
    assert post0.I_syn_ex == pytest.approx(100.0 * len(releases), rel=1e-4)
    assert post1.I_syn_ex == pytest.approx(100.0 * releases.sum(), rel=1e-4)


def test_recorded_time_is_stamp_minus_release(nest):
    pre, _, sr = _tum_pair(nest, 1)
    steps = nest.Create("spike_recorder", params={"time_in_steps": True})
    nest.Connect(pre, steps)
    nest.Simulate(200.0)
    t = np.asarray(sr.events["times"])
    ev = steps.events
    assert len(t) > 3
    h = nest.resolution
    np.testing.assert_allclose(t, ev["times"] * h - ev["offsets"], atol=1e-12)
    assert ev["offsets"][0] == pytest.approx(0.5)  # the first release: U x with x = 1
    assert np.all(ev["offsets"] > 0.0) and np.all(np.diff(ev["offsets"]) <= 0.0)  # depression


def test_chxk_spike_time_is_the_interpolated_crossing(nest):
    n = nest.Create("iaf_chxk_2008", params={"I_e": 2500.0})
    sr = nest.Create("spike_recorder")
    vm = nest.Create("voltmeter", params={"interval": 0.1})
    nest.Connect(n, sr)
    nest.Connect(vm, n)
    nest.Simulate(100.0)
    t = np.asarray(sr.events["times"])
    assert len(t) > 2
    h = nest.resolution
    stamps = np.ceil(t / h - 1e-9) * h
    assert np.all((stamps - t > 0.0) & (stamps - t < h))  # off the grid, inside the step
    V, tv = np.asarray(vm.events["V_m"]), np.asarray(vm.events["times"])
    for ts in t:
        k = np.searchsorted(tv, ts)  # the step end after the crossing
        assert V[k - 1] < n.V_th <= V[k]
        frac = (V[k] - n.V_th) / (V[k] - V[k - 1])
        assert tv[k] - ts == pytest.approx(frac * h, rel=1e-9)


def test_nmda_input_is_weight_times_the_senders_jump(nest):
    pre = nest.Create("iaf_bw_2001", params={"V_m": -50.0})  # above threshold: fires in the first step
    post = nest.Create("iaf_bw_2001", params={"tau_decay_NMDA": 1e9})
    ampa = nest.Create("iaf_bw_2001", params={"tau_AMPA": 1e9})
    nest.Connect(pre, post, syn_spec={"weight": 2.0, "delay": 1.0, "receptor_type": 3})
    nest.Connect(pre, ampa, syn_spec={"weight": 2.0, "delay": 1.0, "receptor_type": 1})
    sr = nest.Create("spike_recorder", params={"time_in_steps": True})
    nest.Connect(pre, sr)
    nest.Simulate(1.5)
    jump = sr.events["offsets"][0]
    alpha_tau, r = 0.5 * 2.0, 2.0 / 100.0
    from scipy.special import gamma, gammainc
    k0 = alpha_tau ** r * gammainc(1.0 - r, alpha_tau) * gamma(1.0 - r)
    assert jump == pytest.approx(k0, rel=1e-12)
    assert post.s_NMDA == pytest.approx(2.0 * jump, rel=1e-6)
    assert ampa.s_AMPA == pytest.approx(2.0, rel=1e-6)


def test_bad_receptors_are_refused(nest, errors):
    bw, tum = nest.Create("iaf_bw_2001"), nest.Create("iaf_tum_2000")
    sg = nest.Create("spike_generator")
    for target, bad in ((bw, 0), (bw, 4), (tum, 2)):
        with pytest.raises(errors.NESTError):
            nest.Connect(sg, target, syn_spec={"receptor_type": bad})


@pytest.mark.parametrize("params, message", [
    ({"x": 0.7, "y": 0.5}, "x \\+ y must be <= 1.0"),
    ({"u": 1.5}, "'u' must be in \\[0,1\\]"),
    ({"U": -0.1}, "'U' must be in \\[0,1\\]"),
    ({"tau_fac": -1.0}, "'tau_fac' must be >= 0"),
])
def test_tum_state_checks(nest, errors, usable, params, message):
    n = nest.Create("iaf_tum_2000")
    n.set(V_m=-50.0, x=0.6, y=0.3)  # a V_m above 1 mV or x + y close to 1 is fine
    with pytest.raises(errors.BadProperty, match=message):
        n.set(params)
    assert n.x == 0.6 and n.y == 0.3
    usable()
