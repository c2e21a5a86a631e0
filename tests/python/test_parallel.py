# SPDX-License-Identifier: GPL-2.0-or-later
"""The MPI-facing API on one rank (several ranks: tests/distributed)."""

import numpy as np
import pytest


def test_one_rank_kernel_status(nest):
    status = nest.GetKernelStatus()
    assert status["num_processes"] == 1 and status["rank"] == 0
    assert status["communicator"] == "local"
    assert nest.Rank() == 0 and nest.NumProcesses() == 1


def test_total_num_virtual_procs_sets_threads_per_rank(nest):
    nest.SetKernelStatus({"total_num_virtual_procs": 2})
    assert nest.GetKernelStatus("local_num_threads") == 2
    assert list(nest.GetLocalVPs()) == [0, 1]


def test_sync_processes_and_local_node_collection(nest):
    nodes = nest.Create("iaf_psc_alpha", 3) + nest.Create("spike_recorder")
    nest.SyncProcesses()
    assert nest.GetLocalNodeCollection(nodes) == nodes
    assert all(nodes.get("local"))
    with pytest.raises(nest.NESTErrors.TypeMismatch):
        nest.GetLocalNodeCollection([1, 2])


def test_connection_counts_are_kept_per_synapse_model(nest):
    n = nest.Create("iaf_psc_alpha", 4)
    nest.CopyModel("static_synapse", "my_synapse")
    nest.Connect(n, n)
    nest.Connect(n, n, "one_to_one", {"synapse_model": "my_synapse"})
    status = nest.GetKernelStatus()
    assert status["num_connections"] == status["local_num_connections"] == 20
    assert nest.GetDefaults("my_synapse")["num_connections"] == 4
    assert nest.GetDefaults("static_synapse")["num_connections"] == 16


def test_gather_events_on_one_rank_is_the_recording_in_time_order(nest):
    neurons = nest.Create("iaf_psc_alpha", 5, {"I_e": np.linspace(380.0, 500.0, 5)})
    sr = nest.Create("spike_recorder")
    mm = nest.Create("multimeter", {"record_from": ["V_m", "I_syn_ex"], "interval": 2.0})
    nest.Connect(neurons, sr)
    nest.Connect(mm, neurons)
    nest.Simulate(100.0)
    for recorder, columns in ((sr, ["senders", "times"]), (mm, ["senders", "times", "V_m", "I_syn_ex"])):
        gathered = nest.gather_events(recorder)
        events = recorder.events
        order = np.lexsort((events["senders"], events["times"]))
        assert len(gathered["senders"]) == len(events["senders"]) > 0
        for key in columns:
            np.testing.assert_array_equal(gathered[key], np.asarray(events[key])[order], err_msg=key)


def test_gather_events_wants_one_recorder(nest):
    sr = nest.Create("spike_recorder", 2)
    with pytest.raises(nest.NESTErrors.TypeMismatch):
        nest.gather_events(sr)
    with pytest.raises(nest.NESTError, match="not a device"):
        nest.gather_events(nest.Create("iaf_psc_alpha"))
