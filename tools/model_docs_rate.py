# SPDX-License-Identifier: GPL-2.0-or-later
"""Reference pages of the rate models (tools/gen_model_docs.py calls
page()): one template per family in models/include/roost/models/
rate_neurons.hpp over the gain functions of rate_nonlinearities.hpp, so the
pages are written from a description per family and gain plus the model's
GetDefaults, rather than parsed from a header per model."""

HEADER = "models/include/roost/models/rate_neurons.hpp"
GAINS_HEADER = "models/include/roost/models/rate_nonlinearities.hpp"

FAMILIES = {
    "ipn": ("rate neuron with input noise",
            "    tau dX/dt = -lambda X + mu + I(t) + sqrt(tau) sigma xi(t)\n\n"
            "X is the rate, xi Gaussian white noise (one standard normal per step from the neuron's "
            "keyed stream, `noise` = sigma xi). Integrated by the stochastic exponential Euler method "
            "(Euler-Maruyama when lambda = 0). With `rectify_output` the rate never falls below "
            "`rectify_rate`."),
    "opn": ("rate neuron with output noise",
            "    tau dX/dt = -X + mu + I(t),   sent: X + sqrt(tau/h) sigma xi\n\n"
            "The rate X itself is noise-free; what it sends to other rate models (`noisy_rate`) "
            "carries white noise held for one step."),
    "transformer": ("rate transformer node",
                    "    X = input(I(t))   (linear_summation)\n\n"
                    "No dynamics of its own: each step its rate is the gain function of its summed "
                    "input, or, with `linear_summation` False, the sum of the gains of each weighted input."),
}
GAINS = {
    "lin": "input(h) = g h; with mult_coupling the excitatory input is scaled by "
           "g_ex (theta_ex - X), the inhibitory by g_in (theta_in + X)",
    "tanh": "input(h) = tanh(g (h - theta))",
    "threshold_lin": "input(h) = min(max(g (h - theta), 0), alpha)",
    "sigmoid": "input(h) = g / (1 + exp(-beta (h - theta)))",
    "sigmoid_gg_1998": "input(h) = (g h)^4 / (0.1^4 + (g h)^4)",
    "gauss": "input(h) = g exp(-(h - mu)^2 / (2 sigma^2))",
}
INPUT = ("I(t) is the rate input: with `linear_summation` (default) input() of the summed weighted "
         "rates, otherwise the sum of the weighted input() of each incoming rate. With "
         "`mult_coupling` the excitatory (weight >= 0) and inhibitory inputs are summed separately "
         "and scaled by the model's coupling factors (1 except for lin_rate).")
MEANING = {
    "tau": "time constant of the rate dynamics",
    "lambda": "passive decay rate (0: no decay, Euler-Maruyama integration)",
    "sigma": "noise amplitude (for gauss_rate_ipn also the gain's width, see below)",
    "std": "noise amplitude (NEST's old name of sigma)",
    "mu": "mean input (for gauss_rate models the gain's centre)",
    "mean": "mean input (NEST's old name of mu)",
    "rectify_rate": "lower bound of the rate when rectify_output is True",
    "rectify_output": "clip the rate at rectify_rate from below",
    "linear_summation": "apply the gain to the summed input (True) or to each input (False)",
    "mult_coupling": "scale excitatory and inhibitory input by the coupling factors",
    "g": "gain", "g_ex": "gain of the excitatory coupling factor", "g_in": "gain of the inhibitory coupling factor",
    "theta": "threshold of the gain function", "theta_ex": "shift of the excitatory coupling factor",
    "theta_in": "shift of the inhibitory coupling factor", "alpha": "saturation of the gain function",
    "beta": "slope of the sigmoid",
    "rate": "the rate X", "noise": "the noise of the last step (sigma xi)",
    "noisy_rate": "the rate the model sends (X plus output noise)",
    "tau_minus": "spike-history time constant (every node has it; rate models send no spikes)",
    "tau_minus_triplet": "spike-history time constant (every node has it; rate models send no spikes)",
}
DIFFERENCES = [
    "Waveform relaxation (`use_wfr`, NEST's default) checks convergence on the same values as "
    "NEST and matches NEST's traces when every Simulate call ends on a slice boundary (slices "
    "are min_delay long); a call that ends inside a slice continues it in the next call, where "
    "NEST's result differs slightly (its secondary events of a partial slice meet the next call "
    "differently). Without waveform relaxation the results equal NEST's for any split.",
    "The noise comes from Roost's keyed streams (per node and step), not NEST's generator: the "
    "same statistics, other numbers; the same numbers for any thread or rank count.",
    "GetConnections shows an instantaneous connection's delay as the step it acts with (the "
    "resolution without waveform relaxation), NEST shows the default delay (1 ms).",
    "Of NEST's spike-history keys only `tau_minus` and `tau_minus_triplet` are there.",
]
GAUSS_NOTE = ("gauss_rate_ipn: as in NEST, `mu` and `sigma` set both the gain's and the noise's "
              "values; `mean` and `std` set the noise's only (GetStatus shows the gain's under "
              "mu/sigma).")


