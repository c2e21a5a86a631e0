# SPDX-License-Identifier: GPL-2.0-or-later
"""Structural plasticity protocols run by NEST 3.10
(tools/nest_reference/gen_structural.py) and by Roost
(test_structural_plasticity_nest.py) with the same code.

- traces: the calcium trace and the synaptic elements of neurons driven to
  spike at fixed times, one growth curve each (deterministic);
- rewiring: neurons with fixed numbers of elements, rewired at t = 0 and
  again after some elements were taken away; the numbers of connections and
  of bound elements follow from the elements alone, whichever partners the
  random pairing chose (deterministic where compared);
- example: NEST's pynest example structural_plasticity.py shortened to
  `t_sim` ms, its mean calcium and connection counts (statistical).
"""

MODELS = ["iaf_psc_delta"]

GROWTH = {  # set points inside the trace's range (0.2 .. 1.8), so that elements grow and retract
    "linear": {"growth_curve": "linear", "growth_rate": 0.002, "eps": 1.0, "continuous": True},
    "gaussian": {"growth_curve": "gaussian", "growth_rate": 0.003, "eta": 0.2, "eps": 1.2, "continuous": False},
    "sigmoid": {"growth_curve": "sigmoid", "growth_rate": 0.001, "eps": 0.9, "psi": 0.2, "continuous": True},
}

def run_traces(nest, threads=1, setup=None):
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads)
    if setup:
        setup(nest)
    neurons = nest.Create("iaf_psc_delta", 3, {"tau_Ca": 800.0, "beta_Ca": 0.02})
    for n, (name, curve) in zip(neurons, GROWTH.items()):
        n.synaptic_elements = {"Axon": dict(curve), "Den": dict(curve, growth_rate=curve["growth_rate"] / 2)}
    # Each input spike makes every neuron spike once (V_th - E_L = 15 mV).
    times = [5.0 + 7.3 * k for k in range(60)] + [900.0 + 2.1 * k for k in range(80)] + [1500.0 + 40.0 * k for k in range(10)]
    gen = nest.Create("spike_generator", params={"spike_times": times})
    nest.Connect(gen, neurons, syn_spec={"weight": 40.0})
    rec = nest.Create("spike_recorder")
    nest.Connect(neurons, rec)
    out = {"t": [], "Ca": [], "Axon": [], "Den": []}
    for _ in range(25):
        nest.Simulate(100.0)
        out["t"].append(float(nest.biological_time))
        out["Ca"].append([float(x) for x in neurons.Ca])
        elements = neurons.synaptic_elements
        out["Axon"].append([float(e["Axon"]["z"]) for e in elements])
        out["Den"].append([float(e["Den"]["z"]) for e in elements])
    out["spikes"] = int(rec.n_events)
    return out


