# SPDX-License-Identifier: GPL-2.0-or-later
"""Spatial queries (NEST 3.10 behaviour): GetPosition, Displacement, Distance,
FindNearestElement, FindCenterElement, GetTargetNodes/-Positions,
GetSourceNodes/-Positions, DumpLayerNodes, DumpLayerConnections; the plots
live in ``_spatial_plots`` and are re-exported here.

Conventions kept from NEST (recorded in the reference queries_2d.json):
``Displacement(from_nodes, to)`` is ``pos(from) - pos(to)`` in the periodic
frame of *from*'s layer; with a list of positions as ``from`` it is
``pos(to) - position`` in the frame of *to*'s layer. One element against many
gives a row per element, equal lengths pairwise rows.
"""

import os

import numpy as np

from . import _layers, _state
from ._spatial_plots import (PlotLayer, PlotProbabilityParameter, PlotSources,  # noqa: F401
                             PlotTargets)
from .hl_api_connections import GetConnections
from .node_collection import NodeCollection

__all__ = ["GetPosition", "Displacement", "Distance", "FindNearestElement", "FindCenterElement",
           "GetTargetNodes", "GetTargetPositions", "GetSourceNodes", "GetSourcePositions",
           "DumpLayerNodes", "DumpLayerConnections", "PlotLayer", "PlotTargets", "PlotSources",
           "PlotProbabilityParameter"]


def GetPosition(nodes):
    """Positions of the nodes of a layer: [x, y(, z)] for one node, else a
    list of them (in the NodeCollection's order)."""
    if not isinstance(nodes, NodeCollection):
        raise TypeError("nodes must be a NodeCollection with spatial extent")
    pos = _layers.positions_of(nodes)
    if len(nodes) == 1:
        return pos[0].tolist()
    return pos.tolist()


def wrap_displacement(d, extent, edge_wrap):
    """NEST's Layer::compute_displacement: each component of d (n, dim) in
    [-E/2, E/2) when the layer wraps, as -E/2 + fmod(d + E/2, E) (+E below -E/2)."""
    if not edge_wrap:
        return d
    e = np.asarray(extent, dtype=np.float64)[: d.shape[1]]
    out = -0.5 * e + np.fmod(d + 0.5 * e, e)
    return np.where(out < -0.5 * e, out + e, out)


def _check_pair(from_arg, to_arg):
    if not isinstance(to_arg, NodeCollection):
        raise TypeError("to_arg must be a NodeCollection")
    if isinstance(from_arg, np.ndarray) and from_arg.ndim == 1:
        from_arg = (from_arg,)
    if len(from_arg) > 1 and len(to_arg) > 1 and not len(from_arg) == len(to_arg):
        raise ValueError("to_arg and from_arg must have same size unless one have size 1.")
    return from_arg


def _displacements(from_arg, to_arg):
    """(n, dim) displacement rows as NEST's Displacement computes them."""
    to_layer = _layers.require_layer(to_arg)
    to_pos = _layers.positions_of(to_arg)
    if isinstance(from_arg, NodeCollection):
        frame = _layers.require_layer(from_arg)
        from_pos = _layers.positions_of(from_arg)
        sign = 1.0  # pos(from) - pos(to)
    else:
        rows = []
        for p in from_arg:
            rows.append([float(v) for v in p])  # TypeError for a flat list, as NEST
        from_pos = np.asarray(rows, dtype=np.float64)
        frame = to_layer
        sign = -1.0  # pos(to) - position
    n = max(len(from_pos), len(to_pos))
    if len(from_pos) == 1:
        from_pos = np.repeat(from_pos, n, axis=0)
    if len(to_pos) == 1:
        to_pos = np.repeat(to_pos, n, axis=0)
    if from_pos.shape[1] != to_pos.shape[1]:
        raise ValueError("from_arg and to_arg must have the same number of dimensions")
    return wrap_displacement(sign * (from_pos - to_pos), frame.extent, frame.edge_wrap)