def family_and_gain(model):
    if model.startswith("rate_transformer_"):
        return "transformer", model[len("rate_transformer_"):]
    if "_" not in model:
        return None, None
    stem, family = model.rsplit("_", 1)
    if family in ("ipn", "opn") and stem.replace("_rate", "", 1) in GAINS:
        return family, stem.replace("_rate", "", 1)
    return None, None


def is_rate_model(model):
    return family_and_gain(model)[0] is not None


def page(model, defaults, table, fmt_value, generated_note, info_keys, units):
    family, gain = family_and_gain(model)
    title, equations = FAMILIES[family]
    summary = f"{title}, {gain.replace('_', '-')} gain function"
    rows = []
    for key in sorted(k for k in defaults if k not in info_keys):
        kind = "state" if key in ("rate", "noise", "noisy_rate") else "parameter"
        rows.append([f"`{key}`", fmt_value(key, defaults[key]), units.get(key, ""), kind, MEANING.get(key, "")])
    parts = [f"# {model}", "", generated_note, "",
             f"**Kind:** rate neuron. **Source:** [`{HEADER}`](../../{HEADER}), gain functions in "
             f"[`{GAINS_HEADER}`](../../{GAINS_HEADER}).", "",
             summary[:1].upper() + summary[1:] + ".", "", "## Description", "", equations, "",
             f"Gain function: {GAINS[gain]}.", "", INPUT, ""]
    if model == "gauss_rate_ipn":
        parts += [GAUSS_NOTE, ""]
    parts += ["Reference: NEST 3.10 " + {"ipn": "rate_neuron_ipn", "opn": "rate_neuron_opn",
                                         "transformer": "rate_transformer_node"}[family] + ".", ""]
    parts += ["## Parameters and state", "", table(["name", "default", "unit", "kind", "meaning"], rows), ""]
    parts += ["Other keys in `GetDefaults`: " + ", ".join(
        f"`{k}` = {fmt_value(k, defaults[k])}" for k in sorted(defaults)
        if k in info_keys and k != "recordables") + ".", ""]
    parts += ["## Recordables", "", ", ".join(f"`{r}`" for r in defaults["recordables"]) +
              ": record them with a multimeter connected to the nodes.", ""]
    parts += ["## Receptors and input", "",
              "- `receptor_type` 0 (the only one): rates from other rate models through "
              "`rate_connection_delayed` (read `delay` later) and `rate_connection_instantaneous` "
              "(within the same step by waveform relaxation, `use_wfr`; one min-delay slice later "
              "without it)." +
              ("" if family == "transformer" else " Weights >= 0 feed the excitatory input, "
               "negative weights the inhibitory one."), "",
              "Rate models take no spikes and no currents and send no spikes (IllegalConnection, as "
              "in NEST: spike generators, neurons, current generators and spike recorders cannot "
              "connect to or from them).", ""]
    parts += ["## Differences from NEST", "", "\n".join(f"- {d}" for d in DIFFERENCES), ""]
    return summary, "\n".join(parts)


# Differences of the rate connections (gen_model_docs.py's SYNAPSE_DIFFERENCES).
SYNAPSE_DIFFERENCES = {
    "rate_connection_delayed": [
        "The weight multiplies the sender's rate (no unit); weight_recorder does not record rate "
        "connections (NEST: the same, they send no spikes).",
    ],
    "rate_connection_instantaneous": [
        "GetConnections shows the delay it registers with (`wfr_comm_interval`, or one step without "
        "waveform relaxation); NEST shows the default delay, 1 ms. Setting a delay raises "
        "BadProperty, as in NEST.",
    ],
}

# step_rate_generator (gen_model_docs.py's DEVICE_DOCS and DEVICE_FIELD_BY_MODEL).
DEVICE_DOCS = {
    "step_rate_generator": {
        "summary": "Piecewise-constant rate for rate models.",
        "text": [
            "Sends the rate `amplitude_values[k]` from the stamp `amplitude_times[k]` on (0 before "
            "the first change) to rate models, through `rate_connection_delayed` only (NEST's "
            "DelayedRateConnectionEvent): as in NEST, the target reads the rate of step n in step "
            "n + delay - min_delay (a device's rates are delivered within their slice; a neuron's "
            "arrive in step n + delay), multiplied by the weight (or, for a target with `linear_summation` False, the weight "
            "times its gain of the rate). The times are absolute simulation times, strictly "
            "increasing and > 0; off-grid times are an error unless `allow_offgrid_times=True`.",
            "**Window**: the rate is sent for the stamps `origin + start <= t < origin + stop` and 0 "
            "outside; as in NEST, a min-delay slice with no active step sends nothing at all (which "
            "matters for targets that sum non-linearly).",
            "**Recordable** `rate`: connect a multimeter with `record_from=['rate']`.",
        ],
        "differences": [],
    },
}
DEVICE_FIELDS = {
    "step_rate_generator": {
        "amplitude_times": ("ms", "times at which the rate changes (absolute simulation times, strictly increasing, > 0)"),
        "amplitude_values": ("", "rate from the matching amplitude_times entry on"),
    },
}
