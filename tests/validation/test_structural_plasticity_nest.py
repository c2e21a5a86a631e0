# SPDX-License-Identifier: GPL-2.0-or-later
"""Structural plasticity against NEST 3.10 (structural_cases.py; recorded by
tools/nest_reference/gen_structural.py), on each backend and for 1 and 2
threads.

The calcium traces and the growth of synaptic elements are deterministic
(NEST's closed form for the linear curve, its forward-Euler steps for the
others) and agree to rounding. Rewiring draws its partners at random (Roost
from its keyed streams, NEST from its own generator), so the rewiring cases
compare what the elements alone decide: how many connections are made and
lost, and the bound elements on the side whose losses are given. The
example network (slow) is compared by its mean calcium and connection counts
over three seeds, within the seed-to-seed spread."""

import json
import pathlib

import numpy as np
import pytest

import structural_cases
from backend_configs import backends as _backends, on as _on

REF = json.loads((pathlib.Path(__file__).parent / "data" / "structural.json").read_text())


CONFIGS = [(b, t) for b in _backends() for t in ([1] if b == "cuda" else [1, 2])]


@pytest.mark.parametrize("backend,threads", CONFIGS)
def test_calcium_and_element_growth_match_nest(nest, backend, threads):
    got = structural_cases.run_traces(nest, threads, setup=_on(backend))
    want = REF["traces"]
    assert got["spikes"] == want["spikes"]
    assert got["t"] == want["t"]
    for key in ("Ca", "Axon", "Den"):
        np.testing.assert_allclose(got[key], want[key], rtol=1e-10, atol=1e-12, err_msg=key)
    # The elements moved both ways, so each curve's sign changes were exercised.
    axon = np.array(want["Axon"])
    assert (np.diff(axon, axis=0) > 0).any(axis=0).all() and (np.diff(axon, axis=0) < 0).any(axis=0).all()


@pytest.mark.parametrize("backend,threads", CONFIGS)
@pytest.mark.parametrize("side", ["pre", "post"])
def test_rewiring_counts_match_nest(nest, side, backend, threads):
    got = structural_cases.run_rewiring(nest, side, threads, setup=_on(backend))
    want = REF["rewiring"][side]
    assert [s["connections"] for s in got] == [s["connections"] for s in want]
    for g, w in zip(got, want):
        assert g["t"] == w["t"]
        assert g["exact"] == w["exact"]
        assert g["bound_sum"] == w["bound_sum"]
        assert g["z_sum"] == pytest.approx(w["z_sum"], abs=1e-9)


@pytest.mark.slow
def test_example_network_statistics_match_nest(nest):
    """NEST's structural_plasticity.py network: the mean calcium of both
    populations and their connection counts at each second, averaged over
    three seeds, within three times the larger seed-to-seed spread (plus a
    floor for the early seconds, where every seed gives the same value)."""
    ref = REF["example"]
    seeds = sorted(ref)
    got = {seed: structural_cases.run_example(nest, REF["example_ms"], int(seed)) for seed in seeds}
    for key, floor in (("ca_e", 1e-3), ("ca_i", 2e-3), ("conn_e", 20.0), ("conn_i", 10.0)):
        a = np.array([got[s][key] for s in seeds], dtype=float)
        b = np.array([ref[s][key] for s in seeds], dtype=float)
        spread = np.maximum(a.std(axis=0), b.std(axis=0))
        tolerance = 3.0 * spread + floor + 0.03 * np.abs(b.mean(axis=0))
        assert (np.abs(a.mean(axis=0) - b.mean(axis=0)) <= tolerance).all(), (key, a.mean(axis=0), b.mean(axis=0))
    # The network grows: connections appear at the first rewirings after 0 s.
    assert np.array([got[s]["conn_e"][-1] for s in seeds]).min() > 0
