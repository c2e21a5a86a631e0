# SPDX-License-Identifier: GPL-2.0-or-later
"""Rate-modulated and renewal spike generators (NEST 3.10): sinusoidal_poisson,
inhomogeneous_poisson, gamma_sup, sinusoidal_gamma, ppd_sup, mip and
spike_dilutor. Statistics with generous bounds (a wrong process fails them),
windows, NEST's errors, thread invariance and the spike_recorder as a target."""

import numpy as np
import pytest

GENERATORS = {
    "sinusoidal_poisson_generator": {"rate": 60.0, "amplitude": 40.0, "frequency": 10.0, "phase": 30.0},
    "inhomogeneous_poisson_generator": {"rate_times": [50.0, 150.0], "rate_values": [40.0, 10.0]},
    "gamma_sup_generator": {"rate": 30.0, "gamma_shape": 3, "n_proc": 2},
    "sinusoidal_gamma_generator": {"rate": 40.0, "amplitude": 20.0, "frequency": 5.0, "order": 3.0},
    "ppd_sup_generator": {"rate": 50.0, "dead_time": 5.0, "n_proc": 2, "frequency": 4.0, "relative_amplitude": 0.5},
    "mip_generator": {"rate": 100.0, "p_copy": 0.3},
}


def _run(nest, model, params, n=50, t=1000.0, threads=1, seed=5, delay=1.0, defaults=None):
    """model -> n parrots -> spike_recorder; returns {parrot index: spike times}."""
    nest.ResetKernel()
    nest.SetKernelStatus({"rng_seed": seed, "local_num_threads": threads})
    if defaults:
        nest.SetDefaults(model, defaults)
    gen = nest.Create(model, params=params)
    parrots = nest.Create("parrot_neuron", n)
    sr = nest.Create("spike_recorder")
    nest.Connect(gen, parrots, syn_spec={"delay": delay})
    nest.Connect(parrots, sr)
    nest.Simulate(t)
    ev = sr.events
    first = parrots.global_id if n == 1 else parrots[0].global_id
    return {i: np.sort(ev["times"][ev["senders"] == first + i]) for i in range(n)}


def _run_on(nest, backend, model, params, n=10, t=300.0):
    nest.ResetKernel()
    nest.SetKernelStatus({"backend": backend, "rng_seed": 9})
    gen = nest.Create(model, params=params)
    parrots = nest.Create("parrot_neuron", n)
    sr = nest.Create("spike_recorder")
    nest.Connect(gen, parrots)
    nest.Connect(parrots, sr)
    nest.Connect(gen, sr)
    nest.Simulate(t)
    return sr.events


def _all(trains):
    return np.concatenate(list(trains.values()))


@pytest.mark.parametrize("model", sorted(GENERATORS))
def test_same_seed_same_trains_for_one_and_two_threads(nest, model):
    one = _run(nest, model, GENERATORS[model], n=20, t=300.0, threads=1)
    two = _run(nest, model, GENERATORS[model], n=20, t=300.0, threads=2)
    assert sum(len(v) for v in one.values()) > 20
    for i in one:
        np.testing.assert_array_equal(one[i], two[i])
    other = _run(nest, model, GENERATORS[model], n=20, t=300.0, threads=1, seed=6)
    assert any(len(one[i]) != len(other[i]) or np.any(one[i] != other[i]) for i in one)


@pytest.mark.parametrize("model", sorted(GENERATORS))
def test_cpu_and_cuda_give_the_same_trains(nest, model):
    if "cuda" not in nest.available_backends():
        pytest.skip("this build has no usable 'cuda' backend")
    cpu = _run_on(nest, "cpu", model, GENERATORS[model])
    cuda = _run_on(nest, "cuda", model, GENERATORS[model])
    assert len(cpu["times"]) > 20
    for key in ("senders", "times"):
        np.testing.assert_array_equal(cpu[key], cuda[key])


@pytest.mark.parametrize("model", sorted(GENERATORS))
def test_generator_into_spike_recorder_records_its_own_train(nest, model):
    """NEST lets a spike_recorder observe these generators: it is one more target."""
    nest.SetKernelStatus({"rng_seed": 3})
    gen = nest.Create(model, params=GENERATORS[model])
    sr = nest.Create("spike_recorder")
    nest.Connect(gen, sr)
    nest.Simulate(1000.0)
    assert sr.n_events > 5
    assert np.all(sr.events["senders"] == gen.global_id)


