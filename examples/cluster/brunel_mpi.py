# SPDX-License-Identifier: GPL-2.0-or-later
"""Brunel (2000) balanced network that runs unchanged on 1 or N MPI ranks.

    python examples/cluster/brunel_mpi.py                      # one process
    mpirun -np 4 python examples/cluster/brunel_mpi.py         # four ranks
    srun python examples/cluster/brunel_mpi.py                 # under Slurm

The network of examples/brunel_delta.py (NE = 4 NI iaf_psc_delta neurons,
in-degrees 10 % of each population, J = 0.1 mV, g = 5, eta = 2, delay
1.5 ms), by default at scale 0.2 (2,000 + 500 neurons) for 500 ms.  Every
neuron is recorded.  Each rank keeps the spikes of its own neurons;
``nest.gather_events`` collects them on rank 0, which prints the rates and
the total spike count and writes a raster plot.  The spike count is the same
for any number of ranks and threads.

Threads per rank: ``--threads``, else $OMP_NUM_THREADS, else 1.  Backend:
``--backend``, else $ROOST_BACKEND, else the CPU (with ``cuda`` each rank
uses one GPU: its node-local rank modulo the visible GPUs).
"""

import roost as nest

import argparse
import os
import sys
import time

import numpy as np


def parse_args():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--scale", type=float, default=0.2,
                   help="multiplies NE = 10000, NI = 2500 (default 0.2)")
    p.add_argument("--simtime", type=float, default=500.0, help="simulated time in ms (default 500)")
    p.add_argument("--threads", type=int, default=int(os.environ.get("OMP_NUM_THREADS", "1") or 1),
                   help="local_num_threads per rank (default $OMP_NUM_THREADS or 1)")
    p.add_argument("--backend", choices=("cpu", "cuda"), default=None,
                   help="Roost backend (default $ROOST_BACKEND or cpu)")
    p.add_argument("--seed", type=int, default=1234, help="rng_seed (default 1234)")
    p.add_argument("--output", default="brunel_mpi_raster.png",
                   help="raster plot written by rank 0 ('' for none)")
    return p.parse_args()


def main():
    args = parse_args()
    t0 = time.time()

    nest.ResetKernel()
    if args.backend:
        nest.SetKernelStatus({"backend": args.backend})
    nest.SetKernelStatus({"resolution": 0.1, "local_num_threads": args.threads,
                          "rng_seed": args.seed})
    rank, ranks = nest.Rank(), nest.NumProcesses()

    NE = max(1, int(round(10000 * args.scale)))
    NI = max(1, int(round(2500 * args.scale)))
    CE, CI = max(1, NE // 10), max(1, NI // 10)
    J, g, eta, delay = 0.1, 5.0, 2.0, 1.5
    theta, tau_m = 20.0, 20.0
    nu_th = theta / (J * CE * tau_m)                     # 1/ms
    drive = 1000.0 * eta * nu_th * CE                    # Hz

    params = {"C_m": 1.0, "tau_m": tau_m, "t_ref": 2.0, "E_L": 0.0,
              "V_reset": 0.0, "V_m": 0.0, "V_th": theta}
    exc = nest.Create("iaf_psc_delta", NE, params=params)
    inh = nest.Create("iaf_psc_delta", NI, params=params)
    noise = nest.Create("poisson_generator", params={"rate": drive})
    rec_ex = nest.Create("spike_recorder")
    rec_in = nest.Create("spike_recorder")

    ex_syn = {"weight": J, "delay": delay}
    in_syn = {"weight": -g * J, "delay": delay}
    nest.Connect(noise, exc + inh, syn_spec=ex_syn)
    nest.Connect(exc, rec_ex)
    nest.Connect(inh, rec_in)
    nest.Connect(exc, exc + inh, {"rule": "fixed_indegree", "indegree": CE}, ex_syn)
    nest.Connect(inh, exc + inh, {"rule": "fixed_indegree", "indegree": CI}, in_syn)
    t_build = time.time() - t0

    nest.Simulate(args.simtime)
    t_sim = time.time() - t0 - t_build

    status = nest.GetKernelStatus()
    # What this rank holds: its block of each population, its connections, its events.
    local = len(nest.GetLocalNodeCollection(exc + inh))
    sys.stdout.write(f"rank {rank}/{ranks}: {local} local neurons, "
                     f"{status['local_num_connections']} local connections, "
                     f"{rec_ex.n_events + rec_in.n_events} local spikes\n")   # one write: lines
    sys.stdout.flush()                                                     # of ranks don't mix

    # Collective: every rank calls gather_events; rank 0 gets everything.
    ev_ex = nest.gather_events(rec_ex, root=0)
    ev_in = nest.gather_events(rec_in, root=0)
    if rank != 0:
        return

    n_ex, n_in = len(ev_ex["times"]), len(ev_in["times"])
    seconds = args.simtime / 1000.0
    print(f"Ranks x threads   : {ranks} x {status['local_num_threads']} "
          f"= {status['total_num_virtual_procs']} virtual processes")
    print(f"Backend           : {status.get('backend', 'cpu')}, communicator "
          f"{status.get('communicator', 'local')}")
    print(f"Neurons           : {NE + NI} ({NE} E, {NI} I)")
    print(f"Synapses          : {status['num_connections']}")
    print(f"Excitatory rate   : {n_ex / (NE * seconds):.2f} Hz")
    print(f"Inhibitory rate   : {n_in / (NI * seconds):.2f} Hz")
    print(f"Spikes (all ranks): {n_ex + n_in}")
    print(f"Build / simulate  : {t_build:.2f} s / {t_sim:.2f} s (rank 0)")

    if args.output:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, (ax, hist) = plt.subplots(2, 1, sharex=True, figsize=(8, 6),
                                       gridspec_kw={"height_ratios": [3, 1]})
        for ev, colour, label in ((ev_ex, "tab:blue", "E"), (ev_in, "tab:red", "I")):
            ax.plot(ev["times"], ev["senders"], ".", ms=1, color=colour, label=label)
        ax.set_ylabel("neuron id")
        ax.set_title(f"Brunel network, {NE + NI} neurons on {ranks} rank(s)")
        ax.legend(loc="upper right", markerscale=8)
        times = np.concatenate([np.asarray(ev_ex["times"]), np.asarray(ev_in["times"])])
        bins = np.arange(0.0, args.simtime + 5.0, 5.0)
        counts, edges = np.histogram(times, bins=bins)
        hist.bar(edges[:-1], counts / ((NE + NI) * 0.005), width=5.0, align="edge", color="0.4")
        hist.set_xlabel("time (ms)")
        hist.set_ylabel("rate (Hz)")
        fig.tight_layout()
        fig.savefig(args.output, dpi=100)
        print(f"Raster plot       : {args.output}")


if __name__ == "__main__":
    main()
