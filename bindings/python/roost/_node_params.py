# SPDX-License-Identifier: GPL-2.0-or-later
"""Reading and writing node parameters: the machinery behind
``NodeCollection.get/set``, ``Create(..., params)`` and ``GetStatus/SetStatus``.

Writes are checked completely in Python (names, types, lengths) before the
kernel is touched. One numeric field goes through the vectorised
``k.set_values`` (all-or-nothing in the kernel); everything else is one dict
per node through ``k.set_status``, so that interdependent fields (E_L, V_th,
V_reset ...) are applied together as in NEST, and the nodes already changed
are restored if a later node refuses its dict.
"""

import numpy as np

from ._lookup import NUMERIC_KINDS
from .errors import (BadProperty, NESTError, KernelException, TypeMismatch,
                     UnknownParameter)
from .hl_api_helper import is_integer, is_number, is_sequence, to_python
from .parameters import Parameter

# Fields that must not go through the vectorised setter or be restored.
_PER_NODE_ONLY = {"n_events"}
_NO_ROLLBACK = {"n_events"}
# cm_default's tree entries: a list of dicts or one dict for every node (NEST).
CM_KEYS = {"compartments", "add_compartments", "receptors", "add_receptors"}


# ---------------------------------------------------------------- reading

def get_key(lk, ids, key):
    """Per-node values of one field, as a list in the order of ids."""
    k = lk.k
    if key == "global_id":
        return [int(i) for i in ids]
    groups = lk.group(ids)
    if key == "model":
        return [m for m in lk.models_of(ids)]
    if key == "events":
        for model, _, _ in groups:
            if lk.defaults(model).get("element_type") != "recorder":
                raise UnknownParameter(f"'events': model '{model}' is not a recorder")
        return [k.get_events(int(g)) for g in ids]
    kinds = [lk.require_kind(model, key, gids[0]) for model, gids, _ in groups]
    if all(kd in NUMERIC_KINDS for kd in kinds):
        try:
            values = np.asarray(k.get_values(np.asarray(ids, dtype=np.int64), key))
        except (UnknownParameter, KernelException, TypeMismatch):
            values = None
        if values is not None:
            out = [None] * len(ids)
            for (model, gids, pos), kd in zip(groups, kinds):
                conv = bool if kd == "bool" else (int if kd == "int" else float)
                for p in pos:
                    out[p] = conv(values[p])
            return out
    out = []
    for g in ids:
        status = lk.status(g)
        if key not in status:
            raise UnknownParameter(f"node {int(g)} has no parameter '{key}'")
        out.append(status[key])
    return out


def get_dicts(lk, ids):
    """Full status dict of every node."""
    return [dict(lk.status(g)) for g in ids]


# ---------------------------------------------------------------- checking

def _check_scalar(key, kind, value):
    """Validate one value for a field of the given kind; return it converted."""
    if isinstance(value, Parameter):
        raise TypeMismatch(f"'{key}': a Parameter is only allowed where one value per node is meant")
    if kind in NUMERIC_KINDS:
        if not is_number(value):
            raise TypeMismatch(f"'{key}' expects a number, got {type(value).__name__} {value!r}")
        if kind == "bool":
            return bool(value)
        if kind == "int":
            if not float(value).is_integer():
                raise TypeMismatch(f"'{key}' expects an integer, got {value!r}")
            return int(value)
        return float(value)
    if kind == "str":
        if not isinstance(value, str):
            raise TypeMismatch(f"'{key}' expects a string, got {type(value).__name__}")
        return value
    if kind == "array":
        if isinstance(value, (str, dict)) or not (is_sequence(value) or value is None):
            raise TypeMismatch(f"'{key}' expects a list, got {type(value).__name__} {value!r}")
        return list(to_python(list(value))) if value is not None else []
    if kind == "dict":
        if not isinstance(value, dict):
            raise TypeMismatch(f"'{key}' expects a dict, got {type(value).__name__}")
        return value
    return to_python(value)


def _is_nested(value):
    return len(value) > 0 and all(is_sequence(v) for v in value)


def plan_columns(lk, ids, params):
    """Check a {key: value} dict for the nodes ids.

    Returns {key: (mode, value, kind)} with mode 'all' (same value for every
    node), 'each' (one value per node, a list) or 'param' (a Parameter to be
    evaluated per node). Raises before anything is changed.
    """
    n = len(ids)
    groups = lk.group(ids)
    plan = {}
    for key, value in params.items():
        if not isinstance(key, str):
            raise TypeMismatch(f"parameter names must be strings, got {key!r}")
        if key in CM_KEYS and not isinstance(value, Parameter):
            plan[key] = ("all", value, "object")  # cm_default's tree entries, checked by roost/_cm.py
            continue
        kinds = [lk.require_kind(model, key, gids[0]) for model, gids, _ in groups]
        kind = kinds[0]
        if isinstance(value, Parameter):
            if not all(kd in ("int", "float") for kd in kinds):
                raise TypeMismatch(f"'{key}' cannot be set from a Parameter (not a number field)")
            plan[key] = ("param", value, kind)
        elif kind == "array":
            if is_sequence(value) and len(value) == n and _is_nested(value) and n > 1:
                plan[key] = ("each", [_check_scalar(key, kind, v) for v in value], kind)
            else:
                plan[key] = ("all", _check_scalar(key, kind, value), kind)
        elif is_sequence(value):
            if len(value) < n:
                raise BadProperty(
                    f"'{key}': got {len(value)} values for {n} nodes "
                    "(give one value, or one per node)")
            # As NEST: node i takes value i, so a longer sequence gives its first n values.
            value = value[:n]
            arr = np.asarray(value) if kind in NUMERIC_KINDS else None
            if arr is not None and arr.dtype.kind in "biuf":
                if arr.ndim != 1:
                    raise BadProperty(f"'{key}': per-node values must be a 1-D sequence")
                if kind == "int" and not np.all(np.mod(arr, 1) == 0):
                    raise TypeMismatch(f"'{key}' expects integers")
                plan[key] = ("each", arr.astype(np.float64), kind)
            else:
                plan[key] = ("each", [_check_scalar(key, kind, v) for v in value], kind)
        else:
            plan[key] = ("all", _check_scalar(key, kind, value), kind)
    return plan


