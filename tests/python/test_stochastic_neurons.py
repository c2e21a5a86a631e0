# SPDX-License-Identifier: GPL-2.0-or-later
"""Stochastic neuron models (pp_psc_delta, iaf_psc_exp with escape noise):
their draws come from a stream keyed by (seed, gid, step), so a seed gives
the same spikes for any thread count (and backend: the reference replays run
on both); another seed gives others. NEST's statistics are checked by
tests/validation/test_statistical_cases.py."""

import numpy as np
import pytest

MODELS = {
    "pp_psc_delta": {"I_e": 300.0, "tau_sfa": [20.0], "q_sfa": [1.0]},
    "iaf_psc_exp": {"I_e": 300.0, "delta": 2.0, "rho": 20.0},
}


def _spikes(nest, model, threads, seed):
    nest.ResetKernel()
    nest.local_num_threads = threads
    nest.rng_seed = seed
    pop = nest.Create(model, 40, params=MODELS[model])
    sr = nest.Create("spike_recorder")
    nest.Connect(pop, sr)
    nest.Simulate(500.0)
    e = sr.events
    order = np.lexsort((e["senders"], e["times"]))
    return np.asarray(e["senders"])[order], np.asarray(e["times"])[order]


@pytest.mark.parametrize("model", sorted(MODELS))
def test_same_seed_same_spikes_for_any_thread_count(nest, model):
    s1, t1 = _spikes(nest, model, 1, 11)
    s2, t2 = _spikes(nest, model, 2, 11)
    assert len(t1) > 50
    np.testing.assert_array_equal(s1, s2)
    np.testing.assert_array_equal(t1, t2)
    s3, t3 = _spikes(nest, model, 1, 12)
    assert len(t3) != len(t1) or not np.array_equal(t1, t3)


def test_escape_noise_fires_below_threshold_and_hard_threshold_does_not(nest):
    noisy, hard = nest.Create("iaf_psc_exp", 2, params={"I_e": 300.0, "rho": 20.0})  # V -> -58 mV < V_th
    noisy.delta = 2.0
    sr = nest.Create("spike_recorder")
    nest.Connect(noisy + hard, sr)
    nest.Simulate(2000.0)
    senders = list(sr.events["senders"])
    assert senders.count(hard.global_id) == 0
    assert senders.count(noisy.global_id) > 0


def test_pp_psc_delta_adaptation_and_dead_time(nest, errors):
    n = nest.Create("pp_psc_delta", params={"I_e": 300.0, "tau_sfa": [50.0], "q_sfa": [3.0], "dead_time": 5.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    nest.Simulate(1000.0)
    t = np.asarray(sr.events["times"])
    assert len(t) > 5
    assert np.diff(t).min() >= 5.0  # no spike within the dead time
    assert n.E_sfa > 0.0  # the adaptation kernel has been kicked
    with pytest.raises(errors.BadProperty, match="same dimension"):
        n.set(tau_sfa=[10.0, 20.0])
    with pytest.raises(errors.BadProperty, match="smaller than 1"):
        n.set(dead_time_shape=0)
