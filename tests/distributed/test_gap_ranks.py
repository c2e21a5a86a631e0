# SPDX-License-Identifier: GPL-2.0-or-later
"""Gap-junction networks give bit-identical membrane potentials and spikes
for 1 and 2 ranks and 1 and 2 threads (gap_ranks.py under mpirun): the
neurons' interpolation coefficients travel between ranks exactly and the
coupling sums in fixed point, so waveform relaxation iterates the same way."""

from pathlib import Path

import numpy as np
import pytest

from test_rate_ranks import run_script

SCRIPT = Path(__file__).resolve().parent / "gap_ranks.py"


def run(env, tmp_path, ranks, threads):
    data = run_script(env, tmp_path, SCRIPT, ranks, threads)
    trace = np.lexsort((data["times"], data["senders"]))
    spikes = np.lexsort((data["spike_senders"], data["spike_times"]))
    return {"senders": data["senders"][trace], "times": data["times"][trace], "V_m": data["V_m"][trace],
            "spike_senders": data["spike_senders"][spikes], "spike_times": data["spike_times"][spikes]}


@pytest.fixture(scope="module")
def reference(roost_env, tmp_path_factory):
    return run(roost_env, tmp_path_factory.mktemp("gaps"), 1, 1)


@pytest.mark.parametrize("ranks,threads", [(1, 2), (2, 1), (2, 2)])
def test_gap_network_same_for_any_rank_and_thread_count(roost_env, reference, tmp_path, ranks, threads):
    assert len(reference["V_m"]) > 16 * 70 and len(reference["spike_times"]) > 5
    got = run(roost_env, tmp_path, ranks, threads)
    for key in reference:
        np.testing.assert_array_equal(got[key], reference[key], err_msg=key)
