# SPDX-License-Identifier: GPL-2.0-or-later
"""The legacy (NEST <= 3.x) status functions GetStatus and SetStatus."""

from . import _node_params
from .errors import TypeMismatch
from .hl_api_helper import is_sequence, is_string, to_json
from .node_collection import NodeCollection
from .synapse_collection import SynapseCollection

__all__ = ["GetNodes", "GetStatus", "SetStatus"]


def _check(nodes):
    if not isinstance(nodes, (NodeCollection, SynapseCollection)):
        raise TypeMismatch("expected a NodeCollection or a SynapseCollection")


def GetStatus(nodes, keys=None, output=""):
    """Always a tuple with one entry per node/connection: the status dict
    (keys None), the value (keys a string) or a tuple of values (keys a list)."""
    _check(nodes)
    if len(nodes) == 0:
        return "[]" if output == "json" else ()
    if keys is not None and not is_string(keys) and not is_sequence(keys):
        raise TypeMismatch("keys must be a string or a list of strings")
    if isinstance(nodes, SynapseCollection):
        if keys is None:
            result = tuple(c.get() for c in nodes)
        elif is_string(keys):
            data = nodes.get(keys)
            result = (data,) if len(nodes) == 1 else tuple(data)
        else:
            data = nodes.get(list(keys))
            result = tuple(tuple((data[k] if len(nodes) == 1 else data[k][i]) for k in keys)
                           for i in range(len(nodes)))
    elif keys is None:
        result = tuple(_node_params.get_dicts(nodes._lookup(), nodes._ids))
    elif is_string(keys):
        data = nodes.get(keys)
        result = (data,) if len(nodes) == 1 else tuple(data)
    else:
        data = nodes.get(list(keys))
        result = tuple(tuple((data[k] if len(nodes) == 1 else data[k][i]) for k in keys)
                       for i in range(len(nodes)))
    return to_json(result) if output == "json" else result


def SetStatus(nodes, params, val=None):
    """``SetStatus(nodes, dict)``, ``SetStatus(nodes, [dict per node])`` or
    ``SetStatus(nodes, key, value)`` (value a scalar or one per node)."""
    _check(nodes)
    if val is not None:
        if not is_string(params):
            raise TypeMismatch("SetStatus(nodes, key, value) needs a parameter name")
        params = {params: val}
    if not isinstance(params, (dict, list, tuple)):
        raise TypeMismatch("SetStatus takes a dict or a list of dicts")
    nodes.set(params)


def GetNodes(properties=None, local_only=False):
    """All nodes whose status matches every entry of `properties` exactly
    (``{"model": "iaf_psc_alpha", "V_m": -70.0}``), as one NodeCollection;
    with local_only, only the nodes this process holds."""
    from . import _state
    from .errors import BadProperty
    from .hl_api_helper import to_python
    import numpy as np
    if properties is None:
        properties = {}
    if not isinstance(properties, dict):
        raise TypeMismatch("GetNodes: properties must be a dict")
    size = _state.kernel().get_kernel_status()["network_size"]
    if size == 0:
        return NodeCollection([])
    nodes = NodeCollection._from_ids(np.arange(1, size + 1, dtype=np.int64))
    keep = np.ones(size, dtype=bool)
    if local_only:
        keep &= np.asarray(nodes.get("local") if size > 1 else [nodes.get("local")], dtype=bool)
    for key, wanted in properties.items():
        if not is_string(key):
            raise BadProperty(f"GetNodes: property names must be strings, got {key!r}")
        for i, node in enumerate(nodes):
            if keep[i]:
                status = node.get()
                keep[i] = key in status and to_python(status[key]) == to_python(wanted)
    return NodeCollection._from_ids(nodes._ids[keep])
