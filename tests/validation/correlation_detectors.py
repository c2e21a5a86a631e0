# SPDX-License-Identifier: GPL-2.0-or-later
"""correlation_detector and correlomatrix_detector on deterministic inputs:
the protocol that tools/nest_reference/gen_correlation_detectors.py runs
with NEST 3.10 and test_correlation_detectors.py with Roost, unchanged.

Every input is a spike_generator (spike times drawn here with numpy from a
fixed seed, so both simulators get the same trains), directly or through
parrot_neurons (whose spikes reach the detector one min-delay slice later and
with their multiplicity unrolled, as NEST delivers them). The cases cover
coincident spikes, pairs at +-tau_max and at the bin edges, spikes outside
Tstart/Tstop and outside origin/start/stop, different delays (and so
different slice lengths), multiplicities, spike and connection weights, a
source on both receptors, several Simulate calls (partial slices included)
and SetStatus(n_events=[0, 0]).

Every detector's window (tau_max + delta_tau/2) is wider than two min-delay
slices: a spike that arrives while a partner more than that far in its
future is already listed (a generator's spike ahead of a neuron's, delivered
a slice late) makes NEST 3.10 index outside its histogram (undefined
behaviour; with 2 threads it corrupted the heap here), which no replay can
match. Inside that regime NEST's pruning still loses pairs when a sender's
later spike arrives before another sender's earlier one (long_slices).

``run(nest, threads, setup=None)`` returns a JSON-able dict: per case, per
detector, the read-outs after each Simulate call. ``setup(nest)``, if given,
runs after each ResetKernel (Roost's tests choose the backend there).
"""

import numpy as np

CORR_KEYS = ("n_events", "histogram", "histogram_correction", "count_histogram")
MATRIX_KEYS = ("n_events", "covariance", "count_covariance")


def _grid(times, h=0.1):
    return [round(float(t), 1) for t in times]


def _train(rng, n, t_max, h=0.1):
    steps = np.sort(rng.choice(np.arange(1, int(round(t_max / h))), size=n, replace=False))
    return _grid(steps * h)


def _as_list(value):
    arr = np.asarray(value)
    return arr.tolist()


def _read(nest, det, keys):
    out = {}
    for key in keys:
        out[key] = _as_list(det.get(key))
    return out


def _reset(nest, threads, setup):
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    nest.SetKernelStatus({"local_num_threads": threads, "resolution": 0.1})


def _generators(nest, trains, weights=None, multiplicities=None):
    gens = []
    for k, times in enumerate(trains):
        params = {"spike_times": times}
        if weights is not None and weights[k] is not None:
            params["spike_weights"] = weights[k]
        if multiplicities is not None and multiplicities[k] is not None:
            params["spike_multiplicities"] = multiplicities[k]
        gens.append(nest.Create("spike_generator", params=params))
    return gens


def _connect(nest, src, det, receptor, weight=1.0, delay=1.0):
    nest.Connect(src, det, syn_spec={"receptor_type": receptor, "weight": weight, "delay": delay})


def case_basic(nest):
    """Coincident spikes, pairs inside and outside +-tau_max, default and set binning."""
    a = [1.0, 2.0, 5.0, 5.5, 10.0, 10.1, 20.0]
    b = [1.0, 1.5, 3.0, 5.0, 7.0, 12.0, 19.5, 20.0, 20.4]
    g0, g1 = _generators(nest, [a, b])
    dets = [nest.Create("correlation_detector"),
            nest.Create("correlation_detector", params={"delta_tau": 0.5, "tau_max": 2.0}),
            nest.Create("correlation_detector", params={"delta_tau": 1.5, "tau_max": 9.0})]
    for d in dets:
        _connect(nest, g0, d, 0)
        _connect(nest, g1, d, 1)
    return dets, [30.0]


