# SPDX-License-Identifier: GPL-2.0-or-later
"""Disconnect: NEST's removal of connections.

``Disconnect(pre, post, conn_spec="one_to_one", syn_spec="static_synapse")``
removes, for every pair the rule names (one_to_one: pre[i] -> post[i];
all_to_all: every pre -> post), the first connection of that synapse model;
``Disconnect(synapse_collection)`` and ``SynapseCollection.disconnect()``
remove the given connections. A pair without such a connection raises
InexistentConnection and nothing is removed. Connection ids after the removed
ones shift down; a SynapseCollection obtained before finds its connections
again (and raises if it holds a removed one).
"""

import numpy as np

from . import _state
from .errors import BadProperty, KernelException, NESTErrors, TypeMismatch
from .hl_api_helper import is_string
from .node_collection import NodeCollection
from .synapse_collection import SynapseCollection

__all__ = ["Disconnect"]

_MISSING = "Deletion of connection is not possible because it does not exist."


def Disconnect(*args, conn_spec=None, syn_spec=None):
    """Remove connections: a SynapseCollection, or pre -> post by rule and synapse model."""
    if len(args) == 1:
        collection = args[0]
        if not isinstance(collection, SynapseCollection):
            raise TypeError("Arguments must be either a SynapseCollection or two NodeCollections")
        if conn_spec is not None or syn_spec is not None:
            raise ValueError("When disconnecting with a SynapseCollection, conn_spec and syn_spec cannot be specified")
        collection.disconnect()
        return
    if len(args) != 2:
        raise TypeError("Arguments must be either a SynapseCollection or two NodeCollections")
    pre, post = args
    if not isinstance(pre, NodeCollection) or not isinstance(post, NodeCollection):
        raise TypeError("Arguments must be either a SynapseCollection or two NodeCollections")
    _state.check_epoch(pre._epoch)
    _state.check_epoch(post._epoch)
    rule = _rule(conn_spec)
    model = _model(syn_spec)
    k = _state.kernel()
    if model not in k.models():
        raise NESTErrors.UnknownSynapseType(f"'{model}' is not a synapse model")
    if rule == "one_to_one":
        if len(pre) != len(post):
            raise BadProperty("one_to_one: pre and post must have the same size")
        wanted_s, wanted_t = pre._ids, post._ids
    else:
        wanted_s = np.repeat(pre._ids, len(post))
        wanted_t = np.tile(post._ids, len(pre))
    ids = np.asarray(k.get_connections(pre._ids, post._ids, model), dtype=np.int64)
    found, missing = _first_of_each_pair(k, ids, wanted_s, wanted_t, post)
    elements = _synaptic_elements(k, syn_spec, model)
    freed = [np.asarray(k.get_connection_values(found, end), dtype=np.int64) for end in ("source", "target")] \
        if elements else None
    remove_connections(found, missing)
    if freed is not None:
        # As NEST: each removed connection frees its elements at both ends
        # (every rank calls this: sources may be held by other ranks).
        k.bind_elements(freed[0], freed[1], elements[0] or "", elements[1] or "", -1)


def _synaptic_elements(k, syn_spec, model):
    """(pre, post) element names that the connections bind: named in syn_spec,
    else those of the structural plasticity rule for this synapse model."""
    if isinstance(syn_spec, dict) and ("pre_synaptic_element" in syn_spec or "post_synaptic_element" in syn_spec):
        return syn_spec.get("pre_synaptic_element"), syn_spec.get("post_synaptic_element")
    for rule in k.get_kernel_status()["structural_plasticity_synapses"].values():
        if rule["synapse_model"] == model:
            return rule["pre_synaptic_element"], rule["post_synaptic_element"]
    return None


def remove_connections(ids, missing=False):
    """Remove connection ids of this rank (all ranks call this together)."""
    ids = np.unique(np.asarray(ids, dtype=np.int64))
    try:
        _state.kernel().disconnect(ids, bool(missing))
    except KernelException as error:
        if "InexistentConnection" in str(error):
            raise NESTErrors.InexistentConnection(_MISSING) from None
        raise
    _state.removed_connections.append(ids)
    _state.connection_epoch += 1


def _rule(conn_spec):
    if conn_spec is None:
        return "one_to_one"
    rule = conn_spec if is_string(conn_spec) else dict(conn_spec).get("rule") if isinstance(conn_spec, dict) else None
    if rule is None:
        raise TypeMismatch("conn_spec must be a rule name or a dict with 'rule'")
    if rule not in ("one_to_one", "all_to_all"):
        raise BadProperty(f"Disconnect supports the rules one_to_one and all_to_all, not '{rule}'")
    return rule


def _model(syn_spec):
    if syn_spec is None:
        return "static_synapse"
    if is_string(syn_spec):
        return syn_spec
    if isinstance(syn_spec, dict):
        if syn_spec and "synapse_model" not in syn_spec:
            raise BadProperty("Disconnect: a non-empty syn_spec must name its 'synapse_model'")
        return syn_spec.get("synapse_model", "static_synapse")
    raise TypeMismatch("syn_spec must be a synapse model name or a dict")


def _first_of_each_pair(k, ids, wanted_s, wanted_t, post):
    """The lowest connection id of each wanted (source, target) pair, and
    whether a pair onto a node of this rank has none."""
    if len(ids):
        keys = (np.asarray(k.get_connection_values(ids, "source"), dtype=np.int64) << 32) | \
            np.asarray(k.get_connection_values(ids, "target"), dtype=np.int64)
        order = np.lexsort((ids, keys))
        keys, ids = keys[order], ids[order]
    else:
        keys = np.zeros(0, dtype=np.int64)
    wanted = (np.asarray(wanted_s, dtype=np.int64) << 32) | np.asarray(wanted_t, dtype=np.int64)
    at = np.searchsorted(keys, wanted)
    hit = at < len(keys)
    hit[hit] = keys[at[hit]] == wanted[hit]
    found = ids[at[hit]]
    missing_pairs = ~hit
    if missing_pairs.any() and _state.kernel().get_kernel_status()["num_processes"] > 1:
        local = dict(zip(post.tolist(), np.atleast_1d(post.get("local"))))
        missing_pairs &= np.array([bool(local[int(t)]) for t in wanted_t])
    return found, bool(missing_pairs.any())
