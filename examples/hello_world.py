# SPDX-License-Identifier: GPL-2.0-or-later
"""Hello world: one neuron, two input spikes, its membrane potential.

An ``iaf_psc_exp`` neuron receives two spikes (at 10 and 30 ms) from a
``spike_generator`` through a connection of weight 50 pA; a multimeter
samples ``V_m`` every 0.1 ms for 100 ms.  The script prints the neuron's
spike count and the peak of ``V_m`` and plots the trace to a PNG file.

This is plain PyNEST: with ``import nest`` instead of the first import it
runs unchanged under NEST 3.
"""

import roost as nest

import argparse

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--output", default="hello_world.png", help="PNG file for the V_m plot")
    args = parser.parse_args()

    nest.ResetKernel()

    neuron = nest.Create("iaf_psc_exp")
    generator = nest.Create("spike_generator", params={"spike_times": [10.0, 30.0]})
    multimeter = nest.Create("multimeter", {"record_from": ["V_m"], "interval": 0.1})
    spikes = nest.Create("spike_recorder")

    nest.Connect(generator, neuron, syn_spec={"weight": 50.0})
    nest.Connect(multimeter, neuron)
    nest.Connect(neuron, spikes)

    nest.Simulate(100.0)

    events = multimeter.get("events")
    times = events["times"]
    v_m = events["V_m"]
    n_spikes = spikes.get("n_events")
    peak = max(v_m)
    t_peak = times[list(v_m).index(peak)]

    print(f"Spike count       : {n_spikes}")
    print(f"Peak V_m          : {peak:.4f} mV at {t_peak:.1f} ms")
    print(f"V_m samples       : {len(times)} (every 0.1 ms)")

    plt.figure(figsize=(7, 4))
    plt.plot(times, v_m)
    plt.xlabel("Time (ms)")
    plt.ylabel("V_m (mV)")
    plt.title("iaf_psc_exp driven by two input spikes")
    plt.tight_layout()
    plt.savefig(args.output)
    print(f"Plot written to   : {args.output}")


if __name__ == "__main__":
    main()