@pytest.mark.parametrize("model", sorted(GENERATORS))
def test_window_origin_start_stop(nest, model):
    params = dict(GENERATORS[model], origin=100.0, start=100.0, stop=400.0)
    times = _all(_run(nest, model, params, n=30, t=700.0, delay=1.0))
    assert len(times) > 10
    # Emission stamps in (origin + start, origin + stop], seen 1 ms later by the parrots.
    assert times.min() > 201.0 and times.max() <= 501.0 + 1e-9


def test_sinusoidal_poisson_rate_and_modulation(nest):
    p = GENERATORS["sinusoidal_poisson_generator"]
    trains = _run(nest, "sinusoidal_poisson_generator", p, n=200, t=2000.0)
    times = _all(trains)
    rate = len(times) / 200 / 2.0
    assert 55.0 < rate < 65.0
    # First Fourier component at 10 Hz: amplitude/2 = 20 Hz per train (spread ~1 Hz).
    phase = 2 * np.pi * 10.0 * (times - 1.0) / 1000.0
    c = 2 * np.sum(np.exp(1j * phase)) / 200 / 2.0
    assert 36.0 < abs(c) < 44.0  # the amplitude, 40 Hz (spread about 0.5 Hz)
    assert abs(np.angle(c, deg=True) - 60.0) < 5.0  # sin(x + 30 deg) = cos(x - 60 deg)


def test_sinusoidal_generators_record_their_rate(nest):
    for model in ("sinusoidal_poisson_generator", "sinusoidal_gamma_generator"):
        nest.ResetKernel()
        gen = nest.Create(model, params={"rate": 30.0, "amplitude": 20.0, "frequency": 10.0, "phase": 45.0})
        assert list(nest.GetDefaults(model)["recordables"]) == ["rate"]
        mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.5})
        nest.Connect(mm, gen)
        nest.Simulate(100.0)
        ev = mm.events
        expected = 30.0 + 20.0 * np.sin(2 * np.pi * 10.0 * ev["times"] / 1000.0 + np.pi / 4)
        np.testing.assert_allclose(ev["rate"], expected, atol=1e-9)
        assert np.all(ev["senders"] == gen.global_id)


def test_sinusoidal_poisson_rate_is_clipped_at_zero(nest):
    gen = nest.Create("sinusoidal_poisson_generator", params={"rate": 10.0, "amplitude": 30.0, "frequency": 10.0})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, gen)
    nest.Simulate(100.0)
    assert mm.events["rate"].min() == 0.0


@pytest.mark.parametrize("model", ["sinusoidal_poisson_generator", "sinusoidal_gamma_generator"])
def test_shared_train_with_individual_spike_trains_false(nest, model, errors):
    with pytest.raises(errors.BadProperty, match="individual_spike_trains"):
        nest.Create(model, params={"individual_spike_trains": False})
    trains = _run(nest, model, {"rate": 80.0, "amplitude": 20.0, "frequency": 5.0}, n=5, t=500.0,
                  defaults={"individual_spike_trains": False})
    assert len(trains[0]) > 10
    for i in trains:
        np.testing.assert_array_equal(trains[i], trains[0])
    nest.ResetKernel()
    nest.CopyModel(model, "shared_" + model, {"individual_spike_trains": False})
    assert nest.GetDefaults("shared_" + model)["individual_spike_trains"] is False


def test_inhomogeneous_poisson_rates_change_from_the_step_ending_at_t(nest):
    params = {"rate_times": [100.0, 600.0], "rate_values": [20.0, 60.0]}
    times = _all(_run(nest, "inhomogeneous_poisson_generator", params, n=300, t=1100.0))
    assert times.min() >= 101.0  # the first possible stamp is 100.0, +1 ms delay
    r1 = np.sum((times > 100.95) & (times <= 600.95)) / 300 / 0.5
    r2 = np.sum(times > 600.95) / 300 / (1100.0 - 600.95) * 1000.0
    assert 17.0 < r1 < 23.0 and 55.0 < r2 < 65.0
    # A huge rate from 10.0 ms: the first spike is stamped exactly 10.0.
    first = _all(_run(nest, "inhomogeneous_poisson_generator", {"rate_times": [10.0], "rate_values": [1e6]}, n=1, t=20.0))
    assert first.min() == pytest.approx(11.0)


