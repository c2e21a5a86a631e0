# SPDX-License-Identifier: GPL-2.0-or-later
"""Brunel (2000) network statistics against NEST (network/brunel_*.json).

For each regime file the network of ``protocol.params`` is built in Roost
(network definition: README section 3; construction in
network_stats.run_brunel), run on ``protocol.local_num_threads`` threads
with each of the file's seeds (Roost's own random streams, so these are
independent realisations, not NEST's), and the statistics of
``statistics_definitions`` are compared seed-mean against seed-mean:
|mean_Roost - mean_NEST| <= max(3 sqrt(std_NEST^2 + std_Roost^2), floor)
with floors 5 % (rates), 0.05 (CV of ISI), 20 % (Fano factors) and 15 Hz
(PSD peak, only where NEST's seeds agree on a clear peak).  The remaining
statistics are printed for information.

The g=5 regimes brunel_delta_AI, brunel_exp_AI and brunel_alpha_AI run by
default; every other brunel_*.json (SR, SI-fast, V_reset=0, future files)
is marked slow: ``pytest tests/validation/test_brunel.py -m slow``.
"""

import json

import numpy as np
import pytest

import network_stats as ns


def load(path):
    with open(path, encoding="utf-8") as fh:
        return json.load(fh)


def test_file_weights_follow_the_stated_derivation(brunel_file):
    """The file's J_ex is the PSC amplitude whose PSP peaks at J (README 3),
    and its Poisson rate is eta * nu_th * CE.  No Roost needed."""
    params = load(brunel_file)["protocol"]["params"]
    j_ex, j_in, derived = ns.brunel_weights(params)
    assert j_ex == pytest.approx(derived, rel=1e-6)
    assert j_in == pytest.approx(-params["g"] * j_ex, rel=1e-15)
    assert params["poisson_rate"] == pytest.approx(ns.poisson_rate(params), rel=1e-12)


def test_statistics_on_synthetic_trains():
    """network_stats on spike trains with known answers.  No Roost needed."""
    rng = np.random.default_rng(5)
    res, t0, t1 = 0.1, 100.0, 1100.0
    # E: 400 Poisson neurons at 40 Hz on the grid; I: 100 regular at 50 Hz
    ne, ni = 400, 100
    times, senders = [], []
    steps = np.arange(int(t0 / res) + 1, int(t1 / res) + 1)
    for i in range(ne):
        fired = steps[rng.random(len(steps)) < 40.0 * res / 1000.0]
        times.append(fired * res)
        senders.append(np.full(len(fired), 1 + i))
    for i in range(ni):
        k = np.arange(int(t0 / res) + 1 + 7 * i % 200, int(t1 / res) + 1, 200)
        times.append(k * res)
        senders.append(np.full(len(k), 1 + ne + i))
    # spikes outside the window and of other nodes must be ignored
    times.append(np.array([50.0, 100.0, 1100.1, 500.0]))
    senders.append(np.array([1, 2, 3, 9999]))
    st = ns.brunel_statistics(np.concatenate(times), np.concatenate(senders), 1, ne, ni,
                              t0, t1, res)
    assert st["rate_E"] == pytest.approx(40.0, rel=0.03)
    assert st["cv_isi_mean_E"] == pytest.approx(1.0, abs=0.05)        # Poisson
    # var with ddof=0 over ten windows: E[var] = 0.9 mean for Poisson counts
    assert st["fano_neuron_100ms_mean_E"] == pytest.approx(0.9, abs=0.06)
    assert st["fano_pop_1ms_E"] == pytest.approx(1.0, abs=0.1)
    assert st["rate_I"] == pytest.approx(50.0, rel=1e-12)              # 50 spikes each
    assert st["cv_isi_mean_I"] == pytest.approx(0.0, abs=1e-9)         # regular
    assert st["cv_isi_n_neurons_I"] == ni
    assert st["fano_neuron_100ms_mean_I"] == pytest.approx(0.0, abs=1e-12)
    assert st["frac_silent_E"] == 0.0
    assert st["n_spikes"] == sum(len(t) for t in times[:-1])
    # regular 20 ms period in I with E Poisson: no 10+ Hz peak dominates at 0
    assert st["psd_peak_freq_Hz"] >= ns.PSD_FMIN_HZ
    # a population oscillating at 100 Hz shows its peak there
    k = np.arange(1001, 11001)
    p = 0.5 * (1 + np.sin(2 * np.pi * 100.0 * k * res / 1000.0))
    t_osc, s_osc = [], []
    for i in range(ne + ni):
        fired = k[rng.random(len(k)) < 0.02 * p]
        t_osc.append(fired * res)
        s_osc.append(np.full(len(fired), 1 + i))
    st = ns.brunel_statistics(np.concatenate(t_osc), np.concatenate(s_osc), 1, ne, ni,
                              t0, t1, res)
    assert abs(st["psd_peak_freq_Hz"] - 100.0) <= 4.0
    assert st["psd_total_power_10_1000Hz"] == pytest.approx(st["pop_rate_std_Hz_0p5ms"] ** 2, rel=0.1)


def test_comparison_rule_accepts_nest_and_rejects_shifts(brunel_file):
    """NEST's own per-seed runs pass the rule; a 10 % rate shift fails."""
    ref = load(brunel_file)
    rows = ns.compare_with_reference(ref, ref["per_seed"])
    assert not [r for r in rows if r[-1] == "FAIL"], ns.format_table("NEST vs NEST", rows)
    shifted = [dict(r, rate_E=r["rate_E"] * 1.1) for r in ref["per_seed"]]
    rows = ns.compare_with_reference(ref, shifted)
    assert [r[0] for r in rows if r[-1] == "FAIL"] == ["rate_E"]


def test_brunel_statistics(nest, brunel_case, capsys):
    ref = load(brunel_case)
    proto = ref["protocol"]
    t_start = float(proto["warmup_ms"])
    t_stop = t_start + float(proto["analysis_ms"])
    runs, timing = [], []
    for seed in proto["seeds"]:
        out = ns.run_brunel(nest, proto, seed)
        st = ns.brunel_statistics(out["times"], out["senders"], out["first_id"], out["NE"],
                                  out["NI"], t_start, t_stop, float(proto["resolution"]))
        runs.append(st)
        timing.append(f"  seed {seed}: build {out['build_s']:.1f} s, simulate "
                      f"{t_stop:g} ms in {out['sim_s']:.1f} s, {st['n_spikes']} spikes in window")
    rows = ns.compare_with_reference(ref, runs)
    table = ns.format_table(
        f"{ref['name']}: Roost ({len(runs)} seeds, {proto['local_num_threads']} threads) vs NEST "
        f"{ref.get('nest_version', '')} ({len(ref['per_seed'])} seeds); "
        f"PSD peak {'tested' if ns.has_clear_psd_peak(ref) else 'not tested (no clear peak)'}",
        rows, ["Roost timing:"] + timing)
    with capsys.disabled():
        print("\n" + table)
    failed = [r[0] for r in rows if r[-1] == "FAIL"]
    if failed:
        pytest.fail(f"{ref['name']}: {', '.join(failed)} outside tolerance\n{table}", pytrace=False)
