# SPDX-License-Identifier: GPL-2.0-or-later
"""A small network that touches every part of a distributed run, for
test_mpi.py. Run as ``mpirun -np R python mpi_network.py OUT_DIR THREADS [EXCHANGE]``
(EXCHANGE: the kernel's spike_exchange, allgather or alltoallv).

Every connection rule, both signs of weights, random weights and delays,
Poisson / spike / dc generators, a spike recorder, a multimeter and a
Poisson -> recorder link. Each rank writes its connections to
OUT_DIR/connections-<rank>.npz; rank 0 writes the gathered recordings to
OUT_DIR/events.npz and the kernel facts to OUT_DIR/status.json.
"""

import json
import sys
from pathlib import Path

import numpy as np

import roost as nest

out, threads = Path(sys.argv[1]), int(sys.argv[2])
exchange = sys.argv[3] if len(sys.argv) > 3 else "allgather"
nest.ResetKernel()
nest.SetKernelStatus({"rng_seed": 12345, "local_num_threads": threads, "spike_exchange": exchange})

exc = nest.Create("iaf_psc_exp", 160, {"I_e": 200.0})
inh = nest.Create("iaf_psc_alpha", 40)
par = nest.Create("parrot_neuron", 7)
delta = nest.Create("iaf_psc_delta", 33, {"V_m": nest.random.uniform(-70.0, -55.0)})
pg = nest.Create("poisson_generator", 2, {"rate": 9000.0})
sg = nest.Create("spike_generator", {"spike_times": [2.0, 4.5, 4.5, 11.3]})
dc = nest.Create("dc_generator", {"amplitude": 300.0, "start": 20.0, "stop": 60.0})
sr = nest.Create("spike_recorder")
sr_poisson = nest.Create("spike_recorder")
mm = nest.Create("multimeter", {"record_from": ["V_m"], "interval": 0.5})
nest.SetKernelStatus({"data_path": str(out), "overwrite_files": True})
sr_ascii = nest.Create("spike_recorder", {"record_to": "ascii", "label": "ascii"})

all_neurons = exc + inh + delta
nest.Connect(exc, all_neurons, {"rule": "fixed_indegree", "indegree": 20},
             {"weight": nest.random.normal(30.0, 5.0), "delay": nest.random.uniform(1.0, 3.0)})
nest.Connect(inh, all_neurons, {"rule": "pairwise_bernoulli", "p": 0.2}, {"weight": -60.0, "delay": 1.2})
nest.Connect(delta, exc, {"rule": "fixed_outdegree", "outdegree": 9}, {"weight": 0.4, "delay": 2.0})
nest.Connect(exc[:50], inh, {"rule": "fixed_total_number", "N": 300}, {"weight": 10.0, "delay": 1.5})
nest.Connect(exc[:7], par, "one_to_one", {"delay": 1.0})
nest.Connect(par, delta[:10], "all_to_all", {"weight": [[float(i + j) / 10.0 for j in range(7)] for i in range(10)]})
nest.Connect(pg, all_neurons, syn_spec={"weight": 15.0})
nest.Connect(pg[0], delta[:3], syn_spec={"weight": 5.0})  # a second Poisson input to some targets
nest.Connect(sg, exc[:12], syn_spec={"weight": 900.0})
nest.Connect(dc, delta)
nest.Connect(all_neurons + par, sr)
nest.Connect(all_neurons, sr_ascii)
nest.Connect(sg, sr)
nest.Connect(pg[1], sr_poisson)
nest.Connect(mm, exc[::16] + delta[::8])
mm_current = nest.Create("multimeter", {"record_from": ["I"], "interval": 1.0})
nest.Connect(mm_current, dc)  # a device recorded by a device: once, on rank 0
# Neurons whose spikes carry an offset (their Tsodyks release): recorded at
# stamp - offset and read by receptor 1, whichever rank owns them.
tum = nest.Create("iaf_tum_2000", 6, {"I_e": 600.0, "x": 1.0})
nest.Connect(tum, tum, "all_to_all", {"weight": 80.0, "delay": 1.0, "receptor_type": 1})
nest.Connect(tum, exc[:20], syn_spec={"weight": 40.0})
nest.Connect(tum, sr)
nest.Connect(tum, sr_ascii)

nest.Simulate(40.0)
nest.Simulate(40.0)  # a second run continues where the first stopped

conns = nest.GetConnections()
np.savez(out / f"connections-{nest.Rank()}.npz",
         source=np.asarray(conns.get("source")), target=np.asarray(conns.get("target")),
         weight=np.asarray(conns.get("weight")), delay=np.asarray(conns.get("delay")))
spikes = nest.gather_events(sr)
poisson = nest.gather_events(sr_poisson)
samples = nest.gather_events(mm)
current = nest.gather_events(mm_current)
status = nest.GetKernelStatus()
if nest.Rank() == 0:
    np.savez(out / "events.npz", senders=spikes["senders"], times=spikes["times"],
             poisson_senders=poisson["senders"], poisson_times=poisson["times"],
             mm_senders=samples["senders"], mm_times=samples["times"], mm_V_m=samples["V_m"],
             current_times=current["times"], current_I=current["I"])
    (out / "status.json").write_text(json.dumps(
        {k: status[k] for k in ("num_processes", "num_connections", "min_delay", "max_delay", "backend", "spike_exchange",
                                "total_num_virtual_procs", "communicator")}))
