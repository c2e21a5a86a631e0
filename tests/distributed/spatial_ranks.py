# SPDX-License-Identifier: GPL-2.0-or-later
"""Spatial Connects for test_spatial_ranks.py. Run as
``mpirun -np R python spatial_ranks.py OUT_DIR THREADS``.

A free 2D layer with periodic boundaries (positions from numpy, the same on
every rank) connected by pairwise_bernoulli with a Gaussian kernel and a
circular mask, and by fixed_outdegree with an exponential kernel, distance-
dependent delays and random weights. Each rank writes its connections to
OUT_DIR/connections-<rank>.npz.
"""

import sys
from pathlib import Path

import numpy as np

import roost as nest

out, threads = Path(sys.argv[1]), int(sys.argv[2])
nest.ResetKernel()
nest.SetKernelStatus({"rng_seed": 4321, "local_num_threads": threads})
pos = np.random.default_rng(7).uniform(-0.5, 0.5, size=(600, 2)).tolist()
layer = nest.Create("iaf_psc_alpha", positions=nest.spatial.free(pos, extent=[1.0, 1.0], edge_wrap=True))
d = nest.spatial.distance
nest.Connect(layer, layer,
             {"rule": "pairwise_bernoulli", "p": nest.math.exp(-1.0 * d * d / (2 * 0.1 ** 2)),
              "mask": {"circular": {"radius": 0.3}}, "allow_autapses": False},
             {"weight": 2.0, "delay": 1.0 + 3.0 * d})
nest.Connect(layer, layer,
             {"rule": "fixed_outdegree", "outdegree": 12, "p": nest.math.exp(-1.0 * d / 0.15),
              "mask": {"rectangular": {"lower_left": [-0.2, -0.2], "upper_right": [0.2, 0.2]}}},
             {"weight": nest.random.uniform(0.5, 1.5), "delay": 1.5})
conns = nest.GetConnections()
np.savez(out / f"connections-{nest.Rank()}.npz",
         source=np.asarray(conns.get("source"), dtype=np.int64).ravel(),
         target=np.asarray(conns.get("target"), dtype=np.int64).ravel(),
         weight=np.asarray(conns.get("weight"), dtype=float).ravel(),
         delay=np.asarray(conns.get("delay"), dtype=float).ravel())
