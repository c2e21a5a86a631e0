# SPDX-License-Identifier: GPL-2.0-or-later
"""Protocols of the e-prop neuron cases, run the same way by NEST 3.10
(tools/nest_reference/gen_eprop.py records tests/validation/data/eprop.json)
and by Roost (tests/validation/test_eprop_nest.py replays them).

Deterministic networks without eprop_synapse (Roost has none yet, so these
are NEST's eprop_indegree == 0 dynamics): eprop_iaf neurons driven by spike
generators through static synapses (several weights, a step current, every
surrogate gradient function, refractoriness, V_min, ignore_and_spike) and
eprop_readout neurons driven by eprop_iaf spikes, with target and
learning-window signals from step_rate_generators on the readout's rate
ports (receptor_types 1 and 2). Inputs are multiples of 2^-10 so that sums
are exact.
"""

MODELS = ["eprop_iaf", "eprop_readout", "eprop_iaf_adapt", "eprop_iaf_psc_delta", "eprop_iaf_psc_delta_adapt"]

IAF_RECORD = ["V_m", "surrogate_gradient", "learning_signal", "eprop_history_duration"]
OUT_RECORD = ["V_m", "readout_signal", "target_signal", "error_signal", "eprop_history_duration"]

IAF_VARIANTS = {
    "defaults": {},
    "example": {"C_m": 1.0, "c_reg": 0.3, "E_L": 0.0, "eprop_isi_trace_cutoff": 100.0, "f_target": 10.0,
                "flush_event_send_interval": 1000.0, "surrogate_gradient_height": 10.0,
                "surrogate_gradient_width": 1.0 / 33.3, "t_ref": 0.0, "tau_m": 30.0, "V_m": 0.0, "V_th": 0.03},
    "exponential": {"surrogate_gradient_function": "exponential", "surrogate_gradient_width": 4.0, "t_ref": 3.0},
    "fast_sigmoid": {"surrogate_gradient_function": "fast_sigmoid_derivative", "surrogate_gradient_height": 1.5,
                     "E_L": -65.0, "V_th": -52.0, "V_min": -75.0, "I_e": 100.0},
    "arctan": {"surrogate_gradient_function": "arctan_derivative", "surrogate_gradient_width": 2.5, "C_m": 100.0,
               "tau_m": 5.0},
    "ignore_and_spike": {"ignore_and_spike": True, "ignore_and_spike_offset": 3.0,
                         "ignore_and_spike_interval": 7.0},
}

# The other recurrent models (part 2 of the e-prop models), by model: variant -> parameters.
ADAPT_RECORD = IAF_RECORD + ["adaptation", "V_th_adapt"]
OTHER_VARIANTS = {
    "eprop_iaf_adapt": {
        "defaults": {},
        "adapting": {"adapt_beta": 2.5, "adapt_tau": 20.0, "t_ref": 0.0, "surrogate_gradient_width": 3.0},
        "preset": {"adaptation": 0.5, "E_L": -60.0, "V_th": -50.0, "surrogate_gradient_function": "exponential"},
    },
    "eprop_iaf_psc_delta": {
        "defaults": {},
        "example": {"C_m": 1.0, "E_L": 0.0, "V_m": 0.0, "V_th": 0.5, "V_reset": -0.5, "t_ref": 0.0, "tau_m": 30.0,
                    "surrogate_gradient_height": 10.0, "surrogate_gradient_width": 1.0 / 33.3},
        "refractory_input": {"refractory_input": True, "t_ref": 3.0, "V_reset": -68.0, "I_e": 200.0,
                             "surrogate_gradient_function": "arctan_derivative"},
        "ignore_and_spike": {"ignore_and_spike": True, "ignore_and_spike_offset": 2.0,
                             "ignore_and_spike_interval": 5.0},
    },
    "eprop_iaf_psc_delta_adapt": {
        "defaults": {},
        "adapting": {"adapt_beta": 1.5, "adapt_tau": 15.0, "t_ref": 0.0, "V_reset": -65.0,
                     "surrogate_gradient_function": "fast_sigmoid_derivative"},
        "refractory": {"adapt_beta": 3.0, "t_ref": 1.0, "refractory_input": True, "adaptation": 1.0},
    },
}

OUT_VARIANTS = {
    "defaults": {},
    "example": {"C_m": 1.0, "E_L": 0.0, "eprop_isi_trace_cutoff": 100.0, "I_e": 0.0, "tau_m": 30.0, "V_m": 0.0},
    "current": {"E_L": -2.0, "V_m": 1.0, "I_e": 25.0, "tau_m": 15.0, "V_min": -3.0},
}

SPIKE_TIMES = [[2.0, 5.0, 6.0, 9.0, 30.0, 31.0, 32.0, 33.0, 34.0, 60.0],
               [4.0, 5.0, 13.0, 14.0, 15.0, 16.0, 17.0, 40.0, 41.0, 80.0]]
