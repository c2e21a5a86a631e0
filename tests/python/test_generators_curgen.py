# SPDX-License-Identifier: GPL-2.0-or-later
"""ac_generator, noise_generator, pulsepacket_generator, spike_train_injector:
behaviour beyond the NEST reference cases (statistics, windows, errors,
thread and backend invariance, connection rules)."""

import math

import numpy as np
import pytest


def _record_current(nest, gen, t_sim, n_targets=1, weight=1.0, threads=1, backend=None):
    """Simulate `gen` into n_targets iaf_psc_alpha; return (times, I) of the generator."""
    if backend is not None:
        nest.SetKernelStatus({"backend": backend})
    nest.SetKernelStatus({"local_num_threads": threads})
    g = nest.Create(gen[0], params=gen[1])
    if n_targets:
        nest.Connect(g, nest.Create("iaf_psc_alpha", n_targets, params={"V_th": 1e9}), syn_spec={"weight": weight})
    mm = nest.Create("multimeter", params={"record_from": ["I"], "interval": nest.resolution})
    nest.Connect(mm, g)
    nest.Simulate(t_sim)
    return np.asarray(mm.events["times"]), np.asarray(mm.events["I"])


def _noise_vm(nest, threads, backend="cpu", seed=7):
    nest.ResetKernel()
    nest.SetKernelStatus({"backend": backend, "local_num_threads": threads, "rng_seed": seed})
    noise = nest.Create("noise_generator", params={"mean": 50.0, "std": 300.0, "dt": 0.5, "std_mod": 100.0,
                                                   "frequency": 40.0})
    neurons = nest.Create("iaf_psc_alpha", 6, params={"V_th": 1e9})
    nest.Connect(noise, neurons, syn_spec={"weight": 1.5})
    nest.Connect(noise, neurons[::2], syn_spec={"weight": -1.0, "delay": 2.0})  # a second input per target
    vm = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": 0.5})
    mm = nest.Create("multimeter", params={"record_from": ["I"], "interval": 0.1})
    nest.Connect(vm, neurons)
    nest.Connect(mm, noise)
    nest.Simulate(200.0)
    order = np.lexsort((vm.events["senders"], vm.events["times"]))
    return np.asarray(vm.events["V_m"])[order], np.asarray(mm.events["I"])


def _pulse_spikes(nest, threads, backend="cpu", seed=3):
    nest.ResetKernel()
    nest.SetKernelStatus({"backend": backend, "local_num_threads": threads, "rng_seed": seed})
    pp = nest.Create("pulsepacket_generator", params={"pulse_times": [20.0, 50.0, 51.0], "activity": 30, "sdev": 3.0})
    parrots = nest.Create("parrot_neuron", 3)
    sr = nest.Create("spike_recorder")
    nest.Connect(pp, parrots)
    nest.Connect(parrots, sr)
    nest.Simulate(100.0)
    return sorted(zip(sr.events["senders"].tolist(), sr.events["times"].tolist()))


# ------------------------------------------------------------------ ac_generator

def test_ac_generator_is_the_sine_inside_its_window(nest):
    params = {"amplitude": 150.0, "offset": 20.0, "frequency": 30.0, "phase": 60.0,
              "origin": 5.0, "start": 10.0, "stop": 40.0}
    times, current = _record_current(nest, ("ac_generator", params), 60.0)
    on = (times >= 15.0 - 1e-9) & (times < 45.0 - 1e-9)  # [origin+start, origin+stop)
    expected = 20.0 + 150.0 * np.sin(2 * np.pi * 30.0 * times / 1000.0 + np.pi / 3)
    np.testing.assert_allclose(current[on], expected[on], rtol=1e-12, atol=1e-10)
    assert np.all(current[~on] == 0.0)
    assert on.sum() == 300


def test_ac_generator_split_simulate_equals_one_run(nest):
    params = {"amplitude": 80.0, "frequency": 17.0, "phase": -30.0, "offset": 5.0}
    _, whole = _record_current(nest, ("ac_generator", params), 50.0)
    nest.ResetKernel()
    g = nest.Create("ac_generator", params=params)
    mm = nest.Create("multimeter", params={"record_from": ["I"], "interval": 0.1})
    nest.Connect(mm, g)
    for t in (12.3, 0.4, 37.3):
        nest.Simulate(t)
    np.testing.assert_allclose(mm.events["I"], whole, rtol=0, atol=1e-10)


