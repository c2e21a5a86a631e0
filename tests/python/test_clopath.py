# SPDX-License-Identifier: GPL-2.0-or-later
"""clopath_synapse and the Clopath history of aeif_psc_delta_clopath /
hh_psc_alpha_clopath (NEST 3.10's clopath_synapse, ClopathArchivingNode).

The rule: the target archives an LTP entry A_LTP (V - theta_plus)
(u_bar_plus(t - delay_u_bars) - theta_minus) h in each step with V > theta_plus
and delayed u_bar_plus > theta_minus, and an LTD value A_LTD (u_bar_minus(t -
delay_u_bars) - theta_minus) in each step with delayed u_bar_minus >
theta_minus; a presynaptic spike at t adds the LTP entries of (t_last - d,
t - d] weighted by x_bar, subtracts the LTD value at t - d, clips to [Wmin,
Wmax], then x_bar <- x_bar exp(-(t - t_last)/tau_x) + 1/tau_x.
"""
import math

import numpy as np
import pytest

import roost as nest

H = 0.1


def _pre_post(pre_times, post_params=None, post_model="aeif_psc_delta_clopath", syn=None, drive=None,
              delay=1.0, threads=1, record=None):
    """A parrot fed by pre_times -> clopath_synapse -> one Clopath neuron."""
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": H, "local_num_threads": threads})
    post = nest.Create(post_model, params=post_params or {})
    parrot = nest.Create("parrot_neuron")
    sg = nest.Create("spike_generator", params={"spike_times": pre_times})
    nest.Connect(sg, parrot, syn_spec={"delay": H})
    if drive is not None:
        sd = nest.Create("spike_generator", params={"spike_times": drive})
        nest.Connect(sd, post, syn_spec={"delay": H, "weight": 100.0})
    wr = nest.Create("weight_recorder")
    nest.CopyModel("clopath_synapse", "cl_rec", dict(syn or {}, weight_recorder=wr))
    nest.Connect(parrot, post, syn_spec={"synapse_model": "cl_rec", "weight": 0.5, "delay": delay})
    mm = None
    if record:
        mm = nest.Create("multimeter", params={"record_from": record, "interval": H})
        nest.Connect(mm, post)
    return post, parrot, wr, mm


def _weights(wr):
    return np.asarray(wr.get("events", "weights"), dtype=float)


def test_defaults_and_status():
    nest.ResetKernel()
    d = nest.GetDefaults("clopath_synapse")
    assert d["tau_x"] == 15.0 and d["Wmin"] == 0.0 and d["Wmax"] == 100.0
    assert d["x_bar"] == 0.0 and d["weight"] == 1.0 and d["delay"] == 1.0
    a = nest.Create("parrot_neuron")
    b = nest.Create("aeif_psc_delta_clopath")
    nest.Connect(a, b, syn_spec={"synapse_model": "clopath_synapse", "weight": 2.0, "delay": 1.5, "tau_x": 10.0})
    c = nest.GetConnections(a, b)
    s = c.get()
    assert s["synapse_model"] == "clopath_synapse"
    assert (s["weight"], s["delay"], s["tau_x"], s["Wmin"], s["Wmax"], s["x_bar"]) == (2.0, 1.5, 10.0, 0.0, 100.0, 0.0)
    c.set({"x_bar": 0.25, "Wmax": 5.0})
    assert c.get("x_bar") == 0.25 and c.get("Wmax") == 5.0


def test_sign_checks_leave_the_connection_alone():
    nest.ResetKernel()
    a = nest.Create("parrot_neuron")
    b = nest.Create("hh_psc_alpha_clopath")
    nest.Connect(a, b, syn_spec={"synapse_model": "clopath_synapse", "weight": 1.0})
    c = nest.GetConnections(a, b)
    with pytest.raises(nest.kernel.NESTErrors.BadProperty, match="Weight and Wmin must have same sign"):
        c.set({"Wmin": -1.0})
    with pytest.raises(nest.kernel.NESTErrors.BadProperty, match="Weight and Wmax must have same sign"):
        c.set({"Wmax": 0.0})
    assert c.get("Wmin") == 0.0 and c.get("Wmax") == 100.0
    with pytest.raises(nest.kernel.NESTErrors.BadProperty, match="Weight and Wmin must have same sign"):
        nest.SetDefaults("clopath_synapse", {"weight": -1.0})
    # Negative weights go with negative bounds.
    nest.Connect(a, b, syn_spec={"synapse_model": "clopath_synapse", "weight": -1.0, "Wmin": -3.0, "Wmax": -0.5})
    nest.Simulate(5.0)


