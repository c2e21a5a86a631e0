# SPDX-License-Identifier: GPL-2.0-or-later
"""A small network of iaf_bw_2001_exact neurons whose NMDA connections each
carry their own gating variable, run unchanged by NEST 3.10 (to record the
reference, tools/nest_reference/gen_bw_2001_exact_nmda.py) and by Roost
(tests/validation/test_bw_2001_exact_nest.py).

What it exercises: NMDA connections from spike generators (repeated times:
multiplicity), parrots (a multapse: two connections, two ports) and an
iaf_bw_2001 (its spike offsets are ignored by the exact model) with
different weights; AMPA and GABA input; NMDA connections among the exact
neurons (recurrent, driven to fire by a dc current); a weight changed between
two Simulate calls before any spike crossed that connection (the first spike
takes the new weight); recordings of V_m, s_NMDA, I_NMDA and the spikes.
"""

RESOLUTION = 0.1
SIMTIME = (60.0, 140.0)


def run(nest, threads=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": RESOLUTION, "local_num_threads": threads})
    exact = nest.Create("iaf_bw_2001_exact", 3, params=[
        {},
        {"tau_rise_NMDA": 3.0, "tau_decay_NMDA": 60.0, "alpha": 0.8, "conc_Mg2": 1.5},
        {"V_th": -58.0, "t_ref": 1.0, "gsl_error_tol": 1e-4},
    ])
    approx = nest.Create("iaf_bw_2001", params={"tau_decay_NMDA": 80.0})
    parrots = nest.Create("parrot_neuron", 2)
    gen = nest.Create("spike_generator", 4, params=[
        {"spike_times": [2.0, 5.0, 5.0, 11.3, 30.0, 70.0, 90.5]},
        {"spike_times": [4.0, 8.0, 21.0, 65.0, 66.0, 67.0, 100.0]},
        {"spike_times": [1.5, 3.5, 40.0, 41.0, 95.0]},
        {"spike_times": [75.0, 80.0, 80.0, 120.0]},
    ])
    drive = nest.Create("dc_generator", params={"amplitude": 390.0, "start": 15.0, "stop": 150.0})
    drive_approx = nest.Create("dc_generator", params={"amplitude": 500.0})
    nest.Connect(gen[1], parrots)
    nest.Connect(drive, exact[::2])
    nest.Connect(drive_approx, approx)
    nest.Connect(gen[0], exact, syn_spec={"receptor_type": 3, "weight": 0.8, "delay": 1.0})
    nest.Connect(gen[2], exact, syn_spec={"receptor_type": 1, "weight": 2.5, "delay": 1.5})
    nest.Connect(gen[2], exact[1:], syn_spec={"receptor_type": 2, "weight": 1.2, "delay": 0.7})
    nest.Connect(parrots, exact, syn_spec={"receptor_type": 3, "weight": 1.6, "delay": 2.0})
    nest.Connect(parrots[0], exact[2], syn_spec={"receptor_type": 3, "weight": 0.4, "delay": 1.2})
    nest.Connect(approx, exact[1:], syn_spec={"receptor_type": 3, "weight": 0.9, "delay": 0.5})
    nest.Connect(exact[0], exact[1:], syn_spec={"receptor_type": 3, "weight": 1.1, "delay": 1.0})
    nest.Connect(exact[2], exact[1], syn_spec={"receptor_type": 1, "weight": 3.0, "delay": 1.0})
    nest.Connect(gen[3], exact[1], syn_spec={"receptor_type": 3, "weight": 0.5, "delay": 1.0})
    mm = nest.Create("multimeter", params={"record_from": ["V_m", "s_NMDA", "I_NMDA", "s_AMPA", "s_GABA"],
                                            "interval": 0.5})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm, exact)
    nest.Connect(exact + approx, sr)
    nest.Simulate(SIMTIME[0])
    # Before any spike of exact[0] crossed it: the first spike takes this weight.
    late = nest.GetConnections(source=gen[3], target=exact[1])
    late.set(weight=1.7)
    nest.Simulate(SIMTIME[1])
    ev = mm.get("events")
    spikes = sr.get("events")
    receptors = nest.GetConnections(target=exact).get(["source", "target", "receptor"])
    ports = sorted(zip(receptors["target"], receptors["source"], receptors["receptor"]))
    out = {"traces": {}, "spikes": {}, "ports": [list(p) for p in ports]}
    for g in exact.tolist():
        sel = [k for k, s in enumerate(ev["senders"]) if s == g]
        out["traces"][str(g)] = {key: [float(ev[key][k]) for k in sel]
                                 for key in ("times", "V_m", "s_NMDA", "I_NMDA", "s_AMPA", "s_GABA")}
    for g in (exact + approx).tolist():
        out["spikes"][str(g)] = sorted(float(t) for t, s in zip(spikes["times"], spikes["senders"]) if s == g)
    return out
