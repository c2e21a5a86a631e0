# SPDX-License-Identifier: GPL-2.0-or-later
"""gif_pop_psc_exp, one node standing for a population of N GIF neurons:
NEST's names, defaults and checks, the history length chosen at the first
Simulate (and kept), the rebuild after SetStatus, one spike event per step
whose multiplicity is the population's spike count, input routing by the
sign of the weight, and reproducible draws (threads, split runs, backends).
NEST's traces and statistics: tests/validation/test_gif_pop_psc_exp_nest.py."""

import numpy as np
import pytest

DRIVEN = {"N": 200, "I_e": 250.0, "lambda_0": 10.0}


def _run(nest, t_sim=200.0, threads=1, seed=3, backend=None, splits=1, params=None, record=("n_events", "mean")):
    nest.ResetKernel()
    if backend is not None:
        nest.SetKernelStatus({"backend": backend})
    nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": seed})
    pops = nest.Create("gif_pop_psc_exp", 3, params=params or DRIVEN)
    nest.Connect(pops[0], pops[1], syn_spec={"weight": 30.0, "delay": 1.0})
    nest.Connect(pops[1], pops[2], syn_spec={"weight": -30.0, "delay": 1.5})
    mm = nest.Create("multimeter", params={"record_from": list(record), "interval": 0.1})
    nest.Connect(mm, pops)
    sr = nest.Create("spike_recorder")
    nest.Connect(pops, sr)
    for _ in range(splits):
        nest.Simulate(t_sim / splits)
    return mm.get("events"), sr.get("events"), pops


def test_defaults_recordables_and_kernel_length(nest):
    d = nest.GetDefaults("gif_pop_psc_exp")
    assert d["N"] == 100 and d["len_kernel"] == -1 and d["BinoRand"] is True
    assert (d["tau_m"], d["C_m"], d["t_ref"], d["lambda_0"], d["Delta_V"]) == (20.0, 250.0, 4.0, 10.0, 2.0)
    assert (d["V_T_star"], d["tau_syn_ex"], d["tau_syn_in"]) == (15.0, 3.0, 6.0)
    assert list(d["tau_sfa"]) == [300.0] and list(d["q_sfa"]) == [0.5]
    assert sorted(d["recordables"]) == ["E_sfa", "I_syn_ex", "I_syn_in", "V_m", "mean", "n_events"]
    n = nest.Create("gif_pop_psc_exp")
    nest.Simulate(1.0)
    # NEST 3.10 at h = 0.1 ms: the adaptation kernel falls below Delta_V / 10 after 274.8 ms.
    assert n.len_kernel == 2748
    assert n.E_sfa == 15.0 and n.n_events == 0 and n.mean == 0.0
    n.set(tau_m=30.0)  # the length chosen stays (NEST writes it into the parameter)
    nest.Simulate(1.0)
    assert n.len_kernel == 2748


@pytest.mark.parametrize("params, message", [
    ({"N": 0}, "Number of neurons must be positive"),
    ({"C_m": 0.0}, "Capacitance must be strictly positive"),
    ({"tau_m": -1.0}, "The membrane time constants must be strictly positive"),
    ({"tau_syn_in": 0.0}, "The synaptic time constants must be strictly positive"),
    ({"lambda_0": -1.0}, "lambda_0 must be positive"),
    ({"Delta_V": 0.0}, "Delta_V must be strictly positive"),
    ({"t_ref": -0.5}, "Absolute refractory period cannot be negative"),
    ({"tau_sfa": [10.0, 20.0]}, "'tau_sfa' and 'q_sfa' need to have the same dimension"),
    ({"tau_sfa": [-10.0]}, "All time constants must be strictly positive"),
])
def test_bad_parameters_are_refused_and_kernel_stays_usable(nest, errors, usable, params, message):
    n = nest.Create("gif_pop_psc_exp")
    with pytest.raises(errors.BadProperty, match=message):
        n.set(params)
    assert n.N == 100 and list(n.tau_sfa) == [300.0] and n.C_m == 250.0
    usable()


def test_empty_kernels_refused_at_simulate(nest, errors, usable):
    n = nest.Create("gif_pop_psc_exp")
    n.set(tau_sfa=[], q_sfa=[])  # NEST accepts the lists and refuses the run
    with pytest.raises(errors.BadProperty, match="Time constant array should not be empty"):
        nest.Simulate(1.0)
    n.set(tau_sfa=[100.0], q_sfa=[1.0])
    nest.Simulate(1.0)
    assert n.len_kernel > 0
    usable()


def test_read_only_state_and_integer_fields(nest, errors):
    n = nest.Create("gif_pop_psc_exp")
    for key in ("mean", "n_events", "E_sfa"):
        with pytest.raises(errors.NESTError):
            n.set({key: 1.0})
    with pytest.raises(errors.NESTError):
        n.set(N=2.5)
    n.set(V_m=3.0, I_syn_ex=10.0, I_syn_in=-5.0)
    assert (n.V_m, n.I_syn_ex, n.I_syn_in) == (3.0, 10.0, -5.0)


def test_one_event_per_step_with_the_count_as_multiplicity(nest):
    ev, spikes, pops = _run(nest)
    per_pop = {g: int(np.sum(np.asarray(ev["n_events"])[np.asarray(ev["senders"]) == g])) for g in pops.tolist()}
    assert per_pop[pops[0].global_id] > 200  # the populations fire
    # The multimeter hands over the last slice's samples with the next Simulate.
    t_last = max(ev["times"])
    recorded = {g: int(np.sum((np.asarray(spikes["senders"]) == g) & (np.asarray(spikes["times"]) <= t_last)))
                for g in pops.tolist()}
    assert recorded == per_pop  # the recorder counts every spike of the multiplicity
    assert max(ev["n_events"]) > 1  # several spikes in one step travel as one event
    assert all(0 <= c <= DRIVEN["N"] for c in ev["n_events"])