def case_edges(nest):
    """Lags of exactly +-tau_max and at the outer bin edges +-(tau_max + delta_tau/2)."""
    # delta_tau 0.5 ms = 5 steps, tau_max 1.0 ms: binned lags [-1.25, 1.25) ms
    a = [10.0, 30.0, 50.0]
    b = [8.7, 8.8, 9.0, 11.0, 11.2, 11.3, 28.75 + 0.05, 31.2, 31.3, 48.8, 50.0, 51.2]
    # delta_tau 0.4 ms = 4 steps (even: the edges fall on the grid), tau_max 0.8
    dets = [nest.Create("correlation_detector", params={"delta_tau": 0.5, "tau_max": 1.0}),
            nest.Create("correlation_detector", params={"delta_tau": 0.4, "tau_max": 0.8}),
            nest.Create("correlation_detector", params={"delta_tau": 0.1, "tau_max": 0.0})]
    g0, g1 = _generators(nest, [a, _grid(b)])
    for d in dets:
        _connect(nest, g0, d, 0)
        _connect(nest, g1, d, 1)
    return dets, [60.0]


def case_windows(nest):
    """Tstart/Tstop (the arriving spike must be inside; its partner need not be)
    and origin/start/stop (spikes outside are dropped altogether)."""
    rng = np.random.RandomState(11)
    a, b = _train(rng, 60, 40.0), _train(rng, 60, 40.0)
    g0, g1 = _generators(nest, [a, b])
    dets = [nest.Create("correlation_detector", params={"Tstart": 10.0, "Tstop": 25.0, "delta_tau": 0.5,
                                                          "tau_max": 3.0}),
            nest.Create("correlation_detector", params={"start": 5.0, "stop": 30.0, "origin": 2.0,
                                                          "delta_tau": 0.5, "tau_max": 3.0}),
            nest.Create("correlation_detector", params={"Tstart": 10.05, "Tstop": 24.95, "start": 8.0,
                                                          "delta_tau": 0.3, "tau_max": 1.5})]
    for d in dets:
        _connect(nest, g0, d, 0)
        _connect(nest, g1, d, 1)
    return dets, [45.0]


def case_weights(nest):
    """Spike weights, multiplicities and connection weights (Kahan-summed histogram)."""
    rng = np.random.RandomState(5)
    a, b = _train(rng, 40, 30.0), _train(rng, 40, 30.0)
    wa = [float(x) for x in np.round(rng.uniform(-2.0, 3.0, len(a)), 3)]
    mb = [int(x) for x in rng.randint(1, 4, len(b))]
    g0, g1 = _generators(nest, [a, b], weights=[wa, None], multiplicities=[None, mb])
    d = nest.Create("correlation_detector", params={"delta_tau": 0.5, "tau_max": 2.5})
    _connect(nest, g0, d, 0, weight=0.7)
    _connect(nest, g1, d, 1, weight=-1.3)
    _connect(nest, g1, d, 0, weight=0.1)  # a source pooled on both receptors
    return [d], [35.0]


def case_parrots(nest):
    """Neurons (parrots) as sources, with different delays: their spikes arrive
    one slice late, unrolled, in NEST's order; the slice is the smallest delay."""
    rng = np.random.RandomState(23)
    trains = [_train(rng, 50, 40.0) for _ in range(4)]
    mults = [None, [int(x) for x in rng.randint(1, 3, 50)], None, None]
    gens = _generators(nest, trains, multiplicities=mults)
    parrots = nest.Create("parrot_neuron", 4)
    for g, p in zip(gens, parrots):
        nest.Connect(g, p, syn_spec={"delay": 0.5})
    dets = [nest.Create("correlation_detector", params={"delta_tau": 0.5, "tau_max": 3.0}),
            nest.Create("correlation_detector", params={"delta_tau": 0.3, "tau_max": 1.2})]
    for d in dets:
        _connect(nest, parrots[0], d, 0, delay=2.0)
        _connect(nest, parrots[1], d, 0, delay=0.5)
        _connect(nest, parrots[2], d, 1, weight=2.0, delay=3.0)
        _connect(nest, gens[3], d, 1, weight=0.5, delay=1.0)  # a generator beside the neurons
    return dets, [12.3, 7.7, 30.0]


