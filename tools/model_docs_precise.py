# SPDX-License-Identifier: GPL-2.0-or-later
"""Reference-page texts of the precise-spiking models added in issue 16
part 4 (iaf_psc_delta_ps, iaf_psc_exp_ps_lossless, parrot_neuron_ps) and of
poisson_generator_ps; tools/gen_model_docs.py merges them into its tables."""

PS_EVENT_TEXT = ("all spikes, each at its exact time within the step (its offset; grid senders and "
                 "Poisson generators at the step's end).")

RECEPTOR_TEXT = {
    "iaf_psc_delta_ps": {
        0: PS_EVENT_TEXT + " V_m jumps by the weight (mV); simultaneous spikes are summed; spikes "
           "arriving during the refractory period are lost (as in NEST).",
    },
    "iaf_psc_exp_ps_lossless": {
        0: PS_EVENT_TEXT + " A weight >= 0 (pA) feeds I_syn_ex, a negative weight I_syn_in (as in NEST).",
    },
    "parrot_neuron_ps": {
        0: "spikes are repeated at their exact time (stamp and offset) with their multiplicity; "
           "several spikes within one step are all sent, each with its offset. Weights are ignored.",
        1: "spikes are accepted but not repeated.",
    },
}

EVENT_ROOM = ("Each neuron keeps room for one event per incoming connection and step (a "
              "spike_generator's: its densest step when the connections were last prepared; a "
              "parrot_neuron_ps's: all it can receive in a step; a poisson_generator_ps's: its "
              "densest step by far, h/dead_time + 1 with a dead time); more raises an error "
              "instead of losing spikes.")

DIFFERENCES = {
    "iaf_psc_delta_ps": [
        "t_ref is refused when it is not positive; NEST refuses it below half a tic (it rounds to "
        "0 tics) and, as Roost, counts any shorter positive t_ref as one step.",
        "`refractory_input` is shown (False) and cannot be set, as in NEST 3.10 (which never reads "
        "it from a dictionary).",
        EVENT_ROOM,
        "Spikes arriving through plastic synapses (stdp_synapse ...) act at the end of the step, "
        "without their offset.",
    ],
    "iaf_psc_exp_ps_lossless": [
        "A neuron set above threshold spikes at the start of the next step, whichever step that "
        "is; NEST tests it at the start of each min_delay slice only (the same after a SetStatus "
        "between Simulate calls).",
        EVENT_ROOM,
        "Spikes arriving through plastic synapses (stdp_synapse ...) act at the end of the step, "
        "without their offset.",
    ],
    "parrot_neuron_ps": [
        "Spikes from Poisson generators (poisson_generator, ...) arrive as one count per step at "
        "the step's end and are repeated as one spike of that multiplicity (NEST repeats each "
        "generator's event on its own, also at the step's end).",
        "A spike_generator's `spike_weights` are ignored, as the connection weights.",
        EVENT_ROOM,
    ],
}

DEVICE_DOCS = {
    "poisson_generator_ps": {
        "summary": "Independent Poisson trains with dead time, spike times off the grid, one per target.",
        "text": [
            "Each connection from the generator carries its own train of rate `rate` (Hz) with an "
            "absolute dead time `dead_time` (ms): the intervals are dead_time plus an exponential "
            "of mean 1000/rate - dead_time. The spikes keep their exact times: precise-spiking "
            "targets (iaf_psc_*_ps, parrot_neuron_ps) take each at its offset within the step, "
            "grid neurons take the step's count at its end.",
            "A train starts at its first active step as NEST's (with probability dead_time*rate "
            "within the dead time, the stationary start). The draws come from the kernel's "
            "counter-based generator keyed by `rng_seed`, the connection and the step, so the "
            "same seed gives the same trains for any number of threads or ranks and on both "
            "backends. Checks as NEST: the dead time and the rate cannot be negative, and "
            "1000/rate cannot be smaller than the dead time.",
            "Active for spikes stamped in (origin+start, origin+stop].",
        ],
        "differences": [
            "The trains are not the ones NEST draws for the same seed (different random "
            "generator); their statistics are the same (tests/validation/test_precise2_nest.py).",
            "It cannot be connected to a spike_recorder (NEST records each target's train).",
        ],
    },
}
