# SPDX-License-Identifier: GPL-2.0-or-later
"""Random balanced network with delta synapses (Brunel 2000).

The sparsely connected network of excitatory and inhibitory
integrate-and-fire neurons of

    Brunel N (2000) Dynamics of sparsely connected networks of excitatory
    and inhibitory spiking neurons. J Comput Neurosci 8:183-208,

with the parameters of NEST's ``brunel_delta_nest.py`` example: 10,000
excitatory and 2,500 inhibitory ``iaf_psc_delta`` neurons (V_reset = 0 mV),
each receiving CE = 1,000 excitatory and CI = 250 inhibitory connections
(fixed in-degree, 10 % connection probability), PSP amplitude J = 0.1 mV,
relative inhibition g = 5, delay 1.5 ms, and a Poisson drive at eta = 2
times the threshold rate.  ``--scale`` multiplies the population sizes; the
in-degrees follow (10 % of each population), as when ``order`` is changed
in NEST's example.

The script prints the firing rates and the CV of the inter-spike intervals
of N_rec recorded neurons per population, the number of synapses, the
build and simulation times, and saves a raster plot with a spike-count
histogram.  It is plain PyNEST: with ``import nest`` instead of the first
import it runs unchanged under NEST 3.
"""

import roost as nest

import argparse
import time

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def parse_args():
    parser = argparse.ArgumentParser(description="Brunel (2000) balanced network, delta synapses")
    parser.add_argument("--scale", type=float, default=1.0,
                        help="multiplies NE = 10000 and NI = 2500 (in-degrees stay 10 %%)")
    parser.add_argument("--simtime", type=float, default=1000.0, help="simulated time in ms")
    parser.add_argument("--threads", type=int, default=2, help="local_num_threads")
    parser.add_argument("--seed", type=int, default=None, help="rng_seed (default: the kernel's)")
    parser.add_argument("--n-rec", type=int, default=50,
                        help="neurons recorded per population (rates, CV, raster)")
    parser.add_argument("--output", default="brunel_delta_raster.png", help="raster plot PNG")
    return parser.parse_args()


def cv_isi(events):
    """Mean CV of the inter-spike intervals over neurons with >= 3 spikes."""
    times = np.asarray(events["times"], dtype=float)
    senders = np.asarray(events["senders"])
    cvs = []
    for sender in np.unique(senders):
        isi = np.diff(np.sort(times[senders == sender]))
        if len(isi) >= 2:
            cvs.append(np.std(isi) / np.mean(isi))
    return float(np.mean(cvs)) if cvs else float("nan")


def main():
    args = parse_args()

    dt = 0.1            # resolution (ms)
    simtime = args.simtime
    delay = 1.5         # synaptic delay (ms)

    g = 5.0             # ratio inhibitory weight / excitatory weight
    eta = 2.0           # external rate relative to threshold rate
    epsilon = 0.1       # connection probability

    order = max(1, int(round(2500 * args.scale)))
    NE = 4 * order      # excitatory neurons
    NI = 1 * order      # inhibitory neurons
    N_neurons = NE + NI
    N_rec = min(args.n_rec, NI)

    CE = int(epsilon * NE)      # excitatory synapses per neuron
    CI = int(epsilon * NI)      # inhibitory synapses per neuron

    tauMem = 20.0       # membrane time constant (ms)
    theta = 20.0        # threshold (mV)
    neuron_params = {"C_m": 1.0, "tau_m": tauMem, "t_ref": 2.0, "E_L": 0.0,
                     "V_reset": 0.0, "V_m": 0.0, "V_th": theta}
    J = 0.1             # PSP amplitude (mV)
    J_ex = J
    J_in = -g * J_ex

    nu_th = theta / (J * CE * tauMem)   # threshold rate (1/ms)
    nu_ex = eta * nu_th
    p_rate = 1000.0 * nu_ex * CE        # rate of the Poisson drive (Hz)

    startbuild = time.time()
    nest.ResetKernel()
    kernel = {"resolution": dt, "local_num_threads": args.threads}
    if args.seed is not None:
        kernel["rng_seed"] = args.seed
    nest.SetKernelStatus(kernel)

    print("Building network")
    nest.SetDefaults("iaf_psc_delta", neuron_params)
    nest.SetDefaults("poisson_generator", {"rate": p_rate})

    nodes_ex = nest.Create("iaf_psc_delta", NE)
    nodes_in = nest.Create("iaf_psc_delta", NI)
    noise = nest.Create("poisson_generator")
    espikes = nest.Create("spike_recorder", params={"label": "brunel-py-ex"})
    ispikes = nest.Create("spike_recorder", params={"label": "brunel-py-in"})

    print("Connecting devices")
    nest.CopyModel("static_synapse", "excitatory", {"weight": J_ex, "delay": delay})
    nest.CopyModel("static_synapse", "inhibitory", {"weight": J_in, "delay": delay})

    nest.Connect(noise, nodes_ex, syn_spec="excitatory")
    nest.Connect(noise, nodes_in, syn_spec="excitatory")
    nest.Connect(nodes_ex[:N_rec], espikes, syn_spec="excitatory")
    nest.Connect(nodes_in[:N_rec], ispikes, syn_spec="excitatory")

    print("Connecting network")
    nest.Connect(nodes_ex, nodes_ex + nodes_in,
                 {"rule": "fixed_indegree", "indegree": CE}, "excitatory")
    nest.Connect(nodes_in, nodes_ex + nodes_in,
                 {"rule": "fixed_indegree", "indegree": CI}, "inhibitory")
    endbuild = time.time()

    print("Simulating")
    nest.Simulate(simtime)
    endsimulate = time.time()

    # Each MPI rank records its own neurons; collect everything on rank 0
    # (with one process this is just the recorders' events).
    all_ex = nest.gather_events(espikes)
    all_in = nest.gather_events(ispikes)
    num_synapses = (nest.GetDefaults("excitatory")["num_connections"]
                    + nest.GetDefaults("inhibitory")["num_connections"])
    if nest.Rank() != 0:
        return
    rate_ex = len(all_ex["times"]) / simtime * 1000.0 / N_rec
    rate_in = len(all_in["times"]) / simtime * 1000.0 / N_rec
    cv_ex = cv_isi(all_ex)
    cv_in = cv_isi(all_in)

    build_time = endbuild - startbuild
    sim_time = endsimulate - endbuild

    print("Brunel network simulation (Python)")
    print(f"Number of neurons : {N_neurons}")
    print(f"Number of synapses: {num_synapses}")
    print(f"       Excitatory : {int(CE * N_neurons) + N_neurons}")
    print(f"       Inhibitory : {int(CI * N_neurons)}")
    print(f"Excitatory rate   : {rate_ex:.2f} Hz")
    print(f"Inhibitory rate   : {rate_in:.2f} Hz")
    print(f"CV of ISI (E / I) : {cv_ex:.3f} / {cv_in:.3f}")
    print(f"Building time     : {build_time:.2f} s")
    print(f"Simulation time   : {sim_time:.2f} s")

    data = np.column_stack([all_ex["senders"], all_ex["times"]])
    nest.raster_plot.from_data(data, hist=True)
    plt.savefig(args.output)
    print(f"Raster plot       : {args.output}")


if __name__ == "__main__":
    main()