def case_long_slices(nest):
    """Long min-delay slices (2 ms): a late spike of one sender may arrive before
    an earlier one of another sender on the same receptor (NEST's pruning)."""
    rng = np.random.RandomState(3)
    trains = [_train(rng, 80, 50.0) for _ in range(4)]
    gens = _generators(nest, trains)
    parrots = nest.Create("parrot_neuron", 4)
    for g, p in zip(gens, parrots):
        nest.Connect(g, p, syn_spec={"delay": 2.0})
    d = nest.Create("correlation_detector", params={"delta_tau": 0.1, "tau_max": 4.5})
    _connect(nest, parrots[0], d, 0, delay=2.0)
    _connect(nest, parrots[1], d, 0, delay=2.0)
    _connect(nest, parrots[2], d, 1, delay=2.0)
    _connect(nest, parrots[3], d, 1, delay=2.0)
    return [d], [25.0, 30.0]


def case_reset(nest):
    """SetStatus(n_events=[0, 0]) clears between Simulate calls."""
    rng = np.random.RandomState(8)
    a, b = _train(rng, 50, 40.0), _train(rng, 50, 40.0)
    g0, g1 = _generators(nest, [a, b])
    d = nest.Create("correlation_detector", params={"delta_tau": 0.5, "tau_max": 2.0})
    _connect(nest, g0, d, 0)
    _connect(nest, g1, d, 1)
    return [d], [20.0, ("reset", 20.0)]


def case_matrix(nest):
    """correlomatrix_detector: three channels, auto- and cross-covariances,
    coincidences, weights, multiplicities, windows, a neuron source."""
    rng = np.random.RandomState(17)
    trains = [_train(rng, 40, 30.0) for _ in range(3)]
    trains[1] = sorted(set(trains[1]) | {trains[0][3], trains[0][10], trains[2][5]})
    mult = [None, None, [int(x) for x in rng.randint(1, 3, len(trains[2]))]]
    gens = _generators(nest, trains, weights=[[float(x) for x in np.round(rng.uniform(0.5, 2.0, 40), 2)], None, None],
                       multiplicities=mult)
    parrot = nest.Create("parrot_neuron")
    nest.Connect(gens[0], parrot, syn_spec={"delay": 1.0})
    dets = [nest.Create("correlomatrix_detector", params={"N_channels": 3, "delta_tau": 0.5, "tau_max": 2.0}),
            nest.Create("correlomatrix_detector", params={"N_channels": 4, "delta_tau": 0.3, "tau_max": 1.5,
                                                            "Tstart": 5.0, "Tstop": 25.0}),
            nest.Create("correlomatrix_detector", params={"N_channels": 2, "delta_tau": 0.1, "tau_max": 0.4,
                                                            "start": 3.0, "stop": 28.0})]
    for d in dets:
        n = d.get("N_channels")
        _connect(nest, gens[0], d, 0, weight=1.5)
        _connect(nest, gens[1], d, 1 % n, weight=-0.5)
        _connect(nest, gens[2], d, 2 % n)
        if n > 3:
            _connect(nest, parrot, d, 3, weight=0.25)
    return dets, [17.3, 20.0]


CASES = {
    "basic": case_basic,
    "edges": case_edges,
    "windows": case_windows,
    "weights": case_weights,
    "parrots": case_parrots,
    "long_slices": case_long_slices,
    "reset": case_reset,
    "matrix": case_matrix,
}


def run_case(nest, name, threads=1, setup=None):
    _reset(nest, threads, setup)
    dets, plan = CASES[name](nest)
    reads = []
    for step in plan:
        if isinstance(step, tuple):  # ("reset", t): clear, then simulate t
            for d in dets:
                d.set(n_events=[0, 0])
            step = step[1]
        nest.Simulate(step)
        per_det = []
        for d in dets:
            keys = MATRIX_KEYS if d.get("model") == "correlomatrix_detector" else CORR_KEYS
            per_det.append(_read(nest, d, keys))
        reads.append({"t": float(nest.GetKernelStatus("biological_time")), "detectors": per_det})
    return reads


def run(nest, threads=1, setup=None):
    return {name: run_case(nest, name, threads, setup) for name in CASES}
