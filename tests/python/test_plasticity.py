# SPDX-License-Identifier: GPL-2.0-or-later
"""Plastic synapses through the PyNEST API: syn_spec fields, get/set,
common properties, bad values and the spike-history bound. (The NEST
reference cases in tests/validation check the dynamics.)"""

import math

import pytest


def _pair(nest, model="stdp_synapse", **syn):
    pre = nest.Create("parrot_neuron")
    post = nest.Create("parrot_neuron")
    nest.Connect(pre, post, syn_spec={"synapse_model": model, "receptor_type": 1, **syn})
    return pre, post, nest.GetConnections(pre, post)


def test_syn_spec_fields_reach_the_connection(nest):
    _, _, conn = _pair(nest, weight=5.0, tau_plus=12.0, Kplus=0.5, Wmax=40.0)
    assert conn.get("tau_plus") == 12.0
    assert conn.get("Kplus") == 0.5
    assert conn.get("Wmax") == 40.0
    conn.set(alpha=0.3)
    assert conn.get("alpha") == 0.3
    assert "Kplus" in conn.get()


def test_random_and_array_fields(nest):
    pre = nest.Create("parrot_neuron", 3)
    post = nest.Create("parrot_neuron", 3)
    nest.Connect(pre, post, "one_to_one",
                 {"synapse_model": "stdp_synapse", "Wmax": [10.0, 20.0, 30.0],
                  "alpha": nest.random.uniform(0.5, 1.5)})
    conns = nest.GetConnections(pre, post)
    assert conns.get("Wmax") == [10.0, 20.0, 30.0]
    alphas = conns.get("alpha")
    assert all(0.5 <= a < 1.5 for a in alphas) and len(set(alphas)) == 3


def test_bad_values_name_model_and_key(nest):
    pre = nest.Create("parrot_neuron")
    with pytest.raises(nest.NESTError, match="stdp_synapse.*sign"):
        nest.Connect(pre, pre, syn_spec={"synapse_model": "stdp_synapse", "weight": -1.0})
    with pytest.raises(nest.NESTError, match="nonsense.*stdp_synapse"):
        nest.Connect(pre, pre, syn_spec={"synapse_model": "stdp_synapse", "nonsense": 1.0})
    with pytest.raises(nest.NESTError, match="tau_plus"):
        nest.SetDefaults("stdp_synapse", {"tau_plus": -1.0})
    with pytest.raises(nest.NESTError, match="common property"):
        nest.Connect(pre, pre, syn_spec={"synapse_model": "stdp_synapse_hom", "lambda": 0.2})
    with pytest.raises(nest.NESTError, match="common property"):
        nest.Connect(pre, pre, syn_spec={"synapse_model": "static_synapse_hom_w", "weight": 2.0})
    assert nest.GetKernelStatus("num_connections") == 0
    nest.Connect(pre, pre, syn_spec={"synapse_model": "stdp_synapse"})  # still usable
    assert nest.GetKernelStatus("num_connections") == 1


def test_models_and_variants_are_listed(nest):
    for name in ("stdp_synapse", "stdp_synapse_hpc", "stdp_synapse_lbl", "tsodyks2_synapse",
                 "static_synapse_hom_w", "bernoulli_synapse"):
        assert name in nest.synapse_models
    d = nest.GetDefaults("stdp_synapse")
    assert d["tau_plus"] == 20.0 and d["Kplus"] == 0.0 and d["num_connections"] == 0
    assert nest.GetDefaults("vogels_sprekeler_synapse")["weight"] == 0.5
    assert nest.GetDefaults("iaf_psc_alpha")["tau_minus"] == 20.0


def test_labels_filter(nest):
    pre = nest.Create("parrot_neuron", 2)
    nest.Connect(pre[0], pre[1], syn_spec={"synapse_model": "static_synapse_lbl", "synapse_label": 7})
    nest.Connect(pre[1], pre[0], syn_spec={"synapse_model": "static_synapse_lbl"})
    conns = nest.GetConnections(synapse_model="static_synapse_lbl")
    assert sorted(conns.get("synapse_label")) == [-1, 7]
    labelled = nest.GetConnections(synapse_label=7)
    assert len(labelled) == 1 and labelled.get("source") == pre[0].get("global_id")
    assert len(nest.GetConnections(synapse_label=3)) == 0


