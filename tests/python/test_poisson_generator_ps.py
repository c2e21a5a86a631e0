# SPDX-License-Identifier: GPL-2.0-or-later
"""poisson_generator_ps: NEST's defaults and checks, trains with a dead time
and off-grid times, independent per target, the same for any thread count;
grid targets get the step's count. Statistics against NEST:
tests/validation/test_precise2_nest.py."""

import numpy as np
import pytest


def test_defaults(nest):
    d = nest.GetDefaults("poisson_generator_ps")
    assert (d["rate"], d["dead_time"], d["start"], d["origin"]) == (0.0, 0.0, 0.0, 0.0)
    assert d["element_type"] == "stimulator"


@pytest.mark.parametrize("bad, text", [
    ({"dead_time": -1.0}, "The dead time cannot be negative."),
    ({"rate": -5.0}, "The rate cannot be negative."),
    ({"rate": 500.0, "dead_time": 2.5}, "The inverse rate cannot be smaller than the dead time."),
])
def test_bad_parameters_raise_and_leave_kernel_usable(nest, bad, text):
    pg = nest.Create("poisson_generator_ps")
    with pytest.raises(Exception, match=text):
        pg.set(bad)
    assert pg.rate == 0.0 and pg.dead_time == 0.0
    nest.Simulate(1.0)


def _trains(nest, threads=1, n=4, rate=800.0, dead=0.5, seed=3):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": seed})
    pg = nest.Create("poisson_generator_ps", params={"rate": rate, "dead_time": dead})
    parrots = nest.Create("parrot_neuron_ps", n)
    nest.Connect(pg, parrots)
    sr = nest.Create("spike_recorder")
    nest.Connect(parrots, sr)
    nest.Simulate(500.0)
    ev = sr.events
    return [np.sort(ev["times"][ev["senders"] == p.global_id]) for p in parrots]


def test_dead_time_rate_and_offgrid_times(nest):
    trains = _trains(nest)
    isis = np.concatenate([np.diff(t) for t in trains])
    assert isis.min() >= 0.5 - 1e-9          # never closer than the dead time
    assert isis.min() < 0.55                 # and the dead time is all that is forbidden
    n = sum(len(t) for t in trains)
    assert abs(n - 4 * 0.8 * 499.0) < 5 * np.sqrt(4 * 0.8 * 499.0)  # 800 Hz
    t = np.concatenate(trains)
    assert np.mean(np.abs(t / 0.1 - np.round(t / 0.1)) > 1e-6) > 0.99  # off the grid
    # Several spikes of one train within one step are all sent (0.1 ms step, 0.5 ms dead time: at most one).
    assert not np.array_equal(trains[0], trains[1])  # independent trains per target


def test_same_trains_for_two_threads(nest):
    a, b = _trains(nest, threads=1), _trains(nest, threads=2)
    for x, y in zip(a, b):
        np.testing.assert_array_equal(x, y)


def test_several_spikes_per_step_without_dead_time(nest):
    trains = _trains(nest, n=2, rate=30000.0, dead=0.0)
    steps = np.ceil(np.round(trains[0] / 0.1, 9)).astype(int)
    assert np.max(np.bincount(steps)) >= 4  # 3 per step on average: all of them are sent
    assert abs(len(trains[0]) - 30.0 * 499.0) < 5 * np.sqrt(30.0 * 499.0)


def test_grid_target_gets_the_count(nest):
    # An iaf_psc_delta (grid) gets each step's spikes at the step's end: with
    # a huge threshold its V_m is E_L + weight * count, integrated.
    pg = nest.Create("poisson_generator_ps", params={"rate": 2000.0, "dead_time": 0.2})
    n = nest.Create("iaf_psc_delta", params={"tau_m": 1e9, "V_th": 1e9, "E_L": 0.0, "V_m": 0.0, "V_reset": 0.0})
    p = nest.Create("parrot_neuron_ps")
    nest.Connect(pg, n, syn_spec={"weight": 1.0})
    nest.Connect(pg, p)
    nest.Simulate(100.0)
    assert 200 * 0.7 < n.V_m < 200 * 1.3
