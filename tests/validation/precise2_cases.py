# SPDX-License-Identifier: GPL-2.0-or-later
"""Protocols of iaf_psc_delta_ps, parrot_neuron_ps and spike_generator's
precise_times, run by NEST 3.10 in tools/nest_reference/gen_precise2.py and
by Roost in test_precise2_nest.py. Each function takes the simulator module
(`nest` or roost) and returns plain lists."""

MODELS = ["iaf_psc_delta_ps", "parrot_neuron_ps", "iaf_psc_exp_ps_lossless"]
DEVICES = ["poisson_generator_ps"]

DELTA_CASES = ["dc_0.1", "dc_1.0", "input", "input_0.5", "instant_spike", "v_min"]

# Spike times off the grid (precise_times=True): two and three within one
# 0.1 ms step, one on the grid, one a tic after a grid point.
PRECISE_TIMES = [1.0, 2.013, 2.047, 2.05, 3.3333, 3.3334, 3.3399, 5.001, 7.25, 7.25, 9.999]


def _spikes(sr, steps_sr):
    ev, es = sr.get("events"), steps_sr.get("events")
    return {"senders": [int(x) for x in ev["senders"]], "times": [float(x) for x in ev["times"]],
            "stamps": [int(x) for x in es["times"]], "offsets": [float(x) for x in es["offsets"]]}


def _recorders(nest):
    return nest.Create("spike_recorder"), nest.Create("spike_recorder", params={"time_in_steps": True})


def run_delta_case(nest, case, threads=1, setup=None):
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    resolution = 0.1
    if case.startswith("dc_"):
        resolution = float(case[3:])
    elif case == "input_0.5":
        resolution = 0.5
    nest.SetKernelStatus({"resolution": resolution, "local_num_threads": threads})
    params = {}
    if case == "instant_spike":
        params = {"V_m": -50.0, "I_e": 200.0}
    elif case.startswith("input"):
        params = {"I_e": 300.0, "t_ref": 1.5}
    elif case == "v_min":
        params = {"V_min": -71.0, "I_e": 380.0}
    neurons = nest.Create("iaf_psc_delta_ps", 2, params=params)
    vm = nest.Create("voltmeter", params={"interval": resolution})
    sr, steps_sr = _recorders(nest)
    nest.Connect(vm, neurons)
    nest.Connect(neurons, sr)
    nest.Connect(neurons, steps_sr)
    if case.startswith("dc_"):
        dc = nest.Create("dc_generator", params={"amplitude": 700.0})
        nest.Connect(dc, neurons)
    else:
        # Grid spikes (some coinciding), off-grid spikes (some within one
        # step, some during refractoriness), inhibition, a step current.
        ex = nest.Create("spike_generator", params={"spike_times": [5.0, 5.0, 12.5, 20.0, 31.5, 47.5, 60.0]})
        precise = nest.Create("spike_generator",
                              params={"precise_times": True,
                                      "spike_times": [8.03, 8.07, 15.21, 15.21, 22.4444, 33.001, 50.3, 50.31, 72.6]})
        inh = nest.Create("spike_generator", params={"spike_times": [12.5, 25.0, 40.0, 70.0, 70.0]})
        nest.Connect(ex, neurons, syn_spec={"weight": 6.0, "delay": 1.0})
        nest.Connect(precise, neurons, syn_spec={"weight": 4.5, "delay": 1.5})
        nest.Connect(inh, neurons[1], syn_spec={"weight": -5.0, "delay": 2.0})
        step = nest.Create("step_current_generator",
                           params={"amplitude_times": [30.0, 55.0], "amplitude_values": [250.0, -100.0]})
        nest.Connect(step, neurons[0])
    nest.Simulate(100.0)
    out = _spikes(sr, steps_sr)
    vev = vm.get("events")
    out["vm"] = {"senders": [int(x) for x in vev["senders"]], "times": [float(x) for x in vev["times"]],
                 "V_m": [float(x) for x in vev["V_m"]]}
    out["state"] = {k: [float(x) for x in neurons.get(k)] for k in ("V_m",)}
    out["is_refractory"] = [bool(x) for x in neurons.get("is_refractory")]
    return out