def test_inhomogeneous_poisson_errors_and_offgrid_times(nest, errors, usable):
    model = "inhomogeneous_poisson_generator"
    bad = [
        ({"rate_times": [1.0, 2.0], "rate_values": [5.0]}, "same size"),
        ({"rate_times": [2.0, 1.0], "rate_values": [5.0, 1.0]}, "strictly increasing"),
        ({"rate_times": [1.05], "rate_values": [5.0]}, "not representable"),
        ({"rate_times": [0.0], "rate_values": [5.0]}, "strictly in the future"),
        ({"rate_times": [1.0]}, "reset together"),
        ({"rate_times": [1.01, 1.02], "rate_values": [5.0, 6.0], "allow_offgrid_times": True}, "strictly increasing"),
    ]
    for params, text in bad:
        with pytest.raises(errors.BadProperty, match=text) as info:
            nest.Create(model, params=params)
        assert model in str(info.value)
    g = nest.Create(model, params={"rate_times": [1.05, 1.12], "rate_values": [5.0, 6.0], "allow_offgrid_times": True})
    np.testing.assert_allclose(g.get("rate_times"), [1.1, 1.2])
    # NEST accepts negative rates and draws nothing for them.
    times = _all(_run(nest, model, {"rate_times": [1.0], "rate_values": [-50.0]}, n=10, t=100.0))
    assert len(times) == 0
    usable()


def test_gamma_sup_is_a_gamma_process_per_target(nest):
    trains = _run(nest, "gamma_sup_generator", {"rate": 20.0, "gamma_shape": 4, "n_proc": 1}, n=200, t=2000.0)
    isi = np.concatenate([np.diff(t) for t in trains.values()])
    rate = len(_all(trains)) / 200 / 2.0
    assert 19.0 < rate < 21.6
    cv = isi.std() / isi.mean()
    assert 0.45 < cv < 0.55  # 1/sqrt(4); a Poisson train has 1
    # Independent per target: trains differ.
    assert not np.array_equal(trains[0], trains[1])


def test_gamma_sup_superposition_tends_to_poisson(nest):
    trains = _run(nest, "gamma_sup_generator", {"rate": 2.0, "gamma_shape": 4, "n_proc": 20}, n=100, t=2000.0)
    isi = np.concatenate([np.diff(t) for t in trains.values()])
    rate = len(_all(trains)) / 100 / 2.0
    assert 36.0 < rate < 44.0
    assert 0.85 < isi.std() / isi.mean() < 1.1


def test_ppd_sup_has_its_dead_time(nest):
    trains = _run(nest, "ppd_sup_generator", {"rate": 50.0, "dead_time": 5.0}, n=200, t=2000.0)
    isi = np.concatenate([np.diff(t) for t in trains.values()])
    assert isi.min() >= 5.0 - 1e-9
    rate = len(_all(trains)) / 200 / 2.0
    assert 47.5 < rate < 52.5
    assert 0.70 < isi.std() / isi.mean() < 0.80  # 1 - rate * dead_time = 0.75


def test_sinusoidal_gamma_is_more_regular_than_poisson(nest):
    trains = _run(nest, "sinusoidal_gamma_generator", {"rate": 40.0, "order": 3.0}, n=200, t=2000.0)
    isi = np.concatenate([np.diff(t) for t in trains.values()])
    rate = len(_all(trains)) / 200 / 2.0
    assert 37.0 < rate < 43.0
    assert 0.52 < isi.std() / isi.mean() < 0.64  # 1/sqrt(3)


def test_mip_copies_one_mother_train(nest):
    trains = _run(nest, "mip_generator", {"rate": 100.0, "p_copy": 0.2}, n=100, t=2000.0)
    times = _all(trains)
    rate = len(times) / 100 / 2.0
    assert 17.0 < rate < 23.0
    # Every spike time is a mother spike: about 100 Hz * 2 s = 200 distinct times.
    distinct = np.unique(np.round(times, 4))
    assert 160 < len(distinct) < 240
    # p_copy = 1: every target gets the mother train.
    full = _run(nest, "mip_generator", {"rate": 50.0, "p_copy": 1.0}, n=4, t=500.0)
    for i in full:
        np.testing.assert_array_equal(full[i], full[0])


