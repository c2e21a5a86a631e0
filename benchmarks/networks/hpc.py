# SPDX-License-Identifier: GPL-2.0-or-later
"""hpc_benchmark-style plastic network, for Roost and NEST alike.

The network of NEST's pynest example hpc_benchmark.py (Kunkel et al. 2014;
parameters read from that example, the code written here): NE = 9000 s and
NI = 2250 s iaf_psc_alpha neurons (s = ``--scale``), fixed in-degrees
CE = 9000, CI = 2250 at every scale (no autapses, multapses allowed),
E -> E through stdp_pl_synapse_hom_hpc (power-law STDP, alpha 0.0513,
lambda 0.1, mu 0.4, tau_plus 15 ms; tau_minus 30 ms on the neurons) with
weights drawn from normal(JE_pA, 3.47 pA), all other connections
static_synapse_hpc, delay 1.5 ms everywhere, one poisson_generator at
eta = 1.685 times the threshold rate into every neuron, V_m drawn from
normal(5.7, 7.2) mV. JE = 0.14 mV peak PSP, converted to pA for the alpha
current; g = -5.

    PYTHONPATH=bindings/python python benchmarks/networks/hpc.py --scale 0.1
    python benchmarks/networks/hpc.py --simulator nest --scale 0.1 --threads 2

Construction includes a 50 ms presimulation (hpc_benchmark's presimtime) and
the timed Simulate runs ``--simtime`` ms (default 250, as the example).
Prints one JSON line (common.result). ``--record on`` records the first
1000 excitatory neurons (the example's Nrec).
"""

import math
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

TAU_SYN = 0.32582722403722841  # ms: gives the example's 1.700759 ms PSP rise time at tau_m = 10 ms
NEURON = {"E_L": 0.0, "C_m": 250.0, "tau_m": 10.0, "t_ref": 0.5, "V_th": 20.0, "V_reset": 0.0,
          "tau_syn_ex": TAU_SYN, "tau_syn_in": TAU_SYN, "tau_minus": 30.0}
STDP = {"alpha": 0.0513, "lambda": 0.1, "mu": 0.4, "tau_plus": 15.0, "delay": 1.5}
JE_MV, SIGMA_W, G, ETA, DELAY, NREC = 0.14, 3.47, -5.0, 1.685, 1.5, 1000


def _lambert_wm1(x):
    """Lower branch W_-1 of the Lambert W function for -1/e <= x < 0 (Newton)."""
    w = math.log(-x) - math.log(-math.log(-x))
    for _ in range(50):
        ew = math.exp(w)
        step = (w * ew - x) / (ew * (w + 1.0))
        w -= step
        if abs(step) < 1e-15 * abs(w):
            break
    return w


def psp_to_current(tau_m, tau_syn, c_m):
    """pA of an alpha current whose PSP peaks at 1 mV (iaf_psc_alpha at rest)."""
    a = tau_m / tau_syn
    b = 1.0 / tau_syn - 1.0 / tau_m
    t_rise = 1.0 / b * (-_lambert_wm1(-math.exp(-1.0 / a) / a) - 1.0 / a)
    v_max = (math.e / (tau_syn * c_m * b)
             * ((math.exp(-t_rise / tau_m) - math.exp(-t_rise / tau_syn)) / b - t_rise * math.exp(-t_rise / tau_syn)))
    return 1.0 / v_max


def build(nest, scale, record):
    ne, ni = int(9000 * scale), int(2250 * scale)
    ce, ci = 9000, 2250
    je_pa = psp_to_current(NEURON["tau_m"], TAU_SYN, NEURON["C_m"]) * JE_MV
    nu_th = NEURON["V_th"] / (ce * NEURON["tau_m"] / NEURON["C_m"] * je_pa * math.e * TAU_SYN)
    rate = 1000.0 * nu_th * ETA * ce

    vm = nest.random.normal(5.7, 7.2)
    exc = nest.Create("iaf_psc_alpha", ne, params=dict(NEURON, V_m=vm))
    inh = nest.Create("iaf_psc_alpha", ni, params=dict(NEURON, V_m=vm))
    noise = nest.Create("poisson_generator", params={"rate": rate})
    recorders = []
    if record:
        recorders = [nest.Create("spike_recorder")]
        nest.Connect(exc[:min(NREC, ne)], recorders[0], "all_to_all", "static_synapse_hpc")

    nest.SetDefaults("static_synapse_hpc", {"delay": DELAY})
    nest.CopyModel("static_synapse_hpc", "syn_ex", {"weight": je_pa})
    nest.CopyModel("static_synapse_hpc", "syn_in", {"weight": G * je_pa})
    nest.SetDefaults("stdp_pl_synapse_hom_hpc", dict(STDP, weight=je_pa))
    fixed = {"rule": "fixed_indegree", "allow_autapses": False, "allow_multapses": True}
    nest.Connect(noise, exc, "all_to_all", {"synapse_model": "syn_ex"})
    nest.Connect(noise, inh, "all_to_all", {"synapse_model": "syn_ex"})
    nest.Connect(exc, exc, dict(fixed, indegree=ce),
                 {"synapse_model": "stdp_pl_synapse_hom_hpc", "weight": nest.random.normal(je_pa, SIGMA_W)})
    nest.Connect(inh, exc, dict(fixed, indegree=ci), "syn_in")
    nest.Connect(exc, inh, dict(fixed, indegree=ce), "syn_ex")
    nest.Connect(inh, inh, dict(fixed, indegree=ci), "syn_in")
    return ne + ni, (ne + ni) * (ce + ci), recorders, (min(NREC, ne) if record else 0)


def main(argv=None):
    parser = common.make_parser(__doc__.splitlines()[0], default_simtime=250.0)
    parser.add_argument("--presim", type=float, default=50.0, help="presimulation in ms (default 50)")
    args = parser.parse_args(argv)
    nest = common.import_simulator(args.simulator)
    sw = common.Stopwatch()
    common.reset_kernel(nest, args)
    common.sync(nest)
    with sw.phase("construction"):
        n, synapses, recorders, n_rec = build(nest, args.scale, args.record)
        nest.Simulate(args.presim)
    before = common.count_events(recorders) if recorders else 0
    with sw.phase("simulation"):
        nest.Simulate(args.simtime)
    spikes = common.count_events(recorders) - before if recorders else None
    common.result(nest, args, "hpc", sw, n, synapses, spikes, n_rec)


if __name__ == "__main__":
    main()
