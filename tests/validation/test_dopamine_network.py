# SPDX-License-Identifier: GPL-2.0-or-later
"""stdp_dopamine_synapse in a small network against NEST 3.10 (see
dopamine_network.py): weights, K+, c and n of every plastic connection after
each Simulate call, and the spikes of the neuron the plastic weights drive,
for 1 and 2 threads."""

import json
import pathlib

import numpy as np
import pytest

import dopamine_network

DATA = pathlib.Path(__file__).parent / "data" / "stdp_dopamine_network.json"


@pytest.mark.parametrize("threads", [1, 2])
def test_matches_nest(nest, threads):
    ref = json.loads(DATA.read_text())
    got = dopamine_network.run(nest, threads=threads)
    assert len(got["probes"]) == len(ref["probes"])
    for p_got, p_ref in zip(got["probes"], ref["probes"]):
        assert p_got["t"] == pytest.approx(p_ref["t"])
        assert p_got["source"] == p_ref["source"] and p_got["target"] == p_ref["target"]
        for key in dopamine_network.KEYS:
            np.testing.assert_allclose(p_got[key], p_ref[key], rtol=1e-9, atol=1e-12,
                                       err_msg=f"{key} at t = {p_ref['t']} ms")
    np.testing.assert_allclose(got["driven_spikes"], ref["driven_spikes"], atol=1e-9)


def test_reference_data_is_not_trivial():
    """The recorded data is not trivial: weights move, and by different amounts."""
    ref = json.loads(DATA.read_text())
    first, last = ref["probes"][0], ref["probes"][-1]
    changes = np.abs(np.subtract(last["weight"], first["weight"]))
    assert changes.max() > 1.0 and len(set(np.round(changes, 6))) > 5
