# SPDX-License-Identifier: GPL-2.0-or-later
"""Potjans & Diesmann (2014) cortical microcircuit benchmark, for Roost and NEST.

Built the way NEST's PyNEST example Potjans_2014 builds it, from
network/microcircuit_params.json of the NEST reference data (read at run
time; the model's numbers are not repeated here): 8 iaf_psc_exp populations,
a fixed total number of synapses per population pair derived from the
connection probabilities, normal weights and delays redrawn into range
(nest.math.redraw), L4E->L2/3E doubled, Poisson (or DC) background, the N/K
scaling rules with DC compensation, and the population-specific V_m(0).

The derived population sizes and per-pair synapse counts are checked
against the file's derived_* block for the same (N, K, drive) before
anything is built, exactly (weights, external weight and I_e to 1e-9
relative); ``--verify-connections`` also counts every pair in the simulator
after construction (not timed).

    PYTHONPATH=bindings/python python benchmarks/networks/microcircuit.py --scale 0.1 --k-scale 0.1
    python benchmarks/networks/microcircuit.py --simulator nest --scale 0.1 --k-scale 1

``--presim`` runs a warm-up Simulate between construction and the timed
Simulate (the example presimulates 500 ms; its time is reported as
presim_s, not as simulation).  ``--verify-connections`` pulls every
connection into Python and so inflates the reported peak RSS: do not combine
it with memory measurements.
The module is also imported by tests/validation/test_microcircuit.py.
"""

import math
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent))
import common  # noqa: E402

PARAMS_FILE = "network/microcircuit_params.json"


def load_params():
    return common.load_reference(PARAMS_FILE)


def psc_per_psp(neuron_defaults_c_m, tau_m, tau_s):
    """1 / (peak PSP of a 1 pA exponential PSC at rest), pA per mV."""
    t1 = tau_m * tau_s * math.log(tau_m / tau_s) / (tau_m - tau_s)
    v1 = tau_m * tau_s / (neuron_defaults_c_m * (tau_m - tau_s)) * (
        math.exp(-t1 / tau_m) - math.exp(-t1 / tau_s))
    return 1.0 / v1


def derive(params, n_scale, k_scale, poisson_input=True):
    """Everything the construction needs, from the file's data and rules."""
    pops = list(params["populations"])
    types = list(params["population_types"])
    n_full = np.asarray(params["full_num_neurons"], dtype=float)
    conn = params["connectivity"]
    p = np.asarray(conn["conn_probs"], dtype=float)            # [target][source]
    w = params["weights"]
    dl = params["delays"]
    neuron = params["neuron"]
    ext = params["external_input"]
    tau_syn = float(neuron["set_explicitly"]["tau_syn_ex"])
    if float(neuron["set_explicitly"]["tau_syn_in"]) != tau_syn:
        raise ValueError("the PSP->PSC conversion assumes tau_syn_ex == tau_syn_in")
    c_m = float(neuron["from_nest_defaults"]["C_m"])
    tau_m = float(neuron["from_nest_defaults"]["tau_m"])

    # Sizes and synapse counts (scaling.N_scaling_rule, connectivity.*_rule).
    num_neurons = np.round(n_full * n_scale).astype(np.int64)
    with np.errstate(divide="ignore"):
        s_full = np.log(1.0 - p) / np.log(1.0 - 1.0 / np.outer(n_full, n_full))
    s_full = np.where(p == 0.0, 0.0, s_full)   # ln(1) = -0.0 stays 0 synapses
    num_synapses = np.round(s_full * n_scale * k_scale).astype(np.int64)

    # Mean PSC amplitudes (weights.*_rule), unscaled then K-compensated.
    pA_per_mV = psc_per_psp(c_m, tau_m, tau_syn)
    psc_exc = w["PSP_exc_mean_mV"] * pA_per_mV
    src_inh = np.array([t == "I" for t in types])
    w_full = np.tile(np.where(src_inh, w["g"] * psc_exc, psc_exc), (len(pops), 1))
    w_full[pops.index("L23E"), pops.index("L4E")] *= w["L4E_to_L23E_PSP_factor"]
    psc_ext_full = psc_exc
    sqrt_k = math.sqrt(k_scale)
    weight_mean = w_full / sqrt_k
    weight_ext = psc_ext_full / sqrt_k

    # External input and I_e (external_input.*, scaling.dc_compensation_rule).
    k_ext = np.asarray(ext["K_ext"], dtype=float)
    bg_rate = float(ext["bg_rate_Hz"])
    k_ext_scaled = np.round(k_ext * k_scale).astype(np.int64)
    if poisson_input:
        i_e = np.zeros(len(pops))
        poisson_rate = bg_rate * k_ext_scaled
    else:
        i_e = bg_rate * k_ext * psc_ext_full * tau_syn * 1e-3
        poisson_rate = None
    if k_scale != 1.0:
        rates = np.asarray(params["scaling"]["full_mean_rates_Hz"], dtype=float)
        mu = np.sum(w_full * (s_full / n_full[:, None]) * rates[None, :], axis=1)
        if poisson_input:
            mu = mu + psc_ext_full * k_ext * bg_rate
        i_e = i_e + 1e-3 * tau_syn * (1.0 - sqrt_k) * mu

    delay_mean = np.where(src_inh, dl["delay_inh_mean_ms"], dl["delay_exc_mean_ms"])
    v0 = params["initial_conditions"]["optimized"]
    return {
        "populations": pops,
        "types": types,
        "N_scaling": n_scale,
        "K_scaling": k_scale,
        "poisson_input": bool(poisson_input),
        "num_neurons": num_neurons,
        "num_synapses": num_synapses,
        "weight_mean_pA": weight_mean,
        "weight_rel_std": float(w["weight_rel_std"]),
        "weight_ext_pA": weight_ext,
        "PSC_per_PSP": pA_per_mV,
        "I_e_pA": i_e,
        "K_ext_scaled": k_ext_scaled,
        "poisson_rate_Hz": poisson_rate,
        "poisson_delay_ms": float(dl["poisson_delay_ms"]),
        "delay_mean_ms": delay_mean,                    # by source population
        "delay_rel_std": float(dl["delay_rel_std"]),
        "model": neuron["model"],
        "neuron_params": {k: float(v) for k, v in neuron["set_explicitly"].items() if k != "I_e"},
        "V0_mean": list(v0["V0_mean_mV"]),
        "V0_std": list(v0["V0_std_mV"]),
    }


