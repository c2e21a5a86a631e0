# SPDX-License-Identifier: GPL-2.0-or-later
"""cm_default protocols run by NEST 3.10 (tools/nest_reference/gen_cm_default.py)
and replayed by Roost (test_cm_default_nest.py). Each takes the simulator
module (`nest` or `roost`) and returns plain lists.

* two_comps / receptors_and_current: NEST's examples
  compartmental_model/two_comps.py and receptors_and_current.py, network and
  recordings as there.
* tree: a branching tree of five compartments (two children of the root, a
  grandchild, a great-grandchild), active soma that fires, every receptor
  type (two AMPA on one compartment), spikes on every receptor, currents into
  three compartments. Weights and amplitudes are multiples of 2^-10, which
  Roost's ring buffer holds exactly (it rounds every input to 2^-32), so the
  traces can be compared at round-off.
"""

EXAMPLE_RECORD = ["v_comp0", "v_comp1", "m_Na_0", "h_Na_0", "n_K_0", "m_Na_1", "h_Na_1", "n_K_1",
                  "g_r_AN_AMPA_1", "g_d_AN_AMPA_1", "g_r_AN_NMDA_1", "g_d_AN_NMDA_1"]

TREE_RECORD = ["v_comp0", "v_comp1", "v_comp2", "v_comp3", "v_comp4", "m_Na_0", "h_Na_0", "n_K_0", "m_Na_2",
               "g_r_AMPA_0", "g_d_AMPA_0", "g_r_GABA_1", "g_d_GABA_1", "g_r_NMDA_2", "g_d_NMDA_2",
               "g_r_AN_AMPA_3", "g_d_AN_AMPA_3", "g_r_AN_NMDA_3", "g_d_AN_NMDA_3", "g_d_AMPA_4"]


def _events(mm, keys):
    ev = mm.get("events")
    return {k: [float(x) for x in ev[k]] for k in ["times", *keys]}


def run_two_comps(nest, threads=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads})
    soma = {"C_m": 89.245535, "g_C": 0.0, "g_L": 8.924572508, "e_L": -75.0, "v_comp": -75.0,
            "gbar_Na": 4608.698576715, "e_Na": 60.0, "gbar_K": 956.112772900, "e_K": -90.0}
    dend_pas = {"C_m": 1.929929, "g_C": 1.255439494, "g_L": 0.192992878, "e_L": -75.0, "v_comp": -75.0}
    dend_act = {"C_m": 1.929929, "g_C": 1.255439494, "g_L": 0.192992878, "e_L": -70.0, "v_comp": -70.0,
                "gbar_Na": 17.203212493, "e_Na": 60.0, "gbar_K": 11.887347450, "e_K": -90.0}
    out = {}
    cms = {}
    for name, dend in (("passive", dend_pas), ("active", dend_act)):
        cm = nest.Create("cm_default")
        cm.compartments = [{"parent_idx": -1, "params": soma}, {"parent_idx": 0, "params": dend}]
        cm.V_th = -50.0
        cm.receptors = [{"comp_idx": 0, "receptor_type": "AMPA_NMDA"}, {"comp_idx": 1, "receptor_type": "AMPA_NMDA"}]
        cms[name] = cm
    sg_soma = nest.Create("spike_generator", 1, {"spike_times": [10.0, 13.0, 16.0]})
    sg_dend = nest.Create("spike_generator", 1, {"spike_times": [70.0, 73.0, 76.0]})
    mms, srs = {}, {}
    for name, cm in cms.items():
        nest.Connect(sg_soma, cm, syn_spec={"synapse_model": "static_synapse", "weight": 5.0, "delay": 0.5,
                                            "receptor_type": 0})
        nest.Connect(sg_dend, cm, syn_spec={"synapse_model": "static_synapse", "weight": 2.0, "delay": 0.5,
                                            "receptor_type": 1})
    for name, cm in cms.items():
        mms[name] = nest.Create("multimeter", 1, {"record_from": EXAMPLE_RECORD, "interval": 0.1})
        nest.Connect(mms[name], cm)
        srs[name] = nest.Create("spike_recorder")
        nest.Connect(cm, srs[name])
    nest.Simulate(160.0)
    for name in cms:
        out[name] = _events(mms[name], EXAMPLE_RECORD)
        out[name]["spikes"] = [float(t) for t in srs[name].get("events")["times"]]
    return out


def ring_value(w):
    """What Roost's ring buffer holds for an input w: the nearest multiple of 2^-32."""
    return round(w * 2.0**32) / 2.0**32