@pytest.mark.parametrize("target", ["iaf_psc_alpha", "aeif_psc_delta", "parrot_neuron"])
def test_target_must_be_a_clopath_neuron(target):
    nest.ResetKernel()
    a = nest.Create("parrot_neuron")
    b = nest.Create(target)
    with pytest.raises(nest.kernel.NESTErrors.IllegalConnection,
                       match="This synapse model is not supported by the neuron model of at least one connection"):
        nest.Connect(a, b, syn_spec={"synapse_model": "clopath_synapse"})
    assert nest.GetKernelStatus("num_connections") == 0
    nest.Connect(a, b)  # the kernel stays usable
    nest.Simulate(2.0)


@pytest.mark.parametrize("model,I_e", [("aeif_psc_delta_clopath", 200.0), ("hh_psc_alpha_clopath", 0.0)])
def test_ltd_value_is_the_delayed_u_bar_minus(model, I_e):
    """Below theta_plus only depression acts: each pre spike subtracts
    A_LTD (u_bar_minus(t - d - delay_u_bars) - theta_minus); the delay ring starts at 0 mV."""
    params = {"I_e": I_e, "theta_plus": 100.0, "A_LTD_const": True, "A_LTD": 1e-3, "delay_u_bars": 5.0}
    pre = [3.0, 40.0, 80.0, 120.0]
    post, _, wr, mm = _pre_post(pre, params, post_model=model, record=["u_bar_minus", "V_m"])
    nest.Simulate(150.0)
    w = _weights(wr)
    assert len(w) == len(pre)
    ev = mm.get("events")
    t_rec = np.asarray(ev["times"])
    ubm = np.asarray(ev["u_bar_minus"])
    assert np.all(np.asarray(ev["V_m"]) < -45.3)  # never above theta_plus: no LTP
    expected = []
    last = 0.5
    for tp in pre:
        t_emit = tp + H              # the parrot repeats the generator's spike one step later
        t_ltd = t_emit - 1.0         # the whole delay is dendritic
        t_del = t_ltd - 5.0          # the archive's delay_u_bars
        if t_del < H / 2:
            u = 0.0                  # the delay ring's initial zeros
        else:
            u = ubm[np.argmin(np.abs(t_rec - t_del))]
        dw = 1e-3 * (u - (-70.6)) if u > -70.6 else 0.0
        last = max(last - dw, 0.0)
        expected.append(last)
    np.testing.assert_allclose(w, expected, rtol=1e-9, atol=1e-12)
    # The first spike (at the synapse within delay_u_bars of the start) sees u_bar_minus = 0 mV.
    assert w[0] == pytest.approx(0.5 - 1e-3 * 70.6, rel=1e-12)


def test_ltp_only_above_theta_plus():
    drive = [30.0, 80.0, 130.0]
    pre = [20.0, 45.0, 70.0, 95.0, 120.0, 145.0]
    # I_e keeps u_bar_plus above theta_minus; the post spikes take V above theta_plus.
    _, _, wr, mm = _pre_post(pre, {"A_LTD": 0.0, "I_e": 100.0}, drive=drive, record=["V_m"])
    nest.Simulate(160.0)
    w = _weights(wr)
    assert w[-1] > 0.5 + 1e-4  # the post spikes (V above theta_plus) potentiate
    assert np.all(np.diff(np.concatenate([[0.5], w])) >= 0.0)
    # Same protocol, theta_plus above every V: no LTP at all, and no LTD (A_LTD = 0).
    _, _, wr2, mm2 = _pre_post(pre, {"A_LTD": 0.0, "I_e": 100.0, "theta_plus": 40.0}, drive=drive, record=["V_m"])
    nest.Simulate(160.0)
    assert np.max(mm2.get("events", "V_m")) <= 40.0
    np.testing.assert_array_equal(_weights(wr2), 0.5)


