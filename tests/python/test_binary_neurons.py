# SPDX-License-Identifier: GPL-2.0-or-later
"""Binary neurons (mcculloch_pitts_neuron, ginzburg_neuron, erfc_neuron),
spin_detector and correlospinmatrix_detector: NEST 3.10's parameters,
checks, connection rules, input encoding and update statistics."""

import numpy as np
import pytest

BINARY = ["mcculloch_pitts_neuron", "ginzburg_neuron", "erfc_neuron"]
TINY = 1e-6  # every update interval rounds to 0 tics: an update in every step


@pytest.mark.parametrize("model", BINARY)
def test_defaults_as_nest(nest, model):
    d = nest.GetDefaults(model)
    assert d["tau_m"] == 10.0 and d["theta"] == 0.0 and d["h"] == 0.0 and d["S"] is False
    assert sorted(d["recordables"]) == ["S", "h"]
    if model == "ginzburg_neuron":
        assert (d["c_1"], d["c_2"], d["c_3"]) == (0.0, 1.0, 1.0)
    if model == "erfc_neuron":
        assert d["sigma"] == 1.0


@pytest.mark.parametrize("model", BINARY)
def test_checks_leave_kernel_usable(nest, errors, usable, model):
    n = nest.Create(model)
    with pytest.raises(errors.BadProperty, match=f"{model}.*strictly positive"):
        n.set(tau_m=0.0)
    assert n.get("tau_m") == 10.0
    for key in ("h", "S"):  # read-only state, as in NEST
        with pytest.raises(Exception, match=key):
            n.set({key: 1.0})
    usable()


def test_signal_compatibility_as_nest(nest, errors):
    b = nest.Create("ginzburg_neuron")
    iaf = nest.Create("iaf_psc_alpha")
    msg = "not compatible"
    for src, tgt in [(b, iaf), (iaf, b), (nest.Create("dc_generator"), b), (nest.Create("poisson_generator"), b),
                     (iaf, nest.Create("spin_detector")), (b, nest.Create("correlation_detector")),
                     (iaf, nest.Create("correlospinmatrix_detector"))]:
        with pytest.raises(errors.IllegalConnection, match=msg):
            nest.Connect(src, tgt)
    for src, tgt in [(nest.Create("spike_generator"), b), (nest.Create("noise_generator"), b),
                     (b, nest.Create("spike_recorder")), (b, nest.Create("parrot_neuron")),
                     (nest.Create("erfc_neuron"), b)]:
        nest.Connect(src, tgt)
    with pytest.raises(errors.IllegalConnection, match="receptor_type 1"):
        nest.Connect(b, b, syn_spec={"receptor_type": 1})


def test_h_is_running_sum_of_signed_transitions(nest):
    """A transition up (multiplicity 2) adds w, one down (1) subtracts w; h
    keeps its value between inputs."""
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 2.0, 3.0, 4.0],
                                                 "spike_multiplicities": [2, 2, 1, 2]})
    n = nest.Create("mcculloch_pitts_neuron", params={"tau_m": TINY, "theta": 1.5})
    nest.Connect(sg, n, syn_spec={"weight": 0.75, "delay": 1.0})
    mm = nest.Create("multimeter", params={"record_from": ["h", "S"], "interval": 0.1})
    nest.Connect(mm, n)
    nest.Simulate(7.0)
    ev = mm.events
    h = dict(zip(np.round(ev["times"], 1), ev["h"]))
    s = dict(zip(np.round(ev["times"], 1), ev["S"]))
    assert h[1.9] == 0.0 and h[2.1] == 0.75 and h[2.9] == 0.75 and h[3.1] == 1.5
    assert h[4.1] == 0.75 and h[5.1] == 1.5 and h[6.0] == 1.5
    # theta = 1.5: h must exceed it (h + I > theta), so S stays 0 throughout
    assert set(s.values()) == {0.0}


