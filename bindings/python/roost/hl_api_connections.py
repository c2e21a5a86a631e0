# SPDX-License-Identifier: GPL-2.0-or-later
"""Connect and GetConnections."""

import numpy as np

from . import _state, _symmetric_bernoulli
from .errors import BadProperty, NESTErrors, NotSupported, TypeMismatch, UnknownModelName
from .hl_api_connection_helpers import conn_spec_dict, connect_layers_needed, spatial_conn, syn_spec_dict
from .hl_api_helper import is_integer, is_sequence, is_string
from .node_collection import NodeCollection
from .synapse_collection import SynapseCollection

__all__ = ["Connect", "GetConnections", "TripartiteConnect"]


def Connect(pre, post, conn_spec=None, syn_spec=None, return_synapsecollection=False):
    """Connect the nodes pre to the nodes post.

    conn_spec: None (all_to_all), a rule name, or a dict with 'rule' and its
    keys (indegree, outdegree, N, p, allow_autapses, allow_multapses).
    syn_spec: None (static_synapse, weight 1, delay 1 ms), a synapse model
    name, or a dict with synapse_model, weight, delay, receptor_type and
    synapse parameters; values may be numbers, arrays shaped as NEST
    requires for the rule, or nest.random Parameters.
    """
    pre, post = _lists_as_collections(pre, post, conn_spec)
    if not isinstance(pre, NodeCollection) or not isinstance(post, NodeCollection):
        if is_sequence(pre) and is_sequence(post):
            return _connect_arrays(pre, post, conn_spec, syn_spec, return_synapsecollection)
        raise TypeMismatch("Connect: pre and post must be NodeCollections")
    _state.check_epoch(pre._epoch)
    _state.check_epoch(post._epoch)
    if syn_spec is not None and not isinstance(syn_spec, (dict, str)):
        raise NotSupported(
            f"syn_spec of type {type(syn_spec).__name__} is not supported (give a dict or a model name)")
    conn = conn_spec_dict(conn_spec)
    if conn["rule"] == "one_to_one" and len(pre) != len(post):
        raise BadProperty(
            f"one_to_one needs pre and post of equal size, got {len(pre)} and {len(post)}")
    if connect_layers_needed(conn_spec, syn_spec):
        conn = spatial_conn(conn, pre, post)
    elif any(k in conn for k in ("mask", "use_on_source", "allow_oversized_mask")):
        # allow_oversized_mask alone (NEST ignores it without a mask)
        conn = {k: v for k, v in conn.items() if k not in ("use_on_source", "allow_oversized_mask")}
    syn = syn_spec_dict(syn_spec, conn, len(pre), len(post))
    if conn["rule"] == "symmetric_pairwise_bernoulli":
        if len(pre) and len(post):
            _symmetric_bernoulli.connect(pre, post, conn, syn)
        return GetConnections(pre, post) if return_synapsecollection else None
    symmetric = _take_make_symmetric(conn, syn)
    if not symmetric:
        _check_symmetric_given(pre, post, conn, syn)
    if len(pre) and len(post):
        _state.kernel().connect(pre._ids, post._ids, conn, syn)
        if symmetric:
            _state.kernel().connect(post._ids, pre._ids, conn, syn)
    if return_synapsecollection:
        return GetConnections(pre, post)
    return None


def _lists_as_collections(pre, post, conn_spec):
    """NEST's _process_input_nodes: a list of unique node ids beside a
    NodeCollection (not one_to_one) is a NodeCollection of them
    (astrocyte_brunel_*.py: Connect(list_of_ids, spike_recorder))."""
    rule = conn_spec.get("rule", "all_to_all") if isinstance(conn_spec, dict) else conn_spec
    if rule == "one_to_one" or (isinstance(pre, NodeCollection) == isinstance(post, NodeCollection)):
        return pre, post
    convert = lambda x: (NodeCollection(sorted(x)) if not isinstance(x, NodeCollection) and is_sequence(x)  # noqa: E731
                         and len(set(x)) == len(x) else x)
    return convert(pre), convert(post)


def TripartiteConnect(pre, post, third, conn_spec, third_factor_conn_spec, syn_specs=None):
    """Connect pre to post by conn_spec and pair connections with third-factor
    nodes (NEST's third_factor_bernoulli_with_pool; see _tripartite.py).
    syn_specs: {"primary": ..., "third_in": ..., "third_out": ...}, each a
    syn_spec without lists (static_synapse where missing)."""
    from . import _tripartite
    _tripartite.connect(pre, post, third, conn_spec, third_factor_conn_spec, syn_specs)


