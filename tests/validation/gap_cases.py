# SPDX-License-Identifier: GPL-2.0-or-later
"""Gap-junction protocols, run by NEST 3.10 (tools/nest_reference/
gen_gap_junctions.py records them) and by Roost
(test_gap_junctions_nest.py replays them). Each function takes the simulator
module (`nest` or `roost`) and returns plain lists.

* pair: NEST's gap_junctions_two_neurons.py (two hh_psc_alpha_gap, one at
  V_m = -10 mV, a gap junction of 0.5 nS), for each wfr_interpolation_order
  and without waveform relaxation;
* traub_pair: two hh_cond_beta_gap_traub coupled by 20 nS, one driven by a
  current, the other by excitatory and inhibitory spikes;
* ring: six hh_psc_alpha_gap in a ring of symmetric gap junctions, also
  chained by delayed spike connections and driven by a dc_generator that
  switches during the run (spikes and step currents inside waveform
  relaxation's iterations), with NEST's inhibitory-network wfr settings.
"""

MODELS = ["hh_psc_alpha_gap", "hh_cond_beta_gap_traub"]
PAIR_VARIANTS = ["order3", "order1", "order0", "no_wfr"]


def _kernel(nest, setup, resolution, **status):
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    nest.SetKernelStatus(dict(resolution=resolution, **status))


def _trace(vm, key="V_m"):
    ev = vm.get("events")
    order = sorted(range(len(ev["times"])), key=lambda k: (int(ev["senders"][k]), float(ev["times"][k])))
    return {"senders": [int(ev["senders"][k]) for k in order], "times": [float(ev["times"][k]) for k in order],
            key: [float(ev[key][k]) for k in order]}


def _spikes(sr):
    ev = sr.get("events")
    pairs = sorted(zip((float(t) for t in ev["times"]), (int(s) for s in ev["senders"])))
    return {"times": [t for t, _ in pairs], "senders": [s for _, s in pairs]}


def run_pair(nest, variant, threads=1, setup=None):
    status = {"local_num_threads": threads}
    if variant == "no_wfr":
        status["use_wfr"] = False
    _kernel(nest, setup, 0.05, **status)
    if variant.startswith("order"):
        nest.SetKernelStatus({"wfr_interpolation_order": int(variant[5:])})
    neuron = nest.Create("hh_psc_alpha_gap", 2)
    vm = nest.Create("voltmeter", params={"interval": 0.05})
    sr = nest.Create("spike_recorder")
    neuron.I_e = 100.0
    neuron[0].V_m = -10.0
    nest.Connect(vm, neuron, "all_to_all")
    nest.Connect(neuron, sr)
    nest.Connect(neuron, neuron, {"rule": "all_to_all", "allow_autapses": False},
                 {"synapse_model": "gap_junction", "weight": 0.5})
    nest.Simulate(80.0)
    return {"V_m": _trace(vm), "spikes": _spikes(sr)}


def run_traub_pair(nest, threads=1, setup=None):
    _kernel(nest, setup, 0.1, local_num_threads=threads)
    neuron = nest.Create("hh_cond_beta_gap_traub", 2)
    neuron[0].I_e = 500.0
    sg = nest.Create("spike_generator", params={"spike_times": [5.0, 12.0, 30.0, 31.0, 45.0]})
    nest.Connect(sg, neuron[1], syn_spec={"weight": 40.0, "delay": 1.0})
    sg_in = nest.Create("spike_generator", params={"spike_times": [20.0, 50.0]})
    nest.Connect(sg_in, neuron[1], syn_spec={"weight": -30.0, "delay": 1.0})
    nest.Connect(neuron[0], neuron[1], {"rule": "one_to_one", "make_symmetric": True},
                 {"synapse_model": "gap_junction", "weight": 20.0})
    mm = nest.Create("multimeter", params={"interval": 0.1, "record_from": ["V_m", "g_ex", "g_in"]})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, neuron)
    nest.Connect(neuron, sr)
    nest.Simulate(70.0)
    ev = mm.get("events")
    order = sorted(range(len(ev["times"])), key=lambda k: (int(ev["senders"][k]), float(ev["times"][k])))
    out = {key: [float(ev[key][k]) for k in order] for key in ("times", "V_m", "g_ex", "g_in")}
    out["senders"] = [int(ev["senders"][k]) for k in order]
    return {"multimeter": out, "spikes": _spikes(sr)}


def run_ring(nest, threads=1, setup=None):
    _kernel(nest, setup, 0.05, local_num_threads=threads, wfr_comm_interval=1.0, wfr_tol=1e-4,
            wfr_max_iterations=15, wfr_interpolation_order=3)
    n = 6
    neurons = nest.Create("hh_psc_alpha_gap", n)
    neurons.V_m = [-70.0 + 5.0 * k for k in range(n)]
    neurons.I_e = [20.0 * k for k in range(n)]
    for k in range(n):
        nest.Connect(neurons[k], neurons[(k + 1) % n], {"rule": "one_to_one", "make_symmetric": True},
                     {"synapse_model": "gap_junction", "weight": 0.3 + 0.1 * k})
        nest.Connect(neurons[k], neurons[(k + 2) % n], syn_spec={"weight": 200.0 if k % 2 else -150.0,
                                                                  "delay": 1.0 + 0.5 * k})
    dc = nest.Create("dc_generator", params={"amplitude": 300.0, "start": 10.0, "stop": 40.3})
    nest.Connect(dc, neurons[0])
    vm = nest.Create("voltmeter", params={"interval": 0.05})
    sr = nest.Create("spike_recorder")
    nest.Connect(vm, neurons)
    nest.Connect(neurons, sr)
    nest.Simulate(30.0)
    nest.Simulate(30.0)  # the second call continues the waveform relaxation
    return {"V_m": _trace(vm), "spikes": _spikes(sr)}