def run_receptors_and_current(nest, threads=1, quantized=False):
    """quantized: the example's weights as Roost's ring holds them (ring_value)."""
    q = ring_value if quantized else (lambda w: w)
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads})
    soma = {"C_m": 10.0, "g_C": 0.0, "g_L": 1.0, "e_L": -70.0, "v_comp": -70.0}
    dend = {"C_m": 0.1, "g_C": 0.1, "g_L": 0.1, "e_L": -70.0, "v_comp": -70.0}
    cm = nest.Create("cm_default")
    cm.compartments = [{"parent_idx": -1, "params": soma}, {"parent_idx": 0, "params": dend},
                       {"parent_idx": 0, "params": dend}]
    cm.V_th = -50.0
    cm.receptors = [{"comp_idx": 0, "receptor_type": "GABA"},
                    {"comp_idx": 1, "receptor_type": "AMPA",
                     "params": {"tau_r_AMPA": 0.2, "tau_d_AMPA": 3.0, "e_AMPA": 0.0}},
                    {"comp_idx": 2, "receptor_type": "AMPA_NMDA"}]
    sg1 = nest.Create("spike_generator", params={"spike_times": [101.0, 105.0, 106.0, 110.0, 150.0]})
    sg2 = nest.Create("spike_generator", params={
        "spike_times": [115.0, 155.0, 160.0, 162.0, 170.0, 254.0, 260.0, 272.0, 278.0]})
    sg3 = nest.Create("spike_generator", params={"spike_times": [250.0, 255.0, 260.0, 262.0, 270.0]})
    nest.Connect(sg1, cm, syn_spec={"synapse_model": "static_synapse", "weight": q(0.1), "delay": 0.5,
                                    "receptor_type": 1})
    nest.Connect(sg2, cm, syn_spec={"synapse_model": "static_synapse", "weight": q(0.2), "delay": 0.5,
                                    "receptor_type": 2})
    nest.Connect(sg3, cm, syn_spec={"synapse_model": "static_synapse", "weight": q(0.3), "delay": 0.5,
                                    "receptor_type": 0})
    dcg = nest.Create("dc_generator", params={"amplitude": 1.0})
    nest.Connect(dcg, cm, syn_spec={"synapse_model": "static_synapse", "weight": 1.0, "delay": 0.1,
                                    "receptor_type": 1})
    keys = ["v_comp0", "v_comp1", "v_comp2"]
    mm = nest.Create("multimeter", params={"record_from": keys, "interval": 0.1})
    nest.Connect(mm, cm)
    nest.Simulate(400.0)
    return _events(mm, keys)


def build_tree(nest):
    """The tree of this module's `tree` case (also used by tests/python/test_cm_default.py)."""
    cm = nest.Create("cm_default")
    cm.compartments = [
        {"parent_idx": -1, "params": {"C_m": 1.0, "g_L": 0.1, "e_L": -70.0, "v_comp": -70.0,
                                      "gbar_Na": 20.0, "e_Na": 50.0, "gbar_K": 5.0, "e_K": -85.0}},
        {"parent_idx": 0, "params": {"C_m": 0.5, "g_C": 0.05, "e_L": -65.0}},
        {"parent_idx": 0, "params": {"C_m": 0.25, "g_C": 0.1, "gbar_Na": 2.0, "e_Na": 50.0, "gbar_K": 1.0,
                                     "e_K": -85.0}},
        {"parent_idx": 1, "params": {"g_C": 0.02, "v_comp": -60.0}},
        {"parent_idx": 3},
    ]
    cm.receptors = [
        {"comp_idx": 1, "receptor_type": "AMPA"},
        {"comp_idx": 0, "receptor_type": "GABA", "params": {"tau_d_GABA": 7.0}},
        {"comp_idx": 4, "receptor_type": "NMDA", "params": {"e_NMDA": 5.0}},
        {"comp_idx": 2, "receptor_type": "AMPA_NMDA", "params": {"NMDA_ratio": 1.5, "tau_d_AMPA": 4.0}},
        {"comp_idx": 1, "receptor_type": "AMPA", "params": {"tau_d_AMPA": 5.0, "e_AMPA": 10.0}},
    ]
    return cm


def run_tree(nest, threads=1):
    nest.ResetKernel()
    nest.SetKernelStatus({"local_num_threads": threads})
    cm = build_tree(nest)
    sg = nest.Create("spike_generator", {"spike_times": [2.0, 5.0, 7.5, 20.0, 21.0, 40.0]})
    for r, w in [(0, 0.0625), (1, 0.015625), (2, 0.03125), (3, 0.0625), (4, 0.046875)]:
        nest.Connect(sg, cm, syn_spec={"weight": w, "delay": 1.0, "receptor_type": r})
    for comp, amp, start in [(0, 0.5, 10.0), (2, 1.25, 3.0), (4, 0.75, 30.0)]:
        dc = nest.Create("dc_generator", {"amplitude": amp, "start": start, "stop": 50.0})
        nest.Connect(dc, cm, syn_spec={"receptor_type": comp})
    mm = nest.Create("multimeter", {"record_from": TREE_RECORD, "interval": 0.1})
    nest.Connect(mm, cm)
    sr = nest.Create("spike_recorder")
    nest.Connect(cm, sr)
    nest.Simulate(60.0)
    out = _events(mm, TREE_RECORD)
    out["spikes"] = [float(t) for t in sr.get("events")["times"]]
    return out