def run_parrot_chain(nest, threads=1, setup=None, tics_per_ms=None):
    """precise spike_generator -> parrot_neuron_ps (ports 0 and 1) -> parrot_neuron_ps
    and iaf_psc_delta_ps; every parrot's and the delta neuron's spikes."""
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    status = {"resolution": 0.1, "local_num_threads": threads}
    if tics_per_ms is not None:
        status = {"tics_per_ms": tics_per_ms, "resolution": 0.125, "local_num_threads": threads}
    nest.SetKernelStatus(status)
    sg = nest.Create("spike_generator", params={"precise_times": True, "spike_times": PRECISE_TIMES,
                                                "spike_multiplicities": [1, 2, 1, 1, 1, 3, 1, 1, 1, 2, 1]})
    grid = nest.Create("spike_generator", params={"spike_times": [2.5, 6.0]})
    parrots = nest.Create("parrot_neuron_ps", 3)
    second = nest.Create("parrot_neuron_ps")
    target = nest.Create("iaf_psc_delta_ps", params={"I_e": 350.0})
    nest.Connect(sg, parrots[:2], syn_spec={"weight": 7.0, "delay": 1.0})
    nest.Connect(sg, parrots[2], syn_spec={"receptor_type": 1, "delay": 1.0})
    nest.Connect(grid, parrots, syn_spec={"delay": 0.5})
    nest.Connect(parrots[0], second, syn_spec={"delay": 2.0})
    nest.Connect(parrots[1], target, syn_spec={"weight": 4.0, "delay": 1.2})
    sr, steps_sr = _recorders(nest)
    nest.Connect(parrots + second + target, sr)
    nest.Connect(parrots + second + target, steps_sr)
    nest.Simulate(20.0)
    return _spikes(sr, steps_sr)


def run_generator_to_delta(nest, threads=1, setup=None):
    """spike_generator with precise_times straight into the recorder and into
    an iaf_psc_delta_ps: the times and offsets as NEST keeps them."""
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    nest.SetKernelStatus({"resolution": 0.1, "local_num_threads": threads})
    sg = nest.Create("spike_generator", params={"precise_times": True, "spike_times": PRECISE_TIMES})
    n = nest.Create("iaf_psc_delta_ps", params={"V_th": -69.0, "t_ref": 0.1})
    nest.Connect(sg, n, syn_spec={"weight": 0.6, "delay": 0.3})
    sr, steps_sr = _recorders(nest)
    nest.Connect(sg + n, sr)
    nest.Connect(sg + n, steps_sr)
    nest.Simulate(15.0)
    return _spikes(sr, steps_sr)


# poisson_generator_ps: statistics of the trains (NEST's and Roost's draws
# differ, their laws must not).
PS_RATE, PS_DEAD, PS_TRAINS, PS_TIME = 400.0, 1.0, 20, 1000.0
PS_SEEDS = [1, 2, 3, 4, 5]


def run_poisson_ps(nest, seed, threads=1, setup=None):
    """PS_TRAINS parrot_neuron_ps each fed by one poisson_generator_ps (an
    independent train per target), and an iaf_psc_delta (grid) fed by the
    same generator: every train's spike times and offsets."""
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    nest.SetKernelStatus({"resolution": 0.1, "rng_seed": seed, "local_num_threads": threads})
    pg = nest.Create("poisson_generator_ps", params={"rate": PS_RATE, "dead_time": PS_DEAD, "start": 100.0,
                                                       "stop": 100.0 + PS_TIME})
    parrots = nest.Create("parrot_neuron_ps", PS_TRAINS)
    nest.Connect(pg, parrots)
    sr, steps_sr = _recorders(nest)
    nest.Connect(parrots, sr)
    nest.Connect(parrots, steps_sr)
    nest.Simulate(PS_TIME + 200.0)
    spikes = _spikes(sr, steps_sr)
    return spikes


def poisson_ps_summary(spikes, h=0.1):
    """The trains' statistics: rate, ISIs (pooled, as quantiles), offsets."""
    import numpy as np
    senders = np.array(spikes["senders"])
    times = np.array(spikes["times"])
    isis = []
    for s in np.unique(senders):
        t = np.sort(times[senders == s])
        isis.extend(np.diff(t).tolist())
    isis = np.array(isis)
    offsets = np.array(spikes["offsets"])
    return {"n_spikes": int(len(times)), "first": float(times.min()), "last": float(times.max()),
            "n_trains": int(len(np.unique(senders))),
            "isi_mean": float(isis.mean()), "isi_cv": float(isis.std() / isis.mean()), "isi_min": float(isis.min()),
            "isi_quantiles": [float(q) for q in np.quantile(isis, np.linspace(0.05, 0.95, 19))],
            "offset_mean": float(offsets.mean() / h), "offset_zero_fraction": float(np.mean(offsets == 0.0))}


