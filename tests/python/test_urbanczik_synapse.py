# SPDX-License-Identifier: GPL-2.0-or-later
"""urbanczik_synapse and the dendritic history of pp_cond_exp_mc_urbanczik
(NEST 3.10's urbanczik_synapse, UrbanczikArchivingNode).

The target archives dPI = (n_spikes - phi(V_W*) h) h(V_W*) each step; a
presynaptic spike at t (previous t_last, delay d) integrates the entries of
(t_last - d, t - d] against the presynaptic traces into PI_integral and its
tau_Delta low-pass, and sets w = init_weight + (PI_integral - PI_exp_integral)
15 C_m tau_s eta / (g_L (tau_L - tau_s)), clipped to [Wmin, Wmax].
"""
import math

import numpy as np
import pytest

import roost as nest

H = 0.1
MODEL = "pp_cond_exp_mc_urbanczik"
# No spikes in practice (phi ~ 1e-9/ms at rest), so dPI = -phi(V_W*) h h(V_W*); with
# g_ps = 0 the soma does not drive the dendrite, so input on the soma's receptors
# leaves V_W at E_L: dPI is the same in every step.
SILENT = {"rate_slope": 1e6, "t_ref": 3.0, "g_ps": 0.0}


def _setup(pre_times, neuron=None, syn=None, weight=30.0, delay=1.0, receptor="soma_exc", threads=1,
           n_pre=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": H, "local_num_threads": threads})
    post = nest.Create(MODEL, params=neuron if neuron is not None else SILENT)
    parrots = nest.Create("parrot_neuron", n_pre)
    for k in range(n_pre):
        times = pre_times[k] if n_pre > 1 else pre_times
        sg = nest.Create("spike_generator", params={"spike_times": times})
        nest.Connect(sg, parrots[k], syn_spec={"delay": H})
    wr = nest.Create("weight_recorder")
    nest.CopyModel("urbanczik_synapse", "uz_rec", dict(syn or {}, weight_recorder=wr))
    rt = post.get("receptor_types")[receptor]
    nest.Connect(parrots, post, syn_spec={"synapse_model": "uz_rec", "weight": weight, "delay": delay,
                                          "receptor_type": rt})
    return post, parrots, wr


def _rule(times, d, w0, eta, tau_Delta, Wmin, Wmax, C_m, g_L, tau_s, dPI):
    """NEST's send() for spikes at `times`, history entries dPI at every step k h (k >= 1)."""
    tau_L = C_m / g_L
    PI, PIexp, L, S, t_last, w = 0.0, 0.0, 0.0, 0.0, -1.0, w0
    out = []
    for t in times:
        first = max(int(round((t_last - d) / H)) + 1, 1)
        last = int(round((t - d) / H))
        dexp = 0.0
        for k in range(first, last + 1):
            t_up = k * H + d
            pi = (L * math.exp((t_last - t_up) / tau_L) - S * math.exp((t_last - t_up) / tau_s)) * dPI
            PI += pi
            dexp += math.exp((t_up - t) / tau_Delta) * pi
        PIexp = math.exp((t_last - t) / tau_Delta) * PIexp + dexp
        w = w0 + (PI - PIexp) * 15.0 * C_m * tau_s * eta / (g_L * (tau_L - tau_s))
        w = min(max(w, Wmin), Wmax)
        out.append(w)
        L = L * math.exp((t_last - t) / tau_L) + 1.0
        S = S * math.exp((t_last - t) / tau_s) + 1.0
        t_last = t
    return out


def _resting_dpi(p):
    """dPI of a neuron resting at E_L (V_W = E_L.d = E_L.s): no input, so V stays."""
    v = (p["soma"]["E_L"] * p["soma"]["g_L"] + p["dendritic"]["E_L"] * p["g_sp"]) / (p["g_sp"] + p["soma"]["g_L"])
    phi = p["phi_max"] / (1.0 + p["rate_slope"] * math.exp(p["beta"] * (p["theta"] - v)))
    h = 15.0 * p["beta"] / (1.0 + math.exp(-p["beta"] * (p["theta"] - v)) / p["rate_slope"])
    return -phi * H * h


def test_defaults_status_keys():
    nest.ResetKernel()
    d = nest.GetDefaults("urbanczik_synapse")
    assert (d["tau_Delta"], d["eta"], d["Wmin"], d["Wmax"], d["weight"], d["delay"]) == (100.0, 0.07, 0.0, 100.0,
                                                                                          1.0, 1.0)
    _setup([5.0], syn={"eta": 0.5, "tau_Delta": 20.0})
    s = nest.GetConnections(synapse_model="uz_rec").get()
    assert (s["weight"], s["eta"], s["tau_Delta"], s["Wmin"], s["Wmax"]) == (30.0, 0.5, 20.0, 0.0, 100.0)
    # NEST shows no internal state of the connection.
    for hidden in ("PI_integral", "PI_exp_integral", "tau_L_trace", "tau_s_trace", "init_weight"):
        assert hidden not in s and hidden not in d


@pytest.mark.parametrize("delay", [0.1, 1.0, 2.3])
def test_weights_follow_nests_rule_on_a_resting_neuron(delay):
    times = [2.0, 3.5, 9.0, 9.1, 20.0, 44.4]
    syn = {"eta": 3e5, "tau_Delta": 15.0}
    post, _, wr = _setup(times, syn=syn, delay=delay)
    nest.Simulate(60.0)
    p = post.get()
    dpi = _resting_dpi(p)
    assert dpi < 0.0
    t = np.asarray(wr.get("events", "times"), dtype=float)
    np.testing.assert_allclose(t, np.asarray(times) + H, atol=1e-9)
    want = _rule(list(t), delay, 30.0, 3e5, 15.0, 0.0, 100.0, p["dendritic"]["C_m"], p["dendritic"]["g_L"],
                 p["dendritic"]["tau_syn_ex"], dpi)
    got = np.asarray(wr.get("events", "weights"), dtype=float)
    assert want[-1] < 29.0  # the rule moved the weight
    # NEST's weight_recorder records the rport: soma_exc (1) is port 0 of this model.
    assert set(wr.get("events", "receptors")) == {0}
    np.testing.assert_allclose(got, want, rtol=1e-9)


def test_negative_weight_uses_tau_syn_in_and_clips():
    times = [2.0, 5.0, 11.0, 30.0]
    syn = {"eta": 3e5, "Wmin": -40.0, "Wmax": -1.0, "weight": -20.0}  # CopyModel checks the default weight too
    post, _, wr = _setup(times, neuron=dict(SILENT, dendritic={"tau_syn_in": 5.0}), syn=syn, weight=-20.0,
                         receptor="soma_inh")
    nest.Simulate(40.0)
    p = post.get()
    t = list(np.asarray(wr.get("events", "times"), dtype=float))
    want = _rule(t, 1.0, -20.0, 3e5, 100.0, -40.0, -1.0, p["dendritic"]["C_m"], p["dendritic"]["g_L"], 5.0,
                 _resting_dpi(p))
    np.testing.assert_allclose(wr.get("events", "weights"), want, rtol=1e-9)
    # With eta so large the weight hits Wmin.
    post, _, wr = _setup(times, syn=dict(syn, eta=3e7), weight=-20.0, receptor="soma_inh")
    nest.Simulate(40.0)
    assert wr.get("events", "weights")[-1] == -40.0


def test_init_weight_is_the_weight_of_the_last_set_status():
    # eta = 0: every spike sends init_weight, clipped to [Wmin, Wmax].
    _setup([2.0, 6.0, 10.0, 14.0], syn={"eta": 0.0, "Wmax": 50.0}, weight=70.0)
    c = nest.GetConnections(synapse_model="uz_rec")
    nest.Simulate(5.0)
    assert c.get("weight") == 50.0  # clipped at the first spike
    c.set({"weight": 20.0})
    nest.Simulate(4.0)
    assert c.get("weight") == 20.0  # the new weight is the new init_weight
    c.set({"Wmax": 10.0})
    nest.Simulate(4.0)
    assert c.get("weight") == 10.0
    c.set({"Wmax": 100.0})  # init_weight is now the clipped 10
    nest.Simulate(4.0)
    assert c.get("weight") == 10.0


def test_checks_and_errors_as_nest():
    nest.ResetKernel()
    n = nest.Create(MODEL)
    p = nest.Create("parrot_neuron")
    rt = n.get("receptor_types")
    with pytest.raises(nest.kernel.NESTErrors.BadProperty, match="Weight and Wmin must have same sign"):
        nest.Connect(p, n, syn_spec={"synapse_model": "urbanczik_synapse", "weight": -1.0, "receptor_type": 3})
    with pytest.raises(nest.kernel.NESTErrors.BadProperty, match="Weight and Wmax must have same sign"):
        nest.Connect(p, n, syn_spec={"synapse_model": "urbanczik_synapse", "weight": 0.0, "Wmax": 0.0,
                                     "receptor_type": 3})
    with pytest.raises(nest.kernel.NESTErrors.IllegalConnection, match="not supported by the neuron model of at least one  connection"):
        nest.Connect(p, nest.Create("iaf_psc_alpha"), syn_spec={"synapse_model": "urbanczik_synapse"})
    with pytest.raises(nest.kernel.NESTErrors.IllegalConnection, match="not supported by the neuron model"):
        nest.Connect(p, nest.Create("aeif_psc_delta_clopath"), syn_spec={"synapse_model": "urbanczik_synapse"})
    with pytest.raises(nest.kernel.NESTErrors.IllegalConnection, match="not supported by the neuron model"):
        nest.Connect(p, n, syn_spec={"synapse_model": "clopath_synapse", "receptor_type": 3})
    with pytest.raises(nest.kernel.NESTError):  # receptor 0 and the current receptors take no spikes
        nest.Connect(p, n, syn_spec={"synapse_model": "urbanczik_synapse"})
    with pytest.raises(nest.kernel.NESTError):
        nest.Connect(p, n, syn_spec={"synapse_model": "urbanczik_synapse", "receptor_type": rt["soma_curr"]})
    # NEST accepts every spike receptor (the rule reads the dendrite anyway), negative
    # weights with negative Wmax, and a negative tau_Delta or eta.
    for r in ("soma_exc", "soma_inh", "dendritic_exc", "dendritic_inh"):
        nest.Connect(p, n, syn_spec={"synapse_model": "urbanczik_synapse", "receptor_type": rt[r]})
    nest.Connect(p, n, syn_spec={"synapse_model": "urbanczik_synapse", "receptor_type": 4, "weight": -1.0,
                                 "Wmax": -0.5, "Wmin": -2.0, "eta": -1.0})
    c = nest.GetConnections(synapse_model="urbanczik_synapse")
    with pytest.raises(nest.kernel.NESTErrors.BadProperty, match="Weight and Wmin must have same sign"):
        c[0].set({"Wmax": -5.0})
    assert len(c) == 5
    nest.Simulate(5.0)  # the kernel stays usable


def test_a_late_reader_still_finds_the_whole_history():
    # Input 0 spikes often (its reads let entries go), input 1 only late: its first
    # update must still see every entry since its previous spike (none pruned early).
    times = [[1.0 + 2.0 * k for k in range(30)], [3.0, 55.0]]
    syn = {"eta": 3e5}
    post, parrots, wr = _setup(times, syn=syn, n_pre=2)
    nest.Simulate(60.0)
    ev = wr.get("events")
    late = [w for w, s in zip(ev["weights"], ev["senders"]) if s == parrots[1].global_id]
    p = post.get()
    want = _rule([3.1, 55.1], 1.0, 30.0, 3e5, 100.0, 0.0, 100.0, p["dendritic"]["C_m"], p["dendritic"]["g_L"],
                 p["dendritic"]["tau_syn_ex"], _resting_dpi(p))
    np.testing.assert_allclose(late, want, rtol=1e-9)


def _learning_run(threads):
    # Stochastic soma spikes (NEST's example parameters, strong dendritic drive).
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": H, "local_num_threads": threads, "rng_seed": 5})
    post = nest.Create(MODEL, 3, params={"t_ref": 3.0, "soma": {"I_e": 6000.0}})
    parrots = nest.Create("parrot_neuron", 6)
    rng = np.random.default_rng(3)
    for k in range(6):
        sg = nest.Create("spike_generator", params={"spike_times": np.round(np.sort(rng.uniform(1, 300, 20)), 1)})
        nest.Connect(sg, parrots[k])
    nest.Connect(parrots, post, syn_spec={"synapse_model": "urbanczik_synapse", "receptor_type": 3, "weight": 20.0,
                                          "eta": 0.5, "delay": 0.5})
    sr = nest.Create("spike_recorder")
    nest.Connect(post, sr)
    nest.Simulate(150.0)
    nest.Simulate(160.0)
    return np.asarray(nest.GetConnections(synapse_model="urbanczik_synapse").get("weight")), sr.get("n_events")


def test_same_seed_same_weights_for_one_and_two_threads():
    w1, n1 = _learning_run(1)
    w2, n2 = _learning_run(2)
    assert n1 > 10  # the soma spikes, so both terms of dPI act
    assert np.any(w1 != 20.0)
    assert n1 == n2
    np.testing.assert_array_equal(w1, w2)
