# SPDX-License-Identifier: GPL-2.0-or-later
"""NodeCollection: an immutable, ordered set of node ids (as in NEST 3)."""

import numpy as np

from . import _node_params, _state
from ._lookup import Lookup
from .errors import (BadProperty, NotSupported, TypeMismatch, UnknownAttribute,
                     UnknownParameter)
from .hl_api_helper import is_integer, is_sequence, is_string, to_json

__all__ = ["NodeCollection"]


def _ids_from(data):
    """Validated int64 ids from user data (strictly ascending, positive)."""
    if data is None:
        return np.zeros(0, dtype=np.int64)
    if isinstance(data, NodeCollection):
        return data._ids.copy()
    if is_integer(data):
        data = [data]
    if isinstance(data, (set, frozenset)):
        data = sorted(data)
    elif not is_sequence(data) and not is_string(data) and hasattr(data, "__iter__"):
        data = list(data)  # any iterable of ids (a generator, dict keys), as NEST
    if not is_sequence(data):
        raise TypeMismatch(
            f"NodeCollection needs a list of node ids, got {type(data).__name__}")
    arr = np.asarray(data)
    if arr.size == 0:
        return np.zeros(0, dtype=np.int64)
    if arr.ndim != 1 or arr.dtype.kind not in "iu":
        raise TypeMismatch("NodeCollection needs a flat list of integer node ids")
    arr = arr.astype(np.int64)
    if np.any(np.diff(arr) <= 0):
        raise BadProperty("node ids given to NodeCollection must be unique and in ascending order")
    if arr[0] < 1:
        raise BadProperty("node ids start at 1")
    return arr


