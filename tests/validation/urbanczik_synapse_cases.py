# SPDX-License-Identifier: GPL-2.0-or-later
"""Protocols for urbanczik_synapse, run unchanged by NEST 3.10
(tools/nest_reference/gen_urbanczik.py records them into
data/urbanczik_synapse.json) and by Roost (test_urbanczik_synapse_nest.py
replays them).

The weight trajectory depends on the neuron's spikes, which are drawn at
random; both cases make them deterministic:

* ``saturated``: phi_max = 1000/ms and rate_slope = 1e-3 make the spike
  probability of a step 1 - exp(-phi h) = 1.0 in double precision, so with
  t_ref = 3 ms the soma spikes every 31 steps, exactly, in NEST and in Roost;
  dPI = (n_spikes - phi(V_W*) h) h(V_W*) then sees both terms.
* ``silent``: rate_slope = 1e6 makes phi ~ 1e-9/ms (a spike in the run has
  probability ~1e-6): dPI = -phi(V_W*) h h(V_W*) depends exponentially on the
  dendritic potential, which spike trains on both dendritic receptors and a
  dendritic current move.

Each case has two neurons (the second with its own dendritic C_m, g_L,
tau_syn_ex/in) and urbanczik_synapses from parrot neurons with delays 0.1,
1 and 2.5 ms, a negative weight (tau_syn_in), a low Wmax that clips, other
eta and tau_Delta, one onto the soma_exc receptor (NEST reads the dendritic
history whatever the receptor), a SetStatus of a weight (NEST then restarts
from the new weight: init_weight) and of eta between Simulate calls. Recorded:
every weight_recorder event and GetStatus weights after each Simulate call.
"""

MODEL = "pp_cond_exp_mc_urbanczik"
SYNAPSE = "urbanczik_synapse"
PRE_TIMES = [
    [2.0, 9.0, 9.5, 17.3, 30.0, 31.0, 44.4, 58.0, 71.2, 88.8],
    [1.0, 5.5, 20.1, 20.2, 40.0, 63.3, 64.0, 80.5, 95.0],
    [3.3, 12.0, 25.0, 47.7, 52.5, 68.0, 77.7, 90.1],
]
NEURON = {
    "saturated": {"phi_max": 1000.0, "rate_slope": 1e-3, "t_ref": 3.0},
    "silent": {"phi_max": 0.15, "rate_slope": 1e6, "t_ref": 3.0},
}
ETA = {"saturated": 2e-5, "silent": 2e4}
# (pre index, neuron index, receptor, weight, params)
SYNAPSES = [
    (0, 0, "dendritic_exc", 30.0, {"delay": 0.1}),
    (1, 0, "dendritic_exc", 50.0, {"delay": 1.0, "tau_Delta": 30.0}),
    (2, 0, "dendritic_exc", 40.0, {"delay": 2.5, "Wmax": 41.0, "Wmin": 38.0}),
    (0, 0, "dendritic_inh", -20.0, {"delay": 1.0, "Wmin": -100.0, "Wmax": -1.0}),
    (1, 0, "soma_exc", 10.0, {"delay": 0.5}),
    (0, 1, "dendritic_exc", 25.0, {"delay": 1.0, "eta_factor": 3.0}),
    (2, 1, "dendritic_exc", 60.0, {"delay": 0.1}),
    (1, 1, "dendritic_inh", -30.0, {"delay": 2.5, "Wmin": -200.0, "Wmax": -0.5, "tau_Delta": 50.0}),
]
SIM_CHUNKS = [7.3, 25.0, 30.0, 40.0]