def test_ltp_is_weighted_by_x_bar():
    """A first pre spike finds x_bar = 0: potentiation needs earlier pre spikes."""
    _, _, wr, _ = _pre_post([50.0], {"A_LTD": 0.0, "I_e": 100.0}, drive=[10.0, 20.0, 30.0])
    nest.Simulate(60.0)
    np.testing.assert_array_equal(_weights(wr), [0.5])
    post, parrot, wr, _ = _pre_post([5.0, 50.0], {"A_LTD": 0.0, "I_e": 100.0}, drive=[10.0, 20.0, 30.0])
    nest.Simulate(60.0)
    w = _weights(wr)
    assert w[0] == 0.5 and w[1] > 0.5
    x_bar = nest.GetConnections(parrot, post).get("x_bar")
    # x_bar after two spikes 45 ms apart: (exp(-45/15)/15 + 1/15).
    assert x_bar == pytest.approx(math.exp(-45.0 / 15.0) / 15.0 + 1.0 / 15.0, rel=1e-12)


def test_clipping():
    drive = [10.0, 20.0, 30.0, 40.0]
    pre = [5.0, 15.0, 25.0, 35.0, 45.0]
    _, _, wr, _ = _pre_post(pre, {"A_LTD": 0.0, "A_LTP": 1.0, "I_e": 100.0}, drive=drive, syn={"Wmax": 0.6})
    nest.Simulate(50.0)
    w = _weights(wr)
    assert np.max(w) == 0.6 and w[-1] == 0.6
    _, _, wr, _ = _pre_post(pre, {"A_LTP": 0.0, "A_LTD": 1.0, "I_e": 100.0}, syn={"Wmin": 0.2})
    nest.Simulate(50.0)
    w = _weights(wr)
    assert w[0] == 0.2 and np.all(w == 0.2)


@pytest.mark.parametrize("model", ["aeif_psc_delta_clopath", "hh_psc_alpha_clopath"])
def test_thread_invariance(model):
    def run(threads):
        nest.ResetKernel()
        nest.SetKernelStatus({"resolution": H, "local_num_threads": threads, "rng_seed": 7})
        posts = nest.Create(model, 4, params={"I_e": 300.0 if model.startswith("aeif") else 5.0})
        pres = nest.Create("parrot_neuron", 6)
        pg = nest.Create("poisson_generator", params={"rate": 80.0})
        nest.Connect(pg, pres, syn_spec={"delay": H})
        drive = nest.Create("poisson_generator", params={"rate": 40.0})
        nest.Connect(drive, posts, syn_spec={"delay": H, "weight": 100.0 if model.startswith("aeif") else 400.0})
        nest.Connect(pres, posts, syn_spec={"synapse_model": "clopath_synapse", "weight": 1.0,
                                            "delay": nest.random.uniform(0.5, 2.0), "Wmax": 3.0})
        nest.Connect(posts, posts, {"rule": "all_to_all", "allow_autapses": False},
                     syn_spec={"synapse_model": "clopath_synapse", "weight": 0.5, "delay": 1.0})
        nest.Simulate(300.0)
        c = nest.GetConnections(synapse_model="clopath_synapse")
        return sorted(zip(c.get("source"), c.get("target"), c.get("weight"), c.get("x_bar")))

    one, two = run(1), run(2)
    assert one == two
    assert any(w != 1.0 and w != 0.5 for _, _, w, _ in one)


def test_weight_recorder_and_getconnections_agree():
    _, _, wr, _ = _pre_post([20.0, 45.0, 70.0], drive=[30.0, 55.0])
    nest.Simulate(100.0)
    ev = wr.get("events")
    assert len(ev["weights"]) == 3
    np.testing.assert_allclose(ev["times"], [20.1, 45.1, 70.1])  # the parrot repeats each spike one step later
    c = nest.GetConnections(synapse_model="cl_rec")
    assert c.get("weight") == ev["weights"][-1]


