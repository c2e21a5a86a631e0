# SPDX-License-Identifier: GPL-2.0-or-later
"""siegert_neuron and diffusion_connection protocols, run by NEST 3.10
(tools/nest_reference/gen_siegert.py records them) and by Roost
(test_siegert_nest.py replays them).

* example: NEST's brunel_siegert_nest.py (excitatory and inhibitory Siegert
  populations driven by a third), its rate traces;
* branches: three pairs whose input puts the Siegert formula in each of its
  three branches (reset above, threshold below, and between the mean input),
  plus the 6-sigma cut-off, with tau_syn > 0 (the threshold shift), with and
  without waveform relaxation.
"""

MODELS = ["siegert_neuron"]


def _record(nest, nodes, interval):
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": interval})
    nest.Connect(mm, nodes)
    return mm


def _rates(mm):
    ev = mm.get("events")
    order = sorted(range(len(ev["times"])), key=lambda k: (int(ev["senders"][k]), float(ev["times"][k])))
    return {"senders": [int(ev["senders"][k]) for k in order], "times": [float(ev["times"][k]) for k in order],
            "rate": [float(ev["rate"][k]) for k in order]}


def run_example(nest, threads=1, setup=None):
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    nest.SetKernelStatus({"resolution": 0.1, "local_num_threads": threads})
    params = {"tau_m": 20.0, "t_ref": 2.0, "theta": 20.0, "V_reset": 10.0}
    ex = nest.Create("siegert_neuron", params=params)
    inh = nest.Create("siegert_neuron", params=params)
    drive = nest.Create("siegert_neuron", params={"mean": 8.0 * 1000.0})
    J, g, C_E = 0.1, 5.0, 1000
    nest.Connect(drive, ex + inh, "all_to_all",
                 {"synapse_model": "diffusion_connection", "drift_factor": 20.0 * J / 1000.0,
                  "diffusion_factor": 20.0 * J * J / 1000.0})
    nest.Connect(ex, ex + inh, "all_to_all",
                 {"synapse_model": "diffusion_connection", "drift_factor": C_E * 20.0 * J / 1000.0,
                  "diffusion_factor": C_E * 20.0 * J * J / 1000.0})
    nest.Connect(inh, ex + inh, "all_to_all",
                 {"synapse_model": "diffusion_connection", "drift_factor": -g * 250 * 20.0 * J / 1000.0,
                  "diffusion_factor": 250 * 20.0 * (g * J) ** 2 / 1000.0})
    mm = _record(nest, ex + inh, 0.1)
    nest.Simulate(30.0)
    return _rates(mm)


def run_branches(nest, wfr, threads=1, setup=None):
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    status = {"resolution": 0.1, "local_num_threads": threads}
    if not wfr:
        status["use_wfr"] = False
    nest.SetKernelStatus(status)
    # Drive rates 1000 1/s; mean input = drift_factor * 1000, variance = diffusion_factor * 1000.
    drive = nest.Create("siegert_neuron", params={"mean": 1000.0, "tau": 0.5})
    cells = nest.Create("siegert_neuron", 4, params={"tau_m": 10.0, "tau_syn": 2.0, "theta": 20.0, "V_reset": 10.0,
                                                       "tau": 3.0})
    for cell, (mu, var) in zip(cells, [(0.025, 0.01), (0.015, 0.02), (0.005, 0.03), (0.001, 0.0001)]):
        nest.Connect(drive, cell, syn_spec={"synapse_model": "diffusion_connection", "drift_factor": mu,
                                            "diffusion_factor": var})
    nest.Connect(cells[0], cells[1:3], syn_spec={"synapse_model": "diffusion_connection", "drift_factor": -0.02,
                                                 "diffusion_factor": 0.001})
    mm = _record(nest, cells, 0.5)
    nest.Simulate(25.0)
    return _rates(mm)
