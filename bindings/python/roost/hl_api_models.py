# SPDX-License-Identifier: GPL-2.0-or-later
"""Models: listing, defaults, copies."""

from . import _state
from ._node_params import convert_model_params
from .errors import TypeMismatch, UnknownParameter
from .hl_api_helper import is_key_collection, is_string, to_json

__all__ = ["Models", "GetDefaults", "SetDefaults", "CopyModel", "node_models", "synapse_models"]


def _element_types():
    k = _state.kernel()
    return {m: k.get_defaults(m).get("element_type") for m in k.models()}


def node_models():
    """Names of all node models (neurons and devices), sorted."""
    return tuple(m for m, t in _element_types().items() if t != "synapse")


def synapse_models():
    """Names of all synapse models, sorted."""
    return tuple(m for m, t in _element_types().items() if t == "synapse")


def Models(mtype="all", sel=None):
    """Model names: mtype 'all', 'nodes' or 'synapses'; sel keeps names containing it."""
    if mtype == "all":
        names = tuple(_state.kernel().models())
    elif mtype == "nodes":
        names = node_models()
    elif mtype == "synapses":
        names = synapse_models()
    else:
        raise UnknownParameter(f"mtype must be 'all', 'nodes' or 'synapses', not {mtype!r}")
    if sel is not None:
        names = tuple(n for n in names if sel in n)
    return tuple(sorted(names))


def _check_model(model):
    if not is_string(model):
        raise TypeMismatch(f"a model name must be a string, not {type(model).__name__}")


def GetDefaults(model, keys=None, output=""):
    """Defaults of a model: dict, one value (keys a string) or a tuple of values."""
    _check_model(model)
    d = _state.kernel().get_defaults(model)
    if keys is None:
        result = d
    elif is_string(keys):
        if keys not in d:
            raise UnknownParameter(f"model '{model}' has no parameter '{keys}'")
        result = d[keys]
    elif is_key_collection(keys):
        keys = list(keys)
        missing = [k for k in keys if k not in d]
        if missing:
            raise UnknownParameter(f"model '{model}' has no parameter '{missing[0]}'")
        result = tuple(d[k] for k in keys)
    else:
        raise TypeMismatch("keys must be a string or a list of strings")
    return to_json(result) if output == "json" else result


def SetDefaults(model, params, val=None):
    """Change the defaults used by later Create/Connect: ``SetDefaults(m, dict)``
    or ``SetDefaults(m, key, value)``."""
    _check_model(model)
    if val is not None:
        if not is_string(params):
            raise TypeMismatch("SetDefaults(model, key, value) needs a parameter name")
        params = {params: val}
    if not isinstance(params, dict):
        raise TypeMismatch("SetDefaults takes a dict of parameters")
    _state.kernel().set_defaults(model, convert_model_params(params))


def CopyModel(existing, new, params=None):
    """Register `new` as a copy of `existing`, with params changed."""
    _check_model(existing)
    _check_model(new)
    if params is not None and not isinstance(params, dict):
        raise TypeMismatch("CopyModel params must be a dict")
    _state.kernel().copy_model(existing, new, convert_model_params(params or {}))