def test_long_silence_grows_the_history():
    """A presynaptic neuron silent while the target keeps firing: the LTP
    entries wait for it (the archive grows, nothing is lost), and its late
    spike reads them all, whatever the Simulate chunks."""
    def run(sim_chunks):
        _, _, wr, _ = _pre_post([5.0, 2000.0], {"I_e": 1000.0, "A_LTD": 0.0, "A_LTP": 1e-7}, syn={"tau_x": 1e6})
        for t in sim_chunks:
            nest.Simulate(t)
        return _weights(wr)
    w = run([2010.0])
    assert len(w) == 2 and w[1] > w[0]
    np.testing.assert_array_equal(run([700.0, 700.0, 610.0]), w)


# NEST 3.10's final weights of its example clopath_synapse_spike_pairing.py
# (pre/post pairings at 10 ... 50 Hz, both orders).
PAIRING_NEST = [0.48594213097176636, 0.4858088258419432, 0.49072243576964425, 0.5012896358619023,
                0.5164778661067732, 0.5011013612781251, 0.5041786396485841, 0.5080121361451605,
                0.5129821789992515, 0.5190096093982016]
PAIRING_PRE = [[20.0, 120.0, 220.0, 320.0, 420.0], [20.0, 70.0, 120.0, 170.0, 220.0],
               [20.0, 53.3, 86.7, 120.0, 153.3], [20.0, 45.0, 70.0, 95.0, 120.0], [20.0, 40.0, 60.0, 80.0, 100.0],
               [120.0, 220.0, 320.0, 420.0, 520.0, 620.0], [70.0, 120.0, 170.0, 220.0, 270.0, 320.0],
               [53.3, 86.6, 120.0, 153.3, 186.6, 220.0], [45.0, 70.0, 95.0, 120.0, 145.0, 170.0],
               [40.0, 60.0, 80.0, 100.0, 120.0, 140.0]]
PAIRING_POST = [[10.0, 110.0, 210.0, 310.0, 410.0], [10.0, 60.0, 110.0, 160.0, 210.0],
                [10.0, 43.3, 76.7, 110.0, 143.3], [10.0, 35.0, 60.0, 85.0, 110.0], [10.0, 30.0, 50.0, 70.0, 90.0],
                [130.0, 230.0, 330.0, 430.0, 530.0, 630.0], [80.0, 130.0, 180.0, 230.0, 280.0, 330.0],
                [63.3, 96.6, 130.0, 163.3, 196.6, 230.0], [55.0, 80.0, 105.0, 130.0, 155.0, 180.0],
                [50.0, 70.0, 90.0, 110.0, 130.0, 150.0]]


def test_spike_pairing_matches_nest():
    params = {"V_m": -70.6, "E_L": -70.6, "C_m": 281.0, "theta_minus": -70.6, "theta_plus": -45.3,
              "A_LTD": 14.0e-5, "A_LTP": 8.0e-5, "tau_u_bar_minus": 10.0, "tau_u_bar_plus": 7.0,
              "delay_u_bars": 4.0, "a": 4.0, "b": 0.0805, "V_reset": -70.6 + 21.0, "V_clamp": 33.0,
              "t_clamp": 2.0, "t_ref": 0.0}
    final = []
    for s_pre, s_post in zip(PAIRING_PRE, PAIRING_POST):
        nest.ResetKernel()
        nest.resolution = H
        nrn = nest.Create("aeif_psc_delta_clopath", params=params)
        prrt = nest.Create("parrot_neuron")
        sg_pre = nest.Create("spike_generator", params={"spike_times": s_pre})
        nest.Connect(sg_pre, prrt, syn_spec={"delay": H})
        sg_post = nest.Create("spike_generator", params={"spike_times": s_post})
        nest.Connect(sg_post, nrn, syn_spec={"delay": H, "weight": 80.0})
        wr = nest.Create("weight_recorder")
        nest.CopyModel("clopath_synapse", "clopath_synapse_rec", {"weight_recorder": wr})
        nest.Connect(prrt, nrn, syn_spec={"synapse_model": "clopath_synapse_rec", "weight": 0.5, "delay": H})
        nest.Simulate(10.0 + max(s_pre[-1], s_post[-1]))
        final.append(wr.get("events", "weights")[-1])
    # The same RKF45 steps and the same archive as NEST: the weight changes
    # (about 1e-2) agree to round-off (5e-14 measured; a 5 % change of A_LTP moves them 5 %).
    np.testing.assert_allclose(np.asarray(final) - 0.5, np.asarray(PAIRING_NEST) - 0.5, rtol=1e-9, atol=1e-12)


