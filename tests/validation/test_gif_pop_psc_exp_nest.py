# SPDX-License-Identifier: GPL-2.0-or-later
"""gif_pop_psc_exp against NEST 3.10 (protocols: gif_pop_network.py, data:
tools/nest_reference/gen_gif_pop_psc_exp.py).

Deterministic parts sample by sample: the free membrane potential, PSCs and
E_sfa of a node that never fires, and of a firing node its potential, PSCs,
and E_sfa and expected count `mean` up to its first spike (later values
depend on the random counts). Stochastic parts by README-models2.md's
seed_means rule (z = 3.5, 1 % floor) over five seeds: rates before and after
the current step, the fluctuation of the 1 ms activity and the mean expected
rate of both populations of NEST's example network, and the count variance
of Poisson draws (1 per expected spike; binomial draws give 0.88)."""

import json
import pathlib

import numpy as np
import pytest

import gif_pop_network as net

DATA = pathlib.Path(__file__).parent / "data" / "gif_pop_psc_exp.json"


@pytest.fixture(scope="module")
def ref():
    return json.loads(DATA.read_text())


def _common(got, want):
    common = sorted(set(got["times"]) & set(want["times"]))
    assert len(common) >= len(want["times"]) - 10
    return [got["times"].index(t) for t in common], [want["times"].index(t) for t in common]


def _close(got, want, key, ig, ir, upto=None):
    a = np.asarray(got[key])[ig][:upto]
    b = np.asarray(want[key])[ir][:upto]
    np.testing.assert_allclose(a, b, rtol=1e-9, atol=1e-9, err_msg=key)


@pytest.mark.parametrize("threads", [1, 2])
def test_deterministic_traces(nest, ref, threads):
    want = ref["deterministic"]
    got = net.deterministic(nest, threads=threads)
    assert got["len_kernel"] == want["len_kernel"] == [200, 2537]
    (quiet, firing) = sorted(want["traces"], key=int)
    g, w = got["traces"][quiet], want["traces"][quiet]
    ig, ir = _common(g, w)
    for key in ("V_m", "I_syn_ex", "I_syn_in", "E_sfa", "mean", "n_events"):
        _close(g, w, key, ig, ir)
    assert max(w["E_sfa"]) - min(w["E_sfa"]) > 1.0  # the initial population passed through the kernel
    g, w = got["traces"][firing], want["traces"][firing]
    ig, ir = _common(g, w)
    for key in ("V_m", "I_syn_ex", "I_syn_in"):
        _close(g, w, key, ig, ir)
    first = min(int(np.argmax(np.asarray(g["n_events"])[ig] > 0)), int(np.argmax(np.asarray(w["n_events"])[ir] > 0)))
    assert first > 1000 and max(w["mean"][:first]) > 1e-3
    for key in ("E_sfa", "mean"):
        _close(g, w, key, ig, ir, upto=first + 1)


def _replay(nest, fn, **kw):
    return [fn(nest, s, **kw) for s in net.REPLAY_SEEDS]


def test_example_network_statistics(nest, ref):
    failed, ratios = net.rule_failures(ref["example"]["summary"], _replay(nest, net.example_stats))
    assert not failed, ratios


def test_poisson_count_statistics(nest, ref):
    failed, ratios = net.rule_failures(ref["poisson"]["summary"], _replay(nest, net.poisson_stats))
    assert not failed, ratios


def test_rule_catches_a_wrong_model(nest, ref):
    """The bounds are tight enough: as in NEST's own self-test, a 10 % longer
    tau_m and binomial instead of Poisson draws fail."""
    failed, _ = net.rule_failures(ref["example"]["summary"], _replay(nest, net.example_stats, perturb={"tau_m": 1.1}))
    assert "rate_E" in failed
    failed, _ = net.rule_failures(ref["poisson"]["summary"], _replay(nest, net.poisson_stats, binorand=True))
    assert "excess_var" in failed
