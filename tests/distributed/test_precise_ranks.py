# SPDX-License-Identifier: GPL-2.0-or-later
"""Precise spikes keep their offsets through the exchange between ranks:
the network of precise_ranks.py gives the same spikes (steps and offsets)
for 1 and 2 ranks and 1 and 2 threads."""

from pathlib import Path

import numpy as np
import pytest

from test_rate_ranks import run_script

SCRIPT = Path(__file__).resolve().parent / "precise_ranks.py"


def run(env, tmp_path, ranks, threads):
    data = run_script(env, tmp_path, SCRIPT, ranks, threads)
    order = np.lexsort((data["offsets"], data["senders"], data["times"]))  # a parrot sends several per step
    return {k: v[order] for k, v in data.items()}


@pytest.fixture(scope="module")
def reference(roost_env, tmp_path_factory):
    return run(roost_env, tmp_path_factory.mktemp("precise"), 1, 1)


@pytest.mark.parametrize("ranks,threads", [(1, 2), (2, 1), (2, 2)])
def test_precise_spikes_same_for_any_rank_and_thread_count(roost_env, reference, tmp_path, ranks, threads):
    assert len(reference["times"]) > 200 and np.count_nonzero(reference["offsets"]) > 100
    got = run(roost_env, tmp_path, ranks, threads)
    for key in reference:
        np.testing.assert_array_equal(got[key], reference[key], err_msg=key)
