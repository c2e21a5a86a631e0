# SPDX-License-Identifier: GPL-2.0-or-later
"""A dense plastic network for test_dense_identity.py: 600 neurons with 500
inputs each (400 excitatory through stdp_synapse, 100 inhibitory static),
non-integer random weights and delays, Poisson drive, 500 ms.

``python dense_plastic.py OUT_DIR BACKEND THREADS`` (also under mpirun). Each
rank writes its stdp connections to OUT_DIR/weights-<rank>.npz; rank 0 writes
the gathered spikes and V_m samples to OUT_DIR/events.npz.
"""

import sys
from pathlib import Path

import numpy as np

import roost as nest

out, backend, threads = Path(sys.argv[1]), sys.argv[2], int(sys.argv[3])
nest.ResetKernel()
nest.SetKernelStatus({"backend": backend, "rng_seed": 4242,
                      "total_num_virtual_procs": threads * nest.NumProcesses()})
exc = nest.Create("iaf_psc_alpha", 480, {"V_m": nest.random.uniform(-70.0, -56.0)})
inh = nest.Create("iaf_psc_alpha", 120, {"V_m": nest.random.uniform(-70.0, -56.0)})
neurons = exc + inh
nest.CopyModel("stdp_synapse", "stdp_ee", {"Wmax": 10.0, "lambda": 0.01, "alpha": 1.1})
nest.Connect(exc, neurons, {"rule": "fixed_indegree", "indegree": 400},
             {"synapse_model": "stdp_ee", "weight": nest.random.uniform(1.0, 3.0),
              "delay": nest.random.uniform(1.0, 3.0)})
nest.Connect(inh, neurons, {"rule": "fixed_indegree", "indegree": 100},
             {"weight": nest.random.uniform(-12.0, -8.0), "delay": nest.random.uniform(1.0, 2.0)})
pg = nest.Create("poisson_generator", {"rate": 3000.0})
nest.Connect(pg, neurons, syn_spec={"weight": 30.3})
sr = nest.Create("spike_recorder")
nest.Connect(neurons, sr)
mm = nest.Create("multimeter", {"record_from": ["V_m"], "interval": 0.1})
nest.Connect(mm, neurons[::50])

nest.Simulate(250.0)
nest.Simulate(250.0)

conns = nest.GetConnections(synapse_model="stdp_ee")
np.savez(out / f"weights-{nest.Rank()}.npz", source=np.asarray(conns.get("source")),
         target=np.asarray(conns.get("target")), weight=np.asarray(conns.get("weight")),
         Kplus=np.asarray(conns.get("Kplus")))
spikes = nest.gather_events(sr)
samples = nest.gather_events(mm)
if nest.Rank() == 0:
    np.savez(out / "events.npz", senders=spikes["senders"], times=spikes["times"],
             mm_senders=samples["senders"], mm_times=samples["times"], mm_V_m=samples["V_m"])
