# SPDX-License-Identifier: GPL-2.0-or-later
"""Generator behaviour beyond the NEST reference cases."""

import numpy as np


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