def test_targets_receive_weight_times_multiplicity(nest):
    nest.ResetKernel()
    nest.SetKernelStatus({"rng_seed": 5})
    pop = nest.Create("gif_pop_psc_exp", params=DRIVEN)
    target = nest.Create("iaf_psc_delta", params={"tau_m": 1e12, "V_th": 1e9, "E_L": 0.0, "V_m": 0.0,
                                                  "V_reset": 0.0, "t_ref": 0.0})
    nest.Connect(pop, target, syn_spec={"weight": 0.25, "delay": 1.0})
    mm = nest.Create("multimeter", params={"record_from": ["n_events"], "interval": 0.1})
    nest.Connect(mm, pop)
    nest.Simulate(101.0)
    counts = np.asarray(mm.get("events", "n_events"))
    times = np.asarray(mm.get("events", "times"))
    delivered = counts[times <= 100.0].sum()  # spikes of (0, 100] arrived by 101 ms
    assert delivered > 10
    assert target.V_m == pytest.approx(0.25 * delivered, abs=1e-6)


def test_inputs_routed_by_sign_and_scaled_by_multiplicity(nest):
    nest.ResetKernel()
    pops = nest.Create("gif_pop_psc_exp", 2, params={"lambda_0": 0.0})
    sg = nest.Create("spike_generator", params={"spike_times": [2.0, 2.0, 2.0]})  # one step, three spikes
    nest.Connect(sg, pops[0], syn_spec={"weight": 100.0, "delay": 1.0})
    nest.Connect(sg, pops[1], syn_spec={"weight": -100.0, "delay": 1.0})
    nest.Simulate(3.1)
    ex, inh = pops[0], pops[1]
    assert inh.I_syn_ex == 0.0 and ex.I_syn_in == 0.0
    # NEST's update: the step's input J N A = w n / h, relaxed over one step.
    h, tau_ex, tau_in = 0.1, 3.0, 6.0
    expected_ex = 300.0 / h * tau_ex * (1.0 - np.exp(-h / tau_ex)) * np.exp(-0.1 / tau_ex)
    assert ex.I_syn_ex == pytest.approx(expected_ex, rel=1e-9)
    assert inh.I_syn_in == pytest.approx(-300.0 / h * tau_in * (1.0 - np.exp(-h / tau_in)) * np.exp(-0.1 / tau_in), rel=1e-9)
    assert ex.V_m > 0.0 > inh.V_m


def test_state_carries_over_between_simulates_and_set_status_rebuilds(nest):
    whole, _, _ = _run(nest, t_sim=200.0)
    split, _, _ = _run(nest, t_sim=200.0, splits=4)
    assert list(whole["n_events"]) == list(split["n_events"])
    np.testing.assert_array_equal(whole["mean"], split["mean"])
    # A SetStatus rebuilds the population's history: the node starts afresh,
    # as a new node (with the length it chose) would.
    nest.ResetKernel()
    a, b = nest.Create("gif_pop_psc_exp", 2, params=DRIVEN)
    nest.Simulate(100.0)
    assert a.mean > 0.0
    a.set(V_m=0.0, I_syn_ex=0.0, I_syn_in=0.0)
    fresh = nest.Create("gif_pop_psc_exp", params=dict(DRIVEN, len_kernel=a.len_kernel))
    nest.Simulate(0.1)
    assert a.mean == fresh.mean and a.V_m == fresh.V_m and a.E_sfa == fresh.E_sfa
    assert b.mean != a.mean and b.V_m != a.V_m


@pytest.mark.parametrize("binorand", [True, False])
def test_same_seed_same_counts_for_threads(nest, binorand):
    params = dict(DRIVEN, BinoRand=binorand)
    one, _, _ = _run(nest, threads=1, params=params)
    two, _, _ = _run(nest, threads=2, params=params)
    assert list(one["n_events"]) == list(two["n_events"])
    other, _, _ = _run(nest, threads=1, seed=4, params=params)
    assert list(one["n_events"]) != list(other["n_events"])


def test_same_counts_on_both_backends(nest):
    cpu, _, _ = _run(nest, backend="cpu")
    cuda, _, _ = _run(nest, backend="cuda")
    assert list(cpu["n_events"]) == list(cuda["n_events"])
    np.testing.assert_allclose(cpu["mean"], cuda["mean"], rtol=1e-12, atol=1e-12)


def test_poisson_counts_are_whole_and_at_most_n(nest):
    ev, _, _ = _run(nest, params={"N": 3, "I_e": 2000.0, "BinoRand": False, "t_ref": 0.0})
    counts = np.asarray(ev["n_events"])
    assert counts.sum() > 100 and 2 <= counts.max() <= 3
    assert np.all(counts == np.round(counts))


@pytest.mark.parametrize("backend", ["cpu", "cuda"])
def test_longer_history_after_a_run_relays_the_population(nest, backend):
    """A len_kernel set after a run grows the history lists past their columns:
    the population is laid out anew, its other node keeps its state."""
    def run(relayout):
        nest.ResetKernel()
        nest.SetKernelStatus({"backend": backend, "rng_seed": 9})
        a, b = nest.Create("gif_pop_psc_exp", 2, params=DRIVEN)
        nest.Simulate(50.0)
        if relayout:
            a.set(len_kernel=6000)
        nest.Simulate(50.0)
        return a.len_kernel, b.mean, b.n_events, b.E_sfa

    grown, same = run(True), run(False)
    assert grown[0] == 6000 and same[0] == 2748
    assert grown[1:] == same[1:]