def test_spike_dilutor_repeats_mother_spikes(nest, errors):
    nest.ResetKernel()
    mother = nest.Create("spike_generator", params={"spike_times": [5.0, 12.0, 12.0, 20.0]})
    dil = nest.Create("spike_dilutor")
    parrots = nest.Create("parrot_neuron", 2)
    sr = nest.Create("spike_recorder")
    nest.Connect(mother, dil, syn_spec={"delay": 1.0})
    nest.Connect(dil, parrots, syn_spec={"delay": 1.5})
    nest.Connect(parrots, sr)
    nest.Simulate(30.0)
    assert sorted(sr.events["times"].tolist()) == [7.5, 7.5, 14.5, 14.5, 14.5, 14.5, 22.5, 22.5]
    # Thinning from a Poisson mother train.
    nest.ResetKernel()
    nest.SetKernelStatus({"rng_seed": 2})
    mother = nest.Create("poisson_generator", params={"rate": 500.0})
    dil = nest.Create("spike_dilutor", params={"p_copy": 0.1})
    parrots = nest.Create("parrot_neuron", 100)
    sr = nest.Create("spike_recorder")
    nest.Connect(mother, dil)
    nest.Connect(dil, parrots)
    nest.Connect(parrots, sr)
    nest.Simulate(1000.0)
    assert 40.0 < sr.n_events / 100 < 60.0
    # NEST 3.10: single thread only.
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": 2})
    dil = nest.Create("spike_dilutor")
    nest.Connect(dil, nest.Create("parrot_neuron"))
    with pytest.raises(errors.KernelException, match="multiple threads"):
        nest.Simulate(10.0)


@pytest.mark.parametrize("model, params, text", [
    ("sinusoidal_gamma_generator", {"rate": 5.0, "amplitude": 6.0}, "0 <= amplitude <= rate"),
    ("sinusoidal_gamma_generator", {"order": 0.5}, "at least 1"),
    ("gamma_sup_generator", {"gamma_shape": 0}, "shape must be larger or equal 1"),
    ("gamma_sup_generator", {"rate": -1.0}, "rate must be larger than 0"),
    ("gamma_sup_generator", {"n_proc": 0}, "component processes"),
    ("ppd_sup_generator", {"dead_time": -1.0}, "dead time cannot be negative"),
    ("ppd_sup_generator", {"rate": 500.0, "dead_time": 3.0}, "inverse rate"),
    ("ppd_sup_generator", {"relative_amplitude": 1.5}, "relative amplitude"),
    ("ppd_sup_generator", {"n_proc": 0}, "component processes"),
    ("mip_generator", {"rate": -1.0}, "non-negative"),
    ("mip_generator", {"p_copy": 1.5}, "Copy probability"),
    ("spike_dilutor", {"p_copy": -0.5}, "Copy probability"),
    ("mip_generator", {"start": 5.0, "stop": 2.0}, "stop"),
])
def test_bad_parameters_raise_naming_the_device(nest, errors, usable, model, params, text):
    with pytest.raises(errors.BadProperty, match=text) as info:
        nest.Create(model, params=params)
    assert model in str(info.value) or "stop" in text
    g = nest.Create(model)
    with pytest.raises(errors.BadProperty):
        g.set(params)
    usable()


def test_defaults_equal_nest(nest):
    import json
    import os
    from pathlib import Path

    reference_dir = Path(os.environ.get("ROOST_REFERENCE_DIR",
                                        Path(__file__).resolve().parents[2] / ".." / "shared" / "reference" / "nest"))
    if not (reference_dir / "devices").is_dir():
        pytest.skip(f"NEST reference data not found at {reference_dir}")
    models = set(GENERATORS) | {"spike_dilutor"}
    checked = set()
    for path in sorted((reference_dir / "devices").glob("*.json")):
        case = json.loads(path.read_text())
        for model, defaults in case.get("nest_defaults", {}).items():
            if model not in models or model in checked:
                continue
            checked.add(model)
            ours = nest.GetDefaults(model)
            for key, value in defaults.items():
                if key == "stimulus_source":
                    continue  # NEST's MUSIC/stimulation backends: not in Roost
                assert key in ours, f"{model}: no '{key}'"
                if isinstance(value, list):
                    assert list(ours[key]) == value, f"{model}.{key}"
                elif isinstance(value, float):
                    assert ours[key] == pytest.approx(value, rel=1e-12), f"{model}.{key}"
                else:
                    assert ours[key] == value and type(ours[key]) is type(value), f"{model}.{key}"
    assert checked == models
