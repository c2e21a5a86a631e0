# SPDX-License-Identifier: GPL-2.0-or-later
"""A gap-junction network for test_gap_ranks.py. Run as
``mpirun -np R python gap_ranks.py OUT_DIR THREADS``.

Twelve hh_psc_alpha_gap and four hh_cond_beta_gap_traub neurons: random
symmetric gap junctions within each model, delayed spike connections between
all, Poisson input (NEST's gap_junctions_inhibitory_network.py, smaller), run
in two Simulate calls. Each rank writes what its voltmeter and spike
recorder recorded to OUT_DIR/gap-<rank>.npz.
"""

import sys
from pathlib import Path

import numpy as np

import roost as nest

out, threads = Path(sys.argv[1]), int(sys.argv[2])
nest.ResetKernel()
nest.SetKernelStatus({"rng_seed": 5, "local_num_threads": threads, "resolution": 0.05})
hh = nest.Create("hh_psc_alpha_gap", 12)
traub = nest.Create("hh_cond_beta_gap_traub", 4, {"I_e": 200.0})
hh.V_m = nest.random.uniform(min=-80.0, max=-40.0)
nest.Connect(hh, hh, {"rule": "fixed_indegree", "indegree": 3}, {"weight": -50.0, "delay": 1.0})
nest.Connect(hh, traub, {"rule": "fixed_indegree", "indegree": 2}, {"weight": 5.0, "delay": 1.5})
pg = nest.Create("poisson_generator", params={"rate": 500.0})
nest.Connect(pg, hh, syn_spec={"weight": 300.0, "delay": 1.0})
rng = np.random.default_rng(3)
for a, b in rng.choice(np.arange(12), size=(15, 2)):
    nest.Connect(hh[int(a)], hh[int(b)], {"rule": "one_to_one", "make_symmetric": True},
                 {"synapse_model": "gap_junction", "weight": 0.3})
nest.Connect(traub[:2], traub[2:], {"rule": "one_to_one", "make_symmetric": True},
             {"synapse_model": "gap_junction", "weight": 15.0})
vm = nest.Create("voltmeter", params={"interval": 0.5})
sr = nest.Create("spike_recorder")
nest.Connect(vm, hh + traub)
nest.Connect(hh + traub, sr)
nest.Simulate(25.0)
nest.Simulate(15.0)
ev, sp = vm.get("events"), sr.get("events")
np.savez(out / f"gap-{nest.Rank()}.npz", senders=np.asarray(ev["senders"]), times=np.asarray(ev["times"]),
         V_m=np.asarray(ev["V_m"]), spike_senders=np.asarray(sp["senders"]), spike_times=np.asarray(sp["times"]))