# iaf_psc_exp_ps_lossless (tau_syn_ex == tau_syn_in required).
LOSSLESS_CASES = ["dc_0.1", "dc_1.0", "input", "grazing", "instant_spike"]
GRAZING_TIMES = [5.03, 12.11, 20.05, 27.2, 35.02, 44.3, 51.07, 60.01, 68.15, 77.04]


def run_lossless_instability(nest, setup=None):
    """The grazing input a little stronger: NEST 3.10's test finds the
    excursion over threshold, its regula falsi then finds no sign change and
    NEST raises NumericalInstability. The error's name (or None)."""
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    nest.SetKernelStatus({"resolution": 1.0})
    n = nest.Create("iaf_psc_exp_ps_lossless", params={"tau_m": 0.5, "tau_syn_ex": 0.2, "tau_syn_in": 0.2,
                                                        "I_e": 5000.0, "t_ref": 0.5})
    sg = nest.Create("spike_generator", params={"precise_times": True, "spike_times": GRAZING_TIMES})
    nest.Connect(sg, n, syn_spec={"weight": 11600.0, "delay": 1.0})
    try:
        nest.Simulate(100.0)
    except Exception as err:  # noqa: BLE001
        # Roost raises it as a KernelException whose message starts with the name.
        return "NumericalInstability" if str(err).startswith("NumericalInstability") else type(err).__name__
    return None


def run_lossless_case(nest, case, threads=1, setup=None):
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    resolution = float(case[3:]) if case.startswith("dc_") else (1.0 if case == "grazing" else 0.1)
    nest.SetKernelStatus({"resolution": resolution, "local_num_threads": threads})
    params = {}
    if case == "input":
        params = {"I_e": 370.0, "V_min": -72.0, "t_ref": 1.55}
    elif case == "grazing":
        # Fast synapses and 1 ms steps: V rises over threshold and falls back
        # below it within one step (a test of V at the step's ends misses it).
        params = {"tau_m": 0.5, "tau_syn_ex": 0.2, "tau_syn_in": 0.2, "I_e": 5000.0, "t_ref": 0.5}
    elif case == "instant_spike":
        params = {"V_m": -50.0, "I_e": 300.0}
    neurons = nest.Create("iaf_psc_exp_ps_lossless", 2, params=params)
    vm = nest.Create("multimeter", params={"interval": resolution, "record_from": ["V_m", "I_syn"]})
    sr, steps_sr = _recorders(nest)
    nest.Connect(vm, neurons)
    nest.Connect(neurons, sr)
    nest.Connect(neurons, steps_sr)
    if case.startswith("dc_"):
        dc = nest.Create("dc_generator", params={"amplitude": 700.0})
        nest.Connect(dc, neurons)
    elif case == "grazing":
        sg = nest.Create("spike_generator", params={"precise_times": True, "spike_times": GRAZING_TIMES})
        nest.Connect(sg, neurons[0], syn_spec={"weight": 11000.0, "delay": 1.0})
        nest.Connect(sg, neurons[1], syn_spec={"weight": 10000.0, "delay": 1.0})
    else:
        ex = nest.Create("spike_generator", params={"spike_times": [5.0, 5.0, 12.3, 20.0, 31.4, 31.5, 47.7, 60.1]})
        precise = nest.Create("spike_generator", params={"precise_times": True,
                                                          "spike_times": [8.03, 8.07, 15.21, 22.4444, 50.3, 50.31]})
        inh = nest.Create("spike_generator", params={"spike_times": [12.3, 25.0, 40.2, 70.0, 70.0]})
        nest.Connect(ex, neurons, syn_spec={"weight": 420.0, "delay": 1.0})
        nest.Connect(precise, neurons, syn_spec={"weight": 300.0, "delay": 1.5})
        nest.Connect(inh, neurons[1], syn_spec={"weight": -650.0, "delay": 1.3})
        step = nest.Create("step_current_generator",
                           params={"amplitude_times": [30.0, 55.5], "amplitude_values": [250.0, -100.0]})
        nest.Connect(step, neurons[0])
    nest.Simulate(100.0)
    out = _spikes(sr, steps_sr)
    vev = vm.get("events")
    out["vm"] = {"senders": [int(x) for x in vev["senders"]], "times": [float(x) for x in vev["times"]],
                 "V_m": [float(x) for x in vev["V_m"]], "I_syn": [float(x) for x in vev["I_syn"]]}
    out["state"] = {k: [float(x) for x in neurons.get(k)] for k in ("V_m", "I_syn_ex", "I_syn_in", "offset")}
    return out
