# SPDX-License-Identifier: GPL-2.0-or-later
"""Protocols of the precise-spiking (off-grid) models, run by NEST 3.10 in
tools/nest_reference/gen_precise.py and by Roost in test_precise_nest.py.
Each function takes the simulator module (`nest` or roost) and returns plain
lists."""

MODELS = ["iaf_psc_exp_ps", "iaf_psc_alpha_ps"]

# (model, case) pairs of run_case.
CASES = [
    ("iaf_psc_exp_ps", "dc_0.1"),
    ("iaf_psc_exp_ps", "dc_0.5"),
    ("iaf_psc_exp_ps", "dc_1.0"),
    ("iaf_psc_exp_ps", "grid_input"),
    ("iaf_psc_exp_ps", "refractory_off_grid"),
    ("iaf_psc_exp_ps", "instant_spike"),
    ("iaf_psc_exp_ps", "tau_equal"),
] + [("iaf_psc_alpha_ps", c) for c in ("dc_0.1", "dc_1.0", "grid_input", "refractory_off_grid", "instant_spike",
                                       "tau_equal")]


def _events(rec):
    ev = rec.get("events")
    return {k: [float(x) for x in ev[k]] for k in ev if k not in ("senders",)}


def run_case(nest, model, case, threads=1, setup=None):
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    resolution = 0.1
    params = {}
    simtime = 100.0
    if case.startswith("dc_"):
        resolution = float(case[3:])
    nest.SetKernelStatus({"resolution": resolution, "local_num_threads": threads})
    if case == "refractory_off_grid":
        params = {"t_ref": 2.05, "I_e": 600.0, "tau_syn_ex": 1.3}
    elif case == "instant_spike":
        params = {"V_m": -50.0, "I_e": 300.0}
    elif case == "tau_equal":
        params = {"tau_syn_ex": 10.0, "tau_syn_in": 10.0, "I_e": 360.0}
    elif case == "grid_input":
        params = {"I_e": 370.0, "V_min": -72.0}
    neurons = nest.Create(model, 2, params=params)
    vm = nest.Create("voltmeter", params={"interval": resolution})
    sr = nest.Create("spike_recorder")
    steps_sr = nest.Create("spike_recorder", params={"time_in_steps": True})
    nest.Connect(vm, neurons)
    nest.Connect(neurons, sr)
    nest.Connect(neurons, steps_sr)
    if case.startswith("dc_"):
        dc = nest.Create("dc_generator", params={"amplitude": 700.0})
        nest.Connect(dc, neurons)
    else:
        # Grid spikes, excitatory and inhibitory, some coinciding, some in
        # the refractory period; a step current switched on and off.
        ex = nest.Create("spike_generator", params={"spike_times": [5.0, 5.0, 12.3, 20.0, 31.4, 31.5, 47.7, 60.1]})
        inh = nest.Create("spike_generator", params={"spike_times": [12.3, 25.0, 40.2, 70.0, 70.0]})
        nest.Connect(ex, neurons, syn_spec={"weight": 420.0, "delay": 1.0})
        nest.Connect(inh, neurons[1], syn_spec={"weight": -650.0, "delay": 1.3})
        step = nest.Create("step_current_generator",
                           params={"amplitude_times": [30.0, 55.5], "amplitude_values": [250.0, -100.0]})
        nest.Connect(step, neurons[0])
    nest.Simulate(simtime)
    out = {"sr": _events(sr), "sr_steps": _events(steps_sr)}
    vev = vm.get("events")
    out["senders_sr"] = [int(x) for x in sr.get("events")["senders"]]
    out["vm"] = {"senders": [int(x) for x in vev["senders"]], "times": [float(x) for x in vev["times"]],
                 "V_m": [float(x) for x in vev["V_m"]]}
    keys = ("V_m", "I_syn_ex", "I_syn_in") + (("dI_syn_ex", "dI_syn_in") if model == "iaf_psc_alpha_ps" else ())
    out["state"] = {k: [float(x) for x in neurons.get(k)] for k in keys}
    return out


def run_example_precise_spiking(nest):
    """NEST's precise_spiking.py, its data dict as lists."""
    data = {}
    for resolution in [0.1, 0.5, 1.0]:
        data[str(resolution)] = {}
        for model in ["iaf_psc_exp", "iaf_psc_exp_ps"]:
            nest.ResetKernel()
            nest.resolution = resolution
            neuron = nest.Create(model)
            voltmeter = nest.Create("voltmeter", params={"interval": resolution})
            dc = nest.Create("dc_generator", params={"amplitude": 700.0})
            sr = nest.Create("spike_recorder")
            nest.Connect(voltmeter, neuron)
            nest.Connect(dc, neuron)
            nest.Connect(neuron, sr)
            nest.Simulate(100.0)
            data[str(resolution)][model] = {
                "vm_times": [float(x) for x in voltmeter.events["times"]],
                "vm_values": [float(x) for x in voltmeter.events["V_m"]],
                "spikes": [float(x) for x in sr.events["times"]],
            }
    return data


# The network of NEST's artificial_synchrony.py (Hansel et al. 1998): nr
# all-to-all coupled neurons, tics_per_ms 32 and h = 2^-5 ms; spikes as
# (sender, time) sorted.
NETWORK = [("iaf_psc_alpha_ps", 2.0), ("iaf_psc_alpha_ps", 4.6), ("iaf_psc_exp_ps", 3.0)]


def run_network(nest, model, strength, nr=128, simtime=300.0, threads=1, setup=None):
    import math
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    nest.SetKernelStatus({"tics_per_ms": 32, "resolution": 1.0 / 32, "rng_seed": 2000, "local_num_threads": threads})
    C_m, I_e, tau_m, V_th = 250.0, 575.0, 10.0, 20.0
    R = tau_m / C_m
    T = tau_m * math.log((R * I_e) / (R * I_e - V_th))
    neurons = nest.Create(model, nr, params={"C_m": C_m, "E_L": 0.0, "I_e": I_e, "tau_m": tau_m, "tau_syn_ex": 1.648,
                                             "tau_syn_in": 1.648, "V_m": 0.0, "V_reset": 0.0, "V_th": V_th,
                                             "t_ref": 0.25})
    neurons.V_m = [R * I_e * (1.0 - math.exp(-0.5 * i / nr * T / tau_m)) for i in range(nr)]
    nest.Connect(neurons, neurons, conn_spec={"rule": "all_to_all", "allow_autapses": True},
                 syn_spec={"weight": strength, "delay": 0.25})
    sr = nest.Create("spike_recorder")
    vm = nest.Create("voltmeter", params={"interval": 1.0})
    nest.Connect(neurons, sr)
    nest.Connect(vm, neurons[:4])
    nest.Simulate(simtime)
    ev = sr.get("events")
    pairs = sorted(zip([int(s) for s in ev["senders"]], [float(t) for t in ev["times"]]))
    vev = vm.get("events")
    order = sorted(range(len(vev["times"])), key=lambda k: (int(vev["senders"][k]), float(vev["times"][k])))
    return {"senders": [p[0] for p in pairs], "times": [p[1] for p in pairs],
            "vm_V_m": [float(vev["V_m"][k]) for k in order]}
