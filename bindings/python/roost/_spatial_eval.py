# SPDX-License-Identifier: GPL-2.0-or-later
"""Evaluate a Parameter spec tree with numpy, on the Python side.

Used where no kernel call fits: ``Parameter.apply`` (a source node against a
list of positions), ``PlotProbabilityParameter`` (a grid of displacements),
and node parameters that depend on the node's position when the kernel
binding does not take positions. Semantics as NEST 3.10 and the spatial
contract (section A): ``distance`` is the shortest periodic distance,
``distance.x/.y/.z`` the absolute displacement components, positions signed.

Random leaves are drawn by ``draw(spec, n)`` (the kernel's RNG per node, or
numpy's generator where there are no nodes).
"""

import numpy as np

from .errors import BadProperty

_COMPARE = {0: np.less, 1: np.less_equal, 2: np.equal, 3: np.not_equal,
            4: np.greater_equal, 5: np.greater}


def periodic(d, extent, edge_wrap):
    """Displacement components d (n, dim) mapped to the shortest periodic image
    (NEST's distance Parameters: d - E round(d / E))."""
    if not edge_wrap:
        return d
    e = np.asarray(extent, dtype=np.float64)[: d.shape[1]]
    return d - e * np.round(d / e)


class Context:
    """What the leaves of a spec read, for n evaluations.

    node: (n, dim) positions of the nodes (spatial_node_position);
    source, target: (n, dim) positions of the pairs' nodes;
    displacement: (n, dim) target - source (periodic image already chosen);
    draw(spec, n): n random values of a random leaf.
    """

    def __init__(self, n, node=None, source=None, target=None, displacement=None, draw=None):
        self.n = n
        self.node = node
        self.source = source
        self.target = target
        self.displacement = displacement
        self.draw = draw or _numpy_draw


_rng = np.random.default_rng(12345)


def _numpy_draw(spec, n):
    t = spec["type"]
    if t == "uniform":
        return _rng.uniform(spec.get("min", 0.0), spec.get("max", 1.0), n)
    if t == "normal":
        return _rng.normal(spec.get("mean", 0.0), spec.get("std", 1.0), n)
    if t == "lognormal":
        return _rng.lognormal(spec.get("mean", 0.0), spec.get("std", 1.0), n)
    if t == "exponential":
        return _rng.exponential(spec.get("beta", 1.0), n)
    if t == "uniform_int":
        return _rng.integers(0, int(spec["max"]), n).astype(np.float64)
    raise BadProperty(f"Unknown parameter type '{t}'.")


def _column(arr, spec, what):
    if arr is None:
        raise BadProperty(f"{what} can only be used where it has a meaning "
                          "(node positions for pos, connections for distance and source/target_pos)")
    d = int(spec.get("dimension", 0))
    if d >= arr.shape[1]:
        raise BadProperty(f"Dimension {d} is out of range for a {arr.shape[1]}D layer.")
    return arr[:, d]


def evaluate(spec, ctx):
    """Values (float64, length ctx.n) of the spec tree."""
    if not isinstance(spec, dict):
        return np.full(ctx.n, float(spec))
    t = spec["type"]
    ev = lambda key: evaluate(spec[key], ctx)  # noqa: E731
    if t == "constant":
        return np.full(ctx.n, float(spec["value"]))
    if t == "spatial_distance":
        if ctx.displacement is None:
            raise BadProperty("nest.spatial.distance can only be used when connecting")
        return np.sqrt(np.sum(ctx.displacement ** 2, axis=1))
    if t == "spatial_distance_component":
        return np.abs(_column(ctx.displacement, spec, "nest.spatial.distance"))
    if t == "spatial_source_position":
        return _column(ctx.source, spec, "nest.spatial.source_pos").astype(np.float64)
    if t == "spatial_target_position":
        return _column(ctx.target, spec, "nest.spatial.target_pos").astype(np.float64)
    if t == "spatial_node_position":
        return _column(ctx.node, spec, "nest.spatial.pos").astype(np.float64)
    if t in ("add", "sub", "mul", "div", "pow", "min", "max"):
        a, b = ev("a"), ev("b")
        with np.errstate(all="ignore"):
            return {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide,
                    "pow": np.power, "min": np.minimum, "max": np.maximum}[t](a, b)
    if t == "compare":
        return _COMPARE[int(spec.get("comparator", 0))](ev("a"), ev("b")).astype(np.float64)
    if t == "conditional":
        c = ev("condition")
        return np.where(c != 0, ev("if_true"), ev("if_false"))
    if t in ("neg", "exp", "sin", "cos", "abs"):
        a = ev("a")
        with np.errstate(all="ignore"):
            return {"neg": np.negative, "exp": np.exp, "sin": np.sin, "cos": np.cos,
                    "abs": np.abs}[t](a)
    if t == "redraw":
        lo, hi = spec.get("min", -np.inf), spec.get("max", np.inf)
        out = ev("param")
        for _ in range(1000):
            bad = (out < lo) | (out > hi)
            if not bad.any():
                return out
            out[bad] = evaluate(spec["param"], ctx)[bad]
        raise BadProperty("redraw: no value within [min, max] after 1000 draws")
    return np.asarray(ctx.draw(spec, ctx.n), dtype=np.float64)


def is_spatial(spec):
    """True if the spec tree holds a leaf whose type starts with 'spatial_'."""
    if not isinstance(spec, dict):
        return False
    if str(spec.get("type", "")).startswith("spatial_"):
        return True
    return any(is_spatial(v) for v in spec.values() if isinstance(v, dict))


def is_random(spec):
    """True if the spec tree holds a random leaf."""
    if not isinstance(spec, dict):
        return False
    if spec.get("type") in ("uniform", "normal", "lognormal", "exponential", "uniform_int"):
        return True
    return any(is_random(v) for v in spec.values() if isinstance(v, dict))