def test_transition_encoding_and_spin_detector(nest):
    """A neuron's transitions: multiplicity 2 up, 1 down; the spin_detector
    records one event per transition with the decoded state, a spike_recorder
    two events for an up transition."""
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 3.0, 5.0], "spike_multiplicities": [2, 1, 2]})
    n = nest.Create("mcculloch_pitts_neuron", params={"tau_m": TINY, "theta": 0.5})
    nest.Connect(sg, n, syn_spec={"weight": 1.0, "delay": 0.5})
    sd, sr = nest.Create("spin_detector"), nest.Create("spike_recorder")
    nest.Connect(n, sd)
    nest.Connect(n, sr)
    nest.Simulate(8.0)
    ev = sd.events
    # input stamped 1.0 with delay 0.5 is read in the step to 1.5: the neuron's update there sends at 1.5
    np.testing.assert_allclose(ev["times"], [1.5, 3.5, 5.5])
    assert list(ev["state"]) == [1, 0, 1] and list(ev["senders"]) == [n.global_id] * 3
    np.testing.assert_allclose(sr.events["times"], [1.5, 1.5, 3.5, 5.5, 5.5])


def test_spin_detector_merges_two_single_events(nest):
    """NEST: a second single event of the same sender at the same time makes
    the recorded state 1."""
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 1.0, 2.0]})
    sd = nest.Create("spin_detector")
    nest.Connect(sg, sd)
    nest.Simulate(4.0)
    assert list(sd.events["state"]) == [1, 0]
    np.testing.assert_allclose(sd.events["times"], [1.0, 2.0])


@pytest.mark.parametrize("model", BINARY)
def test_update_rate_and_gain(nest, model):
    """With h = 0 and the gain at 1/2 (ginzburg: c_2 = 1; erfc: theta = 0;
    mcculloch_pitts: theta = -1, always on), a neuron is updated at rate
    1/tau_m and changes state with probability 1/2 per update."""
    nest.rng_seed = 7
    params = {"tau_m": 5.0}
    if model == "mcculloch_pitts_neuron":
        params["theta"] = -1.0
    pop = nest.Create(model, 50, params=params)
    # A spike_recorder sees every transition (two events for an up one); the
    # spin_detector drops some down transitions, as NEST's does.
    sr = nest.Create("spike_recorder")
    nest.Connect(pop, sr)
    T = 2000.0
    nest.Simulate(T)
    ev = sr.events
    n = len(set(zip(ev["senders"], np.round(ev["times"], 6))))
    if model == "mcculloch_pitts_neuron":
        assert n == 50 and len(ev["times"]) == 100  # one up transition each
        assert np.all(ev["times"] < 60.0)
        return
    expected = 50 * T / 5.0 * 0.5
    assert abs(n - expected) < 5 * np.sqrt(expected), n


def test_same_results_for_threads(nest):
    def run(threads):
        nest.ResetKernel()
        nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": 3})
        pop = nest.Create("ginzburg_neuron", 40, params={"theta": -1.0, "c_3": 2.0})
        nest.Connect(pop, pop, {"rule": "fixed_indegree", "indegree": 5, "allow_multapses": False},
                     {"weight": -0.3, "delay": 0.1})
        sd = nest.Create("spin_detector")
        nest.Connect(pop, sd)
        nest.Simulate(300.0)
        ev = sd.events
        return sorted(zip(np.round(ev["times"], 6), ev["senders"], ev["state"])), list(pop.get("h"))
    one, two = run(1), run(2)
    assert len(one[0]) > 100
    assert one == two


def test_correlospinmatrix_parameters_as_nest(nest, errors, usable):
    d = nest.GetDefaults("correlospinmatrix_detector")
    assert (d["delta_tau"], d["tau_max"], d["Tstart"], d["N_channels"]) == (0.1, 1.0, 0.0, 1)
    assert np.asarray(d["count_covariance"]).shape == (1, 1, 0)
    c = nest.Create("correlospinmatrix_detector")
    for params, match in [({"N_channels": 0}, "N_channels can only be larger than zero"),
                          ({"delta_tau": -0.1}, "delta_tau must not be negative"),
                          ({"Tstart": -1.0}, "Tstart must not be negative"),
                          ({"delta_tau": 0.15}, "multiple of the resolution"),
                          ({"tau_max": 0.25}, "must be multiple of time property delta_tau")]:
        with pytest.raises(errors.BadProperty, match=match):
            c.set(params)
    c.set(N_channels=2, tau_max=0.5)
    assert np.asarray(c.count_covariance).shape == (2, 2, 11)
    b = nest.Create("ginzburg_neuron")
    with pytest.raises(errors.IllegalConnection, match="Receptor type 2"):
        nest.Connect(b, c, syn_spec={"receptor_type": 2})
    usable()


