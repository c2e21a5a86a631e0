# SPDX-License-Identifier: GPL-2.0-or-later
"""A noisy rate network for test_rate_ranks.py. Run as
``mpirun -np R python rate_ranks.py OUT_DIR THREADS``.

Excitatory and inhibitory lin_rate_ipn populations (NEST's example
lin_rate_ipn_network.py, smaller) with delayed and instantaneous rate
connections, plus tanh_rate_opn and a non-linearly summing
rate_transformer_sigmoid fed from both. Each rank writes the rates its
multimeter recorded to OUT_DIR/rates-<rank>.npz.
"""

import sys
from pathlib import Path

import numpy as np

import roost as nest

out, threads = Path(sys.argv[1]), int(sys.argv[2])
nest.ResetKernel()
nest.SetKernelStatus({"rng_seed": 99, "local_num_threads": threads, "use_wfr": False})
params = {"tau": 10.0, "mu": 2.0, "sigma": 5.0}
n_e = nest.Create("lin_rate_ipn", 80, params)
n_i = nest.Create("lin_rate_ipn", 20, params)
opn = nest.Create("tanh_rate_opn", 10, {"sigma": 0.5, "g": 0.3})
tr = nest.Create("rate_transformer_sigmoid", 10, {"linear_summation": False, "g": 2.0, "beta": 0.5})
w = 0.1 / np.sqrt(100)
nest.Connect(n_e, n_e + n_i + opn, {"rule": "fixed_outdegree", "outdegree": 8},
             {"synapse_model": "rate_connection_delayed", "weight": w, "delay": 2.0})
nest.Connect(n_i, n_e + n_i, {"rule": "fixed_outdegree", "outdegree": 4},
             {"synapse_model": "rate_connection_instantaneous", "weight": -5 * w})
nest.Connect(opn + n_e[:10], tr, {"rule": "fixed_indegree", "indegree": 5},
             {"synapse_model": "rate_connection_delayed", "weight": nest.random.uniform(0.1, 0.9), "delay": 1.0})
mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.5})
nest.Connect(mm, n_e + n_i + opn + tr)
nest.Simulate(30.0)
nest.Simulate(12.3)
ev = mm.get("events")
np.savez(out / f"rates-{nest.Rank()}.npz", senders=np.asarray(ev["senders"]), times=np.asarray(ev["times"]),
         rate=np.asarray(ev["rate"]))