class NodeCollection:
    """The nodes returned by Create, or built from ids: ``NodeCollection([2, 4, 6])``.

    Supports len, iteration (1-element NodeCollections), ``in``, indexing,
    slicing, ``+`` (disjoint operands), ``==``, ``tolist()``, ``numpy.array(nc)``,
    ``get``/``set`` and attribute access to node parameters (``nc.V_m = -65.``).
    """

    def __init__(self, data=None):
        ids = _ids_from(data)
        if len(ids):
            Lookup().range_index(ids)  # raises UnknownNode
        object.__setattr__(self, "_ids", ids)
        object.__setattr__(self, "_epoch", _state.epoch)
        object.__setattr__(self, "_layer", None)

    @classmethod
    def _from_ids(cls, ids, epoch=None, layer=None):
        nc = object.__new__(cls)
        object.__setattr__(nc, "_ids", np.asarray(ids, dtype=np.int64))
        object.__setattr__(nc, "_epoch", _state.epoch if epoch is None else epoch)
        # spatial metadata (a roost._layers.Layer) as NEST keeps it: Create sets
        # it, integer and slice indexing keep it, everything else drops it
        object.__setattr__(nc, "_layer", layer)
        return nc

    def _lookup(self):
        _state.check_epoch(self._epoch)
        return Lookup()

    # ------------------------------------------------------------ container
    def __len__(self):
        return len(self._ids)

    def __bool__(self):
        return len(self._ids) > 0

    def __iter__(self):
        for i in range(len(self._ids)):
            yield NodeCollection._from_ids(self._ids[i:i + 1], self._epoch, self._layer)

    def __contains__(self, node):
        if isinstance(node, NodeCollection):
            return len(node) > 0 and bool(np.all(np.isin(node._ids, self._ids)))
        if not is_integer(node):
            return False
        i = np.searchsorted(self._ids, node)
        return bool(i < len(self._ids) and self._ids[i] == node)

    def index(self, node_id):
        """Position of node_id in the collection."""
        i = int(np.searchsorted(self._ids, node_id))
        if i >= len(self._ids) or self._ids[i] != node_id:
            raise ValueError(f"{node_id} is not in NodeCollection")
        return i

    def __getitem__(self, key):
        n = len(self._ids)
        if isinstance(key, slice):
            # NEST's bounds: a start or stop beyond the collection is an error, not clamped.
            if key.start is not None and abs(key.start + 1 if key.start >= 0 else key.start) > n:
                raise IndexError("slice start value outside of the NodeCollection")
            if key.stop is not None and abs(key.stop if key.stop > 0 else key.stop - 1) > n:
                raise IndexError("slice stop value outside of the NodeCollection")
            if key.step is not None and key.step < 1:
                raise IndexError("slicing step for NodeCollection must be strictly positive")
            return NodeCollection._from_ids(self._ids[key], self._epoch, self._layer)
        if is_integer(key):
            i = int(key)
            if i < -n or i >= n:
                raise IndexError(f"index {i} is out of range for a NodeCollection of size {n}")
            return NodeCollection._from_ids(self._ids[i:i + 1] if i >= 0 else
                                            self._ids[n + i:n + i + 1], self._epoch, self._layer)
        if is_sequence(key):
            arr = np.asarray(key)
            if arr.size == 0:
                return NodeCollection._from_ids(arr.astype(np.int64), self._epoch)
            if arr.ndim != 1:
                raise TypeMismatch("NodeCollection indices must be one-dimensional")
            if arr.dtype == bool:
                if len(arr) != n:
                    raise IndexError("a boolean index must have the length of the NodeCollection")
                return NodeCollection._from_ids(self._ids[arr], self._epoch)
            if arr.dtype.kind not in "iu":
                raise TypeMismatch("NodeCollection indices must be integers or booleans")
            if np.any(np.diff(arr) <= 0):
                raise BadProperty("indices into a NodeCollection must be unique and ascending")
            if arr[0] < -n or arr[-1] >= n:
                raise IndexError("index out of range for the NodeCollection")
            return NodeCollection._from_ids(self._ids[arr], self._epoch)
        raise TypeMismatch(
            f"NodeCollection indices must be integers, slices or lists, not {type(key).__name__}")

    def __add__(self, other):
        if is_integer(other) and other == 0:
            return self  # so that sum() of NodeCollections works, as in NEST
        if not isinstance(other, NodeCollection):
            return NotImplemented
        if self._epoch != other._epoch:
            _state.check_epoch(min(self._epoch, other._epoch))
        if (self._layer is not None or other._layer is not None) and len(self) and len(other):
            raise BadProperty("Can only join NodeCollections with same metadata.")
        if np.intersect1d(self._ids, other._ids).size:
            raise BadProperty("cannot join overlapping NodeCollections (a node would appear twice)")
        ids = np.sort(np.concatenate([self._ids, other._ids]))
        return NodeCollection._from_ids(ids, self._epoch)

    def __radd__(self, other):
        return self.__add__(other)

    def _to_array(self, selection="All"):
        """NEST's ids by selection: {"All": ids}, {"Rank r": ids of rank r}
        or {thread: ids of that thread} (this rank's nodes only)."""
        if selection == "All":
            return {"All": self.tolist()}
        if selection not in ("rank", "thread"):
            raise BadProperty("_to_array: selection must be 'All', 'rank' or 'thread'")
        from .hl_api_kernel import Rank
        local = [int(i) for i, is_local in zip(self._ids, self.get("local", output="")
                                                if len(self) != 1 else (self.get("local"),))
                 if is_local]
        if selection == "rank":
            return {f"Rank {Rank()}": local}
        threads = NodeCollection._from_ids(local, self._epoch).get("thread") if local else ()
        threads = (threads,) if len(local) == 1 else threads
        out = {}
        for node, thread in zip(local, threads):
            out.setdefault(int(thread), []).append(node)
        return out

    def __eq__(self, other):
        if not isinstance(other, NodeCollection):
            return NotImplemented
        return self._epoch == other._epoch and np.array_equal(self._ids, other._ids)

    def __hash__(self):
        return hash((self._epoch, self._ids.tobytes()))

    def tolist(self):
        """The node ids as a list of int."""
        return self._ids.tolist()

    def __array__(self, dtype=None, copy=None):
        return np.array(self._ids, dtype=dtype if dtype is not None else np.int64)

    # ------------------------------------------------------------ printing
    def _parts(self):
        """[(model, size, first, last, step)] for printing."""
        lk = Lookup()
        parts = []
        idx = lk.range_index(self._ids)
        start = 0
        while start < len(self._ids):
            end = start + 1
            while end < len(self._ids) and idx[end] == idx[start]:
                end += 1
            parts.extend(_split_runs(self._ids[start:end], lk.range_models[idx[start]]))
            start = end
        return parts

    def __repr__(self):
        if not len(self._ids):
            return "NodeCollection(metadata=None, size=0)"
        meta = "spatial" if self._layer is not None else "None"
        try:
            _state.check_epoch(self._epoch)
            parts = self._parts()
        except Exception:  # stale or broken: still printable
            return f"NodeCollection(<invalid>, size={len(self._ids)})"
        texts = [_part_text(*p) for p in parts]
        if len(texts) == 1:
            return f"NodeCollection(metadata={meta}, {texts[0]})"
        pad = " " * len("NodeCollection(")
        return f"NodeCollection(metadata={meta},\n" + ";\n".join(pad + t for t in texts) + ")"

    __str__ = __repr__

    # ------------------------------------------------------------ parameters
    def get(self, *params, output=""):
        """Parameters of the nodes.

        ``get()`` all parameters (dict; values are tuples for several nodes),
        ``get(key)`` one value or a tuple, ``get([k1, k2])`` or ``get(k1, k2)``
        a dict, ``get("events", "times")`` / ``get("events", [..])`` addresses
        inside a dict-valued parameter. ``output="json"`` returns a JSON string.
        """
        if not self:
            raise BadProperty("cannot get parameters of an empty NodeCollection")
        if output not in ("", "json", "pandas"):
            raise TypeMismatch(f"output must be '', 'json' or 'pandas', not {output!r}")
        lk = self._lookup()
        single = len(self._ids) == 1

        def shape(values):
            return values[0] if single else tuple(values)

        if not params:
            dicts = _node_params.get_dicts(lk, self._ids)
            keys = [k for k in sorted(dicts[0]) if all(k in d for d in dicts)]
            result = {k: shape([d[k] for d in dicts]) for k in keys}
        elif len(params) == 1 and is_string(params[0]):
            result = shape(_node_params.get_key(lk, self._ids, params[0]))
        elif len(params) == 1 and is_sequence(params[0]):
            keys = list(params[0])
            _require_strings(keys)
            result = {k: shape(_node_params.get_key(lk, self._ids, k)) for k in keys}
        else:
            _require_strings(params[:-1])
            last = params[-1]
            first_values = _node_params.get_key(lk, self._ids, params[0])
            if isinstance(first_values[0], dict):
                result = shape([_descend(v, params[1:-1], last) for v in first_values])
            elif is_string(last):
                _require_strings(params)
                result = {params[0]: shape(first_values)}
                result.update({k: shape(_node_params.get_key(lk, self._ids, k)) for k in params[1:]})
            else:
                raise TypeMismatch("get(k1, k2, ...) takes parameter names")
        return _format_output(result, output, self)

    def set(self, params=None, **kwargs):
        """Set parameters: ``set({k: v})``, ``set(k=v, ...)``, ``set([dict per node])``.

        A value may be a scalar (all nodes), a list/array with one value per
        node, or a Parameter (drawn per node). Nothing is changed if any name,
        type or length is wrong.
        """
        if kwargs and params is not None:
            raise TypeMismatch("give either a dict/list or keyword arguments, not both")
        if params is None:
            params = kwargs
        if not self:
            return
        lk = self._lookup()
        if isinstance(params, dict):
            plan = _node_params.plan_columns(lk, self._ids, params)
            geo = None
            if self._layer is not None:
                from . import _layers
                geo = _layers.geometry(self)
            _node_params.apply_plan(lk, self._ids, plan,
                                    positions=None if geo is None else geo["positions"])
        elif isinstance(params, (list, tuple)):
            dicts = _node_params.check_dicts(lk, self._ids, params)
            _node_params.apply_dicts(lk.k, self._ids, dicts)
        else:
            raise TypeMismatch(
                f"set() takes a dict, a list of dicts or keyword arguments, not {type(params).__name__}")

    def __getattr__(self, attr):
        if attr.startswith("_"):
            raise AttributeError(attr)
        if attr == "spatial":
            from . import _layers
            return _layers.spatial_dict(self)
        if not self:
            raise AttributeError(f"cannot get attribute '{attr}' of an empty NodeCollection")
        try:
            return self.get(attr)
        except UnknownParameter as err:
            raise UnknownAttribute(str(err)) from None

    def __setattr__(self, attr, value):
        if attr.startswith("_"):
            object.__setattr__(self, attr, value)
            return
        try:
            self.set({attr: value})
        except UnknownParameter as err:
            raise UnknownAttribute(str(err)) from None


