# SPDX-License-Identifier: GPL-2.0-or-later
"""Protocols for NEST's rate models and rate connections, shared by
tools/nest_reference/gen_rate_models.py (which records them with NEST 3.10)
and tests/validation/test_rate_models_nest.py (which replays them on Roost).

Deterministic cases (sigma = 0): a driven rate node feeds the model under
test through a delayed and an instantaneous connection (both signs, so both
channels), with NEST's options switched (mult_coupling, linear_summation,
rectify_output, lambda = 0); the traces must agree to rounding.

Statistical cases: the noise of *_ipn and *_opn models (stationary mean and
variance of an isolated node) and the population rates of NEST's example
network lin_rate_ipn_network.py, over seeds; NEST draws different numbers, so
they agree in distribution only.
"""

import numpy as np

IPN = ["lin_rate_ipn", "tanh_rate_ipn", "threshold_lin_rate_ipn", "sigmoid_rate_ipn",
       "sigmoid_rate_gg_1998_ipn", "gauss_rate_ipn"]
OPN = ["lin_rate_opn", "tanh_rate_opn", "threshold_lin_rate_opn"]
TRANSFORMERS = ["rate_transformer_lin", "rate_transformer_tanh", "rate_transformer_threshold_lin",
                "rate_transformer_sigmoid", "rate_transformer_sigmoid_gg_1998", "rate_transformer_gauss"]
MODELS = IPN + OPN + TRANSFORMERS

# Gain parameters that make every gain function non-trivial around the rates
# the cases reach (about 0 .. 2).
GAIN = {
    "lin": {"g": 1.5},
    "tanh": {"g": 2.0, "theta": 0.2},
    "threshold_lin": {"g": 2.0, "theta": 0.1, "alpha": 1.2},
    "sigmoid": {"g": 1.5, "beta": 3.0, "theta": 0.3},
    "sigmoid_gg_1998": {"g": 4.0},
    "gauss": {"g": 1.5, "mu": 0.3, "sigma": 0.8},
}


def gain_of(model):
    for key in ("sigmoid_gg_1998", "threshold_lin", "sigmoid", "gauss", "tanh", "lin"):
        if model.replace("_rate", "").replace("rate_transformer_", "").rsplit("_", 1)[0] == key or \
                model == "rate_transformer_" + key:
            return dict(GAIN[key])
    raise KeyError(model)


def _variants(model):
    """(name, params) of the model under test for the deterministic cases."""
    gain = gain_of(model)
    if model in TRANSFORMERS:
        return [("linear", dict(gain)), ("nonlinear", dict(gain, linear_summation=False))]
    noise_off = {"std": 0.0} if model == "gauss_rate_ipn" else {"sigma": 0.0}
    base = dict(gain, **noise_off, tau=5.0)
    out = [("linear", dict(base)),
           ("nonlinear", dict(base, linear_summation=False)),
           ("mult", dict(base, mult_coupling=True)),
           ("mult_nonlinear", dict(base, mult_coupling=True, linear_summation=False))]
    if model == "lin_rate_ipn":
        out[2][1].update(g_ex=0.7, g_in=1.3, theta_ex=2.0, theta_in=0.5)
        out.append(("rectify", dict(base, rectify_output=True, rectify_rate=0.05, mu=-0.3)))
        out.append(("euler", dict(base, **{"lambda": 0.0})))
    return out


DETERMINISTIC = [(m, v) for m in MODELS for v, _ in _variants(m)]
# With waveform relaxation (NEST's default use_wfr): the model under test also
# feeds a driver back instantaneously, so the iterations matter.
WFR = [(m, v) for m in MODELS for v in ("linear", "nonlinear")]


def run_deterministic(nest, model, variant, threads=1, setup=None, wfr=False):
    """The rate of the model under test (and of the driver) every step.

    Two Simulate calls: slices and buffers carry over. With waveform
    relaxation the slices are 0.7 ms (the shortest delay) and the first call
    ends on a slice boundary: NEST's result for a call that ends inside a
    slice depends on how its secondary events meet the next call's slice,
    which Roost does not reproduce (see docs/models/rate_connection_instantaneous.md)."""
    params = dict(_variants(model))[variant]
    nest.ResetKernel()
    if setup:
        setup(nest)
    nest.SetKernelStatus({"resolution": 0.1, "use_wfr": wfr, "local_num_threads": threads})
    # Drivers: lin_rate_ipn without noise relaxing towards mu (one positive, one negative).
    drive_up = nest.Create("lin_rate_ipn", params={"sigma": 0.0, "mu": 1.5, "tau": 4.0})
    drive_down = nest.Create("lin_rate_ipn", params={"sigma": 0.0, "mu": 0.8, "tau": 7.0, "rate": 0.4})
    node = nest.Create(model, params=params)
    nest.Connect(drive_up, node, syn_spec={"synapse_model": "rate_connection_delayed", "weight": 0.9, "delay": 1.3})
    nest.Connect(drive_down, node, syn_spec={"synapse_model": "rate_connection_instantaneous", "weight": -0.6})
    nest.Connect(drive_up, node, syn_spec={"synapse_model": "rate_connection_instantaneous", "weight": 0.25})
    nest.Connect(drive_down, node, syn_spec={"synapse_model": "rate_connection_delayed", "weight": -0.35,
                                             "delay": 0.7})
    if wfr:
        nest.Connect(node, drive_up, syn_spec={"synapse_model": "rate_connection_instantaneous", "weight": 0.8})
    record = ["rate"] + (["noisy_rate"] if model in OPN else [])
    mm_node = nest.Create("multimeter", params={"record_from": record, "interval": 0.1})
    mm_drive = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm_node, node)
    nest.Connect(mm_drive, drive_up)
    first = 14.0 if wfr else 12.0
    nest.Simulate(first)
    nest.Simulate(20.0 - first)
    out = {}
    for mm, label, keys in ((mm_node, "node", record), (mm_drive, "drive", ["rate"])):
        ev = mm.get("events")
        out[label] = {"times": np.asarray(ev["times"]).tolist()}
        for key in keys:
            out[label][key] = np.asarray(ev[key]).tolist()
    return out


