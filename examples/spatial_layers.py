# SPDX-License-Identifier: GPL-2.0-or-later
"""A spatial network: excitatory and inhibitory layers connected by distance.

An excitatory grid layer (20 x 20) and an inhibitory layer of 100 neurons at
random positions share a 2 x 2 sheet with periodic boundaries. Excitatory
neurons connect within a circular mask with a Gaussian probability kernel,
inhibitory ones with an exponential kernel; delays grow with the distance.
A Poisson input drives every neuron. The script prints the connection counts,
the mean connection distance, a few query results, the firing rates, and
plots the targets of the centre neuron (with mask and kernel) to a PNG file.

This is plain PyNEST: with ``import nest`` instead of the first import it
runs unchanged under NEST 3.
"""

import roost as nest

import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="spatial_layers.png", help="PNG file for the targets plot")
    parser.add_argument("--simtime", type=float, default=200.0, help="simulated time in ms")
    args = parser.parse_args()

    nest.ResetKernel()
    nest.set(rng_seed=12, resolution=0.1)

    extent = [2.0, 2.0]
    exc = nest.Create("iaf_psc_alpha", positions=nest.spatial.grid(shape=[20, 20], extent=extent,
                                                                    edge_wrap=True))
    inh = nest.Create("iaf_psc_alpha", 100, positions=nest.spatial.free(
        nest.random.uniform(-1.0, 1.0), extent=extent, edge_wrap=True))
    noise = nest.Create("poisson_generator", params={"rate": 8000.0})
    spikes = nest.Create("spike_recorder")

    d = nest.spatial.distance
    exc_mask = {"circular": {"radius": 0.5}}
    exc_kernel = nest.spatial_distributions.gaussian(d, std=0.25)
    nest.Connect(exc, exc, {"rule": "pairwise_bernoulli", "p": exc_kernel, "mask": exc_mask},
                 {"weight": 10.0, "delay": 1.0 + 2.0 * d})
    nest.Connect(exc, inh, {"rule": "pairwise_bernoulli", "p": exc_kernel, "mask": exc_mask},
                 {"weight": 10.0, "delay": 1.0 + 2.0 * d})
    nest.Connect(inh, exc, {"rule": "pairwise_bernoulli",
                            "p": nest.spatial_distributions.exponential(d, beta=0.3),
                            "mask": {"circular": {"radius": 0.7}}},
                 {"weight": -80.0, "delay": 1.0 + 2.0 * d})
    nest.Connect(noise, exc, syn_spec={"weight": 20.0})
    nest.Connect(noise, inh, syn_spec={"weight": 20.0})
    nest.Connect(exc, spikes)
    nest.Connect(inh, spikes)

    conns = nest.GetConnections(exc, exc)
    first = exc[0].global_id
    src = np.array(list(conns.sources())) - first
    tgt = np.array(list(conns.targets())) - first
    pos = np.array(nest.GetPosition(exc))
    delta = pos[tgt] - pos[src]
    delta -= np.array(extent) * np.round(delta / np.array(extent))  # periodic boundaries
    dist = np.hypot(delta[:, 0], delta[:, 1])
    print(f"E->E connections     : {len(conns)}")
    print(f"E->I connections     : {len(nest.GetConnections(exc, inh))}")
    print(f"I->E connections     : {len(nest.GetConnections(inh, exc))}")
    print(f"Mean E->E distance   : {np.mean(dist):.3f} (mask radius 0.5)")

    center = nest.FindCenterElement(exc)
    print(f"Centre neuron        : {center.global_id} at {nest.GetPosition(center)}")
    print(f"Its targets in exc   : {len(nest.GetTargetNodes(center, exc)[0])}")
    print(f"Nearest inh to (0,0) : {nest.FindNearestElement(inh, [0.0, 0.0]).global_id}")

    nest.Simulate(args.simtime)
    events = spikes.get("events")
    senders = np.asarray(events["senders"])
    n_exc = np.isin(senders, exc.tolist()).sum()
    n_inh = np.isin(senders, inh.tolist()).sum()
    print(f"Excitatory rate      : {n_exc / len(exc) / args.simtime * 1000.0:.2f} Hz")
    print(f"Inhibitory rate      : {n_inh / len(inh) / args.simtime * 1000.0:.2f} Hz")

    fig = nest.PlotTargets(center, exc, mask=exc_mask, probability_parameter=exc_kernel)
    fig.axes[0].set_title("targets of the centre neuron (E -> E)")
    fig.savefig(args.output, dpi=80)
    plt.close(fig)


if __name__ == "__main__":
    main()