def _require_strings(keys):
    for k in keys:
        if not is_string(k):
            raise TypeMismatch(f"parameter names must be strings, got {k!r}")


def _descend(value, path, last):
    for p in path:
        if not isinstance(value, dict) or p not in value:
            raise UnknownParameter(f"no entry '{p}'")
        value = value[p]
    if is_string(last):
        if last not in value:
            raise UnknownParameter(f"no entry '{last}' (available: {', '.join(sorted(value))})")
        return value[last]
    _require_strings(last)
    missing = [k for k in last if k not in value]
    if missing:
        raise UnknownParameter(f"no entry '{missing[0]}'")
    return {k: value[k] for k in last}


def _format_output(result, output, nc):
    if output == "json":
        return to_json(result)
    if output == "pandas":
        try:
            import pandas
        except ImportError:
            raise NotSupported("output='pandas' needs pandas, which is not installed") from None
        index = nc.tolist()
        if not isinstance(result, dict):
            result = {"value": result}
        if len(index) == 1:
            result = {k: [v] for k, v in result.items()}
        return pandas.DataFrame(result, index=index)
    return result


def _split_runs(ids, model):
    """Split ids of one create-range into arithmetic runs for printing."""
    if len(ids) == 1:
        return [(model, 1, int(ids[0]), int(ids[0]), 1)]
    steps = np.diff(ids)
    if np.all(steps == steps[0]):
        return [(model, len(ids), int(ids[0]), int(ids[-1]), int(steps[0]))]
    runs, start = [], 0
    for i in range(1, len(ids) + 1):
        if i == len(ids) or ids[i] != ids[i - 1] + 1:
            runs.append((model, i - start, int(ids[start]), int(ids[i - 1]), 1))
            start = i
    return runs


def _part_text(model, size, first, last, step):
    text = f"model={model}, size={size}, first={first}"
    if size > 1:
        text += f", last={last}"
        if step > 1:
            text += f", step={step}"
    return text