def run_step_rate_generator(nest, setup=None, wfr=False):
    """step_rate_generator driving a rate neuron and a transformer (delayed)."""
    nest.ResetKernel()
    if setup:
        setup(nest)
    nest.SetKernelStatus({"resolution": 0.1, "use_wfr": wfr})
    gen = nest.Create("step_rate_generator", params={"amplitude_times": [1.0, 3.5, 6.0, 9.3],
                                                     "amplitude_values": [0.5, -1.0, 2.0, 0.25],
                                                     "start": 2.0, "stop": 11.0})
    node = nest.Create("tanh_rate_ipn", params={"sigma": 0.0, "tau": 3.0, "g": 1.5})
    tr = nest.Create("rate_transformer_sigmoid", params={"linear_summation": False})
    nest.Connect(gen, node, syn_spec={"synapse_model": "rate_connection_delayed", "weight": 0.8, "delay": 1.2})
    nest.Connect(gen, tr, syn_spec={"synapse_model": "rate_connection_delayed", "weight": -1.5, "delay": 0.3})
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 0.1})
    nest.Connect(mm, gen + node + tr)
    nest.Simulate(15.0)
    ev = mm.get("events")
    out = {}
    for nc, label in ((gen, "generator"), (node, "node"), (tr, "transformer")):
        sel = np.asarray(ev["senders"]) == nc.global_id
        out[label] = {"times": np.asarray(ev["times"])[sel].tolist(), "rate": np.asarray(ev["rate"])[sel].tolist()}
    return out


# ---------------------------------------------------------------- statistics

NOISE_MODELS = ["lin_rate_ipn", "lin_rate_opn", "tanh_rate_ipn"]
NOISE_SEEDS = [11, 12, 13, 14, 15, 16]


def run_noise(nest, model, seed, setup=None):
    """Mean and variance (over time, after a transient) of isolated noisy nodes."""
    nest.ResetKernel()
    if setup:
        setup(nest)
    nest.SetKernelStatus({"resolution": 0.1, "use_wfr": False, "rng_seed": seed})
    params = {"mu": 0.5, "sigma": 0.8, "tau": 5.0}
    if model.endswith("_ipn"):
        params["lambda"] = 0.5
    nodes = nest.Create(model, 20, params=params)
    key = "noisy_rate" if model.endswith("_opn") else "rate"
    mm = nest.Create("multimeter", params={"record_from": [key], "interval": 1.0, "start": 50.0})
    nest.Connect(mm, nodes)
    nest.Simulate(550.0)
    values = np.asarray(mm.get("events")[key])
    return {"mean": float(values.mean()), "var": float(values.var())}


EXAMPLE_SEEDS = [21, 22, 23, 24]


def run_example_network(nest, seed, setup=None):
    """NEST's lin_rate_ipn_network.py (its parameters, 200 ms), rates per population."""
    nest.ResetKernel()
    if setup:
        setup(nest)
    nest.SetKernelStatus({"resolution": 0.1, "use_wfr": False, "rng_seed": seed})
    order = 50
    NE, NI = 4 * order, order
    w = 0.1 / np.sqrt(NE + NI)
    params = {"linear_summation": True, "tau": 10.0, "mu": 2.0, "sigma": 5.0}
    n_e = nest.Create("lin_rate_ipn", NE, params)
    n_i = nest.Create("lin_rate_ipn", NI, params)
    syn_e = {"weight": w, "delay": 5.0, "synapse_model": "rate_connection_delayed"}
    syn_i = {"weight": -5.0 * w, "synapse_model": "rate_connection_instantaneous"}
    conn_e = {"rule": "fixed_outdegree", "outdegree": int(0.1 * NE)}
    conn_i = {"rule": "fixed_outdegree", "outdegree": int(0.1 * NI)}
    nest.Connect(n_e, n_e, conn_e, syn_e)
    nest.Connect(n_i, n_i, conn_i, syn_i)
    nest.Connect(n_e, n_i, conn_i, syn_e)
    nest.Connect(n_i, n_e, conn_e, syn_i)
    mm = nest.Create("multimeter", params={"record_from": ["rate"], "interval": 1.0, "start": 100.0})
    nest.Connect(mm, n_e + n_i)
    nest.Simulate(200.0)
    ev = mm.get("events")
    senders, rate = np.asarray(ev["senders"]), np.asarray(ev["rate"])
    first_i = n_i[0].global_id
    exc, inh = rate[senders < first_i], rate[senders >= first_i]
    return {"mean_e": float(exc.mean()), "mean_i": float(inh.mean()),
            "std_e": float(exc.std()), "std_i": float(inh.std())}
