# SPDX-License-Identifier: GPL-2.0-or-later
"""Bit-identical results on every backend, thread and rank count, in a dense
plastic network (dense_plastic.py: 500 inputs per neuron, non-integer random
weights, STDP): the same spikes, the same V_m samples and the same final
weights, compared with ==, not a tolerance. Ring cells sum in fixed point
(roost/ring_buffer.hpp), so the order of the additions does not matter.

The backend x thread part runs in the suite's 'cpu' run (it covers both
backends itself); the rank part runs mpirun with 2 and 4 ranks on the suite's
backend and is skipped, visibly, without mpirun or an MPI build.
"""

import os
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from test_mpi import _mpirun

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "dense_plastic.py"


def _load(out, ranks):
    parts = [np.load(out / f"weights-{r}.npz") for r in range(ranks)]
    w = {k: np.concatenate([p[k] for p in parts]) for k in ("source", "target", "weight", "Kplus")}
    order = np.lexsort((w["weight"], w["target"], w["source"]))
    w = {k: v[order] for k, v in w.items()}
    return w, dict(np.load(out / "events.npz"))


def run(env, tmp_path, backend, threads, ranks=None):
    out = tmp_path / f"{backend}-t{threads}-r{ranks or 0}"
    out.mkdir()
    cmd = [sys.executable, str(SCRIPT), str(out), backend, str(threads)]
    if ranks:
        mpirun, env = _mpirun(env)
        env = dict(env, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
                   OMPI_MCA_rmaps_base_oversubscribe="1")
        cmd = [mpirun, "-np", str(ranks), "--oversubscribe"] + cmd
    done = subprocess.run(cmd, env=dict(env, OMP_NUM_THREADS=str(threads)), capture_output=True, text=True,
                          timeout=900)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    return _load(out, ranks or 1)


def assert_identical(a, b, what):
    (wa, ea), (wb, eb) = a, b
    for key in wa:
        np.testing.assert_array_equal(wb[key], wa[key], err_msg=f"{what}: stdp connections, {key}")
    for key in ea:
        np.testing.assert_array_equal(eb[key], ea[key], err_msg=f"{what}: recordings, {key}")


@pytest.fixture(scope="module")
def reference(roost_env, tmp_path_factory):
    result = run(roost_env, tmp_path_factory.mktemp("dense"), "cpu", 1)
    weights, events = result
    assert len(events["times"]) > 2000, "the network must be active"
    assert np.any(weights["weight"] != np.round(weights["weight"], 3)), "weights must be non-integer"
    assert len(weights["weight"]) == 600 * 400
    return result


@pytest.mark.parametrize("backend,threads", [("cpu", 2), ("cuda", 1), ("cuda", 2)])
def test_backends_and_threads_agree_bitwise(roost_env, reference, tmp_path, backend, threads):
    if os.environ.get("ROOST_BACKEND", "cpu") != "cpu":
        pytest.skip("backend x thread identity runs once, in the suite's cpu run (it uses both backends)")
    import roost
    if backend not in roost.available_backends():
        pytest.skip(f"backend {backend} not available")
    assert_identical(reference, run(roost_env, tmp_path, backend, threads), f"{backend} x {threads} threads")


@pytest.mark.parametrize("ranks", [2, 4])
def test_ranks_agree_bitwise(roost_env, reference, tmp_path, ranks):
    backend = os.environ.get("ROOST_BACKEND", "cpu")
    assert_identical(reference, run(roost_env, tmp_path, backend, 1, ranks), f"{backend} x {ranks} ranks")
