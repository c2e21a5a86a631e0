# SPDX-License-Identifier: GPL-2.0-or-later
"""A network of precise-spiking neurons for test_precise_ranks.py. Run as
``mpirun -np R python precise_ranks.py OUT_DIR THREADS``.

iaf_psc_alpha_ps and iaf_psc_exp_ps neurons (tics_per_ms 32) connected at
random, so that every rank receives spikes with offsets from the others;
parrot_neuron_ps fed by poisson_generator_ps and a precise spike_generator
send several offset spikes per step into iaf_psc_delta_ps and the network.
Each rank writes what its spike recorder saw (steps and offsets) to
OUT_DIR/spikes-<rank>.npz.
"""

import sys
from pathlib import Path

import numpy as np

import roost as nest

out, threads = Path(sys.argv[1]), int(sys.argv[2])
nest.ResetKernel()
nest.SetKernelStatus({"rng_seed": 7, "local_num_threads": threads, "tics_per_ms": 32, "resolution": 1 / 32})
a = nest.Create("iaf_psc_alpha_ps", 30, params={"I_e": nest.random.uniform(370.0, 420.0)})
e = nest.Create("iaf_psc_exp_ps", 20, params={"I_e": nest.random.uniform(370.0, 420.0)})
nest.Connect(a + e, a + e, {"rule": "fixed_indegree", "indegree": 8},
             {"weight": nest.random.uniform(-60.0, 80.0), "delay": nest.random.uniform(0.5, 2.0)})
# Part 4: poisson_generator_ps trains and a precise spike_generator (several
# spikes per step) through parrot_neuron_ps (several offset spikes per step
# from one neuron) into iaf_psc_delta_ps and the network.
pg = nest.Create("poisson_generator_ps", params={"rate": 3000.0, "dead_time": 0.1})
sg = nest.Create("spike_generator", params={"precise_times": True,
                                            "spike_times": [10.01, 10.02, 10.025, 40.5, 40.51, 80.003]})
parrots = nest.Create("parrot_neuron_ps", 10)
d = nest.Create("iaf_psc_delta_ps", 10, params={"I_e": nest.random.uniform(300.0, 360.0)})
nest.Connect(pg, parrots)
nest.Connect(sg, parrots)
nest.Connect(parrots, d + e, {"rule": "fixed_indegree", "indegree": 3}, {"weight": 2.0, "delay": 1.0})
sr = nest.Create("spike_recorder", params={"time_in_steps": True})
nest.Connect(a + e + parrots + d, sr)
nest.Simulate(150.0)
ev = sr.get("events")
np.savez(out / f"spikes-{nest.Rank()}.npz", senders=np.asarray(ev["senders"]), times=np.asarray(ev["times"]),
         offsets=np.asarray(ev["offsets"], dtype=float))