def Displacement(from_arg, to_arg):
    """Displacement vectors (a list of [dx, dy(, dz)]) between from_arg (a
    layer NodeCollection or a list of positions) and to_arg (a layer
    NodeCollection), with periodic boundaries. See the module docstring for
    NEST's sign convention."""
    from_arg = _check_pair(from_arg, to_arg)
    return _displacements(from_arg, to_arg).tolist()


def Distance(from_arg, to_arg):
    """Distances (a list) between from_arg (layer nodes or positions) and the
    nodes of to_arg, with periodic boundaries (the norm of Displacement)."""
    from_arg = _check_pair(from_arg, to_arg)
    d = _displacements(from_arg, to_arg)
    return np.sqrt(np.sum(d * d, axis=1)).tolist()


def _is_iterable(x):
    try:
        iter(x)
    except TypeError:
        return False
    return True


def FindNearestElement(layer, locations, find_all=False):
    """The node of layer nearest to each location (periodic distances).

    One location: a single-node NodeCollection; several: a list of them. With
    find_all=True, a list of single-node NodeCollections per location, one
    per node at the minimal distance.
    """
    if not isinstance(layer, NodeCollection):
        raise TypeError("layer must be a NodeCollection")
    if not len(layer) > 0:
        raise ValueError("layer cannot be empty")
    if not _is_iterable(locations):
        raise TypeError("locations must be coordinate array or list of coordinate arrays")
    if not _is_iterable(locations[0]):
        locations = (locations,)
    result = []
    for loc in locations:
        d = np.asarray(Distance(np.array(loc, dtype=np.float64), layer))
        if not find_all:
            result.append(layer[int(np.argmin(d))])
        else:
            nearest, best = [layer[0]], d[0]
            for i in range(1, len(layer)):
                if d[i] < best:
                    nearest, best = [layer[i]], d[i]
                elif abs(d[i] - best) <= 1e-14 * best:
                    nearest.append(layer[i])
            result.append(nearest)
    return result[0] if len(result) == 1 else result


def FindCenterElement(layer):
    """The node of layer nearest to the layer's centre (a single-node NodeCollection)."""
    if not isinstance(layer, NodeCollection):
        raise TypeError("layer must be a NodeCollection")
    center = _layers.require_layer(layer).center
    nearest = FindNearestElement(layer, center)[0]
    index = layer.index(int(nearest._ids[0]))
    return layer[index:index + 1]


def _pairs(sources, targets, syn_model):
    conns = GetConnections(sources, targets, synapse_model=syn_model)
    return list(conns.sources()), list(conns.targets())


def GetTargetNodes(sources, tgt_layer, syn_model=None):
    """A tuple with one NodeCollection per source: its targets in tgt_layer
    (sorted, each once), optionally only through syn_model."""
    if not isinstance(sources, NodeCollection):
        raise TypeError("sources must be a NodeCollection.")
    if not isinstance(tgt_layer, NodeCollection):
        raise TypeError("tgt_layer must be a NodeCollection")
    found = {int(s): [] for s in sources._ids}
    for s, t in zip(*_pairs(sources, tgt_layer, syn_model)):
        found[s].append(t)
    return tuple(NodeCollection(np.unique(np.asarray(found[int(s)], dtype=np.int64)))
                 for s in sources._ids)


def GetSourceNodes(src_layer, targets, syn_model=None):
    """A tuple with one NodeCollection per target: its sources in src_layer."""
    if not isinstance(src_layer, NodeCollection):
        raise TypeError("src_layer must be a NodeCollection")
    if not isinstance(targets, NodeCollection):
        raise TypeError("targets must be a NodeCollection.")
    found = {int(t): [] for t in targets._ids}
    for s, t in zip(*_pairs(src_layer, targets, syn_model)):
        found[t].append(s)
    return tuple(NodeCollection(np.unique(np.asarray(found[int(t)], dtype=np.int64)))
                 for t in targets._ids)


def _position_lookup(layer_nc):
    layer = _layers.require_layer(layer_nc)
    return lambda gid: layer.positions[gid - layer.first].tolist()


