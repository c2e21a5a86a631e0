# SPDX-License-Identifier: GPL-2.0-or-later
"""Protocols for gif_pop_psc_exp run by NEST 3.10 (the reference,
tools/nest_reference/gen_gif_pop_psc_exp.py) and by Roost
(tests/validation/test_gif_pop_psc_exp_nest.py); `nest` is either module.

* deterministic(): what does not depend on the random spike counts. Node A
  (lambda_0 = 0) never fires: its V_m, synaptic currents and E_sfa (the
  initial population passing through a short history of len_kernel = 200) are
  deterministic over the whole run. Node B fires: its free membrane potential
  and currents are deterministic throughout, its expected count `mean` and
  E_sfa up to its first spike.
* example_stats(): the two-population network of NEST's example
  gif_pop_psc_exp.py (800 excitatory, 200 inhibitory, adaptation, a current
  step at 1500 ms), summarised per population.
* poisson_stats(): one small population drawing Poisson counts (BinoRand
  False) whose spike count fluctuates more than a binomial one would.
"""

import numpy as np

SEEDS = [1000, 1017, 1034, 1051, 1068]
REPLAY_SEEDS = [2000, 2031, 2062, 2093, 2124]


def deterministic(nest, threads=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": 0.1, "local_num_threads": threads, "rng_seed": 12})
    pops = nest.Create("gif_pop_psc_exp", 2, params=[
        {"N": 50, "lambda_0": 0.0, "len_kernel": 200, "tau_sfa": [20.0, 80.0], "q_sfa": [4.0, 1.5],
         "I_e": 100.0, "E_L": -3.0, "V_reset": -5.0},
        {"N": 20, "lambda_0": 4.0, "Delta_V": 3.0, "tau_sfa": [50.0, 200.0], "q_sfa": [3.0, 1.0],
         "t_ref": 2.05, "tau_syn_ex": 2.5, "tau_syn_in": 7.0, "V_T_star": 20.0},
    ])
    sg = nest.Create("spike_generator", params={"spike_times": [5.0, 5.0, 12.3, 40.0, 41.7, 80.0, 80.0, 80.0]})
    sg_in = nest.Create("spike_generator", params={"spike_times": [20.0, 20.0, 55.5, 90.1]})
    step = nest.Create("step_current_generator", params={
        "amplitude_times": [30.0, 60.0, 150.0], "amplitude_values": [200.0, -100.0, 400.0]})
    nest.Connect(sg, pops, syn_spec={"weight": 350.0, "delay": 1.0})
    nest.Connect(sg_in, pops, syn_spec={"weight": -500.0, "delay": 1.5})
    nest.Connect(step, pops, syn_spec={"weight": 1.0, "delay": 1.0})
    mm = nest.Create("multimeter", params={
        "record_from": ["V_m", "E_sfa", "mean", "n_events", "I_syn_ex", "I_syn_in"], "interval": 0.1})
    nest.Connect(mm, pops)
    nest.Simulate(200.0)
    len_after_first = [int(v) for v in nest.GetStatus(pops, "len_kernel")]
    nest.Simulate(100.0)
    ev = mm.get("events")
    traces = {}
    for gid in pops.tolist():
        sel = np.asarray(ev["senders"]) == gid
        traces[str(gid)] = {k: np.asarray(ev[k])[sel].tolist()
                            for k in ("times", "V_m", "E_sfa", "mean", "n_events", "I_syn_ex", "I_syn_in")}
    return {"traces": traces, "len_kernel": len_after_first}


def _example_params(dt, N, binorand=True):
    tau_m, C_m = 20.0, 250.0
    g_L = C_m / tau_m
    tau_theta = [100.0, 1000.0]
    J_theta = np.array([1000.0, 1000.0])
    return [{
        "C_m": C_m, "I_e": 24.0 * g_L, "lambda_0": 10.0, "Delta_V": 2.5, "tau_m": tau_m,
        "tau_sfa": tau_theta, "q_sfa": (J_theta / np.array(tau_theta)).tolist(), "V_T_star": 15.0,
        "V_reset": 0.0, "len_kernel": -1, "N": int(n), "t_ref": 4.0, "tau_syn_ex": max(3.0, dt),
        "tau_syn_in": max(6.0, dt), "E_L": 0.0, "BinoRand": binorand} for n in N]


def example_stats(nest, seed, threads=1, perturb=None):
    """The example's mesoscopic network; perturb: {param: factor} on both populations."""
    dt, t_end = 0.5, 2000.0
    N = np.array([800, 200])
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": dt, "local_num_threads": threads, "rng_seed": seed})
    pops = nest.Create("gif_pop_psc_exp", 2)
    params = _example_params(dt, N)
    for p in params:
        for k, f in (perturb or {}).items():
            p[k] = p[k] * f
    pops.set(params)
    J, g = 0.3, 5.0
    pconn = 0.2
    C0 = np.array([[800, 200], [800, 200]]) * 0.2
    C = np.vstack((N, N)) * pconn
    J_syn = np.array([[J, -g * J], [J, -g * J]]) * C0 / C
    g_syn = np.ones_like(J_syn)
    g_syn[:, 0] = 250.0 / 3.0
    g_syn[:, 1] = 250.0 / 6.0
    for i in range(2):
        for j in range(2):
            nest.Connect(pops[j], pops[i], syn_spec={"weight": J_syn[i, j] * g_syn[i, j] * pconn, "delay": 1.0})
    mm = nest.Create("multimeter", params={"record_from": ["mean"], "interval": 1.0})
    nest.Connect(mm, pops)
    srs = [nest.Create("spike_recorder") for _ in range(2)]
    for i in range(2):
        nest.Connect(pops[i], srs[i], syn_spec={"delay": dt})
    steps = nest.Create("step_current_generator", 2)
    for i in range(2):
        steps[i].set(amplitude_times=[dt, 1500.0], amplitude_values=[0.0, 20.0 * 250.0 / 20.0], stop=t_end)
        nest.Connect(steps[i], pops[i], syn_spec={"weight": 1.0, "delay": dt})
    nest.Simulate(t_end + dt)
    ev = mm.get("events")
    out = {}
    for i, name in enumerate(("E", "I")):
        t = np.asarray(srs[i].get("events", "times"))
        counts = np.histogram(t, bins=np.arange(200.0, 1500.0 + 0.5, 1.0))[0]
        act = counts / N[i] * 1000.0  # spikes/s in 1 ms bins
        out[f"rate_{name}"] = float(np.sum((t > 200.0) & (t <= 1500.0)) / N[i] / 1.3)
        out[f"rate_step_{name}"] = float(np.sum((t > 1600.0) & (t <= 2000.0)) / N[i] / 0.4)
        out[f"act_std_{name}"] = float(np.std(act))
        sel = (np.asarray(ev["senders"]) == pops[i].global_id) & (np.asarray(ev["times"]) > 200.0) & \
              (np.asarray(ev["times"]) <= 1500.0)
        out[f"mean_rate_{name}"] = float(np.mean(np.asarray(ev["mean"])[sel]) / N[i] / dt * 1000.0)
    return out


def poisson_stats(nest, seed, threads=1, binorand=False):
    """One strongly driven population of 30 (no refractory period) drawing Poisson
    counts: E[(n - mean)^2] / mean is 1 for Poisson counts, 1 - p (about 0.88
    here) for binomial ones."""
    dt = 1.0
    nest.ResetKernel()
    nest.SetKernelStatus({"resolution": dt, "local_num_threads": threads, "rng_seed": seed})
    pop = nest.Create("gif_pop_psc_exp", params={
        "N": 30, "lambda_0": 20.0, "Delta_V": 4.0, "I_e": 1200.0, "tau_sfa": [50.0], "q_sfa": [0.2],
        "t_ref": 0.0, "BinoRand": binorand})
    mm = nest.Create("multimeter", params={"record_from": ["n_events", "mean"], "interval": dt})
    nest.Connect(mm, pop)
    nest.Simulate(5000.0)
    ev = mm.get("events")
    sel = np.asarray(ev["times"]) > 200.0
    n = np.asarray(ev["n_events"])[sel]
    m = np.asarray(ev["mean"])[sel]
    return {"count_mean": float(np.mean(n)), "count_var": float(np.var(n)),
            "excess_var": float(np.mean((n - m) ** 2) / np.mean(m)), "mean_mean": float(np.mean(m))}


def summarize(per_seed):
    keys = [k for k in per_seed[0] if k != "seed"]
    return {k: {"mean": float(np.mean([r[k] for r in per_seed])),
                "std": float(np.std([r[k] for r in per_seed], ddof=1))} for k in keys}


def rule_failures(ref_summary, sim_per_seed, z=3.5, floor_rel=0.01):
    """README-models2.md's seed_means rule: the statistics that fail, with ratio |d| / tol."""
    sim = summarize(sim_per_seed)
    failures, ratios = [], {}
    for k, r in ref_summary.items():
        tol = max(z * np.hypot(r["std"], sim[k]["std"]), 1e-9, floor_rel * abs(r["mean"]))
        ratios[k] = abs(sim[k]["mean"] - r["mean"]) / tol
        if ratios[k] > 1.0:
            failures.append(k)
    return failures, ratios
