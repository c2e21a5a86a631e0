# SPDX-License-Identifier: GPL-2.0-or-later
"""The legacy (NEST <= 3.x) status functions GetStatus and SetStatus."""

from . import _node_params
from .errors import TypeMismatch
from .hl_api_helper import is_sequence, is_string, to_json
from .node_collection import NodeCollection
from .synapse_collection import SynapseCollection

__all__ = ["GetStatus", "SetStatus"]


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