@pytest.mark.parametrize("min_delay_one_step,nest_weights", [
    (False, [0.4969484788451141, 0.4969484788451141, 0.4969484788451141]),
    (True, [0.4969484788451141, 0.49097312309963553, 0.4843853006796495]),
])
def test_ltd_ring_of_max_delay_plus_one_as_nest(min_delay_one_step, nest_weights):
    """NEST keeps the LTD values in a ring of max_delay + 1 steps. With every
    delay 1 ms (min_delay = max_delay = 10 steps), a spike delivered at the end
    of its slice looks up t - d after up to 19 newer values were written: the
    value is gone (NEST applies no depression) unless the spike was emitted in
    the slice's last step. One unrelated 0.1 ms connection (slices of one
    step) keeps every value. NEST 3.10's weights for both."""
    nest.ResetKernel()
    nest.resolution = H
    post = nest.Create("aeif_psc_delta_clopath",
                       params={"I_e": 200.0, "theta_plus": 100.0, "A_LTD_const": True, "A_LTD": 1e-3})
    parrot = nest.Create("parrot_neuron")
    sg = nest.Create("spike_generator", params={"spike_times": [20.0, 40.5, 60.9]})
    nest.Connect(sg, parrot, syn_spec={"delay": 1.0})
    if min_delay_one_step:
        a, b = nest.Create("iaf_psc_alpha"), nest.Create("iaf_psc_alpha")
        nest.Connect(a, b, syn_spec={"delay": 0.1})
    wr = nest.Create("weight_recorder")
    nest.CopyModel("clopath_synapse", "r", {"weight_recorder": wr})
    nest.Connect(parrot, post, syn_spec={"synapse_model": "r", "weight": 0.5, "delay": 1.0})
    nest.Simulate(80.0)
    np.testing.assert_allclose(wr.get("events", "times"), [21.0, 41.5, 61.9])
    np.testing.assert_allclose(wr.get("events", "weights"), nest_weights, rtol=1e-9)


def test_hh_psc_alpha_clopath_matches_nest():
    """Pre spikes around driven post spikes onto hh_psc_alpha_clopath (A_LTD
    scaled by u_bar_bar^2 / u_ref_squared, delay 0.3 ms): NEST 3.10's weights."""
    nest.ResetKernel()
    nest.resolution = H
    post = nest.Create("hh_psc_alpha_clopath", params={"A_LTD_const": False, "A_LTP": 8e-4})
    parrot = nest.Create("parrot_neuron")
    sg = nest.Create("spike_generator", params={"spike_times": [5.0, 20.0, 40.5, 60.9, 80.0, 83.0, 100.0, 121.0]})
    nest.Connect(sg, parrot, syn_spec={"delay": H})
    drive = nest.Create("spike_generator", params={"spike_times": [30.0, 50.0, 70.0, 85.0, 110.0]})
    nest.Connect(drive, post, syn_spec={"delay": H, "weight": 1500.0})
    wr = nest.Create("weight_recorder")
    nest.CopyModel("clopath_synapse", "r", {"weight_recorder": wr})
    nest.Connect(parrot, post, syn_spec={"synapse_model": "r", "weight": 0.5, "delay": 0.3})
    sr = nest.Create("spike_recorder")
    nest.Connect(post, sr)
    nest.Simulate(130.0)
    np.testing.assert_allclose(sr.get("events", "times"), [33.3, 52.9, 72.9, 113.4])
    nest_weights = [0.49999730129665443, 0.4998997325511887, 0.6665839909036024, 0.8216020628960834,
                    0.9586151382294475, 0.956355829473746, 0.9548698390487174, 1.0656612692970802]
    np.testing.assert_allclose(np.asarray(wr.get("events", "weights")) - 0.5, np.asarray(nest_weights) - 0.5,
                               rtol=1e-9, atol=1e-13)
