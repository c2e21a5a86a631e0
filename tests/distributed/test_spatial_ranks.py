# SPDX-License-Identifier: GPL-2.0-or-later
"""Spatial connectivity (pairwise_bernoulli and fixed_outdegree with kernels,
masks and periodic boundaries, random and distance-dependent values) is the
same for 1 and 2 ranks and 1 and 2 threads (spatial_ranks.py under mpirun)."""

import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "spatial_ranks.py"


def run(env, tmp_path, ranks, threads):
    mpirun = shutil.which("mpirun")
    if mpirun is None:
        pytest.skip("mpirun not found")
    probe = subprocess.run([sys.executable, "-c", "import roost._roost as r; print(r.mpi_info()['built'])"],
                           env=env, capture_output=True, text=True, timeout=120)
    if probe.returncode != 0 or probe.stdout.strip() != "True":
        pytest.skip("this Roost was built without MPI (ROOST_WITH_MPI)")
    out = tmp_path / f"r{ranks}t{threads}"
    out.mkdir()
    env = dict(env, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1", OMP_NUM_THREADS=str(threads))
    cmd = [mpirun, "-np", str(ranks), "--oversubscribe", sys.executable, str(SCRIPT), str(out), str(threads)]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    parts = [np.load(f) for f in sorted(out.glob("connections-*.npz"))]
    assert len(parts) == ranks
    conns = {k: np.concatenate([p[k] for p in parts]) for k in ("source", "target", "weight", "delay")}
    order = np.lexsort((conns["delay"], conns["weight"], conns["target"], conns["source"]))
    return {k: v[order] for k, v in conns.items()}


@pytest.fixture(scope="module")
def reference(roost_env, tmp_path_factory):
    return run(roost_env, tmp_path_factory.mktemp("spatial"), 1, 1)


@pytest.mark.parametrize("ranks,threads", [(2, 1), (1, 2), (2, 2)])
def test_spatial_connections_same_for_any_rank_and_thread_count(roost_env, reference, tmp_path, ranks, threads):
    assert len(reference["source"]) > 5000
    got = run(roost_env, tmp_path, ranks, threads)
    for key in reference:
        np.testing.assert_array_equal(got[key], reference[key], err_msg=key)
