# SPDX-License-Identifier: GPL-2.0-or-later
"""Protocols for NEST's astrocyte models, shared by
tools/nest_reference/gen_astrocytes.py (which records them with NEST 3.10)
and tests/validation/test_astrocytes_nest.py (which replays them on Roost).

Deterministic cases (NEST's astrocyte_interaction.py with its Poisson drive
replaced by a constant current and a spike train): a presynaptic
aeif_cond_alpha_astro drives an astrocyte_lr_1994 (spikes raise IP3) and two
postsynaptic aeif_cond_alpha_astro neurons; the astrocyte's slow inward
current reaches them through sic_connection (two weights and delays), a step
current drives the astrocyte's calcium (amplitudes that are multiples of
2^-32, so that the ring's fixed point carries them exactly). Traces of all recordables and the
spike times must agree within the adaptive-ODE tolerances.

Statistical cases: NEST's astrocyte_single.py and astrocyte_interaction.py
(Poisson drive, shortened), over seeds: NEST draws other numbers, so the
statistics agree in distribution only.
"""

import numpy as np

MODELS = ["astrocyte_lr_1994", "aeif_cond_alpha_astro"]
ASTRO_KEYS = ["IP3", "Ca_astro", "h_IP3R"]
NEURON_KEYS = ["I_SIC", "V_m", "g_ex", "g_in", "w"]

VARIANTS = {
    # min_delay 1 ms (slices of 10 steps), SIC with delay 1 ms
    "default": {"resolution": 0.1, "sic": [(1.0, 1.0), (2.0, 3.0)], "static_delay": 1.0},
    # min_delay 1.5 ms: slices of 15 steps; SIC delays 1.5 and 2.7 ms; a negative SIC weight
    "delays": {"resolution": 0.1, "sic": [(1.5, 1.5), (-0.5, 2.7)], "static_delay": 1.5},
    # a coarser grid: the solvers' substeps and the SIC's step alignment
    "coarse": {"resolution": 0.5, "sic": [(1.0, 1.0), (3.0, 2.0)], "static_delay": 1.0},
}
SIM_TIME = 3000.0


def _events(rec):
    ev = rec.get("events")
    return {k: np.asarray(v).tolist() for k, v in ev.items()}


def run_interaction(nest, variant, threads=1, setup=None):
    cfg = VARIANTS[variant]
    nest.ResetKernel()
    if setup:
        setup(nest)
    nest.SetKernelStatus({"resolution": cfg["resolution"], "local_num_threads": threads})
    d = cfg["static_delay"]
    astro = nest.Create("astrocyte_lr_1994", params={"delta_IP3": 0.2})
    pre = nest.Create("aeif_cond_alpha_astro", params={"tau_syn_ex": 2.0, "I_e": 1000.0})
    post = nest.Create("aeif_cond_alpha_astro", 2, params={"tau_syn_ex": 2.0, "I_e": 575.0, "a": 0.0, "b": 5.0})
    sg = nest.Create("spike_generator", params={"spike_times": [5.0, 7.5, 200.0, 200.5, 1200.0]})
    scg = nest.Create("step_current_generator",
                      params={"amplitude_times": [400.0, 900.0, 2000.0], "amplitude_values": [2.0**-12, -2.0**-13, 0.0]})
    nest.Connect(pre, astro, syn_spec={"weight": 1.0, "delay": d})
    nest.Connect(sg, astro, syn_spec={"weight": 3.0, "delay": d})
    nest.Connect(scg, astro, syn_spec={"delay": d})
    nest.Connect(pre, post[0], syn_spec={"weight": 1.0, "delay": d})
    nest.Connect(pre, post[1], syn_spec={"weight": -2.0, "delay": d})
    for k, (w, delay) in enumerate(cfg["sic"]):
        nest.Connect(astro, post[k], syn_spec={"synapse_model": "sic_connection", "weight": w, "delay": delay})
    mm_a = nest.Create("multimeter", params={"record_from": ASTRO_KEYS, "interval": 2.0})
    mm_n = nest.Create("multimeter", params={"record_from": NEURON_KEYS, "interval": 2.0})
    sr = nest.Create("spike_recorder")
    nest.Connect(mm_a, astro)
    nest.Connect(mm_n, pre + post)
    nest.Connect(pre + post, sr)
    nest.Simulate(SIM_TIME / 2)
    nest.Simulate(SIM_TIME / 2)
    out = {"astro": _events(mm_a), "neurons": _events(mm_n), "spikes": _events(sr),
           "state": {"astro": {k: float(astro.get(k)) for k in ASTRO_KEYS},
                     "post": [{k: float(n.get(k)) for k in ("V_m", "w")} for n in post]}}
    return out


