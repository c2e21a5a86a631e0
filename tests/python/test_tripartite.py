# SPDX-License-Identifier: GPL-2.0-or-later
"""nest.TripartiteConnect with third_factor_bernoulli_with_pool (NEST 3.10):
the connectivity NEST's rule defines, in distribution (Roost draws other
numbers than NEST), and NEST's checks."""

import numpy as np
import pytest

RULE = "third_factor_bernoulli_with_pool"
SYN = {"third_out": {"synapse_model": "sic_connection", "weight": 0.5}}


def _conns(nest, model, sources=None, targets=None):
    c = nest.GetConnections(sources, targets, synapse_model=model)
    if len(c) == 0:
        return np.zeros((0, 2), dtype=int)
    return np.array([c.get("source"), c.get("target")]).T.reshape(-1, 2)


def _make(nest, n_pre, n_post, n_third, p_primary, third, seed=1, threads=1, backend=None, rule=None):
    nest.ResetKernel()
    if backend:
        nest.SetKernelStatus({"backend": backend})
    nest.SetKernelStatus({"rng_seed": seed, "local_num_threads": threads})
    pre = nest.Create("aeif_cond_alpha_astro", n_pre)
    post = nest.Create("aeif_cond_alpha_astro", n_post)
    astro = nest.Create("astrocyte_lr_1994", n_third)
    conn = rule or {"rule": "pairwise_bernoulli", "p": p_primary}
    nest.TripartiteConnect(pre, post, astro, conn, dict(third, rule=RULE),
                           {"primary": {"synapse_model": "static_synapse", "weight": 2.0},
                            "third_in": {"synapse_model": "tsodyks_synapse", "weight": 1.0}, **SYN})
    primary = _conns(nest, "static_synapse")
    third_in = _conns(nest, "tsodyks_synapse")
    third_out = _conns(nest, "sic_connection")
    return pre, post, astro, primary, third_in, third_out


def test_pairing_fraction_and_consistency(nest):
    pre, post, astro, primary, tin, tout = _make(nest, 150, 150, 40, 0.2, {"p": 0.4, "pool_size": 40})
    n = len(primary)
    assert abs(n - 0.2 * 150 * 150) < 4 * np.sqrt(150 * 150 * 0.2 * 0.8)
    k = len(tout)
    assert len(tin) == k
    assert abs(k / n - 0.4) < 4 * np.sqrt(0.4 * 0.6 / n)
    # Every pairing (s, a, t): a -> t has a primary s -> t with s -> a.
    prim = {}
    for s, t in primary:
        prim.setdefault(t, []).append(s)
    tin_count = {}
    for s, a in tin:
        tin_count[(s, a)] = tin_count.get((s, a), 0) + 1
    per_target_out = {}
    for a, t in tout:
        per_target_out[t] = per_target_out.get(t, 0) + 1
    for t, m in per_target_out.items():
        assert m <= len(prim[t])
    # the third_in sources are primary sources of the targets their astrocyte serves
    sources_of_astro = {}
    for s, a in tin:
        sources_of_astro.setdefault(a, set()).add(s)
    served = {}
    for a, t in tout:
        served.setdefault(a, set()).update(prim[t])
    for a, sources in sources_of_astro.items():
        assert sources <= served[a]
    # All astrocytes equally likely (pool = all): chi-square, 39 dof.
    counts = np.bincount(tout[:, 0] - astro[0].global_id, minlength=40)
    expected = k / 40
    chi2 = ((counts - expected) ** 2 / expected).sum()
    assert chi2 < 39 + 5 * np.sqrt(2 * 39)


def test_random_pools_are_fixed_per_target_and_uniform(nest):
    pool_size = 4
    pre, post, astro, primary, tin, tout = _make(nest, 100, 60, 30, 0.5, {"p": 1.0, "pool_size": pool_size})
    assert len(tout) == len(primary) == len(tin)  # p = 1: every primary connection is paired
    distinct = {}
    for a, t in tout:
        distinct.setdefault(t, []).append(a)
    sizes = []
    for t, used in distinct.items():
        counts = np.unique(used, return_counts=True)[1]
        assert len(counts) <= pool_size
        sizes.append(len(counts))
    # ~50 pairings per target over a pool of 4: all 4 seen
    assert np.mean(sizes) > pool_size - 0.05
    # pools cover the astrocytes uniformly: each in about 60 * 4 / 30 = 8 pools
    membership = np.zeros(30)
    for t, used in distinct.items():
        membership[np.unique(used) - astro[0].global_id] += 1
    assert membership.sum() == pytest.approx(60 * pool_size, abs=3)
    assert membership.std() < 3 * np.sqrt(8)