def GetTargetPositions(sources, tgt_layer, syn_model=None):
    """A list with one list per source: the positions of its targets in
    tgt_layer, one per connection (in GetConnections' order)."""
    if not isinstance(sources, NodeCollection):
        raise TypeError("sources must be a NodeCollection.")
    position = _position_lookup(tgt_layer)
    found = {int(s): [] for s in sources._ids}
    for s, t in zip(*_pairs(sources, tgt_layer, syn_model)):
        found[s].append(position(t))
    return [found[int(s)] for s in sources._ids]


def GetSourcePositions(src_layer, targets, syn_model=None):
    """A list with one list per target: the positions of its sources in
    src_layer, one per connection."""
    if not isinstance(targets, NodeCollection):
        raise TypeError("targets must be a NodeCollection.")
    position = _position_lookup(src_layer)
    found = {int(t): [] for t in targets._ids}
    for s, t in zip(*_pairs(src_layer, targets, syn_model)):
        found[t].append(position(s))
    return [found[int(t)] for t in targets._ids]


# ---------------------------------------------------------------- dumps

def _rank_specific_filename(basename):
    """NEST's per-rank file name: 'out.txt' -> 'out-1.txt' when several ranks run."""
    k = _state.kernel()
    status = k.get_kernel_status()
    n = int(status.get("num_processes", 1))
    if n == 1:
        return basename
    digits = len(str(n - 1))
    rank = int(status.get("mpi_rank", 0)) if "mpi_rank" in status else _rank()
    dot = basename.find(".")
    if dot < 0:
        return "%s-%0*d" % (basename, digits, rank)
    return "%s-%0*d%s" % (basename[:dot], digits, rank, basename[dot:])


def _rank():
    from .hl_api_kernel import Rank
    return Rank()


def _fmt(v):
    """A number as C++'s ostream writes it by default (6 significant digits)."""
    return "%g" % v


def _local(ids):
    k = _state.kernel()
    if k.get_kernel_status().get("num_processes", 1) == 1:
        return ids
    return np.asarray([g for g in ids if k.is_local(int(g))], dtype=np.int64)


def DumpLayerNodes(layer, outname):
    """Write 'node_id x y [z]' for every node of layer to outname (one file per
    MPI rank, holding that rank's nodes)."""
    if not isinstance(layer, NodeCollection):
        raise TypeError("layer must be a NodeCollection")
    outname = os.fspath(outname)
    lay = _layers.require_layer(layer)
    ids = _local(layer._ids)
    with open(_rank_specific_filename(outname), "w") as f:
        for gid in ids:
            pos = lay.positions[int(gid) - lay.first]
            f.write(f"{int(gid)} " + " ".join(_fmt(v) for v in pos) + "\n")


def DumpLayerConnections(source_layer, target_layer, synapse_model, outname):
    """Write 'source target weight delay dx dy [dz]' for every connection from
    source_layer to target_layer through synapse_model (GetConnections' order);
    the displacement is target - source in the target layer's periodic frame."""
    if not isinstance(source_layer, NodeCollection):
        raise TypeError("source_layer must be a NodeCollection")
    if not isinstance(target_layer, NodeCollection):
        raise TypeError("target_layer must be a NodeCollection")
    outname = os.fspath(outname)
    src = _layers.require_layer(source_layer)
    tgt = _layers.layer_of(target_layer)
    conns = GetConnections(source_layer, target_layer, synapse_model=synapse_model)
    lines = []
    if len(conns):
        s = np.asarray(list(conns.sources()), dtype=np.int64)
        t = np.asarray(list(conns.targets()), dtype=np.int64)
        w = np.asarray(conns.get("weight"), dtype=np.float64).reshape(-1)
        dl = np.asarray(conns.get("delay"), dtype=np.float64).reshape(-1)
        spos = src.positions[s - src.first]
        if tgt is None:
            disp = np.full(spos.shape, np.nan)
        else:
            disp = wrap_displacement(tgt.positions[t - tgt.first] - spos, tgt.extent, tgt.edge_wrap)
        for i in range(len(s)):
            lines.append(f"{s[i]} {t[i]} {_fmt(w[i])} {_fmt(dl[i])} "
                         + " ".join(_fmt(v) for v in disp[i]) + "\n")
    with open(_rank_specific_filename(outname), "w") as f:
        f.writelines(lines)