WEIGHTS_IAF = [[3584.0, 2048.0], [8.0, 0.0078125]]  # pA (eprop_iaf adds z_in unscaled to v)
RESOLUTIONS = [1.0, 0.5]
T_SIM = 100.0


def _events(mm, keys):
    ev = mm.get("events")
    return {k: [float(x) for x in ev[k]] for k in ["times", "senders"] + keys}


def _reset(nest, resolution, threads, setup):
    nest.ResetKernel()
    if setup is not None:
        setup(nest)
    if threads > 1:
        nest.SetKernelStatus({"local_num_threads": threads})
    nest.resolution = resolution


def run_iaf(nest, variant, resolution, threads=1, setup=None, model="eprop_iaf"):
    """Two neurons of `model` (variant's parameters) driven by two spike generators."""
    _reset(nest, resolution, threads, setup)
    params = dict((IAF_VARIANTS if model == "eprop_iaf" else OTHER_VARIANTS[model])[variant])
    record = ADAPT_RECORD if model.endswith("adapt") else IAF_RECORD
    nrn = nest.Create(model, 2, params)
    gens = nest.Create("spike_generator", 2)
    for g, times in zip(gens, SPIKE_TIMES):
        g.spike_times = times
    scale = 1.0 if variant != "example" else 2.0 ** -12
    for j, g in enumerate(gens):
        for i, n in enumerate(nrn):
            nest.Connect(g, n, syn_spec={"weight": WEIGHTS_IAF[i][j] * scale, "delay": resolution})
    cg = nest.Create("step_current_generator",
                     params={"amplitude_times": [20.0, 50.0], "amplitude_values": [300.0, -100.0]})
    nest.Connect(cg, nrn[1])
    mm = nest.Create("multimeter", {"record_from": record, "interval": resolution})
    nest.Connect(mm, nrn)
    sr = nest.Create("spike_recorder")
    nest.Connect(nrn, sr)
    nest.Simulate(T_SIM)
    sev = sr.get("events")
    return {"mm": _events(mm, record), "spikes": {"times": [float(t) for t in sev["times"]],
                                                      "senders": [int(s) for s in sev["senders"]]},
            "status": {k: _plain(nrn[0].get(k)) for k in ["V_m", "surrogate_gradient", "f_target"]}}


def _plain(v):
    return v if isinstance(v, (bool, int, float, str)) else float(v)


def run_readout(nest, variant, resolution, threads=1, setup=None):
    """eprop_iaf (example parameters, I_e driven) -> eprop_readout, with target
    and learning-window step_rate_generators on the readout's rate ports."""
    _reset(nest, resolution, threads, setup)
    rec = nest.Create("eprop_iaf", 3, dict(IAF_VARIANTS["example"], I_e=0.0))
    rec.set([{"I_e": 0.03125}, {"I_e": 0.046875}, {"I_e": 0.0625}])
    out = nest.Create("eprop_readout", 2, OUT_VARIANTS[variant])
    w = [[0.25, -0.5, 0.125], [1.0, 0.375, -0.75]]
    for k, o in enumerate(out):
        for i, n in enumerate(rec):
            nest.Connect(n, o, syn_spec={"weight": w[k][i], "delay": resolution})
    target = nest.Create("step_rate_generator", 2)
    times = [resolution * (k + 2) for k in range(int(T_SIM / resolution) - 4)]
    target[0].set(amplitude_times=times, amplitude_values=[((k * 37) % 64 - 32) / 32.0 for k in range(len(times))])
    target[1].set(amplitude_times=[5.0, 30.0, 70.0], amplitude_values=[0.5, -1.25, 2.0])
    window = nest.Create("step_rate_generator",
                         params={"amplitude_times": [10.0, 40.0, 55.0], "amplitude_values": [1.0, 0.0, 1.0]})
    nest.Connect(target, out, "one_to_one",
                 {"synapse_model": "rate_connection_delayed", "delay": resolution, "receptor_type": 2})
    nest.Connect(window, out, "all_to_all",
                 {"synapse_model": "rate_connection_delayed", "delay": resolution, "receptor_type": 1})
    cg = nest.Create("step_current_generator",
                     params={"amplitude_times": [20.0, 50.0], "amplitude_values": [30.0, -10.0]})
    nest.Connect(cg, out[1])
    mm = nest.Create("multimeter", {"record_from": OUT_RECORD, "interval": resolution})
    nest.Connect(mm, out)
    nest.Simulate(T_SIM)
    return {"mm": _events(mm, OUT_RECORD)}


CASES_IAF = [(v, r) for v in IAF_VARIANTS for r in RESOLUTIONS]
CASES_OUT = [(v, r) for v in OUT_VARIANTS for r in RESOLUTIONS]
CASES_OTHER = [(m, v, r) for m in OTHER_VARIANTS for v in OTHER_VARIANTS[m] for r in RESOLUTIONS]
