# SPDX-License-Identifier: GPL-2.0-or-later
"""Brunel-type balanced network of nonlinear neurons (aeif_cond_alpha,
hh_psc_alpha or iaf_cond_exp), for Roost and NEST alike.

NE = 8000, NI = 2000 neurons (``--scale`` multiplies both), fixed in-degrees
CE = 800 excitatory and CI = 200 inhibitory inputs per neuron (autapses and
multapses allowed), delay 1.5 ms, one poisson_generator driving every neuron
(an independent train per neuron) and the model's default parameters except
where MODELS says.  Weights are conductances (nS) for the conductance models
and currents (pA) for hh_psc_alpha, chosen for an asynchronous irregular
regime of a few to some tens of Hz.  Initial V_m are drawn uniformly from V_init (a Parameter,
so both simulators draw them from their own generators: runs agree in their
statistics, not spike by spike).

    PYTHONPATH=bindings/python python benchmarks/networks/brunel_cond.py --model aeif_cond_alpha
    python benchmarks/networks/brunel_cond.py --simulator nest --model hh_psc_alpha --threads 2
    python benchmarks/networks/compare.py brunel_cond --scale 1 --reps 3 -- --model aeif_cond_alpha

Prints one JSON line at the end (common.result) with the model in
'benchmark' (brunel_cond/<model>); spikes and the mean rate count the
recorded neurons (all, or ``--n-record`` excitatory ones) in the timed
Simulate.
"""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

NE, NI, CE, CI, DELAY = 8000, 2000, 800, 200, 1.5

# Per model: neuron parameters, excitatory and inhibitory weight (sizes;
# the inhibitory one is sent with a negative sign, which selects the
# inhibitory synapse as in NEST), the Poisson rate per neuron (Hz) and the
# range of initial V_m (mV). Inhibition dominates (Brunel's g > CE / CI);
# the values put both models at about 10 Hz, asynchronous and irregular.
MODELS = {
    "aeif_cond_alpha": {"params": {}, "J_ex": 2.0, "J_in": 10.0,
                        "poisson_rate": 14000.0, "V_init": (-70.6, -52.0)},
    "hh_psc_alpha": {"params": {}, "J_ex": 40.0, "J_in": 200.0,
                     "poisson_rate": 8000.0, "V_init": (-70.0, -60.0)},
    "iaf_cond_exp": {"params": {}, "J_ex": 4.0, "J_in": 20.0,
                     "poisson_rate": 12000.0, "V_init": (-70.0, -55.0)},
}


def build(nest, model, scale, record, n_record=0):
    spec = MODELS[model]
    ne, ni = max(1, int(round(NE * scale))), max(1, int(round(NI * scale)))
    neurons = nest.Create(model, ne + ni, params=dict(spec["params"]))
    lo, hi = spec["V_init"]
    neurons.V_m = nest.random.uniform(lo, hi)
    exc, inh = neurons[:ne], neurons[ne:]
    noise = nest.Create("poisson_generator", params={"rate": spec["poisson_rate"]})
    recorders, n_rec = common.spike_recorders(nest, neurons, exc, record, n_record)
    j_ex, j_in = spec["J_ex"], -spec["J_in"]
    nest.Connect(noise, neurons, "all_to_all", {"weight": j_ex, "delay": DELAY})
    nest.Connect(exc, neurons, {"rule": "fixed_indegree", "indegree": CE}, {"weight": j_ex, "delay": DELAY})
    nest.Connect(inh, neurons, {"rule": "fixed_indegree", "indegree": CI}, {"weight": j_in, "delay": DELAY})
    return neurons, recorders, n_rec, ne + ni


def main(argv=None):
    parser = common.make_parser(__doc__.splitlines()[0])
    parser.add_argument("--model", choices=sorted(MODELS), default="aeif_cond_alpha")
    parser.add_argument("--n-record", type=int, default=0,
                        help="record only the first K excitatory neurons (0: all neurons)")
    args = parser.parse_args(argv)
    nest = common.import_simulator(args.simulator)
    sw = common.Stopwatch()
    common.reset_kernel(nest, args)
    h = nest.GetKernelStatus("resolution")
    common.sync(nest)
    with sw.phase("construction"):
        neurons, recorders, n_rec, n = build(nest, args.model, args.scale, args.record, args.n_record)
        nest.Simulate(h)
    before = common.count_events(recorders) if recorders else 0
    with sw.phase("simulation"):
        nest.Simulate(args.simtime)
    spikes = common.count_events(recorders) - before if recorders else None
    common.result(nest, args, f"brunel_cond/{args.model}", sw, n, n * (CE + CI), spikes, n_rec)


if __name__ == "__main__":
    main()