# ------------------------------------------------------------------ noise_generator

def test_noise_generator_draws_per_target_every_dt(nest):
    """Mean and std of one target's current; held for dt, redrawn after; targets independent."""
    nest.SetKernelStatus({"rng_seed": 5})
    gen = ("noise_generator", {"mean": 100.0, "std": 200.0, "dt": 0.5})
    times, one = _record_current(nest, gen, 2000.0, n_targets=1)
    held = one.reshape(-1, 5)  # 5 steps per dt, from the first step on
    assert np.all(held == held[:, :1])  # constant within each dt interval
    draws = held[:, 0]  # 4000 draws
    assert abs(draws.mean() - 100.0) < 4 * 200.0 / math.sqrt(draws.size)
    assert abs(draws.std() - 200.0) < 0.06 * 200.0
    assert np.mean(np.diff(draws) == 0.0) < 1e-3  # a new amplitude in each interval
    # Four targets: I is their mean, std 200 / 2 if (and only if) they are independent.
    nest.ResetKernel()
    nest.SetKernelStatus({"rng_seed": 5})
    _, mean4 = _record_current(nest, gen, 2000.0, n_targets=4)
    assert abs(mean4[::5].std() - 100.0) < 8.0


def test_noise_generator_weight_scales_the_input_not_the_recorded_current(nest):
    gen = ("noise_generator", {"mean": 50.0, "start": 5.0, "stop": 10.0})
    times, current = _record_current(nest, gen, 20.0, n_targets=2, weight=3.0)
    on = (times >= 5.0 - 1e-9) & (times < 10.0 - 1e-9)
    assert np.all(current[on] == 50.0) and np.all(current[~on] == 0.0)
    nest.ResetKernel()
    _, alone = _record_current(nest, gen, 20.0, n_targets=0)
    assert np.all(alone == 0.0)  # NEST: the mean over no targets is 0


def test_noise_generator_std_mod_modulates_the_variance(nest):
    nest.SetKernelStatus({"rng_seed": 9})
    gen = ("noise_generator", {"std": 100.0, "std_mod": 100.0, "frequency": 10.0, "dt": 0.1})
    times, current = _record_current(nest, gen, 1000.0, n_targets=1)
    phase = np.sin(2 * np.pi * 10.0 * times / 1000.0)
    high, low = current[phase > 0.7], current[phase < -0.7]
    # variance 100^2 (1 + sin): above 1.7e4 at the crests, below 0.3e4 at the troughs
    assert high.var() > 1.4e4 and low.var() < 0.5e4


def test_noise_generator_same_input_for_any_thread_count(nest):
    vm1, i1 = _noise_vm(nest, 1)
    vm2, i2 = _noise_vm(nest, 2)
    np.testing.assert_array_equal(vm1, vm2)
    np.testing.assert_array_equal(i1, i2)
    vm3, _ = _noise_vm(nest, 1, seed=8)
    assert not np.array_equal(vm1, vm3)


def test_noise_generator_same_input_on_both_backends(nest):
    if "cuda" not in nest.available_backends():
        pytest.skip("this build has no usable 'cuda' backend")
    vm_cpu, i_cpu = _noise_vm(nest, 1)
    vm_cuda, i_cuda = _noise_vm(nest, 1, backend="cuda")
    np.testing.assert_allclose(vm_cuda, vm_cpu, rtol=1e-12, atol=1e-12)
    np.testing.assert_array_equal(i_cuda, i_cpu)


# ------------------------------------------------------------------ pulsepacket_generator

