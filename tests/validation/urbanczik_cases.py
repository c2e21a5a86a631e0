# SPDX-License-Identifier: GPL-2.0-or-later
"""Protocols for pp_cond_exp_mc_urbanczik, run unchanged by NEST 3.10
(tools/nest_reference/gen_pp_cond_exp_mc_urbanczik.py records them) and by
Roost (test_pp_cond_exp_mc_urbanczik_nest.py replays them).

* ``trace``: the membrane and synaptic traces do not depend on the neuron's
  own spikes (no reset), so they are deterministic: spike trains on the four
  spike receptors, current on both current receptors, somatic and dendritic
  I_e, a second neuron with its own compartment parameters.
* ``stats``: three groups of 20 neurons with constant somatic drive, at two
  drive levels and with t_ref = 3 ms (at most one spike per step, then dead
  time) or t_ref = 0 (a Poisson number per step): spike counts and ISIs per
  group, one run per seed.
"""

RECORDABLES = ["V_m.s", "V_m.p", "g_ex.s", "g_in.s", "I_ex.p", "I_in.p"]
STAT_GROUPS = {"tref3_low": (3.0, 6300.0), "tref3_high": (3.0, 12600.0), "tref0_low": (0.0, 6300.0)}
STAT_N, STAT_T = 20, 2000.0


def run_trace(nest, threads=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads})
    syns = nest.GetDefaults("pp_cond_exp_mc_urbanczik")["receptor_types"]
    n = nest.Create("pp_cond_exp_mc_urbanczik", 2, params={"soma": {"I_e": 100.0}, "dendritic": {"I_e": 50.0}})
    n[1].set({"g_sp": 300.0, "g_ps": 50.0, "phi_max": 0.0,
              "soma": {"g_L": 20.0, "E_in": -80.0, "tau_syn_ex": 2.0, "V_m": -65.0},
              "dendritic": {"C_m": 200.0, "tau_syn_in": 5.0, "V_m": -60.0}})
    mm = nest.Create("multimeter", params={"record_from": RECORDABLES, "interval": 0.1})
    nest.Connect(mm, n)
    trains = {"soma_exc": ([5.0, 6.0, 40.0, 41.5], 20.0), "soma_inh": ([15.0, 50.0], 30.0),
              "dendritic_exc": ([10.0, 11.0, 12.0, 60.0, 61.7], 400.0), "dendritic_inh": ([25.0, 70.0], 300.0)}
    for name, (times, weight) in trains.items():
        sg = nest.Create("spike_generator", params={"spike_times": times})
        nest.Connect(sg, n, syn_spec={"receptor_type": syns[name], "weight": weight, "delay": 1.0})
    dc = nest.Create("dc_generator", params={"amplitude": 150.0, "start": 30.0, "stop": 55.0})
    nest.Connect(dc, n, syn_spec={"receptor_type": syns["soma_curr"]})
    dcd = nest.Create("dc_generator", params={"amplitude": 500.0, "start": 20.0, "stop": 80.0})
    nest.Connect(dcd, n, syn_spec={"receptor_type": syns["dendritic_curr"]})
    nest.Simulate(45.0)
    nest.Simulate(55.0)
    ev = mm.get("events")
    out = {}
    for gid in n.tolist():
        sel = [k for k, s in enumerate(ev["senders"]) if int(s) == gid]
        out[str(gid)] = {"times": [float(ev["times"][k]) for k in sel],
                         **{key: [float(ev[key][k]) for k in sel] for key in RECORDABLES}}
    return out


def run_stats(nest, seed, threads=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads, "rng_seed": seed})
    groups = {name: nest.Create("pp_cond_exp_mc_urbanczik", STAT_N, params={"t_ref": t_ref, "soma": {"I_e": i_e}})
              for name, (t_ref, i_e) in STAT_GROUPS.items()}
    sr = nest.Create("spike_recorder")
    for g in groups.values():
        nest.Connect(g, sr)
    nest.Simulate(STAT_T)
    ev = sr.get("events")
    out = {}
    for name, g in groups.items():
        ids = set(g.tolist())
        per = {gid: [] for gid in ids}
        for t, s in zip(ev["times"], ev["senders"]):
            if int(s) in ids:
                per[int(s)].append(float(t))
        isis = [b - a for times in per.values() for a, b in zip(times, times[1:])]
        out[name] = {"count": sum(len(t) for t in per.values()),
                     "min_isi": min(isis) if isis else None,
                     "mean_isi": sum(isis) / len(isis) if isis else None,
                     "zero_isi": sum(1 for x in isis if x == 0.0)}
    return out
