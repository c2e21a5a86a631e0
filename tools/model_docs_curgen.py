# SPDX-License-Identifier: GPL-2.0-or-later
"""Reference-page texts of ac_generator, noise_generator, pulsepacket_generator
and spike_train_injector, merged into tools/gen_model_docs.py's tables.

DOCS: model -> {"summary", "text", "differences"} (as DEVICE_DOCS);
FIELDS: model -> {key: (unit, meaning)}, which take precedence over the
generic DEVICE_FIELD meanings for that model.
"""

WINDOW_EMITTER = ("**Window**: only spikes stamped in `(origin + start, origin + stop]` are "
                  "sent (exclusive start, inclusive stop).")
WINDOW_CURRENT = ("**Window**: the current is on for the stamps `origin + start <= t < "
                  "origin + stop` (inclusive start, exclusive stop) and 0 outside.")
RECORDABLE_I = ("**Recordable** `I`: connect a multimeter to the generator "
                "(`record_from=['I']`) to record the current it emits.")

DOCS = {
    "ac_generator": {
        "summary": "Sinusoidal current.",
        "text": [
            "Injects `offset + amplitude * sin(2 pi frequency t + phase)` (pA; t in s at the "
            "stamp, `phase` in degrees) into every target while active. As for dc_generator the "
            "value at stamp t reaches the neuron at t + delay and drives V_m from the step after "
            "that. The sine is a function of the absolute simulation time (not of `origin` or "
            "`start`): the window only switches it on and off.",
            WINDOW_CURRENT,
            RECORDABLE_I,
        ],
        "differences": [
            "NEST propagates the sine step by step with a rotation matrix (restarted at every "
            "Simulate call); Roost evaluates it directly at each stamp. The two agree to rounding "
            "(about 1e-13 relative after 10^4 steps).",
            "NEST's state `y_0`, `y_1` (the oscillator) is not shown by GetStatus.",
        ],
    },
    "noise_generator": {
        "summary": "Gaussian white-noise current, one independent amplitude per target.",
        "text": [
            "Each connection from the generator carries its own current: at the first active "
            "step and every `dt` after it a new amplitude `mean + sqrt(std^2 + std_mod^2 "
            "sin(2 pi frequency t + phase)) * N(0, 1)` (pA) is drawn for every target and held "
            "until the next draw (`std_mod` modulates the *variance*; t is the time of the "
            "draw). The weight of the connection multiplies it; the value at stamp t reaches the "
            "neuron at t + delay.",
            "`dt` must be a multiple of the resolution (default 1.0 ms, NEST's 10 steps of the "
            "default resolution); `std_mod` must not exceed `std`.",
            "The draws come from the kernel's counter-based random generator keyed by `rng_seed`, "
            "the connection (target and its order among the target's noise inputs) and the `dt` "
            "interval, so the same seed gives the same currents for any number of threads and on "
            "every backend.",
            WINDOW_CURRENT,
            "**Recordable** `I`: a multimeter on the generator records the mean of the amplitudes "
            "of all its targets (0 when it has none, and outside the window), as NEST reports it.",
        ],
        "differences": [
            "The currents are not the ones NEST draws for the same seed (different random "
            "generator); their statistics are the same.",
            "With several threads NEST's recorded `I` is the mean over the targets of one thread; "
            "Roost's is the mean over all targets of the process.",
            "NEST restarts the modulation oscillator at each Simulate call and turns it only in "
            "active steps; Roost does the same within a Simulate call, but an amplitude drawn "
            "before a Simulate call and held across it is recomputed with the new call's "
            "oscillator phase (only with `std_mod > 0`).",
            "NEST's state `y_0`, `y_1` (the oscillator) is not shown by GetStatus.",
        ],
    },
    "pulsepacket_generator": {
        "summary": "Packets of spikes around given pulse times, the same for all targets.",
        "text": [
            "For each time in `pulse_times` (absolute simulation times, not shifted by `origin`) "
            "`activity` spike times are drawn from a normal distribution with mean the pulse time "
            "and standard deviation `sdev` (ms; 0: all at the pulse time). A drawn time is "
            "rounded *up* to the grid and the spike is stamped one step later (a pulse at 50.0 ms "
            "gives spikes stamped 50.1 ms); spikes of one step go out as one event with that "
            "multiplicity. All targets (and a spike_recorder connected to the generator) get the "
            "same spikes.",
            "As in NEST, the generator works in min-delay slices: a pulse is drawn in the first "
            "slice that starts at most 10 `sdev` (1 ms when `sdev` = 0) before it, spikes drawn "
            "before that slice's start are dropped, and the generator is active in a slice "
            "starting at step T when `origin + start <= (T + 1) h < origin + stop` (NEST treats "
            "it as a current generator here): spikes are sent only in active slices.",
            "The spikes of pulse k are drawn from the kernel's counter-based random generator "
            "keyed by `rng_seed`, the generator and k: the same seed gives the same spikes for "
            "any number of threads and on every backend.",
        ],
        "differences": [
            "The spike times are not the ones NEST draws for the same seed (different random "
            "generator); their statistics are the same.",
            "NEST draws again the pulses within the tolerance around the time of each Simulate "
            "call and so sends their spikes twice when a simulation is split into several "
            "Simulate calls; Roost sends each pulse's spikes once, as in one uninterrupted run.",
            "`pulse_times` are used sorted (as in NEST) but GetStatus shows them as they were set.",
        ],
    },
    "spike_train_injector": {
        "summary": "A neuron-like spike source that emits spikes at given times.",
        "text": [
            "NEST's spike_train_injector is a *neuron* (element_type 'neuron') whose spike times "
            "are given: its parameters are those of spike_generator without `spike_weights`. A "
            "spike_recorder connected to it records it at its own spike times, and it connects "
            "through any synapse model, plastic ones included (a spike_generator needs a "
            "parrot_neuron for that); it takes no input itself.",
            "Repeated times give several spikes in one step; `spike_multiplicities` send one "
            "event of multiplicity n (plastic synapses take it copy by copy, as a neuron's "
            "spikes). Times must be > 0, ascending, and on the resolution grid unless "
            "`allow_offgrid_times=True`, which moves a time to the next grid point at or after "
            "it. `spike_times` are relative to `origin`; with `shift_now_spikes=True` a spike at "
            "the current time (set after a Simulate call) moves one step later instead of being "
            "dropped.",
            WINDOW_EMITTER,
            "Roost runs it as a spike_generator program (the spike times are a list, which a "
            "neuron model's state cannot hold) and reports it as a neuron.",
        ],
        "differences": [
            "`precise_times=True` (off-grid spikes with offsets) is not supported: it raises "
            "BadProperty.",
            "NEST accepts negative `spike_multiplicities`; Roost rejects them (BadProperty).",
            "NEST's node-internal keys (`thread_local_id`, `node_uses_wfr`, ...) are not shown.",
        ],
    },
}

FIELDS = {
    "ac_generator": {
        "amplitude": ("pA", "amplitude of the sine"),
        "offset": ("pA", "constant added to the sine"),
        "frequency": ("Hz", "frequency of the sine"),
        "phase": ("deg", "phase of the sine at t = 0"),
    },
    "noise_generator": {
        "mean": ("pA", "mean of the current"),
        "std": ("pA", "standard deviation of the current"),
        "std_mod": ("pA", "modulation of the standard deviation (the variance is std^2 + "
                          "std_mod^2 sin(2 pi f t + phase)); at most std"),
        "dt": ("ms", "interval between draws (a multiple of the resolution)"),
        "frequency": ("Hz", "frequency of the modulation"),
        "phase": ("deg", "phase of the modulation at t = 0"),
    },
    "pulsepacket_generator": {
        "pulse_times": ("ms", "centres of the packets (absolute times)"),
        "activity": ("", "number of spikes per packet"),
        "sdev": ("ms", "standard deviation of the spike times in a packet"),
    },
    "spike_train_injector": {
        "spike_times": ("ms", "spike times, relative to origin, > 0, ascending"),
    },
}
