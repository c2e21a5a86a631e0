# SPDX-License-Identifier: GPL-2.0-or-later
"""correlation_detector and correlomatrix_detector (NEST 3.10), the 'screen'
recording backend and the ascii backend's options: pair counts against a
direct computation, windows, NEST's errors, thread invariance, statistics of
Poisson and MIP trains with generous bounds, and recorder output formats.
(Bit-exact comparisons with NEST: tests/validation/test_correlation_detectors.py.)"""

import os

import numpy as np
import pytest


def _pairs(a, b, delta_tau_steps, tau_max_steps):
    """count_histogram by brute force: lags t2 - t1 (steps) in [-edge, edge)."""
    edge = tau_max_steps + 0.5 * delta_tau_steps
    hist = np.zeros(int(2 * tau_max_steps // delta_tau_steps + 1), dtype=np.int64)
    for t1 in a:
        for t2 in b:
            d = t2 - t1
            if -edge <= d < edge:
                hist[int(np.floor((d + edge) / delta_tau_steps))] += 1
    return hist


def _train(rng, n, t_max):
    return np.sort(rng.choice(np.arange(1, int(t_max * 10)), size=n, replace=False))  # steps of 0.1 ms


def _detector_on(nest, a_steps, b_steps, params, weights=(1.0, 1.0)):
    g0 = nest.Create("spike_generator", params={"spike_times": [s / 10 for s in a_steps]})
    g1 = nest.Create("spike_generator", params={"spike_times": [s / 10 for s in b_steps]})
    cd = nest.Create("correlation_detector", params=params)
    nest.Connect(g0, cd, syn_spec={"receptor_type": 0, "weight": weights[0]})
    nest.Connect(g1, cd, syn_spec={"receptor_type": 1, "weight": weights[1]})
    return cd


def test_defaults_as_nest(nest):
    d = nest.GetDefaults("correlation_detector")
    assert d["delta_tau"] == pytest.approx(0.5) and d["tau_max"] == pytest.approx(5.0)
    assert d["Tstart"] == 0.0 and d["Tstop"] == np.finfo(float).max
    assert list(d["n_events"]) == [0, 0] and len(d["histogram"]) == 0
    assert d["element_type"] == "recorder"
    m = nest.GetDefaults("correlomatrix_detector")
    assert m["N_channels"] == 1 and m["delta_tau"] == pytest.approx(0.5) and m["tau_max"] == pytest.approx(5.0)
    assert np.shape(m["covariance"]) == (1, 1, 0)
    # NEST recalibrates at a new resolution: 0.5 ms stays where it is on the grid, else 5 steps
    nest.resolution = 0.2
    assert nest.GetDefaults("correlation_detector")["delta_tau"] == pytest.approx(1.0)
    nest.ResetKernel()
    nest.resolution = 0.01
    assert nest.GetDefaults("correlation_detector")["delta_tau"] == pytest.approx(0.5)


@pytest.mark.parametrize("delta_tau,tau_max", [(0.5, 5.0), (0.5, 2.0), (0.4, 0.8), (1.5, 9.0), (0.1, 0.0)])
def test_counts_every_pair_once_in_its_bin(nest, delta_tau, tau_max):
    rng = np.random.RandomState(1)
    a, b = _train(rng, 150, 100.0), _train(rng, 150, 100.0)
    b[:20] = a[:20]  # coincident spikes are counted once, in the centre bin
    b = np.unique(b)
    cd = _detector_on(nest, a, b, {"delta_tau": delta_tau, "tau_max": tau_max}, weights=(2.0, -0.5))
    nest.Simulate(120.0)
    want = _pairs(a, b, round(delta_tau * 10), round(tau_max * 10))
    np.testing.assert_array_equal(cd.count_histogram, want)
    np.testing.assert_allclose(cd.histogram, -1.0 * want, atol=1e-9)
    assert list(cd.n_events) == [len(a), len(b)]
    assert len(cd.histogram_correction) == len(want)


def test_bins_are_left_closed_right_open(nest):
    # delta_tau 0.4 ms (4 steps), tau_max 0.8: lags in [-1.0, 1.0) ms are binned
    cd = _detector_on(nest, [100], [90, 91, 109, 110], {"delta_tau": 0.4, "tau_max": 0.8})
    nest.Simulate(20.0)
    assert list(cd.count_histogram) == [2, 0, 0, 0, 1]  # lags -1.0, -0.9 | 0.9; +1.0 not counted


def test_tstart_tstop_and_window(nest):
    rng = np.random.RandomState(2)
    a, b = _train(rng, 100, 60.0), _train(rng, 100, 60.0)
    cd = _detector_on(nest, a, b, {"Tstart": 20.0, "Tstop": 40.0, "delta_tau": 0.5, "tau_max": 2.0})
    win = _detector_on(nest, a, b, {"start": 20.0, "stop": 40.0, "delta_tau": 0.5, "tau_max": 2.0})
    nest.Simulate(70.0)
    # Tstart/Tstop: the arriving (later) spike must be inside; its partner need not be
    edge = 20 + 2.5
    want = np.zeros(9, dtype=np.int64)
    for t1 in a:
        for t2 in b:
            d = t2 - t1
            later = max(t1, t2)
            if -edge <= d < edge and 200 <= later <= 400:
                want[int(np.floor((d + edge) / 5))] += 1
    np.testing.assert_array_equal(cd.count_histogram, want)
    assert list(cd.n_events) == [int(np.sum((a >= 200) & (a <= 400))), int(np.sum((b >= 200) & (b <= 400)))]
    # start/stop: spikes outside (20, 40] do not exist for the detector
    ia, ib = a[(a > 200) & (a <= 400)], b[(b > 200) & (b <= 400)]
    np.testing.assert_array_equal(win.count_histogram, _pairs(ia, ib, 5, 20))


def test_n_events_reset_and_parameter_change_clear(nest, errors):
    rng = np.random.RandomState(3)
    a, b = _train(rng, 50, 30.0), _train(rng, 50, 30.0)
    cd = _detector_on(nest, a, b, {"delta_tau": 0.5, "tau_max": 2.0})
    nest.Simulate(40.0)
    assert cd.count_histogram.sum() > 0
    cd.n_events = [0, 0]
    assert list(cd.n_events) == [0, 0] and cd.count_histogram.sum() == 0 and len(cd.count_histogram) == 9
    with pytest.raises(errors.BadProperty, match="n_events"):
        cd.n_events = [1, 0]
    # NEST 3.10 resizes for the parameters it had before the call ...
    cd.set(tau_max=1.0)
    assert len(cd.count_histogram) == 9 and cd.count_histogram.sum() == 0
    cd.n_events = [0, 0]  # ... and for the current ones on the next clear
    assert len(cd.count_histogram) == 5


def test_errors_name_device_and_parameter(nest, errors, usable):
    cd = nest.Create("correlation_detector")
    with pytest.raises(errors.BadProperty, match=r"delta_tau.*correlation_detector"):
        cd.set(delta_tau=0.25)
    with pytest.raises(errors.BadProperty, match=r"correlation_detector.*tau_max"):
        cd.set(tau_max=0.7)
    with pytest.raises(errors.BadProperty, match=r"delta_tau.*correlation_detector"):
        nest.Create("correlation_detector", params={"delta_tau": 0.05})
    assert cd.delta_tau == pytest.approx(0.5)
    n = nest.Create("parrot_neuron")
    with pytest.raises(errors.IllegalConnection, match="receptor"):
        nest.Connect(n, cd, syn_spec={"receptor_type": 2})
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(cd, n)
    cm = nest.Create("correlomatrix_detector", params={"N_channels": 3})
    nest.Connect(n, cm, syn_spec={"receptor_type": 2})
    with pytest.raises(errors.IllegalConnection, match="receptor"):
        nest.Connect(n, cm, syn_spec={"receptor_type": 3})
    with pytest.raises(errors.BadProperty, match="N_channels"):
        cm.set(N_channels=0)
    with pytest.raises(errors.BadProperty, match="odd"):
        cm.set(delta_tau=0.2)
    assert cm.N_channels == 3
    usable()


def _poisson_parrots(nest, threads, direct=False):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": 7})
    pg = nest.Create("poisson_generator", params={"rate": 200.0})
    parrots = nest.Create("parrot_neuron", 4)
    nest.Connect(pg, parrots, syn_spec={"delay": 1.5})
    cd = nest.Create("correlation_detector", params={"delta_tau": 0.5, "tau_max": 10.0})
    cm = nest.Create("correlomatrix_detector", params={"N_channels": 3, "delta_tau": 0.5, "tau_max": 3.0})
    nest.Connect(parrots[:2], cd, syn_spec={"receptor_type": 0, "delay": 0.5})
    nest.Connect(parrots[2:], cd, syn_spec={"receptor_type": 1, "weight": 0.5})
    for k in range(3):
        nest.Connect(parrots[k], cm, syn_spec={"receptor_type": k})
    if direct:
        nest.Connect(pg, cd, syn_spec={"receptor_type": 1})
        nest.Connect(pg, cm, syn_spec={"receptor_type": 0})
    nest.Simulate(500.0)
    nest.Simulate(250.0)
    return [np.asarray(x).tolist() for x in (cd.count_histogram, cd.histogram, cd.n_events,
                                              cm.count_covariance, cm.covariance, cm.n_events)]


@pytest.mark.parametrize("direct", [False, True])
def test_thread_invariance(nest, direct):
    one = _poisson_parrots(nest, 1, direct)
    assert np.sum(one[0]) > 0
    assert _poisson_parrots(nest, 2, direct) == one


def test_backends_agree(nest):
    if "cuda" not in nest.available_backends():
        pytest.skip("this build has no usable 'cuda' backend")
    results = {}
    for backend in ("cpu", "cuda"):
        nest.ResetKernel()
        nest.SetKernelStatus({"backend": backend, "rng_seed": 3})
        pg = nest.Create("poisson_generator", params={"rate": 300.0})
        parrots = nest.Create("parrot_neuron", 2)
        nest.Connect(pg, parrots)
        cd = nest.Create("correlation_detector")
        nest.Connect(parrots[0], cd, syn_spec={"receptor_type": 0})
        nest.Connect(parrots[1], cd, syn_spec={"receptor_type": 1})
        nest.Connect(pg, cd, syn_spec={"receptor_type": 1})
        nest.Simulate(300.0)
        results[backend] = (cd.count_histogram.tolist(), cd.histogram.tolist(), list(cd.n_events))
    assert sum(results["cpu"][0]) > 0
    assert results["cpu"] == results["cuda"]


def test_independent_poisson_trains_give_a_flat_histogram(nest):
    nest.SetKernelStatus({"rng_seed": 11})
    rate, t_sim, tau_max, dtau = 50.0, 20000.0, 20.0, 1.0
    pgs = nest.Create("poisson_generator", 2, params={"rate": rate})
    parrots = nest.Create("parrot_neuron", 2)
    nest.Connect(pgs, parrots, "one_to_one")
    cd = nest.Create("correlation_detector", params={"delta_tau": dtau, "tau_max": tau_max,
                                                      "Tstart": tau_max, "Tstop": t_sim - tau_max})
    nest.Connect(parrots[0], cd, syn_spec={"receptor_type": 0})
    nest.Connect(parrots[1], cd, syn_spec={"receptor_type": 1})
    nest.Simulate(t_sim)
    hist = cd.count_histogram
    n0, n1 = cd.n_events
    expected = n1 * (n0 / (t_sim - 2 * tau_max)) * dtau  # pairs per bin
    assert abs(np.mean(hist) - expected) < 0.05 * expected
    assert np.all(np.abs(hist - expected) < 5 * np.sqrt(expected))  # flat: no peak
    assert abs(n0 - rate * (t_sim - 2 * tau_max) / 1000.0) < 5 * np.sqrt(n0)


def test_mip_copies_give_a_central_peak(nest):
    nest.SetKernelStatus({"rng_seed": 12})
    nu, p, t_sim = 100.0, 0.5, 20000.0
    mg = nest.Create("mip_generator", params={"rate": nu, "p_copy": p})
    parrots = nest.Create("parrot_neuron", 2)
    nest.Connect(mg, parrots)
    cd = nest.Create("correlation_detector", params={"delta_tau": 1.0, "tau_max": 10.0})
    nest.Connect(parrots[0], cd, syn_spec={"receptor_type": 0})
    nest.Connect(parrots[1], cd, syn_spec={"receptor_type": 1})
    nest.Simulate(t_sim)
    hist = cd.count_histogram
    background = (p * nu) ** 2 * t_sim / 1000.0 * 1e-3 * 1.0  # rate^2 * T * bin, per bin
    coincident = p * p * nu * t_sim / 1000.0                  # shared copies, all at lag 0
    side = np.delete(hist, 10)
    assert abs(np.mean(side) - background) < 0.1 * background
    assert abs(hist[10] - background - coincident) < 0.1 * coincident


def test_correlomatrix_counts(nest):
    # one channel-0 spike train: each spike pairs with itself (lag 0) and with the
    # others; a channel-1 train shifted by 1.0 ms
    a = [1.0, 2.0, 5.0]
    g0 = nest.Create("spike_generator", params={"spike_times": a})
    g1 = nest.Create("spike_generator", params={"spike_times": [t + 1.0 for t in a]})
    cm = nest.Create("correlomatrix_detector", params={"N_channels": 2, "delta_tau": 0.5, "tau_max": 2.0})
    nest.Connect(g0, cm, syn_spec={"receptor_type": 0, "weight": 2.0})
    nest.Connect(g1, cm, syn_spec={"receptor_type": 1})
    nest.Simulate(10.0)
    cc = np.asarray(cm.count_covariance)
    assert cc.shape == (2, 2, 5)
    assert cc[0, 0, 0] == 3 and cc[1, 1, 0] == 3  # every spike with itself
    assert cc[0, 0, 2] == 1  # 1.0 -> 2.0: lag 1.0 ms, bin 2
    assert np.asarray(cm.covariance)[0, 0, 0] == pytest.approx(3 * 4.0)
    assert list(cm.n_events) == [3, 3]
    assert cc[1, 0].sum() + cc[0, 1].sum() > 0


def test_screen_backend_prints_events_as_nest(nest, capfd):
    g = nest.Create("spike_generator", params={"spike_times": [1.0, 2.5]})
    sr = nest.Create("spike_recorder", params={"record_to": "screen"})
    nest.Connect(g, sr)
    n = nest.Create("iaf_psc_alpha")
    mm = nest.Create("multimeter", params={"record_to": "screen", "record_from": ["V_m"], "interval": 1.0})
    nest.Connect(mm, n)
    nest.Simulate(3.0)
    out = capfd.readouterr().out.splitlines()
    assert "1\t1.000" in out and "1\t2.500" in out
    assert "3\t1.000\t-70.000" in out and "3\t2.000\t-70.000" in out
    assert sr.n_events == 2
    sr.set(precision=1)
    nest.Simulate(1.0)


def test_ascii_options(nest, tmp_path, errors):
    nest.SetKernelStatus({"data_path": str(tmp_path), "data_prefix": "pre_"})
    g = nest.Create("spike_generator", params={"spike_times": [1.0, 2.5]})
    sr = nest.Create("spike_recorder", params={"record_to": "ascii", "label": "lab", "file_extension": "txt",
                                               "precision": 5})
    nest.Connect(g, sr)
    nest.Simulate(3.0)
    (name,) = sr.filenames
    assert os.path.basename(name) == "pre_lab-2-0.txt"
    lines = open(name).read().splitlines()
    assert lines[2] == "sender\ttime_ms" and lines[3:] == ["1\t1.00000", "1\t2.50000"]
    nest.ResetKernel()
    nest.SetKernelStatus({"data_path": str(tmp_path), "data_prefix": "pre_"})
    g = nest.Create("spike_generator", params={"spike_times": [1.0]})
    sr = nest.Create("spike_recorder", params={"record_to": "ascii", "label": "lab", "file_extension": "txt"})
    nest.Connect(g, sr)
    with pytest.raises(errors.KernelException, match="already exists"):
        nest.Simulate(3.0)
    nest.overwrite_files = True
    nest.Simulate(3.0)
    assert open(name).read().splitlines()[3:] == ["1\t1.000"]


def test_weight_recorder_ascii_columns_as_nest(nest, tmp_path):
    # NEST 3.10: the weight (double, precision digits), then target, receptor, port (integers)
    nest.SetKernelStatus({"data_path": str(tmp_path)})
    wr = nest.Create("weight_recorder", params={"record_to": "ascii"})
    nest.CopyModel("stdp_synapse", "stdp_rec", {"weight_recorder": wr})
    sg = nest.Create("spike_generator", params={"spike_times": [1.0, 3.0]})
    p = nest.Create("parrot_neuron")
    n = nest.Create("iaf_psc_alpha")
    nest.Connect(sg, p)
    nest.Connect(p, n, syn_spec={"synapse_model": "stdp_rec", "weight": 2.5})
    nest.Simulate(6.0)
    lines = open(wr.filenames[0]).read().splitlines()
    assert lines[2:] == ["sender\ttime_ms\tweights\ttargets\treceptors\tports",
                         "3\t2.000\t2.500\t4\t0\t0", "3\t4.000\t2.500\t4\t0\t0"]
