# SPDX-License-Identifier: GPL-2.0-or-later
"""Spike-timing dependent plasticity: one synapse, pre/post pairs at fixed lags.

Two parrot neurons repeat the spike trains of two spike generators; the
plastic connection pre -> post (stdp_synapse, targeting the post parrot's
receptor 1 so that it does not drive it) sees each presynaptic spike followed
(lag > 0) or preceded (lag < 0) by a postsynaptic one. A weight_recorder logs
the weight after every presynaptic spike. Prints the final weight per lag:
causal pairs potentiate, anti-causal ones depress (Bi & Poo 1998).

Runs unchanged under NEST 3 with ``import nest``.
"""

import argparse

import roost as nest


def final_weight(lag_ms, pairs=20, period_ms=100.0, delay_ms=1.0):
    nest.ResetKernel()
    pre_times = [50.0 + k * period_ms for k in range(pairs)]
    # The connection delay counts as dendritic in NEST: a post spike at t_post
    # meets a pre spike at t_pre when t_post + delay - t_pre = lag.
    post_times = [t + lag_ms - delay_ms for t in pre_times]
    sg_pre = nest.Create("spike_generator", params={"spike_times": pre_times})
    sg_post = nest.Create("spike_generator", params={"spike_times": post_times})
    pre = nest.Create("parrot_neuron")
    post = nest.Create("parrot_neuron", params={"tau_minus": 20.0})
    wr = nest.Create("weight_recorder")
    nest.CopyModel("stdp_synapse", "stdp_rec",
                   {"weight_recorder": wr, "tau_plus": 20.0, "lambda": 0.01, "alpha": 1.0,
                    "mu_plus": 0.0, "mu_minus": 0.0, "Wmax": 100.0})
    nest.Connect(sg_pre, pre, syn_spec={"delay": 1.0})
    nest.Connect(sg_post, post, syn_spec={"delay": 1.0})
    nest.Connect(pre, post, syn_spec={"synapse_model": "stdp_rec", "weight": 50.0,
                                      "delay": delay_ms, "receptor_type": 1})
    nest.Simulate(pairs * period_ms + 50.0)
    conn = nest.GetConnections(pre, post)
    return conn.get("weight"), len(wr.events["weights"])


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=20)
    args = parser.parse_args()
    print("lag (ms)   final weight   weight_recorder events")
    for lag in (-20.0, -10.0, -5.0, 5.0, 10.0, 20.0):
        w, n = final_weight(lag, pairs=args.pairs)
        print(f"{lag:8.1f}   {w:12.4f}   {n:6d}")


if __name__ == "__main__":
    main()
