# SPDX-License-Identifier: GPL-2.0-or-later
"""A small dopamine-modulated STDP network, written against the PyNEST API so
that the same code runs under NEST 3.10 (tools/nest_reference/gen_dopamine_network.py
records tests/validation/data/stdp_dopamine_network.json) and under Roost
(test_dopamine_network.py compares).

What it exercises beyond the single-synapse reference case: two volume
transmitters (deliver_interval 1 and 3) read by two copies of the model,
several sources and targets (parrots on the ignore receptor and an
iaf_psc_alpha driven by the plastic weights), delays 1.0 and 2.5 ms, Simulate
calls that end inside a min-delay slice, and GetConnections between them.
"""

import numpy as np

T_CHUNKS = [50.0, 37.3, 112.7, 100.0, 100.0]  # ms, 400 in all
KEYS = ["weight", "Kplus", "c", "n"]


def _train(rng, n, t_max):
    """n distinct spike times on the 0.1 ms grid in [2, t_max]."""
    steps = rng.choice(np.arange(20, int(t_max * 10)), size=n, replace=False)
    return sorted(float(s) / 10.0 for s in steps)


def run(nest, threads=1):
    """Builds and simulates; returns the probed connection values and spikes."""
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": 0.1, "local_num_threads": threads})
    rng = np.random.RandomState(20261207)

    n_pre, n_post = 6, 3
    sg_pre = nest.Create("spike_generator", n_pre)
    for k in range(n_pre):
        sg_pre[k].set(spike_times=_train(rng, 25, 395.0))
    sg_post = nest.Create("spike_generator", n_post)
    for k in range(n_post):
        sg_post[k].set(spike_times=_train(rng, 20, 395.0))
    sg_dopa = nest.Create("spike_generator", 2)
    sg_dopa[0].set(spike_times=_train(rng, 15, 395.0))
    sg_dopa[1].set(spike_times=_train(rng, 12, 395.0))

    pre = nest.Create("parrot_neuron", n_pre)
    post = nest.Create("parrot_neuron", n_post, params={"tau_minus": 15.0})
    driven = nest.Create("iaf_psc_alpha", 1, params={"I_e": 300.0, "tau_minus": 25.0})
    dopa = nest.Create("parrot_neuron", 2)
    vt = nest.Create("volume_transmitter", 2)
    vt[1].set(deliver_interval=3)

    one = {"synapse_model": "static_synapse", "weight": 1.0, "delay": 1.0}
    nest.Connect(sg_pre, pre, "one_to_one", one)
    nest.Connect(sg_post, post, "one_to_one", one)
    nest.Connect(sg_dopa, dopa, "one_to_one", one)
    nest.Connect(dopa[0], vt[0], syn_spec=one)
    nest.Connect(dopa, vt[1], syn_spec={"weight": 1.0, "delay": 1.5})

    nest.CopyModel("stdp_dopamine_synapse", "dopa_a",
                   {"volume_transmitter": vt[0], "A_plus": 0.8, "A_minus": 1.1, "tau_c": 150.0,
                    "tau_n": 60.0, "b": 0.01, "Wmin": 0.0, "Wmax": 150.0})
    nest.CopyModel("stdp_dopamine_synapse", "dopa_b",
                   {"volume_transmitter": vt[1], "A_plus": 1.2, "A_minus": 0.9, "tau_plus": 15.0,
                    "tau_c": 80.0, "tau_n": 40.0, "Wmin": -50.0, "Wmax": 80.0})
    nest.Connect(pre[:3], post, "all_to_all",
                 {"synapse_model": "dopa_a", "weight": 40.0, "delay": 1.0, "receptor_type": 1})
    nest.Connect(pre[3:], post, "all_to_all",
                 {"synapse_model": "dopa_b", "weight": 20.0, "delay": 2.5, "receptor_type": 1})
    nest.Connect(pre, driven, "all_to_all", {"synapse_model": "dopa_a", "weight": 60.0, "delay": 2.5})

    sr = nest.Create("spike_recorder")
    nest.Connect(driven, sr)

    probes = []
    for t in T_CHUNKS:
        nest.Simulate(t)
        conns = nest.GetConnections(source=pre)
        values = conns.get(["source", "target"] + KEYS)
        order = sorted(range(len(values["source"])),
                       key=lambda i: (values["source"][i], values["target"][i]))
        probes.append({"t": float(nest.GetKernelStatus("biological_time")),
                       **{k: [float(values[k][i]) for i in order] for k in ["source", "target"] + KEYS}})
    ev = sr.get("events")
    return {"probes": probes,
            "driven_spikes": [float(t) for t in ev["times"]]}