def test_weights_learned_during_simulate_are_visible(nest):
    sg = nest.Create("spike_generator", params={"spike_times": [10.0, 30.0, 50.0]})
    sg_post = nest.Create("spike_generator", params={"spike_times": [12.0, 32.0]})
    pre, post, conn = _pair(nest, weight=10.0)
    nest.Connect(sg, pre)
    nest.Connect(sg_post, post)
    nest.Simulate(60.0)
    assert conn.get("weight") > 10.0       # causal pairs potentiate
    assert conn.get("Kplus") > 1.0


def test_history_bound_is_an_error_not_a_loss(nest):
    nest.SetKernelStatus({"post_history_capacity": 4})
    sg_post = nest.Create("spike_generator", params={"spike_times": [float(t) for t in range(5, 200, 5)]})
    _, post, _ = _pair(nest)  # the presynaptic parrot never fires: nothing reads the history
    nest.Connect(sg_post, post)
    with pytest.raises(nest.NESTError, match="post_history_capacity"):
        nest.Simulate(200.0)


def test_dopamine_synapse_needs_a_volume_transmitter(nest):
    vt = nest.Create("volume_transmitter")
    n = nest.Create("iaf_psc_alpha", 2)
    syn = {"synapse_model": "stdp_dopamine_synapse"}
    with pytest.raises(nest.kernel.NESTError, match="volume_transmitter"):
        nest.Connect(n[0], n[1], syn_spec=syn)
    with pytest.raises(nest.kernel.NESTError, match="volume_transmitter node"):
        nest.SetDefaults("stdp_dopamine_synapse", {"volume_transmitter": n[0]})
    with pytest.raises(nest.kernel.NESTError, match="sends no spikes"):
        nest.Connect(vt, n)
    with pytest.raises(nest.kernel.NESTError, match="parrot_neuron"):
        nest.Connect(nest.Create("spike_generator"), vt)
    with pytest.raises(nest.kernel.NESTError, match="deliver_interval"):
        vt.set(deliver_interval=0)
    nest.SetDefaults("stdp_dopamine_synapse", {"volume_transmitter": vt})
    # internal state (when the synapse was last brought up to date) is no key
    with pytest.raises(nest.kernel.NESTError, match="t_updated"):
        nest.Connect(n[0], n[1], syn_spec=dict(syn, t_updated=2.0))
    with pytest.raises(nest.kernel.NESTError, match="common property"):
        nest.Connect(n[0], n[1], syn_spec=dict(syn, A_plus=2.0))
    nest.Connect(n[0], n[1], syn_spec=dict(syn, c=2.0, n=0.5))
    conn = nest.GetConnections(synapse_model="stdp_dopamine_synapse")
    assert "t_updated" not in conn.get() and "volume_transmitter" not in conn.get()
    nest.Simulate(10.0)  # no spikes: c and n decay exactly (tau_c 1000, tau_n 200)
    assert conn.get("c") == pytest.approx(2.0 * math.exp(-10.0 / 1000.0), rel=1e-12)
    assert conn.get("n") == pytest.approx(0.5 * math.exp(-10.0 / 200.0), rel=1e-12)
    assert "volume_transmitter" in nest.Models("nodes")
    assert {"stdp_dopamine_synapse_hpc", "stdp_dopamine_synapse_lbl"} <= set(nest.Models("synapses"))


@pytest.mark.parametrize("model", ["stdp_synapse", "tsodyks_synapse", "stdp_pl_synapse_hom"])
def test_synapses_with_state_connect_neurons_only(nest, model):
    """As NEST: generators reach a plastic synapse through a parrot_neuron;
    recorders take static links only (NEST raises IllegalConnection too)."""
    n = nest.Create("iaf_psc_alpha")
    for source, target in [(nest.Create("poisson_generator"), n), (nest.Create("spike_generator"), n),
                           (n, nest.Create("spike_recorder"))]:
        with pytest.raises(nest.kernel.NESTError, match="parrot_neuron"):
            nest.Connect(source, target, syn_spec={"synapse_model": model})
    parrot = nest.Create("parrot_neuron")
    nest.Connect(nest.Create("spike_generator", params={"spike_times": [1.0]}), parrot)
    nest.Connect(parrot, n, syn_spec={"synapse_model": model})
    assert nest.num_connections == 2
