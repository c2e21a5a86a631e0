# SPDX-License-Identifier: GPL-2.0-or-later
"""Protocols for iaf_cond_alpha_mc, run unchanged by NEST 3.10
(tools/nest_reference/gen_iaf_cond_alpha_mc.py records them) and by Roost
(test_iaf_cond_alpha_mc_nest.py replays them).

* ``example``: NEST's pynest example mc_neuron.py (its parameters, current
  steps on the three current receptors, two spikes on each spike receptor, the
  somatic I_e switched on between two Simulate calls), plus a spike recorder.
* ``drive``: two neurons (the second with its own compartment parameters and
  initial voltages, set through the sub-dictionaries) driven by spike trains on
  all six spike receptors (a negative weight on distal_exc among them), a
  step current on the proximal and a dc current on the distal compartment,
  strong enough for somatic spikes and refractory periods; three Simulate calls.
"""

RECORDABLES = ["V_m.s", "V_m.p", "V_m.d", "g_ex.s", "g_ex.p", "g_ex.d", "g_in.s", "g_in.p", "g_in.d",
               "t_ref_remaining"]


def _result(nest, mm, sr, neurons):
    ev = mm.get("events")
    spikes = sr.get("events")
    out = {"traces": {}, "spikes": {}}
    for gid in neurons.tolist():
        # every 0.5 ms of the 0.1 ms samples: keeps the stored reference small
        sel = [k for k, s in enumerate(ev["senders"])
               if int(s) == gid and round(float(ev["times"][k]) * 10) % 5 == 0]
        out["traces"][str(gid)] = {"times": [float(ev["times"][k]) for k in sel],
                                   **{key: [float(ev[key][k]) for k in sel] for key in RECORDABLES}}
        out["spikes"][str(gid)] = sorted(float(t) for t, s in zip(spikes["times"], spikes["senders"])
                                         if int(s) == gid)
    return out


def run_example(nest, threads=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads})
    syns = nest.GetDefaults("iaf_cond_alpha_mc")["receptor_types"]
    params = {"V_th": -60.0, "V_reset": -65.0, "t_ref": 10.0, "g_sp": 5.0, "soma": {"g_L": 12.0},
              "proximal": {"tau_syn_ex": 1.0, "tau_syn_in": 5.0}, "distal": {"C_m": 90.0}}
    n = nest.Create("iaf_cond_alpha_mc", params=params)
    mm = nest.Create("multimeter", params={"record_from": RECORDABLES, "interval": 0.1})
    nest.Connect(mm, n)
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    cgs = nest.Create("dc_generator", 3)
    cgs[0].set(start=250.0, stop=300.0, amplitude=50.0)
    cgs[1].set(start=150.0, stop=200.0, amplitude=-50.0)
    cgs[2].set(start=50.0, stop=100.0, amplitude=100.0)
    for k, name in enumerate(("soma_curr", "proximal_curr", "distal_curr")):
        nest.Connect(cgs[k], n, syn_spec={"receptor_type": syns[name]})
    sgs = nest.Create("spike_generator", 6)
    times = [[600.0, 620.0], [610.0, 630.0], [500.0, 520.0], [510.0, 530.0], [400.0, 420.0], [410.0, 430.0]]
    names = ["soma_exc", "soma_inh", "proximal_exc", "proximal_inh", "distal_exc", "distal_inh"]
    for k in range(6):
        sgs[k].spike_times = times[k]
        nest.Connect(sgs[k], n, syn_spec={"receptor_type": syns[names[k]]})
    nest.Simulate(700.0)
    n.soma = {"I_e": 150.0}
    nest.Simulate(300.0)
    return _result(nest, mm, sr, n)


def run_drive(nest, threads=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads})
    syns = nest.GetDefaults("iaf_cond_alpha_mc")["receptor_types"]
    n = nest.Create("iaf_cond_alpha_mc", 2)
    n[1].set({"g_pd": 3.0, "t_ref": 3.0, "V_th": -57.0,
              "proximal": {"g_L": 7.0, "E_ex": 5.0, "V_m": -62.0},
              "distal": {"tau_syn_ex": 1.5, "E_in": -80.0, "V_m": -75.0, "I_e": 20.0}})
    mm = nest.Create("multimeter", params={"record_from": RECORDABLES, "interval": 0.1})
    nest.Connect(mm, n)
    sr = nest.Create("spike_recorder")
    nest.Connect(n, sr)
    trains = {
        "soma_exc": ([5.0, 30.0, 31.0, 32.0, 33.0, 140.0, 141.3, 142.7], 30.0),
        "soma_inh": ([60.0, 61.0, 150.0], 40.0),
        "proximal_exc": ([20.0, 21.0, 22.0, 23.0, 24.0, 25.0, 90.0, 91.1, 92.2, 93.3, 94.4], 40.0),
        "proximal_inh": ([70.0, 71.0, 72.0, 160.0], 25.0),
        "distal_exc": ([10.0, 45.0, 46.0, 47.0, 48.0, 49.0, 50.0, 51.0, 52.0, 53.0], 60.0),
        "distal_inh": ([80.0, 81.0, 82.0, 170.0], 30.0),
    }
    for name, (times, weight) in trains.items():
        sg = nest.Create("spike_generator", params={"spike_times": times})
        nest.Connect(sg, n, syn_spec={"receptor_type": syns[name], "weight": weight, "delay": 1.0})
    sg = nest.Create("spike_generator", params={"spike_times": [110.0, 111.0, 112.0]})
    nest.Connect(sg, n, syn_spec={"receptor_type": syns["distal_exc"], "weight": -20.0, "delay": 2.0})
    scg = nest.Create("step_current_generator",
                      params={"amplitude_times": [100.0, 120.0, 180.0], "amplitude_values": [200.0, -100.0, 0.0]})
    nest.Connect(scg, n, syn_spec={"receptor_type": syns["proximal_curr"]})
    dc = nest.Create("dc_generator", params={"amplitude": 80.0, "start": 130.0, "stop": 175.0})
    nest.Connect(dc, n, syn_spec={"receptor_type": syns["distal_curr"]})
    nest.Simulate(50.0)
    nest.Simulate(77.3)
    nest.Simulate(72.7)
    return _result(nest, mm, sr, n)


CASES = {"example": run_example, "drive": run_drive}