def test_block_pools(nest):
    # pool_size 1: target i gets astrocyte i // (n_post / n_third)
    pre, post, astro, primary, tin, tout = _make(nest, 10, 10, 5, 1.0, {"p": 1.0, "pool_size": 1, "pool_type": "block"},
                                               rule={"rule": "all_to_all"})
    first_post, first_astro = post[0].global_id, astro[0].global_id
    assert len(tout) == 100
    for a, t in tout:
        assert a - first_astro == (t - first_post) // 2
    # pool_size 2: target i gets astrocytes 2i and 2i + 1, both used
    pre, post, astro, primary, tin, tout = _make(nest, 20, 5, 10, 1.0, {"p": 1.0, "pool_size": 2, "pool_type": "block"},
                                               rule={"rule": "all_to_all"})
    first_post, first_astro = post[0].global_id, astro[0].global_id
    for t in range(5):
        used = set(tout[tout[:, 1] == first_post + t][:, 0] - first_astro)
        assert used == {2 * t, 2 * t + 1}


def test_syn_specs_reach_their_connections(nest):
    pre, post, astro, primary, tin, tout = _make(nest, 5, 5, 2, 1.0, {"p": 1.0})
    assert set(nest.GetConnections(synapse_model="sic_connection").get("weight")) == {0.5}
    assert set(nest.GetConnections(synapse_model="static_synapse").get("weight")) == {2.0}
    assert len(tin) == 25 and set(tin[:, 1]) <= {astro[0].global_id, astro[1].global_id}


def test_same_connectivity_for_threads_and_backends(nest):
    ref = _make(nest, 40, 40, 10, 0.3, {"p": 0.5, "pool_size": 3}, seed=5)[3:]
    runs = [(2, None)] + ([(1, "cuda")] if "cuda" in nest.available_backends() else [])
    for threads, backend in runs:
        got = _make(nest, 40, 40, 10, 0.3, {"p": 0.5, "pool_size": 3}, seed=5, threads=threads, backend=backend)[3:]
        for a, b in zip(got, ref):
            assert np.array_equal(a[np.lexsort(a.T)], b[np.lexsort(b.T)])
    other = _make(nest, 40, 40, 10, 0.3, {"p": 0.5, "pool_size": 3}, seed=6)[3:]
    assert not np.array_equal(other[2], ref[2])


@pytest.mark.parametrize("third,error,text", [
    ({"rule": "pairwise_bernoulli"}, "IllegalConnection", "Unknown third-factor connection rule 'pairwise_bernoulli'."),
    ({"rule": RULE, "p": 1.5}, "BadProperty", "Conditional probability of third-factor connection"),
    ({"rule": RULE, "pool_size": 0}, "BadProperty", "Pool size 1 ≤ pool_size ≤ size of third-factor population"),
    ({"rule": RULE, "pool_size": 3}, "BadProperty", "Pool size 1 ≤ pool_size ≤ size of third-factor population"),
    ({"rule": RULE, "pool_type": "foo"}, "BadProperty", "pool_type must be 'random' or 'block'"),
    ({"rule": RULE, "pool_type": "block", "pool_size": 2}, "BadProperty", "The sizes of target and third-factor"),
])
def test_nest_errors(nest, third, error, text):
    pre = nest.Create("aeif_cond_alpha_astro", 4)
    post = nest.Create("aeif_cond_alpha_astro", 4)
    astro = nest.Create("astrocyte_lr_1994", 2)
    with pytest.raises(getattr(nest.NESTErrors, error), match=text.replace("(", r"\(")):
        nest.TripartiteConnect(pre, post, astro, {"rule": "pairwise_bernoulli", "p": 0.5}, third, SYN)
    assert len(nest.GetConnections()) == 0


def test_lists_and_types_are_refused(nest):
    pre = nest.Create("aeif_cond_alpha_astro", 2)
    astro = nest.Create("astrocyte_lr_1994", 2)
    with pytest.raises(ValueError, match="Tripartite connections do not accept parameter lists"):
        nest.TripartiteConnect(pre, pre, astro, {"rule": "all_to_all"}, {"rule": RULE},
                               {"primary": {"weight": [1.0, 2.0]}})
    with pytest.raises(TypeError, match="Third-factor nodes must be a NodeCollection"):
        nest.TripartiteConnect(pre, pre, [1], {"rule": "all_to_all"}, {"rule": RULE})
