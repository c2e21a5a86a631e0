# SPDX-License-Identifier: GPL-2.0-or-later
"""Disconnect in NEST's forms, and what it leaves behind."""

import numpy as np
import pytest


def test_disconnect_rules_and_errors(nest):
    a = nest.Create("iaf_psc_alpha", 3)
    b = nest.Create("iaf_psc_alpha", 3)
    nest.Connect(a, b, "one_to_one")
    nest.Connect(a, b, "one_to_one")
    nest.Connect(a, b, "all_to_all", syn_spec="stdp_synapse")
    assert nest.num_connections == 15
    nest.Disconnect(a[0], b[0])  # one static connection of the pair (the first)
    assert nest.num_connections == 14
    nest.Disconnect(a, b, conn_spec="one_to_one")
    assert nest.num_connections == 11
    with pytest.raises(nest.NESTErrors.InexistentConnection):
        nest.Disconnect(a[0], b[1])  # never connected with static_synapse
    with pytest.raises(nest.NESTErrors.InexistentConnection):
        nest.Disconnect(a, b, conn_spec="one_to_one")  # the pair 1 -> 4 has none left: nothing is removed
    assert nest.num_connections == 11
    nest.Disconnect(a, b, conn_spec="all_to_all", syn_spec={"synapse_model": "stdp_synapse"})
    conns = nest.GetConnections()
    assert list(zip(conns.source, conns.target)) == [(2, 5), (3, 6)]
    with pytest.raises(nest.NESTErrors.BadProperty, match="one_to_one and all_to_all"):
        nest.Disconnect(a, b, conn_spec="fixed_indegree")
    with pytest.raises(TypeError):
        nest.Disconnect(a)
    nest.Disconnect(conns)
    assert nest.num_connections == 0
    nest.Simulate(5.0)


def test_old_collections_follow_renumbering(nest):
    n = nest.Create("iaf_psc_alpha", 4)
    nest.Connect(n, n, syn_spec={"weight": nest.random.uniform(1.0, 2.0)})
    conns = nest.GetConnections()
    weights = dict(zip(zip(conns.source, conns.target), conns.weight))
    order = np.random.default_rng(1).permutation(len(conns))
    for i in order[:10]:
        conns[int(i)].disconnect()  # each element still names its own connection
    rest = nest.GetConnections()
    assert len(rest) == 6
    assert all(weights[(s, t)] == w for s, t, w in zip(rest.source, rest.target, rest.weight))
    with pytest.raises(nest.NESTErrors.KernelException, match="removed"):
        conns[int(order[0])].get("weight")


def test_disconnect_keeps_learned_weights_and_spikes_flow(nest):
    nest.set(rng_seed=2)
    pg = nest.Create("poisson_generator", params={"rate": 20000.0})
    pre = nest.Create("parrot_neuron", 2)
    post = nest.Create("iaf_psc_alpha")
    nest.Connect(pg, pre)
    nest.Connect(pre, post, syn_spec={"synapse_model": "stdp_synapse", "weight": 100.0})
    nest.Simulate(200.0)
    learned = nest.GetConnections(pre[1], post).weight
    assert learned != 100.0
    nest.Disconnect(pre[0], post, syn_spec="stdp_synapse")
    assert nest.GetConnections(pre[1], post).weight == learned
    rec = nest.Create("spike_recorder")
    nest.Connect(post, rec)
    nest.Simulate(200.0)
    assert rec.n_events > 0  # the remaining connection still drives the neuron