STAT_SEEDS = [11, 12, 13, 14]
STAT_TIME = 10000.0
# Coarser grids than the examples' 0.1 ms keep the replay short on the
# emulated CUDA backend; NEST records the same protocol.
SINGLE_RESOLUTION = 1.0
INTERACTION_RESOLUTION = 0.5


def run_single(nest, seed, setup=None):
    """NEST's astrocyte_single.py (delta_IP3 0.2, 1 Hz Poisson input of weight 1), 40 copies, shortened."""
    nest.ResetKernel()
    if setup:
        setup(nest)
    nest.SetKernelStatus({"rng_seed": seed, "resolution": SINGLE_RESOLUTION})
    astrocyte = nest.Create("astrocyte_lr_1994", 40, params={"delta_IP3": 0.2})
    ps = nest.Create("poisson_generator", params={"rate": 1.0})
    mm = nest.Create("multimeter", params={"record_from": ["IP3", "Ca_astro"], "interval": 10.0})
    nest.Connect(ps, astrocyte, syn_spec={"weight": 1.0})
    nest.Connect(mm, astrocyte)
    nest.Simulate(STAT_TIME)
    ev = mm.get("events")
    ip3, ca = np.asarray(ev["IP3"]), np.asarray(ev["Ca_astro"])
    return {"IP3_mean": float(ip3.mean()), "IP3_std": float(ip3.std()),
            "Ca_mean": float(ca.mean()), "Ca_std": float(ca.std()), "Ca_max": float(ca.max())}


def run_interaction_poisson(nest, seed, setup=None, n=40):
    """NEST's astrocyte_interaction.py (its parameters, 1500 Hz Poisson drive), n copies, shortened."""
    nest.ResetKernel()
    if setup:
        setup(nest)
    nest.SetKernelStatus({"rng_seed": seed, "resolution": INTERACTION_RESOLUTION})
    astrocyte = nest.Create("astrocyte_lr_1994", n, params={"delta_IP3": 0.2})
    pre = nest.Create("aeif_cond_alpha_astro", n, params={"tau_syn_ex": 2.0})
    post = nest.Create("aeif_cond_alpha_astro", n, params={"tau_syn_ex": 2.0})
    ps = nest.Create("poisson_generator", params={"rate": 1500.0})
    mm_a = nest.Create("multimeter", params={"record_from": ["IP3", "Ca_astro"], "interval": 10.0})
    mm_p = nest.Create("multimeter", params={"record_from": ["I_SIC", "V_m"], "interval": 10.0})
    mm_pre = nest.Create("multimeter", params={"record_from": ["V_m"], "interval": 1.0})
    sr = nest.Create("spike_recorder")
    one = {"rule": "one_to_one"}
    nest.Connect(ps, pre)
    nest.Connect(pre, post, one, syn_spec={"weight": 1.0})
    nest.Connect(pre, astrocyte, one, syn_spec={"weight": 1.0})
    nest.Connect(astrocyte, post, one, syn_spec={"synapse_model": "sic_connection", "weight": 1.0})
    nest.Connect(mm_a, astrocyte)
    nest.Connect(mm_p, post)
    nest.Connect(mm_pre, pre)
    nest.Connect(pre, sr)
    nest.Simulate(STAT_TIME)
    ea, ep = mm_a.get("events"), mm_p.get("events")
    return {"pre_rate": float(len(sr.get("events")["times"]) / n / (STAT_TIME / 1000.0)),
            "pre_V_mean": float(np.mean(mm_pre.get("events")["V_m"])),
            "pre_V_std": float(np.std(mm_pre.get("events")["V_m"])),
            "IP3_mean": float(np.mean(ea["IP3"])), "Ca_mean": float(np.mean(ea["Ca_astro"])),
            "SIC_mean": float(np.mean(ep["I_SIC"])), "post_V_mean": float(np.mean(ep["V_m"]))}