def run_rewiring(nest, side, threads=1, setup=None, seed=1):
    """28 axonal and 28 dendritic elements, all bound at t = 0; then three
    neurons lose elements on one `side` ("pre" or "post") and their
    connections go at t = 50. Which partners lose theirs is random, so on the
    other side only sums are compared."""
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=seed, structural_plasticity_update_interval=50.0)
    if setup:
        setup(nest)
    nest.CopyModel("static_synapse", "sp_ex", {"weight": 1.0, "delay": 1.0})
    nest.structural_plasticity_synapses = {
        "sp_ex": {"synapse_model": "sp_ex", "pre_synaptic_element": "Axon", "post_synaptic_element": "Den"},
    }
    fixed = {"growth_rate": 0.0, "tau_vacant": 0.5}
    pre = nest.Create("iaf_psc_delta", 6, {"synaptic_elements": {"Axon": dict(fixed, z=4.0)}})
    post = nest.Create("iaf_psc_delta", 6, {"synaptic_elements": {"Den": dict(fixed, z=3.0)}})
    both = nest.Create("iaf_psc_delta", 2, {"synaptic_elements": {"Axon": dict(fixed, z=2.0), "Den": dict(fixed, z=5.0)}})
    cells = pre + post + both
    nest.EnableStructuralPlasticity()
    steps = []

    def snapshot():
        elements = cells.synaptic_elements
        axon = [(int(e["Axon"]["z_connected"]), float(e["Axon"]["z"])) if "Axon" in e else None for e in elements]
        den = [(int(e["Den"]["z_connected"]), float(e["Den"]["z"])) if "Den" in e else None for e in elements]
        exact, summed = (axon, den) if side == "pre" else (den, axon)
        steps.append({
            "t": float(nest.biological_time),
            "connections": int(nest.num_connections),
            "exact": [list(x) if x else None for x in exact],
            "bound_sum": sum(x[0] for x in summed if x),
            "z_sum": round(sum(x[1] for x in summed if x), 9),
        })

    nest.Simulate(10.0)  # rewired at t = 0
    snapshot()
    if side == "pre":
        pre[:3].synaptic_elements_param = {"Axon": {"z": 1.5}}
    else:
        post[:3].synaptic_elements_param = {"Den": {"z": 1.5}}
    nest.Simulate(50.0)
    snapshot()
    nest.DisableStructuralPlasticity()
    nest.Simulate(50.0)  # no rewiring at t = 100
    snapshot()
    return steps


def run_example(nest, t_sim, seed, threads=1, setup=None):
    """The network of NEST's example structural_plasticity.py (800 + 200
    iaf_psc_alpha, no connections at first, gaussian growth curves, Poisson
    input, rewiring every 10 s), run for t_sim ms; mean calcium and bound
    axonal elements every second."""
    nest.ResetKernel()
    nest.set(resolution=0.1, local_num_threads=threads, rng_seed=seed, structural_plasticity_update_interval=10000.0)
    if setup:
        setup(nest)
    nest.CopyModel("static_synapse", "synapse_ex", {"weight": 585.0, "delay": 1.0})
    nest.CopyModel("static_synapse", "synapse_in", {"weight": -585.0, "delay": 1.0})
    nest.structural_plasticity_synapses = {
        "synapse_ex": {"synapse_model": "synapse_ex", "post_synaptic_element": "Den_ex",
                       "pre_synaptic_element": "Axon_ex"},
        "synapse_in": {"synapse_model": "synapse_in", "post_synaptic_element": "Den_in",
                       "pre_synaptic_element": "Axon_in"},
    }

    def curve(rate, eps):
        return {"growth_curve": "gaussian", "growth_rate": rate, "continuous": False, "eta": 0.0, "eps": eps}

    exc = nest.Create("iaf_psc_alpha", 800, {"synaptic_elements": {
        "Den_ex": curve(0.0001, 0.05), "Den_in": curve(0.0001, 0.05), "Axon_ex": curve(0.0001, 0.05)}})
    inh = nest.Create("iaf_psc_alpha", 200, {"synaptic_elements": {
        "Den_ex": curve(0.0004, 0.2), "Den_in": curve(0.0001, 0.2), "Axon_in": curve(0.0001, 0.2)}})
    noise = nest.Create("poisson_generator", params={"rate": 10000.0})
    nest.Connect(noise, exc + inh, "all_to_all", {"weight": 6.2, "delay": 1.0})
    nest.EnableStructuralPlasticity()
    out = {"ca_e": [], "ca_i": [], "conn_e": [], "conn_i": []}
    for _ in range(int(t_sim // 1000.0)):
        nest.Simulate(1000.0)
        out["ca_e"].append(float(sum(exc.Ca) / len(exc)))
        out["ca_i"].append(float(sum(inh.Ca) / len(inh)))
        out["conn_e"].append(int(sum(e["Axon_ex"]["z_connected"] for e in exc.synaptic_elements)))
        out["conn_i"].append(int(sum(e["Axon_in"]["z_connected"] for e in inh.synaptic_elements)))
    return out