def matching_block(params, d):
    """Name of the file's derived_* block for these settings, or None."""
    for name, block in params.items():
        if (name.startswith("derived_") and isinstance(block, dict) and "N_scaling" in block
                and block["N_scaling"] == d["N_scaling"] and block["K_scaling"] == d["K_scaling"]
                and bool(block["poisson_input"]) == d["poisson_input"]):
            return name
    return None


def check_derived(params, d):
    """Asserts that d equals the file's derived block (sizes and counts exactly).

    Returns the block name, or None when the file has no block for these
    settings (then only the rules stand behind the numbers)."""
    name = matching_block(params, d)
    if name is None:
        return None
    block = params[name]
    sizes = np.asarray(block["num_neurons"], dtype=np.int64)
    counts = np.asarray(block["num_synapses"], dtype=np.int64)
    if not np.array_equal(d["num_neurons"], sizes):
        raise AssertionError(f"{name}: population sizes {d['num_neurons'].tolist()} != {sizes.tolist()}")
    if not np.array_equal(d["num_synapses"], counts):
        bad = np.argwhere(d["num_synapses"] != counts).tolist()
        raise AssertionError(f"{name}: synapse counts differ at [target, source] {bad}")
    assert int(d["num_neurons"].sum()) == block["num_neurons_total"], name
    assert int(d["num_synapses"].sum()) == block["num_synapses_total"], name
    assert np.array_equal(d["K_ext_scaled"], np.asarray(block["K_ext_scaled"])), name
    np.testing.assert_allclose(d["weight_mean_pA"], block["weight_mean_pA"], rtol=1e-9, err_msg=name)
    np.testing.assert_allclose(d["weight_ext_pA"], block["weight_ext_pA"], rtol=1e-9, err_msg=name)
    np.testing.assert_allclose(d["I_e_pA"], block["I_e_pA"], rtol=1e-9, atol=1e-9, err_msg=name)
    if d["poisson_input"]:
        np.testing.assert_allclose(d["poisson_rate_Hz"], block["poisson_rate_Hz"], rtol=1e-12, err_msg=name)
    np.testing.assert_allclose(d["PSC_per_PSP"], params["weights"]["PSC_per_PSP_pA_per_mV"], rtol=1e-9)
    return name


