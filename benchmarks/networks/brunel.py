# SPDX-License-Identifier: GPL-2.0-or-later
"""Brunel (2000) balanced network benchmark, for Roost and NEST alike.

The network of network/brunel_delta_AI.json in the NEST reference data
(NE = 10000, NI = 2500 iaf_psc_delta neurons, fixed in-degrees CE = 1000,
CI = 250 with autapses and multapses, J = 0.1 mV, g = 5, eta = 2, delay
1.5 ms, V_reset = 10 mV, one poisson_generator of rate eta * nu_th * CE to
every neuron), with ``--scale`` on the neuron numbers at fixed in-degrees.
Parameters are read from that file at run time.

    PYTHONPATH=bindings/python python benchmarks/networks/brunel.py --scale 0.5
    python benchmarks/networks/brunel.py --simulator nest --scale 1 --threads 2

Prints one JSON line at the end (common.result).  ``--record on`` connects a
spike_recorder to every neuron (``--n-record K``: to the first K excitatory
neurons only, as NEST's brunel example and performance.md do); spikes and
mean rate count the recorded neurons during the timed Simulate.

Under MPI the same command runs on every rank and rank 0 prints the line
('ranks', global synapse count, spikes over all ranks):

    mpirun -np 4 python benchmarks/networks/brunel.py --threads 1 --record off

(benchmarks/networks/scaling.py runs such launches over 1..N ranks.)
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

REFERENCE_CASE = "network/brunel_delta_AI.json"


def network_parameters(scale):
    """Parameters of the reference case with NE, NI scaled (in-degrees fixed)."""
    p = dict(common.load_reference(REFERENCE_CASE)["protocol"]["params"])
    if p["model"] != "iaf_psc_delta":
        raise SystemExit(f"{REFERENCE_CASE}: expected iaf_psc_delta, got {p['model']}")
    nu_th = p["theta"] / (p["J"] * p["CE"] * p["tau_m"])        # kHz
    rate = 1000.0 * p["eta"] * nu_th * p["CE"]                  # Hz
    if abs(rate - p.get("poisson_rate", rate)) > 1e-9 * rate:
        raise SystemExit(f"{REFERENCE_CASE}: poisson_rate {p['poisson_rate']} != eta nu_th CE = {rate}")
    p["poisson_rate"] = rate
    p["J_ex"] = p["J"]                     # delta synapses: the weight is the PSP (mV)
    p["J_in"] = -p["g"] * p["J"]
    p["NE"] = int(round(p["NE"] * scale))
    p["NI"] = int(round(p["NI"] * scale))
    if p["NE"] < 1 or p["NI"] < 1:
        raise SystemExit(f"--scale {scale} leaves no neurons")
    return p


def build(nest, p, record, n_record=None):
    """Create and connect; returns (neurons, recorders, recorded count)."""
    neurons = nest.Create(p["model"], p["NE"] + p["NI"], params=dict(p["neuron_params"]))
    exc, inh = neurons[:p["NE"]], neurons[p["NE"]:]
    noise = nest.Create("poisson_generator", params={"rate": p["poisson_rate"]})
    recorders, n_rec = common.spike_recorders(nest, neurons, exc, record, n_record)
    syn_ex = {"synapse_model": "static_synapse", "weight": p["J_ex"], "delay": p["delay"]}
    syn_in = {"synapse_model": "static_synapse", "weight": p["J_in"], "delay": p["delay"]}
    nest.Connect(noise, neurons, "all_to_all", syn_ex)
    nest.Connect(exc, neurons, {"rule": "fixed_indegree", "indegree": int(p["CE"])}, syn_ex)
    nest.Connect(inh, neurons, {"rule": "fixed_indegree", "indegree": int(p["CI"])}, syn_in)
    return neurons, recorders, n_rec


def main(argv=None):
    parser = common.make_parser(__doc__.splitlines()[0])
    parser.add_argument("--n-record", type=int, default=0,
                        help="record only the first K excitatory neurons (0: all neurons)")
    args = parser.parse_args(argv)
    p = network_parameters(args.scale)
    nest = common.import_simulator(args.simulator)
    sw = common.Stopwatch()
    common.reset_kernel(nest, args)
    h = nest.GetKernelStatus("resolution")
    common.sync(nest)                      # all ranks start the clock together
    with sw.phase("construction"):
        neurons, recorders, n_rec = build(nest, p, args.record, args.n_record)
        nest.Simulate(h)
    before = common.count_events(recorders) if recorders else 0
    with sw.phase("simulation"):
        nest.Simulate(args.simtime)
    spikes = common.count_events(recorders) - before if recorders else None
    n = p["NE"] + p["NI"]
    common.result(nest, args, "brunel", sw, n, n * (int(p["CE"]) + int(p["CI"])), spikes, n_rec)


if __name__ == "__main__":
    main()
