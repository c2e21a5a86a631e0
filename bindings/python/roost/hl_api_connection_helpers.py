# SPDX-License-Identifier: GPL-2.0-or-later
"""Turning Connect's conn_spec and syn_spec into the dicts of the binding
contract, with the type and shape checks that need Python-side knowledge."""

import numpy as np

from .errors import BadProperty, IllegalConnection, TypeMismatch
from .hl_api_helper import is_integer, is_number, is_sequence, is_string, to_python
from .node_collection import NodeCollection
from .parameters import Parameter

_INT_KEYS = ("indegree", "outdegree", "N")
_BOOL_KEYS = ("allow_autapses", "allow_multapses", "make_symmetric")
_SPATIAL_KEYS = ("mask", "use_on_source", "allow_oversized_mask")
_SPATIAL_RULES = ("pairwise_bernoulli", "fixed_indegree", "fixed_outdegree")
_ARRAY_KEYS_NOTE = "weight, delay, receptor_type and synapse parameters"


def conn_spec_dict(conn_spec):
    """conn_spec (None, rule string or dict) -> contract dict."""
    if conn_spec is None:
        return {"rule": "all_to_all"}
    if is_string(conn_spec):
        return {"rule": conn_spec}
    if not isinstance(conn_spec, dict):
        raise TypeMismatch(
            f"conn_spec must be a rule name or a dict, not {type(conn_spec).__name__}")
    if "rule" not in conn_spec:
        raise BadProperty("conn_spec needs a 'rule' (e.g. {'rule': 'fixed_indegree', 'indegree': 10})")
    out = {}
    for key, value in conn_spec.items():
        if key == "mask":
            out[key] = _mask_dict(value)
        elif key in ("use_on_source", "allow_oversized_mask"):
            if not isinstance(value, (bool, np.bool_)) and value not in (0, 1):
                raise TypeMismatch(f"conn_spec '{key}' must be True or False, got {value!r}")
            out[key] = bool(value)
        elif key == "rule":
            if not is_string(value):
                raise TypeMismatch("conn_spec 'rule' must be a string")
            out[key] = value
        elif key in _INT_KEYS:
            if not is_integer(value):
                raise TypeMismatch(f"conn_spec '{key}' must be an integer, got {value!r}")
            out[key] = int(value)
        elif key in _BOOL_KEYS:
            if not isinstance(value, (bool, np.bool_)) and value not in (0, 1):
                raise TypeMismatch(f"conn_spec '{key}' must be True or False, got {value!r}")
            out[key] = bool(value)
        elif isinstance(value, Parameter):
            out[key] = value.spec()
        elif is_number(value):
            out[key] = float(value) if key == "p" else to_python(value)
        elif is_string(value):
            out[key] = value
        else:
            raise TypeMismatch(f"conn_spec '{key}': unsupported value of type {type(value).__name__}")
    return out


def array_shape(conn, n_pre, n_post):
    """The shape NEST requires for per-connection arrays under this rule."""
    rule = conn["rule"]
    if rule == "one_to_one":
        return (n_pre,)
    if rule == "all_to_all":
        return (n_post, n_pre)
    if rule == "fixed_indegree" and "indegree" in conn:
        return (n_post, conn["indegree"])
    if rule == "fixed_outdegree" and "outdegree" in conn:
        return (n_pre, conn["outdegree"])
    if rule == "fixed_total_number" and "N" in conn:
        return (conn["N"],)
    raise BadProperty(f"rule '{rule}' does not take arrays of synapse parameters")


def _array(key, value, shape):
    arr = np.asarray(value)
    if arr.dtype.kind not in "biuf":
        raise TypeMismatch(f"syn_spec '{key}': array values must be numbers")
    arr = arr.astype(np.float64)
    if arr.shape != shape:
        # One source or one target: a flat list is unambiguous.
        if len(shape) == 2 and arr.ndim == 1 and arr.size == shape[0] * shape[1] and 1 in shape:
            arr = arr.reshape(shape)
        else:
            raise BadProperty(
                f"syn_spec '{key}': array of shape {arr.shape} does not fit; this rule "
                f"needs shape {shape}")
    return np.ascontiguousarray(arr)


