# SPDX-License-Identifier: GPL-2.0-or-later
"""Generator behaviour beyond the NEST reference cases."""

import numpy as np
import pytest


def test_poisson_generator_into_spike_recorder(nest):
    """NEST lets a recorder observe a poisson_generator: it gets a train of its own."""
    nest.SetKernelStatus({"rng_seed": 11})
    pg = nest.Create("poisson_generator", params={"rate": 800.0, "start": 100.0, "stop": 1100.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(pg, sr)
    nest.Simulate(1200.0)
    times = sr.events["times"]
    assert np.all(sr.events["senders"] == pg.global_id)
    assert times.min() > 100.0 and times.max() <= 1100.0  # (start, stop]
    assert abs(len(times) - 800) < 5 * np.sqrt(800)
    # Same seed, same train.
    first = times.copy()
    nest.ResetKernel()
    nest.SetKernelStatus({"rng_seed": 11})
    pg = nest.Create("poisson_generator", params={"rate": 800.0, "start": 100.0, "stop": 1100.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(pg, sr)
    nest.Simulate(1200.0)
    np.testing.assert_array_equal(sr.events["times"], first)


def test_shift_now_spikes_moves_a_spike_at_the_current_time(nest):
    sg = nest.Create("spike_generator")
    parrot = nest.Create("parrot_neuron")
    sr = nest.Create("spike_recorder")
    nest.Connect(sg, parrot)
    nest.Connect(parrot, sr)
    nest.Simulate(10.0)
    sg.set(shift_now_spikes=True, spike_times=[10.0])  # 10.0 is now: too late unless shifted
    nest.Simulate(10.0)
    assert sr.events["times"].tolist() == [11.1]


def test_spike_at_the_current_time_is_dropped_without_shift(nest):
    sg = nest.Create("spike_generator")
    parrot = nest.Create("parrot_neuron")
    sr = nest.Create("spike_recorder")
    nest.Connect(sg, parrot)
    nest.Connect(parrot, sr)
    nest.Simulate(10.0)
    sg.set(spike_times=[10.0, 15.0])
    nest.Simulate(10.0)
    assert sr.events["times"].tolist() == [16.0]


def test_multimeter_links_numbered_as_nest(nest):
    n = nest.Create("iaf_psc_alpha", 2)
    mm = nest.Create("multimeter", params={"record_from": ["V_m"]})
    vm = nest.Create("voltmeter")
    nest.Connect(mm, n)
    nest.Connect(vm, n[1])
    conns = nest.GetConnections(target=n)
    # The k-th multimeter on a node gets receptor k.
    assert list(conns.receptor) == [1, 1, 2]
    with pytest.raises(nest.NESTErrors.IllegalConnection, match="only be connected once"):
        nest.Connect(mm, n[0])
    nest.Connect(vm, n[0])  # the failed Connect left nothing behind
    assert list(nest.GetConnections(source=vm).receptor) == [2, 2]
    nest.Simulate(5.0)
    assert len(vm.events["V_m"]) == len(mm.events["V_m"]) > 0  # both record both nodes
