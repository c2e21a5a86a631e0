# SPDX-License-Identifier: GPL-2.0-or-later
"""NEST's TripartiteConnect with the third-factor rule
third_factor_bernoulli_with_pool (NEST 3.10, conn_builder.cpp
ThirdBernoulliWithPoolBuilder; hl_api_connections.TripartiteConnect).

1. pre -> post by the primary rule (any Connect rule), syn_specs["primary"];
2. each primary connection (s, t) is, with probability p, paired with one
   third-factor node a, drawn uniformly from t's pool: pool_size nodes of
   `third`, drawn without replacement once per target ("random"), or the
   block of `third` at t's position in `post` ("block": nodes
   [i * pool_size, (i + 1) * pool_size) for pool_size > 1, node
   i // (len(post) / len(third)) for pool_size 1);
3. a -> t with syn_specs["third_out"] for each pairing, and then s -> a with
   syn_specs["third_in"] (one per pairing: repeated pairings give multapses,
   as NEST).

The draws come from the kernel's keyed parameter streams (evaluate_parameter)
over the primary connections ordered by (target, source), so the
connectivity is the same for any thread count and on both backends; it is
not NEST's (other numbers), but has its distribution
(tests/python/test_tripartite.py). One MPI rank only: every rank would need
the primary connections of all ranks to draw the third_in connections.
"""

import numpy as np

from . import _state
from .errors import BadProperty, IllegalConnection, NotSupported
from .node_collection import NodeCollection

SYN_KEYS = ("primary", "third_in", "third_out")
RULE = "third_factor_bernoulli_with_pool"
_UNIFORM = {"type": "uniform", "min": 0.0, "max": 1.0}
_CHUNK = 1 << 22


def _uniforms(k, n):
    """n uniforms in [0, 1) from the kernel's keyed streams (one call per chunk)."""
    out = np.empty(n)
    for first in range(0, n, _CHUNK):
        last = min(n, first + _CHUNK)
        out[first:last] = np.asarray(k.evaluate_parameter(_UNIFORM, np.arange(1, last - first + 1, dtype=np.int64)))
    return out


def _index_below(u, n):
    """floor(u * n) in [0, n)."""
    return np.minimum((u * n).astype(np.int64), n - 1)


def _third_spec(spec, n_targets, n_third):
    """NEST's ThirdBernoulliWithPoolBuilder checks; (p, pool_size, random_pool)."""
    if not isinstance(spec, dict) or "rule" not in spec:
        raise BadProperty("third_factor_conn_spec must be a dict with a 'rule'")
    if spec["rule"] != RULE:
        raise IllegalConnection("Creation of connection is not possible because:\n"
                                f"Unknown third-factor connection rule '{spec['rule']}'.")
    p = float(spec.get("p", 1.0))
    pool_size = int(spec.get("pool_size", n_third))
    if pool_size < 1 or n_third < pool_size:
        raise BadProperty("Pool size 1 ≤ pool_size ≤ size of third-factor population required")
    pool_type = spec.get("pool_type", "random")
    if pool_type not in ("random", "block"):
        raise BadProperty("pool_type must be 'random' or 'block'")
    random_pool = pool_type == "random"
    if not 0.0 <= p <= 1.0:
        raise BadProperty("Conditional probability of third-factor connection 0 ≤ p_third_if_primary ≤ 1 required")
    if not (random_pool or n_targets * pool_size == n_third or (pool_size == 1 and n_targets % n_third == 0)):
        raise BadProperty(
            "The sizes of target and third-factor populations and the chosen pool size do not fit."
            " If pool_size == 1, the target population size must be a multiple of the third-factor"
            " population size. For pool_size > 1, size(targets) * pool_size == size(third factor)"
            " is required. For all other cases, use random pools.")
    return p, pool_size, random_pool


def _syn_specs(syn_specs):
    """NEST's normalisation: the three entries, as dicts, without lists."""
    syn_specs = dict(syn_specs) if syn_specs is not None else {}
    unknown = sorted(set(syn_specs) - set(SYN_KEYS))
    if unknown:
        raise BadProperty(f"TripartiteConnect: unknown syn_specs key(s) {unknown}; use 'primary', 'third_in', "
                          "'third_out'")
    for key in SYN_KEYS:
        if key not in syn_specs:
            syn_specs[key] = {"synapse_model": "static_synapse"}
        elif isinstance(syn_specs[key], str):
            syn_specs[key] = {"synapse_model": syn_specs[key]}
        for entry, value in syn_specs[key].items():
            if isinstance(value, (list, tuple, np.ndarray)):
                raise ValueError(f"Tripartite connections do not accept parameter lists,"
                                 f"but 'syn_specs[{key}][{entry}]' is a list or similar.")
    return syn_specs