def _evaluate(k, spec, ids, positions):
    """A Parameter's value per node; a spatial one (nest.spatial.pos.x ...) needs
    the nodes' positions (contract: k.evaluate_parameter(spec, ids, positions))."""
    from . import _spatial_eval
    if not _spatial_eval.is_spatial(spec):
        return np.asarray(k.evaluate_parameter(spec, ids), dtype=np.float64)
    if positions is None:
        raise KernelException("Node position parameter can only be used when connecting "
                              "spatially distributed nodes.")
    try:
        return np.asarray(k.evaluate_parameter(spec, ids, positions=positions), dtype=np.float64)
    except TypeError:
        pass  # a kernel binding without positions: evaluate on the Python side
    except BadProperty as err:
        if "Unknown parameter type" not in str(err):
            raise

    def draw(leaf, n):
        return np.asarray(k.evaluate_parameter(leaf, ids), dtype=np.float64)
    ctx = _spatial_eval.Context(len(ids), node=np.asarray(positions, dtype=np.float64), draw=draw)
    return _spatial_eval.evaluate(spec, ctx)


def check_dicts(lk, ids, dicts):
    """Check a list with one dict per node; return the converted dicts."""
    if len(dicts) != len(ids):
        raise TypeMismatch(
            f"got {len(dicts)} parameter dicts for {len(ids)} nodes (need one per node)")
    models = lk.models_of(ids)
    out = []
    for gid, model, d in zip(ids, models, dicts):
        if not isinstance(d, dict):
            raise TypeMismatch(f"expected a dict per node, got {type(d).__name__}")
        conv = {}
        for key, value in d.items():
            kind = lk.require_kind(model, key, gid)
            conv[key] = _check_scalar(key, kind, value)
        out.append(conv)
    return out


# ---------------------------------------------------------------- writing

def apply_plan(lk, ids, plan, positions=None):
    """Apply a plan made by plan_columns. positions: (n, dim) positions of the
    nodes when they form (part of) a spatial layer (for nest.spatial.pos)."""
    if not plan:
        return
    k = lk.k
    ids = np.asarray(ids, dtype=np.int64)
    columns = {}
    for key, (mode, value, kind) in plan.items():
        if mode == "param":
            drawn = _evaluate(k, value._spec, ids, positions)
            if kind == "int":
                drawn = np.round(drawn)
            columns[key] = ("each", drawn, kind)
        else:
            columns[key] = (mode, value, kind)

    if len(columns) == 1:
        (key, (mode, value, kind)), = columns.items()
        if kind in NUMERIC_KINDS and key not in _PER_NODE_ONLY:
            arr = np.full(len(ids), float(value)) if mode == "all" \
                else np.asarray(value, dtype=np.float64)
            try:
                k.set_values(ids, key, arr)
                return
            except (UnknownParameter, KernelException):
                pass  # the field is not vectorised in the kernel: per node below

    dicts = []
    for i in range(len(ids)):
        d = {}
        for key, (mode, value, kind) in columns.items():
            v = value if mode == "all" else value[i]
            if kind in NUMERIC_KINDS and mode != "all":
                v = bool(v) if kind == "bool" else (int(v) if kind == "int" else float(v))
            d[key] = v
        dicts.append(d)
    apply_dicts(k, ids, dicts)


def apply_dicts(k, ids, dicts):
    """set_status node by node; restore the changed nodes if one fails."""
    done = []
    try:
        for gid, d in zip(ids, dicts):
            if not d:
                continue
            gid = int(gid)
            keep = [key for key in d if key not in _NO_ROLLBACK]
            old = {}
            if keep:
                status = k.get_status(gid)
                old = {key: status[key] for key in keep if key in status}
            k.set_status(gid, d)
            done.append((gid, old))
    except NESTError:
        for gid, old in reversed(done):
            if old:
                try:
                    k.set_status(gid, old)
                except NESTError:
                    pass
        raise


def convert_model_params(params):
    """Values for k.set_defaults/copy_model: numpy -> Python, NodeCollection -> id."""
    from .node_collection import NodeCollection

    out = {}
    for key, value in params.items():
        if not isinstance(key, str):
            raise TypeMismatch(f"parameter names must be strings, got {key!r}")
        if isinstance(value, Parameter):
            raise TypeMismatch(f"'{key}': model defaults cannot be Parameters (they are not per node)")
        if isinstance(value, NodeCollection):
            if len(value) != 1:
                raise BadProperty(f"'{key}' expects a single node")
            value = int(value.tolist()[0])
        elif isinstance(value, np.ndarray):
            value = value.tolist()
        elif is_integer(value) or isinstance(value, np.generic):
            value = to_python(value)
        out[key] = to_python(value)
    return out
