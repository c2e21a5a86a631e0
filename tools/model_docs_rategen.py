# SPDX-License-Identifier: GPL-2.0-or-later
"""Reference texts of the rate-modulated and renewal spike generators, for
tools/gen_model_docs.py (which merges them into its DEVICE_DOCS): descriptions,
differences from NEST 3.10, and field units/meanings that differ per model."""

WINDOW = ("**Window**: only spikes stamped in `(origin + start, origin + stop]` are sent "
          "(exclusive start, inclusive stop).")
KEYED = ("The draws come from the kernel's counter-based random generator keyed by `rng_seed`, "
         "the connection (target and its order among the target's generator inputs) and the step; "
         "what all targets share is keyed by the generator's id and the step. The same seed gives "
         "the same trains for any number of threads and on both backends.")
RECORDER = ("A spike_recorder connected to the generator is one more target: it records a train "
            "of its own, drawn like a neuron's.")
NOT_NESTS_TRAINS = ("The trains are not the ones NEST draws for the same seed (different random "
                    "generator); their statistics are the same.")
SHARED_TRAINS = ("`individual_spike_trains` (default True: an independent train per target) can "
                 "only be set with SetDefaults or CopyModel, as in NEST; with False all targets "
                 "get the same train.")

RATEGEN_DOCS = {
    "sinusoidal_poisson_generator": {
        "summary": "Poisson trains with a sinusoidally modulated rate.",
        "text": [
            "Rate `rate + amplitude * sin(2 pi frequency t + phase)` (Hz, ms, degrees), clipped "
            "at 0, evaluated at the end of each step: in every step each target receives a "
            "Poisson-distributed number of spikes with mean rate(t)*h, as one event of that "
            "multiplicity.",
            SHARED_TRAINS,
            "**Recordable** `rate` (Hz): connect a multimeter (`record_from=['rate']`); the value "
            "at stamp t is the rate for time t, also outside the window.",
            KEYED, RECORDER, WINDOW,
        ],
        "differences": [
            NOT_NESTS_TRAINS,
            "NEST integrates the sine with a rotation matrix and reports its state as `y_0`, "
            "`y_1`; Roost evaluates the sine directly (same values to rounding) and `y_0`, `y_1` "
            "stay 0.",
        ],
    },
    "inhomogeneous_poisson_generator": {
        "summary": "Poisson trains with a piecewise-constant rate.",
        "text": [
            "The rate is `rate_values[k]` (Hz) from `rate_times[k]` on (absolute simulation times, "
            "not shifted by `origin`), 0 before the first time. A rate given for time t applies "
            "from the step ending at t: its first possible spike is stamped t. Each target gets "
            "its own Poisson train.",
            "`rate_times` and `rate_values` must be set together and have the same length; the "
            "times must be > 0 (in the future), strictly increasing and on the grid, unless "
            "`allow_offgrid_times=True`, which moves a time to the end of the step holding it "
            "(GetStatus shows the moved times). A negative rate gives no spikes, as in NEST.",
            KEYED, RECORDER, WINDOW,
        ],
        "differences": [NOT_NESTS_TRAINS],
    },
    "gamma_sup_generator": {
        "summary": "Superposition of n_proc gamma processes, independently per target.",
        "text": [
            "Each target gets the superposition of `n_proc` gamma renewal processes of shape "
            "`gamma_shape` and rate `rate` (Hz) each, simulated as NEST does: every component "
            "moves through `gamma_shape` states with probability rate*gamma_shape*h per step "
            "(binomial draws, Poisson where NEST approximates them) and fires when it leaves the "
            "last one. The occupations are kept per (generator, target) connection. They start "
            "with floor(n_proc/gamma_shape) components in every state and the remainder in the "
            "last one (so with n_proc = 1 the first spike comes early, as in NEST).",
            KEYED, RECORDER, WINDOW,
        ],
        "differences": [
            NOT_NESTS_TRAINS,
            "Connections made after a Simulate call restart every target's occupations from the "
            "initial ones (NEST keeps those of existing targets).",
        ],
    },
    "sinusoidal_gamma_generator": {
        "summary": "Gamma renewal trains with a sinusoidally modulated rate.",
        "text": [
            "An inhomogeneous gamma process of order `order` with rate `rate + amplitude * "
            "sin(2 pi frequency t + phase)` (Hz; 0 <= amplitude <= rate), as in NEST: in each "
            "step a spike is sent with probability h * order * rate(t) * L^(order-1) e^-L / "
            "Gamma(order, L), where L is order times the integral of the rate since the target's "
            "last spike (or since the start). L is kept per (generator, target) connection.",
            SHARED_TRAINS,
            "**Recordable** `rate` (Hz), as for sinusoidal_poisson_generator.",
            KEYED, RECORDER, WINDOW,
        ],
        "differences": [
            NOT_NESTS_TRAINS,
            "L is accumulated step by step (NEST recomputes it from the last spike time); the "
            "difference is rounding.",
            "Connections made after a Simulate call restart every target's L at 0.",
        ],
    },
    "ppd_sup_generator": {
        "summary": "Superposition of n_proc Poisson processes with dead time, per target.",
        "text": [
            "Each target gets the superposition of `n_proc` Poisson processes with dead time "
            "`dead_time` (ms) and rate `rate` (Hz) each (1000/rate must exceed dead_time), "
            "simulated as NEST does with an age distribution: active components fire with hazard "
            "h/(1000/rate - dead_time) per step, modulated by `1 + relative_amplitude * "
            "sin(2 pi frequency t)` (t the step's start), and stay refractory for floor(dead_time/h) "
            "steps. The distribution is kept per (generator, target) connection.",
            KEYED, RECORDER, WINDOW,
        ],
        "differences": [
            NOT_NESTS_TRAINS,
            "Connections made after a Simulate call restart every target's age distribution.",
        ],
    },
    "mip_generator": {
        "summary": "Multiple interaction process: one mother train, copied to each target with p_copy.",
        "text": [
            "The generator draws one Poisson mother train of rate `rate` (Hz), the same for all "
            "targets (keyed by the generator's id and the step); each target receives each mother "
            "spike independently with probability `p_copy` (keyed by the connection and the "
            "step). Coincident copies arrive as one event of their multiplicity.",
            "As in NEST the window is tested once per min-delay slice, at the slice's first "
            "step.",
            KEYED, RECORDER, WINDOW,
        ],
        "differences": [NOT_NESTS_TRAINS],
    },
    "spike_dilutor": {
        "summary": "Relays each incoming spike to each target with probability p_copy (deprecated in NEST 3.10).",
        "text": [
            "Connect spike sources to it (neurons, spike_generator, poisson-type generators) and "
            "it to its targets. Each mother spike it receives is repeated to each target "
            "independently with probability `p_copy`, at the mother spike's arrival time (a spike "
            "sent at t with delay d1 to the dilutor and d2 to a parrot makes the parrot fire at "
            "t + d1 + d2); coincident mother spikes count with their multiplicity. Weights of the "
            "connections into the dilutor are ignored.",
            "As in NEST 3.10 it runs with one thread only (more raise KernelException at "
            "Simulate), and the window is tested once per min-delay slice.",
            KEYED, RECORDER, WINDOW,
        ],
        "differences": [
            NOT_NESTS_TRAINS,
            "Mother spikes that arrive while the dilutor is inactive are dropped (in NEST they "
            "stay in its ring buffer and may reappear later).",
            "With several MPI ranks its mother spikes from neurons on other ranks are only seen "
            "with the allgather spike exchange.",
        ],
    },
}

