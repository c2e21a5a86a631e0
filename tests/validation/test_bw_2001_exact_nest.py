# SPDX-License-Identifier: GPL-2.0-or-later
"""iaf_bw_2001_exact's per-connection NMDA dynamics in a small network against
NEST 3.10 (see bw_2001_exact_network.py): V_m, s_NMDA and I_NMDA of every
exact neuron, every spike, and the receptor port NEST gives each connection,
for 1 and 2 threads."""

import json
import pathlib

import numpy as np
import pytest

import bw_2001_exact_network

DATA = pathlib.Path(__file__).parent / "data" / "bw_2001_exact_nmda.json"
MULTIMETER_GID = 13  # NEST reports receptor 1 for a multimeter's link, Roost 0 (not this model's business)


def _on_common_times(got, ref):
    """Both hand the samples of a Simulate's last min-delay slice over with the next
    one; compare the sample times both have (all of them)."""
    common = sorted(set(got["times"]) & set(ref["times"]))
    assert len(common) == len(ref["times"]) == len(got["times"])
    ig = [got["times"].index(t) for t in common]
    ir = [ref["times"].index(t) for t in common]
    return ig, ir


@pytest.mark.parametrize("threads", [1, 2])
def test_matches_nest(nest, threads):
    ref = json.loads(DATA.read_text())
    got = bw_2001_exact_network.run(nest, threads=threads)
    strip = lambda ports: [p for p in ports if p[1] != MULTIMETER_GID]  # noqa: E731
    assert strip(got["ports"]) == strip(ref["ports"])
    assert got["spikes"].keys() == ref["spikes"].keys()
    for gid, times in ref["spikes"].items():
        np.testing.assert_allclose(got["spikes"][gid], times, atol=1e-9, err_msg=f"spikes of {gid}")
    for gid, trace in ref["traces"].items():
        ig, ir = _on_common_times(got["traces"][gid], trace)
        for key in ("V_m", "s_NMDA", "I_NMDA", "s_AMPA", "s_GABA"):
            np.testing.assert_allclose(np.asarray(got["traces"][gid][key])[ig], np.asarray(trace[key])[ir],
                                       rtol=1e-9, atol=1e-9, err_msg=f"{key} of {gid}")


def test_reference_data_is_not_trivial():
    """NMDA gating builds up differently per neuron, two of the exact neurons fire, and
    ports run past 3 (several NMDA connections per target)."""
    ref = json.loads(DATA.read_text())
    peaks = [max(tr["s_NMDA"]) for tr in ref["traces"].values()]
    assert min(peaks) > 1.0 and len(set(np.round(peaks, 3))) == 3
    assert sum(len(t) > 0 for t in ref["spikes"].values()) >= 3
    assert max(p[2] for p in ref["ports"]) >= 7