def test_pulsepacket_sdev0_stamps_and_window(nest):
    pp = nest.Create("pulsepacket_generator", params={"pulse_times": [50.04, 10.0, 29.95, 30.0, 79.9, 80.0],
                                                      "activity": 2, "start": 30.0, "stop": 80.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(pp, sr)  # NEST lets a recorder observe it
    nest.Connect(nest.Create("iaf_psc_alpha"), nest.Create("iaf_psc_alpha"))  # min_delay 1 ms
    nest.Simulate(100.0)
    # Rounded up to the grid, stamped one step later; the window as NEST's (slices of 1 ms).
    assert sr.events["times"].tolist() == [30.1, 30.1, 50.2, 50.2, 80.0, 80.0]


def test_pulsepacket_statistics_and_same_spikes_for_all_targets(nest):
    nest.SetKernelStatus({"rng_seed": 21})
    centers = np.arange(20.0, 1000.0, 20.0)
    pp = nest.Create("pulsepacket_generator", params={"pulse_times": centers, "activity": 40, "sdev": 2.0})
    parrots = nest.Create("parrot_neuron", 2)
    sr = nest.Create("spike_recorder")
    nest.Connect(pp, parrots)
    nest.Connect(parrots, sr)
    nest.Simulate(1010.0)
    senders, times = sr.events["senders"], sr.events["times"] - 1.0  # delay 1 ms
    a, b = np.sort(times[senders == parrots[0].global_id]), np.sort(times[senders == parrots[1].global_id])
    np.testing.assert_array_equal(a, b)
    offsets = a - centers[np.argmin(np.abs(a[:, None] - centers[None, :]), axis=1)]
    assert a.size == 40 * centers.size
    assert abs(offsets.std() - 2.0) < 0.1  # 1960 spikes: 2 % of sdev is ~ 4 sigma
    assert abs(offsets.mean() - 0.15) < 0.2  # rounded up (+h/2) and sent a step later (+h)


def test_pulsepacket_same_spikes_for_any_thread_count_and_backend(nest):
    one = _pulse_spikes(nest, 1)
    assert one == _pulse_spikes(nest, 2)
    assert one != _pulse_spikes(nest, 1, seed=4)
    if "cuda" in nest.available_backends():
        assert one == _pulse_spikes(nest, 1, backend="cuda")


def test_pulsepacket_split_simulate_equals_one_run(nest):
    def run(splits):
        nest.ResetKernel()
        nest.SetKernelStatus({"rng_seed": 2})
        pp = nest.Create("pulsepacket_generator", params={"pulse_times": [5.0, 10.0, 10.5, 20.0], "activity": 5,
                                                          "sdev": 1.0})
        sr = nest.Create("spike_recorder")
        nest.Connect(pp, sr)
        for t in splits:
            nest.Simulate(t)
        return sorted(sr.events["times"].tolist())
    assert run([9.5, 0.7, 30.0]) == run([40.2])


# ------------------------------------------------------------------ spike_train_injector

def test_spike_train_injector_is_a_neuron_like_source(nest):
    assert nest.GetDefaults("spike_train_injector")["element_type"] == "neuron"
    sti = nest.Create("spike_train_injector", params={"spike_times": [1.0, 2.0, 2.0, 5.5, 8.0],
                                                      "spike_multiplicities": [1, 2, 1, 3, 1], "start": 1.0,
                                                      "stop": 5.5})
    assert sti.get("element_type") == "neuron"
    parrots = nest.Create("parrot_neuron", 2)
    sr, direct = nest.Create("spike_recorder"), nest.Create("spike_recorder")
    nest.Connect(sti, parrots[0], syn_spec={"synapse_model": "stdp_synapse", "delay": 1.0})  # any synapse
    nest.Connect(sti, parrots[1], syn_spec={"delay": 2.0})
    nest.Connect(parrots, sr)
    nest.Connect(sti, direct)
    nest.Simulate(12.0)
    # Window (start, stop]: 1.0 is out, 5.5 in; multiplicities are recorded as copies.
    assert direct.events["times"].tolist() == [2.0] * 3 + [5.5] * 3
    got = sorted(zip(sr.events["senders"].tolist(), sr.events["times"].tolist()))
    p0, p1 = parrots.tolist()
    assert got == sorted([(p0, 3.0)] * 3 + [(p0, 6.5)] * 3 + [(p1, 4.0)] * 3 + [(p1, 7.5)] * 3)


def test_spike_train_injector_takes_no_input(nest, errors):
    sti = nest.Create("spike_train_injector")
    with pytest.raises(errors.IllegalConnection, match="spike_train_injector"):
        nest.Connect(nest.Create("iaf_psc_alpha"), sti)
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(nest.Create("dc_generator"), sti)


# ------------------------------------------------------------------ connection rules and errors

@pytest.mark.parametrize("model", ["ac_generator", "noise_generator"])
def test_current_generators_do_not_connect_to_spike_recorders(nest, errors, usable, model):
    with pytest.raises(errors.IllegalConnection):
        nest.Connect(nest.Create(model), nest.Create("spike_recorder"))
    with pytest.raises(errors.IllegalConnection, match="current input"):
        nest.Connect(nest.Create(model), nest.Create("iaf_chs_2007"))
    with pytest.raises(errors.IllegalConnection, match="receptor_type"):
        nest.Connect(nest.Create(model), nest.Create("iaf_psc_alpha"), syn_spec={"receptor_type": 1})
    usable()


@pytest.mark.parametrize("model, params, match", [
    ("noise_generator", {"dt": 0.25}, "noise_generator: .*dt = 0.25 ms must be a multiple of the resolution"),
    ("noise_generator", {"dt": 0.0}, "noise_generator: .*dt"),
    ("noise_generator", {"std": -1.0}, "noise_generator: The standard deviation cannot be negative"),
    ("noise_generator", {"std_mod": -1.0}, "noise_generator: The standard deviation cannot be negative"),
    ("noise_generator", {"std": 1.0, "std_mod": 2.0}, "noise_generator: .*std_mod"),
    ("noise_generator", {"start": 10.0, "stop": 5.0}, "noise_generator: stop"),
    ("ac_generator", {"start": 10.0, "stop": 5.0}, "ac_generator: stop"),
    ("pulsepacket_generator", {"activity": -1}, "pulsepacket_generator: The activity cannot be negative"),
    ("pulsepacket_generator", {"sdev": -1.0}, "pulsepacket_generator: .*sdev"),
    ("pulsepacket_generator", {"start": -1.0}, "pulsepacket_generator: start"),
    ("spike_train_injector", {"spike_times": [3.0, 1.0]}, "spike_train_injector: Spike times must be sorted"),
    ("spike_train_injector", {"spike_times": [1.0, 2.0], "spike_multiplicities": [1]},
     "spike_train_injector: spike_multiplicities must have the same number"),
    ("spike_train_injector", {"spike_times": [1.03]}, "spike_train_injector: Time point 1.03 is not representable"),
    ("spike_train_injector", {"spike_times": [0.0]}, "spike_train_injector: Spike time cannot be set to 0"),
    ("spike_train_injector", {"precise_times": True}, "spike_train_injector: precise_times"),
])
def test_bad_parameters_raise_and_leave_the_kernel_usable(nest, errors, usable, model, params, match):
    with pytest.raises(errors.BadProperty, match=match):
        nest.Create(model, params=params)
    node = nest.Create(model)
    before = node.get()
    with pytest.raises(errors.BadProperty, match=match):
        node.set(params)
    after = node.get()
    assert after.keys() == before.keys()
    for key in before:
        assert np.array_equal(np.asarray(after[key]), np.asarray(before[key])), key
    with pytest.raises(errors.BadProperty, match=match):
        nest.SetDefaults(model, params)
    usable()


def test_unknown_and_mistyped_parameters(nest, errors):
    with pytest.raises(errors.UnknownParameter):
        nest.Create("spike_train_injector", params={"spike_weights": [1.0]})  # as NEST: no spike_weights
    with pytest.raises(errors.TypeMismatch):
        nest.Create("pulsepacket_generator", params={"activity": 2.5})


def test_defaults_are_nests(nest):
    assert nest.GetDefaults("noise_generator")["dt"] == 1.0
    for model, keys in {
        "ac_generator": {"amplitude": 0.0, "offset": 0.0, "frequency": 0.0, "phase": 0.0},
        "noise_generator": {"mean": 0.0, "std": 0.0, "std_mod": 0.0, "frequency": 0.0, "phase": 0.0},
        "pulsepacket_generator": {"activity": 0, "sdev": 0.0},
        "spike_train_injector": {"allow_offgrid_times": False, "precise_times": False, "shift_now_spikes": False},
    }.items():
        d = nest.GetDefaults(model)
        for key, value in keys.items():
            assert d[key] == value, (model, key)
        assert d["origin"] == 0.0 and d["start"] == 0.0
    assert list(nest.GetDefaults("ac_generator")["recordables"]) == ["I"]
    assert list(nest.GetDefaults("noise_generator")["recordables"]) == ["I"]