def build(nest, d, record=True):
    """Creates and connects the network in the file's order (simulation.sequence).

    Returns (populations, spike recorders or [])."""
    h = float(nest.GetKernelStatus("resolution"))
    pops = []
    for i, _name in enumerate(d["populations"]):
        pop = nest.Create(d["model"], int(d["num_neurons"][i]))
        pop.set(dict(d["neuron_params"], I_e=float(d["I_e_pA"][i])))
        pop.set(V_m=nest.random.normal(mean=float(d["V0_mean"][i]), std=float(d["V0_std"][i])))
        pops.append(pop)
    recorders = []
    if record:
        for _ in pops:
            recorders.append(nest.Create("spike_recorder"))
    generators = []
    if d["poisson_input"]:
        for i in range(len(pops)):
            generators.append(nest.Create("poisson_generator",
                                          params={"rate": float(d["poisson_rate_Hz"][i])}))
    rel_w, rel_d = d["weight_rel_std"], d["delay_rel_std"]
    for t, target in enumerate(pops):
        for s, source in enumerate(pops):
            w = float(d["weight_mean_pA"][t][s])
            w_min, w_max = (-np.inf, 0.0) if w < 0 else (0.0, np.inf)
            dm = float(d["delay_mean_ms"][s])
            syn = {
                "synapse_model": "static_synapse",
                "weight": nest.math.redraw(nest.random.normal(mean=w, std=abs(w * rel_w)),
                                           min=w_min, max=w_max),
                "delay": nest.math.redraw(nest.random.normal(mean=dm, std=dm * rel_d),
                                          min=0.5 * h, max=np.inf),
            }
            nest.Connect(source, target,
                         {"rule": "fixed_total_number", "N": int(d["num_synapses"][t][s])}, syn)
    for pop, rec in zip(pops, recorders):
        nest.Connect(pop, rec)
    for pop, gen in zip(pops, generators):
        nest.Connect(gen, pop, "all_to_all",
                     {"synapse_model": "static_synapse", "weight": float(d["weight_ext_pA"]),
                      "delay": d["poisson_delay_ms"]})
    return pops, recorders


def expected_num_connections(d, record):
    n = int(d["num_neurons"].sum())
    return int(d["num_synapses"].sum()) + (n if d["poisson_input"] else 0) + (n if record else 0)


def count_pair_synapses(nest, pops):
    """counts[target][source] of the connections between populations, as the
    simulator holds them (GetConnections per target population)."""
    firsts = np.array([p[0].get("global_id") for p in pops], dtype=np.int64)
    lasts = np.array([p[-1].get("global_id") for p in pops], dtype=np.int64)
    counts = np.zeros((len(pops), len(pops)), dtype=np.int64)
    for t, target in enumerate(pops):
        conns = nest.GetConnections(target=target)
        if len(conns) == 0:
            continue
        src = np.asarray(conns.get("source"), dtype=np.int64).ravel()
        idx = np.searchsorted(firsts, src, side="right") - 1
        ok = (idx >= 0) & (src <= lasts[np.clip(idx, 0, None)])
        counts[t] = np.bincount(idx[ok], minlength=len(pops))
    return counts


def main(argv=None):
    parser = common.make_parser(__doc__.splitlines()[0], k_scale=True)
    parser.set_defaults(scale=0.1, k_scale=0.1)
    parser.add_argument("--drive", choices=("poisson", "dc"), default="poisson",
                        help="background: Poisson generators (default) or the DC equivalent")
    parser.add_argument("--presim", type=float, default=0.0,
                        help="ms simulated after construction and before the timed Simulate")
    parser.add_argument("--verify-connections", action="store_true",
                        help="count every population pair in the simulator after construction "
                             "(inflates peak RSS)")
    args = parser.parse_args(argv)

    params = load_params()
    d = derive(params, args.scale, args.k_scale, poisson_input=(args.drive == "poisson"))
    block = check_derived(params, d)
    print(f"microcircuit: N {args.scale:g}, K {args.k_scale:g}, {args.drive} drive, "
          f"{int(d['num_neurons'].sum())} neurons, {int(d['num_synapses'].sum())} synapses; "
          + (f"sizes and counts equal {block}" if block else "no derived block for these settings"),
          file=sys.stderr)

    nest = common.import_simulator(args.simulator)
    sw = common.Stopwatch()
    common.reset_kernel(nest, args)
    h = nest.GetKernelStatus("resolution")
    with sw.phase("construction"):
        pops, recorders = build(nest, d, args.record)
        nest.Simulate(h)
    got = int(nest.GetKernelStatus("num_connections"))
    want = expected_num_connections(d, args.record)
    if got != want:
        raise SystemExit(f"num_connections {got} != expected {want}")
    if args.verify_connections:
        counts = count_pair_synapses(nest, pops)
        if not np.array_equal(counts, d["num_synapses"]):
            raise SystemExit(f"per-pair synapse counts differ at {np.argwhere(counts != d['num_synapses']).tolist()}")
        print("microcircuit: per-pair synapse counts in the simulator are exact", file=sys.stderr)
    if args.presim > 0:
        with sw.phase("presim"):
            nest.Simulate(args.presim)
    before = common.count_events(recorders) if recorders else 0
    with sw.phase("simulation"):
        nest.Simulate(args.simtime)
    spikes = common.count_events(recorders) - before if recorders else None
    n = int(d["num_neurons"].sum())
    common.result(nest, args, "microcircuit", sw, n, int(d["num_synapses"].sum()), spikes,
                  n if args.record else 0, presim_ms=args.presim, k_scale=args.k_scale)


if __name__ == "__main__":
    main()