def syn_spec_dict(syn_spec, conn, n_pre, n_post):
    """syn_spec (None, model name or dict) -> contract dict."""
    if syn_spec is None:
        return {}
    if is_string(syn_spec):
        return {"synapse_model": syn_spec}
    if not isinstance(syn_spec, dict):
        raise TypeMismatch(
            f"syn_spec must be a synapse model name or a dict, not {type(syn_spec).__name__}")
    out = {}
    for key, value in syn_spec.items():
        if not is_string(key):
            raise TypeMismatch(f"syn_spec keys must be strings, got {key!r}")
        if key == "synapse_model":
            if not is_string(value):
                raise TypeMismatch("syn_spec 'synapse_model' must be a model name (string)")
            out[key] = value
        elif isinstance(value, Parameter):
            out[key] = value.spec()
        elif isinstance(value, NodeCollection):
            if len(value) != 1:
                raise BadProperty(f"syn_spec '{key}' expects a single node")
            out[key] = int(value.tolist()[0])
        elif isinstance(value, dict):
            raise TypeMismatch(
                f"syn_spec '{key}': a dict is not a valid value (NEST 2 'distribution' "
                "dicts are replaced by nest.random Parameters, e.g. nest.random.normal(...))")
        elif is_sequence(value):
            out[key] = _array(key, value, array_shape(conn, n_pre, n_post))
        elif is_number(value) and not isinstance(value, (bool, np.bool_)):
            out[key] = float(value)
        elif key in ("weight", "delay", "receptor_type"):
            raise TypeMismatch(
                f"syn_spec '{key}' must be a number, an array or a Parameter, got {value!r}")
        else:
            out[key] = to_python(value)
    return out


def _mask_dict(mask):
    """A conn_spec 'mask': NEST's dict form or a nest.CreateMask object."""
    from .masks import Mask
    if isinstance(mask, Mask):
        return mask._spec
    if not isinstance(mask, dict):
        raise TypeMismatch(f"conn_spec 'mask' must be a dict or a Mask, not {type(mask).__name__}")
    return {k: (dict(v) if isinstance(v, dict) else (list(v) if is_sequence(v) else v))
            for k, v in mask.items()}


def spec_is_spatial(spec):
    """True if a Parameter spec dict holds a spatial leaf."""
    if not isinstance(spec, dict):
        return False
    t = spec.get("type")
    if isinstance(t, str) and t.startswith("spatial_"):
        return True
    return any(spec_is_spatial(v) for v in spec.values() if isinstance(v, dict))


def _is_spatial_value(value):
    return isinstance(value, Parameter) and spec_is_spatial(value.spec())


def connect_layers_needed(conn_spec, syn_spec):
    """NEST's _connect_layers_needed: whether Connect must generate spatially."""
    if isinstance(conn_spec, dict):
        if any(_is_spatial_value(v) for v in conn_spec.values()):
            return True
        rule_is_bernoulli = "pairwise_bernoulli" in str(conn_spec.get("rule"))
        if "mask" in conn_spec or ("p" in conn_spec and not rule_is_bernoulli) or "use_on_source" in conn_spec:
            return True
    if isinstance(syn_spec, dict):
        if any(_is_spatial_value(v) for v in syn_spec.values()):
            return True
    return False


def spatial_conn(conn, pre, post):
    """Moves the spatial keys of conn into conn['spatial'] (contract C), with
    NEST's checks of the rule and the layers (NEST raises ValueError and
    TypeError; IllegalConnection and TypeMismatch are both those and NESTErrors)."""
    from . import _layers
    rule = conn.get("rule")
    if rule not in _SPATIAL_RULES:
        raise IllegalConnection("When using kernel or mask, the only possible connection rules are "
                         "'pairwise_bernoulli', 'fixed_indegree', or 'fixed_outdegree'")
    if "N" in conn:
        raise IllegalConnection("'N' is not allowed in conn_spec when connecting with mask or kernel")
    source = _layers.geometry(pre)
    if source is None:
        raise TypeMismatch("Presynaptic NodeCollection must have spatial information")
    target = _layers.geometry(post)
    if target is None:
        raise TypeMismatch("Postsynaptic NodeCollection must have spatial information")
    out = {k: v for k, v in conn.items() if k not in _SPATIAL_KEYS}
    spatial = {"source": source, "target": target,
               "use_on_source": bool(conn.get("use_on_source", False)),
               "allow_oversized_mask": bool(conn.get("allow_oversized_mask", False))}
    if "mask" in conn:
        spatial["mask"] = conn["mask"]
    out["spatial"] = spatial
    return out
