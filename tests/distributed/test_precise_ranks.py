# SPDX-License-Identifier: GPL-2.0-or-later
"""Precise spikes keep their offsets through the exchange between ranks:
the network of precise_ranks.py gives the same spikes (steps and offsets)
for 1 and 2 ranks and 1 and 2 threads."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from test_mpi import _mpirun

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "precise_ranks.py"


def run(env, tmp_path, ranks, threads):
    out = tmp_path / f"r{ranks}t{threads}"
    out.mkdir()
    env = dict(env, OMP_NUM_THREADS=str(threads))
    cmd = [sys.executable, str(SCRIPT), str(out), str(threads)]
    if ranks > 1:
        mpirun, env = _mpirun(env)
        env = dict(env, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_rmaps_base_oversubscribe="1")
        cmd = [mpirun, "-np", str(ranks), "--oversubscribe"] + cmd
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    parts = [np.load(f) for f in sorted(out.glob("spikes-*.npz"))]
    assert len(parts) == ranks
    data = {k: np.concatenate([p[k] for p in parts]) for k in ("senders", "times", "offsets")}
    order = np.lexsort((data["senders"], data["times"]))
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