def run_case(nest, case, threads=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": 11})
    syns = nest.GetDefaults(MODEL)["receptor_types"]
    n = nest.Create(MODEL, 2, params=NEURON[case])
    n[1].set({"dendritic": {"C_m": 200.0, "g_L": 25.0, "tau_syn_ex": 2.0, "tau_syn_in": 4.0}})
    wr = nest.Create("weight_recorder")
    nest.CopyModel(SYNAPSE, "urbanczik_wr", {"weight_recorder": wr})
    pre = nest.Create("parrot_neuron", len(PRE_TIMES))
    for k, times in enumerate(PRE_TIMES):
        sg = nest.Create("spike_generator", params={"spike_times": times})
        nest.Connect(sg, pre[k])
    for p, t, receptor, weight, params in SYNAPSES:
        spec = {"synapse_model": "urbanczik_wr", "receptor_type": syns[receptor], "weight": weight,
                "eta": ETA[case] * params.get("eta_factor", 1.0)}
        spec.update({k: v for k, v in params.items() if k != "eta_factor"})
        nest.Connect(pre[p], n[t], syn_spec=spec)
    # The dendritic potential moves: spike trains on both dendritic receptors, a current.
    drive = nest.Create("spike_generator", params={"spike_times": [4.0, 4.5, 15.0, 33.0, 50.0, 51.0, 75.0]})
    nest.Connect(drive, n, syn_spec={"receptor_type": syns["dendritic_exc"], "weight": 400.0, "delay": 1.0})
    inh = nest.Create("spike_generator", params={"spike_times": [22.0, 60.0, 61.0, 85.0]})
    nest.Connect(inh, n, syn_spec={"receptor_type": syns["dendritic_inh"], "weight": 300.0, "delay": 1.0})
    dc = nest.Create("dc_generator", params={"amplitude": 300.0, "start": 35.0, "stop": 70.0})
    nest.Connect(dc, n, syn_spec={"receptor_type": syns["dendritic_curr"]})
    soma = nest.Create("spike_recorder")
    nest.Connect(n, soma)
    conns = nest.GetConnections(synapse_model="urbanczik_wr")
    initial = [float(w) for w in conns.get("weight")]
    set_weight, set_eta = initial.index(50.0), initial.index(25.0)
    weights = []
    for k, chunk in enumerate(SIM_CHUNKS):
        nest.Simulate(chunk)
        weights.append([float(w) for w in conns.get("weight")])
        if k == 1:
            conns[set_weight].set({"weight": 45.0})
            conns[set_eta].set({"eta": ETA[case] * 0.5})
    ev = wr.get("events")
    order = sorted(range(len(ev["times"])), key=lambda i: (float(ev["times"][i]), int(ev["senders"][i]),
                                                           int(ev["targets"][i]), float(ev["weights"][i])))
    sp = soma.get("events")
    return {
        "initial_weights": initial,
        "weights_after_chunks": weights,
        "sources": [int(s) for s in conns.get("source")],
        "targets": [int(t) for t in conns.get("target")],
        "wr_times": [float(ev["times"][i]) for i in order],
        "wr_senders": [int(ev["senders"][i]) for i in order],
        "wr_targets": [int(ev["targets"][i]) for i in order],
        "wr_weights": [float(ev["weights"][i]) for i in order],
        "soma_spikes": {str(g): [float(t) for t, s in zip(sp["times"], sp["senders"]) if int(s) == g]
                        for g in n.tolist()},
    }


# NEST's urbanczik_synapse_example.py (its parameters), shortened to
# EXAMPLE_REPS repetitions of the pattern; the input pattern is drawn with
# numpy (seed 1) so that both simulators see the same one, and the soma's
# spikes are each simulator's own: compared in statistics over seeds.
EXAMPLE_SEEDS = [1, 2, 3, 4, 5]
EXAMPLE_REPS = 20


def run_example(nest, seed, threads=1):
    import numpy as np

    pattern_duration, resolution = 200.0, 0.1
    t_start = 2.0 * pattern_duration
    t_end = EXAMPLE_REPS * pattern_duration + t_start
    simulation_time = t_end + 2.0 * pattern_duration
    n_rep_total = int(np.around(simulation_time / pattern_duration))
    nrn_params = {
        "t_ref": 3.0, "g_sp": 600.0,
        "soma": {"V_m": -70.0, "C_m": 300.0, "E_L": -70.0, "g_L": 30.0, "E_ex": 0.0, "E_in": -75.0,
                 "tau_syn_ex": 3.0, "tau_syn_in": 3.0},
        "dendritic": {"V_m": -70.0, "C_m": 300.0, "E_L": -70.0, "g_L": 30.0, "tau_syn_ex": 3.0, "tau_syn_in": 3.0},
        "phi_max": 0.15, "rate_slope": 0.5, "beta": 1.0 / 3.0, "theta": -55.0,
    }
    rng = np.random.default_rng(1)
    n_pg = 200
    # 10 Hz Poisson trains on the grid, as the example's parrots record them.
    t_srs = []
    for _ in range(n_pg):
        steps = np.nonzero(rng.random(int(pattern_duration / resolution)) < 10.0 * resolution * 1e-3)[0]
        t_srs.append(np.round((steps + 1) * resolution, 1))
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": seed, "resolution": resolution})
    syns = nest.GetDefaults("pp_cond_exp_mc_urbanczik")["receptor_types"]
    nrn = nest.Create("pp_cond_exp_mc_urbanczik", params=nrn_params)
    prrt = nest.Create("parrot_neuron", n_pg)
    c_m = nrn_params["dendritic"]["C_m"]
    times = np.arange(resolution, simulation_time, resolution)
    on = (times >= t_start) & (times < t_end)
    g_e = np.where(on, 0.016 * c_m * np.sin(2.0 * np.pi * 2.0 / pattern_duration * times) + 0.018 * c_m, 0.0)
    g_i = np.where(on, 0.06 * c_m, 0.0)
    sg_e = nest.Create("spike_generator", params={"spike_times": times, "spike_weights": g_e})
    sg_i = nest.Create("spike_generator", params={"spike_times": times, "spike_weights": g_i})
    sg_prox = nest.Create("spike_generator", n_pg)
    wr = nest.Create("weight_recorder")
    sr = nest.Create("spike_recorder")
    nest.Connect(sg_prox, prrt, {"rule": "one_to_one"})
    nest.CopyModel("urbanczik_synapse", "urbanczik_synapse_wr", {"weight_recorder": wr[0]})
    nest.Connect(prrt, nrn, syn_spec={"synapse_model": "urbanczik_synapse_wr", "receptor_type": syns["dendritic_exc"],
                                      "tau_Delta": 100.0, "eta": 0.17, "weight": 0.3 * c_m, "Wmax": 4.5 * c_m,
                                      "delay": resolution})
    nest.Connect(sg_e, nrn, syn_spec={"receptor_type": syns["soma_exc"], "weight": 10.0 * resolution,
                                      "delay": resolution})
    nest.Connect(sg_i, nrn, syn_spec={"receptor_type": syns["soma_inh"], "weight": 10.0 * resolution,
                                      "delay": resolution})
    nest.Connect(nrn, sr)
    for i in range(n_rep_total):
        for sg, t_sp in zip(sg_prox, t_srs):
            sg.spike_times = t_sp + i * pattern_duration
        nest.Simulate(pattern_duration)
    conns = nest.GetConnections(synapse_model="urbanczik_synapse_wr")
    by_source = sorted(zip(conns.get("source"), conns.get("weight")))
    return {"final_weights": [float(w) for _, w in by_source],
            "n_pre_spikes": [int(len(t)) for t in t_srs],
            "soma_spikes": int(sr.get("n_events")),
            "weight_events": int(wr.get("n_events"))}