def _random_pools(k, n_pools, pool_size, n_third):
    """n_pools rows of pool_size distinct indices into third, uniformly drawn."""
    if pool_size == n_third:
        return np.broadcast_to(np.arange(n_third), (n_pools, n_third))
    if 2 * pool_size > n_third:  # dense: the pool_size smallest of n_third keys
        keys = _uniforms(k, n_pools * n_third).reshape(n_pools, n_third)
        return np.sort(np.argsort(keys, axis=1, kind="stable")[:, :pool_size], axis=1)
    pools = _index_below(_uniforms(k, n_pools * pool_size), n_third).reshape(n_pools, pool_size)
    while True:  # rows with a repeated index are drawn again: each row is a uniform pool_size-subset
        pools.sort(axis=1)
        again = np.nonzero((pools[:, 1:] == pools[:, :-1]).any(axis=1))[0]
        if len(again) == 0:
            return pools
        pools[again] = _index_below(_uniforms(k, len(again) * pool_size), n_third).reshape(len(again), pool_size)


def _connect_grouped(k, sources, targets, syn):
    """sources[i] -> targets[i] for all i: one all_to_all per target with
    ascending distinct sources (repeated pairs in further passes)."""
    if len(sources) == 0:
        return
    order = np.lexsort((sources, targets))
    sources, targets = sources[order], targets[order]
    starts = np.flatnonzero(np.r_[True, targets[1:] != targets[:-1]])
    bounds = list(starts) + [len(targets)]
    plain = {"rule": "all_to_all"}
    for a, b in zip(bounds[:-1], bounds[1:]):
        target = targets[a:a + 1].astype(np.int64)
        srcs = sources[a:b]
        while len(srcs):
            first = np.r_[True, srcs[1:] != srcs[:-1]]
            k.connect(srcs[first].astype(np.int64), target, plain, syn)
            srcs = srcs[~first]


def connect(pre, post, third, conn_spec, third_factor_conn_spec, syn_specs):
    from .hl_api_connection_helpers import syn_spec_dict
    from .hl_api_connections import Connect

    for what, nc in (("Presynaptic", pre), ("Postsynaptic", post), ("Third-factor", third)):
        if not isinstance(nc, NodeCollection):
            raise TypeError(f"{what} nodes must be a NodeCollection")
    syn_specs = _syn_specs(syn_specs)
    p, pool_size, random_pool = _third_spec(third_factor_conn_spec, len(post), len(third))
    # Check the third-factor synapse specs before any connection is made.
    specs = {key: syn_spec_dict(syn_specs[key], {"rule": "all_to_all"}, 1, 1) for key in ("third_in", "third_out")}
    k = _state.kernel()
    if int(k.get_kernel_status().get("num_processes", 1)) > 1:
        # Each rank sees only the primary connections onto its own targets.
        raise NotSupported("TripartiteConnect runs on one MPI rank only (threads: any number)")
    primary_model = syn_specs["primary"].get("synapse_model", "static_synapse")
    before = np.asarray(k.get_connections(pre._ids, post._ids, primary_model), dtype=np.int64)
    Connect(pre, post, conn_spec, syn_specs["primary"])
    ids = np.asarray(k.get_connections(pre._ids, post._ids, primary_model), dtype=np.int64)
    if len(before):
        ids = ids[ids > before.max()]
    if len(ids) == 0 or len(third) == 0:
        return
    src = np.asarray(k.get_connection_values(ids, "source"), dtype=np.int64)
    tgt = np.asarray(k.get_connection_values(ids, "target"), dtype=np.int64)
    order = np.lexsort((src, tgt))  # thread-independent order: by target, then source
    src, tgt = src[order], tgt[order]
    paired = _uniforms(k, len(src)) < p if p < 1.0 else np.ones(len(src), dtype=bool)
    src, tgt = src[paired], tgt[paired]
    if len(src) == 0:
        return
    third_ids = np.asarray(third._ids, dtype=np.int64)
    targets, target_of = np.unique(tgt, return_inverse=True)
    if random_pool:
        pools = _random_pools(k, len(targets), pool_size, len(third_ids))
    else:
        position = {int(g): i for i, g in enumerate(np.asarray(post._ids))}
        index = np.array([position[int(t)] for t in targets], dtype=np.int64)
        first = index * pool_size if pool_size > 1 else index // (len(post) // len(third_ids))
        pools = first[:, None] + np.arange(pool_size)[None, :]
    pick = np.zeros(len(src), dtype=np.int64) if pool_size == 1 else _index_below(_uniforms(k, len(src)), pool_size)
    chosen = third_ids[pools[target_of, pick]]
    _connect_grouped(k, chosen, tgt, specs["third_out"])
    _connect_grouped(k, src, chosen, specs["third_in"])
