# SPDX-License-Identifier: GPL-2.0-or-later
"""Create, PrintNodes."""

import numpy as np

from . import _node_params, _state
from ._lookup import Lookup
from .errors import BadProperty, TypeMismatch, UnknownParameter
from .hl_api_helper import is_integer, is_string
from .node_collection import NodeCollection

__all__ = ["Create", "GetLocalNodeCollection", "PrintNodes"]


def Create(model, n=1, params=None, positions=None):
    """Create n nodes of model and return them as a NodeCollection.

    params: a dict (scalars for all nodes, lists/arrays with one value per
    node, or nest.random Parameters) or a list with one dict per node.
    ``Create(model, {...})`` is accepted as ``Create(model, params={...})``.
    """
    if positions is not None:
        if isinstance(n, dict):
            raise ValueError("A parameter dictionary can be passed as second argument only of Create() "
                             "is called with two arguments.")
        return _create_layer(model, n, params, positions)
    if isinstance(n, (dict, list, tuple)) and params is None:
        params, n = n, 1 if isinstance(n, dict) else len(n)
    if not is_string(model):
        raise TypeMismatch(f"Create: the model must be a name (string), not {type(model).__name__}")
    if not is_integer(n):
        raise TypeMismatch(f"Create: n must be an integer, not {type(n).__name__}")
    if n < 1:
        raise BadProperty(f"Create: n must be at least 1, got {n}")
    n = int(n)
    k = _state.kernel()
    defaults = k.get_defaults(model)  # raises UnknownModelName
    lk = _ModelLookup(model, defaults)

    if params is None or (isinstance(params, dict) and not params):
        return _new(k, model, n)
    if isinstance(params, (list, tuple)):
        dicts = [_checked_dict(lk, model, d) for d in params]
        if len(dicts) != n:
            raise BadProperty(f"Create: got {len(dicts)} parameter dicts for {n} nodes")
        nodes = _new(k, model, n)
        _node_params.apply_dicts(k, nodes._ids, dicts)
        return nodes
    if not isinstance(params, dict):
        raise TypeMismatch("Create: params must be a dict or a list of dicts")

    if "individual_spike_trains" in params and "individual_spike_trains" in defaults:
        # NEST: a node property of the sinusoidal generators that only the model may set.
        raise BadProperty(f"{model}: The individual_spike_trains property can only be set as a model "
                          "default using SetDefaults or upon CopyModel.")
    # The nodes do not exist yet: check against the model, with placeholder ids.
    plan = _node_params.plan_columns(lk, np.zeros(n, dtype=np.int64), params)
    # (cm_default's tree entries are no defaults: they go to the nodes once made)
    if all(mode == "all" for mode, _, _ in plan.values()) and not _node_params.CM_KEYS & set(plan):
        # Same values for every node: create them with these defaults, so a
        # value the kernel refuses leaves no nodes behind.
        values = {key: value for key, (_, value, _) in plan.items()}
        # (a recorder's backend options are not listed while record_to is
        # 'memory': their kernel defaults are restored)
        old = {key: defaults[key] if key in defaults else _BACKEND_OPTION_DEFAULTS[key] for key in values}
        k.set_defaults(model, values)
        try:
            nodes = _new(k, model, n)
        finally:
            k.set_defaults(model, old)
        return nodes
    nodes = _new(k, model, n)
    _node_params.apply_plan(Lookup(), nodes._ids, plan)
    return nodes


_BACKEND_OPTION_DEFAULTS = {"precision": 3, "file_extension": "dat"}


class _ModelLookup(Lookup):
    """A Lookup for nodes still to be created: every id is of `model`."""

    def __init__(self, model, defaults):
        super().__init__()
        self.model = model
        self._defaults[model] = defaults

    def group(self, ids):
        return [(self.model, ids, np.arange(len(ids)))]

    def models_of(self, ids):
        return [self.model] * len(ids)


def _create_layer(model, n, params, positions):
    """Create(model, [n,] params, positions=grid(...) | free(...)): a spatial layer."""
    from . import _layers, spatial
    if not isinstance(positions, (spatial.free, spatial.grid)):
        raise TypeError("`positions` must be either a nest.spatial.free or a nest.spatial.grid object")
    if not is_integer(n) and (not isinstance(n, float) or int(n) != n):
        raise TypeError("n must have an integer value")
    n = int(n)
    k = _state.kernel()
    k.get_defaults(model)  # UnknownModelName before anything else
    if isinstance(positions, spatial.grid):
        if n > 1:
            raise ValueError("Cannot specify number of nodes with grid positions")
        size = _layers.check_grid_shape(positions.shape)
        layer = _layers.grid_layer(0, positions.shape, positions.extent, positions.center,
                                   positions.edge_wrap)
        nodes = Create(model, size)
    elif isinstance(positions.pos, spatial._DimensionParameter):
        if n < 1:
            raise BadProperty("Empty positions array.")
        nodes = Create(model, n)
        # one value per node and dimension from the kernel's seeded RNG
        cols = [np.asarray(k.evaluate_parameter(p._spec, nodes._ids), dtype=np.float64)
                for p in positions.pos.params]
        layer = _layers.free_layer(0, np.stack(cols, axis=1), positions.extent, positions.edge_wrap)
    else:
        pos = _layers.check_free_positions(positions.pos)
        layer = _layers.free_layer(0, pos, positions.extent, positions.edge_wrap)
        nodes = Create(model, len(pos))
    layer.first = int(nodes._ids[0])
    _layers.register(layer)
    object.__setattr__(nodes, "_layer", layer)
    if params:
        nodes.set(params)
    return nodes


def _new(k, model, n):
    first = int(k.create(model, n))
    return NodeCollection._from_ids(np.arange(first, first + n, dtype=np.int64))


def _checked_dict(lk, model, d):
    if not isinstance(d, dict):
        raise TypeMismatch(f"Create: expected a dict per node, got {type(d).__name__}")
    out = {}
    for key, value in d.items():
        kind = lk.kind(model, key)
        if kind is None:
            raise UnknownParameter(f"'{key}' is not a parameter of model '{model}'")
        out[key] = _node_params._check_scalar(key, kind, value)
    return out


def PrintNodes():
    """Print the node id ranges and their models, one line per block."""
    ranges = _state.kernel().node_ranges()
    blocks = []
    for first, last, model in ranges:
        if blocks and blocks[-1][2] == model and blocks[-1][1] + 1 == first:
            blocks[-1][1] = last
        else:
            blocks.append([first, last, model])
    if not blocks:
        return
    w = len(str(blocks[-1][1]))
    for first, last, model in blocks:
        ids = f"{first:>{w}} .. {last:>{w}}" if last > first else f"{first:>{w}}" + " " * (w + 4)
        print(f"{ids} {model}")


def GetLocalNodeCollection(nc):
    """The nodes of nc that live in this process (MPI rank): its block of each
    neuron population, and every device (devices exist on every rank)."""
    if not isinstance(nc, NodeCollection):
        raise TypeMismatch("GetLocalNodeCollection takes a NodeCollection")
    k = _state.kernel()
    if k.get_kernel_status()["num_processes"] == 1:
        return nc
    ids = [int(g) for g in nc._ids if k.is_local(int(g))]
    return NodeCollection._from_ids(np.asarray(ids, dtype=np.int64))
