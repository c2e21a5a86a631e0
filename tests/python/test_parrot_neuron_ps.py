# SPDX-License-Identifier: GPL-2.0-or-later
"""parrot_neuron_ps and spike_generator's precise_times: offsets kept
through the generator, the parrot and a second parrot; several spikes of one
parrot within one step all sent; multiplicities; receptor 1 ignored; NEST's
checks. The same against NEST's recordings: tests/validation/test_precise2_nest.py."""

import pytest


def _run(nest, times, mult=None, receptor=0, threads=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads})
    params = {"precise_times": True, "spike_times": times}
    if mult is not None:
        params["spike_multiplicities"] = mult
    sg = nest.Create("spike_generator", params=params)
    p = nest.Create("parrot_neuron_ps", 2)
    nest.Connect(sg, p[0], syn_spec={"delay": 1.0, "receptor_type": receptor, "weight": 123.0})
    nest.Connect(p[0], p[1], syn_spec={"delay": 1.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(p, sr)
    nest.Simulate(10.0)
    return list(sr.events["senders"]), list(sr.events["times"])


def test_parrot_repeats_precise_times_within_one_step(nest):
    senders, times = _run(nest, [2.013, 2.047, 2.05, 3.3333])
    # Three spikes within the step (2.0, 2.1] and one later, each kept.
    first = [t for s, t in zip(senders, times) if s == 2]
    second = [t for s, t in zip(senders, times) if s == 3]
    assert first == pytest.approx([3.013, 3.047, 3.05, 4.3333], abs=1e-12)
    assert second == pytest.approx([4.013, 4.047, 4.05, 5.3333], abs=1e-12)


def test_multiplicity_is_repeated_and_port_1_ignored(nest):
    senders, times = _run(nest, [2.013, 4.5], mult=[3, 1])
    assert senders.count(2) == 4 and senders.count(3) == 4
    senders, _ = _run(nest, [2.013, 4.5], receptor=1)
    assert senders == []


def test_two_threads_same_spikes(nest):
    assert _run(nest, [1.01, 1.02, 1.07, 2.5], threads=1) == _run(nest, [1.01, 1.02, 1.07, 2.5], threads=2)


def test_unknown_receptor_raises(nest):
    sg = nest.Create("spike_generator")
    p = nest.Create("parrot_neuron_ps")
    with pytest.raises(Exception, match="receptor"):
        nest.Connect(sg, p, syn_spec={"receptor_type": 2})
    nest.Simulate(1.0)


def test_precise_times_checks(nest):
    sg = nest.Create("spike_generator")
    with pytest.raises(Exception, match="precise_times cannot be set to true when either allow_offgrid_times"):
        sg.set({"precise_times": True, "allow_offgrid_times": True})
    with pytest.raises(Exception, match="precise_times cannot be set to true"):
        sg.set({"precise_times": True, "shift_now_spikes": True})
    assert sg.precise_times is False
    sg.set({"precise_times": True, "spike_times": [1.2345]})  # off the grid is what precise_times is for
    sr = nest.Create("spike_recorder")
    nest.Connect(sg, sr)
    nest.Simulate(3.0)
    assert list(sr.events["times"]) == pytest.approx([1.2345], abs=1e-12)
