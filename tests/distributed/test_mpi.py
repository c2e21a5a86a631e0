# SPDX-License-Identifier: GPL-2.0-or-later
"""Distributed runs give the same results at any rank and thread count.

Runs mpi_network.py under mpirun with 1, 2 and 4 ranks (oversubscribed on
small machines) and 1 or 2 threads per rank, on the backend the suite runs
on (ROOST_BACKEND: cpu, or cuda - the emulated build without a GPU), and
compares connectivity and every recording with the one-rank, one-thread run.
Skips visibly where mpirun or Roost's MPI support is missing.
"""

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

HERE = Path(__file__).resolve().parent
SCRIPT = HERE / "mpi_network.py"


def _mpirun(env):
    mpirun = shutil.which("mpirun")
    if mpirun is None:
        pytest.skip("mpirun not found (apt-get install openmpi-bin libopenmpi-dev)")
    probe = subprocess.run([sys.executable, "-c", "import roost._roost as r; print(r.mpi_info()['built'])"],
                           env=env, capture_output=True, text=True, timeout=120)
    if probe.returncode != 0 or probe.stdout.strip() != "True":
        pytest.skip("this Roost was built without MPI (ROOST_WITH_MPI)")
    return mpirun, env


def run_network(env, tmp_path, ranks, threads, exchange="allgather"):
    mpirun, env = _mpirun(env)
    out = tmp_path / f"r{ranks}t{threads}{exchange}"
    out.mkdir()
    env = dict(env, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1", OMP_NUM_THREADS=str(threads))
    cmd = [mpirun, "-np", str(ranks), "--oversubscribe", sys.executable, str(SCRIPT), str(out), str(threads), exchange]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    files = sorted(out.glob("connections-*.npz"))
    assert len(files) == ranks
    parts = [np.load(f) for f in files]
    conns = {k: np.concatenate([p[k] for p in parts]) for k in ("source", "target", "weight", "delay")}
    order = np.lexsort((conns["delay"], conns["weight"], conns["target"], conns["source"]))
    conns = {k: v[order] for k, v in conns.items()}
    events = dict(np.load(out / "events.npz"))
    # The ascii recorder's files: one per virtual process (rank x thread).
    files = sorted(out.glob("ascii-*.dat"))
    assert len(files) == ranks * threads, [f.name for f in files]
    rows = sorted(line for f in files for line in f.read_text().splitlines()[3:])
    events["ascii_rows"] = np.array(rows)
    return conns, events, json.loads((out / "status.json").read_text())


@pytest.fixture(scope="module")
def reference(roost_env, tmp_path_factory):
    return run_network(roost_env, tmp_path_factory.mktemp("mpi"), 1, 1)


@pytest.mark.parametrize("ranks,threads,exchange", [(1, 2, "allgather"), (2, 1, "allgather"), (2, 2, "allgather"),
                                                    (4, 1, "allgather"), (2, 1, "alltoallv"), (4, 1, "alltoallv")])
def test_same_results_at_any_rank_and_thread_count(roost_env, reference, tmp_path, ranks, threads, exchange):
    ref_conns, ref_events, ref_status = reference
    conns, events, status = run_network(roost_env, tmp_path, ranks, threads, exchange)
    assert status["num_processes"] == ranks
    assert status["spike_exchange"] == exchange
    assert status["backend"] == os.environ.get("ROOST_BACKEND", status["backend"])
    assert status["total_num_virtual_procs"] == ranks * threads
    for key in ("num_connections", "min_delay", "max_delay"):
        assert status[key] == ref_status[key], key
    for key in ref_conns:
        np.testing.assert_array_equal(conns[key], ref_conns[key], err_msg=f"connections: {key}")
    assert len(ref_events["senders"]) > 100  # the network is active
    assert len(ref_events["poisson_senders"]) > 100
    for key in ref_events:
        np.testing.assert_array_equal(events[key], ref_events[key], err_msg=f"recordings: {key}")


def run_on_two_ranks(roost_env, tmp_path, source):
    """Runs a script on 2 ranks; returns (exit status, stdout + stderr)."""
    mpirun, env = _mpirun(roost_env)
    script = tmp_path / "script.py"
    script.write_text(source)
    env = dict(env, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1")
    done = subprocess.run([mpirun, "-np", "2", "--oversubscribe", sys.executable, str(script)],
                          env=env, capture_output=True, text=True, timeout=120)
    return done.returncode, done.stdout + done.stderr


def test_exception_on_one_rank_ends_all_ranks(roost_env, tmp_path):
    returncode, text = run_on_two_ranks(
        roost_env, tmp_path,
        "import roost as nest\n"
        "n = nest.Create('iaf_psc_alpha', 4)\n"
        "try:\n"
        "    nest.Connect(n, n, 'one_to_one', syn_spec={'weight': [1.0, 1.0, 1.0, float('nan')]})\n"
        "except nest.NESTError as e:\n"
        "    print(f'rank {nest.Rank()} caught {type(e).__name__}: {e}', flush=True)\n"
        "nest.Simulate(5.0)\n"
        "if nest.Rank() == 1:\n"
        "    raise RuntimeError('only rank 1 fails')\n"
        "nest.Simulate(5.0)\n"
        "print('rank', nest.Rank(), 'should not get here', flush=True)\n")
    # The Connect error raised on rank 1 only is raised on both ranks.
    assert "rank 0 caught IllegalConnection: rank 1: Weights must be finite numbers." in text
    assert "rank 1 caught IllegalConnection: Weights must be finite numbers." in text
    # The uncaught exception ends both ranks (no hang, non-zero exit, message shown).
    assert returncode != 0
    assert "only rank 1 fails" in text
    assert "should not get here" not in text


def test_out_of_step_ranks_are_detected(roost_env, tmp_path):
    returncode, text = run_on_two_ranks(
        roost_env, tmp_path,
        "import roost as nest\n"
        "n = nest.Create('iaf_psc_alpha', 4)\n"
        "try:\n"
        "    if nest.Rank() == 0:\n"
        "        nest.Connect(n, n)\n"
        "    else:\n"
        "        nest.Simulate(5.0)\n"
        "except nest.NESTError as e:\n"
        "    print(f'rank {nest.Rank()} caught {type(e).__name__}: {e}', flush=True)\n")
    assert returncode == 0, text
    for rank in (0, 1):
        assert f"rank {rank} caught KernelException: MPI ranks are out of step" in text


@pytest.mark.parametrize("ranks", [2, 3])
def test_dopamine_network_on_ranks_matches_nest(roost_env, tmp_path, ranks):
    """Volume transmitters on one rank, plastic connections on all: every
    rank's synapses get the neuromodulator spikes (tests/validation/dopamine_network.py)."""

    mpirun, env = _mpirun(roost_env)
    env = dict(env, OMPI_ALLOW_RUN_AS_ROOT="1", OMPI_ALLOW_RUN_AS_ROOT_CONFIRM="1",
               OMPI_MCA_rmaps_base_oversubscribe="1", OMP_NUM_THREADS="1")
    script = Path(__file__).resolve().parent / "dopamine_ranks.py"
    cmd = [mpirun, "-np", str(ranks), "--oversubscribe", sys.executable, str(script), str(tmp_path), "1"]
    done = subprocess.run(cmd, env=env, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, f"{' '.join(cmd)} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
    parts = [json.loads((tmp_path / f"dopamine-{r}.json").read_text()) for r in range(ranks)]
    ref = json.loads((Path(__file__).resolve().parents[1] / "validation" / "data" /
                      "stdp_dopamine_network.json").read_text())
    for k, p_ref in enumerate(ref["probes"]):
        rows = sorted(zip(*[[v for part in parts for v in part["probes"][k][key]]
                            for key in ["source", "target", "weight", "Kplus", "c", "n"]]))
        got = dict(zip(["source", "target", "weight", "Kplus", "c", "n"], map(list, zip(*rows))))
        assert got["source"] == p_ref["source"] and got["target"] == p_ref["target"]
        for key in ("weight", "Kplus", "c", "n"):
            np.testing.assert_allclose(got[key], p_ref[key], rtol=1e-9, atol=1e-12, err_msg=f"{key}, probe {k}")
    spikes = sorted(t for part in parts for t in part["driven_spikes"])
    np.testing.assert_allclose(spikes, ref["driven_spikes"], atol=1e-9)
