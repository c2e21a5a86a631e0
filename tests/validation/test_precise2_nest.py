# SPDX-License-Identifier: GPL-2.0-or-later
"""iaf_psc_delta_ps, parrot_neuron_ps and spike_generator's precise_times
against NEST 3.10 (precise2_cases.py; the recording is made by
tools/nest_reference/gen_precise2.py), on each backend of the build.

All of it is deterministic and exact in NEST (exact propagation between
events, the crossing time in closed form, offsets repeated unchanged), so
stamps and senders agree exactly, offsets and times to 1e-10 ms and V_m to
1e-9 mV (README, exact-integration models).
"""

import json
import pathlib

import numpy as np
import pytest

import precise2_cases
from backend_configs import backends as _backends, on as _on

DATA = pathlib.Path(__file__).parent / "data" / "precise2_models.json"
REF = json.loads(DATA.read_text())


def _rows(case):
    """(stamp, sender, offset, time) sorted: within a min_delay slice NEST's
    recorder lists the events sender by sender, Roost step by step."""
    return sorted(zip(case["stamps"], case["senders"], case["offsets"], case["times"]))


def _same_spikes(got, want, label):
    g, w = _rows(got), _rows(want)
    assert [(s[0], s[1]) for s in g] == [(s[0], s[1]) for s in w], label
    np.testing.assert_allclose([s[2] for s in g], [s[2] for s in w], rtol=0, atol=1e-10, err_msg=label)
    np.testing.assert_allclose([s[3] for s in g], [s[3] for s in w], rtol=0, atol=1e-10, err_msg=label)


def _skip_threads(backend, threads):
    if backend == "cuda" and threads > 1:
        pytest.skip("the CUDA backend does not split work by threads")


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("case", precise2_cases.DELTA_CASES)
def test_iaf_psc_delta_ps_matches_nest(nest, case, threads, backend):
    _skip_threads(backend, threads)
    got = precise2_cases.run_delta_case(nest, case, threads, setup=_on(backend))
    want = REF["delta"][case]
    assert len(want["times"]) > 4, "the case must make the neurons fire"
    _same_spikes(got, want, case)
    order = lambda vm: sorted(range(len(vm["times"])), key=lambda k: (vm["senders"][k], vm["times"][k]))  # noqa: E731
    gv, wv = got["vm"], want["vm"]
    go, wo = order(gv), order(wv)
    assert [gv["senders"][k] for k in go] == [wv["senders"][k] for k in wo]
    np.testing.assert_allclose([gv["times"][k] for k in go], [wv["times"][k] for k in wo], rtol=0, atol=1e-9)
    np.testing.assert_allclose([gv["V_m"][k] for k in go], [wv["V_m"][k] for k in wo], rtol=0, atol=1e-9, err_msg=case)
    np.testing.assert_allclose(got["state"]["V_m"], want["state"]["V_m"], rtol=0, atol=1e-9)
    assert got["is_refractory"] == want["is_refractory"]


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("tics", [None, 64])
def test_parrot_neuron_ps_chain_matches_nest(nest, tics, threads, backend):
    # Up to five spikes of one parrot within one step, each with its offset,
    # multiplicities, port 1 ignored, a parrot behind a parrot, and a
    # precise neuron driven by a parrot.
    _skip_threads(backend, threads)
    got = precise2_cases.run_parrot_chain(nest, threads, setup=_on(backend), tics_per_ms=tics)
    want = REF["parrot_chain" if tics is None else "parrot_chain_tics"]
    _same_spikes(got, want, f"parrot chain tics={tics}")


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("threads", [1, 2])
def test_spike_generator_precise_times_matches_nest(nest, threads, backend):
    _skip_threads(backend, threads)
    got = precise2_cases.run_generator_to_delta(nest, threads, setup=_on(backend))
    _same_spikes(got, REF["generator_to_delta"], "spike_generator precise_times")


def _pooled(summaries):
    """Pools per-seed summaries (means weighted by spike counts)."""
    n = np.array([s["n_spikes"] for s in summaries], dtype=float)
    w = n / n.sum()
    return {"n_spikes": n.sum(), "isi_mean": float(np.dot(w, [s["isi_mean"] for s in summaries])),
            "isi_cv": float(np.dot(w, [s["isi_cv"] for s in summaries])),
            "isi_min": min(s["isi_min"] for s in summaries),
            "isi_quantiles": np.average([s["isi_quantiles"] for s in summaries], axis=0, weights=w),
            "offset_mean": float(np.dot(w, [s["offset_mean"] for s in summaries])),
            "first": min(s["first"] for s in summaries), "last": max(s["last"] for s in summaries)}


