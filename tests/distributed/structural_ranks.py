# SPDX-License-Identifier: GPL-2.0-or-later
"""A rewiring network for test_structural_ranks.py. Run as
``mpirun -np R python structural_ranks.py OUT_DIR THREADS``.

Forty iaf_psc_alpha with gaussian growth curves and Poisson input, rewired
every 200 ms over 1.2 s, after a Connect that binds elements and a
Disconnect that frees them (some across ranks). Each rank writes its
connections and its neurons' calcium and bound elements to
OUT_DIR/structural-<rank>.npz.
"""

import sys
from pathlib import Path

import numpy as np

import roost as nest

out, threads = Path(sys.argv[1]), int(sys.argv[2])
nest.ResetKernel()
nest.set(rng_seed=7, local_num_threads=threads, structural_plasticity_update_interval=200.0)
nest.CopyModel("static_synapse", "ex", {"weight": 30.0, "delay": 1.0})
nest.structural_plasticity_synapses = {"ex": {"synapse_model": "ex", "pre_synaptic_element": "Axon",
                                              "post_synaptic_element": "Den"}}
curve = {"growth_curve": "gaussian", "growth_rate": 0.05, "eta": 0.0, "eps": 0.3, "continuous": False}
n = nest.Create("iaf_psc_alpha", 40, {"synaptic_elements": {"Axon": curve, "Den": curve}, "beta_Ca": 0.01,
                                      "tau_Ca": 100.0})
noise = nest.Create("poisson_generator", params={"rate": 12000.0})
nest.Connect(noise, n, syn_spec={"weight": 25.0})
bound = {"synapse_model": "ex", "pre_synaptic_element": "Axon", "post_synaptic_element": "Den"}
nest.Connect(n[:5], n[30:], "all_to_all", bound)
nest.Disconnect(n[:2], n[30:32], conn_spec="one_to_one", syn_spec={"synapse_model": "ex"})
nest.EnableStructuralPlasticity()
nest.Simulate(700.0)
nest.Simulate(500.0)
c = nest.GetConnections(n, n)
local = nest.GetLocalNodeCollection(n)
elements = local.synaptic_elements if len(local) > 1 else [local.synaptic_elements]
np.savez(out / f"structural-{nest.Rank()}.npz", source=np.asarray(c.source, dtype=np.int64),
         target=np.asarray(c.target, dtype=np.int64), gid=np.asarray(local.global_id, dtype=np.int64).ravel(),
         Ca=np.asarray(local.Ca, dtype=float).ravel(),
         axon=np.array([e["Axon"]["z_connected"] for e in elements], dtype=np.int64),
         den=np.array([e["Den"]["z_connected"] for e in elements], dtype=np.int64),
         z=np.array([e["Axon"]["z"] for e in elements], dtype=float))
