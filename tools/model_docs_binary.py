# SPDX-License-Identifier: GPL-2.0-or-later
"""Reference texts of the binary neurons' recorders (spin_detector,
correlospinmatrix_detector) and the binary neurons' receptor, field and
difference notes, for tools/gen_model_docs.py (merged into its tables)."""

BINARY_MODELS = ("mcculloch_pitts_neuron", "ginzburg_neuron", "erfc_neuron")

BINARY_RECEPTOR = {0: "binary input from other binary neurons (and spike_generator): a spike of "
                      "multiplicity 2 (a 0 -> 1 transition) adds the weight to h, one of "
                      "multiplicity 1 (1 -> 0) subtracts it. noise_generator current is added to "
                      "h for the gain in the step it arrives. Ordinary neurons, poisson_generator "
                      "and dc_generator cannot connect (NEST: not compatible, spiking vs binary)."}

BINARY_FIELD_MEANING = {
    "h": "summed binary input (running sum; read-only)",
    "S": "binary state, 0 or 1 (read-only)",
    "theta": "threshold of the gain function",
    "c_1": "linear gain factor",
    "c_2": "prefactor of the sigmoidal gain",
    "c_3": "slope of the sigmoidal gain",
    "sigma": "width of the erfc gain",
    "tau_m": "mean interval between updates (exponentially distributed)",
}

BINARY_DIFFERENCES = [
    "The random update times and gain draws are not the ones NEST makes for the same seed (a "
    "counter-based stream keyed by node and step); the statistics are NEST's, and runs with "
    "update intervals that round to 0 tics (tau_m below 0.5 us) and 0/1 gains reproduce NEST "
    "exactly.",
    "Setting h or S raises BadProperty (NEST: UnaccessedDictionaryEntry).",
    "A spike_generator event of multiplicity 3 or more counts (2m - 3) w as an unrolled "
    "neuron spike would; NEST ignores such device events.",
    "Only static connections decode the transitions (+w / -w): through a plastic synapse "
    "model a binary neuron's spike adds the sent weight once per unit of multiplicity.",
]

SPIN_DOCS = {
    "spin_detector": {
        "summary": "Records the binary states of binary neurons.",
        "text": [
            "**Connect** binary neurons (or spike_generators) to it: `nest.Connect(neurons, "
            "spin_detector)`. Each event is decoded as NEST decodes it: multiplicity 2 is state "
            "1 (a 0 -> 1 transition), multiplicity 1 state 0; a single event followed by another "
            "single event of the same sender at the same time is recorded once, with state 1.",
            "**Events**: `senders`, `times` (ms, or steps with `time_in_steps`) and `state`. "
            "Windows, `record_to` and `n_events` as for spike_recorder.",
        ],
        "differences": [
            "States are recorded as the spikes are collected at the end of each slice; NEST "
            "writes a pending single event at the detector's next update, so a 1 -> 0 "
            "transition in the last slice of a run can appear one Simulate call later there.",
        ],
    },
    "correlospinmatrix_detector": {
        "summary": "Count covariance matrix of the binary states of several channels.",
        "text": [
            "**Connect** binary neurons with `receptor_type` 0 ... `N_channels` - 1; the neurons "
            "of one channel are pooled. Another receptor raises IllegalConnection (NEST: "
            "UnknownReceptorType).",
            "**Counts**, as NEST 3.10's correlospinmatrix_detector: the states are decoded from "
            "the events (two single events of one channel at one time: up; a single one: a "
            "tentative down transition, confirmed by the next event, so the last down "
            "transition of a run is not counted). At every down transition the channel's "
            "on-pulse is counted against the pulses kept (its own included): "
            "`count_covariance[i][j][tau_max/delta_tau + k]` adds the number of steps in which "
            "i and j (shifted by k bins) were both on. Tstart and Tstop are kept but, as in "
            "NEST, not used.",
            "**Order of events** as correlomatrix_detector: a neuron's events one min-delay "
            "slice late, unrolled, by sender then time.",
        ],
        "differences": ["One MPI process only; any number of threads."],
    },
}

SPIN_FIELDS = {
    "correlospinmatrix_detector": {
        "delta_tau": ("ms", "bin width, a multiple of the resolution (default: the resolution)"),
        "tau_max": ("ms", "largest lag binned, a multiple of delta_tau (default 10 delta_tau)"),
        "Tstart": ("ms", "kept, not used (as NEST)"),
        "Tstop": ("ms", "kept, not used (as NEST)"),
        "N_channels": ("", "number of receptor ports (channels)"),
        "count_covariance": ("steps", "coincident on-time per lag [i][j][bin]"),
    },
}
