# SPDX-License-Identifier: GPL-2.0-or-later
"""Texts of cm_default's reference page (used by gen_model_docs.py)."""

CM_FIELD_MEANING = {
    "V_th": "spike threshold of the root compartment (a spike per upward crossing; no reset)",
    "compartments": "the tree: [{'comp_idx', 'parent_idx'}] per compartment; set once with a list of "
                    "{'parent_idx', 'params'} dicts (params: C_m [nF], g_C [uS], g_L [uS], e_L [mV], "
                    "v_comp [mV], gbar_Na [uS], e_Na [mV], gbar_K [uS], e_K [mV]); add more with "
                    "add_compartments",
    "receptors": "the receptors: [{'comp_idx', 'receptor_idx', 'receptor_type'}] by compartment and type; "
                 "set once with a list of {'comp_idx', 'receptor_type', 'params'} dicts (AMPA, GABA, NMDA, "
                 "AMPA_NMDA, with NEST's e_*, tau_r_*, tau_d_*, NMDA_ratio); add more with add_receptors",
}

CM_INPUT_NOTE = (
    "Ports exist once the tree has them: spikes connect on receptor_type = a receptor's index (0, 1, ... "
    "in order of addition; weights in uS, >= 0), current generators on receptor_type = a compartment's "
    "index (amplitudes in nA); others raise IllegalConnection with NEST's UnknownPort text. Recordables "
    "follow the tree: v_comp<c>, m_Na_<c>, h_Na_<c>, n_K_<c> per compartment c and g_r_<T>_<r>, "
    "g_d_<T>_<r> per receptor r of type T (AMPA_NMDA: g_r_AN_AMPA_<r>, g_d_AN_AMPA_<r>, g_r_AN_NMDA_<r>, "
    "g_d_AN_NMDA_<r>).")

CM_DIFFERENCES = [
    "Roost checks each compartments/receptors entry completely before changing the node; NEST 3.10 "
    "adds to its tree before it finds a bad entry, which leaves that node's tree inconsistent.",
    "Negative spike weights raise at Connect (NEST's text \"Synaptic weights must be positive.\"); NEST "
    "raises during Simulate.",
    "NEST clears a cm_default's input buffers at every Simulate (pre_run_hook), dropping spikes and "
    "currents in flight across Simulate calls; Roost keeps them.",
    "A multimeter may name the conductances of every receptor type for every receptor index "
    "(g_r_GABA_0 of an AMPA receptor records 0); NEST refuses names of types the receptor does not have. "
    "GetStatus' recordables list only NEST's names.",
    "Inputs pass Roost's ring buffer, which rounds every weight and amplitude to a multiple of 2^-32: "
    "weights such as 0.1 uS move voltages by ~1e-8 mV from NEST's (tests/validation/test_cm_default_nest.py).",
]