def _take_make_symmetric(conn, syn):
    """Pops conn_spec's make_symmetric; True if the reverse connections are to
    be made too (NEST: one_to_one only, with values that can be repeated)."""
    if not conn.pop("make_symmetric", False):
        return False
    if conn["rule"] != "one_to_one":
        raise NESTErrors.NotImplemented("This connection rule does not support symmetric connections.")
    if any(isinstance(v, dict) and v.get("type") != "constant" for v in syn.values()):
        raise NESTErrors.NotImplemented("Symmetric connections require parameters that can be reset.")
    return True


def _check_symmetric_given(pre, post, conn, syn):
    """NEST's REQUIRES_SYMMETRIC models (gap_junction): both directions by
    construction, i.e. make_symmetric, or one population onto itself by
    all_to_all with scalar parameters."""
    model = syn.get("synapse_model", "static_synapse")
    if not _state.kernel().get_defaults(model).get("requires_symmetric", False):
        return
    scalar = all(not isinstance(v, (dict, np.ndarray)) for v in syn.values())
    if conn["rule"] == "all_to_all" and pre == post and scalar:
        return
    raise BadProperty(
        "Connections with this synapse model can only be created as one-to-one connections with "
        "\"make_symmetric\" set to true or as all-to-all connections with equal source and target "
        "populations and default or scalar parameters.")


def _connect_arrays(pre, post, conn_spec, syn_spec, return_synapsecollection):
    """NEST's connect_arrays: pre[i] -> post[i] for explicit id arrays."""
    pre = np.asarray(pre)
    post = np.asarray(post)
    if pre.ndim != 1 or post.ndim != 1 or pre.dtype.kind not in "iu" or post.dtype.kind not in "iu":
        raise TypeMismatch("Connect with arrays needs flat integer arrays of node ids")
    if len(pre) != len(post):
        raise BadProperty("Connect with arrays needs pre and post of equal length")
    rule = conn_spec_dict(conn_spec)["rule"] if conn_spec is not None else "one_to_one"
    if rule != "one_to_one":
        raise BadProperty("Connect with arrays of node ids only supports the one_to_one rule")
    syn = syn_spec_dict(syn_spec, {"rule": "one_to_one"}, len(pre), len(post))
    k = _state.kernel()
    # The kernel takes strictly ascending id lists: cut the pairs into such runs.
    start = 0
    n = len(pre)
    while start < n:
        end = start + 1
        while end < n and pre[end] > pre[end - 1] and post[end] > post[end - 1]:
            end += 1
        part = {key: (v[start:end] if isinstance(v, np.ndarray) else v) for key, v in syn.items()}
        k.connect(pre[start:end].astype(np.int64), post[start:end].astype(np.int64),
                  {"rule": "one_to_one"}, part)
        start = end
    if return_synapsecollection:
        return GetConnections(NodeCollection(np.unique(pre)), NodeCollection(np.unique(post)))
    return None


def GetConnections(source=None, target=None, synapse_model=None, synapse_label=None):
    """The connections from source, to target, of synapse_model (each optional)."""
    for name, nc in (("source", source), ("target", target)):
        if nc is not None and not isinstance(nc, NodeCollection):
            raise TypeMismatch(f"GetConnections: {name} must be a NodeCollection")
        if nc is not None:
            _state.check_epoch(nc._epoch)
    if synapse_label is not None and not is_integer(synapse_label):
        raise TypeMismatch("GetConnections: synapse_label must be an integer")
    k = _state.kernel()
    if synapse_model is not None:
        if not is_string(synapse_model):
            raise TypeMismatch("GetConnections: synapse_model must be a model name")
        if synapse_model not in k.models():
            raise UnknownModelName(f"'{synapse_model}' is not a known synapse model")
    if (source is not None and not source) or (target is not None and not target):
        return SynapseCollection()
    ids = k.get_connections(None if source is None else source._ids,
                            None if target is None else target._ids,
                            synapse_model)
    if synapse_label is not None:
        ids = _with_label(k, np.asarray(ids, dtype=np.int64), int(synapse_label))
    return SynapseCollection(ids)


def _with_label(k, ids, label):
    """The connections of labelled (_lbl) models that carry `label`."""
    if len(ids) == 0:
        return ids
    model_ids = np.asarray(k.get_connection_values(ids, "synapse_id"))
    keep = np.zeros(len(ids), dtype=bool)
    for model_id in np.unique(model_ids):
        sel = np.nonzero(model_ids == model_id)[0]
        name = k.get_connection_values(ids[sel[:1]], "synapse_model")[0]
        if "synapse_label" not in k.get_defaults(name):
            continue
        labels = np.asarray(k.get_connection_values(ids[sel], "synapse_label"))
        keep[sel[labels == label]] = True
    return ids[keep]
