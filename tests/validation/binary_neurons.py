# SPDX-License-Identifier: GPL-2.0-or-later
"""Binary neurons (mcculloch_pitts_neuron, ginzburg_neuron, erfc_neuron),
spin_detector and correlospinmatrix_detector: the protocol that
tools/nest_reference/gen_binary_neurons.py runs with NEST 3.10 and
test_binary_neurons_nest.py with Roost, unchanged.

Deterministic case ("chain"): with tau_m = 1e-6 ms every update interval
rounds to 0 tics, so a binary neuron updates in every step from the second
on, in NEST and in Roost alike; gains that are 0 or 1 (mcculloch_pitts;
ginzburg with a steep tanh; erfc with a tiny sigma) make the states
deterministic. A spike_generator sends transitions (multiplicity 2: up, 1:
down) into a chain of such neurons; h, S (multimeter), the spin_detector's
events and a correlospinmatrix_detector's count_covariance must equal NEST's.

Statistical cases (the random update times and gains differ between the
simulators' generators): "ginzburg_net", a recurrent ginzburg network's mean
activity and transition count per seed; "example", the
correlospinmatrix_detector_two_neuron example (shortened) per seed: the mean
activities and the covariance at lags 0 and +-tau_m.
"""

import numpy as np

TAU_TINY = 1e-6


def _reset(nest, threads, seed=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads, "resolution": 0.1, "rng_seed": seed})


def chain(nest, threads=1, setup=None):
    _reset(nest, threads)
    if setup:
        setup(nest)
    # up at 1.0, down at 3.0, up at 3.5 (weight 1 each) ... as (time, multiplicity)
    events = [(1.0, 2), (3.0, 1), (3.5, 2), (4.0, 2), (6.0, 1), (6.3, 1), (8.0, 2), (8.1, 1), (9.0, 2)]
    sg = nest.Create("spike_generator", params={"spike_times": [t for t, _ in events],
                                                  "spike_multiplicities": [m for _, m in events]})
    mp = nest.Create("mcculloch_pitts_neuron", params={"tau_m": TAU_TINY, "theta": 0.5})
    gz = nest.Create("ginzburg_neuron", params={"tau_m": TAU_TINY, "theta": 1.5, "c_1": 0.0, "c_2": 1.0, "c_3": 1e6})
    ef = nest.Create("erfc_neuron", params={"tau_m": TAU_TINY, "theta": -0.5, "sigma": 1e-9})
    nest.Connect(sg, mp, syn_spec={"weight": 1.0, "delay": 0.5})
    nest.Connect(sg, gz, syn_spec={"weight": 1.0, "delay": 0.2})
    nest.Connect(mp, gz, syn_spec={"weight": 1.0, "delay": 0.3})
    nest.Connect(gz, ef, syn_spec={"weight": -1.0, "delay": 0.1})
    neurons = mp + gz + ef
    mm = nest.Create("multimeter", params={"record_from": ["h", "S"], "interval": 0.1})
    nest.Connect(mm, neurons)
    sd = nest.Create("spin_detector")
    nest.Connect(neurons, sd)
    csd = nest.Create("correlospinmatrix_detector",
                      params={"N_channels": 3, "tau_max": 1.0, "delta_tau": 0.1})
    for k, n in enumerate([mp, gz, ef]):
        nest.Connect(n, csd, syn_spec={"receptor_type": k})
    out = []
    for t in (7.0, 8.0):
        nest.Simulate(t)
        ev = mm.get("events")
        sev = sd.get("events")
        out.append({
            "t": float(nest.GetKernelStatus("biological_time")),
            "mm": {k: [float(x) for x in ev[k]] for k in ("times", "senders", "h", "S")},
            "spin": {"times": [float(x) for x in sev["times"]], "senders": [int(x) for x in sev["senders"]],
                     "state": [int(x) for x in sev["state"]]},
            "count_covariance": np.asarray(csd.get("count_covariance")).tolist(),
            "state": {"h": [float(x) for x in neurons.get("h")], "S": [int(x) for x in neurons.get("S")]},
        })
    return out


def ginzburg_net(nest, seed, threads=1, setup=None, T=2000.0):
    _reset(nest, threads, seed)
    if setup:
        setup(nest)
    n = 100
    pop = nest.Create("ginzburg_neuron", n, params={"tau_m": 10.0, "theta": -1.0, "c_1": 0.0, "c_2": 1.0, "c_3": 2.0})
    nest.Connect(pop, pop, {"rule": "fixed_indegree", "indegree": 10, "allow_autapses": False,
                            "allow_multapses": False}, {"weight": -0.3, "delay": 0.1})
    sd = nest.Create("spin_detector")
    nest.Connect(pop, sd)
    nest.Simulate(T)
    ev = sd.get("events")
    state = np.asarray(ev["state"])
    ups, downs = int(np.sum(state == 1)), int(np.sum(state == 0))
    return {"mean_S": float(np.mean(pop.get("S"))), "ups": ups, "downs": downs,
            "mean_h": float(np.mean(pop.get("h")))}


def example(nest, seed, threads=1, setup=None, T=20000.0):
    """correlospinmatrix_detector_two_neuron.py with a shorter T."""
    _reset(nest, threads, seed)
    if setup:
        setup(nest)
    m_x, tau_m, h, tau_max = 0.5, 10.0, 0.1, 100.0
    csd = nest.Create("correlospinmatrix_detector")
    csd.set(N_channels=2, tau_max=tau_max, Tstart=tau_max, delta_tau=h)
    n1 = nest.Create("ginzburg_neuron")
    n1.set(theta=0.0, tau_m=tau_m, c_1=0.0, c_2=2.0 * m_x, c_3=1.0)
    n2 = nest.Create("mcculloch_pitts_neuron")
    n2.set(theta=0.5, tau_m=tau_m)
    nest.Connect(n1, n2, syn_spec={"weight": 1.0})
    nest.Connect(n1, csd, syn_spec={"receptor_type": 0})
    nest.Connect(n2, csd, syn_spec={"receptor_type": 1})
    nest.Simulate(T)
    cc = np.asarray(csd.count_covariance, dtype=float)
    t0 = int(tau_max / h)
    lag = int(tau_m / h)
    mean = [cc[i][i][t0] * h / T for i in range(2)]
    cov = cc * (h / T) - np.outer(mean, mean)[:, :, None]
    return {"mean": mean,
            "c00_0": float(cov[0, 0, t0]), "c11_0": float(cov[1, 1, t0]), "c01_0": float(cov[0, 1, t0]),
            "c01_m": float(cov[0, 1, t0 - lag]), "c01_p": float(cov[0, 1, t0 + lag]),
            "c10_m": float(cov[1, 0, t0 - lag]), "c10_p": float(cov[1, 0, t0 + lag]),
            "c00_p": float(cov[0, 0, t0 + lag]), "total": float(cc.sum())}


SEEDS = [1, 2, 3, 4, 5, 6]