# Units and meanings that differ from gen_model_docs.DEVICE_FIELD, per model.
_SIN = {
    "rate": ("Hz", "mean rate (DC part)"),
    "amplitude": ("Hz", "amplitude of the rate modulation"),
    "frequency": ("Hz", "frequency of the rate modulation"),
    "phase": ("deg", "phase of the rate modulation"),
    "individual_spike_trains": ("", "True: a train per target; False: one train for all "
                                    "(SetDefaults/CopyModel only)"),
}
RATEGEN_FIELDS = {
    "sinusoidal_poisson_generator": dict(_SIN, y_0=("", "NEST's oscillator state (not used; 0)"),
                                         y_1=("", "NEST's oscillator state (not used; 0)")),
    "sinusoidal_gamma_generator": dict(_SIN, order=("", "gamma order (>= 1)")),
    "inhomogeneous_poisson_generator": {
        "rate_times": ("ms", "times at which the rate changes (absolute, > 0, strictly increasing)"),
        "rate_values": ("Hz", "rate from the matching rate_times entry on"),
        "allow_offgrid_times": ("", "if True, an off-grid rate time moves to the end of its step; "
                                    "if False it is an error"),
    },
    "gamma_sup_generator": {
        "rate": ("Hz", "rate of each component process"),
        "gamma_shape": ("", "shape (order) of the gamma processes (>= 1)"),
        "n_proc": ("", "number of superposed component processes (>= 1)"),
    },
    "ppd_sup_generator": {
        "rate": ("Hz", "rate of each component process"),
        "dead_time": ("ms", "dead time of each component process"),
        "n_proc": ("", "number of superposed component processes (>= 1)"),
        "frequency": ("Hz", "frequency of the rate modulation"),
        "relative_amplitude": ("", "relative amplitude of the rate modulation, in [0, 1]"),
    },
    "mip_generator": {
        "rate": ("Hz", "rate of the mother train"),
        "p_copy": ("", "probability that a target receives a mother spike"),
    },
    "spike_dilutor": {
        "p_copy": ("", "probability that a target receives a mother spike"),
    },
}