def test_correlospinmatrix_counts_on_time(nest):
    """One neuron on for [1.5, 3.5) ms (20 steps), then a later event to
    confirm the down transition: the autocovariance at lag 0 is 20 steps and
    falls by one step per step of lag."""
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 3.0, 6.0], "spike_multiplicities": [2, 1, 2]})
    n = nest.Create("mcculloch_pitts_neuron", params={"tau_m": TINY, "theta": 0.5})
    nest.Connect(sg, n, syn_spec={"weight": 1.0, "delay": 0.5})
    c = nest.Create("correlospinmatrix_detector", params={"N_channels": 1, "tau_max": 1.0})
    nest.Connect(n, c)
    nest.Simulate(10.0)
    cc = np.asarray(c.count_covariance)[0, 0]
    assert cc[10] == 20
    assert list(cc[10:]) == [20, 19, 18, 17, 16, 15, 14, 13, 12, 11, 10]
    assert list(cc[:10]) == [10, 11, 12, 13, 14, 15, 16, 17, 18, 19]


def test_spin_detector_drops_second_single_event_of_a_slice_as_nest(nest):
    """NEST 3.10's spin_detector writes a waiting single event when the next
    one arrives and, if that one is single too, drops it: two down
    transitions of different neurons in one min-delay slice record only the
    first (checked against NEST 3.10: the same three events)."""
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 3.1], "spike_multiplicities": [2, 1]})
    sg2 = nest.Create("spike_generator", params={"spike_times": [1.0, 3.2], "spike_multiplicities": [2, 1]})
    n = nest.Create("mcculloch_pitts_neuron", 2, params={"tau_m": TINY, "theta": 0.5})
    nest.Connect(sg, n[0], syn_spec={"delay": 0.5})
    nest.Connect(sg2, n[1], syn_spec={"delay": 0.5})
    sd = nest.Create("spin_detector")
    nest.Connect(n, sd)
    nest.Simulate(10.0)
    ev = sd.events
    assert list(ev["senders"]) == [n[0].global_id, n[1].global_id, n[0].global_id]
    assert list(ev["state"]) == [1, 1, 0]
    np.testing.assert_allclose(ev["times"], [1.5, 1.5, 3.6])


def test_same_results_on_both_backends(nest):
    backends = nest.available_backends()
    if len(backends) < 2:
        pytest.skip("one backend in this build")

    def run(backend):
        nest.ResetKernel()
        nest.SetKernelStatus({"backend": backend, "rng_seed": 5})
        pop = nest.Create("erfc_neuron", 30, params={"theta": 0.5, "sigma": 0.7})
        nest.Connect(pop, pop, {"rule": "fixed_indegree", "indegree": 4, "allow_multapses": False},
                     {"weight": 0.4, "delay": 0.2})
        sd = nest.Create("spin_detector")
        nest.Connect(pop, sd)
        csd = nest.Create("correlospinmatrix_detector", params={"N_channels": 2, "tau_max": 2.0})
        nest.Connect(pop[:15], csd, syn_spec={"receptor_type": 0})
        nest.Connect(pop[15:], csd, syn_spec={"receptor_type": 1})
        nest.Simulate(200.0)
        ev = sd.events
        return (list(np.round(ev["times"], 6)), list(ev["senders"]), list(ev["state"]),
                np.asarray(csd.count_covariance).tolist(), list(pop.get("h")))
    a, b = run(backends[0]), run(backends[1])
    assert len(a[0]) > 50
    assert a == b
