# SPDX-License-Identifier: GPL-2.0-or-later
"""Structural plasticity rewires the same way for 1 and 2 ranks and 1 and 2
threads (structural_ranks.py under mpirun): the element counts and a
source's connections are gathered on every rank, the partners are drawn from
streams keyed by step, rule and node, and each rank stores the new
connections onto its neurons; Connect and Disconnect bind and free elements
of sources held by other ranks."""

from pathlib import Path

import numpy as np
import pytest

from test_rate_ranks import run_script

SCRIPT = Path(__file__).resolve().parent / "structural_ranks.py"


def run(env, tmp_path, ranks, threads):
    data = run_script(env, tmp_path, SCRIPT, ranks, threads)
    edges = np.lexsort((data["target"], data["source"]))
    nodes = np.argsort(data["gid"])
    out = {"source": data["source"][edges], "target": data["target"][edges]}
    out.update({k: data[k][nodes] for k in ("gid", "Ca", "axon", "den", "z")})
    return out


@pytest.fixture(scope="module")
def reference(roost_env, tmp_path_factory):
    return run(roost_env, tmp_path_factory.mktemp("structural"), 1, 1)


@pytest.mark.parametrize("ranks,threads", [(1, 2), (2, 1), (2, 2)])
def test_rewiring_same_for_any_rank_and_thread_count(roost_env, reference, tmp_path, ranks, threads):
    assert len(reference["source"]) > 100 and len(reference["gid"]) == 40
    # The elements and the connections agree: each connection binds one at each end.
    assert reference["axon"].sum() == reference["den"].sum() == len(reference["source"])
    got = run(roost_env, tmp_path, ranks, threads)
    for key in reference:
        np.testing.assert_array_equal(got[key], reference[key], err_msg=key)
