# SPDX-License-Identifier: GPL-2.0-or-later
"""NEST's symmetric_pairwise_bernoulli rule.

Each target t draws an indegree k ~ Binomial(n_sources, p) (redrawn while
k == n_sources) and picks k distinct sources other than itself; every picked
pair is connected both ways (s -> t and t -> s), so a pair picked from both
ends gets two connections each way, as in NEST (which requires multapses).

The random numbers come from the kernel's keyed parameter streams
(evaluate_parameter), the same for any thread count, rank count and backend;
every rank makes the same choices and stores its own part of the connections.
"""

import numpy as np

from . import _state
from .errors import BadProperty, NESTErrors

_UNIFORM = {"type": "uniform", "min": 0.0, "max": 1.0}
_CHUNK = 1 << 22  # uniforms per kernel call


def _uniform_rows(k, n_rows, n_cols):
    """n_rows x n_cols uniforms from the kernel's keyed streams."""
    out = np.empty((n_rows, n_cols))
    rows_per_call = max(1, _CHUNK // max(n_cols, 1))
    for first in range(0, n_rows, rows_per_call):
        last = min(n_rows, first + rows_per_call)
        keys = np.arange(1, (last - first) * n_cols + 1, dtype=np.int64)
        out[first:last] = np.asarray(k.evaluate_parameter(_UNIFORM, keys)).reshape(last - first, n_cols)
    return out


def check(conn):
    """NEST's SymmetricBernoulliBuilder checks, with its messages."""
    p = conn.get("p")
    if p is None:
        raise BadProperty("symmetric_pairwise_bernoulli: conn_spec requires 'p'")
    if isinstance(p, dict):
        raise BadProperty("symmetric_pairwise_bernoulli: 'p' must be a number")
    if not 0.0 <= p < 1.0:
        raise BadProperty("Connection probability 0 <= p < 1 required.")
    if not conn.get("allow_multapses", True):
        raise BadProperty("Multapses must be enabled.")
    if conn.get("allow_autapses", True):
        raise BadProperty("Autapses must be disabled.")
    if not conn.get("make_symmetric", False):
        raise BadProperty("Symmetric connections must be enabled.")


def connect(pre, post, conn, syn):
    """Draw and make the connections of one symmetric_pairwise_bernoulli Connect."""
    check(conn)
    if any(isinstance(v, dict) and v.get("type") != "constant" for v in syn.values()):
        raise NESTErrors.NotImplemented("Symmetric connections require parameters that can be reset.")
    if any(isinstance(v, np.ndarray) for v in syn.values()):
        raise BadProperty("symmetric_pairwise_bernoulli does not take arrays of synapse parameters")
    k = _state.kernel()
    sources, targets = pre._ids, post._ids
    n_s, n_t = len(sources), len(targets)
    p = float(conn["p"])
    # Indegrees: Binomial(n_s, p) as the number of n_s uniforms below p.
    indegree = (_uniform_rows(k, n_t, n_s) < p).sum(axis=1)
    while True:
        full = np.nonzero(indegree >= n_s)[0]
        if len(full) == 0:
            break
        indegree[full] = (_uniform_rows(k, len(full), n_s) < p).sum(axis=1)
    # The k sources of each target: its k smallest keys among the sources
    # other than itself (a uniformly random k-subset).
    keys = _uniform_rows(k, n_t, n_s)
    keys[sources[None, :] == targets[:, None]] = np.inf
    order = np.argsort(keys, axis=1, kind="stable")
    picked_t = np.repeat(np.arange(n_t), indegree)
    picked_s = np.concatenate([order[t, :indegree[t]] for t in range(n_t)]) if n_t else np.zeros(0, int)
    pairs = np.concatenate([
        np.stack([sources[picked_s], targets[picked_t]], axis=1),
        np.stack([targets[picked_t], sources[picked_s]], axis=1),
    ]) if len(picked_t) else np.zeros((0, 2), dtype=np.int64)
    # One kernel Connect per target node: all_to_all from its (ascending) sources,
    # repeated for pairs picked from both ends.
    plain = {"rule": "all_to_all"}
    pairs = pairs[np.lexsort((pairs[:, 0], pairs[:, 1]))]
    starts = np.flatnonzero(np.r_[True, pairs[1:, 1] != pairs[:-1, 1]]) if len(pairs) else []
    bounds = list(starts) + [len(pairs)]
    for a, b in zip(bounds[:-1], bounds[1:]):
        target = pairs[a:a + 1, 1].astype(np.int64)
        srcs = pairs[a:b, 0]
        while len(srcs):
            first = np.r_[True, srcs[1:] != srcs[:-1]]
            k.connect(srcs[first].astype(np.int64), target, plain, syn)
            srcs = srcs[~first]
