# SPDX-License-Identifier: GPL-2.0-or-later
"""Simulate, Prepare/Run/Cleanup, recorders and their events."""

import math

import numpy as np
import pytest


def first_spike_time(p, h):
    """First threshold crossing of iaf_psc_alpha driven by I_e alone, on the grid.

    From rest V = E_L the membrane follows V(t) = E_L + R I_e (1 - exp(-t/tau_m))
    with R = tau_m / C_m. It crosses V_th at t* = tau_m ln(R I / (R I - (V_th - E_L)));
    NEST's exact integration emits the spike at the end of the step that reaches V_th.
    """
    r_i = p["tau_m"] / p["C_m"] * p["I_e"]
    t_star = p["tau_m"] * math.log(r_i / (r_i - (p["V_th"] - p["E_L"])))
    return math.ceil(t_star / h - 1e-9) * h


def test_iaf_psc_alpha_dc_spike_times(nest):
    n = nest.Create("iaf_psc_alpha", params={"I_e": 376.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(200.0)
    p = n.get(["tau_m", "C_m", "I_e", "V_th", "E_L", "t_ref"])
    h = nest.resolution
    t1 = first_spike_time(p, h)
    assert t1 == pytest.approx(59.3)  # tau_m ln(376) = 59.296 ms
    # After a spike V is clamped to V_reset = E_L for t_ref, then the same rise repeats.
    period = p["t_ref"] + t1
    times = sr.events["times"]
    expected = [t1 + k * period for k in range(3)]
    assert len(times) == 3
    assert times == pytest.approx(expected, abs=1e-9)
    assert sr.events["senders"].tolist() == [n.global_id] * 3
    assert sr.n_events == 3


def test_below_threshold_current_never_spikes(nest):
    # R I = 0.04 GOhm * 374 pA = 14.96 mV < 15 mV
    n = nest.Create("iaf_psc_alpha", params={"I_e": 374.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(500.0)
    assert sr.n_events == 0
    assert n.V_m == pytest.approx(-70.0 + 14.96, abs=1e-3)


def test_simulate_twice_continues_and_accumulates(nest):
    n = nest.Create("iaf_psc_alpha", params={"I_e": 376.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(100.0)
    assert nest.biological_time == pytest.approx(100.0)
    assert sr.n_events == 1
    nest.Simulate(100.0)
    assert nest.biological_time == pytest.approx(200.0)
    assert sr.n_events == 3
    assert sr.get("events", "times") == pytest.approx([59.3, 120.6, 181.9])


def test_prepare_run_cleanup_equals_simulate(nest):
    def spikes(run):
        nest.ResetKernel()
        n = nest.Create("iaf_psc_alpha", params={"I_e": 400.0})
        sr = nest.Create("spike_recorder")
        nest.Connect(n, sr)
        run()
        return sr.events["times"].tolist()

    reference = spikes(lambda: nest.Simulate(150.0))

    def in_pieces():
        nest.Prepare()
        for _ in range(3):
            nest.Run(50.0)
        nest.Cleanup()

    def with_manager():
        with nest.RunManager():
            nest.Run(75.0)
            nest.Run(75.0)

    assert spikes(in_pieces) == pytest.approx(reference)
    assert spikes(with_manager) == pytest.approx(reference)
    assert nest.biological_time == pytest.approx(150.0)


def test_print_time_progress(nest, capfd):
    n = nest.Create("iaf_psc_alpha", params={"I_e": 376.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.print_time = True
    nest.Simulate(100.0)
    out = capfd.readouterr().out
    assert "100%" in out and "Model time: 100.0 ms" in out
    assert sr.events["times"].tolist() == pytest.approx([59.3])


def test_n_events_zero_clears(nest, errors):
    n = nest.Create("iaf_psc_alpha", params={"I_e": 376.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(100.0)
    assert sr.n_events == 1
    sr.n_events = 0
    assert sr.n_events == 0
    assert len(sr.events["times"]) == 0
    with pytest.raises(errors.BadProperty):
        sr.n_events = 5
    nest.Simulate(100.0)
    assert sr.events["times"] == pytest.approx([120.6, 181.9])


def test_recorder_get_forms(nest):
    n = nest.Create("iaf_psc_alpha", 2, params={"I_e": 376.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(70.0)
    ev = sr.get("events")
    assert set(ev) >= {"senders", "times"}
    assert isinstance(ev["times"], np.ndarray) and ev["senders"].dtype.kind == "i"
    times = sr.get("events", "times")
    assert isinstance(times, np.ndarray) and times.tolist() == pytest.approx([59.3, 59.3])
    both = sr.get("events", ["senders", "times"])
    assert sorted(both["senders"].tolist()) == [1, 2]
    assert sr.events["senders"].tolist() == ev["senders"].tolist()
    assert nest.GetStatus(sr)[0]["events"]["senders"].tolist() == ev["senders"].tolist()
    assert nest.GetStatus(sr, "n_events") == (2,)
    assert sr.get("n_events") == 2


def test_several_recorders_give_tuples(nest):
    n = nest.Create("iaf_psc_alpha", params={"I_e": 376.0})
    srs = nest.Create("spike_recorder", 2)
    nest.Connect(n, srs)
    nest.Simulate(70.0)
    ev = srs.get("events")
    assert isinstance(ev, tuple) and len(ev) == 2
    times = srs.get("events", "times")
    assert isinstance(times, tuple) and times[1].tolist() == pytest.approx([59.3])
    assert srs.n_events == (1, 1)


def assert_stamps(times, interval, t_end, min_delay=1.0):
    """Samples at interval, 2 interval, ... up to t_end - min_delay: as NEST, the
    samples of the last min-delay slice (t_end - min_delay, t_end] arrive with
    the next Simulate."""
    expected = np.arange(interval, t_end - min_delay + 1e-9, interval)
    assert np.asarray(times).tolist() == pytest.approx(expected.tolist())


def test_voltmeter_and_multimeter(nest):
    n = nest.Create("iaf_psc_alpha", 2, params={"I_e": [0.0, 200.0]})
    vm = nest.Create("voltmeter")
    mm = nest.Create("multimeter", {"record_from": ["V_m"], "interval": 0.5})
    nest.Connect(vm, n)
    nest.Connect(mm, n)
    nest.Simulate(20.0)
    ev = vm.events
    assert set(ev) >= {"senders", "times", "V_m"}
    first = ev["senders"] == 1
    # First sample at t = interval; those of the last min-delay slice (here
    # (19, 20]: the multimeter's connections count, delay 1 ms) come later.
    assert_stamps(ev["times"][first], 1.0, 20.0)
    assert np.allclose(ev["V_m"][first], -70.0)
    v2 = ev["V_m"][ev["senders"] == 2]
    t2 = ev["times"][ev["senders"] == 2]
    expected = -70.0 + 0.04 * 200.0 * (1.0 - np.exp(-t2 / 10.0))
    assert np.allclose(v2, expected, atol=1e-9)
    mev = mm.get("events")
    assert_stamps(mev["times"][mev["senders"] == 1], 0.5, 20.0)
    assert vm.get("events", "V_m").shape == ev["V_m"].shape
    nest.Simulate(5.0)  # the withheld samples arrive first
    assert_stamps(vm.events["times"][vm.events["senders"] == 1], 1.0, 25.0)


def test_spike_generator_and_recorder(nest):
    sg = nest.Create("spike_generator", params={"spike_times": [10.0, 30.0]})
    p = nest.Create("parrot_neuron")
    sr = nest.Create("spike_recorder")
    nest.Connect(sg, p)
    nest.Connect(p, sr)
    nest.Simulate(50.0)
    assert sr.events["times"].tolist() == pytest.approx([11.0, 31.0])


def test_simulate_errors(nest, errors, usable):
    with pytest.raises(errors.TypeMismatch):
        nest.Simulate("long")
    with pytest.raises(errors.BadProperty):
        nest.Simulate(-5.0)
    with pytest.raises(errors.NESTError):
        nest.Simulate(0.05)  # not a multiple of the resolution
    assert nest.biological_time == 0.0
    usable()


def test_simulate_zero(nest):
    nest.Simulate(0.0)
    assert nest.biological_time == 0.0


def test_kernel_timers_present(nest):
    n = nest.Create("iaf_psc_alpha", 10)
    nest.Connect(n, n)
    nest.Simulate(10.0)
    status = nest.GetKernelStatus()
    for key in ("time_construction_create", "time_construction_connect", "time_simulate"):
        assert status[key] >= 0.0


def test_ascii_recording(nest, tmp_path):
    nest.data_path = str(tmp_path)
    nest.overwrite_files = True
    n = nest.Create("iaf_psc_alpha", params={"I_e": 376.0})
    sr = nest.Create("spike_recorder", params={"record_to": "ascii", "label": "spikes"})
    nest.Connect(n, sr)
    nest.Simulate(100.0)
    files = sr.filenames
    assert len(files) == 1 and files[0].endswith(".dat")
    lines = open(files[0]).read().splitlines()
    assert len(lines) == 4  # 3 header lines, one spike
    sender, time = lines[3].split()
    assert int(sender) == 1 and float(time) == pytest.approx(59.3)


def test_ascii_recording_writes_one_file_per_virtual_process(nest, tmp_path):
    # NEST's layout: <label>-<gid>-<vp>.dat per VP, each with the events of
    # the neurons on that VP; together they hold what one file would.
    nest.SetKernelStatus({"local_num_threads": 2, "data_path": str(tmp_path), "overwrite_files": True})
    n = nest.Create("iaf_psc_alpha", 6, params={"I_e": 500.0})
    sr = nest.Create("spike_recorder", params={"record_to": "ascii", "label": "vps"})
    nest.Connect(n, sr)
    nest.Simulate(100.0)
    files = sorted(sr.filenames)
    assert [f.rsplit("/", 1)[1] for f in files] == ["vps-7-0.dat", "vps-7-1.dat"]
    senders_per_file = []
    for f in files:
        rows = [line.split() for line in open(f).read().splitlines()[3:]]
        senders_per_file.append({int(r[0]) for r in rows})
    vps = {int(g): vp for g, vp in zip(n.global_id, n.get("vp"))}
    for vp, senders in enumerate(senders_per_file):
        assert all(vps[g] == vp for g in senders)  # (the CUDA backend puts every neuron on VP 0)
    assert set().union(*senders_per_file) == set(vps)
    assert sr.n_events == sum(len(open(f).read().splitlines()) - 3 for f in files)