@pytest.mark.parametrize("backend", _backends())
def test_poisson_generator_ps_statistics_match_nest(nest, backend):
    # Five seeds of 20 independent trains, 1 s at 400 Hz with a 1 ms dead
    # time: about 40000 spikes. Bounds are about 4 standard errors: a wrong
    # rate, a missing or shifted dead time, a non-exponential excess or
    # offsets on the grid fail them.
    want = _pooled([REF["poisson_ps"][str(s)] for s in precise2_cases.PS_SEEDS])
    got = _pooled([precise2_cases.poisson_ps_summary(precise2_cases.run_poisson_ps(nest, s, setup=_on(backend)))
                   for s in precise2_cases.PS_SEEDS])
    rate = 1000.0 / precise2_cases.PS_RATE
    for stats in (want, got):
        assert stats["isi_mean"] == pytest.approx(rate, rel=0.02)  # 1/rate, dead time included
        # CV of dead time + exponential: (1/rate - dead) / (1/rate).
        assert stats["isi_cv"] == pytest.approx((rate - precise2_cases.PS_DEAD) / rate, rel=0.03)
        assert stats["isi_min"] >= precise2_cases.PS_DEAD - 1e-9
        assert stats["isi_min"] < precise2_cases.PS_DEAD + 0.01
        assert stats["offset_mean"] == pytest.approx(0.5, abs=0.01)  # offsets uniform within the step
        # The window (100, 1100] ms and the 1 ms delay.
        assert 101.0 < stats["first"] < 101.5 and 1100.5 < stats["last"] <= 1101.0
    assert got["isi_mean"] == pytest.approx(want["isi_mean"], rel=0.02)
    assert got["isi_cv"] == pytest.approx(want["isi_cv"], rel=0.03)
    # The ISI law: quantiles of the pooled ISIs agree (5 % to 95 %).
    np.testing.assert_allclose(got["isi_quantiles"], want["isi_quantiles"], rtol=0.03)


@pytest.mark.parametrize("backend", _backends())
def test_poisson_generator_ps_threads_same_trains(nest, backend):
    if backend == "cuda":
        pytest.skip("the CUDA backend does not split work by threads")
    a = precise2_cases.run_poisson_ps(nest, 7, threads=1, setup=_on(backend))
    b = precise2_cases.run_poisson_ps(nest, 7, threads=2, setup=_on(backend))
    assert _rows(a) == _rows(b)


def test_poisson_generator_ps_same_trains_on_both_backends(nest):
    backends = _backends()
    if "cuda" not in backends:
        pytest.skip("no CUDA backend in this build")
    a = precise2_cases.run_poisson_ps(nest, 7, setup=_on("cpu"))
    b = precise2_cases.run_poisson_ps(nest, 7, setup=_on("cuda"))
    assert _rows(a) == _rows(b)


@pytest.mark.parametrize("backend", _backends())
@pytest.mark.parametrize("threads", [1, 2])
@pytest.mark.parametrize("case", precise2_cases.LOSSLESS_CASES)
def test_iaf_psc_exp_ps_lossless_matches_nest(nest, case, threads, backend):
    _skip_threads(backend, threads)
    got = precise2_cases.run_lossless_case(nest, case, threads, setup=_on(backend))
    want = REF["lossless"][case]
    if case != "grazing":  # grazing: V comes within 2 mV of threshold in every volley, no spike
        assert len(want["times"]) > 4, "the case must make the neurons fire"
    _same_spikes(got, want, case)
    order = lambda vm: sorted(range(len(vm["times"])), key=lambda k: (vm["senders"][k], vm["times"][k]))  # noqa: E731
    gv, wv = got["vm"], want["vm"]
    go, wo = order(gv), order(wv)
    assert [gv["senders"][k] for k in go] == [wv["senders"][k] for k in wo]
    np.testing.assert_allclose([gv["times"][k] for k in go], [wv["times"][k] for k in wo], rtol=0, atol=1e-9)
    np.testing.assert_allclose([gv["V_m"][k] for k in go], [wv["V_m"][k] for k in wo], rtol=0, atol=1e-9, err_msg=case)
    np.testing.assert_allclose([gv["I_syn"][k] for k in go], [wv["I_syn"][k] for k in wo], rtol=1e-9, atol=1e-9)
    for key, values in want["state"].items():
        np.testing.assert_allclose(got["state"][key], values, rtol=1e-9, atol=1e-9, err_msg=f"{case} {key}")


@pytest.mark.parametrize("backend", _backends())
def test_iaf_psc_exp_ps_lossless_instability_as_nest(nest, backend):
    assert REF["lossless_instability"] == "NumericalInstability"
    assert precise2_cases.run_lossless_instability(nest, setup=_on(backend)) == "NumericalInstability"
    nest.ResetKernel()  # the kernel stays usable
    nest.Create("iaf_psc_exp_ps_lossless")
    nest.Simulate(1.0)
